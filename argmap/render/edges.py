"""Tree edges (elbows from parent to children) and cross-links (curves) between laid-out cards (no Qt)."""

from __future__ import annotations

from typing import Any, Iterable

from argmap.render import style as S
from argmap.render.compact import ROW_GAP, STACK_GAP, STUB, TRUNK
from argmap.render.shapes import Card, Edge, LinkPath, Rect, Scene

__all__ = ["LAYER_GAP", "add_edges", "make_fan", "compact_fan", "make_links", "scene_bounds"]

#: Space between layers: room for the edges (and, left-right, for their labels).
LAYER_GAP = {"top-down": 56.0, "left-right": 120.0}


def _relation(parent_kind: str, child_kind: str) -> str:
    if child_kind == "pro":
        return "supports"
    if child_kind == "con":
        return "attacks"
    if child_kind == "evidence":
        return "evidence"
    if child_kind == "note":
        return "note"
    if child_kind == "option":
        return "answers"
    if child_kind == "question":
        return "raises"
    if parent_kind == "scenario":
        return "outcome"
    return "leads_to"


def _style(styles: dict[tuple[str, str], tuple[str, str, str, str]], pkind: str, ckind: str
           ) -> tuple[str, str, str, str]:
    """The (relation, colour, line style, label) of an edge between these kinds, kept in `styles`."""
    relation = _relation(pkind, ckind)
    st = styles[(pkind, ckind)] = (relation, *S.EDGE_STYLES[relation])
    return st


def add_edges(scene: Scene, children: dict[str, list[str]], place: Any, previous: Scene | None) -> None:
    """Fill `scene.fans` and `scene.edges`, reusing a previous fan when its cards are the same objects."""
    by_id = scene.by_id
    if getattr(place, "stacked", None) is not None:  # a compact layout: its fans hang from bars and spines
        _add_compact_edges(scene, children, place, previous)
        return
    old_fans = previous.fans if previous is not None else {}
    old_cards = previous.by_id if previous is not None else {}
    top_down = scene.direction == "top-down"
    half = LAYER_GAP.get(scene.direction, 56.0) / 2
    styles: dict[tuple[str, str], tuple[str, str, str, str]] = {}
    fans = scene.fans
    edges = scene.edges
    for pid, kids in children.items():
        if not kids:
            continue
        p = by_id[pid]
        fan = old_fans.get(pid)
        if fan is not None and old_cards.get(pid) is p and len(fan) == len(kids):
            for e, cid in zip(fan, kids):
                if e.target != cid or old_cards.get(cid) is not by_id[cid]:
                    fan = None
                    break
        else:
            fan = None
        if fan is None:
            fan = make_fan(p, kids, by_id, place.layer_start[p.depth + 1] - half, top_down, half, styles)
        fans[pid] = fan
        edges.extend(fan)


def make_fan(p: Card, kids: list[str], by_id: dict[str, Card], mid: float, top_down: bool, half: float,
         styles: dict[tuple[str, str], tuple[str, str, str, str]]) -> tuple[Edge, ...]:
    """The elbow edges from parent card `p` to its children, which meet at `mid` between the layers."""
    out: list[Edge] = []
    append = out.append
    pid = p.id
    pr = p.rect
    pkind = p.kind
    if top_down:
        px = pr.x + pr.w / 2
        a, b = (px, pr.y + pr.h), (px, mid)
    else:
        py = pr.y + pr.h / 2
        a, b = (pr.x + pr.w, py), (mid, py)
    for cid in kids:
        c = by_id[cid]
        cr = c.rect
        st = styles.get((pkind, c.kind)) or _style(styles, pkind, c.kind)
        if top_down:
            cx = cr.x + cr.w / 2
            append(Edge(pid, cid, st[0], (a, b, (cx, mid), (cx, cr.y)), st[1], st[2], st[3], (cx, cr.y - half / 2)))
        else:
            cy = cr.y + cr.h / 2
            append(Edge(pid, cid, st[0], (a, b, (mid, cy), (cr.x, cy)), st[1], st[2], st[3], (cr.x - half / 2, cy)))
    return tuple(out)


