"""A scene grown by one new node equals the scene built from scratch."""

from __future__ import annotations

import random
from unittest import mock

import pytest

import argmap.render.scene as scene_module
from argmap.model import Kind, Node
from argmap.model import edits as E
from argmap.model.rules import ALLOWED_CHILDREN
from argmap.render.scene import build_scene
from argmap.render.style import CrudeMeasure
from argmap.scoring import score
from benchmarks.generate import generate


def _same(a, b) -> bool:
    """Equal cards (in order, faces the same objects), edges, fans, links, bounds and index."""
    cards = [(c.id, c.kind, c.rect, c.face, c.depth, c.parent) for c in a.cards]
    return (cards == [(c.id, c.kind, c.rect, c.face, c.depth, c.parent) for c in b.cards]
            and list(a.by_id) == list(b.by_id) and all(a.by_id[k] is c for k, c in zip(a.by_id, a.cards))
            and a.edges == b.edges and a.fans == b.fans and a.links == b.links and a.bounds == b.bounds
            and a._layout_input == b._layout_input)


def _new_node(doc, rng: random.Random, shown=None) -> E.AddNode:
    """A new node under a random node (a shown one when `shown` is given, mostly)."""
    pool = [doc.node(i) for i in shown] if shown is not None and rng.random() < 0.8 else doc.nodes
    parent = rng.choice([n for n in pool if ALLOWED_CHILDREN.get(n.kind)])
    kind = rng.choice(sorted(ALLOWED_CHILDREN[parent.kind], key=lambda k: k.value))
    text = " ".join(rng.choice(["short", "a longer phrase that wraps", "x"]) for _ in range(rng.randint(1, 6)))
    fields = {"likelihood": 0.5} if kind is Kind.CONSEQUENCE and rng.random() < 0.5 else {}
    index = rng.choice([None, 0, rng.randint(0, 4)])
    return E.AddNode(Node(id=doc.new_id(), kind=kind, text=text, parent=parent.id, **fields), index)


@pytest.mark.parametrize("seed,direction,branch", [(0, "top-down", False), (1, "left-right", False),
                                                   (2, "top-down", True), (3, "left-right", True)])
def test_a_scene_grown_by_new_nodes_equals_a_full_build(seed, direction, branch):
    rng = random.Random(seed)
    doc = generate(300, seed=seed)
    doc.view.direction = direction
    doc.view.collapsed = [n.id for n in rng.sample(doc.nodes, 6) if doc.children(n.id)]
    root = doc.children(doc.root().id)[0].id if branch else None
    measure = CrudeMeasure()
    scores = score(doc)
    scene = build_scene(doc, scores, root=root, measure=measure)
    real_build = scene_module._build
    grown = 0
    for step in range(60):
        edit = _new_node(doc, rng, scene.by_id)
        edit.apply(doc)
        changed = {edit.node.id}
        if step % 5 == 0:  # the scores moved too: the cards showing them are vouched changed as well
            new_scores = score(doc)
            changed |= {k for k, v in new_scores.argued.items() if scores.argued.get(k) != v}
            changed |= {o.node_id for o in new_scores.options}
            scores = new_scores
        with mock.patch.object(scene_module, "_build", wraps=real_build) as full_path:
            fast = build_scene(doc, scores, root=root, measure=measure, previous=scene, changed=changed,
                               added=(edit.node.id,))
        grown += not full_path.called
        assert _same(fast, build_scene(doc, scores, root=root, measure=measure)), step
        if not full_path.called:  # cards that did not move or change are the very same objects
            for card in fast.cards:
                old = scene.by_id.get(card.id)
                if old is not None and old.rect == card.rect and card.id not in changed and old.face is card.face:
                    assert card is old
        scene = fast
    assert grown >= 20  # most new nodes hang under shown, expanded parents


def test_a_node_added_in_a_collapsed_branch_updates_the_hidden_count():
    doc = generate(60, seed=4)
    folded = next(n for n in doc.nodes if n.kind is Kind.CONSEQUENCE and doc.children(n.id))
    doc.view.collapsed = [folded.id]
    measure = CrudeMeasure()
    scene = build_scene(doc, measure=measure)
    before = scene.card(folded.id).hidden_count
    edit = E.AddNode(Node(id="new", kind=Kind.CONSEQUENCE, text="new", parent=folded.id))
    edit.apply(doc)
    fast = build_scene(doc, measure=measure, previous=scene, changed={"new"}, added=("new",))
    assert fast.card(folded.id).hidden_count == before + 1
    assert fast.card("new") is None
    assert _same(fast, build_scene(doc, measure=measure))


def test_a_first_child_turns_its_parent_into_a_branch():
    doc = generate(40, seed=5)
    leaf = next(n for n in doc.nodes if n.kind is Kind.CONSEQUENCE and not doc.children(n.id))
    measure = CrudeMeasure()
    scene = build_scene(doc, measure=measure)
    assert scene.card(leaf.id).face.toggle == ""
    edit = E.AddNode(Node(id="new", kind=Kind.CON, text="new", parent=leaf.id))
    edit.apply(doc)
    fast = build_scene(doc, measure=measure, previous=scene, changed={"new"}, added=("new",))
    assert fast.card(leaf.id).face.toggle == "-"
    assert fast.card("new").parent == leaf.id
    assert _same(fast, build_scene(doc, measure=measure))


@pytest.mark.parametrize("seed,direction", [(5, "top-down"), (6, "left-right")])
def test_a_scene_with_new_nodes_taken_back_equals_a_full_build(seed, direction):
    rng = random.Random(seed)
    doc = generate(300, seed=seed)
    doc.view.direction = direction
    doc.view.collapsed = [n.id for n in rng.sample(doc.nodes, 5) if doc.children(n.id)]
    measure = CrudeMeasure()
    scene = build_scene(doc, measure=measure)
    real_build = scene_module._build
    undone: list = []
    quick = 0
    for step in range(60):
        if undone and rng.random() < 0.45:
            edit = undone.pop()
            edit.apply(doc)  # a DeleteBranch: Ctrl+Z after adding
            kwargs = dict(changed=set(), removed=(edit.node_id,))
        else:
            edit = _new_node(doc, rng, scene.by_id)
            undone.append(edit.apply(doc))
            kwargs = dict(changed={edit.node.id}, added=(edit.node.id,))
        with mock.patch.object(scene_module, "_build", wraps=real_build) as full_path:
            fast = build_scene(doc, measure=measure, previous=scene, **kwargs)
        quick += not full_path.called
        assert _same(fast, build_scene(doc, measure=measure)), step
        scene = fast
    assert quick >= 30


def test_deleting_a_collapsed_branch_is_not_taken_for_a_leaf():
    doc = generate(60, seed=8)
    folded = next(n for n in doc.nodes if n.kind is Kind.CONSEQUENCE and doc.children(n.id))
    doc.view.collapsed = [folded.id]
    measure = CrudeMeasure()
    scene = build_scene(doc, measure=measure)
    E.DeleteBranch(folded.id).apply(doc)
    fast = build_scene(doc, measure=measure, previous=scene, changed=set(), removed=(folded.id,))
    assert fast.card(folded.id) is None
    assert _same(fast, build_scene(doc, measure=measure))
