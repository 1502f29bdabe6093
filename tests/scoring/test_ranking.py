"""Ranking options by expected impact, by argued support, or by impact scaled by support."""

from __future__ import annotations

import json

import pytest
from scoring_maps import build

from argmap.cli import main
from argmap.io import jsondoc
from argmap.model import edits as E
from argmap.scoring import score
from argmap.scoring.live import LiveScores
from argmap.scoring.standing import standing
from argmap.scoring.terms import TERMS


def _two_options():
    """Option g: expected impact +4, a pro of 0.5 (DF-QuAD support 0.75); option h: +6, unargued."""
    return build([
        ("q", "question", None),
        ("g", "option", "q"),
        ("cg", "consequence", "g", {"likelihood": 0.5, "impact": {"a": 8}}),
        ("pg", "pro", "g", {"strength": 0.5}),
        ("h", "option", "q"),
        ("ch", "consequence", "h", {"likelihood": 1.0, "impact": {"a": 6}}),
        ("bad", "option", "q"),
        ("cb", "consequence", "bad", {"likelihood": 1.0, "impact": {"a": -4}}),
        ("pb", "pro", "bad", {"strength": 0.5}),
    ])


def test_impact_ranking_keeps_the_expected_impact_order():
    s = score(_two_options())
    assert s.ranked_by == "impact"
    assert [o.node_id for o in s.options] == ["h", "g", "bad"]
    assert all(o.standing == o.overall for o in s.options)
    assert s.option("g").support == pytest.approx(0.75)


def test_support_ranking_orders_by_argued_support_and_an_unargued_option_stands_at_half():
    s = score(_two_options(), ranking="support")
    assert [o.node_id for o in s.options] == ["g", "bad", "h"]
    assert s.option("h").support is None and s.option("h").standing == 0.5
    assert s.option("g").overall == pytest.approx(4.0)  # the expected impact is still there


def test_impact_scaled_grows_a_well_argued_gain_and_shrinks_a_well_argued_loss():
    s = score(_two_options(), ranking="impact-scaled")
    assert s.option("g").standing == pytest.approx(4.0 * 2 * 0.75)
    assert s.option("h").standing == pytest.approx(6.0)  # unargued: unchanged
    assert s.option("bad").standing == pytest.approx(-4.0 * 2 * 0.25)
    assert [o.node_id for o in s.options] == ["g", "h", "bad"]
    assert s.leader.node_id == "g"


@pytest.mark.parametrize("impact", [-3.0, 0.0, 2.5])
def test_impact_scaled_rises_with_support_and_is_neutral_at_half(impact):
    values = [standing("impact-scaled", impact, x / 10) for x in range(11)]
    assert values == sorted(values)
    assert standing("impact-scaled", impact, 0.5) == impact


def test_a_pure_pro_con_map_ranks_by_support():
    doc = build([
        ("q", "question", None),
        ("x", "option", "q"), ("cx", "con", "x", {"strength": 0.8}),
        ("y", "option", "q"), ("py", "pro", "y", {"strength": 0.4}),
        ("z", "option", "q"),
    ])
    s = score(doc)
    assert s.ranking_setting == "impact" and s.ranked_by == "support"
    assert [o.node_id for o in s.options] == ["y", "z", "x"]
    assert s.leader.node_id == "y" and s.leader.overall is None


def test_the_maps_own_setting_is_used_by_score_and_live_scores():
    doc = _two_options()
    doc.ranking = "support"
    assert score(doc).options[0].node_id == "g"
    live = LiveScores(doc)
    assert live.scores().options[0].node_id == "g"
    E.SetStrength("pg", 0.0).apply(doc)
    live.changed(E.SetStrength("pg", 0.0))
    assert [o.node_id for o in live.scores().options] == [o.node_id for o in score(doc).options]


def test_score_command_shows_both_parts_and_the_combination(tmp_path, capsys):
    path = tmp_path / "m.argmap.json"
    jsondoc.write(_two_options(), path)
    assert main(["score", str(path), "--ranking", "impact-scaled"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert any(line.startswith("Ranked by expected impact scaled by argued support") for line in out)
    head = next(i for i, line in enumerate(out) if line.startswith("#"))
    assert out[head].split()[-3:] == ["Support", "Standing", "Unweighed"]
    assert out[head + 2].split() == ["1", "g", "+4.00", "+0.00", "+4.00", "0.75", "+6.00", "0"]
    assert main(["score", str(path), "--json", "--ranking", "support"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ranking_setting"] == "support" and data["ranked_by"] == "support"
    assert data["ranking"] == ["g", "bad", "h"]
    first = data["options"][0]
    assert (first["expected_impact"], first["support"], first["standing"]) == (pytest.approx(4.0), 0.75, 0.75)


def test_score_command_says_when_a_ranking_falls_back_to_support(tmp_path, capsys):
    doc = build([("q", "question", None), ("x", "option", "q"), ("px", "pro", "x", {"strength": 0.3})])
    path = tmp_path / "p.argmap.json"
    jsondoc.write(doc, path)
    assert main(["score", str(path)]) == 0
    out = capsys.readouterr().out
    assert "falls back to support" in out
    assert "1  x" in out


def test_every_term_is_one_sentence():
    for key in ("expected-impact", "argued-support", "impact-scaled", "standing", "grounded"):
        text = TERMS[key]
        assert text.endswith(".") and text.count(". ") == 0
