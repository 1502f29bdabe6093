"""The document's weighing settings: ranking, parameters, formulas and input distributions."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from argmap.io import jsondoc
from argmap.model.document import RANKINGS, Distribution, Document, Node, Parameter


def test_ranking_defaults_to_impact_and_refuses_unknown_names():
    doc = Document()
    assert doc.ranking == "impact" and "ranking" not in doc.dump()
    doc.ranking = "impact-scaled"
    assert doc.ranking in RANKINGS
    with pytest.raises(ValidationError):
        doc.ranking = "popularity"


def test_parameters_formulas_and_distributions_round_trip():
    doc = Document(
        ranking="support",
        parameters=[Parameter(id="price", value=3.5, min=1, max=9,
                              distribution=Distribution(kind="triangular", low=1, mode=3, high=9))],
        nodes=[Node(id="q", kind="question"),
               Node(id="c", kind="consequence", parent="q", likelihood=0.4,
                    formulas={"impact.a": "-price * 2"},
                    uncertainty={"likelihood": Distribution(kind="beta", alpha=2, beta=3)})],
    )
    back = jsondoc.loads(jsondoc.dumps(doc), "t.argmap.json")
    assert back.ranking == "support"
    assert back.parameters[0].distribution.mode == 3
    assert back.node("c").formulas == {"impact.a": "-price * 2"}
    assert back.node("c").uncertainty["likelihood"].alpha == 2


def test_a_distribution_refuses_a_nonpositive_spread():
    with pytest.raises(ValidationError):
        Distribution(kind="normal", mean=0, sd=0)
