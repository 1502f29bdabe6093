"""What a map looks like, as plain data: cards, tree edges and cross-links, laid out.

`build_scene` turns a Document (and optionally its Scores) into a Scene that the
canvas and the image exporters both draw with `argmap.render.painter`. No Qt here:
text is measured through a `Measure` (the Qt side passes one that asks its fonts;
without one a crude deterministic estimate is used).
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from itertools import chain
from typing import Any, Callable, Collection, Sequence

from argmap.render.edges import LAYER_GAP, add_edges, compact_fan, make_fan, make_links, scene_bounds
from argmap.render import style as S
from argmap.render.faces import FAR_WIDTH, Badge, Face, FaceContext, TextLine, face_key, kind_name, make_face
from argmap.render.layout import grow_layout, shrink_layout, tidy_layout
from argmap.render.shapes import Card, Edge, LinkPath, Rect, Scene
from argmap.render.style import CrudeMeasure, Measure

__all__ = ["Rect", "Badge", "TextLine", "Face", "Card", "Edge", "LinkPath", "Scene", "build_scene", "default_measure",
           "set_default_measure", "later_values"]

_LEAF: tuple[str, ...] = ()

_DEFAULT: Measure | None = None
_DEFAULT_FACTORY: Callable[[], Measure] | None = None


def set_default_measure(factory: Callable[[], Measure] | None) -> None:
    """Make `build_scene` measure with `factory()` when given no measure (the painter sets its Qt one)."""
    global _DEFAULT, _DEFAULT_FACTORY
    _DEFAULT_FACTORY = factory
    _DEFAULT = None


def default_measure() -> Measure:
    """The measure used when none is given: the painter's when it is loaded, else a Qt-free estimate."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = _DEFAULT_FACTORY() if _DEFAULT_FACTORY is not None else CrudeMeasure()
    return _DEFAULT


_VIEW: Any = object()  # "as the document's view settings say"


@dataclass(frozen=True)
class _Shown:
    """What an option card's score bar shows: its value, overall (None: unweighed)."""

    node_id: str
    overall: float | None


def later_values(doc: Any, scores: Any) -> dict[str, float | None]:
    """Each option of a later decision (a question below the map's) -> the value its card shows."""
    decisions = getattr(scores, "decisions", None)
    if not decisions:
        return {}
    out: dict[str, float | None] = {}
    for qid in decisions:
        if doc.has_node(qid):
            for child in doc.children(qid):
                if kind_name(child.kind) == "option":
                    out[child.id] = scores.value(child.id)
    return out


def _face_context(doc: Any, scores: Any, m: Measure) -> FaceContext:
    """The faces' context; later decisions' options show their values, every bar over one range."""
    ctx = FaceContext(doc, scores, m)
    later = later_values(doc, scores)
    if later:
        ctx.options = {**{nid: _Shown(nid, v) for nid, v in later.items()}, **ctx.options}
        shown = [o.overall for o in ctx.options.values() if o.overall is not None]
        ctx.range = (min(shown), max(shown)) if shown else (None, None)
    return ctx


