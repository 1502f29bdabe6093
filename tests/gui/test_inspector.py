"""The inspector edits each field of the current node and of the map through undoable edits."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from argmap.gui import perspectives
from argmap.gui.inspector import InspectorPanel
from argmap.gui.session import Session
from argmap.model import Document, Kind
from argmap.model import edits as E


def _map() -> Document:
    return Document.model_validate({
        "title": "Stance",
        "question": "q",
        "sources": [{"id": "s1", "title": "Article", "text": "Pakistan should stay neutral. Talks may fail."}],
        "perspectives": [
            {"id": "pk", "name": "Pakistan", "weight": 1, "color": "#2e7d32"},
            {"id": "us", "name": "United States", "weight": 1, "color": "#1565c0"},
        ],
        "nodes": [
            {"id": "q", "kind": "question", "text": "What stance should Pakistan take?"},
            {"id": "o1", "kind": "option", "parent": "q", "order": 0, "text": "Stay neutral"},
            {"id": "o2", "kind": "option", "parent": "q", "order": 1, "text": "Side with the US"},
            {"id": "c1", "kind": "consequence", "parent": "o1", "text": "Talks succeed", "likelihood": 0.5,
             "impact": {"pk": 6, "us": 4}},
            {"id": "c2", "kind": "consequence", "parent": "o2", "text": "Aid grows", "likelihood": 0.6,
             "impact": {"pk": 3, "us": 5}},
            {"id": "c3", "kind": "consequence", "parent": "o2", "order": 1, "text": "Unknown effect"},
            {"id": "p1", "kind": "pro", "parent": "c1", "text": "Both sides trust Pakistan", "strength": 0.4,
             "citations": [{"source": "s1", "quote": "Pakistan should stay neutral.", "start": 0, "end": 29}]},
            {"id": "f1", "kind": "scenario", "parent": "o2", "order": 2, "text": "Taliban reaction"},
            {"id": "r1", "kind": "consequence", "parent": "f1", "order": 0, "text": "Retaliation", "likelihood": 0.3},
            {"id": "r2", "kind": "consequence", "parent": "f1", "order": 1, "text": "Nothing", "remainder": True},
        ],
    })


@pytest.fixture
def session() -> Session:
    return Session(_map())


@pytest.fixture
def panel(qtbot, session: Session) -> InspectorPanel:
    widget = InspectorPanel(session)
    qtbot.addWidget(widget)
    widget.resize(400, 800)
    return widget


def test_typing_text_changes_the_node_in_one_undo_step(qtbot, session, panel):
    session.select("c1")
    steps = session.undo_stack.count()
    panel.text_edit.moveCursor(panel.text_edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(panel.text_edit, " soon")
    assert session.document.node("c1").text == "Talks succeed soon"
    assert session.undo_stack.count() == steps + 1
    session.undo()
    assert session.document.node("c1").text == "Talks succeed"
    assert panel.text_edit.toPlainText() == "Talks succeed"


def test_typing_keeps_the_cursor_through_refreshes(qtbot, session, panel):
    session.select("c1")
    cursor = panel.text_edit.textCursor()
    cursor.setPosition(5)
    panel.text_edit.setTextCursor(cursor)
    qtbot.keyClicks(panel.text_edit, "XY")
    assert session.document.node("c1").text == "TalksXY succeed"
    session.apply(E.SetNote("c1", "changed elsewhere"), "Edit note")
    assert panel.text_edit.textCursor().position() == 7
    assert panel.note_edit.toPlainText() == "changed elsewhere"


def test_title_empty_is_no_title(qtbot, session, panel):
    session.select("c1")
    qtbot.keyClicks(panel.title_edit, "Peace")
    assert session.document.node("c1").title == "Peace"
    panel.title_edit.selectAll()
    qtbot.keyClick(panel.title_edit, "\b")
    assert session.document.node("c1").title is None


def test_likelihood_spin_drag_merges_into_one_undo_step(session, panel):
    session.select("c1")
    steps = session.undo_stack.count()
    for value in (0.55, 0.6, 0.7, 0.8):
        panel.likelihood.spin.setValue(value)
    assert session.document.node("c1").likelihood == pytest.approx(0.8)
    assert panel.likelihood.slider.value() == 80
    assert session.undo_stack.count() == steps + 1
    session.undo()
    assert session.document.node("c1").likelihood == 0.5
    assert panel.likelihood.spin.value() == pytest.approx(0.5)


def test_slider_drag_then_another_field_makes_two_steps(session, panel):
    session.select("c1")
    steps = session.undo_stack.count()
    panel.likelihood.slider.setValue(20)
    panel.likelihood.slider.setValue(25)
    assert panel.likelihood.spin.value() == pytest.approx(0.25)
    panel.impact_editors["pk"].slider.setValue(150)  # ticks of 0.1 from -10
    assert session.document.node("c1").impact["pk"] == pytest.approx(5.0)
    assert session.undo_stack.count() == steps + 2
    session.undo()
    assert session.document.node("c1").impact["pk"] == 6.0
    assert session.document.node("c1").likelihood == pytest.approx(0.25)
    session.undo()
    assert session.document.node("c1").likelihood == 0.5


def test_unweighed_stays_none_until_weighed(session, panel):
    session.select("c3")
    assert not panel.likelihood.check.isChecked()
    assert not panel.likelihood.spin.isEnabled()
    assert panel.likelihood.spin.text() == "not weighed"
    panel.impact_editors["pk"].check.setChecked(True)
    node = session.document.node("c3")
    assert node.likelihood is None
    assert node.impact == {"pk": 0.0}
    panel.likelihood.check.setChecked(True)
    assert session.document.node("c3").likelihood == 0.5
    panel.likelihood.check.setChecked(False)
    assert session.document.node("c3").likelihood is None
    assert panel.likelihood.spin.text() == "not weighed"


def test_impact_rows_follow_perspectives_and_scale(session, panel):
    session.document.impact_scale.min = -100
    session.document.impact_scale.max = 100
    session.select("c2")
    assert set(panel.impact_editors) == {"pk", "us"}
    assert panel.impact_editors["us"].spin.maximum() == 100
    panel.impact_editors["us"].spin.setValue(-40)
    panel.impact_editors["pk"].check.setChecked(False)
    assert session.document.node("c2").impact == {"us": -40.0}
    session.undo()
    session.undo()
    assert session.document.node("c2").impact == {"pk": 3.0, "us": 5.0}
    assert panel.impact_editors["pk"].value() == 3.0


def test_strength_edit_on_a_pro(session, panel):
    session.select("p1")
    assert panel.form.isRowVisible(panel.strength)
    assert not panel.form.isRowVisible(panel.likelihood)
    assert not panel.form.isRowVisible(panel.impact_box)
    panel.strength.spin.setValue(0.9)
    assert session.document.node("p1").strength == pytest.approx(0.9)
    panel.strength.check.setChecked(False)
    assert session.document.node("p1").strength is None


def test_fields_shown_match_the_kind(session, panel):
    session.select("o1")
    assert panel.form.isRowVisible(panel.impact_box)
    assert not panel.form.isRowVisible(panel.likelihood)
    assert not panel.form.isRowVisible(panel.strength)
    session.select("c1")
    assert panel.form.isRowVisible(panel.likelihood)
    assert not panel.form.isRowVisible(panel.rest_check)
    session.select("r1")
    assert panel.form.isRowVisible(panel.rest_check)


def test_refused_kind_change_leaves_document_unchanged(session, panel):
    session.select("o1")
    before = session.document.model_copy(deep=True)
    steps = session.undo_stack.count()
    index = panel.kind_combo.findData(Kind.PRO.value)
    panel.kind_combo.setCurrentIndex(index)
    panel.kind_combo.activated.emit(index)
    assert session.document == before
    assert session.undo_stack.count() == steps
    assert "cannot hang under a question" in panel.kind_error.text()
    assert panel.form.isRowVisible(panel.kind_error)
    assert panel.kind_combo.currentData() == "option"


def test_allowed_kind_change_is_undoable(session, panel):
    session.select("p1")
    index = panel.kind_combo.findData(Kind.CON.value)
    panel.kind_combo.setCurrentIndex(index)
    panel.kind_combo.activated.emit(index)
    assert session.document.node("p1").kind is Kind.CON
    assert panel.kind_error.text() == ""
    session.undo()
    assert session.document.node("p1").kind is Kind.PRO
    assert panel.kind_combo.currentData() == "pro"


def test_tags_are_comma_separated(session, panel):
    session.select("c1")
    panel.tags_edit.setText(" security,  economy ,, security")
    panel.tags_edit.editingFinished.emit()
    assert session.document.node("c1").tags == ["security", "economy"]
    session.undo()
    assert session.document.node("c1").tags == []
    assert panel.tags_edit.text() == ""


def test_note_edit(qtbot, session, panel):
    session.select("o2")
    qtbot.keyClicks(panel.note_edit, "check")
    assert session.document.node("o2").note == "check"


def test_the_rest_replaces_a_stated_likelihood(session, panel):
    session.select("r2")
    assert panel.rest_check.isChecked()
    assert "0.70" in panel.rest_check.text()
    assert not panel.likelihood.isEnabled()
    session.apply(E.SetLikelihood("r1", None), "Clear likelihood")
    assert "not known until they are all weighed" in panel.rest_check.text()  # None is not 0
    session.undo()
    session.select("r1")
    panel.rest_check.setChecked(False)  # r1 is not the rest: nothing to clear
    assert session.document.node("r1").remainder is False
    session.select("r2")
    panel.rest_check.setChecked(False)
    assert session.document.node("r2").remainder is False
    assert session.document.node("r2").likelihood is None
    session.select("r1")
    steps = session.undo_stack.count()
    panel.rest_check.setChecked(True)
    node = session.document.node("r1")
    assert (node.remainder, node.likelihood) == (True, None)
    assert session.undo_stack.count() == steps + 1
    session.undo()
    node = session.document.node("r1")
    assert (node.remainder, node.likelihood) == (False, 0.3)


def test_citations_listed_and_removed(session, panel):
    session.select("p1")
    assert panel.citations.count() == 1
    item = panel.citations.item(0)
    assert item.text() == "“Pakistan should stay neutral.”  (0–29)"
    assert item.toolTip() == "<p>Article<br>Pakistan should stay neutral.</p>"  # rich text holding escaped map text
    panel.remove_citation_button.click()
    assert session.document.node("p1").citations == []
    assert panel.citations.count() == 0
    session.undo()
    assert len(session.document.node("p1").citations) == 1
    assert panel.citations.count() == 1


def test_drags_on_two_nodes_are_two_steps(session, panel):
    session.select("c1")
    steps = session.undo_stack.count()
    panel.likelihood.spin.setValue(0.7)
    session.select("c2")
    panel.likelihood.spin.setValue(0.9)
    assert session.undo_stack.count() == steps + 2
    assert session.document.node("c1").likelihood == pytest.approx(0.7)
    assert session.document.node("c2").likelihood == pytest.approx(0.9)


def test_no_selection_shows_the_map_tab(session, panel):
    session.select("c1")
    assert panel.tabs.currentIndex() == 0
    session.select(None)
    assert panel.tabs.currentIndex() == 1
    assert not panel.form.isRowVisible(panel.text_edit)


def test_map_title_and_description(qtbot, session, panel):
    section = panel.map_section
    section.title_edit.setText("Pakistan's stance")
    section.title_edit.editingFinished.emit()
    assert session.document.title == "Pakistan's stance"
    qtbot.keyClicks(section.description_edit, "From the article")
    section.description_edit.focus_lost.emit()
    assert session.document.description == "From the article"
    session.undo()
    assert session.document.description == ""
    assert section.description_edit.toPlainText() == ""


def test_perspective_weight_drag_is_one_step(session, panel):
    section = panel.map_section
    steps = session.undo_stack.count()
    spin = section.weight_spin(1)
    for value in (1.5, 2.0, 3.0):
        spin.setValue(value)
    assert session.document.perspective("us").weight == 3.0
    assert section.table.item(1, perspectives.SHARE).text() == "75 %"
    assert session.undo_stack.count() == steps + 1
    session.undo()
    assert session.document.perspective("us").weight == 1.0
    assert section.weight_spin(1).value() == 1.0


def test_perspective_rename_recolour_add_remove(session, panel, monkeypatch):
    section = panel.map_section
    section.table.item(0, perspectives.NAME).setText("Islamabad")
    assert session.document.perspective("pk").name == "Islamabad"
    monkeypatch.setattr(perspectives, "choose_color", lambda parent, current: "#ff0000")
    section.table.cellWidget(0, perspectives.COLOR).click()
    assert session.document.perspective("pk").color == "#ff0000"
    section.add_button.click()
    assert [p.id for p in session.document.perspectives] == ["pk", "us", "p3"]
    assert section.table.rowCount() == 3
    section.table.selectRow(0)
    section.remove_button.click()
    assert [p.id for p in session.document.perspectives] == ["us", "p3"]
    assert "pk" not in session.document.node("c1").impact
    session.undo()
    assert session.document.node("c1").impact["pk"] == 6.0
    assert section.table.rowCount() == 3


def test_perspective_weight_edit_changes_the_ranking(qtbot, session, panel):
    from argmap.gui.weighing import WeighingPanel

    weighing = WeighingPanel(session)
    qtbot.addWidget(weighing)
    # o1: pk .7·6 = 4.2, us .7·4 = 2.8; o2: pk 1.8, us 3.0 (its unweighed branches left out)
    assert [r.key for r in weighing.ranking_chart.rows] == ["o1", "o2"]
    with qtbot.waitSignal(weighing.scores_updated, timeout=1000):
        panel.map_section.weight_spin(0).setValue(0.0)  # Pakistan no longer counts
    assert session.document.perspective("pk").weight == 0.0
    assert [r.key for r in weighing.ranking_chart.rows] == ["o2", "o1"]
    assert weighing.ranking_chart.rows[0].value == pytest.approx(3.0)


def test_a_new_document_resets_the_panel(session, panel):
    session.select("c1")
    other = _map()
    other.title = "Another map"
    other.perspectives = other.perspectives[:1]
    session.set_document(other)
    assert panel.node_id is None
    assert panel.tabs.currentIndex() == 1
    assert panel.map_section.title_edit.text() == "Another map"
    assert panel.map_section.table.rowCount() == 1
    session.select("c2")
    assert set(panel.impact_editors) == {"pk"}
    assert panel.text_edit.toPlainText() == "Aid grows"


def test_two_slider_drags_on_one_field_are_two_undo_steps(session, panel):
    session.select("c1")
    steps = session.undo_stack.count()
    for value in (20, 25):
        panel.likelihood.slider.setValue(value)
    panel.likelihood.slider.sliderReleased.emit()
    for value in (60, 65):
        panel.likelihood.slider.setValue(value)
    assert session.undo_stack.count() == steps + 2
    session.undo()
    assert session.document.node("c1").likelihood == pytest.approx(0.25)
    session.undo()
    assert session.document.node("c1").likelihood == 0.5


def test_typing_again_after_leaving_the_field_is_a_new_undo_step(qtbot, session, panel):
    session.select("c1")
    steps = session.undo_stack.count()
    panel.title_edit.clear()
    qtbot.keyClicks(panel.title_edit, "First")
    session.seal()  # what leaving the field does
    panel.title_edit.selectAll()
    qtbot.keyClicks(panel.title_edit, "Second")
    assert session.document.node("c1").title == "Second"
    assert session.undo_stack.count() == steps + 2
    session.undo()
    assert session.document.node("c1").title == "First"


def _wheel(widget, steps: int = -3) -> None:
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, 120 * steps),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_a_weight_does_not_change_it_unless_the_box_was_clicked(qtbot, session, panel):
    session.select("c1")
    box = panel.likelihood
    for widget in (box.spin, box.slider):
        _wheel(widget)
    assert session.document.node("c1").likelihood == 0.5 and session.undo_stack.count() == 0
    panel.show()
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    box.spin.setFocus()
    qtbot.waitUntil(box.spin.hasFocus)
    _wheel(box.spin, 1)
    assert session.document.node("c1").likelihood == pytest.approx(0.55)


def test_undo_from_a_number_box_undoes_the_map_edit(qtbot, session):
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    panel = InspectorPanel(session)
    window.setCentralWidget(panel)
    undo = session.undo_stack.createUndoAction(window)
    undo.setShortcut("Ctrl+Z")
    window.addAction(undo)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    session.select("c1")
    spin = panel.likelihood.spin
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    spin.setValue(0.8)
    assert session.document.node("c1").likelihood == 0.8
    QTest.keyClick(spin.lineEdit(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.document.node("c1").likelihood == 0.5


def test_a_map_without_perspectives_says_why_there_are_no_impacts_and_offers_one(qtbot):
    doc = Document.model_validate({"question": "q", "nodes": [
        {"id": "q", "kind": "question", "text": "Q"},
        {"id": "o", "kind": "option", "parent": "q", "text": "O"},
        {"id": "c", "kind": "consequence", "parent": "o", "text": "C"},
        {"id": "p", "kind": "pro", "parent": "o", "order": 1, "text": "P"}]})
    session = Session(doc)
    panel = InspectorPanel(session)
    qtbot.addWidget(panel)
    panel.show()
    session.select("c")
    assert panel.no_parties.isVisibleTo(panel) and not panel.impact_box.isVisibleTo(panel)
    session.select("p")
    assert not panel.no_parties.isVisibleTo(panel)
    session.select("c")
    panel.add_party_button.click()
    assert [p.id for p in session.document.perspectives] == ["p1"]
    assert panel.tabs.currentIndex() == 1
    panel.tabs.setCurrentIndex(0)
    assert panel.impact_box.isVisibleTo(panel) and not panel.no_parties.isVisibleTo(panel)
    session.undo_stack.undo()
    assert session.document.perspectives == []
