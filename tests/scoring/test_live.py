"""Scores kept up to date edit by edit equal a fresh score of the document, exactly."""

from __future__ import annotations

import random

import pytest

from argmap.errors import ArgmapError
from argmap.model import Kind, Link, LinkKind, Node
from argmap.model import edits as E
from argmap.scoring import CycleError, score
from argmap.scoring.live import LiveScores, is_value_edit
from benchmarks.generate import generate
from tests.scoring.scoring_maps import build, random_map

_WEIGHED = (Kind.CONSEQUENCE, Kind.PRO, Kind.CON, Kind.EVIDENCE, Kind.OPTION)


def _value_edit(doc, rng: random.Random):
    """A random edit of one number (sometimes clearing it), or a batch of a few."""
    r = rng.random()
    if r < 0.1:
        return E.Batch(tuple(_value_edit(doc, rng) for _ in range(rng.randint(2, 3))))
    if r < 0.18 and doc.perspectives:
        return E.SetPerspectiveWeight(rng.choice(doc.perspectives).id, rng.choice([0.0, 0.5, 1.0, 3.0]))
    node = rng.choice([n for n in doc.nodes if n.kind in _WEIGHED])
    value = None if rng.random() < 0.15 else round(rng.random(), 3)
    if node.kind in (Kind.CONSEQUENCE, Kind.OPTION) and rng.random() < 0.5 and doc.perspectives:
        pid = rng.choice(doc.perspectives).id
        return E.SetImpact(node.id, pid, None if value is None else round(rng.uniform(-10, 10), 2))
    if node.kind is Kind.CONSEQUENCE:
        return E.SetLikelihood(node.id, value)
    return E.SetStrength(node.id, value)


def _structural_edit(doc, rng: random.Random):
    """A random edit that changes the tree, the links or a name."""
    r = rng.random()
    node = rng.choice(doc.nodes)
    if r < 0.4:
        kind = {Kind.QUESTION: Kind.OPTION, Kind.SCENARIO: Kind.CONSEQUENCE}.get(node.kind, Kind.CONSEQUENCE)
        if node.kind in (Kind.PRO, Kind.CON, Kind.EVIDENCE):
            kind = Kind.CON
        return _added(doc, node, kind, rng)
    if r < 0.6 and node.parent is not None:
        return E.DeleteBranch(node.id)
    if r < 0.8:
        other = rng.choice(doc.nodes)
        return E.AddLink(Link(source=node.id, target=other.id, kind=rng.choice(list(LinkKind))))
    return E.SetText(node.id, f"renamed {rng.random():.3f}")


def _added(doc, parent, kind, rng: random.Random):
    """A new node under `parent`, sometimes weighed, at a random place among its siblings."""
    fields = {}
    if kind is Kind.CONSEQUENCE and rng.random() < 0.6:
        fields["likelihood"] = round(rng.random(), 3)
    if kind in (Kind.PRO, Kind.CON) and rng.random() < 0.6:
        fields["strength"] = round(rng.random(), 3)
    if kind in (Kind.CONSEQUENCE, Kind.OPTION) and rng.random() < 0.5 and doc.perspectives:
        fields["impact"] = {doc.perspectives[0].id: round(rng.uniform(-10, 10), 2)}
    index = rng.choice([None, 0, rng.randint(0, 5)])
    return E.AddNode(Node(id=doc.new_id(), kind=kind, text="added", parent=parent.id, **fields), index)


def _growing_edit(doc, rng: random.Random):
    """A value edit, or a new node of a kind its parent takes (child or sibling, as Tab and Enter add)."""
    r = rng.random()
    if r < 0.5:
        return _value_edit(doc, rng)
    if r < 0.65:  # names and view settings: no input changes
        node = rng.choice(doc.nodes)
        return rng.choice([
            E.SetText(node.id, f"text {rng.random():.3f}"), E.SetTitle(node.id, rng.choice([None, "short"])),
            E.SetNote(node.id, "a note"), E.SetCollapsed(node.id, rng.random() < 0.5),
            E.SetMapField("title", "renamed"),
            E.SetPerspective(doc.perspectives[0].id, "name", f"P {rng.randint(0, 9)}"),
        ])
    parent = rng.choice(doc.nodes)
    kinds = {Kind.QUESTION: [Kind.OPTION], Kind.OPTION: [Kind.CONSEQUENCE, Kind.SCENARIO, Kind.PRO, Kind.CON],
             Kind.CONSEQUENCE: [Kind.CONSEQUENCE, Kind.SCENARIO, Kind.QUESTION, Kind.PRO, Kind.CON, Kind.EVIDENCE],
             Kind.SCENARIO: [Kind.CONSEQUENCE], Kind.PRO: [Kind.PRO, Kind.CON], Kind.CON: [Kind.PRO, Kind.CON],
             Kind.EVIDENCE: [Kind.PRO, Kind.CON]}.get(parent.kind, [Kind.NOTE])
    return _added(doc, parent, rng.choice(kinds), rng)