def build_scene(doc: Any, scores: Any = None, root: str | None = None, measure: Measure | None = None,
                previous: Scene | None = None, changed: Collection[str] | None = None,
                same_tree: bool = False, added: Collection[str] = (), removed: Collection[str] = (),
                fold: int | None = _VIEW, only: Collection[str] | None = None, layout: str | None = None,
                unfold: Collection[str] = (), far: float = 0.0) -> Scene:
    """Lay out the map (or the branch under `root`) as cards, tree edges and cross-links.

    `fold` shows that many levels (1: the root alone) and folds the cards of the last shown
    level that have children, with the count of what is under them ("+12"); None shows every
    level, and by default it is the document's `view.fold`; the cards in `unfold` are opened one
    level further all the same (their children are folded in turn unless in `unfold`). `only` shows just these nodes
    (with the root and the ancestors of each; a card whose children are all hidden this way
    shows no toggle): presentation mode reveals a map step by step with it. `layout` is
    "tidy" or "compact" (default: the document's `view.layout`). With `far` (a title scale, such
    as 2), cards show only their title, that many times larger, for a view zoomed far out.

    With `previous` (the scene built before an edit, with the same measure) the layout
    is reused when no card changed size or place in the tree, and every card whose face
    and place are unchanged is the very same Card object, so a view can skip it.

    With `previous` and `changed`, the caller vouches that since `previous` was built only
    these nodes' own fields or shown scores changed, besides the tree (not the colours or
    the perspectives): the other cards keep their faces unless they gained or lost
    children. With `same_tree` as well, the tree and the view are vouched unchanged too:
    only the `changed` cards are looked at again, unless one changed size. With `added`
    instead (ids also in `changed`), the tree is vouched to have changed only by these new
    nodes, each with nothing below it: the rest of the tree is taken from `previous`; and
    with `removed`, only by the deletion of these nodes (a deleted branch is checked for).
    """
    # The many small objects made here would trigger full collections over the whole
    # document, which cost more than the build itself on a big map: collect afterwards.
    if fold is _VIEW:
        fold = getattr(doc.view, "fold", None)
    if changed is not None and getattr(scores, "decisions", None):
        changed = {*changed, *later_values(doc, scores)}  # an edit below a later option moves its value
    if layout is None:
        layout = getattr(doc.view, "layout", "tidy")
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        if only is not None:
            return _build(doc, scores, root, measure, None, None, fold, set(only), layout, frozenset(unfold), far)
        if previous is not None and (previous.fold != fold or previous.layout != layout):
            previous, changed = None, None
        if fold is not None or layout != "tidy" or far:
            added = removed = ()  # the in-place growth below knows the plain tidy layout only
        if previous is not None and changed is not None and same_tree:
            scene = _update(doc, scores, root, measure, previous, changed)
            if scene is not None:
                return scene
        if previous is not None and changed is not None and (added or removed):
            scene = _grow(doc, scores, root, measure, previous, changed, added, removed)
            if scene is not None:
                return scene
        return _build(doc, scores, root, measure, previous, changed, fold, None, layout, unfold, far)
    finally:
        if was_enabled:
            gc.enable()


def _update(doc: Any, scores: Any, root: str | None, measure: Measure | None, previous: Scene,
            changed: Collection[str]) -> Scene | None:
    """`previous` with the cards of `changed` redone, or None when the layout must be redone too."""
    place = previous._place
    start = doc.node(root) if root is not None else doc.root()
    if place is None or start is None or start.id != previous.root or doc.view.direction != previous.direction:
        return None
    m = measure if measure is not None else default_measure()
    ctx = _face_context(doc, scores, m)
    ctx.far = previous.far
    ctx.far_width = FAR_WIDTH.get(previous.direction, S.CARD_WIDTH)
    faces: dict[tuple, Face] = m.faces  # type: ignore[assignment]
    redone: dict[str, Card] = {}
    for nid in changed:
        card = previous.by_id.get(nid)
        if card is None or not doc.has_node(nid):
            continue
        old = card.face
        node = doc.node(nid)
        key = face_key(node, ctx, old.toggle, old.hidden)
        face = faces.get(key)
        if face is None:
            face = faces[key] = make_face(node, ctx, old.toggle, old.hidden)
        if face is old:
            continue
        if face.size != old.size:
            return None
        redone[nid] = Card(nid, face.kind, card.rect, face, card.depth, card.parent)
    if not redone:
        return previous
    scene = Scene(direction=previous.direction, root=previous.root, bounds=previous.bounds,
                  _layout_input=previous._layout_input, _place=place, fold=previous.fold, layout=previous.layout,
                  unfold=previous.unfold, far=previous.far)
    scene.by_id = {**previous.by_id, **redone}
    scene.cards = [redone.get(c.id, c) for c in previous.cards]
    # Edge styles follow the kinds at both ends: redo the fans into and out of redone cards.
    fans = dict(previous.fans)
    half = LAYER_GAP.get(scene.direction, 56.0) / 2
    styles: dict[tuple[str, str], tuple[str, str, str, str]] = {}
    for pid in {c.parent for c in redone.values() if c.parent is not None} | redone.keys():
        fan = fans.get(pid)
        if fan:
            p = scene.by_id[pid]
            kids = [e.target for e in fan]
            fans[pid] = (compact_fan(p, kids, scene.by_id, place, styles) if previous.layout == "compact" else
                         make_fan(p, kids, scene.by_id, place.layer_start[p.depth + 1] - half,
                                  scene.direction == "top-down", half, styles))
    scene.fans = fans
    scene.edges = [e for fan in fans.values() for e in fan]
    scene.links = make_links(scene, doc, doc.links)
    return scene


