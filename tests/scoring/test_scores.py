"""Scoring a map: expected impact per perspective, forks, later decisions, links, unweighed inputs."""

from __future__ import annotations

import pytest

from argmap.errors import NotConverged, NotFoundError
from argmap.scoring import CycleError, score
from scoring_maps import build


def one_option(*rows, perspectives=(("a", 1.0),), links=()):
    return build([("q", "question", None), ("o", "option", "q"), *rows], perspectives, links)


def test_consequence_contributes_likelihood_times_impact():
    doc = one_option(("c", "consequence", "o", {"likelihood": 0.5, "impact": {"a": 4}}))
    s = score(doc)
    assert s.option("o").overall == pytest.approx(2.0)
    assert s.values["c"] == {"a": 4.0}
    assert s.argued["c"] == 0.5


def test_pros_and_cons_move_the_argued_likelihood():
    doc = one_option(
        ("c", "consequence", "o", {"likelihood": 0.5, "impact": {"a": 10}}),
        ("p", "pro", "c", {"strength": 0.6}),
        ("k", "con", "c", {"strength": 0.2}),
    )
    s = score(doc)
    # DF-QuAD: vs 0.6 > va 0.2, so sigma = 0.5 + 0.5 * 0.4 = 0.7.
    assert s.argued["c"] == pytest.approx(0.7)
    assert s.option("o").overall == pytest.approx(7.0)


def test_nested_arguments_and_evidence_move_their_parent_strength():
    doc = one_option(
        ("c", "consequence", "o", {"likelihood": 0.5, "impact": {"a": 10}}),
        ("p", "pro", "c", {"strength": 0.4}),
        ("e", "evidence", "p", {"strength": 0.5}),
        ("k", "con", "p", {"strength": 0.5}),
        ("e2", "evidence", "c", {"strength": 0.5}),
    )
    s = score(doc)
    assert s.argued["p"] == pytest.approx(0.4)  # equal support and attack cancel
    # pro 0.4 and evidence 0.5 support c: vs = 1 - 0.6 * 0.5 = 0.7.
    assert s.argued["c"] == pytest.approx(0.5 + 0.5 * 0.7)


def test_consequences_add_and_nest():
    doc = one_option(
        ("c1", "consequence", "o", {"likelihood": 0.5, "impact": {"a": 2}}),
        ("d", "consequence", "c1", {"likelihood": 0.4, "impact": {"a": -5}}),
        ("c2", "consequence", "o", {"likelihood": 1.0, "impact": {"a": 1}}),
    )
    s = score(doc)
    assert s.values["c1"]["a"] == pytest.approx(2 + 0.4 * -5)
    assert s.option("o").overall == pytest.approx(0.5 * 0.0 + 1.0)


def test_scenario_fork_is_normalised_by_its_argued_likelihoods():
    doc = one_option(
        ("f", "scenario", "o"),
        ("x", "consequence", "f", {"likelihood": 0.2, "impact": {"a": 10}}),
        ("y", "consequence", "f", {"likelihood": 0.6, "impact": {"a": -2}}),
    )
    s = score(doc)
    assert s.values["f"]["a"] == pytest.approx((0.2 * 10 + 0.6 * -2) / 0.8)
    assert s.option("o").overall == pytest.approx(s.values["f"]["a"])


def test_the_rest_takes_one_minus_the_other_outcomes():
    doc = one_option(
        ("f", "scenario", "o"),
        ("x", "consequence", "f", {"likelihood": 0.25, "impact": {"a": 8}}),
        ("r", "consequence", "f", {"remainder": True, "impact": {"a": 4}}),
    )
    s = score(doc)
    assert s.argued["r"] == pytest.approx(0.75)
    assert s.option("o").overall == pytest.approx(0.25 * 8 + 0.75 * 4)


def test_nested_question_takes_the_value_of_its_best_option():
    doc = one_option(
        ("c", "consequence", "o", {"likelihood": 0.5}),
        ("q2", "question", "c"),
        ("a1", "option", "q2", {"impact": {"a": 3}}),
        ("a2", "option", "q2", {"impact": {"a": 7}}),
    )
    s = score(doc)
    assert s.values["q2"]["a"] == 7.0
    assert s.option("o").overall == pytest.approx(3.5)


def test_option_impact_is_its_own_cost_and_support_stays_beside_the_score():
    doc = one_option(
        ("c", "consequence", "o", {"likelihood": 1.0, "impact": {"a": 5}}),
        ("p", "pro", "o", {"strength": 0.8}),
    )
    doc.node("o").impact = {"a": -2.0}
    s = score(doc)
    o = s.option("o")
    assert o.overall == pytest.approx(3.0)
    assert o.support == pytest.approx(0.5 + 0.5 * 0.8)


