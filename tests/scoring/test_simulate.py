"""Monte Carlo simulation: chances of being best agree with exact answers; the command's JSON shape."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scoring_maps import build

from argmap.cli import main
from argmap.io import jsondoc
from argmap.model import edits as E
from argmap.model.document import Distribution, Parameter
from argmap.scoring import score
from argmap.scoring.simulate import SimulationError, simulate


def _pair(b_impact=4.0):
    """Option a: a consequence worth 10 with likelihood x, backed by a pro of strength y; option b: a fixed impact."""
    return build([
        ("q", "question", None),
        ("a", "option", "q"), ("c", "consequence", "a", {"likelihood": 0.5, "impact": {"a": 10}}),
        ("p", "pro", "c", {"strength": 0.5}),
        ("b", "option", "q", {"impact": {"a": b_impact}}),
    ])


def test_p_best_agrees_with_exact_enumeration_over_a_grid():
    """x and y uniform on 0..1: enumerate a 40 x 40 grid of midpoints with the ordinary scorer and compare."""
    doc = _pair()
    doc.node("c").uncertainty = {"likelihood": Distribution(kind="uniform", low=0, high=1)}
    doc.node("p").uncertainty = {"strength": Distribution(kind="beta", alpha=1, beta=1)}  # uniform too
    grid = (np.arange(40) + 0.5) / 40
    wins, means = 0, []
    for x in grid:
        for y in grid:
            E.SetLikelihood("c", float(x)).apply(doc)
            E.SetStrength("p", float(y)).apply(doc)
            s = score(doc)
            wins += s.leader.node_id == "a"
            means.append(s.option("a").overall)
    exact_p, exact_mean = wins / grid.size ** 2, float(np.mean(means))
    sim = simulate(doc, 40_000, seed=3)
    got = {o.id: o for o in sim.options}
    assert got["a"].p_best == pytest.approx(exact_p, abs=0.02)
    assert got["a"].p_best + got["b"].p_best == pytest.approx(1.0)
    assert got["a"].mean == pytest.approx(exact_mean, abs=0.05)
    assert got["b"].mean == got["b"].p5 == got["b"].p95 == 4.0


def test_p_best_matches_the_closed_form_for_a_triangular_rival():
    """a = 10x with x ~ U(0, 1); b ~ triangular(0, 2, 8): P(a best) = 1 - E[b]/10 = 1 - (10/3)/10 = 2/3."""
    doc = build([("q", "question", None),
                 ("a", "option", "q"), ("c", "consequence", "a", {"likelihood": 0.5, "impact": {"a": 10}}),
                 ("b", "option", "q", {"impact": {"a": 2}})])
    doc.node("c").uncertainty = {"likelihood": Distribution(kind="uniform")}
    doc.node("b").uncertainty = {"impact.a": Distribution(kind="triangular", low=0, mode=2, high=8)}
    sim = simulate(doc, 60_000, seed=11)
    assert {o.id: o.p_best for o in sim.options}["a"] == pytest.approx(2 / 3, abs=0.01)
    assert {d.node for d in sim.drivers} == {"c", "b"}


def test_a_parameters_distribution_reaches_its_formulas_and_drives_the_lead():
    doc = _pair()
    doc.parameters = [Parameter(id="price", value=1, min=0, max=2,
                                distribution=Distribution(kind="normal", mean=1, sd=0.5))]
    doc.node("b").formulas = {"impact.a": "3 + price"}
    sim = simulate(doc, 20_000, seed=5)
    assert sim.drivers[0].input == "parameter" and sim.drivers[0].node == "price"
    assert sim.drivers[0].correlation > 0.5  # a higher price makes b, the rival, lead
    b = {o.id: o for o in sim.options}["b"]
    assert 3.0 <= b.p5 < b.mean < b.p95 <= 5.0  # the normal is cut to the parameter's range


def test_the_same_seed_gives_the_same_simulation():
    doc = _pair()
    doc.node("c").uncertainty = {"likelihood": Distribution(kind="triangular", low=0.2, high=0.9)}
    assert simulate(doc, 500, seed=9) == simulate(doc, 500, seed=9)


def test_without_distributions_every_sample_is_the_leader_unless_spread():
    sim = simulate(_pair(), 1000, seed=1)
    assert [(o.id, o.p_best) for o in sim.options] == [("a", 1.0), ("b", 0.0)] and sim.drivers == []
    spread = simulate(_pair(), 5000, seed=1, spread=0.4)
    assert 0 < {o.id: o.p_best for o in spread.options}["b"] < 1


def test_a_distribution_that_cannot_be_drawn_is_one_line():
    doc = _pair()
    doc.node("c").uncertainty = {"likelihood": Distribution(kind="beta", alpha=2)}
    with pytest.raises(SimulationError, match="node 'c' field likelihood: a beta distribution needs alpha and beta"):
        simulate(doc, 10, seed=1)


def test_score_simulate_json_shape_and_text(tmp_path, capsys):
    doc = _pair()
    doc.node("c").uncertainty = {"likelihood": Distribution(kind="uniform")}
    path = tmp_path / "s.argmap.json"
    jsondoc.write(doc, path)
    assert main(["score", str(path), "--simulate", "2000", "--seed", "4", "--json"]) == 0
    sim = json.loads(capsys.readouterr().out)["simulation"]
    assert sim["samples"] == 2000 and sim["seed"] == 4
    assert set(sim["options"][0]) == {"id", "p_best", "mean", "p5", "p95"}
    assert set(sim["drivers"][0]) == {"input", "node", "correlation"} and sim["drivers"][0]["node"] == "c"
    assert main(["score", str(path), "--simulate", "2000", "--seed", "4"]) == 0
    out = capsys.readouterr().out
    assert "Simulation: 2000 samples (seed 4)" in out and "P(best)" in out and "c likelihood:" in out
