"""Autosave and recovery: a process killed with unsaved changes gets them offered back."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
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


# -- sessions told apart by more than their process id ------------------------------------

# An editor in a child process: it opens a map, makes edits, autosaves, then either is
# killed or waits (holding its lock) until its input closes. With a number as its fourth
# argument it reports that number as its process id, as a process does when every start in
# a PID namespace gets the same id.
_EDITOR = textwrap.dedent("""
    import os, signal, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QSettings, QStandardPaths
    from PySide6.QtWidgets import QApplication
    from argmap.gui.mainwindow import MainWindow
    from argmap.model import Kind, Node
    from argmap.model import edits as E

    map_path, recovery, settings, fake_pid, ending = sys.argv[1:6]
    real_pid = os.getpid()
    if fake_pid != "-":
        os.getpid = lambda: int(fake_pid)
    app = QApplication([])
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings)
    window = MainWindow(recovery_dir=recovery)
    window.show()
    assert window.files.open_path(map_path)
    session = window.session
    session.apply(E.SetText("c1", "First edit"), "Edit text")
    session.apply(E.AddNode(Node(id="n9", kind=Kind.CON, text="Added", parent="c1")), "Add con")
    session.undo_stack.beginMacro("Two likelihoods")
    session.apply(E.SetLikelihood("c1", 0.1), "Likelihood")
    session.apply(E.SetLikelihood("c2", 0.2), "Likelihood")
    session.undo_stack.endMacro()
    assert window.autosaver.save_now()
    print(window.autosaver.name, flush=True)
    if ending == "kill":
        os.kill(real_pid, signal.SIGKILL)
    sys.stdin.read()