def _face(node: Any, groups: dict, collapsed: set[str], ctx: FaceContext, faces: dict,
          card: Card | None, is_changed: bool) -> Face:
    """A visible node's face, as `_build` finds it: its card's own when vouched unchanged."""
    nid = node.id
    kids = groups.get(nid)
    if not kids:
        toggle, hidden = "", 0
    elif nid in collapsed:
        toggle, hidden = "+", _count_below(nid, groups)
    else:
        toggle, hidden = "-", 0
    if card is not None and not is_changed and card.face.toggle == toggle and card.face.hidden == hidden:
        return card.face
    key = face_key(node, ctx, toggle, hidden)
    face = faces.get(key)
    if face is None:
        face = faces[key] = make_face(node, ctx, toggle, hidden)
    return face


def _grow(doc: Any, scores: Any, root: str | None, measure: Measure | None, previous: Scene,
          changed: Collection[str], added: Collection[str], removed: Collection[str]) -> Scene | None:
    """`previous` with one new leaf added, or one leaf taken away, under a shown and expanded parent.

    None when the edit is not that (then the scene is built in full).
    """
    place = previous._place
    start = doc.node(root) if root is not None else doc.root()
    if (place is None or previous._layout_input is None or start is None or start.id != previous.root
            or doc.view.direction != previous.direction or len(added) + len(removed) != 1):
        return None
    direction, old_children, old_sizes = previous._layout_input
    groups = _sibling_groups(doc)
    collapsed = set(doc.view.collapsed)
    old_by_id = previous.by_id
    children = dict(old_children)
    sizes = dict(old_sizes)
    order = [c.id for c in previous.cards]
    if added:
        (nid,) = added
        if nid in old_by_id or nid not in changed or not doc.has_node(nid) or groups.get(nid):
            return None
        pid = doc.node(nid).parent
        if pid is None or pid not in old_children or pid in collapsed:
            return None  # not shown (or it changes a collapsed branch's count)
        kids = [k.id for k in groups.get(pid, ())]
        if [k for k in kids if k != nid] != list(old_children[pid]):
            return None
        children[nid] = _LEAF
    else:
        (nid,) = removed
        card = old_by_id.get(nid)
        if card is None or card.parent is None or doc.has_node(nid) or card.face.toggle or not doc.has_node(card.parent):
            return None  # not a shown leaf (a collapsed branch's card has a toggle)
        pid = card.parent
        kids = [k.id for k in groups.get(pid, ())]
        if kids != [k for k in old_children[pid] if k != nid]:
            return None
        del children[nid], sizes[nid]
        order.remove(nid)
    children[pid] = kids if kids else _LEAF
    m = measure if measure is not None else default_measure()
    ctx = _face_context(doc, scores, m)
    faces: dict[tuple, Face] = m.faces  # type: ignore[assignment]
    redone: dict[str, Face] = {}
    for x in {pid, nid, *changed}:
        if x in children and doc.has_node(x):
            face = redone[x] = _face(doc.node(x), groups, collapsed, ctx, faces, old_by_id.get(x), x in changed)
            sizes[x] = face.size
    # Only the first-walk steps above the change and above resized cards are done again.
    resized = [x for x in redone if x != nid]
    new_place = (grow_layout(place, pid, nid, children, sizes, resized) if added
                 else shrink_layout(place, nid, children, sizes, resized))
    if new_place is None:
        new_place = tidy_layout(start.id, children, sizes, direction, layer_gap=LAYER_GAP.get(direction, 56.0))
    if added:  # the new card goes where a pre-order walk meets it: before the next node after its subtree
        cur, parent, after = nid, pid, None
        while parent is not None:
            sib = children[parent]
            k = sib.index(cur)
            if k + 1 < len(sib):
                after = sib[k + 1]
                break
            cur, parent = parent, old_by_id[parent].parent
        order.insert(order.index(after) if after is not None else len(order), nid)
    scene = Scene(direction=direction, root=start.id, _layout_input=(direction, children, sizes), _place=new_place)
    pos, depth = new_place.pos, new_place.depth
    by_id = dict(old_by_id)
    by_id.pop(nid, None)
    touched = {x for x, _ in pos.items() - place.pos.items()} | redone.keys()
    for x in touched:
        x0, y0 = pos[x]
        card = old_by_id.get(x)
        face = redone.get(x) or card.face  # type: ignore[union-attr]
        parent_id = pid if x == nid else card.parent  # type: ignore[union-attr]
        if card is None or card.face is not face or card.rect.x != x0 or card.rect.y != y0 or card.parent != parent_id:
            by_id[x] = Card(x, face.kind, Rect(x0, y0, face.w, face.h), face, depth[x], parent_id)
    scene.cards = cards = list(map(by_id.__getitem__, order))
    scene.by_id = by_id = dict(zip(order, cards))  # in tree order, as `_build` makes it
    # Fans are redone where `add_edges` would: a new child list, or a card at either end made anew.
    redo = {pid}
    for x in touched:
        card = by_id[x]
        if card is not old_by_id.get(x):
            redo.add(x)
            if card.parent is not None:
                redo.add(card.parent)
    half = LAYER_GAP.get(direction, 56.0) / 2
    styles: dict[tuple[str, str], tuple[str, str, str, str]] = {}
    layer_start = new_place.layer_start
    new_fans = {x: make_fan(by_id[x], children[x], by_id, layer_start[by_id[x].depth + 1] - half,
                            direction == "top-down", half, styles) for x in redo if children.get(x)}
    fans = previous.fans
    scene.fans = {x: new_fans[x] if x in new_fans else fans[x] for x in order
                  if x in new_fans or (x in fans and children.get(x))}  # in tree order
    scene.edges = list(chain.from_iterable(scene.fans.values()))
    scene.links = make_links(scene, doc, doc.links)
    scene.bounds = scene_bounds(scene, new_place)
    return scene


