"""The compact layout: no overlaps, edges from parent to child, reading order, and its size on big maps."""

from __future__ import annotations

import struct
from collections import defaultdict

import pytest

from argmap.cli import main
from argmap.io import jsondoc
from argmap.model import Document, Kind, Node
from argmap.model.edits import SetKind
from argmap.paths import bundled_scenario
from argmap.render.compact import compact_layout
from argmap.render.exporter import with_view
from argmap.render.layout import tidy_layout
from argmap.render.scene import build_scene
from argmap.render.shapes import Rect
from argmap.render.style import CrudeMeasure
from benchmarks.generate import generate

SCENARIO = str(bundled_scenario())


def compact(doc: Document) -> Document:
    return with_view(doc, "compact", None)


def overlapping(rects: list[tuple[str, Rect]]) -> list[tuple[str, str]]:
    """Pairs of rectangles whose insides meet (a sweep along x)."""
    rects = sorted(rects, key=lambda t: t[1].x)
    out = []
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1:]:
            if rb.x >= ra.right:
                break
            if rb.y < ra.bottom and ra.y < rb.bottom:
                out.append((a, b))
    return out


def on_border(r: Rect, x: float, y: float) -> bool:
    inside = r.x - 0.01 <= x <= r.right + 0.01 and r.y - 0.01 <= y <= r.bottom + 0.01
    edge = min(abs(x - r.x), abs(x - r.right), abs(y - r.y), abs(y - r.bottom)) < 0.01
    return inside and edge