""")


def _editor(tmp_path: Path, recovery: Path, fake_pid: int | None, ending: str) -> tuple[Path, subprocess.Popen]:
    original = tmp_path / "trip.argmap.json"
    jsondoc.write(small_map(), original)
    args = [str(original), str(recovery), str(tmp_path / "child-settings"), str(fake_pid or "-"), ending]
    proc = subprocess.Popen([sys.executable, "-c", _EDITOR, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)
    return original, proc


def _killed_editor(tmp_path: Path, recovery: Path, fake_pid: int | None = None) -> Path:
    original, proc = _editor(tmp_path, recovery, fake_pid, "kill")
    out, err = proc.communicate(timeout=120)
    assert out.strip().startswith("map-"), err
    assert proc.returncode == -9, err
    return original


def test_a_crash_in_a_pid_namespace_is_offered_although_the_pid_is_ours(
        qtbot, tmp_path, make_window, recovery_dir, dialog_log):
    # The crashed process had the id this process has now, as after a container restart.
    original = _killed_editor(tmp_path, recovery_dir, fake_pid=os.getpid())
    (meta,) = recovery_dir.glob("*.recovery.json")
    assert json.loads(meta.read_text())["pid"] == os.getpid()
    window = make_window(None)
    dialog_log.restore = True
    assert offer_recovery(window, recovery_dir) == [window]
    assert [o.original_path for o in dialog_log.recovery_offers] == [str(original.resolve())]
    assert window.session.document.node("c1").text == "First edit"
    assert window.isWindowModified()


def test_a_pid_namespace_crash_without_a_lock_file_is_offered(qtbot, tmp_path, make_window, recovery_dir,
                                                                dialog_log):
    # Written where locks do not work: our process id, but another process's start time.
    recovery_dir.mkdir(parents=True)
    jsondoc.write(small_map(), recovery_dir / "map-0123456789abcdef.argmap.json")
    meta = {"format": "argmap-recovery", "version": 2, "original_path": None, "saved_at": "2026-01-01T10:00:00",
            "title": "Crossing", "pid": os.getpid(), "started": "another-boot/12345", "session": "map-0123456789abcdef"}
    (recovery_dir / "map-0123456789abcdef.recovery.json").write_text(json.dumps(meta))
    window = make_window(None)
    dialog_log.restore = True
    assert offer_recovery(window, recovery_dir) == [window]
    assert len(dialog_log.recovery_offers) == 1


def test_an_earlier_versions_recovery_with_our_pid_is_offered(qtbot, tmp_path, make_window, recovery_dir,
                                                                dialog_log):
    recovery_dir.mkdir(parents=True)
    name = f"map-{os.getpid()}-1"  # the name and metadata of version 1, which had no lock
    jsondoc.write(small_map(), recovery_dir / f"{name}.argmap.json")
    meta = {"format": "argmap-recovery", "version": 1, "original_path": None,
            "saved_at": "2026-01-01T10:00:00", "title": "Crossing", "pid": os.getpid()}
    (recovery_dir / f"{name}.recovery.json").write_text(json.dumps(meta))
    window = make_window(None)
    assert offer_recovery(window, recovery_dir) == []  # declined: deleted
    assert len(dialog_log.recovery_offers) == 1
    assert list(recovery_dir.iterdir()) == []


def test_a_running_editors_recovery_is_neither_offered_nor_deleted(qtbot, tmp_path, make_window, recovery_dir,
                                                                    dialog_log):
    # The other editor claims our process id (so the id alone would call it crashed), but it
    # holds its lock: it is running.
    _original, proc = _editor(tmp_path, recovery_dir, os.getpid(), "wait")
    try:
        name = proc.stdout.readline().strip()
        assert name.startswith("map-"), proc.stderr.read() if proc.poll() is not None else ""
        files = sorted(p.name for p in recovery_dir.iterdir())
        assert f"{name}.recovery.json" in files and f"{name}.lock" in files
        window = make_window(Session(small_map()))
        dialog_log.restore = True
        assert offer_recovery(window, recovery_dir) == []
        assert dialog_log.recovery_offers == []
        window.session.apply(E.SetText("c1", "x"), "Edit")  # our own recovery comes and goes beside it
        assert window.autosaver.save_now()
        assert window.autosaver.name != name
        dialog_log.save_answer = "discard"
        assert window.close()
        assert sorted(p.name for p in recovery_dir.iterdir()) == files
    finally:
        proc.kill()
        proc.wait(timeout=60)
    # Once it is gone, the next start offers its map.
    dialog_log.restore = True
    later = make_window(None)
    assert offer_recovery(later, recovery_dir) == [later]
    assert later.session.document.node("c1").text == "First edit"


def test_two_sessions_with_one_pid_never_share_a_file_name(qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(os, "getpid", lambda: 4242)
    names = {Autosaver(Session(small_map()), tmp_path).name for _ in range(20)}
    assert len(names) == 20 and not any("4242" in n for n in names)


def test_a_found_recovery_is_claimed_until_it_is_handled(qtbot, tmp_path, recovery_dir):
    _killed_editor(tmp_path, recovery_dir)
    (first,) = find_recoveries(recovery_dir)
    assert find_recoveries(recovery_dir) == []  # another start meanwhile leaves it to the first
    first.release()
    (again,) = find_recoveries(recovery_dir)
    assert again.name == first.name


def test_files_of_a_session_killed_before_its_metadata_are_removed(qtbot, tmp_path, recovery_dir):
    import fcntl

    recovery_dir.mkdir(parents=True)
    for name in ("map-00000000000000aa", "map-00000000000000bb"):
        jsondoc.write(small_map(), recovery_dir / f"{name}.argmap.json")
        (recovery_dir / f"{name}.lock").touch()
    with open(recovery_dir / "map-00000000000000bb.lock") as held:  # a session still starting
        fcntl.flock(held, fcntl.LOCK_EX)
        assert find_recoveries(recovery_dir) == []
    assert sorted(p.name for p in recovery_dir.iterdir()) == ["map-00000000000000bb.argmap.json",
                                                              "map-00000000000000bb.lock"]


def test_stale_temporary_files_are_removed_on_start(qtbot, tmp_path, make_window, recovery_dir, dialog_log):
    original = _killed_editor(tmp_path, recovery_dir)
    stale = [recovery_dir / ".argmap-0123456789ab.tmp", tmp_path / ".argmap-ba9876543210.tmp"]
    for p in stale:
        p.write_text("half a save")
    other = tmp_path / ".unrelated-0123456789ab.tmp"
    other.write_text("not ours")
    window = make_window(None)
    offer_recovery(window, recovery_dir)
    assert not any(p.exists() for p in stale)
    assert other.exists() and original.exists()


# -- undo history ----------------------------------------------------------------------------


def test_the_undo_history_is_restored_with_the_map(qtbot, tmp_path, make_window, recovery_dir, dialog_log):
    original = _killed_editor(tmp_path, recovery_dir)
    window = make_window(None)
    dialog_log.restore = True
    assert offer_recovery(window, recovery_dir) == [window]
    session = window.session
    stack = session.undo_stack
    assert [stack.text(i) for i in range(stack.count())] == ["Edit text", "Add con", "Two likelihoods"]
    assert session.document.node("c1").likelihood == 0.1 and session.document.has_node("n9")
    assert "Undo" in window.statusBar().currentMessage()
    session.undo()
    assert session.document.node("c1").likelihood == 0.6 and session.document.node("c2").likelihood == 0.9
    session.undo()
    session.undo()
    assert session.document == jsondoc.read(original)  # back to the file as it was saved
    assert window.isWindowModified()  # the clean state is not the file's: it may have changed since
    session.redo()
    assert session.document.node("c1").text == "First edit"


def test_a_history_of_another_map_is_not_used(qtbot, tmp_path, make_window, recovery_dir, dialog_log):
    _killed_editor(tmp_path, recovery_dir)
    (doc_path,) = recovery_dir.glob("*.argmap.json")
    doc = jsondoc.read(doc_path)
    doc.title = "Changed after the history was written"
    jsondoc.write(doc, doc_path)
    window = make_window(None)
    dialog_log.restore = True
    assert offer_recovery(window, recovery_dir) == [window]
    assert window.session.document.title == "Changed after the history was written"
    assert window.session.undo_stack.count() == 0


def test_a_history_naming_classes_outside_the_model_is_not_used(qtbot, tmp_path):
    from argmap.gui import recoveryhistory

    _killed_editor(tmp_path, tmp_path / "rec")
    (rec,) = find_recoveries(tmp_path / "rec")
    assert len(rec.load_history()) == 3
    text = rec.history_path.read_text()
    rec.history_path.write_text(text.replace('"argmap.model.edits:SetText"', '"os:system"'))
    assert [s.text for s in rec.load_history()] == ["Add con", "Two likelihoods"]  # newer steps only
    assert recoveryhistory.read_steps(b'{"format": "argmap-history"', "x") == []


def test_an_edit_that_cannot_be_kept_ends_the_history(qtbot, tmp_path):
    from argmap.gui import recoveryhistory

    @dataclass(frozen=True)
    class Outside:  # an edit the history cannot name
        def apply(self, doc):
            return self

    session = Session(small_map())
    saver = Autosaver(session, tmp_path / "rec")
    session.apply(E.SetText("c1", "one"), "One")
    session.apply(Outside(), "Outside")
    session.apply(E.SetText("c1", "three"), "Three")
    assert saver.save_now()
    data = saver.doc_path.read_bytes()
    steps = recoveryhistory.read_steps(saver.history_path.read_bytes(), hashlib.sha256(data).hexdigest())
    assert [s.text for s in steps] == ["Three"]
    assert recoveryhistory.applicable(steps, data)[0].inverse == E.SetText("c1", "one")


def test_a_live_recovery_files_are_removed_on_a_clean_close(qtbot, window, session, dialog_log):
    session.apply(E.SetText("c1", "x"), "Edit")
    assert window.autosaver.save_now()
    folder = window.autosaver.folder
    assert sorted(p.suffix for p in folder.iterdir()) == [".json", ".json", ".json", ".lock"]
    dialog_log.save_answer = "discard"
    assert window.close()
    assert list(folder.iterdir()) == []
