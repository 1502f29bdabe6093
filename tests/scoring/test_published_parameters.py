"""A published decision tree with parameters, built as one map: survey first, then drill or sell.

The problem is the textbook one of Hillier and Lieberman's Goferbroke Company, set again as
"Mobile Oil" in Ragsdale's Spreadsheet Modeling and Decision Analysis (ch. 15), in $ thousand:
land that holds oil with prior chance p_oil = .25 can be drilled (cost 100; oil is worth 800)
or sold (90); a seismic survey (cost 30) comes out favourable with chance hit = .6 when there is
oil and unfavourable with chance clean = .8 when the land is dry. The published problem gives
the chances of oil after the survey, .50 (favourable) and .14285 (unfavourable); no published
table of the rest was at hand, so every other number below is derived here by hand, by Bayes:

  P(favourable) = hit·p + (1 − clean)(1 − p) = .15 + .15 = .3; P(oil | fav) = .15/.3 = .5;
  P(oil | unf) = .1/.7 = 1/7.
  Without the survey: drill = 800·.25 − 100 = 100 > sell 90, so 100.
  With it: after fav drill = 800·.5 − 100 = 300 > 90; after unf drill = 800/7 − 100 = 14.29 < 90,
  so sell; −30 + .3·300 + .7·90 = 123. Take the survey (the survey is worth 23 to the decision).

Each parameter swung over its range, the others held (the survey's value is V_s, the other's V_n):
  survey cost s on 0..100: V_s = 153 − s, V_n = 100: the lead changes at s = 53.
  p (prior) on 0..1, with P(fav) = .2 + .4p: after fav drill iff p ≥ 38/404, after unf drill iff
    p ≥ 152/396; between them V_s = 22 + 404p; V_n = max(90, 800p − 100). V_s(0) = 60 (sell
    either way: −30 + 90), V_s(1) = 670, V_n(0) = 90, V_n(1) = 700, so the margin is −30 at both
    ends; the survey leads only for p in (68/404, 122/396) = (.16832, .30808); the nearer
    change to .25 is 61/198 = .30808.
  hit h on 0..1, with P(fav) = .15 + .25h: after fav drill iff h ≥ 28.5/152.5, after unf drill
    iff h ≤ 38.5/152.5; for h ≥ .2525 V_s = 31.5 + 152.5h, below .1869 V_s = −30 + 13.5 + 115 = 98.5
    at h = 0, and 70 between; V_s(1) = 184. The lead changes at h = 68.5/152.5 = 137/305.
  clean c on 0..1, with P(fav) = .9 − .75c: for c ≥ .4281 V_s = 9 + 142.5c (151.5 at c = 1),
    for c ≤ .3579 V_s = 121 − 142.5c (121 at c = 0), 70 between. The lead changes at
    c = 91/142.5 = 182/285 going down from .8 (and again at c = 21/142.5 = .1474).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap.cli import main
from argmap.io import jsondoc
from argmap.model import check
from argmap.model import edits as E
from argmap.scoring import score, sensitivity
from argmap.scoring.formulas import node_formulas, parameter_values

FIXTURE = Path(__file__).parents[1] / "fixtures" / "parameters" / "survey-then-drill.argmap.json"
TOL = 1e-6


@pytest.fixture
def doc():
    return jsondoc.read(FIXTURE)


def test_the_formulas_give_the_published_chances_and_the_fields_hold_them(doc):
    assert check(doc) == []
    s = score(doc)
    assert s.argued["fav"] == pytest.approx(0.3)
    assert s.argued["f_oil"] == pytest.approx(0.5)
    assert s.argued["u_oil"] == pytest.approx(0.14285, abs=1e-5)
    values = parameter_values(doc)
    for f in node_formulas(doc, values):  # each field holds the last value its formula gave
        node = doc.node(f.node_id)
        held = node.impact["money"] if f.field == "impact.money" else node.likelihood
        assert held == pytest.approx(f.evaluate(values)), f.where()


def test_the_tree_rolls_back_to_123_with_the_survey(doc):
    s = score(doc)
    assert [(o.node_id, o.overall) for o in s.options] == [("survey", pytest.approx(123)),
                                                             ("nosurvey", pytest.approx(100))]
    assert s.tree_value == pytest.approx(123)
    assert s.decisions == {"n_q": "n_drill", "f_q": "f_drill", "u_q": "u_sell"}
    assert s.value("f_drill") == pytest.approx(300) and s.value("u_drill") == pytest.approx(800 / 7 - 100)


EXPECTED = {  # parameter: (value, low, high, leader at low, at high, margin at low, at high, flip point)
    "p_oil": (0.25, 0, 1, 60, 670, -30, -30, 61 / 198),
    "hit": (0.6, 0, 1, 98.5, 184, -1.5, 84, 137 / 305),
    "clean": (0.8, 0, 1, 121, 151.5, 21, 51.5, 182 / 285),
    "survey": (30, 0, 100, 153, 53, 53, -47, 53),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_parameter_row_of_the_tornado_matches_the_hand_derivation(doc, name):
    sens = sensitivity(doc)
    assert sens.leader == "survey" and sens.leader_score == pytest.approx(123) and sens.margin == pytest.approx(23)
    (row,) = [r for r in sens.rows if r.input == "parameter" and r.label == name]
    value, low, high, lead_lo, lead_hi, margin_lo, margin_hi, flip = EXPECTED[name]
    assert (row.value, row.low, row.high) == (value, low, high)
    assert (row.leader_low, row.leader_high) == (pytest.approx(lead_lo, abs=TOL), pytest.approx(lead_hi, abs=TOL))
    assert (row.margin_low, row.margin_high) == (pytest.approx(margin_lo, abs=TOL), pytest.approx(margin_hi, abs=TOL))
    assert row.flip_at == pytest.approx(flip, abs=TOL) and row.new_leader == "nosurvey"


def test_the_break_even_values_and_the_other_side_of_the_prior(doc, tmp_path, capsys):
    sens = sensitivity(doc)
    assert sens.parameter_break_even == {k: pytest.approx(v[-1], abs=TOL) for k, v in EXPECTED.items()}
    # Below .25 the lead changes back too, at p = 68/404: scored there from either side.
    for p, leader in ((68 / 404 - 1e-6, "nosurvey"), (68 / 404 + 1e-6, "survey"), (61 / 198 + 1e-6, "nosurvey")):
        E.SetParameter("p_oil", "value", p).apply(doc)
        assert score(doc).leader.node_id == leader, p
    assert main(["score", str(FIXTURE), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sensitivity"]["parameter_break_even"]["survey"] == pytest.approx(53, abs=TOL)
