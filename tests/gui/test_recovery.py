"""Autosave and recovery: a process killed with unsaved changes gets them offered back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from argmap.gui.app import offer_recovery
from argmap.gui.autosave import Autosaver, find_recoveries
from argmap.gui.session import Session
from argmap.io import jsondoc
from argmap.model import edits as E

from tests.gui.conftest import small_map

ROOT = Path(__file__).resolve().parents[2]

_CRASHING_EDITOR = textwrap.dedent("""
    import os, signal, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QSettings, QStandardPaths
    from PySide6.QtWidgets import QApplication
    from argmap.gui.mainwindow import MainWindow
    from argmap.model import edits as E

    map_path, recovery, settings = sys.argv[1:4]
    app = QApplication([])
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings)
    window = MainWindow(recovery_dir=recovery)
    window.show()
    assert window.files.open_path(map_path)
    window.session.apply(E.SetText("c1", "Edited just before the crash"), "Edit text")
    assert window.autosaver.save_now()
    print("autosaved", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
""")


def _crash_with_unsaved_edit(tmp_path: Path, recovery: Path) -> Path:
    original = tmp_path / "trip.argmap.json"
    jsondoc.write(small_map(), original)
    proc = subprocess.run(
        [sys.executable, "-c", _CRASHING_EDITOR, str(original), str(recovery), str(tmp_path / "child-settings")],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert "autosaved" in proc.stdout, proc.stderr
    assert proc.returncode == -9, proc.stderr
    return original


def test_killed_editor_offers_its_unsaved_edit(qtbot, tmp_path, make_window, recovery_dir, dialog_log):
    original = _crash_with_unsaved_edit(tmp_path, recovery_dir)
    assert jsondoc.read(original).node("c1").text == "We arrive early"  # the file itself was never saved
    window = make_window(None)
    dialog_log.restore = True
    restored = offer_recovery(window, recovery_dir)
    assert restored == [window]
    assert len(dialog_log.recovery_offers) == 1
    assert dialog_log.recovery_offers[0].original_path == str(original.resolve())
    assert window.session.document.node("c1").text == "Edited just before the crash"
    assert window.session.path == original.resolve()
    assert window.isWindowModified()
    # The restored map is autosaved under the old name, so a second crash still leaves one copy.
    assert len(find_recoveries(recovery_dir, include_live=True)) == 1
    assert window.files.save()
    assert jsondoc.read(original).node("c1").text == "Edited just before the crash"
    assert find_recoveries(recovery_dir, include_live=True) == []


def test_declining_the_offer_deletes_the_recovery(qtbot, tmp_path, make_window, recovery_dir, dialog_log):
    _crash_with_unsaved_edit(tmp_path, recovery_dir)
    window = make_window(None)
    dialog_log.restore = False
    assert offer_recovery(window, recovery_dir) == []
    assert len(dialog_log.recovery_offers) == 1
    assert list(recovery_dir.iterdir()) == []
    assert window.session.document.title == "Untitled map"


def test_autosave_writes_only_while_modified(qtbot, tmp_path):
    session = Session(small_map(), path=tmp_path / "m.argmap.json")
    saver = Autosaver(session, tmp_path / "rec", interval_ms=50)
    assert not saver.save_now()
    session.apply(E.SetLikelihood("c1", 0.25), "Likelihood")
    with qtbot.waitSignal(saver.saved, timeout=3000):
        pass  # the timer fires by itself
    assert jsondoc.read(saver.doc_path).node("c1").likelihood == 0.25
    meta = json.loads(saver.meta_path.read_text())
    assert meta["original_path"] == str(tmp_path / "m.argmap.json") and meta["pid"] == os.getpid()
    session.undo()  # back to the saved state: nothing to recover
    assert not saver.doc_path.exists() and not saver.meta_path.exists()


def test_a_live_editors_recovery_is_not_offered(qtbot, tmp_path):
    session = Session(small_map())
    saver = Autosaver(session, tmp_path / "rec")
    session.apply(E.SetText("c1", "x"), "Edit")
    assert saver.save_now()
    assert find_recoveries(tmp_path / "rec") == []
    assert len(find_recoveries(tmp_path / "rec", include_live=True)) == 1


def test_clean_close_removes_the_recovery(qtbot, window, session, dialog_log):
    session.apply(E.SetText("c1", "x"), "Edit")
    assert window.autosaver.save_now()
    assert window.autosaver.doc_path.exists()
    dialog_log.save_answer = "discard"
    assert window.close()
    assert not window.autosaver.doc_path.exists()


def test_saving_removes_the_recovery(qtbot, window, session, tmp_path):
    session.apply(E.SetText("c1", "x"), "Edit")
    assert window.autosaver.save_now()
    assert window.files.save_to(tmp_path / "saved.argmap.json")
    assert not window.autosaver.meta_path.exists()


def test_two_lost_maps_open_in_two_windows(qtbot, tmp_path, make_window, recovery_dir, dialog_log):
    from argmap.gui import mainwindow

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    recovery_dir.mkdir(parents=True)
    for i, title in enumerate(("First lost", "Second lost")):
        doc = small_map()
        doc.title = title
        jsondoc.write(doc, recovery_dir / f"map-{dead.pid}-{i}.argmap.json")
        meta = {"format": "argmap-recovery", "version": 1, "original_path": None,
                "saved_at": f"2026-01-0{i + 1}T10:00:00", "title": title, "pid": dead.pid}
        (recovery_dir / f"map-{dead.pid}-{i}.recovery.json").write_text(json.dumps(meta))
    window = make_window(None)
    dialog_log.restore = True
    restored = offer_recovery(window, recovery_dir)
    for w in restored:
        qtbot.addWidget(w)
    assert [w.session.document.title for w in restored] == ["Second lost", "First lost"]  # newest first
    assert restored[0] is window and restored[1] in mainwindow._other_windows
    assert all(w.isWindowModified() for w in restored)


def test_a_failed_autosave_is_reported_in_the_status_bar(qtbot, window, session, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the recovery folder should be")
    window.autosaver.folder = blocker
    session.apply(E.SetText("c1", "x"), "Edit")
    assert not window.autosaver.save_now()
    assert window.statusBar().currentMessage().startswith("Autosave failed")