def check_scene(scene) -> None:
    """No two cards overlap; every edge is an axis-aligned polyline from its parent's border to its child's,
    crossing no card; siblings read in order; a parent comes above or before its children."""
    assert scene.layout == "compact"
    assert not overlapping([(c.id, c.rect) for c in scene.cards])
    b = scene.bounds
    assert all(b.x <= c.rect.x and c.rect.right <= b.right and b.y <= c.rect.y and c.rect.bottom <= b.bottom
               for c in scene.cards)
    assert min(c.rect.x for c in scene.cards) == min(c.rect.y for c in scene.cards) == 0
    cell = 400.0
    grid: dict[tuple[int, int], list[Rect]] = defaultdict(list)
    for c in scene.cards:
        r = c.rect
        for gx in range(int(r.x // cell), int(r.right // cell) + 1):
            for gy in range(int(r.y // cell), int(r.bottom // cell) + 1):
                grid[gx, gy].append(r)
    for e in scene.edges:
        p, c = scene.card(e.source).rect, scene.card(e.target).rect
        assert on_border(p, *e.points[0]), e
        assert on_border(c, *e.points[-1]), e
        for (ax, ay), (bx, by) in zip(e.points, e.points[1:]):
            assert ax == bx or ay == by, e  # elbows only
            seg = Rect(min(ax, bx), min(ay, by), abs(bx - ax), abs(by - ay))
            near = {r for gx in range(int(seg.x // cell), int(seg.right // cell) + 1)
                    for gy in range(int(seg.y // cell), int(seg.bottom // cell) + 1) for r in grid[gx, gy]}
            for r in near:  # a segment may run along a card's border, never through it
                assert not (seg.x < r.right - 0.5 and r.x + 0.5 < seg.right
                            and seg.y < r.bottom - 0.5 and r.y + 0.5 < seg.bottom), (e, r)
    assert {e.target for e in scene.edges} == {c.id for c in scene.cards if c.parent is not None}
    for pid, fan in scene.fans.items():
        # Four-point edges only in a fan a writer may draw as a tidy one: a shared trunk, one straight crossbar.
        if any(len(e.points) == 4 for e in fan):
            a, b = fan[0].points[:2]
            assert all(len(e.points) == 4 and e.points[:2] == (a, b) for e in fan), pid
            assert all(e.points[2][0] == b[0] for e in fan) or all(e.points[2][1] == b[1] for e in fan), pid
        else:
            assert all(len(e.points) == 5 for e in fan), pid
        p = scene.card(pid).rect
        kids = [scene.card(e.target).rect for e in fan]
        for a, b in zip(kids, kids[1:]):  # the next sibling is to the right or below
            assert b.x >= a.right or b.y >= a.bottom, (pid, a, b)
        for k in kids:
            assert k.y >= p.bottom or (k.x >= p.right and k.y >= p.y), (pid, k)


def test_generated_map_lays_out_without_overlaps_and_with_its_edges():
    doc = compact(generate(1000, seed=3))
    scene = build_scene(doc, measure=CrudeMeasure())
    assert len(scene.cards) == 1000 and len(scene.edges) == 999
    check_scene(scene)


@pytest.mark.parametrize("seed", [0, 1])
def test_a_thousand_nodes_fit_sixty_megapixels_between_one_to_four_and_four_to_one(qapp, seed):
    from argmap.render.images import map_scene, png_size

    doc = generate(1000, seed=seed)
    scene = map_scene(compact(doc))
    w, h = png_size(scene, 1.0)
    assert w * h <= 60_000_000, (w, h)
    assert 1 / 4 <= w / h <= 4, (w, h)
    tidy = map_scene(with_view(doc, "down", None))
    assert tidy.bounds.w / tidy.bounds.h > 4  # the ribbon the compact layout avoids
    check_scene(scene)


def test_scenario_is_compact_and_smaller_than_either_tidy_drawing(qapp):
    from argmap.render.images import map_scene

    doc = jsondoc.read(SCENARIO)
    scene = map_scene(compact(doc))
    check_scene(scene)
    b = scene.bounds
    assert 1 / 2 <= b.w / b.h <= 2
    for layout in ("down", "right"):
        tidy = map_scene(with_view(doc, layout, None)).bounds
        assert b.w * b.h < 0.75 * tidy.w * tidy.h, layout
    # Leaves are stacked beside a spine and entered from the side.
    stubs = [e for e in scene.edges if e.points[-1][0] == scene.card(e.target).rect.x]
    assert len(stubs) > len(scene.edges) / 2


def png_header_size(path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_cli_exports_a_compact_png_of_the_scene_size(tmp_path, qapp, capsys):
    from argmap.render.images import map_scene, png_size

    out = tmp_path / "map.png"
    assert main(["export", SCENARIO, "-o", str(out), "--layout", "compact"]) == 0
    assert str(out) in capsys.readouterr().out
    size = png_header_size(out)
    assert size == png_size(map_scene(compact(jsondoc.read(SCENARIO))), 1.0)
    tidy = tmp_path / "tidy.png"
    assert main(["export", SCENARIO, "-o", str(tidy), "--layout", "right"]) == 0
    assert png_header_size(tidy) != size


def test_switching_a_scene_between_compact_and_tidy_lays_it_out_again():
    doc = jsondoc.read(SCENARIO)
    measure = CrudeMeasure()
    first = build_scene(doc, measure=measure, layout="compact")
    tidy = build_scene(doc, measure=measure, previous=first, layout="tidy")
    fresh = build_scene(doc, measure=measure, layout="tidy")
    assert tidy.layout == "tidy"
    assert [c.rect for c in tidy.cards] == [c.rect for c in fresh.cards]
    assert tidy.edges == fresh.edges and tidy.bounds == fresh.bounds
    assert [c.rect for c in tidy.cards] != [c.rect for c in first.cards]
    again = build_scene(doc, measure=measure, previous=tidy, layout="compact")
    assert [c.rect for c in again.cards] == [c.rect for c in first.cards] and again.edges == first.edges


def test_compact_is_top_down_whatever_the_direction():
    doc = jsondoc.read(SCENARIO)
    measure = CrudeMeasure()
    doc.view.direction = "left-right"
    right = build_scene(doc, measure=measure, layout="compact")
    doc.view.direction = "top-down"
    down = build_scene(doc, measure=measure, layout="compact")
    assert [c.rect for c in right.cards] == [c.rect for c in down.cards]
    assert right.edges == down.edges
    children, sizes = down._layout_input[1], down._layout_input[2]
    a = compact_layout(down.root, children, sizes, "left-right")
    b = compact_layout(down.root, children, sizes, "top-down")
    assert a.pos == b.pos and (a.width, a.height) == (b.width, b.height)


def test_a_changed_card_redoes_its_compact_edges_in_place():
    doc = jsondoc.read(SCENARIO)
    measure = CrudeMeasure()
    scene = build_scene(doc, measure=measure, layout="compact")
    pro = next(c for c in scene.cards if c.kind == "pro" and c.parent is not None)
    SetKind(pro.id, Kind.CON).apply(doc)
    fast = build_scene(doc, measure=measure, previous=scene, changed={pro.id}, same_tree=True, layout="compact")
    full = build_scene(doc, measure=measure, layout="compact")
    assert fast._place is scene._place  # the cards stayed where they were
    assert fast.edges == full.edges and fast.fans == full.fans
    assert next(e for e in fast.edges if e.target == pro.id).relation == "attacks"


def test_aspect_ratio_is_aimed_at():
    doc = compact(generate(600, seed=5))
    scene = build_scene(doc, measure=CrudeMeasure())
    children, sizes = scene._layout_input[1], scene._layout_input[2]
    for aspect in (0.5, 1.0, 2.0):
        place = compact_layout(scene.root, children, sizes, aspect=aspect)
        assert aspect / 1.6 <= place.width / place.height <= aspect * 1.6, aspect
    with pytest.raises(ValueError):
        compact_layout(scene.root, children, sizes, aspect=0)


def test_hub_chain_and_single_card():
    # A question with 400 leaf options: a square-ish block of columns, not a row of 400.
    nodes = [Node(id="q", kind=Kind.QUESTION, text="Which?")]
    nodes += [Node(id=f"o{i}", kind=Kind.OPTION, text=f"Option {i}", parent="q", order=i) for i in range(400)]
    hub = build_scene(compact(Document(question="q", nodes=nodes)), measure=CrudeMeasure())
    check_scene(hub)
    assert 1 / 4 <= hub.bounds.w / hub.bounds.h <= 4
    # A chain thousands deep lays out (no recursion), each card below the last.
    chain = [Node(id="q", kind=Kind.QUESTION, text="Deep?"), Node(id="o", kind=Kind.OPTION, text="Go", parent="q")]
    chain += [Node(id=f"c{i}", kind=Kind.CONSEQUENCE, text=f"Step {i}", parent=f"c{i - 1}" if i else "o")
              for i in range(3000)]
    deep = build_scene(compact(Document(question="q", nodes=chain)), measure=CrudeMeasure())
    assert len(deep.cards) == 3002
    assert deep.card("c2999").rect.y > deep.card("c2998").rect.bottom
    one = build_scene(compact(Document(question="q", nodes=nodes[:1])), measure=CrudeMeasure())
    assert len(one.cards) == 1 and not one.edges


def test_compact_and_tidy_place_the_same_cards():
    doc = generate(300, seed=2)
    scene = build_scene(compact(doc), measure=CrudeMeasure())
    children, sizes = scene._layout_input[1], scene._layout_input[2]
    a = compact_layout(scene.root, children, sizes)
    b = tidy_layout(scene.root, children, sizes)
    assert a.pos.keys() == b.pos.keys() and a.depth == b.depth


def test_overview_lines_follow_the_compact_edges(qapp):
    from argmap.render.painter import _batches

    scene = build_scene(compact(jsondoc.read(SCENARIO)), measure=CrudeMeasure())
    _, lines = _batches(scene)
    drawn = {((ln.x1(), ln.y1()), (ln.x2(), ln.y2())) for ln in lines}
    wanted = {seg for e in scene.edges for seg in zip(e.points, e.points[1:]) if seg[0] != seg[1]}
    assert drawn == wanted


def test_a_compact_scene_built_after_edits_equals_one_built_afresh():
    from argmap.model.edits import AddNode, MoveNode, SetText

    doc = compact(generate(400, seed=4))
    measure = CrudeMeasure()
    scene = build_scene(doc, measure=measure)
    steps = [
        (SetText("n37", "A much longer text that takes more lines than before " * 3), {"n37"}),
        (AddNode(Node(id="new", kind=Kind.PRO, text="A new reason", parent="n90")), {"new", "n90"}),
        (MoveNode("n200", "n3"), {"n200", "n3"}),
    ]
    for edit, changed in steps:
        inverse = edit.apply(doc)
        for ids in (changed, None):
            fast = build_scene(doc, measure=measure, previous=scene, changed=ids)
            full = build_scene(doc, measure=measure)
            assert [(c.id, c.rect) for c in fast.cards] == [(c.id, c.rect) for c in full.cards], edit
            assert fast.edges == full.edges and fast.fans == full.fans and fast.bounds == full.bounds, edit
        kept = sum(fast.fans[p] is scene.fans.get(p) for p in fast.fans)
        assert kept > 0  # the fans whose cards stayed put are the very same
        old, new = scene._place.memo, fast._place.memo
        reused = sum(new[x][1] is old[x][1] for x in new.keys() & old.keys() if new[x][0][2])  # blocks with children
        assert reused > len(fast.fans) / 2  # and most blocks' shapes were not worked out again
        scene = fast
    inverse.apply(doc)
    back = build_scene(doc, measure=measure, previous=scene, changed={"n200", "n3"})
    assert back.edges == build_scene(doc, measure=measure).edges


@pytest.mark.parametrize("seed", range(6))
def test_random_trees_and_card_sizes_lay_out_without_overlaps(seed):
    import random

    rng = random.Random(seed)
    n = rng.choice([2, 30, 300, 1500])
    children: dict[str, list[str]] = {"0": []}
    for i in range(1, n):  # bushy or stringy: a parent among the last few, or any
        parent = str(rng.randrange(max(0, i - 3), i) if rng.random() < 0.3 else rng.randrange(i))
        children[parent].append(str(i))
        children[str(i)] = []
    sizes = {k: (rng.uniform(80, 400), rng.uniform(20, 300)) for k in children}
    place = compact_layout("0", {k: tuple(v) for k, v in children.items()}, sizes, aspect=rng.uniform(0.3, 3))
    rects = {k: Rect(*place.pos[k], *sizes[k]) for k in children}
    assert not overlapping(list(rects.items()))
    assert all(0 <= r.x and r.right <= place.width + 1e-6 and 0 <= r.y and r.bottom <= place.height + 1e-6
               for r in rects.values())
    for p, kids in children.items():
        pr = rects[p]
        for a, b in zip(kids, kids[1:]):
            assert rects[b].x >= rects[a].right or rects[b].y >= rects[a].bottom
        for k in kids:
            assert rects[k].y >= pr.bottom or (rects[k].x >= pr.right and rects[k].y >= pr.y)


def test_a_long_comb_stays_small_rather_than_stepping_into_a_staircase():
    # A chain with a leaf at each step could go down and to the right at every step, near the
    # asked aspect ratio but with an area growing as the square of its length.
    children: dict[str, tuple[str, ...]] = {}
    for i in range(300):
        children[f"c{i}"] = (f"leaf{i}", f"c{i + 1}")
        children[f"leaf{i}"] = ()
    children["c300"] = ()
    sizes = {k: (220.0, 100.0) for k in children}
    place = compact_layout("c0", children, sizes)
    tidy = tidy_layout("c0", children, sizes)  # a diagonal, half a card to the side at each step
    assert place.width * place.height < tidy.width * tidy.height