def _add_compact_edges(scene: Scene, children: dict[str, list[str]], place: Any, previous: Scene | None) -> None:
    """`add_edges` for a compact layout: a previous fan is reused when its cards and their bars are the same."""
    by_id = scene.by_id
    styles: dict[tuple[str, str], tuple[str, str, str, str]] = {}
    fans = scene.fans
    edges = scene.edges
    old = previous._place if previous is not None else None
    old_fans = previous.fans if old is not None and getattr(old, "stacked", None) is not None else {}
    old_cards = previous.by_id if old_fans else {}
    bar, stacked, side = place.bar, place.stacked, place.side
    for pid, kids in children.items():
        if not kids:
            continue
        p = by_id[pid]
        fan = old_fans.get(pid)
        if fan is not None and (old_cards.get(pid) is not p or len(fan) != len(kids) or not all(
                e.target == cid and old_cards.get(cid) is by_id[cid] and old.bar[cid] == bar[cid]
                and (cid in old.stacked) == (cid in stacked) and (cid in old.side) == (cid in side)
                for e, cid in zip(fan, kids))):
            fan = None
        if fan is None:
            fan = compact_fan(p, kids, by_id, place, styles)
        fans[pid] = fan
        edges.extend(fan)


def compact_fan(p: Card, kids: list[str], by_id: dict[str, Card], place: Any,
                styles: dict[tuple[str, str], tuple[str, str, str, str]]) -> tuple[Edge, ...]:
    """The edges from parent card `p` to its children in a compact layout (see `argmap.render.compact`).

    The trunk leaves the parent's bottom near its left edge and runs down to the bar of
    each child's row. A child heading a block is entered from the top; a stacked leaf from
    the side, by a stub off its column's spine, which hangs from a bar under the parent or
    (for the columns beside the parent) from a bar leaving the parent's right side. Where
    the spine continues the trunk, or the bar leaves from the side, the edge has four
    points like a tidy one (shared part, then the child's own stem), else five.
    """
    bar, stacked, side = place.bar, place.stacked, place.side
    out: list[Edge] = []
    append = out.append
    pid = p.id
    pr = p.rect
    pkind = p.kind
    tx = pr.x + min(TRUNK, pr.w / 2)
    top = (tx, pr.y + pr.h)
    for cid in kids:
        c = by_id[cid]
        cr = c.rect
        st = styles.get((pkind, c.kind)) or _style(styles, pkind, c.kind)
        y = bar[cid]
        if cid in stacked:
            sx = cr.x - STUB
            cy = cr.y + min(cr.h / 2, S.BAND_HEIGHT / 2 + 4)
            if cid in side:
                points: tuple[tuple[float, float], ...] = ((pr.x + pr.w, y), (sx, y), (sx, cy), (cr.x, cy))
            elif sx == tx:
                points = (top, (tx, y), (sx, cy), (cr.x, cy))
            else:
                points = (top, (tx, y), (sx, y), (sx, cy), (cr.x, cy))
            at = (cr.x + 32, cr.y - STACK_GAP / 2)
        else:
            dx = cr.x + min(TRUNK, cr.w / 2)
            points = (top, (tx, y), (dx, y), (dx, cr.y))
            at = (dx + 30, cr.y - ROW_GAP / 4)
        append(Edge(pid, cid, st[0], points, st[1], st[2], st[3], at))
    # Writers may draw a fan of four-point edges as a tidy one: one trunk, one straight
    # crossbar through every third point, then the stems. A fan not of that shape gets
    # five points in every edge (the first twice), so that each edge is drawn whole.
    a, b = out[0].points[0], out[0].points[1]
    if not (all(len(e.points) == 4 and e.points[0] == a and e.points[1] == b for e in out)
            and (all(e.points[2][0] == b[0] for e in out) or all(e.points[2][1] == b[1] for e in out))):
        out = [e if len(e.points) == 5 else e._replace(points=(e.points[0], *e.points)) for e in out]
    return tuple(out)


def _boundary(r: Rect, tx: float, ty: float) -> tuple[float, float]:
    """Where the ray from the centre of `r` towards (tx, ty) leaves `r`."""
    cx, cy = r.center
    dx, dy = tx - cx, ty - cy
    if dx == 0 and dy == 0:
        return cx, cy
    sx = (r.w / 2) / abs(dx) if dx else float("inf")
    sy = (r.h / 2) / abs(dy) if dy else float("inf")
    s = min(sx, sy)
    return cx + dx * s, cy + dy * s


def _shown(scene: Scene, doc: Any, node_id: str) -> Card | None:
    """The card showing a node: its own, or in a collapsed branch the collapsed ancestor's."""
    card = scene.by_id.get(node_id)
    if card is None and doc.has_node(node_id):
        for a in doc.ancestors(node_id):
            card = scene.by_id.get(a.id)
            if card is not None:
                break
    return card


