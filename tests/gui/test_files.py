"""Files: open, save, save as, revert, recent files, unsaved changes, clipboard between windows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from argmap.errors import DocumentError
from argmap.gui.files import with_map_suffix
from argmap.gui.session import Session
from argmap.io import jsondoc
from argmap.model import edits as E

from tests.gui.conftest import small_map


def test_save_as_adds_the_suffix_and_marks_clean(window, session, tmp_path, dialog_log):
    session.apply(E.SetText("c1", "Saved text"), "Edit text")
    dialog_log.save_path = str(tmp_path / "crossing")
    assert window.files.save()
    path = tmp_path / "crossing.argmap.json"
    assert jsondoc.read(path).node("c1").text == "Saved text"
    assert session.path == path.resolve()
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("crossing.argmap.json[*]")


def test_suffix_rules():
    assert with_map_suffix("/a/b") == "/a/b.argmap.json"
    assert with_map_suffix("/a/b.json") == "/a/b.argmap.json"
    assert with_map_suffix("/a/b.argmap.json") == "/a/b.argmap.json"


def test_save_open_revert_round_trip(window, session, tmp_path):
    path = tmp_path / "map.argmap.json"
    assert window.files.save_to(path)
    original = jsondoc.read(path)
    window.canvas.setFocus()
    session.select("o1")
    QTest.keyClick(window.canvas, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # nothing changed: still clean
    session.apply(E.SetLikelihood("c1", 0.2), "Likelihood")
    assert window.isWindowModified()
    assert window.files.revert()
    assert session.document == original
    assert not window.isWindowModified()
    session.apply(E.SetLikelihood("c1", 0.3), "Likelihood")
    QTest.keyClick(window.canvas, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert jsondoc.read(path).node("c1").likelihood == 0.3
    assert not window.isWindowModified()
    assert window.files.open_path(path)
    assert session.document.node("c1").likelihood == 0.3
    assert session.undo_stack.count() == 0
    assert session.selection == ["q1"]
    rows = window.outline.selectionModel().selectedRows()
    assert [window.outline.outline.node_id(i) for i in rows] == ["q1"]
    assert window.edit_actions.add_child.isEnabled()


def test_a_broken_file_shows_the_error_and_changes_nothing(window, session, tmp_path, dialog_log):
    bad = tmp_path / "bad.argmap.json"
    bad.write_text('{"format": "argmap", "version": 1, "nodes": [{"id": "a", "kind": "question", "likelihood": 1.7}]}')
    session.apply(E.SetText("c1", "unsaved"), "Edit text")
    before = session.document.model_copy(deep=True)
    assert not window.files.open_path(bad)
    assert len(dialog_log.errors) == 1
    err = dialog_log.errors[0]
    assert isinstance(err, DocumentError)
    assert "bad.argmap.json" in str(err) and "1.7" in str(err)
    assert session.document == before
    assert window.isWindowModified()
    assert session.undo_stack.count() == 1


def test_open_asks_about_unsaved_changes(window, session, tmp_path, dialog_log):
    other = tmp_path / "other.argmap.json"
    doc = small_map()
    doc.title = "Other"
    jsondoc.write(doc, other)
    session.apply(E.SetText("c1", "unsaved"), "Edit text")
    dialog_log.save_answer = "cancel"
    dialog_log.open_path = str(other)
    assert not window.files.open_dialog()
    assert session.document.node("c1").text == "unsaved"
    dialog_log.save_answer = "discard"
    assert window.files.open_dialog()
    assert session.document.title == "Other"
    assert dialog_log.save_questions == ["Crossing", "Crossing"]


def test_save_answer_saves_before_opening(window, session, tmp_path, dialog_log):
    mine = tmp_path / "mine.argmap.json"
    window.files.save_to(mine)
    session.apply(E.SetText("c1", "keep me"), "Edit text")
    other = tmp_path / "other.argmap.json"
    jsondoc.write(small_map(), other)
    dialog_log.save_answer = "save"
    assert window.files.open_path_asking(other)
    assert jsondoc.read(mine).node("c1").text == "keep me"


def test_closing_with_changes_asks_and_cancel_keeps_it_open(qtbot, window, session, dialog_log):
    session.apply(E.SetText("c1", "unsaved"), "Edit text")
    dialog_log.save_answer = "cancel"
    assert not window.close()
    assert window.isVisible()
    assert dialog_log.save_questions == ["Crossing"]
    dialog_log.save_answer = "discard"
    assert window.close()


def test_closing_a_clean_window_does_not_ask(window, dialog_log):
    assert window.close()
    assert dialog_log.save_questions == []


def test_a_failed_save_keeps_the_map_modified(window, session, tmp_path, dialog_log):
    session.apply(E.SetText("c1", "unsaved"), "Edit text")
    assert not window.files.save_to(tmp_path / "missing-folder" / "x.argmap.json")
    assert dialog_log.errors and window.isWindowModified()


def test_recent_files_are_remembered(window, session, tmp_path, dialog_log):
    a, b = tmp_path / "a.argmap.json", tmp_path / "b.argmap.json"
    jsondoc.write(small_map(), a)
    jsondoc.write(small_map(), b)
    window.files.open_path(a)
    window.files.open_path(b)
    assert window.files.recent_files() == [str(b.resolve()), str(a.resolve())]
    window.fill_recent_menu()
    names = [act.text() for act in window.recent_menu.actions()]
    assert names[:2] == ["b.argmap.json", "a.argmap.json"]
    window.recent_menu.actions()[1].trigger()
    assert session.path == a.resolve()
    a.unlink()
    assert not window.files.open_recent(str(a.resolve()))
    assert str(a.resolve()) not in window.files.recent_files()


def test_bundled_scenario_opens_untitled(window, session):
    from argmap.paths import bundled_scenario

    assert window.files.open_path(bundled_scenario(), as_copy=True)
    assert session.path is None
    assert len(session.document.nodes) > 20
    assert window.files.recent_files() == []


def test_copy_paste_a_branch_between_two_windows(qtbot, make_window):
    first = make_window(Session(small_map()))
    doc2 = small_map()
    doc2.perspectives = doc2.perspectives[:1]
    second = make_window(Session(doc2))
    first.activateWindow()
    qtbot.waitUntil(first.isActiveWindow)
    first.canvas.setFocus()
    first.session.select("c1")
    QTest.keyClick(first.canvas, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    second.activateWindow()
    qtbot.waitUntil(second.isActiveWindow)
    second.outline.setFocus()
    second.session.select("o2")
    QTest.keyClick(second.outline, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    pasted = second.session.current
    node = second.session.document.node(pasted)
    assert node.parent == "o2" and node.text == "We arrive early"
    assert node.impact == {"us": 4.0}  # the second map has no 'them' perspective
    assert "left out" in second.statusBar().currentMessage()
    assert [c.text for c in second.session.document.children(pasted)] == ["The bridge is open all night"]
    assert len(first.session.document.nodes) == 6
    assert first.session.undo_stack.count() == 0


def test_paste_reads_a_branch_copied_by_another_process(qtbot, window, session, tmp_path):
    import subprocess
    import sys

    script = (
        "import os; os.environ['QT_QPA_PLATFORM']='offscreen'\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from PySide6.QtGui import QGuiApplication\n"
        "from argmap.gui.clipboard import branch_mime\n"
        "from tests.gui.conftest import small_map\n"
        "app = QApplication([])\n"
        "mime = branch_mime(small_map(), 'o2')\n"
        "print(bytes(mime.data('application/x-argmap-branch+json').data()).decode())\n"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True,
                         cwd=root)
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QGuiApplication

    mime = QMimeData()
    mime.setData("application/x-argmap-branch+json", out.stdout.strip().encode())
    QGuiApplication.clipboard().setMimeData(mime)
    session.select("q1")
    new = window.edit_actions.do_paste()
    assert session.document.node(new).text == "Take the ferry"
    assert [c.text for c in session.document.children(new)] == ["We see the harbour"]


def test_an_argdown_file_is_imported_untitled(window, session, tmp_path, dialog_log):
    source = tmp_path / "debate.argdown"
    source.write_text("[Question]: Should we go?\n  + <Yes>: It is sunny.\n", encoding="utf-8")
    assert window.files.open_path(source), dialog_log.errors
    assert session.path is None
    assert any("sunny" in n.text for n in session.document.nodes)
    assert "Imported" in window.statusBar().currentMessage()
    dialog_log.save_path = str(tmp_path / "debate")
    assert window.files.save()
    assert (tmp_path / "debate.argmap.json").exists()
    assert source.read_text(encoding="utf-8").startswith("[Question]")


def _run_without_event_loop(monkeypatch, qtbot, path):
    """Call app.run(path) with an event loop that returns at once; return the window it opened."""
    from PySide6.QtWidgets import QApplication

    from argmap.gui import app as app_module
    from argmap.gui.mainwindow import MainWindow

    before = set(QApplication.topLevelWidgets())

    class _App:
        def exec(self) -> int:
            return 0

    monkeypatch.setattr(app_module, "application", lambda: _App())
    assert app_module.run(path) == 0
    opened = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w not in before]
    assert len(opened) == 1
    qtbot.addWidget(opened[0])
    return opened[0]


def test_run_opens_the_given_file(monkeypatch, qtbot, tmp_path):
    path = tmp_path / "given.argmap.json"
    doc = small_map()
    doc.title = "Given"
    jsondoc.write(doc, path)
    window = _run_without_event_loop(monkeypatch, qtbot, str(path))
    assert window.session.document.title == "Given"
    assert window.session.path == path.resolve()


def test_run_without_a_file_opens_the_bundled_scenario_untitled(monkeypatch, qtbot):
    window = _run_without_event_loop(monkeypatch, qtbot, None)
    assert window.session.path is None
    assert "Pakistan" in window.session.document.title or "Taliban" in window.session.document.title
    assert window.scores is not None and window.scores.options


def test_the_command_line_opens_the_editor(monkeypatch, tmp_path):
    from argmap import cli
    from argmap.gui import app as app_module

    opened = []
    monkeypatch.setattr(app_module, "run", lambda path: opened.append(path) or 0)
    jsondoc.write(small_map(), tmp_path / "x.argmap.json")
    assert cli.main([str(tmp_path / "x.argmap.json")]) == 0
    assert cli.main([]) == 0
    assert opened == [str(tmp_path / "x.argmap.json"), None]


def test_recent_files_with_one_name_show_their_folders(window, tmp_path):
    for folder in ("left", "right"):
        (tmp_path / folder).mkdir()
        jsondoc.write(small_map(), tmp_path / folder / "same.argmap.json")
        window.files.open_path(tmp_path / folder / "same.argmap.json")
    window.fill_recent_menu()
    names = [act.text() for act in window.recent_menu.actions()][:2]
    assert names == ["same.argmap.json — right", "same.argmap.json — left"]


def test_save_keeps_text_still_being_typed_on_the_canvas(window, session, tmp_path):
    path = tmp_path / "typing.argmap.json"
    window.files.save_to(path)
    window.canvas.setFocus()
    session.select("c2")
    QTest.keyClick(window.canvas, Qt.Key.Key_F2)
    editor = window.canvas.editor
    assert editor is not None
    QTest.keyClicks(editor, "Typed but not committed")
    QTest.keyClick(editor, Qt.Key.Key_Tab)
    QTest.keyClicks(editor, "and its text")
    QTest.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = jsondoc.read(path).node("c2")
    assert (saved.title, saved.text) == ("Typed but not committed", "and its text")
    assert not window.isWindowModified()


def test_closing_asks_about_text_still_being_typed(window, session, dialog_log):
    window.canvas.setFocus()
    session.select("c2")
    window.edit_actions.do_edit_text()
    QTest.keyClicks(window.canvas.editor, "Unsaved words")
    dialog_log.save_answer = "cancel"
    assert not window.close()
    assert dialog_log.save_questions == ["Crossing"]
    assert session.document.node("c2").title == "Unsaved words"