def test_overall_is_the_perspective_weighted_mean():
    doc = one_option(
        ("c", "consequence", "o", {"likelihood": 1.0, "impact": {"a": 6, "b": -3}}),
        perspectives=(("a", 2.0), ("b", 1.0)),
    )
    o = score(doc).option("o")
    assert o.per_perspective == {"a": 6.0, "b": -3.0}
    assert o.overall == pytest.approx((2 * 6 - 3) / 3)


def test_unweighed_inputs_are_left_out_and_counted_not_taken_as_zero():
    weighed = one_option(("c", "consequence", "o", {"likelihood": 0.5, "impact": {"a": 4, "b": 2}}),
                         perspectives=(("a", 1.0), ("b", 1.0)))
    gaps = one_option(
        ("c", "consequence", "o", {"likelihood": 0.5, "impact": {"a": 4, "b": 2}}),
        ("u", "consequence", "o", {"impact": {"a": -9, "b": -9}}),  # no likelihood
        ("v", "consequence", "o", {"likelihood": 0.5, "impact": {"a": 6}}),  # no impact for b
        ("p", "pro", "c"),  # no strength
        perspectives=(("a", 1.0), ("b", 1.0)),
    )
    base = score(weighed).option("o")
    o = score(gaps).option("o")
    assert o.per_perspective["b"] == base.per_perspective["b"] == pytest.approx(1.0)
    assert o.per_perspective["a"] == pytest.approx(2 + 3)
    assert o.unweighed == 3
    assert set(o.unweighed_nodes) == {"u", "v", "p"}
    assert base.unweighed == 0


def test_an_option_with_nothing_weighed_has_no_score_and_ranks_last():
    doc = build([
        ("q", "question", None),
        ("o1", "option", "q"),
        ("c", "consequence", "o1", {"text": "no likelihood", "impact": {"a": 5}}),
        ("o2", "option", "q", {"impact": {"a": -8}}),
    ])
    s = score(doc)
    assert s.option("o1").overall is None
    assert s.option("o1").unweighed == 1
    assert [o.node_id for o in s.options] == ["o2", "o1"]
    assert s.leader.node_id == "o2"


def test_leads_to_link_counts_the_consequence_under_its_source_too():
    doc = build([
        ("q", "question", None),
        ("o1", "option", "q"),
        ("o2", "option", "q"),
        ("c", "consequence", "o1", {"likelihood": 0.5, "impact": {"a": 4}}),
        ("d", "consequence", "o2", {"likelihood": 1.0, "impact": {"a": 1}}),
    ], links=[("o2", "c", "leads_to")])
    s = score(doc)
    assert s.option("o1").overall == pytest.approx(2.0)
    assert s.option("o2").overall == pytest.approx(3.0)


def test_support_and_attack_links_act_as_extra_pros_and_cons():
    rows = [
        ("c", "consequence", "o", {"likelihood": 0.5, "impact": {"a": 10}}),
        ("d", "consequence", "o", {"likelihood": 0.5, "impact": {"a": 0}}),
        ("p", "pro", "d", {"strength": 0.6}),
    ]
    supported = score(one_option(*rows, links=[("p", "c", "supports")]))
    undercut = score(one_option(*rows, links=[("p", "c", "undercuts")]))
    ignored = score(one_option(*rows, links=[("p", "c", "same_as"), ("d", "c", "contradicts")]))
    assert supported.argued["c"] == pytest.approx(0.8)
    assert undercut.argued["c"] == pytest.approx(0.2)
    assert ignored.argued["c"] == 0.5


def test_a_leads_to_loop_is_an_error_naming_its_nodes():
    doc = one_option(
        ("c", "consequence", "o", {"likelihood": 0.5, "text": "Trade grows"}),
        ("d", "consequence", "c", {"likelihood": 0.5, "text": "Ports expand"}),
        links=[("d", "c", "leads_to")],
    )
    with pytest.raises(CycleError) as exc:
        score(doc)
    assert "'Trade grows' (c)" in exc.value.message and "'Ports expand' (d)" in exc.value.message


def test_an_argument_cycle_through_links_settles():
    doc = one_option(
        ("c", "consequence", "o", {"likelihood": 0.5, "impact": {"a": 10}}),
        ("x", "pro", "c", {"strength": 0.5}),
        ("y", "con", "c", {"strength": 0.5}),
        links=[("x", "y", "attacks"), ("y", "x", "attacks")],
    )
    s = score(doc)
    assert s.argued["x"] == pytest.approx(1 / 3, abs=1e-8)
    assert s.argued["c"] == pytest.approx(0.5, abs=1e-8)


def test_an_argument_cycle_that_does_not_settle_raises(monkeypatch):
    from argmap.scoring import semantics

    monkeypatch.setattr(semantics, "MAX_STEPS", 2)
    doc = one_option(
        ("c", "consequence", "o", {"likelihood": 0.5}),
        ("x", "pro", "c", {"strength": 0.9}),
        ("y", "con", "c", {"strength": 0.1}),
        links=[("x", "y", "attacks"), ("y", "x", "attacks")],
    )
    with pytest.raises(NotConverged):
        score(doc)


