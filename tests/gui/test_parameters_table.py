"""Parameters in the editor: the Map tab's table and a formula typed under a likelihood, driven by hand.

The small map (tests/gui/conftest.py) ranks "Take the ferry" (o2) first: c2 at .9 gives it
.9·(2 + 1)/2 = 1.35 against the bridge's .8·(4 − 2)/2 = 0.8 (c1 argued up to .8 by its pro).
With c2's likelihood given as `p`, the ferry is worth 1.5·p: behind the bridge at p = .5 (0.75),
ahead again at p = 1 (1.5).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from argmap.gui.parameters import NAME, VALUE, ParameterTable

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def _type_into_cell(qtbot, table: ParameterTable, row: int, col: int, text: str) -> None:
    """Edit one cell as a user does: open its editor, type, press Enter (the view commits it queued)."""
    view = table.table
    item = view.item(row, col)
    view.setCurrentCell(row, col)
    view.editItem(item)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit), editor
    editor.selectAll()
    QTest.keyClicks(editor, text)
    QTest.keyClick(editor, K.Key_Return)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not editor)


def _leader(window) -> str:
    return window.weighing.ranking_chart.rows[0].key


def test_a_parameter_a_formula_and_a_value_change_the_ranking_and_undo_step_by_step(qtbot, window, session):
    inspector = window.panels["inspector"]
    table: ParameterTable = inspector.map_section.parameters
    doc = session.document
    qtbot.waitUntil(lambda: window.weighing.ranking_chart.rows != [])
    assert _leader(window) == "o2"

    # 1. Add a parameter and name it p.
    inspector.tabs.setCurrentIndex(1)
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    assert [(p.id, p.value, p.min, p.max) for p in doc.parameters] == [("x1", 0.5, 0.0, 1.0)]
    _type_into_cell(qtbot, table, 0, NAME, "p")
    assert [p.id for p in doc.parameters] == ["p"]

    # 2. Type a formula into c2's likelihood: the field shows its value, read-only.
    session.select("c2")
    line = inspector.formula_lines["likelihood"]
    assert line.button.isVisible() and not line.isVisible()
    qtbot.mouseClick(line.button, Qt.MouseButton.LeftButton)
    assert line.isVisible()
    QTest.keyClicks(line.edit, "p")
    QTest.keyClick(line.edit, K.Key_Return)
    c2 = doc.node("c2")
    assert c2.formulas == {"likelihood": "p"} and c2.likelihood == 0.5
    assert inspector.likelihood.value() == 0.5 and not inspector.likelihood.spin.isEnabled()
    qtbot.waitUntil(lambda: _leader(window) == "o1")

    # 3. The parameter's value, typed in the table, moves the ranking back.
    inspector.tabs.setCurrentIndex(1)
    _type_into_cell(qtbot, table, 0, VALUE, "1")
    assert doc.parameters[0].value == 1.0 and doc.node("c2").likelihood == 1.0
    qtbot.waitUntil(lambda: _leader(window) == "o2")
    assert window.weighing.ranking_chart.rows[0].value == pytest.approx(1.5)

    # Ctrl+Z takes back one step at a time.
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, K.Key_Z, CTRL)
    assert doc.parameters[0].value == 0.5 and doc.node("c2").likelihood == 0.5
    qtbot.waitUntil(lambda: _leader(window) == "o1")
    assert table.table.item(0, VALUE).text() == "0.5"
    QTest.keyClick(window.canvas, K.Key_Z, CTRL)
    assert doc.node("c2").formulas == {} and doc.node("c2").likelihood == 0.9
    qtbot.waitUntil(lambda: _leader(window) == "o2")
    QTest.keyClick(window.canvas, K.Key_Z, CTRL)
    assert [p.id for p in doc.parameters] == ["x1"]
    QTest.keyClick(window.canvas, K.Key_Z, CTRL)
    assert doc.parameters == [] and table.table.rowCount() == 0
