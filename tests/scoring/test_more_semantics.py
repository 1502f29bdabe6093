"""Euler-based, QuAD and h-categorizer semantics, and the grounded extension of a map's attacks.

Where a paper's own worked numbers are not reproduced here, the expected values are derived by
hand from the paper's formula (shown in each docstring), plus fixed-point and closed-form checks.
"""

from __future__ import annotations

import json
import math

import pytest
from scoring_maps import build

from argmap.cli import main
from argmap.io import jsondoc
from argmap.scoring import score, sensitivity
from argmap.scoring.dung import grounded_labels
from argmap.scoring.live import LiveScores
from argmap.scoring.semantics import SEMANTICS, strengths

BASE = dict(A1=0.5, A2=0.5, P1=0.7, P2=0.5, P3=0.9, C1=0.2, C2=0.2, C3=0.6, C4=0.5)
ATTACKS = [("C1", "A2"), ("C2", "P2"), ("C3", "P2"), ("C4", "P2")]
SUPPORTS = [("P1", "A1"), ("P2", "A1"), ("P3", "A2")]


def test_the_new_semantics_are_offered():
    assert {"euler-based", "quad", "h-categorizer"} <= set(SEMANTICS)


def test_quad_on_the_e_democracy_graph_by_hand():
    """QuAD (Baroni et al. 2015), derived by hand: P2 = .5·.8·.4·.5 = .08 (attackers only);
    A1 = 1 − .5·(1 − .7)(1 − .08) = .862 (supporters only); A2 = (.5·.8 + 1 − .5·.1) / 2 = .675
    (both: the mean of the attacked and the supported value, where DF-QuAD gives .85)."""
    s = strengths(BASE, ATTACKS, SUPPORTS, "quad")
    assert s["P2"] == pytest.approx(0.08, abs=1e-12)
    assert s["A1"] == pytest.approx(0.862, abs=1e-12)
    assert s["A2"] == pytest.approx(0.675, abs=1e-12)
    assert strengths(BASE, ATTACKS, SUPPORTS, "df-quad")["A2"] == pytest.approx(0.85, abs=1e-12)


def test_euler_based_on_the_e_democracy_graph_by_hand():
    """Euler-based (Amgoud & Ben-Naim 2018): σ = 1 − (1 − w²)/(1 + w·e^E), E = Σ supporters − Σ attackers,
    computed leaves first by hand."""
    def euler(w, e):
        return 1 - (1 - w * w) / (1 + w * math.exp(e))

    p2 = euler(0.5, -(0.2 + 0.6 + 0.5))
    s = strengths(BASE, ATTACKS, SUPPORTS, "euler-based")
    assert p2 == pytest.approx(0.339943, abs=1e-6)
    assert s["P2"] == pytest.approx(p2, abs=1e-12)
    assert s["A1"] == pytest.approx(euler(0.5, 0.7 + p2), abs=1e-12)
    assert s["A2"] == pytest.approx(euler(0.5, 0.9 - 0.2), abs=1e-12)


@pytest.mark.parametrize("w", [0.0, 0.2, 0.5, 0.9])
def test_euler_based_keeps_its_bounds(w):
    """A base of 0 stays 0; otherwise attacks cannot push below w² and supports never reach 1."""
    heavy_attack = strengths({"t": w, **{f"c{i}": 1.0 for i in range(30)}}, [(f"c{i}", "t") for i in range(30)], [],
                             "euler-based")["t"]
    heavy_support = strengths({"t": w, "p": 1.0}, [], [("p", "t")], "euler-based")["t"]
    assert w * w - 1e-12 <= heavy_attack <= w
    assert w <= heavy_support < 1.0 or w == 0.0
    if w == 0.0:
        assert heavy_attack == 0.0 and heavy_support == 0.0


def test_euler_based_mutual_support_reaches_its_fixed_point():
    """Two arguments of base .4 supporting each other settle where x = 1 − (1 − .16)/(1 + .4·e^x)."""
    def g(x):
        return 1 - 0.84 / (1 + 0.4 * math.exp(x)) - x

    lo, hi = 0.0, 1.0
    for _ in range(80):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if g(mid) > 0 else (lo, mid)
    s = strengths({"a": 0.4, "b": 0.4}, [], [("a", "b"), ("b", "a")], "euler-based")
    assert s["a"] == pytest.approx(lo, abs=1e-8) and s["b"] == pytest.approx(lo, abs=1e-8)


