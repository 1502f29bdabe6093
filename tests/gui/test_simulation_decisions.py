"""Decision marks on the canvas: the option each later decision takes is ringed, a fixed one says so."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from argmap.gui.canvas import MapCanvas
from argmap.gui.decisions import DecisionMarks, install, mark_decisions
from argmap.gui.scorekeeper import ScoreKeeper
from argmap.gui.session import Session
from argmap.model import edits as E
from argmap.scoring import score

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scoring"))
from test_decision_trees import sounding_then_drill, weather_first  # noqa: E402


@pytest.fixture
def session() -> Session:
    return Session(sounding_then_drill())


@pytest.fixture
def canvas(qtbot, session):
    view = MapCanvas(session)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    view.set_fold(None)
    return view


def test_marks_follow_the_scores_decisions(qtbot, session, canvas):
    item = mark_decisions(canvas, score(session.document))
    assert isinstance(item, DecisionMarks) and item.scene() is canvas.scene()
    assert item.shown() == {"n_drill": "chosen", "ns_no": "chosen", "os_drill": "chosen", "cs_drill": "chosen"}
    assert not item.boundingRect().isEmpty()
    session.apply(E.SetPolicy("ns_q", "ns_drill"), "Fix a decision")
    again = mark_decisions(canvas, score(session.document))
    assert again is item
    assert item.marks["ns_drill"] == "policy" and "ns_no" not in item.marks
    mark_decisions(canvas, None)
    assert item.marks == {}


def test_install_keeps_marks_through_edits_and_a_new_document(qtbot, session, canvas):
    keeper = ScoreKeeper(session, lambda: canvas, lambda: "df-quad")
    keeper.recompute()
    install(canvas, keeper)
    item = canvas._decision_marks
    assert item.marks["os_drill"] == "chosen"
    session.apply(E.SetLikelihood("os_dry", 0.9), "Likelihood")
    assert "os_drill" not in item.marks and item.marks["os_no"] == "chosen"
    session.set_document(weather_first())
    canvas.rebuild()
    qtbot.waitUntil(lambda: getattr(canvas, "_decision_marks", None) is not item
                    and canvas._decision_marks.shown() == {"s_n": "chosen", "r_u": "chosen"}, timeout=2000)
