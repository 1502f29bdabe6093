"""Moving rows in the outline (Alt+Up/Down, undo of a move, a re-parent) keeps the moved node selected."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from argmap.model import edits as E


def test_alt_down_and_alt_up_keep_the_moved_option_selected(qtbot, window, session):
    window.outline.setFocus()
    session.select("o1")
    QTest.keyClick(window.outline, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert [c.id for c in session.document.children("q1")] == ["o2", "o1"]
    assert session.selection == ["o1"]
    assert [window.outline.outline.node_id(i) for i in window.outline.selectionModel().selectedRows(0)] == ["o1"]
    QTest.keyClick(window.outline, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [c.id for c in session.document.children("q1")] == ["o1", "o2"]
    assert session.selection == ["o1"]


def test_undoing_a_move_keeps_the_selection(qtbot, window, session):
    session.select("c2")
    assert session.try_apply(E.MoveNode("c2", "o1", 1), "Move") == ""
    assert session.document.node("c2").parent == "o1"
    assert session.selection == ["c2"]
    session.undo_stack.undo()
    assert session.document.node("c2").parent == "o2"
    assert session.selection == ["c2"]
    rows = window.outline.selectionModel().selectedRows(0)
    assert [window.outline.outline.node_id(i) for i in rows] == ["c2"]
