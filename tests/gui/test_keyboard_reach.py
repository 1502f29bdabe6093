"""Everything is in reach of the keyboard: F6 goes round the panes, every menu has its Alt letter,
and every action the menus hold is in a menu (so Alt or F10 reaches it) or has a key."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def _inside(window, pane) -> bool:
    focus = QApplication.focusWidget()
    return focus is not None and (focus is pane or pane.isAncestorOf(focus))


def test_f6_goes_round_the_panes_and_shift_f6_back(qtbot, window):
    window.resize(1400, 900)
    qtbot.waitUntil(lambda: window.canvas.isVisible())
    window.canvas.setFocus()
    qtbot.waitUntil(window.canvas.hasFocus)
    panes = window.panes()
    assert window.outline in panes and window.canvas in panes and window.panels["inspector"] in panes
    seen = []
    for _ in range(len(panes)):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        pane = next(p for p in panes if _inside(window, p))
        seen.append(pane)
    assert set(map(id, seen)) == set(map(id, panes))  # every pane once, round to the map again
    assert seen[-1] is window.canvas
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert _inside(window, panes[panes.index(window.canvas) - 1])
    assert "Focus:" in window.statusBar().currentMessage()


def test_every_menu_has_an_alt_letter_and_every_entry_a_name(window):
    for top in window.menuBar().actions():
        assert "&" in top.text(), top.text()
        for action in top.menu().actions():
            assert action.isSeparator() or action.menu() is not None or action.text().strip("&"), action
