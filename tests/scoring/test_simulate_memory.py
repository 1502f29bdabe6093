"""Simulation memory: the need is estimated before drawing, large runs go in chunks, and what cannot fit is refused."""

from __future__ import annotations

import io

import numpy as np
import pytest
from scoring_maps import build

from argmap.cli import main
from argmap.io import jsondoc
from argmap.model.document import Distribution
from argmap.scoring import simulate as S


def _wide(options: int = 3, consequences: int = 30):
    """Options with many consequences each, every likelihood uncertain under a spread."""
    rows: list[tuple] = [("q", "question", None)]
    for o in range(options):
        rows.append((f"o{o}", "option", "q"))
        for c in range(consequences):
            rows.append((f"c{o}_{c}", "consequence", f"o{o}", {"likelihood": 0.5, "impact": {"a": (c % 7) - 3 + o}}))
    return build(rows)


def _rival():
    """a = 10x with x ~ U(0, 1); b ~ triangular(0, 2, 8): P(a best) = 2/3 exactly."""
    doc = build([("q", "question", None),
                 ("a", "option", "q"), ("c", "consequence", "a", {"likelihood": 0.5, "impact": {"a": 10}}),
                 ("b", "option", "q", {"impact": {"a": 2}})])
    doc.node("c").uncertainty = {"likelihood": Distribution(kind="uniform")}
    doc.node("b").uncertainty = {"impact.a": Distribution(kind="triangular", low=0, mode=2, high=8)}
    return doc


def test_the_estimate_grows_with_samples_and_inputs(monkeypatch):
    monkeypatch.setattr(S, "available_memory", lambda: 64 << 30)
    doc = _wide()
    few = S.memory_plan(doc, 10_000)
    many = S.memory_plan(doc, 10_000, spread=0.2)
    assert (few.inputs, many.inputs) == (0, 90)
    assert many.per_sample > 90 * 8  # at least one array of 8-byte floats per drawn input
    assert many.per_sample > 10 * few.per_sample
    assert S.memory_plan(doc, 100_000, spread=0.2).whole == pytest.approx(10 * many.whole, rel=1e-9)
    assert many.chunks == 1 and many.need == many.whole


def test_the_estimate_holds_the_measured_peak():
    """The estimate is not below what a run really allocates (numpy's allocations, traced)."""
    import tracemalloc

    doc = _wide()
    plan = S.memory_plan(doc, 20_000, spread=0.2)
    tracemalloc.start()
    S.simulate(doc, 20_000, seed=1, spread=0.2)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak <= plan.need
    assert peak >= plan.need / 3  # and not wildly above it


def test_a_run_larger_than_a_chunk_goes_in_chunks_and_still_agrees(monkeypatch):
    monkeypatch.setattr(S, "CHUNK_BYTES", 2_000_000)
    doc = _rival()
    plan = S.memory_plan(doc, 60_000)
    assert plan.chunks > 1
    sim = S.simulate(doc, 60_000, seed=11)
    assert sim.chunks == plan.chunks and sim.samples == 60_000
    got = {o.id: o for o in sim.options}
    assert got["a"].p_best == pytest.approx(2 / 3, abs=0.01)
    assert got["a"].p_best + got["b"].p_best == pytest.approx(1.0)
    # b = 2 + ... is triangular(0, 2, 8): mean 10/3; its 5th percentile solves F(x) = x^2 / 16 = 0.05
    assert got["b"].mean == pytest.approx(10 / 3, abs=0.05)
    assert got["b"].p5 == pytest.approx(np.sqrt(0.8), abs=0.03)
    assert {d.node for d in sim.drivers} == {"b", "c"}


def test_little_memory_shrinks_the_chunks_instead_of_refusing(monkeypatch):
    doc = _wide()
    roomy = S.memory_plan(doc, 50_000, spread=0.2)
    monkeypatch.setattr(S, "available_memory", lambda: int(roomy.kept + 3000 * roomy.per_sample))
    tight = S.memory_plan(doc, 50_000, spread=0.2)
    assert tight.chunk == 3000 and tight.chunks == 17 and tight.need <= tight.available
    sim = S.simulate(doc, 50_000, seed=3, spread=0.2)
    assert sim.chunks == 17 and sum(o.p_best for o in sim.options) == pytest.approx(1.0)


def test_a_run_that_cannot_fit_is_refused_before_anything_is_drawn(monkeypatch):
    monkeypatch.setattr(S, "available_memory", lambda: 50_000_000)
    drawn = []
    real = S._DistributionInputs.__call__

    def spy(self, rng, n):
        drawn.append(n)
        return real(self, rng, n)

    monkeypatch.setattr(S._DistributionInputs, "__call__", spy)
    doc = _wide()
    with pytest.raises(S.SimulationTooLarge) as info:
        S.simulate(doc, 5_000_000, seed=1, spread=0.2)
    assert [n for n in drawn if n > 0] == []
    err = info.value
    assert (err.samples, err.inputs, err.available) == (5_000_000, 90, 50_000_000)
    assert err.need > err.available
    assert str(err).startswith("5,000,000 samples need about ")


def test_the_command_names_the_numbers_in_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(S, "available_memory", lambda: 9_800_000_000)
    path = tmp_path / "wide.argmap.json"
    doc = _wide()
    jsondoc.write(doc, path)
    n = 500_000_000
    plan = S.MemoryPlan(n, 90, S.memory_plan(doc, 1000, spread=0.2).per_sample,
                        S.memory_plan(doc, 1000, spread=0.2).kept * n / 1000, S.MIN_CHUNK, 0)
    assert main(["score", str(path), "--simulate", str(n), "--spread", "0.2"]) == 1
    out, err = capsys.readouterr()
    assert out == ""  # refused before the ranking was even printed
    line = (f"error: {path}: --simulate {n} needs about {S.size_text(plan.need)} for 90 inputs; "
            "9.8 GB is available — ask for fewer samples")
    assert err.splitlines() == [line]


def test_sizes_read_as_people_say_them():
    assert S.size_text(37.2e9) == "37 GB"
    assert S.size_text(9.8e9) == "9.8 GB"
    assert S.size_text(420e6) == "420 MB"


def test_available_memory_reads_meminfo_or_falls_back(monkeypatch):
    text = "MemTotal:       16000000 kB\nMemFree:         1000000 kB\nMemAvailable:    9570312 kB\n"
    monkeypatch.setattr(S, "open", lambda *a, **k: io.StringIO(text), raising=False)
    assert S.available_memory() == 9570312 * 1024

    def missing(*_a, **_k):
        raise FileNotFoundError("/proc/meminfo")

    monkeypatch.setattr(S, "open", missing, raising=False)
    assert S.available_memory() == S.FALLBACK_MEMORY
    monkeypatch.setattr(S, "open", lambda *a, **k: io.StringIO("MemTotal: 1 kB\n"), raising=False)
    assert S.available_memory() == S.FALLBACK_MEMORY


def test_chunked_moments_equal_one_pass():
    rng = np.random.default_rng(0)
    xs = [rng.normal(size=10_000), rng.uniform(size=10_000)]
    t = (xs[0] + rng.normal(size=10_000) > 0.5).astype(float)
    whole, parts = S._Moments(), S._Moments()
    whole.add(xs, t)
    for a in range(0, 10_000, 1500):
        parts.add([x[a:a + 1500] for x in xs], t[a:a + 1500])
    one = [float(np.corrcoef(x, t)[0, 1]) for x in xs]
    assert whole.correlations() == pytest.approx(one, abs=1e-12)
    assert parts.correlations() == pytest.approx(one, abs=1e-12)
