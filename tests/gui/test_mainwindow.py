"""The main window: its frame, docks, menus, title, status bar and scores."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDockWidget

from argmap.gui.mainwindow import MainWindow, new_document
from argmap.io import jsondoc
from argmap.model import edits as E

from tests.gui.conftest import small_map


def _menu_titles(window: MainWindow) -> list[str]:
    return [a.text().replace("&", "") for a in window.menuBar().actions()]


def test_window_has_menus_docks_and_canvas(window):
    assert _menu_titles(window) == ["File", "Edit", "View", "Map", "Help"]
    docks = {d.objectName() for d in window.findChildren(QDockWidget)}
    assert {"outline_dock", "history_dock"} <= docks
    assert window.centralWidget().isAncestorOf(window.canvas)
    assert window.outline.outline.rowCount() == 1


def test_title_shows_name_and_star_when_modified(window, session):
    assert window.windowTitle().startswith("Crossing[*]")
    assert not window.isWindowModified()
    session.apply(E.SetText("c1", "We arrive very early"), "Edit text")
    assert window.isWindowModified()
    assert "*" in window.windowHandle().title()
    session.undo()
    assert not window.isWindowModified()
    assert "*" not in window.windowHandle().title()


def test_status_bar_counts_nodes(window, session):
    assert window.count_label.text() == "6 nodes"
    window.canvas.setFocus()
    window.edit_actions.do_add_child()
    assert window.count_label.text() == "7 nodes"


def test_scores_follow_edits_without_blocking(qtbot, window, session):
    qtbot.waitUntil(lambda: window.scores is not None)
    first = window.scores.option("o1").overall
    assert window.leader_label.text().startswith("Leader:")
    with qtbot.waitSignal(window.scores_changed, timeout=2000):
        session.apply(E.SetLikelihood("c1", 0.1), "Likelihood")
    assert window.scores.option("o1").overall != first
    assert "Take the ferry" in window.leader_label.text()


def test_scores_are_ready_when_the_canvas_repaints_an_edit(window, session):
    seen = []
    session.document_changed.connect(lambda _e: seen.append(window.canvas.scores.option("o1").overall))
    session.apply(E.SetLikelihood("c1", 0.1), "Likelihood")
    assert seen == [window.scores.option("o1").overall]
    assert window.canvas.scores is window.scores


def test_an_edit_is_scored_once_for_canvas_status_and_weighing_pane(qtbot, window, session, monkeypatch):
    import argmap.gui.weighing as weighing
    from argmap.scoring import score
    from argmap.scoring.live import LiveScores

    calls = []
    real = LiveScores.scores  # the window scores through its live scores (incremental for value edits)
    monkeypatch.setattr(LiveScores, "scores", lambda self: calls.append("window") or real(self))
    monkeypatch.setattr(weighing, "score", lambda *a, **k: calls.append("pane") or score(*a, **k))
    pane = window.weighing
    with qtbot.waitSignal(pane.scores_updated, timeout=2000):
        session.apply(E.SetLikelihood("c1", 0.15), "Likelihood")
    assert calls == ["window"]
    assert pane.scores is window.scores
    assert pane.scores.option("o1").overall == window.canvas.scores.option("o1").overall


def test_slow_maps_score_edits_in_a_row_once(qtbot, window, session, monkeypatch):
    import argmap.gui.scorekeeper as scorekeeper

    monkeypatch.setattr(scorekeeper, "INLINE_SCORE_MS", -1.0)
    seen = []
    window.scores_changed.connect(seen.append)
    for value in (0.2, 0.3, 0.4):
        session.apply(E.SetLikelihood("c1", value), "Likelihood", merge=True)
    assert seen == []
    qtbot.waitUntil(lambda: len(seen) >= 1)
    QApplication.processEvents()
    assert len(seen) == 1
    assert window.scores.option("o1").overall == pytest.approx(seen[0].option("o1").overall)
    assert window.canvas.scores is window.scores


def test_typing_rescoring_waits_for_a_pause(qtbot, window, session):
    seen = []
    window.scores_changed.connect(seen.append)
    for text in ("T", "Ta", "Tak"):
        session.apply(E.SetText("o1", text), "Edit text", merge=True)
    assert seen == []
    qtbot.waitUntil(lambda: len(seen) == 1)
    assert window.scores.option("o1").label == "Tak"


def test_view_only_edits_keep_the_scores(window, session):
    before = window.scores
    session.apply(E.SetCollapsed("o1", True), "Collapse")
    session.apply(E.SetNote("c1", "a note"), "Note")
    assert window.scores is before


def test_new_map_has_one_question(window, session, dialog_log):
    session.apply(E.SetText("c1", "changed"), "Edit text")
    dialog_log.save_answer = "discard"
    assert window.files.new_map()
    assert dialog_log.save_questions == ["Crossing"]
    assert [n.kind.value for n in session.document.nodes] == ["question"]
    assert not window.isWindowModified()
    assert session.current == session.document.root().id


def test_layout_direction_actions_call_the_canvas(window, session, monkeypatch):
    calls = []
    monkeypatch.setattr(window.canvas, "set_direction", calls.append, raising=False)
    window.direction_actions["left-right"].trigger()
    assert calls == ["left-right"]


def test_zoom_shortcuts_reach_the_canvas(window, monkeypatch):
    calls = []
    for name in ("zoom_in", "zoom_out", "fit_to_window"):
        monkeypatch.setattr(window.canvas, name, lambda n=name: calls.append(n), raising=False)
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window.canvas, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window.canvas, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert calls == ["zoom_in", "zoom_out", "fit_to_window"]


def test_dropping_a_map_file_opens_it(qtbot, window, session, tmp_path):
    other = new_document()
    other.title = "Dropped"
    path = tmp_path / "dropped.argmap.json"
    jsondoc.write(other, path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    target = window.centralWidget()
    pos = QPointF(target.rect().center())
    event = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: session.document.title == "Dropped")
    assert session.path == path.resolve()


def test_dropping_a_map_on_the_canvas_opens_it(qtbot, window, session, tmp_path):
    from PySide6.QtGui import QDragEnterEvent

    other = new_document()
    other.title = "Dropped on the canvas"
    path = tmp_path / "canvas-drop.argmap.json"
    jsondoc.write(other, path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    viewport = window.canvas.viewport()
    center = viewport.rect().center()
    enter = QDragEnterEvent(center, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(center), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, drop)
    qtbot.waitUntil(lambda: session.document.title == "Dropped on the canvas")


def test_dropping_other_files_is_refused(window, tmp_path):
    from PySide6.QtGui import QDragEnterEvent

    text = tmp_path / "notes.txt"
    text.write_text("hello")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(text))])
    enter = QDragEnterEvent(window.rect().center(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert not enter.isAccepted()


def test_dropping_asks_about_unsaved_changes_and_cancel_keeps_the_map(qtbot, window, session, tmp_path, dialog_log):
    path = tmp_path / "other.argmap.json"
    jsondoc.write(new_document(), path)
    session.apply(E.SetText("c1", "changed"), "Edit text")
    dialog_log.save_answer = "cancel"
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    window.dropEvent(QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: dialog_log.save_questions == ["Crossing"])
    assert session.document.node("c1").text == "changed"


def test_geometry_and_dock_state_persist(qtbot, make_window, session):
    first = make_window(session)
    first.resize(first.minimumSizeHint().width() + 13, first.minimumSizeHint().height() + 7)
    size = first.size()
    first.outline_dock.hide()
    first.outline.header().actions()[0].setChecked(False)  # hide the Kind column
    first.close()
    second = make_window(None)
    assert second.size() == size
    assert not second.outline_dock.isVisible()
    assert second.outline.isColumnHidden(1) and not second.outline.header().actions()[0].isChecked()
    assert second.docks["inspector"].isVisible()


def test_a_map_with_scores_that_fail_still_opens(qtbot, make_window):
    from argmap.gui.session import Session

    doc = small_map()
    doc.nodes[3].likelihood = None
    window = make_window(Session(doc))
    qtbot.waitUntil(lambda: window.scores is not None)
    assert window.scores.option("o1") is not None


def test_semantics_choice_drives_the_canvas_scores_and_persists(qtbot, make_window, session):
    from argmap.scoring import score

    first = make_window(session)
    combo = first.weighing.semantics_combo
    combo.setCurrentIndex(combo.findData("quadratic-energy"))
    assert first.scores.semantics == "quadratic-energy"
    assert first.canvas.scores is first.scores
    expected = score(session.document, "quadratic-energy").option("o1").overall
    assert first.scores.option("o1").overall == expected
    first.close()
    second = make_window(None)
    assert second.semantics == "quadratic-energy"
    assert second.scores.semantics == "quadratic-energy"


def test_undo_history_dock_lists_the_steps(window, session):
    session.apply(E.SetText("c1", "one"), "Edit text")
    session.apply(E.SetLikelihood("c1", 0.3), "Change likelihood")
    window.history_dock.toggleViewAction().trigger()
    assert window.history_dock.isVisible()
    model = window.undo_view.model()
    assert [model.index(i, 0).data() for i in range(model.rowCount())] == ["<opened>", "Edit text", "Change likelihood"]
    window.undo_view.setCurrentIndex(model.index(1, 0))
    assert session.document.node("c1").likelihood == 0.6
    assert session.document.node("c1").text == "one"


def test_quit_asks_each_window(qtbot, make_window, dialog_log):
    from argmap.gui.session import Session

    first = make_window(Session(small_map()))
    second = make_window(Session(small_map()))
    second.session.apply(E.SetText("c1", "unsaved"), "Edit text")
    dialog_log.save_answer = "cancel"
    first.quit_action.trigger()
    assert second.isVisible()
    assert dialog_log.save_questions == ["Crossing"]
    dialog_log.save_answer = "discard"
    first.quit_action.trigger()
    assert not first.isVisible() and not second.isVisible()


def test_right_click_on_a_card_selects_it_and_offers_its_menu(qtbot, window, session, monkeypatch):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QContextMenuEvent

    shown = []
    monkeypatch.setattr(window.context_menu, "popup", lambda pos: shown.append(pos))
    session.select("o1")
    window.canvas.scroll_to("c2")
    QApplication.processEvents()
    card = window.canvas.scene_data.card("c2")
    pos = window.canvas.mapFromScene(QPointF(card.rect.x + card.rect.w / 2, card.rect.y + card.rect.h / 2))
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, window.canvas.viewport().mapToGlobal(pos))
    QApplication.sendEvent(window.canvas.viewport(), event)
    assert session.selection == ["c2"]
    assert len(shown) == 1
    texts = [a.text().replace("&", "") for a in window.context_menu.actions() if a.text()]
    assert "Add Child" in texts and "Delete" in texts
    window.edit_actions.delete.trigger()
    assert not session.document.has_node("c2")


def test_right_click_in_the_outline_selects_the_row(qtbot, window, session, monkeypatch):
    from PySide6.QtGui import QContextMenuEvent

    shown = []
    monkeypatch.setattr(window.context_menu, "popup", lambda pos: shown.append(pos))
    window.outline_dock.show()
    window.outline_dock.raise_()
    rect = window.outline.visualRect(window.outline.outline.index_of("p1"))
    pos = rect.center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, window.outline.viewport().mapToGlobal(pos))
    QApplication.sendEvent(window.outline.viewport(), event)
    assert session.selection == ["p1"]
    assert shown


def test_new_window_opens_a_separate_map(qtbot, window, session):
    from argmap.gui import mainwindow

    other = window.new_window()
    qtbot.waitExposed(other)
    assert other is not window and other.session is not session
    assert [n.kind.value for n in other.session.document.nodes] == ["question"]
    assert other in mainwindow._other_windows
    assert other.close()
    assert other not in mainwindow._other_windows


def test_export_and_copy_as_image_call_the_export_module(window, session, monkeypatch):
    import argmap.gui.mainwindow as mainwindow

    calls = []
    real = mainwindow._optional

    def fake(module: str, name: str):
        if module == "argmap.gui.exportdialog":
            return lambda parent, sess: calls.append((name, parent, sess))
        return real(module, name)

    monkeypatch.setattr(mainwindow, "_optional", fake)
    window.export_action.trigger()
    window.copy_image_action.trigger()
    assert calls == [("export_map", window, session), ("copy_as_image", window, session)]


def test_double_click_in_the_outline_edits_the_text_on_the_canvas(qtbot, window, session):
    from PySide6.QtTest import QTest as T

    from PySide6.QtGui import QMouseEvent

    viewport = window.outline.viewport()
    pos = window.outline.visualRect(window.outline.outline.index_of("c2")).center()
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    T.mouseClick(viewport, left, none, pos)  # the first click of a double click
    QApplication.sendEvent(viewport, QMouseEvent(QMouseEvent.Type.MouseButtonDblClick, QPointF(pos),
                                                 viewport.mapToGlobal(QPointF(pos)), left, left, none))
    T.mouseRelease(viewport, left, none, pos)
    qtbot.waitUntil(lambda: window.canvas.editor is not None)
    editor = window.canvas.editor
    assert editor.node_id == "c2" and editor.hasFocus()
    T.keyClicks(editor, "Harbour lights")
    T.keyClick(editor, Qt.Key.Key_Return)
    assert session.document.node("c2").title == "Harbour lights"


def test_score_effect_of_edits():
    from argmap.gui.scorekeeper import score_effect

    assert score_effect(E.SetLikelihood("c1", 0.2)) == "values"
    assert score_effect(E.SetText("c1", "x")) == "labels"
    assert score_effect(E.SetCollapsed("c1", True)) == "none"
    assert score_effect(E.Batch((E.SetNote("c1", "n"), E.SetTitle("c1", "t")))) == "labels"
    assert score_effect(E.Batch((E.SetNote("c1", "n"), E.DeleteBranch("c1")))) == "values"


def test_no_two_actions_share_a_shortcut(window):
    from PySide6.QtGui import QAction

    owners: dict[str, set[str]] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            owners.setdefault(key.toString(), set()).add(action.text().replace("&", ""))
    clashes = {key: names for key, names in owners.items() if key and len(names) > 1}
    assert clashes == {}


def test_file_menu_opens_each_bundled_scenario_as_an_untitled_copy(qtbot, tmp_path, monkeypatch):
    from argmap.gui.session import Session
    from argmap.io import read
    from argmap.paths import SCENARIOS

    window = MainWindow(Session(new_document()), recovery_dir=tmp_path)
    qtbot.addWidget(window)
    bundled = sorted(SCENARIOS.glob("*.argmap.json"))
    assert len(bundled) >= 2
    titles = [a.text() for a in window.scenario_menu.actions()]
    assert titles == [read(p).title for p in bundled]
    window.scenario_menu.actions()[0].trigger()
    assert window.session.document.title == titles[0]
    assert window.session.path is None and not window.session.is_modified


def test_help_menu_opens_the_teachers_pack_of_the_bundled_scenario(qtbot, tmp_path, monkeypatch):
    from argmap.gui import packdialog
    from argmap.gui.session import Session
    from argmap.io import read
    from argmap.paths import bundled_scenario

    window = MainWindow(Session(read(bundled_scenario())), recovery_dir=tmp_path)  # an untitled copy
    qtbot.addWidget(window)
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert window.pack_action in help_menu.actions()
    window.pack_action.trigger()
    dialog = window.pack_dialog
    assert dialog is not None and dialog.isVisible()
    shown = dialog.browser.toPlainText()
    assert "Lesson guide" in shown and "Debate brief: Side with the Taliban" in shown and "Fact check" in shown
    dialog.close()
    # A map with no pack says so instead.
    said = []
    monkeypatch.setattr(packdialog.dialogs, "show_message", lambda parent, title, text: said.append(text))
    window.session.set_document(new_document())
    window.pack_action.trigger()
    assert window.pack_dialog is None and said and said[0].startswith("This map has no teacher's pack.")


def test_toolbar_undo_keeps_its_label_so_the_buttons_do_not_shift(window, session):
    from PySide6.QtWidgets import QToolBar

    bar = window.findChild(QToolBar, "main_toolbar")
    undo = next(a for a in bar.actions() if a.objectName() == "toolbar_undo")
    button = bar.widgetForAction(undo)
    before = (undo.text(), button.sizeHint().width(), undo.isEnabled())
    assert before[0] == "Undo" and not before[2]
    node = session.document.root().id
    session.apply(E.SetText(node, "A much longer question than before"), "Edit the text of the question")
    assert undo.text() == "Undo" and undo.isEnabled() and button.sizeHint().width() == before[1]
    assert undo.toolTip().startswith("Undo Edit the text of the question")
    undo.trigger()
    assert session.document.root().text != "A much longer question than before" and not undo.isEnabled()
