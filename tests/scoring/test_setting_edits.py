"""The map-level weighing settings as edits: the ranking and the policy, each undone by its inverse."""

from __future__ import annotations

import pytest

from argmap.errors import RuleError
from argmap.io.jsondoc import dumps, loads
from argmap.model import edits as E
from scoring_maps import build


def _map():
    return build([
        ("q", "question", None),
        ("a", "option", "q"),
        ("c", "consequence", "a", {"likelihood": 0.5}),
        ("q2", "question", "c"),
        ("x", "option", "q2"),
        ("y", "option", "q2"),
    ])


def test_set_ranking_changes_the_setting_and_its_inverse_restores_it():
    doc = _map()
    inverse = E.SetRanking("support").apply(doc)
    assert doc.ranking == "support"
    inverse.apply(doc)
    assert doc.ranking == "impact"


def test_set_ranking_refuses_an_unknown_ranking():
    doc = _map()
    with pytest.raises(RuleError):
        E.SetRanking("votes").apply(doc)
    assert doc.ranking == "impact"


def test_set_policy_fixes_a_decision_and_round_trips_through_json():
    doc = _map()
    before = doc.model_copy(deep=True)
    inverse = E.SetPolicy("q2", "y").apply(doc)
    assert doc.policy == {"q2": "y"}
    assert loads(dumps(doc)).policy == {"q2": "y"}
    inverse.apply(doc)
    assert doc.policy == {} and doc == before


def test_set_policy_refuses_an_option_of_another_question_and_a_non_question():
    doc = _map()
    with pytest.raises(RuleError):
        E.SetPolicy("q2", "a").apply(doc)
    with pytest.raises(RuleError):
        E.SetPolicy("c", "x").apply(doc)
    assert doc.policy == {}
