"""The weighing pane in a 1600 × 1000 window shows enough of the ranking, the contributions and the tornado."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from argmap.gui.mainwindow import MainWindow
from argmap.gui.session import Session
from argmap.gui.weighing import RANKING_ROWS
from argmap.io import read
from argmap.model import Document, Kind, Node, Perspective
from argmap.paths import bundled_scenario


def _rows_shown(chart) -> int:
    """How many whole rows of a chart can be seen (the rest is scrolled away)."""
    return (chart.visibleRegion().boundingRect().height() - 4) // chart.row_height()


def _big_window(qtbot, recovery_dir, doc: Document) -> MainWindow:
    window = MainWindow(Session(doc), recovery_dir=recovery_dir)
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def scenario_window(qtbot, recovery_dir) -> MainWindow:
    return _big_window(qtbot, recovery_dir, read(bundled_scenario()))


def test_ranking_and_contributions_show_several_rows(qtbot, scenario_window):
    panel = scenario_window.weighing
    options = len(panel.ranking_chart.rows)
    assert options == 3
    qtbot.waitUntil(lambda: _rows_shown(panel.ranking_chart) >= options, timeout=3000)
    assert _rows_shown(panel.contributions_chart) >= 4
    assert len(panel.contributions_chart.rows) >= 4


def test_the_tornado_shows_eight_rows(qtbot, scenario_window):
    panel = scenario_window.weighing
    with qtbot.waitSignal(panel.sensitivity_updated, timeout=20000):
        panel.tabs.setCurrentWidget(panel.tornado_page)
    assert len(panel.tornado_chart.bars) >= 8
    qtbot.waitUntil(lambda: _rows_shown(panel.tornado_chart) >= 8, timeout=3000)


def _many_options(n: int) -> Document:
    nodes = [Node(id="q", kind=Kind.QUESTION, text="Which?")]
    for i in range(n):
        nodes.append(Node(id=f"o{i}", kind=Kind.OPTION, text=f"Option {i}", parent="q", order=i))
        nodes.append(Node(id=f"c{i}", kind=Kind.CONSEQUENCE, text=f"Effect {i}", parent=f"o{i}",
                          likelihood=0.5, impact={"a": float(i)}))
    return Document(title="Many", question="q", nodes=nodes, perspectives=[Perspective(id="a", name="A")])


def test_the_ranking_shows_five_options_and_keeps_a_hand_set_size(qtbot, recovery_dir):
    window = _big_window(qtbot, recovery_dir, _many_options(8))
    panel = window.weighing
    qtbot.waitUntil(lambda: _rows_shown(panel.ranking_chart) >= RANKING_ROWS, timeout=3000)
    assert _rows_shown(panel.contributions_chart) >= 1  # the option's one branch, still in view
    # Dragged by hand, the split stays where it was put when the window changes size.
    splitter = panel.ranking_page
    handle = splitter.handle(1)
    start = handle.rect().center()
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(handle, start + QPoint(0, 80))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=start + QPoint(0, 80))
    qtbot.waitUntil(lambda: panel._user_sized, timeout=2000)
    sizes = splitter.sizes()
    window.resize(1600, 1100)
    qtbot.waitUntil(lambda: window.height() == 1100, timeout=2000)
    QApplication.processEvents()
    assert splitter.sizes()[0] == sizes[0]
