"""Defects fixed in weighing and validation, each with the case that showed it."""

from __future__ import annotations

import json

import pytest
from scoring_maps import build
from test_textbook import oil_wildcatter

from argmap.cli import main
from argmap.io import jsondoc
from argmap.model.loops import link_loops
from argmap.scoring import sensitivity


def _tied(linear: bool = True):
    rows = [("q", "question", None)]
    for o in ("a", "b"):
        rows += [(o, "option", "q"), (f"c{o}", "consequence", o, {"likelihood": 0.5, "impact": {"a": 4}})]
    return build(rows)


def test_a_tie_names_the_runner_up_when_the_leaders_input_drops():
    """Tied exactly, 'a' leads by map order; lowering any of its inputs hands the lead to 'b' at once."""
    sens = sensitivity(_tied())
    assert sens.leader == "a"
    rows = {(r.node_id, r.input): r for r in sens.rows}
    for key in (("ca", "impact"), ("ca", "likelihood")):
        assert rows[key].flip_at == pytest.approx(rows[key].value)
        assert rows[key].new_leader == "b"
    # Raising b's own input is what makes b lead.
    assert rows[("cb", "impact")].new_leader == "b"


def test_a_tie_between_option_impacts_names_the_other_option():
    doc = build([("q", "question", None), ("a", "option", "q", {"impact": {"a": 3}}),
                 ("b", "option", "q", {"impact": {"a": 3}})])
    rows = {r.node_id: r for r in sensitivity(doc).rows}
    assert rows["a"].new_leader == "b" and rows["b"].new_leader == "b"


def _loop_map():
    return build([
        ("q", "question", None),
        ("a", "option", "q"), ("c1", "consequence", "a", {"text": "Prices rise", "likelihood": 0.5}),
        ("b", "option", "q"), ("c2", "consequence", "b", {"text": "Wages rise", "likelihood": 0.5}),
        ("c3", "consequence", "c2", {"likelihood": 0.5, "impact": {"a": 1}}),
    ], links=[("c1", "c2", "leads_to"), ("c3", "c1", "leads_to")])


def test_validate_calls_a_leads_to_loop_an_error_naming_its_nodes(tmp_path, capsys):
    path = tmp_path / "loop.argmap.json"
    jsondoc.write(_loop_map(), path)
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "error:" in err and "leads_to links make a loop" in err
    assert "'Prices rise' (c1) -> 'Wages rise' (c2) -> 'c3' -> 'Prices rise' (c1)" in err
    assert main(["score", str(path)]) == 1  # score refuses the same map


def test_a_leads_to_link_into_another_branch_is_no_loop():
    doc = _loop_map()
    doc.links.pop()  # c3 -> c1 goes: c1 leads to c2, nothing leads back
    assert link_loops(doc) == []


def test_a_cycle_of_argument_links_is_a_warning(tmp_path, capsys):
    doc = build([
        ("q", "question", None), ("a", "option", "q"),
        ("c", "consequence", "a", {"likelihood": 0.5, "impact": {"a": 2}}),
        ("p", "pro", "c", {"strength": 0.5}), ("k", "con", "c", {"strength": 0.5}),
        ("kk", "con", "k", {"strength": 0.5}),
    ], links=[("p", "kk", "attacks"), ("k", "p", "attacks")])
    found = link_loops(doc)
    assert [d.severity for d in found] == ["warning"]
    assert "cycle of arguments: 'p' -> 'kk' -> 'k' -> 'p';" in found[0].message
    path = tmp_path / "args.argmap.json"
    jsondoc.write(doc, path)
    assert main(["validate", str(path)]) == 0
    captured = capsys.readouterr()
    assert "1 warning(s)" in captured.out and "warning:" in captured.err


def test_a_blank_payoff_of_a_fork_outcome_cannot_be_missed(tmp_path, capsys):
    doc = oil_wildcatter()
    doc.node("dry").impact = {}
    path = tmp_path / "oil.argmap.json"
    jsondoc.write(doc, path)
    assert main(["validate", str(path)]) == 0
    err = capsys.readouterr().err
    assert "outcome 'dry' of scenario 'oil' has no payoff for MONEY" in err and "enter 0" in err
    assert main(["score", str(path)]) == 0
    out = capsys.readouterr().out
    assert "dry (dry): no impact for MONEY: an outcome of a scenario fork" in out and "enter 0" in out
    assert main(["score", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["unweighed_inputs"] == [{"node": "dry", "label": "dry", "missing": ["impact.money"],
                                         "blank_outcome": True}]


def test_a_zero_payoff_given_as_zero_is_not_warned_about():
    from argmap.model.payoffs import blank_payoffs
    assert blank_payoffs(oil_wildcatter()) == []
