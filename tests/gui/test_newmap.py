"""File ▸ New: a map that can be weighed at once, and a bar above the canvas asking for its question,
options and perspectives."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from argmap.gui.newmap import NewMapPanel

K, CTRL = Qt.Key, Qt.KeyboardModifier.ControlModifier


def _new_map(window) -> NewMapPanel:
    QTest.keyClick(window, K.Key_N, CTRL)
    panel = window.new_map_panel
    assert panel.isVisible() and panel.question_edit.hasFocus()
    assert window.centralWidget().layout().indexOf(panel) < window.centralWidget().layout().indexOf(window.canvas)
    return panel


def _type(text: str) -> None:
    """Type into the focused widget, a line at a time (Enter between lines)."""
    for i, line in enumerate(text.split("\n")):
        if i:
            QTest.keyClick(QApplication.focusWidget(), K.Key_Return)
        QTest.keyClicks(QApplication.focusWidget(), line)


def _impact_fields(window, node_id: str) -> list[str]:
    window.session.select(node_id)
    inspector = window.panels["inspector"]
    assert inspector.node_id == node_id
    return list(inspector.impact_editors) if inspector.impact_box.isVisibleTo(inspector) else []


def test_filling_in_the_bar_starts_the_map_in_one_undo_step(window, session):
    panel = _new_map(window)
    assert not window.isWindowModified()
    assert [p.name for p in session.document.perspectives] == ["Overall"]
    _type("Which way should we cross the river?")
    QTest.keyClick(QApplication.focusWidget(), K.Key_Tab)
    assert panel.options_edit.hasFocus()
    _type("Take the bridge\nTake the ferry\n\n")
    QTest.keyClick(QApplication.focusWidget(), K.Key_Tab)
    assert panel.parties_edit.hasFocus()
    _type("Us\nThe villagers")
    QTest.keyClick(QApplication.focusWidget(), K.Key_Tab)
    assert panel.start_button.hasFocus()
    QTest.keyClick(panel.start_button, K.Key_Return)
    assert not panel.isVisible()
    doc = session.document
    root = doc.root()
    assert (root.title, root.text) == ("Which way should we cross the river?", "")
    assert doc.title == "Which way should we cross the river?"
    options = doc.children(root.id)
    assert [(o.kind.value, o.title) for o in options] == [("option", "Take the bridge"), ("option", "Take the ferry")]
    assert [(p.id, p.name) for p in doc.perspectives] == [("us", "Us"), ("the_villagers", "The villagers")]
    assert session.undo_stack.count() == 1 and session.undo_stack.text(0) == "Start the map"
    assert session.current == options[0].id and window.canvas.hasFocus()
    # A consequence added with its key shows an impact field per perspective at once.
    QTest.keyClick(window.canvas, K.Key_C)
    consequence = session.current
    assert doc.node(consequence).parent == options[0].id
    QTest.keyClick(window.canvas.editor, K.Key_Escape)
    assert _impact_fields(window, consequence) == ["us", "the_villagers"]
    # The whole start is one step back.
    session.undo()
    session.undo()
    assert [n.kind.value for n in doc.nodes] == ["question"]
    assert [p.name for p in doc.perspectives] == ["Overall"] and doc.root().title is None


def test_closing_the_bar_leaves_a_map_with_one_perspective_overall(window, session):
    panel = _new_map(window)
    _type("Ignored")
    QTest.keyClick(panel.question_edit, K.Key_Escape)
    assert not panel.isVisible() and window.canvas.hasFocus()
    doc = session.document
    assert [p.name for p in doc.perspectives] == ["Overall"]
    assert [n.kind.value for n in doc.nodes] == ["question"] and doc.root().text == "What should we decide?"
    assert not window.isWindowModified()
    QTest.keyClick(window.canvas, K.Key_Tab)  # an option under the question
    QTest.keyClick(window.canvas.editor, K.Key_Escape)
    option = session.current
    QTest.keyClick(window.canvas, K.Key_C)
    QTest.keyClick(window.canvas.editor, K.Key_Escape)
    assert doc.node(session.current).parent == option
    assert _impact_fields(window, session.current) == ["overall"]


def test_the_close_button_closes_the_bar(window, session):
    panel = _new_map(window)
    QTest.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    assert not panel.isVisible() and [p.name for p in session.document.perspectives] == ["Overall"]


def test_starting_with_one_perspective_overall(window, session):
    panel = _new_map(window)
    _type("Where to eat?")
    panel.options_edit.setFocus()
    _type("Home\nOut")
    panel.parties_edit.setFocus()
    _type("Us")
    QTest.mouseClick(panel.overall_button, Qt.MouseButton.LeftButton)
    doc = session.document
    assert [o.title for o in doc.children(doc.root().id)] == ["Home", "Out"]
    assert [p.name for p in doc.perspectives] == ["Overall"]
    assert session.undo_stack.count() == 1


def test_ctrl_enter_starts_from_any_field_and_the_bar_is_not_modal(window, session):
    panel = _new_map(window)
    _type("Which way?")
    # The map can be edited while the bar is up.
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, K.Key_Tab)
    QTest.keyClicks(window.canvas.editor, "Swim")
    QTest.keyClick(window.canvas.editor, K.Key_Return)
    assert panel.isVisible()
    panel.options_edit.setFocus()
    _type("Bridge")
    QTest.keyClick(panel.options_edit, K.Key_Return, CTRL)
    assert not panel.isVisible()
    doc = session.document
    assert [o.title for o in doc.children(doc.root().id)] == ["Swim", "Bridge"]
    assert session.undo_stack.count() == 3  # add, type, start


def test_opening_another_map_closes_the_bar(window, session, tmp_path):
    from argmap.io import jsondoc
    from tests.gui.conftest import small_map

    panel = _new_map(window)
    path = tmp_path / "other.argmap.json"
    jsondoc.write(small_map(), path)
    assert window.files.open_path(path)
    assert not panel.isVisible()
