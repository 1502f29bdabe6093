"""The tidy-tree layout: no overlaps, parents centred, order kept, edges uncrossed, deep chains."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.render.layout import tidy_layout


@st.composite
def trees(draw):
    n = draw(st.integers(1, 45))
    parents = [draw(st.integers(max(0, i - 8) if draw(st.booleans()) else 0, i - 1)) for i in range(1, n)]
    children: dict[str, list[str]] = {str(i): [] for i in range(n)}
    for i, p in enumerate(parents, start=1):
        children[str(p)].append(str(i))
    sizes = {str(i): (draw(st.sampled_from([40.0, 120.0, 220.0, 310.0])), draw(st.sampled_from([20.0, 60.0, 140.0])))
             for i in range(n)}
    return children, sizes


def _rects(place, sizes):
    return {k: (x, y, x + sizes[k][0], y + sizes[k][1]) for k, (x, y) in place.pos.items()}


def _overlap(a, b) -> bool:
    return a[0] < b[2] - 1e-6 and b[0] < a[2] - 1e-6 and a[1] < b[3] - 1e-6 and b[1] < a[3] - 1e-6


def _centre(rect, across: int) -> float:
    return (rect[across] + rect[across + 2]) / 2


@settings(max_examples=120, deadline=None)
@given(trees(), st.sampled_from(["top-down", "left-right"]))
def test_layout_has_no_overlaps_and_keeps_the_tree_tidy(tree, direction):
    children, sizes = tree
    place = tidy_layout("0", children, sizes, direction)
    rects = _rects(place, sizes)
    assert set(rects) == set(children)
    keys = list(rects)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            assert not _overlap(rects[a], rects[b]), (a, b)
    across = 0 if direction == "top-down" else 1
    for parent, kids in children.items():
        if not kids:
            continue
        # Parents centred over their children; siblings in order.
        centres = [_centre(rects[k], across) for k in kids]
        assert abs(_centre(rects[parent], across) - (centres[0] + centres[-1]) / 2) < 1e-6
        assert centres == sorted(centres)
        # Children lie in the next layer, beyond the parent.
        for k in kids:
            assert rects[k][1 - across] >= rects[parent][3 - across]
    # Tree edges between two layers keep the parents' order, so none cross.
    edges = [(p, k) for p, kids in children.items() for k in kids]
    for p1, c1 in edges:
        for p2, c2 in edges:
            if p1 != p2 and place.depth[p1] == place.depth[p2]:
                if _centre(rects[p1], across) < _centre(rects[p2], across):
                    assert _centre(rects[c1], across) < _centre(rects[c2], across)


def test_layout_starts_at_the_origin_and_reports_its_size():
    children = {"r": ["a", "b"], "a": [], "b": []}
    sizes = {"r": (100.0, 40.0), "a": (100.0, 40.0), "b": (100.0, 40.0)}
    place = tidy_layout("r", children, sizes, sibling_gap=20, layer_gap=50)
    assert place.pos == {"r": (60.0, 0.0), "a": (0.0, 90.0), "b": (120.0, 90.0)}
    assert (place.width, place.height) == (220.0, 130.0)
    side = tidy_layout("r", children, sizes, "left-right", sibling_gap=20, layer_gap=50)
    assert side.pos == {"r": (0.0, 30.0), "a": (150.0, 0.0), "b": (150.0, 60.0)}


def test_small_subtrees_between_large_ones_are_spread_evenly():
    # Buchheim's fix: the middle subtrees share the shift instead of piling on the left.
    children = {"r": ["a", "b", "c", "d"], "a": ["a1", "a2", "a3", "a4"], "b": [], "c": [],
                "d": ["d1", "d2", "d3", "d4"]}
    for k in ["a1", "a2", "a3", "a4", "d1", "d2", "d3", "d4"]:
        children[k] = []
    sizes = {k: (50.0, 20.0) for k in children}
    place = tidy_layout("r", children, sizes, sibling_gap=10, subtree_gap=10)
    xs = [place.pos[k][0] for k in "abcd"]
    gaps = [xs[i + 1] - xs[i] for i in range(3)]
    assert max(gaps) - min(gaps) < 1e-6


def test_a_chain_ten_thousand_deep_lays_out():
    n = 10_000
    children = {str(i): [str(i + 1)] for i in range(n)}
    children[str(n)] = []
    sizes = {k: (200.0, 50.0) for k in children}
    place = tidy_layout("0", children, sizes, layer_gap=10)
    assert {x for x, _ in place.pos.values()} == {0.0}
    assert place.pos[str(n)][1] == n * 60.0
    assert place.depth[str(n)] == n


@settings(max_examples=80, deadline=None)
@given(trees(), st.sampled_from(["top-down", "left-right"]))
def test_layers_are_as_deep_as_their_deepest_card_and_the_size_fits_the_cards(tree, direction):
    children, sizes = tree
    place = tidy_layout("0", children, sizes, direction, layer_gap=30.0)
    along = 1 if direction == "top-down" else 0
    deepest: dict[int, float] = {}
    for k, d in place.depth.items():
        deepest[d] = max(deepest.get(d, 0.0), sizes[k][along])
    assert place.layer_size == [deepest[d] for d in range(len(deepest))]
    assert place.layer_start == [sum(deepest[e] + 30.0 for e in range(d)) for d in range(len(deepest))]
    for k, (x, y) in place.pos.items():
        assert (y if along else x) == place.layer_start[place.depth[k]]
    rects = _rects(place, sizes)
    assert min(r[0] for r in rects.values()) == 0.0 and min(r[1] for r in rects.values()) == 0.0
    assert abs(max(r[2] for r in rects.values()) - place.width) < 1e-6
    assert abs(max(r[3] for r in rects.values()) - place.height) < 1e-6
