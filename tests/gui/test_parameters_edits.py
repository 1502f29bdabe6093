"""The parameter and formula edits (no widgets): each undoes exactly, and refuses with one line."""

from __future__ import annotations

import pytest

from argmap.errors import NotFoundError, RuleError
from argmap.gui.parameters import formula_change, parameter_change
from argmap.model import edits as E
from argmap.model.document import Distribution, Parameter
from argmap.scoring import score
from argmap.scoring.formulas import FormulaError


@pytest.fixture
def doc(doc):
    E.AddParameter(Parameter(id="p", value=0.5, min=0, max=1)).apply(doc)
    return doc


def _round_trip(doc, edit):
    before = doc.model_copy(deep=True)
    inverse = edit.apply(doc)
    after = doc.model_copy(deep=True)
    assert after != before
    again = inverse.apply(doc)
    assert doc == before and doc.dump() == before.dump()
    again.apply(doc)
    assert doc == after


@pytest.mark.parametrize("edit", [
    E.AddParameter(Parameter(id="rate", value=3.0)),
    E.AddParameter(Parameter(id="first", value=0.0), index=0),
    E.SetParameter("p", "value", 0.75),
    E.SetParameter("p", "min", None),
    E.SetParameter("p", "distribution", Distribution(kind="beta", alpha=2, beta=3)),
    E.SetParameter("p", "note", "the chance the talks hold"),
    E.SetParameter("p", "id", "p_win"),
    E.RemoveParameter("p"),
    E.SetFormula("c1", "likelihood", "1 - p"),
    E.SetFormula("c1", "impact.us", "p * 4"),
])
def test_every_edit_is_undone_exactly(doc, edit):
    _round_trip(doc, edit)


def test_a_rename_rewrites_only_the_name_and_its_inverse_restores_the_exact_text(doc):
    E.AddParameter(Parameter(id="pp", value=1.0)).apply(doc)
    E.SetFormula("c1", "likelihood", " p*pp -  p ").apply(doc)
    inverse = E.SetParameter("p", "id", "chance").apply(doc)
    assert doc.node("c1").formulas == {"likelihood": "chance*pp -  chance"}
    inverse.apply(doc)
    assert doc.node("c1").formulas == {"likelihood": "p*pp -  p"}


def test_a_rename_counts_columns_in_bytes_as_python_does(doc):
    E.AddParameter(Parameter(id="größe", value=0.25)).apply(doc)
    E.SetFormula("c1", "likelihood", "größe + p").apply(doc)
    E.SetParameter("p", "id", "q").apply(doc)
    assert doc.node("c1").formulas == {"likelihood": "größe + q"}


@pytest.mark.parametrize("edit,message", [
    (E.AddParameter(Parameter(id="p", value=1.0)), "A parameter named 'p' already exists."),
    (E.AddParameter(Parameter(id="2x", value=1.0)), "Parameter name '2x' is not a name a formula can use."),
    (E.AddParameter(Parameter(id="lambda", value=1.0)), "Parameter name 'lambda' is not a name"),
    (E.AddParameter(Parameter(id="r", value=5.0, min=0, max=1)), "Parameter 'r': value 5 is outside its range 0..1."),
    (E.SetParameter("p", "value", 1.5), "Parameter 'p': value 1.5 is outside its range 0..1."),
    (E.SetParameter("p", "min", 2.0), "Parameter 'p': min 2 is above max 1."),
    (E.SetParameter("p", "colour", "red"), "A parameter has no editable field 'colour'."),
    (E.SetFormula("c1", "strength", "p"), "node 'c1': consequence nodes have no strength."),
    (E.SetFormula("c1", "weight", "p"), "'weight' is not an input a formula can give."),
])
def test_refusals_leave_the_map_as_it_was(doc, edit, message):
    before = doc.model_copy(deep=True)
    with pytest.raises(RuleError) as err:
        edit.apply(doc)
    assert message in err.value.message and "\n" not in err.value.message
    assert doc == before


def test_unknown_parameters_and_perspectives_are_not_found(doc):
    with pytest.raises(NotFoundError, match="no parameter with id 'zz'"):
        E.SetParameter("zz", "value", 1).apply(doc)
    with pytest.raises(NotFoundError, match="no perspective with id 'xx'"):
        E.SetFormula("c1", "impact.xx", "p").apply(doc)


def test_removal_is_refused_while_formulas_read_the_parameter(doc):
    E.SetFormula("c1", "likelihood", "1 - p").apply(doc)
    E.SetFormula("c2", "impact.them", "p * 2").apply(doc)
    with pytest.raises(RuleError) as err:
        E.RemoveParameter("p").apply(doc)
    assert err.value.message == ("Parameter 'p' cannot be removed: the formula of node 'c1' likelihood ('1 - p') "
                                 "and 1 more reads it.")
    assert err.value.hint == "Change or clear those formulas first."


def test_changes_carry_the_values_formulas_give_into_their_fields(doc):
    change = formula_change(doc, "c2", "likelihood", "p * 2")
    change.apply(doc)
    assert doc.node("c2").likelihood == 1.0
    with pytest.raises(FormulaError, match=r"'p \* 2' gives 1.2, outside 0..1"):
        parameter_change(doc, E.SetParameter("p", "value", 0.6))
    parameter_change(doc, E.SetParameter("p", "value", 0.2)).apply(doc)
    assert doc.node("c2").likelihood == 0.4
    assert score(doc).option("o2").overall == pytest.approx(0.4 * 1.5)