def test_h_categorizer_reproduces_besnard_and_hunter_on_chains_and_trees():
    """Besnard & Hunter (2001), all bases 1: a chain c → b → a gives 1, 1/2, 2/3; a attacked by b and c,
    with b attacked by d, gives b = 1/2 and a = 1/(1 + 1/2 + 1) = 2/5."""
    chain = strengths({"a": 1, "b": 1, "c": 1}, [("b", "a"), ("c", "b")], [], "h-categorizer")
    assert chain == pytest.approx({"a": 2 / 3, "b": 0.5, "c": 1.0})
    tree = strengths({"a": 1, "b": 1, "c": 1, "d": 1}, [("b", "a"), ("c", "a"), ("d", "b")], [], "h-categorizer")
    assert tree["b"] == pytest.approx(0.5) and tree["a"] == pytest.approx(0.4)


@pytest.mark.parametrize("size", [2, 3])
def test_h_categorizer_on_a_cycle_settles_at_the_golden_ratio(size):
    """On a cycle of equal arguments every value solves x = 1/(1 + x): x = (√5 − 1)/2."""
    ids = [f"a{i}" for i in range(size)]
    s = strengths({i: 1.0 for i in ids}, [(ids[i], ids[(i + 1) % size]) for i in range(size)], [], "h-categorizer")
    for v in s.values():
        assert v == pytest.approx((math.sqrt(5) - 1) / 2, abs=1e-8)


def test_h_categorizer_leaves_supports_out_and_the_scores_say_so():
    assert strengths({"t": 0.6, "p": 1.0}, [], [("p", "t")], "h-categorizer") == {"t": 0.6, "p": 1.0}
    doc = build([("q", "question", None), ("o", "option", "q"),
                 ("c", "consequence", "o", {"likelihood": 0.8, "impact": {"a": 5}}),
                 ("p", "pro", "c", {"strength": 0.9}), ("k", "con", "c", {"strength": 1.0})])
    s = score(doc, "h-categorizer")
    assert s.argued["c"] == pytest.approx(0.4)
    assert s.option("o").overall == pytest.approx(2.0)
    assert len(s.notes) == 1 and "1 supporting argument" in s.notes[0]
    assert score(doc, "df-quad").notes == []


@pytest.mark.parametrize("semantics", ["euler-based", "quad", "h-categorizer"])
def test_maps_score_live_and_tornado_under_the_new_semantics(semantics):
    doc = build([("q", "question", None),
                 ("o", "option", "q"), ("c", "consequence", "o", {"likelihood": 0.5, "impact": {"a": 6}}),
                 ("p", "pro", "c", {"strength": 0.4}), ("k", "con", "c", {"strength": 0.3}),
                 ("o2", "option", "q"), ("d", "consequence", "o2", {"likelihood": 0.5, "impact": {"a": 3}})])
    s = score(doc, semantics)
    want = strengths({"c": 0.5, "p": 0.4, "k": 0.3}, [("k", "c")], [("p", "c")], semantics)["c"]
    assert s.argued["c"] == pytest.approx(want)
    assert s.option("o").overall == pytest.approx(6 * want)
    live = LiveScores(doc, semantics)
    live.scores()
    from argmap.model import edits as E
    E.SetStrength("k", 0.9).apply(doc)
    live.changed(E.SetStrength("k", 0.9))
    assert live.scores().option("o").overall == pytest.approx(score(doc, semantics).option("o").overall, abs=1e-12)
    assert sensitivity(doc, semantics).rows


def test_grounded_labelling_of_the_classic_frameworks():
    # a <- b <- c: c unattacked, b beaten, a defended
    assert grounded_labels([[1], [2], []]) == ["accepted", "rejected", "accepted"]
    # a <-> b: nothing is grounded
    assert grounded_labels([[1], [0]]) == ["undecided", "undecided"]
    # a <-> b, c -> b: c settles it for a
    assert grounded_labels([[1], [0, 2], []]) == ["accepted", "rejected", "accepted"]
    # an odd cycle, and what only it attacks
    assert grounded_labels([[2], [0], [1], [0]]) == ["undecided"] * 4


def test_grounded_extension_of_a_map_in_scores_and_json(tmp_path, capsys):
    doc = build([("q", "question", None),
                 ("o", "option", "q"), ("k", "con", "o", {"strength": 0.5}), ("r", "con", "k", {"strength": 0.5}),
                 ("o2", "option", "q"), ("x", "pro", "o2"), ("y", "pro", "o2"), ("nt", "note", "o2")],
                links=[("x", "y", "contradicts")])
    g = score(doc).grounded()
    assert g["o"] == "accepted" and g["k"] == "rejected" and g["r"] == "accepted"
    assert g["x"] == g["y"] == "undecided" and g["o2"] == "accepted"
    assert "nt" not in g
    path = tmp_path / "g.argmap.json"
    jsondoc.write(doc, path)
    assert main(["score", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["grounded"]["k"] == "rejected" and data["grounded"]["x"] == "undecided"
    assert main(["score", str(path)]) == 0
    assert "Grounded (Dung) reading of the attacks: 4 accepted, 1 rejected, 2 undecided." in capsys.readouterr().out
