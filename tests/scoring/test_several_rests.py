"""Several "the rest" outcomes in one fork share what the stated outcomes leave, equally, everywhere."""

from __future__ import annotations

import pytest

from argmap.model import check
from argmap.model.document import Distribution
from argmap.model import edits as E
from argmap.model.weighings import capture
from argmap.scoring import score, sensitivity
from argmap.scoring.classroom import weighing_scores
from argmap.scoring.live import LiveScores
from argmap.scoring.simulate import simulate
from scoring_maps import build


def two_rests(p: float = 0.4):
    """Option A forks: 'up' (p, +10) and two "the rest" outcomes, flat (0) and down (-10); B is worth 2.

    Each rest takes (1 - p) / 2, so V(A) = 10p - 10(1 - p)/2 = 15p - 5: 1 at p = .4, 2 at p = 7/15.
    """
    return build([
        ("q", "question", None),
        ("A", "option", "q"),
        ("f", "scenario", "A"),
        ("up", "consequence", "f", {"likelihood": p, "impact": {"a": 10}}),
        ("flat", "consequence", "f", {"remainder": True, "impact": {"a": 0}}),
        ("down", "consequence", "f", {"remainder": True, "impact": {"a": -10}}),
        ("B", "option", "q", {"impact": {"a": 2}}),
    ])


def test_rests_share_the_remainder_equally():
    s = score(two_rests())
    assert s.argued["flat"] == pytest.approx(0.3)
    assert s.argued["down"] == pytest.approx(0.3)
    assert s.option("A").overall == pytest.approx(1.0)
    assert s.leader.node_id == "B"


def test_validation_allows_several_rests_but_not_stated_outcomes_over_one():
    doc = two_rests()
    assert [d for d in check(doc) if d.severity == "error"] == []
    doc.node("up").likelihood = 1.0
    assert [d for d in check(doc) if d.severity == "error"] == []  # the rests take 0
    E.AddNode(doc.node("up").model_copy(update={"id": "up2", "likelihood": 0.2})).apply(doc)
    assert any("before 'the rest'" in d.message for d in check(doc) if d.severity == "error")


def test_the_tornado_swings_both_rests_with_the_stated_outcome():
    sens = sensitivity(two_rests())
    row = next(r for r in sens.rows if r.node_id == "up" and r.input == "likelihood")
    assert sens.leader == "B"
    assert row.flip_at == pytest.approx(7 / 15, abs=1e-6)
    assert row.new_leader == "A"
    assert row.margin_high == pytest.approx(2 - 10)  # p = 1: both rests at 0, B trails A by 8


def test_live_scores_follow_the_stated_outcome_and_a_new_outcome():
    doc = two_rests()
    live = LiveScores(doc)
    live.scores()
    for edit in (E.SetLikelihood("up", 0.6), E.SetImpact("down", "a", -4)):
        edit.apply(doc)
        live.changed(edit)
        fresh = score(doc)
        assert live.scores().argued == fresh.argued
        assert live.scores().option("A").overall == fresh.option("A").overall
    add = E.AddNode(doc.node("up").model_copy(update={"id": "side", "likelihood": 0.1}))
    inverse = add.apply(doc)
    live.changed(add)
    assert live.scores().argued["flat"] == pytest.approx(0.15)
    assert live.scores().option("A").overall == score(doc).option("A").overall
    inverse.apply(doc)
    live.changed(inverse)
    assert live.scores().argued["flat"] == pytest.approx(0.2)
    assert live.recompiled == 1


def test_a_weighing_fills_the_rests_from_its_own_likelihoods():
    doc = two_rests()
    E.SetLikelihood("up", 0.8).apply(doc)
    weighing = capture(doc, "s1")
    E.SetLikelihood("up", 0.4).apply(doc)
    ((_, scores, problem),) = weighing_scores(doc, [weighing])
    assert problem == ""
    assert scores.argued["down"] == pytest.approx(0.1)
    assert scores.option("A").overall == pytest.approx(15 * 0.8 - 5)


def test_simulation_shares_each_sampled_remainder():
    doc = two_rests()
    doc.node("up").uncertainty = {"likelihood": Distribution(kind="uniform", low=0.3, high=0.5)}
    sim = simulate(doc, 4000, seed=3)
    a = next(o for o in sim.options if o.id == "A")
    assert a.mean == pytest.approx(15 * 0.4 - 5, abs=0.05)
    assert a.p95 == pytest.approx(15 * 0.49 - 5, abs=0.05)
    assert a.p5 == pytest.approx(15 * 0.31 - 5, abs=0.05)
