"""A layout grown by new leaves equals a full tidy layout of the grown tree, exactly."""

from __future__ import annotations

import random

import pytest

from argmap.render.layout import grow_layout, shrink_layout, tidy_layout

_WIDTHS = [40.0, 120.0, 220.0, 310.0, 75.5]
_HEIGHTS = [20.0, 60.0, 140.0, 33.3]


def _random_tree(rng: random.Random, n: int):
    children: dict[str, list[str]] = {"0": []}
    for i in range(1, n):
        parent = rng.choice(list(children)[max(0, i - rng.choice([2, 6, 40])):])
        children[parent].append(str(i))
        children[str(i)] = []
    sizes = {k: (rng.choice(_WIDTHS), rng.choice(_HEIGHTS)) for k in children}
    return children, sizes


def _same(a, b) -> bool:
    return (a.pos == b.pos and a.depth == b.depth and a.layer_start == b.layer_start
            and a.layer_size == b.layer_size and a.width == b.width and a.height == b.height)


@pytest.mark.parametrize("seed", range(24))
def test_growing_a_layout_leaf_by_leaf_equals_laying_it_out_afresh(seed):
    rng = random.Random(seed)
    direction = rng.choice(["top-down", "left-right"])
    children, sizes = _random_tree(rng, rng.choice([1, 5, 30, 120, 250]))
    gaps = dict(sibling_gap=rng.choice([10.0, 24.0]), subtree_gap=rng.choice([13.0, 40.0]), layer_gap=56.0)
    place = tidy_layout("0", children, sizes, direction, **gaps)
    for step in range(60):
        # Mostly near the last additions, so that branches grow deep and contours get long.
        recent = [k for k in children if k.startswith("new")][-5:]
        parent = rng.choice(recent if recent and rng.random() < 0.5 else list(children))
        new = f"new{step}"
        kids = children[parent] = list(children[parent])
        kids.insert(rng.randint(0, len(kids)), new)
        children[new] = []
        sizes[new] = (rng.choice(_WIDTHS), rng.choice(_HEIGHTS))
        resized = rng.sample(list(children), k=min(len(children), rng.choice([0, 0, 1, 3])))
        for k in resized:  # some cards change size at the same time (a new score, a toggle)
            sizes[k] = (rng.choice(_WIDTHS), rng.choice(_HEIGHTS))
        grown = grow_layout(place, parent, new, children, sizes, resized)
        assert grown is not None
        assert _same(grown, tidy_layout("0", children, sizes, direction, **gaps)), step
        place = grown


def test_a_deep_chain_grows_at_its_end_and_in_its_middle():
    n = 3000
    children = {str(i): [str(i + 1)] for i in range(n)}
    children[str(n)] = []
    sizes = {k: (200.0, 50.0) for k in children}
    place = tidy_layout("0", children, sizes, layer_gap=10)
    for parent, new in ((str(n), "end"), ("1500", "side"), ("side", "below")):
        children[parent] = [*children[parent], new]
        children[new] = []
        sizes[new] = (90.0, 20.0)
        place = grow_layout(place, parent, new, children, sizes)
        assert _same(place, tidy_layout("0", children, sizes, layer_gap=10))


def test_growth_that_is_not_one_new_leaf_is_refused():
    children = {"r": ["a", "b"], "a": [], "b": []}
    sizes = {k: (100.0, 40.0) for k in ["r", "a", "b", "c", "d"]}
    place = tidy_layout("r", children, sizes)
    assert grow_layout(place, "r", "a", {**children}, sizes) is None  # not new
    assert grow_layout(place, "a", "c", {**children, "a": ["c", "d"], "c": [], "d": []}, sizes) is None
    assert grow_layout(place, "x", "c", {**children, "x": ["c"], "c": []}, sizes) is None  # unknown parent
    grown = grow_layout(place, "a", "c", {**children, "a": ["c"], "c": []}, sizes)
    assert grown is not None and grown.depth["c"] == 2
    assert place.depth.get("c") is None  # the old layout is left as it was


@pytest.mark.parametrize("seed", range(16))
def test_taking_back_new_leaves_equals_laying_the_tree_out_afresh(seed):
    rng = random.Random(100 + seed)
    direction = rng.choice(["top-down", "left-right"])
    children, sizes = _random_tree(rng, rng.choice([2, 20, 90, 200]))
    place = tidy_layout("0", children, sizes, direction)
    added: list[tuple[str, str]] = []
    for step in range(50):
        if added and rng.random() < 0.45:  # undo the newest addition
            new, parent = added.pop()
            children[parent] = [k for k in children[parent] if k != new]
            del children[new], sizes[new]
            resized = rng.sample(list(children), k=min(len(children), rng.choice([0, 1, 2])))
            for k in resized:
                sizes[k] = (rng.choice(_WIDTHS), rng.choice(_HEIGHTS))
            place = shrink_layout(place, new, children, sizes, resized)
        else:
            parent = rng.choice(list(children))
            new = f"new{step}"
            kids = children[parent] = list(children[parent])
            kids.insert(rng.randint(0, len(kids)), new)
            children[new] = []
            sizes[new] = (rng.choice(_WIDTHS), rng.choice(_HEIGHTS))
            added.append((new, parent))
            place = grow_layout(place, parent, new, children, sizes)
        assert place is not None
        assert _same(place, tidy_layout("0", children, sizes, direction)), step


def test_only_the_newest_leaf_can_be_taken_back_in_place():
    children = {"r": ["a", "b"], "a": [], "b": []}
    sizes = {k: (100.0, 40.0) for k in ["r", "a", "b"]}
    place = tidy_layout("r", children, sizes)
    assert shrink_layout(place, "a", {"r": ["b"], "b": []}, sizes) is None  # not the newest number
    assert shrink_layout(place, "r", {}, sizes) is None
    last = shrink_layout(place, "b", {"r": ["a"], "a": []}, sizes)
    assert last is not None and _same(last, tidy_layout("r", {"r": ["a"], "a": []}, sizes))