def _inference_stretch(scene: Scene, card: Card) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """The last stretch of the tree edge into `card` (its inference to its parent), if it is drawn."""
    fan = scene.fans.get(card.parent) if card.parent is not None else None
    for edge in fan or ():
        if edge.target == card.id:
            return edge.points[-2], edge.points[-1]
    return None


def _undercut_curve(a: Rect, b: Rect, stretch: tuple[tuple[float, float], tuple[float, float]]
                    ) -> tuple[tuple[float, float], ...]:
    """A curve from card `a` that passes beside card `b` and meets the middle of `b`'s incoming stretch
    at a slant, so that the bar drawn across its end crosses that stretch."""
    (x0, y0), (x1, y1) = stretch
    vertical = abs(x1 - x0) <= abs(y1 - y0)
    if not vertical:  # left-right layouts: the same curve with the axes swapped
        a, b = Rect(a.y, a.x, a.h, a.w), Rect(b.y, b.x, b.h, b.w)
        (x0, y0), (x1, y1) = (y0, x0), (y1, x1)
    tip = ((x0 + x1) / 2, (y0 + y1) / 2)
    above = 1.0 if y1 >= y0 else -1.0  # the stretch runs towards the card: its parent is on this side
    side = 1.0 if a.center[0] >= tip[0] else -1.0
    start = _boundary(a, tip[0], tip[1])
    # It rises outside the argument's column, so as not to cross its card.
    lane = max(start[0], b.right + 36) if side > 0 else min(start[0], b.x - 36)
    reach = min(28.0, abs(y1 - y0) / 2 + 12)
    points = (start, (lane, tip[1] - above * 2 * reach), (tip[0] + side * reach, tip[1] - above * reach), tip)
    if not vertical:
        points = tuple((y, x) for x, y in points)
    return points


def make_links(scene: Scene, doc: Any, links: Iterable[Any]) -> list[LinkPath]:
    out: list[LinkPath] = []
    for ln in links:
        a, b = _shown(scene, doc, ln.source), _shown(scene, doc, ln.target)
        if a is None or b is None or a is b:
            continue
        kind = ln.kind.value if hasattr(ln.kind, "value") else str(ln.kind)
        color, line, arrow, label = S.LINK_STYLES.get(kind, ("#607d8b", "dash", "end", kind))
        # An undercut denies an inference, not a claim: it ends on the edge from the argument to
        # its parent, where its bar crosses that edge.
        stem = _inference_stretch(scene, b) if kind == "undercuts" else None
        if stem is not None:
            points = _undercut_curve(a.rect, b.rect, stem)
            p0, c1, c2, p3 = points
            at = (0.125 * p0[0] + 0.375 * (c1[0] + c2[0]) + 0.125 * p3[0],
                  0.125 * p0[1] + 0.375 * (c1[1] + c2[1]) + 0.125 * p3[1])
            out.append(LinkPath(ln.source, ln.target, kind, points, color, line, arrow, label, at))
            continue
        (ax, ay), (bx, by) = a.rect.center, b.rect.center
        p0 = _boundary(a.rect, bx, by)
        p3 = _boundary(b.rect, ax, ay)
        dx, dy = p3[0] - p0[0], p3[1] - p0[1]
        dist = max((dx * dx + dy * dy) ** 0.5, 1.0)
        bow = min(0.25 * dist, 160.0)
        nx, ny = -dy / dist * bow, dx / dist * bow  # bend to one side, so a pair of links both ways stays apart
        c1 = (p0[0] + dx / 3 + nx, p0[1] + dy / 3 + ny)
        c2 = (p0[0] + 2 * dx / 3 + nx, p0[1] + 2 * dy / 3 + ny)
        at = (0.125 * p0[0] + 0.375 * (c1[0] + c2[0]) + 0.125 * p3[0],
              0.125 * p0[1] + 0.375 * (c1[1] + c2[1]) + 0.125 * p3[1])
        out.append(LinkPath(ln.source, ln.target, kind, (p0, c1, c2, p3), color, line, arrow, label, at))
    return out


def scene_bounds(scene: Scene, place: Any) -> Rect:
    x0, y0, x1, y1 = 0.0, 0.0, place.width, place.height
    for ln in scene.links:
        for x, y in ln.points:
            x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
    margin = 24.0
    return Rect(x0 - margin, y0 - margin, x1 - x0 + 2 * margin, y1 - y0 + 2 * margin)