def test_semantics_is_a_setting():
    doc = one_option(
        ("c", "consequence", "o", {"likelihood": 0.5, "impact": {"a": 10}}),
        ("p", "pro", "c", {"strength": 1.0}),
    )
    assert score(doc).argued["c"] == 1.0
    energy = score(doc, "quadratic-energy")
    assert energy.semantics == "quadratic-energy"
    assert energy.argued["c"] == pytest.approx(0.5 + 0.5 * 0.5)


def test_ranking_per_perspective():
    doc = build([
        ("q", "question", None),
        ("o1", "option", "q", {"impact": {"a": 5, "b": -5}}),
        ("o2", "option", "q", {"impact": {"a": 1, "b": 1}}),
    ], perspectives=(("a", 3.0), ("b", 1.0)))
    s = score(doc)
    assert [o.node_id for o in s.ranking()] == ["o1", "o2"]
    assert [o.node_id for o in s.ranking("b")] == ["o2", "o1"]
    with pytest.raises(NotFoundError):
        s.ranking("zz")


def test_every_value_node_has_values_and_every_weighed_claim_is_argued():
    doc = one_option(
        ("c", "consequence", "o", {"likelihood": 0.5, "impact": {"a": 1}}),
        ("f", "scenario", "c"),
        ("x", "consequence", "f", {"likelihood": 1.0, "impact": {"a": 2}}),
        ("p", "pro", "x", {"strength": 0.3}),
        ("n", "pro", "x"),
    )
    s = score(doc)
    assert set(s.values) == {"q", "o", "c", "f", "x"}
    assert set(s.argued) == {"c", "x", "p"}


def test_a_map_ten_thousand_levels_deep_scores_without_recursion():
    from argmap.model import Document, Kind, Node, Perspective
    from argmap.scoring import sensitivity

    depth = 10_000
    nodes = [Node(id="q", kind=Kind.QUESTION), Node(id="o", kind=Kind.OPTION, parent="q"),
             Node(id="o2", kind=Kind.OPTION, parent="q", order=1, impact={"a": 0.5})]
    parent = "o"
    for i in range(depth):
        nodes.append(Node(id=f"c{i}", kind=Kind.CONSEQUENCE, parent=parent, likelihood=1.0, impact={"a": 1.0}))
        parent = f"c{i}"
    nodes.append(Node(id="pro", kind=Kind.PRO, parent=parent, strength=0.5))
    doc = Document(perspectives=[Perspective(id="a", name="A")], nodes=nodes, question="q")
    s = score(doc)
    assert s.option("o").overall == pytest.approx(depth)
    t = sensitivity(doc)
    assert t.leader == "o"
    deepest = next(r for r in t.rows if r.node_id == f"c{depth - 1}" and r.input == "likelihood")
    assert deepest.leader_low == pytest.approx(depth - 0.5)  # its pro still lifts it to 0.5


def test_the_package_api_is_its_all():
    import argmap.scoring as scoring

    assert sorted(scoring.__all__) == sorted([
        "SEMANTICS", "Contribution", "CycleError", "OptionScore", "Scores", "Sensitivity", "TornadoRow",
        "score", "sensitivity", "strengths",
    ])
    for name in scoring.__all__:
        assert getattr(scoring, name) is not None


@pytest.mark.parametrize("semantics,a1,a2,p2", [
    ("df-quad", 0.862, 0.85, 0.08),
    ("quadratic-energy", 0.719852, 0.664430, 0.185874),
])
def test_e_democracy_example_as_a_map(semantics, a1, a2, p2):
    """The published e-democracy graph written as two consequences with pros and cons under them."""
    doc = one_option(
        ("A1", "consequence", "o", {"likelihood": 0.5, "impact": {"a": 1}}),
        ("P1", "pro", "A1", {"strength": 0.7}),
        ("P2", "pro", "A1", {"strength": 0.5}),
        ("C2", "con", "P2", {"strength": 0.2}),
        ("C3", "con", "P2", {"strength": 0.6}),
        ("C4", "con", "P2", {"strength": 0.5}),
        ("A2", "consequence", "o", {"likelihood": 0.5, "impact": {"a": 1}}),
        ("C1", "con", "A2", {"strength": 0.2}),
        ("P3", "pro", "A2", {"strength": 0.9}),
    )
    s = score(doc, semantics)
    assert s.argued["A1"] == pytest.approx(a1, abs=1e-6)
    assert s.argued["A2"] == pytest.approx(a2, abs=1e-6)
    assert s.argued["P2"] == pytest.approx(p2, abs=1e-6)
    assert s.option("o").overall == pytest.approx(s.argued["A1"] + s.argued["A2"])