def _build(doc: Any, scores: Any, root: str | None, measure: Measure | None, previous: Scene | None,
           changed: Collection[str] | None = None, fold: int | None = None, only: set[str] | None = None,
           layout: str = "tidy", unfold: frozenset[str] = frozenset(), far: float = 0.0) -> Scene:
    m = measure if measure is not None else default_measure()
    direction = doc.view.direction
    start = doc.node(root) if root is not None else doc.root()
    if start is None:
        return Scene(direction=direction)
    ctx = _face_context(doc, scores, m)
    ctx.far = far
    ctx.far_width = FAR_WIDTH.get(direction, S.CARD_WIDTH)
    collapsed = set(doc.view.collapsed)
    faces: dict[tuple, Face] = m.faces  # type: ignore[assignment]
    if len(faces) > max(100_000, 3 * len(doc.nodes)):  # stale faces of edited nodes pile up
        faces.clear()

    groups = _sibling_groups(doc)
    children: dict[str, Sequence[str]] = {}
    sizes: dict[str, tuple[float, float]] = {}
    face_of: dict[str, Face] = {}
    parent_of: dict[str, str | None] = {start.id: None}
    get_face = faces.get
    # Cards whose node is vouched unchanged keep their face (see `changed`).
    known = previous.by_id if previous is not None and changed is not None else None
    every = groups  # the whole tree, for the counts of what folded cards hide
    if only is not None:  # the root and the ancestors of every shown node are shown too
        shown = set(only) | {start.id}
        for nid in list(shown):
            if doc.has_node(nid):
                shown.update(a.id for a in doc.ancestors(nid))
        groups = {pid: [k for k in kids if k.id in shown] for pid, kids in groups.items() if pid in shown}
    last = fold - 1 if fold is not None else -1  # the depth whose cards are folded
    depth_of = {start.id: 0}
    stack = [start]
    while stack:
        node = stack.pop()
        nid = node.id
        kids = groups.get(nid)
        d = depth_of[nid]
        if kids and 0 <= last <= d and nid not in unfold:
            toggle, hidden = "+", _count_below(nid, every)
            children[nid] = _LEAF
        elif not kids:
            toggle, hidden = "", 0
            children[nid] = _LEAF
        elif nid in collapsed:
            toggle, hidden = "+", _count_below(nid, groups)
            children[nid] = _LEAF
        else:
            toggle, hidden = "-", 0
            ids = [k.id for k in kids]
            children[nid] = ids
            parent_of.update(dict.fromkeys(ids, nid))
            depth_of.update(dict.fromkeys(ids, d + 1))
            stack.extend(reversed(kids))
        face = None
        if known is not None and nid not in changed:  # type: ignore[operator]
            card = known.get(nid)
            if card is not None and card.face.toggle == toggle and card.face.hidden == hidden:
                face = card.face
        if face is None:
            key = face_key(node, ctx, toggle, hidden)
            face = get_face(key)
            if face is None:
                face = faces[key] = make_face(node, ctx, toggle, hidden)
        face_of[nid] = face
        sizes[nid] = face.size

    layout_input = (direction, children, sizes)
    if previous is not None and previous.layout == layout and previous._layout_input == layout_input:
        place = previous._place
    else:
        place = place_cards(start.id, children, sizes, direction, layout,
                            previous._place if previous is not None else None)
    scene = Scene(direction=direction, root=start.id, _layout_input=layout_input, _place=place, fold=fold,
                  layout=layout, unfold=unfold, far=far)
    pos = place.pos
    depth = place.depth
    by_id = scene.by_id
    cards = scene.cards
    old = previous.by_id if previous is not None else {}
    for nid, face in face_of.items():  # tree (pre-)order
        x, y = pos[nid]
        card = old.get(nid)
        if card is None or card.face is not face or card.rect.x != x or card.rect.y != y or card.parent != parent_of[nid]:
            card = Card(nid, face.kind, Rect(x, y, face.w, face.h), face, depth[nid], parent_of[nid])
        cards.append(card)
        by_id[nid] = card
    add_edges(scene, children, place, previous)
    scene.links = make_links(scene, doc, doc.links)
    scene.bounds = scene_bounds(scene, place)
    return scene


