"""In a narrow window the inspector's fields fit its pane: no field is pushed out of view to the right."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QScrollArea

from argmap.gui.mainwindow import MainWindow
from argmap.gui.session import Session
from argmap.io import read
from argmap.paths import bundled_scenario


def test_a_consequence_with_four_parties_fits_the_inspector_at_1024_by_700(qtbot, recovery_dir):
    window = MainWindow(Session(read(bundled_scenario())), recovery_dir=recovery_dir)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    window.session.select("c_doha")  # impacts for Pakistan, the US, the Taliban and the Afghan government
    QApplication.processEvents()
    inspector = window.panels["inspector"]
    node_page = next(s for s in inspector.findChildren(QScrollArea) if s.isVisible() and s.widget().isVisible()
                     and s.viewport().width() < 400)
    qtbot.waitUntil(lambda: not window._dock_timer.isActive())
    QApplication.processEvents()
    assert node_page.widget().minimumSizeHint().width() <= node_page.viewport().width()
    assert not node_page.horizontalScrollBar().isVisible()
    window.session.undo_stack.setClean()
