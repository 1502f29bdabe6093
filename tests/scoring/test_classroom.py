"""The class view: every student's scores, the class's ranking, and the inputs the class splits on."""

from __future__ import annotations

import random
import statistics

import pytest

from argmap.io import read
from argmap.model import weighings as W
from argmap.paths import bundled_scenario
from argmap.scoring import score, sensitivity
from argmap.scoring.classroom import class_view, mean_weighing


@pytest.fixture(scope="module")
def classroom():
    doc = read(bundled_scenario())
    rng = random.Random(7)
    for i in range(12):
        w = W.capture(doc, f"s{i}", f"Student {i}")
        for v in w.values.values():
            if v.likelihood is not None:
                v.likelihood = round(min(1.0, max(0.0, v.likelihood + rng.uniform(-0.4, 0.4))), 2)
            if v.strength is not None:
                v.strength = round(min(1.0, max(0.0, v.strength + rng.uniform(-0.2, 0.2))), 2)
            for k in v.impact:
                v.impact[k] = round(max(-10.0, min(10.0, v.impact[k] + rng.uniform(-4, 4))), 1)
        w.weights["taliban"] = rng.choice([0.15, 0.15, 0.8])
        W.AddWeighing(w).apply(doc)
    return doc


def test_each_students_scores_are_what_score_gives_for_that_weighing_alone(classroom):
    view = class_view(classroom)
    assert [s.weighing_id for s in view.students] == [f"s{i}" for i in range(12)]
    for s in view.students:
        alone = score(W.weighing_document(classroom, s.weighing_id))
        assert s.scores == pytest.approx({o.node_id: o.overall for o in alone.options}, abs=1e-9)
        assert s.leader == alone.options[0].node_id


def test_option_statistics_and_lead_shares(classroom):
    view = class_view(classroom)
    leaders = [s.leader for s in view.students]
    for o in view.options:
        xs = [s.scores[o.id] for s in view.students]
        assert o.mean == pytest.approx(sum(xs) / len(xs))
        assert o.median == pytest.approx(sorted(xs)[5] / 2 + sorted(xs)[6] / 2)
        assert (o.min, o.max) == (min(xs), max(xs))
        assert o.leads == leaders.count(o.id) and o.lead_share == pytest.approx(leaders.count(o.id) / 12)
    assert sum(o.leads for o in view.options) == 12
    assert view.by_mean == [o.id for o in sorted(view.options, key=lambda o: -o.mean)]
    assert view.by_median == [o.id for o in sorted(view.options, key=lambda o: -o.median)]


def test_hotspots_rank_inputs_by_spread_times_swing(classroom):
    view = class_view(classroom)
    mean_doc = W.weighing_document(classroom, None)
    W.load(mean_doc, mean_weighing(classroom, W.all_weighings(classroom, with_author=False)))
    widths = {(r.node_id, r.input, r.perspective): r.width for r in sensitivity(mean_doc).rows}
    top = view.hotspots[0]
    for h in view.hotspots[:10]:
        if h.input == "likelihood":
            xs = [W.find(classroom, f"s{i}").values[h.node].likelihood for i in range(12)]
            assert h.spread == pytest.approx(statistics.pstdev(xs))
        assert h.swing == pytest.approx(widths.get((h.node, h.input, h.perspective), 0.0))
        assert h.score == pytest.approx(h.spread * h.swing)
        assert h.score <= top.score
    assert [h.rank for h in view.hotspots] == list(range(1, len(view.hotspots) + 1))
    assert max(view.contested.values()) == pytest.approx(1.0)


def test_a_class_of_one_has_no_hotspots_and_no_class_is_empty():
    doc = read(bundled_scenario())
    assert class_view(doc).students == []
    W.AddWeighing(W.capture(doc, "s1", "Solo")).apply(doc)
    view = class_view(doc)
    assert len(view.students) == 1 and view.hotspots == []
    assert view.options[0].leads + view.options[1].leads + view.options[2].leads == 1
