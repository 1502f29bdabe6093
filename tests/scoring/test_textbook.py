"""Published decision trees written as argument maps give their published expected values."""

from __future__ import annotations

import pytest

from argmap.model import Kind
from argmap.scoring import score
from scoring_maps import build

MONEY = (("money", 1.0),)


def oil_wildcatter():
    """The oil wildcatter of the SAS/OR PROC DTREE introductory example (after Raiffa).

    Drilling costs 150k/300k/500k with chances .2/.6/.2; the well is dry, wet or
    soaking with chances .5/.3/.2 and pays 0/700k/1.2M. Published expected value
    of drilling: 140,000; not drilling: 0.
    """
    return build([
        ("q", "question", None, {"text": "Drill for oil?"}),
        ("drill", "option", "q", {"text": "Drill"}),
        ("cost", "scenario", "drill", {"text": "Cost of drilling"}),
        ("low", "consequence", "cost", {"likelihood": 0.2, "impact": {"money": -150_000}}),
        ("fair", "consequence", "cost", {"likelihood": 0.6, "impact": {"money": -300_000}}),
        ("high", "consequence", "cost", {"likelihood": 0.2, "impact": {"money": -500_000}}),
        ("oil", "scenario", "drill", {"text": "What the well holds"}),
        ("dry", "consequence", "oil", {"likelihood": 0.5, "impact": {"money": 0}}),
        ("wet", "consequence", "oil", {"likelihood": 0.3, "impact": {"money": 700_000}}),
        ("soak", "consequence", "oil", {"remainder": True, "impact": {"money": 1_200_000}}),
        ("nodrill", "option", "q", {"text": "Do not drill", "impact": {"money": 0}}),
    ], MONEY, scale=(-1_000_000, 2_000_000, "$"))


def test_oil_wildcatter_expected_value_is_140000():
    s = score(oil_wildcatter())
    drill = s.option("drill")
    assert drill.overall == pytest.approx(140_000, abs=1e-6)
    assert drill.per_perspective == {"money": pytest.approx(140_000, abs=1e-6)}
    assert s.option("nodrill").overall == 0
    assert s.leader.node_id == "drill"
    parts = {c.node_id: c.overall for c in drill.contributions}
    assert parts == {"cost": pytest.approx(-310_000), "oil": pytest.approx(450_000)}
    assert drill.unweighed == 0


def texaco_pennzoil():
    """Liedtke's decision in the Texaco-Pennzoil case (Clemen & Reilly, *Making Hard Decisions*, ch. 4).

    Accept Texaco's $2 billion, or counter with $5 billion: Texaco accepts (.17),
    refuses and the case goes to court (.50: awards 10.3 / 5 / 0 with .2/.5/.3),
    or counters with $3 billion (.33), when Liedtke decides again. Published:
    the court is worth 4.56 and the counteroffer has an expected value of
    $4.63 billion (4.6348), so Liedtke should counter and refuse $3 billion.
    The court branch is shared: "refuse $3 billion" leads to it by a link.
    """
    return build([
        ("q", "question", None, {"text": "Respond to Texaco's $2 billion offer"}),
        ("accept2", "option", "q", {"text": "Accept $2 billion", "impact": {"money": 2}}),
        ("counter", "option", "q", {"text": "Counteroffer $5 billion"}),
        ("reaction", "scenario", "counter", {"text": "Texaco's reaction"}),
        ("t_accepts", "consequence", "reaction", {"likelihood": 0.17, "impact": {"money": 5}}),
        ("t_refuses", "consequence", "reaction", {"likelihood": 0.50}),
        ("court", "consequence", "t_refuses", {"text": "Final court decision", "likelihood": 1.0}),
        ("award", "scenario", "court"),
        ("high", "consequence", "award", {"likelihood": 0.2, "impact": {"money": 10.3}}),
        ("mid", "consequence", "award", {"likelihood": 0.5, "impact": {"money": 5}}),
        ("none", "consequence", "award", {"likelihood": 0.3, "impact": {"money": 0}}),
        ("t_counters", "consequence", "reaction", {"likelihood": 0.33}),
        ("q3", "question", "t_counters", {"text": "Texaco offers $3 billion"}),
        ("refuse3", "option", "q3", {"text": "Refuse $3 billion"}),
        ("accept3", "option", "q3", {"text": "Accept $3 billion", "impact": {"money": 3}}),
    ], MONEY, links=[("refuse3", "court", "leads_to")], scale=(0, 11, "$ billion"))


