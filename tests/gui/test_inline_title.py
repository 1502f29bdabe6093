"""Typing on a card: the title first, Tab to the text, Enter commits both as one undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from argmap.model import edits as E

K = Qt.Key


def _new_child(window, session, parent: str) -> str:
    window.canvas.setFocus()
    session.select(parent)
    QTest.keyClick(window.canvas, K.Key_Tab)
    assert window.canvas.editor is not None
    return session.current


def test_typing_on_a_new_card_fills_its_title_then_tab_its_text(window, session):
    new = _new_child(window, session, "o2")
    editor = window.canvas.editor
    assert editor.title_edit.hasFocus()
    # The placeholder text of a new card is not offered for editing: it gives way to what is typed.
    assert (editor.title_edit.toPlainText(), editor.text_edit.toPlainText()) == ("", "")
    QTest.keyClicks(editor.title_edit, "Fares go up")
    QTest.keyClick(editor.title_edit, K.Key_Tab)
    assert editor.text_edit.hasFocus()
    QTest.keyClicks(editor.text_edit, "Tickets cost more at peak times.")
    QTest.keyClick(editor.text_edit, K.Key_Return)
    node = session.document.node(new)
    assert (node.title, node.text) == ("Fares go up", "Tickets cost more at peak times.")
    assert window.canvas.editor is None and window.canvas.hasFocus()
    lines = window.canvas.scene_data.card(new).face.lines
    assert [ln.role for ln in lines] == ["title", "text"]
    # Adding and typing: two steps; the typing is one, title and text together.
    assert session.undo_stack.count() == 2
    assert session.undo_stack.text(1) == "Edit card"
    session.undo()
    node = session.document.node(new)
    assert (node.title, node.text) == (None, "New consequence")
    session.redo()
    assert session.document.node(new).title == "Fares go up"


def test_a_title_alone_drops_the_placeholder_text(window, session):
    new = _new_child(window, session, "o1")
    QTest.keyClicks(window.canvas.editor, "Tolls rise")
    QTest.keyClick(window.canvas.editor, K.Key_Return)
    node = session.document.node(new)
    assert (node.title, node.text) == ("Tolls rise", "")
    assert window.canvas.scene_data.card(new).face.lines[0].text == "Tolls rise"


def test_shift_tab_goes_back_to_the_title(window, session):
    new = _new_child(window, session, "o1")
    editor = window.canvas.editor
    QTest.keyClicks(editor, "Toll")
    QTest.keyClick(editor, K.Key_Tab)
    QTest.keyClicks(editor, "Drivers pay at the gate.")
    QTest.keyClick(editor, K.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert editor.title_edit.hasFocus() and editor.field is editor.title_edit
    QTest.keyClicks(editor, "s rise")  # Shift+Tab selects the title: typing replaces it
    QTest.keyClick(editor, K.Key_Tab)
    QTest.keyClick(editor, K.Key_End)
    QTest.keyClick(editor, K.Key_Return, Qt.KeyboardModifier.ShiftModifier)  # a new line of text
    QTest.keyClicks(editor, "Every day.")
    QTest.keyClick(editor, K.Key_Return)
    node = session.document.node(new)
    assert (node.title, node.text) == ("s rise", "Drivers pay at the gate.\nEvery day.")
    assert session.undo_stack.count() == 2


def test_escape_and_an_empty_enter_leave_a_new_card_as_it_was(window, session):
    new = _new_child(window, session, "o1")
    QTest.keyClicks(window.canvas.editor, "Never mind")
    QTest.keyClick(window.canvas.editor, K.Key_Escape)
    assert window.canvas.editor is None
    assert session.document.node(new).text == "New consequence"
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, K.Key_F2)
    QTest.keyClick(window.canvas.editor, K.Key_Return)
    node = session.document.node(new)
    assert (node.title, node.text) == (None, "New consequence")
    assert session.undo_stack.count() == 1  # the add only


def test_f2_on_a_titled_card_edits_its_title_then_its_text(window, session):
    session.apply(E.SetTitle("c2", "Harbour view"), "Title")
    window.canvas.setFocus()
    session.select("c2")
    QTest.keyClick(window.canvas, K.Key_F2)
    editor = window.canvas.editor
    assert editor.title_edit.hasFocus() and editor.title_edit.textCursor().selectedText() == "Harbour view"
    assert editor.text_edit.toPlainText() == "We see the harbour"
    QTest.keyClicks(editor, "Harbour lights")
    QTest.keyClick(editor, K.Key_Return)
    node = session.document.node("c2")
    assert (node.title, node.text) == ("Harbour lights", "We see the harbour")
    assert session.undo_stack.text(session.undo_stack.count() - 1) == "Edit title"
    QTest.keyClick(window.canvas, K.Key_F2)
    editor = window.canvas.editor
    QTest.keyClick(editor, K.Key_Tab)
    assert editor.text_edit.textCursor().selectedText() == "We see the harbour"
    QTest.keyClicks(editor, "The harbour at night")
    QTest.keyClick(editor, K.Key_Return)
    node = session.document.node("c2")
    assert (node.title, node.text) == ("Harbour lights", "The harbour at night")


def test_leaving_the_editor_commits_but_moving_between_its_fields_does_not(window, session):
    new = _new_child(window, session, "o1")
    editor = window.canvas.editor
    QTest.keyClicks(editor, "Tolls rise")
    QTest.keyClick(editor, K.Key_Tab)  # focus moves from the title to the text: nothing is committed yet
    assert window.canvas.editor is editor and session.undo_stack.count() == 1
    QTest.keyClicks(editor, "At every bridge.")
    window.outline.setFocus(Qt.FocusReason.MouseFocusReason)
    assert window.canvas.editor is None
    node = session.document.node(new)
    assert (node.title, node.text) == ("Tolls rise", "At every bridge.")
    assert session.undo_stack.count() == 2
