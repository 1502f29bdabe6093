"""Simulation drawn from a class's weighings: whole students (a bootstrap) and input-by-input mixing."""

from __future__ import annotations

import itertools
import json

import pytest
from scoring_maps import build

from argmap.cli import main
from argmap.io import jsondoc
from argmap.model import weighings as W
from argmap.model.document import NodeValues, Weighing
from argmap.scoring.classroom import class_view
from argmap.scoring.simulate import SimulationError, simulate


def _map():
    """Three options, each with one consequence worth 10 points at some likelihood; the author's values blank."""
    return build([
        ("q", "question", None),
        ("a", "option", "q"), ("ca", "consequence", "a"),
        ("b", "option", "q"), ("cb", "consequence", "b"),
        ("c", "option", "q"), ("cc", "consequence", "c"),
    ], perspectives=(("x", 1.0), ("y", 1.0)))


def _student(doc, sid, la, lb, lc, weights=None, impact=10.0):
    values = {nid: NodeValues(likelihood=p, impact={"x": impact, "y": impact})
              for nid, p in (("ca", la), ("cb", lb), ("cc", lc)) if p is not None}
    W.AddWeighing(Weighing(id=sid, name=sid.upper(), values=values, weights=weights or {})).apply(doc)


@pytest.fixture
def classroom():
    """Students s1 and s3 rank a first, s2 ranks b first; nobody ranks c first."""
    doc = _map()
    _student(doc, "s1", 0.9, 0.2, 0.1)
    _student(doc, "s2", 0.3, 0.8, 0.5)
    _student(doc, "s3", 0.6, 0.5, 0.4)
    return doc


def test_whole_students_give_each_option_the_share_of_students_it_leads_for(classroom):
    view = class_view(classroom)
    assert [s.leader for s in view.students] == ["a", "b", "a"]
    sim = simulate(classroom, 6000, seed=5, from_class=True)
    assert (sim.source, sim.students, sim.samples) == ("students", 3, 6000)
    got = {o.id: o.p_best for o in sim.options}
    # binomial standard error for p = 2/3 and N = 6000 is 0.006: four of them
    assert got["a"] == pytest.approx(2 / 3, abs=0.025)
    assert got["b"] == pytest.approx(1 / 3, abs=0.025)
    assert got["c"] == 0.0
    assert sum(got.values()) == pytest.approx(1.0)
    # every sample is one student's scores, so the percentiles are students' scores
    a = {o.id: o for o in sim.options}["a"]
    students = sorted(s.scores["a"] for s in view.students)
    assert a.p5 == pytest.approx(students[0]) and a.p95 == pytest.approx(students[-1])
    assert students[0] < a.mean < students[-1]


def test_whole_students_drivers_name_the_inputs_the_leader_turns_on(classroom):
    sim = simulate(classroom, 6000, seed=5, from_class=True)
    # the class mean puts a ahead; a student who rates b likely goes with b
    assert sim.leader == "a" and sim.driver_target == "leader changes"
    top = {(d.node, d.input): d.correlation for d in sim.drivers}
    # Pearson of (0.2, 0.8, 0.5) and of (0.9, 0.3, 0.6) with "b leads" (0, 1, 0), students equally drawn
    assert top[("cb", "likelihood")] == pytest.approx(3 ** 0.5 / 2, abs=0.02)
    assert top[("ca", "likelihood")] == pytest.approx(-(3 ** 0.5) / 2, abs=0.02)
    assert ("cc", "likelihood") in top


def test_the_same_seed_gives_the_same_class_samples(classroom):
    one = simulate(classroom, 3000, seed=9, from_class=True)
    two = simulate(classroom, 3000, seed=9, from_class=True)
    assert [(o.id, o.p_best, o.mean) for o in one.options] == [(o.id, o.p_best, o.mean) for o in two.options]


def test_mixed_inputs_agree_with_exact_enumeration():
    """a's likelihood from 3 students, its impact from the 2 who weighed it; b fixed at 4 points.

    Each of the 3 x 2 combinations is equally likely, so P(a best) is the share of combinations
    in which likelihood x impact beats 4.
    """
    doc = build([("q", "question", None),
                 ("a", "option", "q"), ("ca", "consequence", "a"),
                 ("b", "option", "q")])
    rows = [("s1", 0.2, 10.0), ("s2", 0.5, None), ("s3", 0.9, 6.0)]
    for sid, p, impact in rows:
        values = {"ca": NodeValues(likelihood=p, impact={} if impact is None else {"a": impact}),
                  "b": NodeValues(impact={"a": 4.0})}
        W.AddWeighing(Weighing(id=sid, values=values)).apply(doc)
    combos = list(itertools.product([0.2, 0.5, 0.9], [10.0, 6.0]))
    exact = sum(p * v > 4.0 for p, v in combos) / len(combos)
    exact_mean = sum(p * v for p, v in combos) / len(combos)
    assert exact == pytest.approx(3 / 6)  # 0.5*10, 0.9*10, 0.9*6
    sim = simulate(doc, 6000, seed=2, from_class=True, mix=True)
    got = {o.id: o for o in sim.options}
    assert sim.source == "mixed"
    assert got["a"].p_best == pytest.approx(exact, abs=0.03)
    assert got["a"].mean == pytest.approx(exact_mean, abs=0.1)
    assert got["b"].mean == got["b"].p5 == got["b"].p95 == 4.0
    # whole students: s2 has no impact on ca, so a is unweighed for s2 and b leads there
    whole = {o.id: o.p_best for o in simulate(doc, 6000, seed=2, from_class=True).options}
    assert whole["a"] == pytest.approx(1 / 3, abs=0.025)  # s1: 2 < 4; s2: a unweighed; s3: 5.4 > 4


