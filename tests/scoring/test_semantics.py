"""Gradual semantics: the published e-democracy example and the semantics' properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.errors import NotConverged
from argmap.scoring.semantics import SEMANTICS, aggregate, strengths

BASE = dict(A1=0.5, A2=0.5, P1=0.7, P2=0.5, P3=0.9, C1=0.2, C2=0.2, C3=0.6, C4=0.5)
ATTACKS = [("C1", "A2"), ("C2", "P2"), ("C3", "P2"), ("C4", "P2")]
SUPPORTS = [("P1", "A1"), ("P2", "A1"), ("P3", "A2")]


def test_dfquad_reproduces_the_e_democracy_example():
    """Rago, Toni, Aurisicchio, Baroni (KR 2016): A1 0.862, A2 0.85, P2 0.08, leaves unchanged."""
    s = strengths(BASE, ATTACKS, SUPPORTS, "df-quad")
    assert s["A1"] == pytest.approx(0.862, abs=5e-4)
    assert s["A2"] == pytest.approx(0.85, abs=5e-3)
    assert s["P2"] == pytest.approx(0.08, abs=5e-3)
    for leaf in ("P1", "P3", "C1", "C2", "C3", "C4"):
        assert s[leaf] == BASE[leaf]


def test_quadratic_energy_reproduces_the_e_democracy_example():
    """Potyka (KR 2018) on the same graph: A1 0.719852, A2 0.664430, P2 0.185874."""
    s = strengths(BASE, ATTACKS, SUPPORTS, "quadratic-energy")
    assert s["A1"] == pytest.approx(0.719852, abs=1e-6)
    assert s["A2"] == pytest.approx(0.664430, abs=1e-6)
    assert s["P2"] == pytest.approx(0.185874, abs=1e-6)


@pytest.mark.parametrize("semantics", SEMANTICS)
def test_a_node_without_children_keeps_its_base(semantics):
    s = strengths({"a": 0.37, "b": 0.9}, [], [], semantics)
    assert s == {"a": 0.37, "b": 0.9}


@pytest.mark.parametrize("w,x", [(0.5, 0.3), (0.2, 0.9), (0.8, 0.55)])
def test_dfquad_equal_pro_and_con_cancel(w, x):
    s = strengths({"t": w, "p": x, "c": x}, [("c", "t")], [("p", "t")], "df-quad")
    assert s["t"] == pytest.approx(w, abs=1e-12)


@pytest.mark.parametrize("w", [0.0, 0.3, 0.9])
def test_dfquad_strength_one_pro_saturates(w):
    s = strengths({"t": w, "p": 1.0}, [], [("p", "t")], "df-quad")
    assert s["t"] == 1.0


def test_attackers_and_supporters_without_base_are_ignored():
    s = strengths({"t": 0.4}, [("ghost", "t")], [("t", "ghost")], "df-quad")
    assert s == {"t": 0.4}


def test_a_ten_thousand_deep_chain_is_evaluated_without_recursion():
    n = 10_000
    base = {f"n{i}": 0.5 for i in range(n)}
    supports = [(f"n{i + 1}", f"n{i}") for i in range(n - 1)]
    s = strengths(base, [], supports, "df-quad")
    # sigma_i = 0.5 + 0.5 * sigma_(i+1): 1 - 0.5 ** (depth from the leaf + 1).
    assert s[f"n{n - 1}"] == 0.5
    assert s[f"n{n - 2}"] == pytest.approx(0.75)
    assert s[f"n{n - 10}"] == pytest.approx(1 - 0.5**10)
    assert all(s[f"n{i}"] >= s[f"n{i + 1}"] for i in range(n - 1))
    assert s["n0"] <= 1.0


def _graphs(cyclic: bool):
    ids = [f"a{i}" for i in range(6)]
    edge = st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda e: e[0] != e[1])
    if not cyclic:
        edge = st.tuples(st.integers(0, 5), st.integers(0, 5)).filter(lambda e: e[0] > e[1]).map(
            lambda e: (ids[e[0]], ids[e[1]]))
    return st.tuples(
        st.fixed_dictionaries({k: st.floats(0, 1) for k in ids}),
        st.lists(edge, max_size=10),
        st.lists(edge, max_size=10),
        st.sampled_from(SEMANTICS),
    )


@settings(max_examples=150, deadline=None)
@given(_graphs(cyclic=False))
def test_strengths_stay_in_unit_interval(graph):
    base, attacks, supports, semantics = graph
    s = strengths(base, attacks, supports, semantics)
    assert all(0.0 <= v <= 1.0 for v in s.values())


@settings(max_examples=60, deadline=None)
@given(_graphs(cyclic=True))
def test_cyclic_graphs_reach_a_fixed_point_or_say_they_did_not(graph):
    base, attacks, supports, semantics = graph
    try:
        s = strengths(base, attacks, supports, semantics)
    except NotConverged as exc:
        assert "did not settle" in exc.message
        return
    f = aggregate(semantics)
    for node, w in base.items():
        att = [s[a] for a, t in attacks if t == node]
        sup = [s[a] for a, t in supports if t == node]
        assert f(w, att, sup) == pytest.approx(s[node], abs=1e-7)
        assert 0.0 <= s[node] <= 1.0


@pytest.mark.parametrize("semantics", SEMANTICS)
def test_mutual_attack_settles_at_the_fixed_point(semantics):
    s = strengths({"a": 0.5, "b": 0.5}, [("a", "b"), ("b", "a")], [], semantics)
    f = aggregate(semantics)
    assert s["a"] == pytest.approx(s["b"], abs=1e-8)
    assert f(0.5, [s["b"]], []) == pytest.approx(s["a"], abs=1e-8)
    if semantics == "df-quad":
        assert s["a"] == pytest.approx(1 / 3, abs=1e-8)


def test_an_unsettled_cycle_raises_not_converged(monkeypatch):
    from argmap.scoring import semantics as sem

    monkeypatch.setattr(sem, "MAX_STEPS", 3)
    with pytest.raises(NotConverged, match="did not settle"):
        strengths({"a": 0.9, "b": 0.1}, [("a", "b"), ("b", "a")], [], "df-quad")


def test_unknown_semantics_is_refused():
    from argmap.errors import ArgmapError

    with pytest.raises(ArgmapError, match="unknown semantics"):
        strengths({"a": 0.5}, [], [], "h-categoriser")


@settings(max_examples=100, deadline=None)
@given(_graphs(cyclic=False), st.integers(0, 5), st.floats(0, 1))
def test_strengths_are_monotone_in_every_base(graph, which, bump):
    """A stronger supporter never weakens what it supports; a stronger attacker never strengthens its target."""
    base, attacks, supports, semantics = graph
    node = f"a{which}"
    higher = dict(base)
    higher[node] = max(base[node], bump)
    before = strengths(base, attacks, supports, semantics)
    after = strengths(higher, attacks, supports, semantics)
    assert after[node] >= before[node] - 1e-12
    for src, dst in supports:
        if src == node and not any(s == node for s, _ in attacks) and len([e for e in supports if e[0] == node]) == 1:
            # Only direct, single effects are one-signed; a node reaching dst both ways may go either way.
            if not _reaches_other_way(node, dst, attacks, supports):
                assert after[dst] >= before[dst] - 1e-12
    for src, dst in attacks:
        if src == node and not any(s == node for s, _ in supports) and len([e for e in attacks if e[0] == node]) == 1:
            if not _reaches_other_way(node, dst, attacks, supports):
                assert after[dst] <= before[dst] + 1e-12


def _reaches_other_way(node, dst, attacks, supports) -> bool:
    """Does `node` also reach `dst` through some longer chain?"""
    edges = attacks + supports
    frontier = [t for s, t in edges if s == node and t != dst]
    seen = set(frontier)
    while frontier:
        u = frontier.pop()
        if u == dst:
            return True
        for s, t in edges:
            if s == u and t not in seen:
                seen.add(t)
                frontier.append(t)
    return False
