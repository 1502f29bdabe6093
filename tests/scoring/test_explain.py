"""Contributions add up to the score, and the engine agrees with a direct reading of the formulas."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.model import Document, Kind
from argmap.scoring import score, strengths
from argmap.scoring.scores import OWN_IMPACT
from scoring_maps import build, random_map


def test_contributions_add_up_with_unweighed_branches():
    doc = build([
        ("q", "question", None),
        ("o", "option", "q", {"impact": {"a": -1, "b": 2}}),
        ("c1", "consequence", "o", {"likelihood": 0.5, "impact": {"a": 4, "b": -2}}),
        ("c2", "consequence", "o", {"impact": {"a": 8}}),  # unweighed: no likelihood
        ("c3", "consequence", "o", {"likelihood": 0.3, "impact": {"a": 5}}),  # nothing for b
        ("f", "scenario", "o"),
        ("x", "consequence", "f", {"likelihood": 0.4, "impact": {"a": 1, "b": 1}}),
        ("y", "consequence", "f", {"remainder": True, "impact": {"a": -3, "b": 6}}),
    ], perspectives=(("a", 1.0), ("b", 3.0)))
    o = score(doc).option("o")
    by_id = {c.node_id: c for c in o.contributions}
    assert [c.node_id for c in o.contributions] == ["o", "c1", "c2", "c3", "f"]
    assert by_id["o"].kind == OWN_IMPACT
    assert by_id["c2"].overall is None and by_id["c2"].unweighed == 1
    assert by_id["c3"].per_perspective["b"] is None
    assert sum(c.overall for c in o.contributions if c.overall is not None) == pytest.approx(o.overall, abs=1e-12)
    for pid in ("a", "b"):
        parts = [c.per_perspective[pid] for c in o.contributions if c.per_perspective[pid] is not None]
        assert sum(parts) == pytest.approx(o.per_perspective[pid], abs=1e-12)
    assert o.per_perspective["b"] == pytest.approx(2 - 1 + (0.4 * 1 + 0.6 * 6))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000))
def test_contributions_add_up_on_random_maps(seed):
    s = score(random_map(seed))
    for o in s.options:
        overall = [c.overall for c in o.contributions if c.overall is not None]
        if o.overall is None:
            assert overall == []
            continue
        assert sum(overall) == pytest.approx(o.overall, abs=1e-9)
        for pid, value in o.per_perspective.items():
            parts = [c.per_perspective[pid] for c in o.contributions if c.per_perspective[pid] is not None]
            assert (sum(parts) if parts else None) == (pytest.approx(value, abs=1e-9) if value is not None else None)


def _reference(doc: Document, semantics: str) -> dict[str, dict[str, float | None]]:
    """The expected-value formulas read literally, recursively, for small maps."""
    pids = [p.id for p in doc.perspectives]
    weights = {p.id: p.weight for p in doc.perspectives}
    base: dict[str, float] = {}
    for n in doc.nodes:
        if n.kind is Kind.CONSEQUENCE and n.remainder:
            outcomes = [c for c in doc.children(n.parent) if c.kind is Kind.CONSEQUENCE]
            others = [c.likelihood for c in outcomes if not c.remainder]
            if None not in others:  # several "the rest" outcomes share what the stated ones leave, equally
                base[n.id] = max(0.0, 1 - sum(others)) / sum(1 for c in outcomes if c.remainder)
        elif n.kind is Kind.CONSEQUENCE and n.likelihood is not None:
            base[n.id] = n.likelihood
        elif n.kind in (Kind.PRO, Kind.CON, Kind.EVIDENCE) and n.strength is not None:
            base[n.id] = n.strength
        elif n.kind in (Kind.OPTION, Kind.QUESTION):
            base[n.id] = 0.5
    attacks = [(n.id, n.parent) for n in doc.nodes if n.kind is Kind.CON]
    supports = [(n.id, n.parent) for n in doc.nodes if n.kind in (Kind.PRO, Kind.EVIDENCE)]
    # An undercut link from a con hanging under its target restates that tree attack: it counts once.
    attacks += [(ln.source, ln.target) for ln in doc.links if ln.kind.value == "attacks" or (
        ln.kind.value == "undercuts" and (ln.source, ln.target) not in attacks)]
    supports += [(ln.source, ln.target) for ln in doc.links if ln.kind.value == "supports"]
    sigma = strengths(base, attacks, supports, semantics)
    extra: dict[str, list[str]] = {}
    for ln in doc.links:
        if ln.kind.value == "leads_to":
            extra.setdefault(ln.source, []).append(ln.target)

    def overall(vals):
        num = sum(weights[k] * v for k, v in vals.items() if v is not None)
        den = sum(weights[k] for k, v in vals.items() if v is not None)
        return num / den if den > 0 else None

    memo: dict[str, dict[str, float | None]] = {}

    def value(nid: str) -> dict[str, float | None]:
        if nid not in memo:
            memo[nid] = _value(nid)
        return memo[nid]

    def _value(nid: str) -> dict[str, float | None]:
        node = doc.node(nid)
        kids = [c.id for c in doc.children(nid)]
        kids += [k for k in extra.get(nid, []) if k not in kids]  # a link to a child adds nothing
        if node.kind is Kind.QUESTION:
            opts = [(overall(value(k)), k) for k in kids if doc.node(k).kind is Kind.OPTION]
            opts = [(s, k) for s, k in opts if s is not None]
            if not opts:
                return {k: None for k in pids}
            best = max(opts, key=lambda t: t[0])[0]
            return value(next(k for s, k in opts if s == best))
        if node.kind is Kind.SCENARIO:
            out = {}
            for k in pids:
                terms = [(sigma[o], value(o)[k]) for o in kids
                         if doc.node(o).kind is Kind.CONSEQUENCE and o in sigma and value(o)[k] is not None]
                den = sum(s for s, _ in terms)
                out[k] = sum(s * v for s, v in terms) / den if terms and den > 0 else None
            return out
        out = {}
        for k in pids:
            parts = [node.impact[k]] if k in node.impact else []
            for d in kids:
                dk = doc.node(d).kind
                if dk is Kind.CONSEQUENCE and d in sigma and value(d)[k] is not None:
                    parts.append(sigma[d] * value(d)[k])
                elif dk in (Kind.SCENARIO, Kind.QUESTION) and value(d)[k] is not None:
                    parts.append(value(d)[k])
            out[k] = sum(parts) if parts else None
        return out

    return {n.id: value(n.id) for n in doc.nodes if n.kind in (Kind.OPTION, Kind.CONSEQUENCE, Kind.SCENARIO, Kind.QUESTION)}


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(["df-quad", "quadratic-energy"]))
def test_engine_agrees_with_a_literal_reading_of_the_formulas(seed, semantics):
    doc = random_map(seed, size=30)
    expected = _reference(doc, semantics)
    got = score(doc, semantics).values
    assert set(got) == set(expected)
    for nid, vals in expected.items():
        for k, v in vals.items():
            if v is None:
                assert got[nid][k] is None, (nid, k)
            else:
                assert got[nid][k] == pytest.approx(v, abs=1e-9), (nid, k)