def test_mixing_takes_one_students_weights_as_a_set():
    """Weights (x, y) of (1, 0), (0, 1), (1, 1): a is worth 10 to x, b 6 to y; a leads for the 1st and 3rd."""
    doc = build([("q", "question", None), ("a", "option", "q"), ("b", "option", "q")],
                perspectives=(("x", 1.0), ("y", 1.0)))
    for sid, wx, wy in (("s1", 1.0, 0.0), ("s2", 0.0, 1.0), ("s3", 1.0, 1.0)):
        values = {"a": NodeValues(impact={"x": 10.0, "y": 0.0}), "b": NodeValues(impact={"x": 0.0, "y": 6.0})}
        W.AddWeighing(Weighing(id=sid, values=values, weights={"x": wx, "y": wy})).apply(doc)
    sim = simulate(doc, 6000, seed=4, from_class=True, mix=True)
    # drawn separately, the weights would also give (0, 0) (no score) and (1, 1) more often
    assert {o.id: o.p_best for o in sim.options}["a"] == pytest.approx(2 / 3, abs=0.025)
    drivers = {(d.input, d.node): d.correlation for d in sim.drivers}
    # y's share is 0, 1 or 0.5 and b leads only at 1: Pearson sqrt(3)/2 (x's share: the opposite)
    assert drivers[("weight", "y")] == pytest.approx(3 ** 0.5 / 2, abs=0.02)
    assert drivers[("weight", "x")] == pytest.approx(-(3 ** 0.5) / 2, abs=0.02)


def test_a_map_without_students_cannot_draw_from_the_class():
    doc = _map()
    with pytest.raises(SimulationError, match="no students' weighings"):
        simulate(doc, 100, seed=1, from_class=True)


def test_a_spread_or_a_mix_alone_is_refused(classroom):
    with pytest.raises(SimulationError, match="spread"):
        simulate(classroom, 100, seed=1, from_class=True, spread=0.1)
    with pytest.raises(SimulationError, match="class"):
        simulate(classroom, 100, seed=1, mix=True)


def test_the_active_students_values_are_drawn_as_they_are_now(classroom):
    """With s2 active, its values are on the nodes: an edit there counts, not its stored copy."""
    from argmap.model import edits as E

    W.SwitchWeighing("s2").apply(classroom)
    E.SetLikelihood("cb", 0.1).apply(classroom)  # s2 now ranks c first (0.5 > 0.3 > 0.1)
    got = {o.id: o.p_best for o in simulate(classroom, 6000, seed=5, from_class=True).options}
    assert got["c"] == pytest.approx(1 / 3, abs=0.025) and got["b"] == 0.0


def test_score_command_draws_from_the_class(tmp_path, capsys, classroom):
    path = tmp_path / "class.argmap.json"
    jsondoc.write(classroom, path)
    assert main(["score", str(path), "--simulate", "3000", "--seed", "1", "--from-class", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)["simulation"]
    assert data["source"] == "students" and data["students"] == 3
    assert {o["id"]: o["p_best"] for o in data["options"]}["a"] == pytest.approx(2 / 3, abs=0.03)
    assert main(["score", str(path), "--simulate", "3000", "--seed", "1", "--from-class", "--mix"]) == 0
    out = capsys.readouterr().out
    assert "drawn from the class's 3 weighings, input by input" in out


def test_score_command_usage_errors(tmp_path, capsys, classroom):
    path = tmp_path / "class.argmap.json"
    jsondoc.write(classroom, path)
    assert main(["score", str(path), "--from-class"]) == 2
    assert "--from-class needs --simulate N" in capsys.readouterr().err
    assert main(["score", str(path), "--simulate", "100", "--mix"]) == 2
    assert "--mix needs --from-class" in capsys.readouterr().err
    assert main(["score", str(path), "--simulate", "100", "--from-class", "--spread", "0.1"]) == 2
    assert "--spread" in capsys.readouterr().err
    blank = tmp_path / "blank.argmap.json"
    jsondoc.write(_map(), blank)
    assert main(["score", str(blank), "--simulate", "100", "--from-class"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {blank}: the map has no students' weighings") and "hint:" in err