def _run(doc, rng: random.Random, steps: int, structural: float, semantics: str = "df-quad",
         undo: float = 0.2) -> LiveScores:
    """Apply random edits, undos and redos, checking the live scores against a fresh score after each.

    `structural` is the share of edits that change the tree or the links; -1 mixes value edits
    with new nodes only.
    """
    live = LiveScores(doc, semantics)
    done: list[tuple] = []  # (edit, inverse), for undo
    undone: list = []
    for _ in range(steps):
        r = rng.random()
        if r < undo and done:
            edit, inverse = done.pop()
            applied = inverse
            inverse.apply(doc)
            undone.append(edit)
        elif r < undo * 1.5 and undone:
            applied = undone.pop()
            done.append((applied, applied.apply(doc)))
        else:
            if structural < 0:
                applied = _growing_edit(doc, rng)
            else:
                applied = _structural_edit(doc, rng) if rng.random() < structural else _value_edit(doc, rng)
            try:
                inverse = applied.apply(doc)
            except ArgmapError:
                continue  # refused by the rules: nothing changed
            done.append((applied, inverse))
            undone.clear()
        live.changed(applied)
        try:
            expected = score(doc, semantics)
        except ArgmapError as err:
            with pytest.raises(type(err)):
                live.scores()
            continue
        assert live.scores() == expected, applied
    return live


@pytest.mark.parametrize("seed", range(8))
def test_value_edits_with_undo_and_redo_score_like_a_fresh_score(seed):
    doc = random_map(seed, size=60, links=6)
    live = _run(doc, random.Random(seed), steps=120, structural=0.0)
    assert live.recompiled == 1  # every value edit was taken in place


@pytest.mark.parametrize("seed", range(6))
def test_mixed_edits_with_undo_and_redo_score_like_a_fresh_score(seed):
    doc = random_map(100 + seed, size=50, links=5)
    _run(doc, random.Random(seed), steps=120, structural=0.25)


@pytest.mark.parametrize("seed", range(8))
def test_added_nodes_and_value_edits_score_like_a_fresh_score_without_compiling_again(seed):
    doc = random_map(200 + seed, size=40, links=5)
    live = _run(doc, random.Random(seed), steps=150, structural=-1, undo=0.0)
    assert live.recompiled == 1  # new nodes were wired in place, names and view changes kept it
    assert live.graph is not None and live.graph.preorder is not None


@pytest.mark.parametrize("seed", range(4))
def test_added_nodes_with_undo_and_redo_score_like_a_fresh_score(seed):
    doc = random_map(300 + seed, size=40, links=5)
    _run(doc, random.Random(seed), steps=150, structural=-1)


def test_unweighed_nodes_are_listed_in_tree_order_after_nodes_are_added():
    doc = build([
        ("q", "question", None), ("o", "option", "q"),
        ("a", "consequence", "o", {"impact": {"a": 1}}), ("b", "consequence", "o", {"likelihood": 0.5}),
    ])
    live = LiveScores(doc)
    live.scores()
    for node, index in ((Node(id="x", kind=Kind.CONSEQUENCE, text="x", parent="a"), None),
                        (Node(id="y", kind=Kind.CONSEQUENCE, text="y", parent="o"), 0),
                        (Node(id="z", kind=Kind.PRO, text="z", parent="b"), None)):
        edit = E.AddNode(node, index)
        edit.apply(doc)
        live.changed(edit)
    got = live.scores()
    assert got == score(doc)
    assert got.option("o").unweighed_nodes == ["y", "a", "x", "b", "z"]
    assert live.recompiled == 1


@pytest.mark.parametrize("semantics", ["quadratic-energy"])
def test_other_semantics_scores_like_a_fresh_score(semantics):
    doc = random_map(7, size=60, links=6)
    _run(doc, random.Random(7), steps=80, structural=0.1, semantics=semantics)


def test_edits_on_a_generated_map_score_like_a_fresh_score():
    doc = generate(600, seed=3)
    live = _run(doc, random.Random(3), steps=60, structural=0.0)
    assert live.recompiled == 1


def test_remainder_outcome_follows_its_siblings_likelihoods():
    doc = build([
        ("q", "question", None), ("o", "option", "q"), ("s", "scenario", "o"),
        ("a", "consequence", "s", {"likelihood": 0.3, "impact": {"a": 5}}),
        ("b", "consequence", "s", {"likelihood": 0.2, "impact": {"a": -4}}),
        ("r", "consequence", "s", {"remainder": True, "impact": {"a": 1}}),
    ])
    live = LiveScores(doc)
    live.scores()
    for edit in (E.SetLikelihood("a", 0.6), E.SetLikelihood("b", None), E.SetLikelihood("b", 0.1),
                 E.SetLikelihood("r", 0.9)):
        edit.apply(doc)
        live.changed(edit)
        assert live.scores() == score(doc)
    assert live.recompiled == 1


