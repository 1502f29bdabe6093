"""The window adapts to its size: the map keeps room, the toolbar never cuts a button, the panes follow."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QToolBar, QToolButton

from argmap.gui.mainwindow import CANVAS_SHARE, MainWindow
from argmap.gui.outline import TEXT_LEAST, TEXT_SHARE, OutlineView
from argmap.gui.session import Session
from argmap.io import read
from argmap.paths import bundled_scenario


@pytest.fixture
def scenario_session() -> Session:
    return Session(read(bundled_scenario()))


def _resize(qtbot, window: MainWindow, width: int, height: int) -> None:
    """Resize the window and let the resize reach the panes (they are fitted once it has been handled)."""
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.size().toTuple() == (width, height), timeout=2000)
    QApplication.processEvents()
    qtbot.waitUntil(lambda: not window._dock_timer.isActive(), timeout=2000)
    QApplication.processEvents()


def _canvas_share(window: MainWindow) -> float:
    return window.canvas.viewport().width() / window.width()


def test_a_narrow_window_keeps_half_its_width_for_the_map(qtbot, make_window, scenario_session):
    window = make_window(scenario_session)
    _resize(qtbot, window, 1600, 1000)
    wide = {k: d.width() for k, d in window.docks.items() if d.isVisible()}
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: _canvas_share(window) >= CANVAS_SHARE, timeout=2000)
    # Every pane that was shown still is, only narrower: nothing is taken away to make room.
    assert {k for k, d in window.docks.items() if d.isVisible()} == set(wide)
    assert window.outline_dock.width() < wide["outline"] and window.docks["weighing"].width() < wide["weighing"]
    # Wide again: the panes take their parts of the width back.
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: window.docks["weighing"].width() == wide["weighing"], timeout=2000)


def test_panes_sized_by_hand_still_yield_in_a_narrow_window(qtbot, make_window, scenario_session):
    window = make_window(scenario_session)
    _resize(qtbot, window, 1600, 1000)
    assert window.docks_follow_window
    # Drag the separator right of the outline to the right, by hand.
    edge = window.outline_dock.geometry()
    start = QPoint(edge.right() + 3, edge.center().y())
    assert window.childAt(start) is None  # between the panes
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    _mouse(window, QMouseEvent.Type.MouseButtonPress, start, left, left)
    assert not window.docks_follow_window
    _mouse(window, QMouseEvent.Type.MouseMove, start + QPoint(120, 0), none, left)
    qtbot.waitUntil(lambda: window.outline_dock.width() >= edge.width() + 100, timeout=2000)
    _mouse(window, QMouseEvent.Type.MouseButtonRelease, start + QPoint(120, 0), left, none)
    dragged = window.outline_dock.width()
    _resize(qtbot, window, 1300, 1000)  # still wide: the hand-set widths stay
    assert window.outline_dock.width() == dragged
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: _canvas_share(window) >= CANVAS_SHARE, timeout=2000)
    assert window.outline_dock.width() < dragged


def _mouse(window: MainWindow, kind: QMouseEvent.Type, pos: QPoint, button: Qt.MouseButton,
           buttons: Qt.MouseButton) -> None:
    event = QMouseEvent(kind, QPointF(pos), QPointF(window.mapToGlobal(pos)), button, buttons,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)


def test_the_view_menu_keeps_a_toggle_for_every_pane(window):
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    toggles = set(view.actions())
    for key, dock in window.docks.items():
        if key != "history":  # Edit ▸ Undo History
            assert dock.toggleViewAction() in toggles, key
    window.outline_dock.toggleViewAction().trigger()
    assert not window.outline_dock.isVisible()
    window.outline_dock.toggleViewAction().trigger()
    assert window.outline_dock.isVisible()


def _buttons(bar: QToolBar) -> dict[str, QToolButton]:
    return {a.text(): bar.widgetForAction(a) for a in bar.actions() if not a.isSeparator()}


def _extension(bar: QToolBar) -> QToolButton:
    return next(b for b in bar.findChildren(QToolButton) if b.objectName() == "qt_toolbar_ext_button")


@pytest.mark.parametrize("points", [None, 14.0])
def test_every_toolbar_action_is_whole_on_the_bar_or_behind_its_extension(qtbot, make_window, session, points):
    app = QApplication.instance()
    font = app.font()
    if points is not None:  # a desktop with large type: the toolbar no longer fits 1024 pixels
        big = app.font()
        big.setPointSizeF(points)
        app.setFont(big)
    try:
        window = make_window(session)
        # Large type needs a little more height (the panes' rows grow with it); the width is what counts here.
        _resize(qtbot, window, 1024, 700 if points is None else 760)
        bar = window.toolbar
        buttons = _buttons(bar)
        # One height for all, and a width each that nothing changes later (no shifting).
        assert len({b.height() for b in buttons.values()}) == 1
        assert all(b.minimumWidth() == b.maximumWidth() == b.width() for b in buttons.values())
        inside = bar.contentsRect()
        hidden = [t for t, b in buttons.items() if not b.isVisible()]
        for text, button in buttons.items():
            if button.isVisible():
                assert inside.contains(button.geometry()), f"{text} is cut"
        extension = _extension(bar)
        if points is None:
            assert not hidden and not extension.isVisible()
            return
        assert hidden and extension.isVisible()
        ext_rect = extension.geometry()
        assert all(not b.geometry().intersects(ext_rect) for b in buttons.values() if b.isVisible())
        # The » button shows the rest of the toolbar, each button whole.
        qtbot.mouseClick(extension, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: all(buttons[t].isVisible() for t in hidden), timeout=2000)
        for text in hidden:
            button = buttons[text]
            assert QRect(button.mapTo(bar, button.rect().topLeft()), button.size()).intersects(bar.rect())
            assert button.isEnabled() == button.defaultAction().isEnabled()
    finally:
        app.setFont(font)


def test_the_first_run_opens_maximised_and_later_runs_as_left(qtbot, recovery_dir, session):
    first = MainWindow(session, recovery_dir=recovery_dir)
    qtbot.addWidget(first)
    assert first.is_first_run
    first.show_window()
    qtbot.waitUntil(first.isMaximized, timeout=2000)
    first.showNormal()
    qtbot.waitUntil(lambda: not first.isMaximized(), timeout=2000)
    _resize(qtbot, first, 720, 600)  # within the test screen (800 × 800), which a restored window must fit
    first.docks["inspector"].hide()
    first.close()
    second = MainWindow(Session(session.document), recovery_dir=recovery_dir)
    qtbot.addWidget(second)
    assert not second.is_first_run
    second.show_window()
    qtbot.waitExposed(second)
    assert not second.isMaximized()
    assert second.size().toTuple() == (720, 600)
    assert not second.docks["inspector"].isVisible() and second.docks["weighing"].isVisible()


def test_outline_text_column_fills_a_wide_pane_and_numbers_fit_their_contents(qtbot, scenario_session):
    view = OutlineView(scenario_session)
    qtbot.addWidget(view)
    view.resize(1400, 600)
    view.show()
    qtbot.waitExposed(view)
    header = view.header()
    qtbot.waitUntil(lambda: header.sectionSize(2) >= view.sizeHintForColumn(2), timeout=2000)
    assert header.sectionSize(1) >= view.sizeHintForColumn(1)
    used = sum(header.sectionSize(c) for c in range(3))
    assert abs(used - view.viewport().width()) <= 2  # no gap, no scrolling: the text column takes the rest
    assert header.sectionSize(0) > header.sectionSize(2)
    # A narrower pane: the text keeps its part, the numbers give way (their tooltips hold the whole text).
    view.resize(460, 600)
    qtbot.waitUntil(lambda: header.sectionSize(2) < view.sizeHintForColumn(2), timeout=2000)
    assert header.sectionSize(0) >= TEXT_SHARE * view.viewport().width() - 2
    assert sum(header.sectionSize(c) for c in range(3)) <= view.viewport().width() + 2
    # A very narrow one: the text keeps a readable width and the numbers are a scroll away.
    view.resize(300, 600)
    qtbot.waitUntil(lambda: header.sectionSize(0) == TEXT_LEAST, timeout=2000)
    qtbot.waitUntil(lambda: view.horizontalScrollBar().maximum() > 0, timeout=2000)
    view.resize(160, 600)  # narrower than that: the text takes the whole width
    qtbot.waitUntil(lambda: header.sectionSize(0) == view.viewport().width(), timeout=2000)
    assert view.horizontalScrollBar().maximum() > 0
