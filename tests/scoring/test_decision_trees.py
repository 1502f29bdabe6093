"""Decision trees in full: a decision after an option or a chance fork, a chance fork first, fixed policies,
and the option each later decision takes (Scores, score text and --json)."""

from __future__ import annotations

import json

import pytest

from argmap.cli import main
from argmap.io import jsondoc
from argmap.model import Kind, Node, check
from argmap.model import edits as E
from argmap.scoring import score
from argmap.scoring.live import LiveScores
from argmap.scoring.simulate import simulate
from scoring_maps import build

MONEY = (("money", 1.0),)


def _drill(prefix: str, parent: str, well: tuple[float, float]) -> list[tuple]:
    """A drill-or-not decision: drilling costs 70 and the well is dry, wet or soaking (0 / 120 / 270)."""
    dry, wet = well
    return [
        (f"{prefix}q", "question", parent, {"text": "Drill?"}),
        (f"{prefix}drill", "option", f"{prefix}q", {"text": "Drill", "impact": {"money": -70}}),
        (f"{prefix}well", "scenario", f"{prefix}drill"),
        (f"{prefix}dry", "consequence", f"{prefix}well", {"likelihood": dry, "impact": {"money": 0}}),
        (f"{prefix}wet", "consequence", f"{prefix}well", {"likelihood": wet, "impact": {"money": 120}}),
        (f"{prefix}soak", "consequence", f"{prefix}well", {"remainder": True, "impact": {"money": 270}}),
        (f"{prefix}no", "option", f"{prefix}q", {"text": "Do not drill", "impact": {"money": 0}}),
    ]


def sounding_then_drill():
    """An oil wildcatter who may take a seismic sounding (cost 10, $ thousand) before deciding to drill.

    Prior: dry .5, wet .3, soaking .2. The sounding shows no structure, open or closed structure
    with chances P(result | well) dry .6/.3/.1, wet .3/.4/.3, soaking .1/.4/.5, so P(result) is
    .41 / .35 / .24 and the well given the result (Bayes) is
      no structure: .30/.41, .09/.41, .02/.41 -> drilling is worth -70 + 16.2/.41 = -30.49: do not drill;
      open:         .15/.35, .12/.35, .08/.35 -> -70 + 36/.35 = 32.86: drill;
      closed:       .05/.24, .09/.24, .10/.24 -> -70 + 37.8/.24 = 87.5: drill.
    Without the sounding drilling is worth -70 + 36 + 54 = 20. With it: -10 + .35*32.86 + .24*87.5 = 22.5.
    """
    return build([
        ("q", "question", None, {"text": "Take a seismic sounding first?"}),
        ("nosound", "option", "q", {"text": "Decide without it"}),
        *_drill("n_", "nosound", (0.5, 0.3)),  # an option leads straight to the next decision
        ("sound", "option", "q", {"text": "Take the sounding", "impact": {"money": -10}}),
        ("result", "scenario", "sound", {"text": "What the sounding shows"}),
        ("ns", "consequence", "result", {"likelihood": 0.41, "text": "No structure"}),
        *_drill("ns_", "ns", (0.30 / 0.41, 0.09 / 0.41)),
        ("os", "consequence", "result", {"likelihood": 0.35, "text": "Open structure"}),
        *_drill("os_", "os", (0.15 / 0.35, 0.12 / 0.35)),
        ("cs", "consequence", "result", {"remainder": True, "text": "Closed structure"}),
        *_drill("cs_", "cs", (0.05 / 0.24, 0.09 / 0.24)),
    ], MONEY, scale=(-100, 300, "$ thousand"))


def weather_first():
    """A chance fork before the first decision: sunny (.6) or rainy, then take an umbrella or not.

    Sunny: umbrella 2, none 5 -> none; rainy: umbrella 3, none -6 -> umbrella. Worth .6*5 + .4*3 = 4.2.
    """
    def later(prefix: str, parent: str, umbrella: float, none: float) -> list[tuple]:
        return [
            (f"{prefix}q", "question", parent, {"text": "Take an umbrella?"}),
            (f"{prefix}u", "option", f"{prefix}q", {"text": "Umbrella", "impact": {"money": umbrella}}),
            (f"{prefix}n", "option", f"{prefix}q", {"text": "No umbrella", "impact": {"money": none}}),
        ]

    return build([
        ("q", "question", None, {"text": "A day out"}),
        ("weather", "scenario", "q", {"text": "The weather"}),
        ("sun", "consequence", "weather", {"likelihood": 0.6}),
        *later("s_", "sun", 2, 5),
        ("rain", "consequence", "weather", {"remainder": True}),
        *later("r_", "rain", 3, -6),
    ], MONEY)


