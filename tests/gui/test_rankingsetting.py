"""The ranking setting in the weighing pane: choosing changes the map's ranking as one undo step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from argmap.gui import rankingsetting
from argmap.gui.session import Session
from argmap.gui.weighing import WeighingPanel
from argmap.model import Document
from argmap.scoring.terms import TERMS
from argmap.textsafe import qt_tooltip


def _map() -> Document:
    """By impact 'ferry' leads (.9 x 2 = 1.8 to .6 x 2 = 1.2); by support 'bridge' (.5 + .5 x .6 = .8 to .5)."""
    return Document.model_validate({
        "question": "q",
        "perspectives": [{"id": "us", "name": "Us", "weight": 1}],
        "nodes": [
            {"id": "q", "kind": "question", "text": "Which way?"},
            {"id": "bridge", "kind": "option", "parent": "q", "order": 0, "text": "Bridge"},
            {"id": "c1", "kind": "consequence", "parent": "bridge", "text": "Early", "likelihood": 0.6,
             "impact": {"us": 2}},
            {"id": "p1", "kind": "pro", "parent": "bridge", "order": 1, "text": "Always open", "strength": 0.6},
            {"id": "ferry", "kind": "option", "parent": "q", "order": 1, "text": "Ferry"},
            {"id": "c2", "kind": "consequence", "parent": "ferry", "text": "Harbour", "likelihood": 0.9,
             "impact": {"us": 2}},
        ],
    })


@pytest.fixture
def session() -> Session:
    return Session(_map())


@pytest.fixture
def pane(qtbot, session) -> WeighingPanel:
    widget = WeighingPanel(session)
    qtbot.addWidget(widget)
    widget.resize(420, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _order(pane: WeighingPanel) -> list[str]:
    return [r.key for r in pane.ranking_chart.rows]


def test_choices_carry_their_terms_as_tooltips(qtbot, session):
    widget = rankingsetting.RankingSetting(session)
    qtbot.addWidget(widget)
    combo = widget.combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["expected impact", "argued support",
                                                                 "impact × support"]
    for i, value in enumerate(("impact", "support", "impact-scaled")):
        assert combo.itemData(i) == value
        assert combo.itemData(i, Qt.ItemDataRole.ToolTipRole) == qt_tooltip(TERMS[f"ranking-{value}"])
    assert widget.value == "impact"


def test_changing_the_ranking_reorders_the_pane_and_ctrl_z_restores(qtbot, session, pane):
    widget = rankingsetting.mount(pane, session)
    assert pane.ranking_setting is widget and widget.isVisible()
    assert _order(pane) == ["ferry", "bridge"]
    with qtbot.waitSignal(pane.scores_updated, timeout=2000):
        widget.combo.setCurrentIndex(widget.combo.findData("support"))
    assert session.document.ranking == "support"
    assert pane.scores.ranked_by == "support"
    assert pane.scores.leader.node_id == "bridge"
    assert _order(pane) == ["bridge", "ferry"]
    assert session.undo_stack.count() == 1
    assert session.undo_stack.undoText() == "Rank by argued support"
    undo = session.undo_stack.createUndoAction(pane)  # the window's Edit ▸ Undo, Ctrl+Z
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    undo.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    pane.addAction(undo)
    with qtbot.waitSignal(pane.scores_updated, timeout=2000):
        qtbot.keyClick(widget.combo, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.document.ranking == "impact"
    assert widget.value == "impact"
    assert pane.scores.leader.node_id == "ferry"
    assert _order(pane) == ["ferry", "bridge"]
    session.redo()
    assert widget.value == "support"


def test_a_new_document_moves_the_combo_without_an_edit(qtbot, session):
    widget = rankingsetting.RankingSetting(session)
    qtbot.addWidget(widget)
    doc = _map()
    doc.ranking = "impact-scaled"
    session.set_document(doc)
    assert widget.value == "impact-scaled"
    assert session.undo_stack.count() == 0
