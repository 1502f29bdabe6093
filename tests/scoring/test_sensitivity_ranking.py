"""The tornado and flip points follow the ranking setting: support swings argument strengths,
impact-scaled swings them and the inputs of the expected impact, both scored as standings."""

from __future__ import annotations

import json

import pytest

from argmap.cli import main
from argmap.io import jsondoc
from argmap.model import edits as E
from argmap.scoring import score, sensitivity
from scoring_maps import build


def argued_roads():
    """A: impact 1, one pro (.2) -> support .6. B: a consequence (.5 x 10), one pro (.1) -> support .55.

    By impact B leads (5 to 1); by support A leads (.6 to .55), and the lead changes when A's pro
    falls below .1 or B's rises above .2; by impact scaled by support B leads (5 x 1.1 = 5.5 to
    1 x 1.2 = 1.2), and the lead changes when the consequence's likelihood falls below 1.2 / 11 or
    its impact below 1.2 / .55.
    """
    return build([
        ("q", "question", None),
        ("A", "option", "q", {"impact": {"a": 1}}),
        ("pA", "pro", "A", {"strength": 0.2}),
        ("B", "option", "q"),
        ("c", "consequence", "B", {"likelihood": 0.5, "impact": {"a": 10}}),
        ("pB", "pro", "B", {"strength": 0.1}),
    ])


def _rows(sens):
    return {(r.node_id, r.input): r for r in sens.rows}


def test_by_impact_the_tornado_leaves_the_options_own_arguments_out():
    sens = sensitivity(argued_roads())
    assert sens.ranked_by == "impact" and sens.leader == "B"
    assert set(_rows(sens)) == {("A", "impact"), ("c", "likelihood"), ("c", "impact")}


def test_by_support_the_tornado_swings_the_argument_strengths():
    doc = argued_roads()
    E.SetRanking("support").apply(doc)
    sens = sensitivity(doc)
    assert sens.ranked_by == "support"
    assert sens.leader == "A" == score(doc).leader.node_id
    assert sens.leader_score == pytest.approx(0.6)
    assert sens.margin == pytest.approx(0.05)
    rows = _rows(sens)
    assert set(rows) == {("pA", "strength"), ("pB", "strength")}
    assert rows[("pA", "strength")].flip_at == pytest.approx(0.1, abs=1e-6)
    assert rows[("pB", "strength")].flip_at == pytest.approx(0.2, abs=1e-6)
    assert {r.new_leader for r in sens.flips} == {"B"}
    assert rows[("pA", "strength")].leader_high == pytest.approx(1.0)
    assert sens.break_even == {}


def test_by_impact_scaled_the_tornado_swings_both():
    sens = sensitivity(argued_roads(), ranking="impact-scaled")
    assert sens.ranked_by == "impact-scaled"
    assert sens.leader == "B" and sens.leader_score == pytest.approx(5.5)
    rows = _rows(sens)
    assert set(rows) == {("A", "impact"), ("c", "likelihood"), ("c", "impact"), ("pA", "strength"), ("pB", "strength")}
    assert rows[("c", "likelihood")].flip_at == pytest.approx(1.2 / 11, abs=1e-6)
    assert rows[("c", "impact")].flip_at == pytest.approx(1.2 / 0.55, abs=1e-6)
    assert rows[("pB", "strength")].flip_at is None
    assert rows[("pB", "strength")].leader_high == pytest.approx(10.0)  # 5 x 2 x 1


def test_a_perspective_view_stays_on_impact():
    doc = argued_roads()
    E.SetRanking("support").apply(doc)
    sens = sensitivity(doc, perspective="a")
    assert sens.ranked_by == "impact" and sens.leader == "B"


def test_score_command_tornado_follows_the_ranking(tmp_path, capsys):
    path = tmp_path / "roads.argmap.json"
    jsondoc.write(argued_roads(), path)
    assert main(["score", str(path), "--sensitivity", "--ranking", "support"]) == 0
    out = capsys.readouterr().out
    assert "Scores are argued support" in out
    assert "0.10 -> B" in out and "0.20 -> B" in out
    assert main(["score", str(path), "--json", "--ranking", "impact-scaled"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sensitivity"]["ranked_by"] == "impact-scaled"
    assert data["sensitivity"]["leader_score"] == pytest.approx(5.5)
