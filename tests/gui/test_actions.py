"""Editing through the real keys, on the focused canvas and outline."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from argmap.gui.actions import CHILD_KIND
from argmap.gui.clipboard import MIME_TYPE
from argmap.model import Kind
from argmap.model import edits as E

K = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture(params=["canvas", "outline"])
def focus(request, window):
    """The widget that has the keyboard: the canvas or the outline."""
    widget = window.canvas if request.param == "canvas" else window.outline
    widget.setFocus()
    assert widget.hasFocus()
    return widget


def _ids(session, parent):
    return [c.id for c in session.document.children(parent)]


def test_tab_adds_a_child_of_the_right_kind(window, session, focus):
    session.select("o1")
    QTest.keyClick(focus, K.Key_Tab)
    kids = session.document.children("o1")
    assert [k.kind for k in kids] == [Kind.CONSEQUENCE, Kind.CONSEQUENCE]
    new = kids[-1].id
    assert session.current == new
    assert session.undo_stack.count() == 1
    assert window.outline.outline.index_of(new).isValid()
    assert window.canvas.item(new) is not None
    session.undo()
    assert _ids(session, "o1") == ["c1"]
    assert not window.outline.outline.index_of(new).isValid()
    assert window.canvas.item(new) is None


@pytest.mark.parametrize("parent,kind", [("q1", Kind.OPTION), ("c1", Kind.CONSEQUENCE), ("p1", Kind.PRO)])
def test_child_kind_depends_on_the_parent(window, session, parent, kind):
    window.canvas.setFocus()
    session.select(parent)
    QTest.keyClick(window.canvas, K.Key_Tab)
    assert session.document.node(session.current).kind is kind
    assert session.document.node(session.current).parent == parent


def test_child_kinds_are_allowed_by_the_rules():
    from argmap.model.rules import ALLOWED_CHILDREN

    for parent, child in CHILD_KIND.items():
        assert child in ALLOWED_CHILDREN[parent]


def test_enter_adds_a_sibling_right_after(window, session, focus):
    session.select("o1")
    QTest.keyClick(focus, K.Key_Return)
    kids = _ids(session, "q1")
    assert len(kids) == 3 and kids[0] == "o1" and kids[2] == "o2"
    assert session.document.node(kids[1]).kind is Kind.OPTION
    assert session.current == kids[1]
    assert window.outline.outline.rowCount(window.outline.outline.index_of("q1")) == 3


def test_enter_on_the_question_is_refused_with_a_message(window, session):
    window.canvas.setFocus()
    session.select("q1")
    QTest.keyClick(window.canvas, K.Key_Return)
    assert len(session.document.nodes) == 6
    assert "question" in window.statusBar().currentMessage()


def test_delete_removes_the_branch_and_undo_restores_it(window, session, focus):
    session.select("c1")
    QTest.keyClick(focus, K.Key_Delete)
    assert not session.document.has_node("c1") and not session.document.has_node("p1")
    assert session.current == "o1"
    assert window.count_label.text() == "4 nodes"
    assert window.canvas.item("c1") is None and window.canvas.item("o1") is not None
    QTest.keyClick(focus, K.Key_Z, CTRL)
    assert session.document.node("p1").parent == "c1"
    assert window.outline.outline.index_of("p1").isValid()
    QTest.keyClick(focus, K.Key_Z, CTRL | SHIFT)
    assert not session.document.has_node("c1")


def test_delete_refuses_the_question(window, session):
    window.outline.setFocus()
    session.select("q1")
    QTest.keyClick(window.outline, K.Key_Delete)
    assert len(session.document.nodes) == 6
    assert session.undo_stack.count() == 0


def test_alt_arrows_reorder_siblings(window, session, focus):
    session.select("o2")
    QTest.keyClick(focus, K.Key_Up, ALT)
    assert _ids(session, "q1") == ["o2", "o1"]
    model = window.outline.outline
    assert model.node_id(model.index(0, 0, model.index_of("q1"))) == "o2"
    QTest.keyClick(focus, K.Key_Up, ALT)
    assert _ids(session, "q1") == ["o2", "o1"]
    assert "first" in window.statusBar().currentMessage()
    QTest.keyClick(focus, K.Key_Down, ALT)
    assert _ids(session, "q1") == ["o1", "o2"]
    assert session.undo_stack.count() == 2


def test_copy_and_paste_a_branch_gives_fresh_ids(window, session, focus):
    session.select("c1")
    QTest.keyClick(focus, K.Key_C, CTRL)
    assert QGuiApplication.clipboard().mimeData().hasFormat(MIME_TYPE)
    assert "We arrive early" in QGuiApplication.clipboard().text()
    session.select("o2")
    QTest.keyClick(focus, K.Key_V, CTRL)
    pasted = session.current
    assert pasted not in ("c1", "o2")
    assert session.document.node(pasted).parent == "o2"
    assert session.document.node(pasted).text == "We arrive early"
    assert session.document.node(pasted).impact == {"us": 4.0, "them": -2.0}
    grand = session.document.children(pasted)
    assert [g.text for g in grand] == ["The bridge is open all night"] and grand[0].id != "p1"
    assert session.undo_stack.count() == 1
    session.undo()
    assert _ids(session, "o2") == ["c2"]


def test_paste_where_kinds_forbid_is_refused(window, session, focus):
    session.select("p1")
    QTest.keyClick(focus, K.Key_C, CTRL)
    session.select("q1")
    QTest.keyClick(focus, K.Key_V, CTRL)
    assert _ids(session, "q1") == ["o1", "o2"]
    assert session.undo_stack.count() == 0
    assert "Cannot paste" in window.statusBar().currentMessage()


def test_cut_then_paste_moves_a_branch(window, session, focus):
    session.select("c1")
    QTest.keyClick(focus, K.Key_X, CTRL)
    assert not session.document.has_node("c1")
    session.select("c2")
    QTest.keyClick(focus, K.Key_V, CTRL)
    moved = session.document.children("c2")
    assert [m.text for m in moved] == ["We arrive early"]
    assert session.undo_stack.count() == 2


def test_change_kind_from_the_menu(window, session):
    session.select("p1")
    window.edit_actions.kinds[Kind.CON].trigger()
    assert session.document.node("p1").kind is Kind.CON
    assert not window.edit_actions.kinds[Kind.OPTION].isEnabled()


def test_collapse_and_expand_are_undoable(window, session, focus):
    session.select("o1")
    QTest.keyClick(focus, K.Key_BracketLeft, CTRL)
    assert "o1" in session.document.view.collapsed
    QTest.keyClick(focus, K.Key_BracketRight, CTRL)
    assert "o1" not in session.document.view.collapsed
    session.undo()
    assert "o1" in session.document.view.collapsed


def test_f2_starts_editing_on_the_canvas(window, session, monkeypatch):
    started = []
    monkeypatch.setattr(window.canvas, "edit_text", started.append, raising=False)
    window.canvas.setFocus()
    session.select("c2")
    QTest.keyClick(window.canvas, K.Key_F2)
    assert started == ["c2"]


def test_text_fields_keep_tab_and_enter(window, session):
    field = window.find_bar.field
    window.find_bar.show()
    field.setFocus()
    session.select("o1")
    QTest.keyClick(field, K.Key_Tab)
    QTest.keyClick(field, K.Key_Return)
    QTest.keyClick(field, K.Key_Delete)
    assert len(session.document.nodes) == 6


def test_find_steps_through_matches(qtbot, window, session):
    QTest.keyClick(window.canvas, K.Key_F, CTRL)
    assert window.find_bar.isVisible()
    assert window.focusWidget() is window.find_bar.field
    QTest.keyClicks(window.find_bar.field, "take the")
    assert session.current == "o1"
    assert window.find_bar.count_label.text() == "1 of 2"
    QTest.keyClick(window.find_bar.field, K.Key_F3)
    assert session.current == "o2"
    QTest.keyClick(window.find_bar.field, K.Key_F3)
    assert session.current == "o1"
    QTest.keyClick(window.find_bar.field, K.Key_F3, SHIFT)
    assert session.current == "o2"
    QTest.keyClick(window.find_bar.field, K.Key_Return)
    assert session.current == "o1"
    selected = window.outline.selectionModel().selectedRows()
    assert [window.outline.outline.node_id(i) for i in selected] == ["o1"]


def test_find_sees_edits_made_after_searching(window, session):
    window.find_bar.open()
    QTest.keyClicks(window.find_bar.field, "harbour")
    assert window.find_bar.matches == ["c2"]
    session.apply(E.SetText("c1", "A harbour view too"), "Edit text")
    assert window.find_bar.matches == ["c1", "c2"]


def test_escape_closes_the_find_bar(window):
    window.find_bar.open()
    QTest.keyClick(window.find_bar.field, K.Key_Escape)
    assert not window.find_bar.isVisible()


def test_actions_are_disabled_without_a_selection(window, session):
    session.select(None)
    acts = window.edit_actions
    assert not acts.delete.isEnabled() and not acts.copy.isEnabled() and not acts.move_up.isEnabled()
    session.select("c1")
    assert acts.delete.isEnabled() and acts.copy.isEnabled()


def test_multi_selection_delete_is_one_step(window, session):
    window.outline.setFocus()
    session.select(["c1", "p1", "c2"])
    QTest.keyClick(window.outline, K.Key_Delete)
    assert {n.id for n in session.document.nodes} == {"q1", "o1", "o2"}
    assert session.undo_stack.count() == 1
    session.undo()
    assert len(session.document.nodes) == 6


def test_inspector_text_box_keeps_its_keys(window, session):
    inspector = window.panels.get("inspector")
    if inspector is None:
        pytest.fail("the inspector panel is missing")
    session.select("c1")
    boxes = [w for w in inspector.findChildren(QLineEdit) if w.isVisible() and w.isEnabled()]
    assert boxes
    boxes[0].setFocus()
    QTest.keyClick(boxes[0], K.Key_Tab)
    QTest.keyClick(boxes[0], K.Key_Delete)
    assert len(session.document.nodes) == 6


def test_typing_a_chain_of_nodes_as_in_a_mind_map(qtbot, window, session):
    window.canvas.setFocus()
    session.select("o2")
    QTest.keyClick(window.canvas, K.Key_Tab)
    editor = window.canvas.editor
    assert editor is not None and editor.hasFocus()
    QTest.keyClicks(editor, "Fares go up")
    QTest.keyClick(editor, K.Key_Return)
    first = session.current
    assert session.document.node(first).title == "Fares go up"
    assert window.canvas.hasFocus()
    QTest.keyClick(window.canvas, K.Key_Return)
    QTest.keyClicks(window.canvas.editor, "Queues get longer")
    QTest.keyClick(window.canvas.editor, K.Key_Return)
    texts = [c.title or c.text for c in session.document.children("o2")]
    assert texts == ["We see the harbour", "Fares go up", "Queues get longer"]
    assert session.undo_stack.count() == 4  # two adds, two text edits


def test_pasting_plain_text_adds_a_child_per_line(window, session, focus):
    QGuiApplication.clipboard().setText("Tolls rise\n\n  Traffic jams\n")
    session.select("o1")
    QTest.keyClick(focus, K.Key_V, CTRL)
    kids = session.document.children("o1")
    assert [k.text for k in kids] == ["We arrive early", "Tolls rise", "Traffic jams"]
    assert {k.kind for k in kids} == {Kind.CONSEQUENCE}
    assert session.selection == [kids[1].id, kids[2].id]
    assert session.undo_stack.count() == 1


def test_insert_and_backspace_work_like_tab_and_delete(window, session, focus):
    session.select("c2")
    QTest.keyClick(focus, K.Key_Insert)
    new = session.current
    assert session.document.node(new).parent == "c2"
    if window.canvas.editor is not None:
        window.canvas.editor.cancel()
    focus.setFocus()
    session.select(new)
    QTest.keyClick(focus, K.Key_Backspace)
    assert not session.document.has_node(new)


def test_click_a_card_then_tab_adds_under_it(qtbot, window, session):
    from PySide6.QtCore import QPointF

    for key in ("inspector", "weighing"):  # room for the canvas in the small offscreen screen
        window.docks[key].hide()
    window.outline.setFocus()
    qtbot.waitUntil(lambda: window.canvas.viewport().width() > 300)
    window.canvas.scroll_to("c2")
    card = window.canvas.scene_data.card("c2")
    pos = window.canvas.mapFromScene(QPointF(card.rect.x + card.rect.w / 2, card.rect.y + card.rect.h - 6))
    assert window.canvas.viewport().rect().contains(pos)
    QTest.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    assert session.current == "c2"
    assert window.canvas.hasFocus(), QApplication.focusWidget()
    QTest.keyClick(window.focusWidget(), K.Key_Tab)
    assert session.document.node(session.current).parent == "c2"


@pytest.mark.parametrize("key,text,kind", [(K.Key_Plus, "+", Kind.PRO), (K.Key_Minus, "-", Kind.CON),
                                           (K.Key_E, "E", Kind.EVIDENCE), (K.Key_C, "C", Kind.CONSEQUENCE),
                                           (K.Key_N, "N", Kind.NOTE)])
def test_keys_for_kinds_add_a_child_of_that_kind(window, session, focus, key, text, kind):
    session.select("c1")
    QTest.keyClick(focus, key)
    new = session.document.node(session.current)
    assert (new.kind, new.parent) == (kind, "c1") and session.undo_stack.count() == 1
    assert window.canvas.item(new.id) is not None


def test_o_adds_an_option_under_the_question_wherever_the_selection_is(window, session, focus):
    session.select("c1")
    before = _ids(session, "q1")
    QTest.keyClick(focus, K.Key_O)
    new = session.document.node(session.current)
    assert new.kind is Kind.OPTION and new.parent == "q1" and _ids(session, "q1") == [*before, new.id]


def test_a_kind_the_node_cannot_hold_is_refused_with_the_reason(window, session, dialog_log):
    window.canvas.setFocus()
    session.select("q1")
    count = len(session.document.nodes)
    QTest.keyClick(window.canvas, K.Key_Plus)
    assert len(session.document.nodes) == count and session.undo_stack.count() == 0
    assert "cannot hang under a question" in window.statusBar().currentMessage()
    assert [a.text() for a in window.edit_actions.add_kind.values()][:2] == ["Add Pro", "Add Con"]