def test_argument_cycle_is_solved_again_and_matches():
    doc = build([
        ("q", "question", None), ("o", "option", "q"),
        ("c", "consequence", "o", {"likelihood": 0.5, "impact": {"a": 4}}),
        ("p", "pro", "c", {"strength": 0.6}), ("k", "con", "c", {"strength": 0.4}),
    ], links=[("p", "k", "attacks"), ("k", "p", "attacks")])
    live = LiveScores(doc)
    live.scores()
    for edit in (E.SetStrength("p", 0.9), E.SetStrength("k", 0.1), E.SetLikelihood("c", 0.7)):
        edit.apply(doc)
        live.changed(edit)
        assert live.scores() == score(doc)
    assert live.recompiled == 1


def test_a_leads_to_loop_fails_like_score_and_recovers_on_undo():
    doc = build([
        ("q", "question", None), ("o", "option", "q"),
        ("a", "consequence", "o", {"likelihood": 0.5, "impact": {"a": 1}}),
        ("b", "consequence", "a", {"likelihood": 0.5, "impact": {"a": 2}}),
    ])
    live = LiveScores(doc)
    live.scores()
    edit = E.AddLink(Link(source="b", target="a", kind=LinkKind.LEADS_TO))
    inverse = edit.apply(doc)
    live.changed(edit)
    with pytest.raises(CycleError):
        live.scores()
    inverse.apply(doc)
    live.changed(inverse)
    assert live.scores() == score(doc)


def test_a_change_it_was_not_told_of_is_noticed_by_size():
    doc = random_map(3, size=30)
    live = LiveScores(doc)
    live.scores()
    E.AddNode(Node(id="extra", kind=Kind.OPTION, text="extra", parent="q")).apply(doc)
    live.changed(E.SetLikelihood("n5", 0.5))  # a wrong account of what happened
    assert live.scores() == score(doc)
    assert live.recompiled == 2


def test_value_edits_are_told_apart_from_structural_ones():
    assert is_value_edit(E.SetLikelihood("a", 0.5))
    assert is_value_edit(E.Batch((E.SetStrength("a", 0.5), E.SetImpact("a", "p", 1.0))))
    assert is_value_edit(E.SetPerspectiveWeight("p", 2.0))
    assert not is_value_edit(E.SetText("a", "x"))
    assert not is_value_edit(E.Batch((E.SetStrength("a", 0.5), E.SetRemainder("a", True))))
    assert not is_value_edit(E.DeleteBranch("a"))


def test_a_failure_part_way_leaves_the_next_call_to_compile_afresh(monkeypatch):
    import argmap.scoring.live as live_module

    doc = random_map(11, size=40)
    live = LiveScores(doc)
    live.scores()

    def broken(*_args):
        raise ArgmapError("did not settle")

    monkeypatch.setattr(live_module, "_propagate", broken)
    edit = E.SetLikelihood(next(n.id for n in doc.nodes if n.kind is Kind.CONSEQUENCE), 0.123)
    edit.apply(doc)
    live.changed(edit)
    with pytest.raises(ArgmapError):
        live.scores()
    monkeypatch.undo()
    assert live.scores() == score(doc)
    assert live.recompiled == 2


@pytest.mark.parametrize("seed", range(6))
def test_undoing_and_redoing_new_nodes_scores_like_a_fresh_score_without_compiling_again(seed):
    rng = random.Random(seed)
    doc = random_map(400 + seed, size=40, links=4)
    live = LiveScores(doc)
    live.scores()
    for _ in range(6):
        done = []
        for _ in range(rng.randint(1, 5)):
            edit = _growing_edit(doc, rng)
            try:
                done.append((edit, edit.apply(doc)))
            except ArgmapError:
                continue
            live.changed(edit)
            assert live.scores() == score(doc)
        for edit, inverse in reversed(done):  # Tab, Tab, ... then Ctrl+Z back
            inverse.apply(doc)
            live.changed(inverse)
            assert live.scores() == score(doc)
        for edit, _ in done[: len(done) // 2]:  # and Ctrl+Y again
            edit.apply(doc)
            live.changed(edit)
            assert live.scores() == score(doc)
    assert live.recompiled == 1


def test_deleting_an_older_node_or_a_branch_compiles_afresh():
    doc = random_map(9, size=40)
    live = LiveScores(doc)
    live.scores()
    leaf = next(n for n in doc.nodes if n.parent is not None and not doc.children(n.id)
                and not doc.links_of(n.id) and n.kind is not Kind.OPTION)
    edit = E.DeleteBranch(leaf.id)
    edit.apply(doc)
    live.changed(edit)
    assert live.scores() == score(doc)
    assert live.recompiled == 2
