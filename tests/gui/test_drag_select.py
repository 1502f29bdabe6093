"""A card dragged onto another moves there and stays selected (in the canvas, outline and inspector)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def _point(canvas, node_id):
    card = canvas.scene_data.card(node_id)
    return canvas.mapFromScene(QPointF(card.rect.center[0], card.rect.center[1] + 10))


def _drag(canvas, source: str, target: str) -> None:
    start, end = _point(canvas, source), _point(canvas, target)
    viewport = canvas.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for frac in (0.25, 0.5, 1.0):
        p = QPointF(start.x() + (end.x() - start.x()) * frac, start.y() + (end.y() - start.y()) * frac)
        QApplication.sendEvent(viewport, QMouseEvent(QEvent.Type.MouseMove, p, viewport.mapToGlobal(p),
                                                     Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton,
                                                     Qt.KeyboardModifier.NoModifier))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def _shown(window):
    window.resize(1400, 900)
    canvas = window.canvas
    canvas.set_fold(None)
    canvas.set_zoom(0.5)
    canvas.center_on("q1")
    return canvas


def test_a_dragged_card_is_moved_and_stays_selected(window, session):
    canvas = _shown(window)
    changes = []
    session.selection_changed.connect(changes.append)
    _drag(canvas, "c2", "o1")
    assert session.document.node("c2").parent == "o1"
    assert canvas.scene_data.card("c2").parent == "o1"
    assert session.selection == ["c2"]
    assert canvas.item("c2").is_selected
    assert window.outline.outline.node_id(window.outline.currentIndex()) == "c2"
    assert [window.outline.outline.node_id(i) for i in window.outline.selectionModel().selectedRows()] == ["c2"]
    assert window.panels["inspector"].node_id == "c2"
    assert changes[-1] == ["c2"]
    item = canvas.item("c2")
    r = canvas.scene_data.card("c2").rect
    assert (item.pos().x(), item.pos().y()) == (r.x, r.y) and item.opacity() == 1.0
    session.undo()
    assert session.document.node("c2").parent == "o2"


def test_a_dragged_card_of_a_multiple_selection_keeps_the_whole_selection(window, session):
    canvas = _shown(window)
    session.select(["c2", "p1"])
    _drag(canvas, "c2", "o1")
    assert session.document.node("c2").parent == "o1"
    assert session.selection == ["c2", "p1"]
    assert canvas.item("c2").is_selected and canvas.item("p1").is_selected


def test_a_refused_drop_keeps_the_card_where_it_was_and_selected(window, session):
    canvas = _shown(window)
    _drag(canvas, "p1", "q1")  # a pro cannot hang under the question
    assert session.document.node("p1").parent == "c1"
    assert session.selection == ["p1"] and canvas.item("p1").is_selected
    assert session.undo_stack.count() == 0