def test_two_stage_decision_takes_the_sounding_and_drills_unless_there_is_no_structure():
    doc = sounding_then_drill()
    assert [d for d in check(doc) if d.severity == "error"] == []
    s = score(doc)
    assert s.option("nosound").overall == pytest.approx(20)
    assert s.option("sound").overall == pytest.approx(22.5)
    assert s.leader.node_id == "sound"
    assert s.tree_value == pytest.approx(22.5)
    assert s.decisions == {"n_q": "n_drill", "ns_q": "ns_no", "os_q": "os_drill", "cs_q": "cs_drill"}
    assert s.fixed == []
    assert s.value("ns_drill") == pytest.approx(-70 + 16.2 / 0.41)
    assert s.value("ns_q") == 0
    assert s.value("os_q") == pytest.approx(-70 + 36 / 0.35)
    assert s.value("cs_q") == pytest.approx(87.5)


def test_a_policy_fixes_a_later_decision_and_changes_the_leader():
    doc = sounding_then_drill()
    E.SetPolicy("ns_q", "ns_drill").apply(doc)  # drill even when the sounding shows no structure
    s = score(doc)
    assert s.decisions["ns_q"] == "ns_drill"
    assert s.fixed == ["ns_q"]
    assert s.value("ns_q") == pytest.approx(-70 + 16.2 / 0.41)
    assert s.option("sound").overall == pytest.approx(10.0)
    assert s.leader.node_id == "nosound"


def test_a_chance_fork_first_is_worth_its_outcomes_best_decisions():
    doc = weather_first()
    assert [d for d in check(doc) if d.severity == "error"] == []
    s = score(doc)
    assert s.options == []
    assert s.tree_value == pytest.approx(0.6 * 5 + 0.4 * 3)
    assert s.decisions == {"s_q": "s_n", "r_q": "r_u"}


def test_a_question_with_options_and_a_chance_fork_is_an_error():
    doc = weather_first()
    E.AddNode(Node(id="x", kind=Kind.OPTION, parent="q", text="Stay in")).apply(doc)
    problems = [d for d in check(doc) if d.severity == "error"]
    assert any("options and a chance fork" in d.message for d in problems)


def test_a_policy_naming_no_option_of_its_question_is_an_error():
    doc = sounding_then_drill()
    doc.policy = {"ns_q": "os_drill", "ghost": "n_drill"}
    messages = {d.path: d.message for d in check(doc)}
    assert "is not an option of question 'ns_q'" in messages["policy.ns_q"]
    assert "not the id of a question" in messages["policy.ghost"]
    assert score(doc).decisions["ns_q"] == "ns_no"  # an invalid entry fixes nothing


def test_live_scores_follow_a_policy_edit_and_its_undo():
    doc = sounding_then_drill()
    live = LiveScores(doc)
    live.scores()
    inverse = E.SetPolicy("ns_q", "ns_drill").apply(doc)
    live.changed(E.SetPolicy("ns_q", "ns_drill"))
    assert live.scores().decisions == score(doc).decisions
    assert live.scores().option("sound").overall == pytest.approx(10.0)
    inverse.apply(doc)
    live.changed(inverse)
    assert live.scores().option("sound").overall == pytest.approx(22.5)
    # a value edit under a later decision can change the option it takes
    E.SetLikelihood("os_dry", 0.9).apply(doc)
    live.changed(E.SetLikelihood("os_dry", 0.9))
    assert live.scores().decisions == score(doc).decisions
    assert live.scores().decisions["os_q"] == "os_no"


def test_simulation_follows_the_policy():
    doc = sounding_then_drill()
    E.SetPolicy("ns_q", "ns_drill").apply(doc)
    sim = simulate(doc, 50, seed=1)
    means = {o.id: o.mean for o in sim.options}
    assert means["sound"] == pytest.approx(10.0)
    assert means["nosound"] == pytest.approx(20.0)


def test_score_text_and_json_show_each_later_decision(tmp_path, capsys):
    doc = sounding_then_drill()
    E.SetPolicy("os_q", "os_drill").apply(doc)
    path = tmp_path / "sounding.argmap.json"
    jsondoc.write(doc, path)
    assert main(["score", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Later decisions" in out
    assert "(ns_q) -> Do not drill (ns_no): +0.00" in out
    assert "(os_q)* -> Drill (os_drill): +32.86" in out
    assert main(["score", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["decisions"] == {"n_q": "n_drill", "ns_q": "ns_no", "os_q": "os_drill", "cs_q": "cs_drill"}
    assert data["fixed"] == ["os_q"]
    assert data["values"]["cs_q"] == pytest.approx(87.5)
    assert data["values"]["sound"] == pytest.approx(22.5)
    assert data["tree_value"] == pytest.approx(22.5)


def test_score_text_of_a_chance_fork_first(tmp_path, capsys):
    path = tmp_path / "day.argmap.json"
    jsondoc.write(weather_first(), path)
    assert main(["score", str(path)]) == 0
    out = capsys.readouterr().out
    assert "opens with a chance fork: its expected value is +4.20" in out
    assert "(r_q) -> Umbrella (r_u): +3.00" in out