def test_texaco_pennzoil_counteroffer_is_worth_4_63_billion():
    s = score(texaco_pennzoil())
    assert s.values["court"]["money"] == pytest.approx(4.56)
    assert s.values["q3"]["money"] == pytest.approx(4.56)  # the later decision: refuse $3 billion
    assert s.option("counter").overall == pytest.approx(4.6348)
    assert round(s.option("counter").overall, 2) == 4.63
    assert [o.node_id for o in s.options] == ["counter", "accept2"]


def goferbroke():
    """The Goferbroke Company (Hillier & Lieberman, *Introduction to Operations Research*, decision analysis).

    Oil with prior .25: drilling pays 700 if oil, -100 if dry; selling the land
    pays 90 ($ thousands). A seismic survey costs 30 and is favourable with
    chance .3 (then oil .5) or unfavourable with .7 (then oil 1/7). Published:
    without the survey drilling is worth 100; the optimal policy surveys, drills
    after a favourable result and sells after an unfavourable one, for an
    expected payoff of 123.
    """
    def later(prefix: str, parent: str, oil: float) -> list[tuple]:
        return [
            (f"{prefix}q", "question", parent, {"text": "Drill or sell?"}),
            (f"{prefix}drill", "option", f"{prefix}q", {"text": "Drill"}),
            (f"{prefix}well", "scenario", f"{prefix}drill"),
            (f"{prefix}oil", "consequence", f"{prefix}well", {"likelihood": oil, "impact": {"money": 700}}),
            (f"{prefix}dry", "consequence", f"{prefix}well", {"remainder": True, "impact": {"money": -100}}),
            (f"{prefix}sell", "option", f"{prefix}q", {"text": "Sell the land", "impact": {"money": 90}}),
        ]

    return build([
        ("q", "question", None, {"text": "Survey before deciding?"}),
        ("nosurvey", "option", "q", {"text": "Decide without a survey"}),
        ("now", "consequence", "nosurvey", {"likelihood": 1.0}),
        *later("n_", "now", 0.25),
        ("survey", "option", "q", {"text": "Do a seismic survey", "impact": {"money": -30}}),
        ("result", "scenario", "survey"),
        ("fss", "consequence", "result", {"likelihood": 0.3, "text": "Favourable"}),
        *later("f_", "fss", 0.5),
        ("uss", "consequence", "result", {"remainder": True, "text": "Unfavourable"}),
        *later("u_", "uss", 1 / 7),
    ], MONEY, scale=(-1000, 1000, "$ thousand"))


def test_goferbroke_survey_policy_is_worth_123_thousand():
    doc = goferbroke()
    s = score(doc)
    assert s.option("nosurvey").overall == pytest.approx(100)
    assert s.option("survey").overall == pytest.approx(123)
    assert s.values["f_q"]["money"] == pytest.approx(300)  # drill after a favourable survey
    assert s.values["u_q"]["money"] == pytest.approx(90)  # sell after an unfavourable one
    assert s.argued["uss"] == pytest.approx(0.7)
    assert s.leader.node_id == "survey"
    assert all(doc.node(o.node_id).kind is Kind.OPTION for o in s.options)


@pytest.mark.parametrize("make", [oil_wildcatter, texaco_pennzoil, goferbroke])
def test_textbook_maps_are_valid_maps(make):
    from argmap.model import check

    assert [d for d in check(make()) if d.severity == "error"] == []
