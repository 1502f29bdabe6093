"""Formulas under the inspector's number fields: bad ones are one line under the field and never applied."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from argmap.gui.inspector import InspectorPanel
from argmap.model import edits as E
from argmap.model.document import Parameter

K = Qt.Key


@pytest.fixture
def panel(qtbot, session):
    E.AddParameter(Parameter(id="p", value=0.5, min=0, max=1)).apply(session.document)
    E.AddParameter(Parameter(id="cost", value=2.0, min=0, max=4)).apply(session.document)
    widget = InspectorPanel(session)
    qtbot.addWidget(widget)
    widget.resize(420, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _type_formula(line, text: str) -> None:
    if not line.button.isChecked():
        QTest.mouseClick(line.button, Qt.MouseButton.LeftButton)
    line.edit.selectAll()
    QTest.keyClicks(line.edit, text)
    QTest.keyClick(line.edit, K.Key_Return)


@pytest.mark.parametrize("text,message", [
    ("1 - q", "node 'c1' field likelihood: unknown parameter 'q' in '1 - q'"),
    ("1 - ", "node 'c1' field likelihood: '1 -' is not a formula (syntax error"),
    ("p / (p - 0.5)", "node 'c1' field likelihood: 'p / (p - 0.5)' divides by zero"),
    ("p * 3", "node 'c1' field likelihood: 'p * 3' gives 1.5, outside 0..1"),
])
def test_a_bad_formula_is_shown_under_the_field_and_not_applied(panel, session, text, message):
    session.select("c1")
    line = panel.formula_lines["likelihood"]
    steps = session.undo_stack.count()
    _type_formula(line, text)
    assert message in line.error.text() and "\n" not in line.error.text()
    assert line.error.isVisible()
    assert session.document.node("c1").formulas == {} and session.document.node("c1").likelihood == 0.6
    assert session.undo_stack.count() == steps
    _type_formula(line, "1 - p")  # a good one then clears the message
    assert not line.error.isVisible() and session.document.node("c1").formulas == {"likelihood": "1 - p"}


def test_an_impact_formula_gives_the_number_read_only_and_clearing_it_frees_the_field(qtbot, panel, session):
    session.select("c1")
    editor = panel.impact_editors["us"]
    line = panel.formula_lines["impact.us"]
    qtbot.waitUntil(line.button.isVisible)  # the impact rows are new: they are shown from the event loop
    _type_formula(line, "-cost * 2")
    node = session.document.node("c1")
    assert node.formulas == {"impact.us": "-cost * 2"} and node.impact["us"] == -4.0
    assert editor.value() == -4.0 and not editor.spin.isEnabled() and not editor.check.isEnabled()
    assert line.edit.text() == "-cost * 2" and line.isVisible()
    QTest.mouseClick(line.button, Qt.MouseButton.LeftButton)  # ƒ off: the formula goes, the number stays
    assert node.formulas == {} and node.impact["us"] == -4.0
    assert editor.spin.isEnabled() and not line.isVisible()
    session.undo_stack.undo()
    assert node.formulas == {"impact.us": "-cost * 2"} and not editor.spin.isEnabled()
    session.undo_stack.undo()
    assert node.formulas == {} and node.impact["us"] == 4.0 and editor.value() == 4.0


def test_strength_has_a_formula_line_and_options_only_impacts(qtbot, panel, session):
    session.select("p1")
    assert panel.formula_lines["strength"].button.isVisible()
    assert not panel.formula_lines["likelihood"].button.isVisible()
    _type_formula(panel.formula_lines["strength"], "p / 2")
    assert session.document.node("p1").strength == 0.25
    session.select("o1")
    assert not panel.formula_lines["strength"].button.isVisible()
    qtbot.waitUntil(panel.formula_lines["impact.them"].button.isVisible)


def test_a_parameter_value_that_breaks_a_formula_is_refused_in_the_table(panel, session):
    session.select("c1")
    _type_formula(panel.formula_lines["likelihood"], "cost / 4")
    table = panel.map_section.parameters
    row = table.row_ids().index("cost")
    steps = session.undo_stack.index()
    table.table.item(row, 1).setText("0")  # fine: 0 / 4
    assert session.document.node("c1").likelihood == 0.0
    session.undo_stack.undo()
    assert session.undo_stack.index() == steps
    E.SetFormula("c1", "likelihood", "2 / cost").apply(session.document)
    table.table.item(row, 1).setText("0")
    assert "divides by zero" in table.message.text() and not table.message.isHidden()
    assert session.document.parameters[1].value == 2.0 and table.table.item(row, 1).text() == "2"
    assert session.undo_stack.index() == steps


def test_removing_a_parameter_a_formula_reads_says_which(panel, session):
    session.select("c1")
    _type_formula(panel.formula_lines["likelihood"], "1 - p")
    table = panel.map_section.parameters
    table.table.selectRow(table.row_ids().index("p"))
    QTest.mouseClick(table.remove_button, Qt.MouseButton.LeftButton)
    assert [p.id for p in session.document.parameters] == ["p", "cost"]
    assert table.message.text() == ("Parameter 'p' cannot be removed: the formula of node 'c1' likelihood "
                                    "('1 - p') reads it.")
    table.table.selectRow(table.row_ids().index("cost"))
    QTest.mouseClick(table.remove_button, Qt.MouseButton.LeftButton)
    assert [p.id for p in session.document.parameters] == ["p"]


def test_renaming_a_parameter_rewrites_the_formulas_and_undo_puts_them_back(panel, session):
    session.select("c1")
    _type_formula(panel.formula_lines["likelihood"], "1-p  *p")
    table = panel.map_section.parameters
    table.table.item(table.row_ids().index("p"), 0).setText("p_win")
    assert session.document.node("c1").formulas == {"likelihood": "1-p_win  *p_win"}
    assert panel.formula_lines["likelihood"].edit.text() == "1-p_win  *p_win"
    session.undo_stack.undo()
    assert session.document.node("c1").formulas == {"likelihood": "1-p  *p"}
    table.table.item(table.row_ids().index("p"), 0).setText("cost")
    assert table.message.text() == "A parameter named 'cost' already exists."


def test_a_distribution_is_chosen_by_kind_and_typed_as_numbers(panel, session):
    table = panel.map_section.parameters
    row = table.row_ids().index("cost")
    combo = table.kind_combo(row)
    combo.setCurrentIndex(combo.findData("triangular"))
    combo.activated.emit(combo.currentIndex())
    d = session.document.parameters[1].distribution
    assert (d.kind, d.low, d.mode, d.high) == ("triangular", 0, 2, 4)
    assert table.table.item(row, 5).text() == "0 2 4"
    table.table.item(row, 5).setText("1 3 4")
    d = session.document.parameters[1].distribution
    assert (d.low, d.mode, d.high) == (1, 3, 4)
    table.table.item(row, 5).setText("1 5 4")
    assert table.message.text() == "Parameter 'cost' triangular distribution: mode 5 is not between 1 and 4."
    assert session.document.parameters[1].distribution.mode == 3
    combo.setCurrentIndex(combo.findData(""))
    combo.activated.emit(combo.currentIndex())
    assert session.document.parameters[1].distribution is None
    session.undo_stack.undo()
    assert session.document.parameters[1].distribution.mode == 3 and table.kind_combo(row).currentData() == "triangular"


def test_an_open_empty_formula_line_does_not_follow_to_the_next_node(panel, session):
    session.select("c1")
    line = panel.formula_lines["likelihood"]
    QTest.mouseClick(line.button, Qt.MouseButton.LeftButton)
    assert line.button.isChecked() and line.isVisible()
    session.select("c2")
    assert not line.button.isChecked() and not line.isVisible()
