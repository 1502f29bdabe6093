"""Named parameters: inputs given as formulas, their errors, and parameters in the tornado."""

from __future__ import annotations

import json

import pytest
from scoring_maps import build

from argmap.cli import main
from argmap.io import jsondoc
from argmap.model.document import Distribution, Parameter
from argmap.scoring import score, sensitivity
from argmap.scoring.formulas import FormulaError, parse
from argmap.scoring.live import LiveScores


def _priced(formulas=None, price=2.0):
    doc = build([
        ("q", "question", None),
        ("a", "option", "q"),
        ("c", "consequence", "a", {"likelihood": 0.5, "impact": {"a": 1},
                                   "formulas": formulas or {"impact.a": "-price * 2", "likelihood": "1 - p"}}),
        ("b", "option", "q", {"impact": {"a": -3.5}}),
    ])
    doc.parameters = [Parameter(id="price", value=price, min=0, max=4),
                      Parameter(id="p", value=0.25, distribution=Distribution(kind="uniform", low=0, high=1))]
    return doc


def test_formulas_give_the_inputs():
    s = score(_priced())
    assert s.option("a").overall == pytest.approx(-(2 * 2) * 0.75)
    assert s.argued["c"] == pytest.approx(0.75)
    assert s.leader.node_id == "a"


def test_parameters_swing_in_the_tornado_with_their_break_even():
    sens = sensitivity(_priced())
    rows = {r.label: r for r in sens.rows if r.input == "parameter"}
    assert set(rows) == {"price", "p"}
    assert (rows["price"].low, rows["price"].high) == (0, 4)
    assert (rows["p"].low, rows["p"].high) == (0, 1)  # from its distribution
    # -2·price·0.75 = -3.5 and -4·(1 - p) = -3.5
    assert rows["price"].flip_at == pytest.approx(7 / 3, abs=1e-6) and rows["price"].new_leader == "b"
    assert rows["p"].flip_at == pytest.approx(0.125, abs=1e-6)
    assert sens.parameter_break_even == {"price": pytest.approx(7 / 3, abs=1e-6), "p": pytest.approx(0.125, abs=1e-6)}


@pytest.mark.parametrize("text,problem", [
    ("-prise * 2", "node 'c' field impact.a: unknown parameter 'prise'"),
    ("-price *", "node 'c' field impact.a: '-price *' is not a formula (syntax error"),
    ("price / (p - 0.25)", "node 'c' field impact.a: 'price / (p - 0.25)' divides by zero"),
    ("price * 6", "node 'c' field impact.a: 'price * 6' gives 12, outside -10..10"),
    ("__import__('os').getcwd()", "node 'c' field impact.a: '__import__('os').getcwd()' uses Call"),
    ("price.real", "uses Attribute"),
    ("2 ** 1000", "gives a number too large"),
])
def test_bad_formulas_are_one_line_naming_node_field_and_problem(text, problem):
    with pytest.raises(FormulaError) as err:
        score(_priced({"impact.a": text}))
    assert problem in err.value.message and "\n" not in err.value.message


def test_a_parameter_outside_its_range_is_refused(tmp_path, capsys):
    doc = _priced(price=5.0)
    with pytest.raises(FormulaError, match=r"parameter 'price': value 5 is outside its range 0\.\.4"):
        score(doc)
    path = tmp_path / "bad.argmap.json"
    jsondoc.write(doc, path)
    assert main(["score", str(path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].startswith("error: ") and "parameter 'price'" in err[0]


def test_a_formula_for_a_field_the_kind_lacks_is_refused():
    with pytest.raises(FormulaError, match="node 'c' field strength: consequence nodes have no strength"):
        score(_priced({"strength": "p"}))


def test_formulas_only_do_arithmetic():
    f = parse("n", "likelihood", "-(a + 2) * b / 4 - a ** 2", {"a": 0, "b": 0})
    assert f.names == {"a", "b"}
    assert f.evaluate({"a": 1.0, "b": 2.0}) == pytest.approx(-(3) * 2 / 4 - 1)


def test_live_scores_follow_formulas_after_a_value_edit():
    from argmap.model import edits as E
    doc = _priced()
    live = LiveScores(doc)
    live.scores()
    E.SetLikelihood("c", 0.1).apply(doc)  # the formula still gives the likelihood
    live.changed(E.SetLikelihood("c", 0.1))
    assert live.scores().option("a").overall == pytest.approx(-3.0)


def test_score_json_reports_parameter_break_even(tmp_path, capsys):
    path = tmp_path / "p.argmap.json"
    jsondoc.write(_priced(), path)
    assert main(["score", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sensitivity"]["parameter_break_even"]["price"] == pytest.approx(7 / 3, abs=1e-6)
    assert any(r["input"] == "parameter" and r["label"] == "p" for r in data["sensitivity"]["rows"])