def place_cards(root: str, children: dict[str, Sequence[str]], sizes: dict[str, tuple[float, float]],
                direction: str, layout: str = "tidy", previous: Any = None) -> Any:
    """Where each card goes, by the chosen layout ("tidy" or "compact").

    A compact layout reuses what it can of `previous`, the placement before an edit.
    """
    if layout == "compact":
        from argmap.render.compact import compact_layout

        return compact_layout(root, children, sizes, direction, previous=previous)
    return tidy_layout(root, children, sizes, direction, layer_gap=LAYER_GAP.get(direction, 56.0))


def _order(node: Any) -> int:
    return node.order


def _sibling_groups(doc: Any) -> dict[str | None, list[Any]]:
    """Parent id -> children in sibling order, for the whole document at once."""
    # The Document keeps this index (an edit has usually just rebuilt it); asking it
    # per node would cost more than the whole scene can afford at 10,000 nodes.
    index = getattr(doc, "_child_index", None)
    if callable(index):
        return index()
    groups: dict[str | None, list[Any]] = {}
    for n in doc.nodes:
        groups.setdefault(n.parent, []).append(n)
    for g in groups.values():
        g.sort(key=_order)
    return groups


def _count_below(node_id: str, groups: dict[str | None, list[Any]]) -> int:
    count = 0
    stack = list(groups.get(node_id, ()))
    while stack:
        n = stack.pop()
        count += 1
        stack.extend(groups.get(n.id, ()))
    return count
