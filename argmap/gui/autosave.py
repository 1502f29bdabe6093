"""Autosave to a recovery file while a map has unsaved changes, and find them after a crash.

Each window keeps its files in the recovery folder under a name with a random session id:
`<name>.argmap.json` (the map), `<name>.history.json` (its undo history),
`<name>.recovery.json` (where it came from, when, which process wrote it) and `<name>.lock`,
which the window holds locked (`flock`) while it has unsaved changes. The kernel drops the
lock when the process ends, however it ends, so files whose lock is free were left by a
crash, whatever process id they name: in a container every start may get the same id.
Whoever finds such files takes their lock, so no two editors offer or remove them at once,
and no editor touches the files of one that is running. The files go when the map is saved
or closed cleanly. Where locks do not work, the process id and its start time decide.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer, Signal

from argmap.errors import ArgmapError
from argmap.gui import recoveryhistory
from argmap.gui.session import Session
from argmap.io import jsondoc
from argmap.model.document import Document

try:
    import fcntl
except ImportError:  # Windows: liveness falls back on the process id
    fcntl = None  # type: ignore[assignment]

__all__ = ["Autosaver", "Recovery", "find_recoveries", "remove_stale_temporaries", "default_folder", "INTERVAL_MS"]

INTERVAL_MS = 30_000
_META = ".recovery.json"
_HISTORY = ".history.json"
_LOCK = ".lock"
#: Names of this process's autosavers, for telling our own files from a crashed process's
#: with the same id where locks do not work.
_LIVE_NAMES: set[str] = set()


def default_folder() -> Path:
    """The recovery folder under the user's application data."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".argmap") / "recovery"


# -- who is alive ------------------------------------------------------------------------

_LOCKED, _HELD, _MISSING, _UNSUPPORTED = "locked", "held", "missing", "unsupported"


def _take_lock(path: Path, create: bool) -> tuple[str, int]:
    """Lock `path` without waiting: (_LOCKED, fd) or a reason it was not locked, with -1."""
    if fcntl is None:
        return _UNSUPPORTED, -1
    flags = os.O_RDWR | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0) | (os.O_CREAT if create else 0)
    for _ in range(10):
        try:
            fd = os.open(path, flags, 0o600)
        except FileNotFoundError:
            return _MISSING, -1
        except OSError:
            return _UNSUPPORTED, -1
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return _HELD, -1
        except OSError:
            os.close(fd)
            return _UNSUPPORTED, -1
        # Its holder may have removed the file between our open and our lock (a clean close).
        try:
            here = os.stat(path, follow_symlinks=False)
            mine = os.fstat(fd)
        except OSError:
            here = mine = None
        if here is not None and mine is not None and (here.st_dev, here.st_ino) == (mine.st_dev, mine.st_ino):
            return _LOCKED, fd
        os.close(fd)
        if not create:
            return _MISSING, -1
    return _UNSUPPORTED, -1


def _release_lock(path: Path, fd: int) -> None:
    """Remove a lock file we hold, then let it go (in that order: no one can lock it in between)."""
    if fd < 0:
        return
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass
    os.close(fd)


def _process_start(pid: int) -> str | None:
    """When a process started (boot id and clock ticks), or None where /proc does not say."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        stat = Path(f"/proc/{pid}/stat").read_text()
        return f"{boot}/{stat[stat.rindex(')') + 2:].split()[19]}"
    except (OSError, ValueError, IndexError):
        return None


def _pid_is_running(pid: int, started: str | None) -> bool:
    """Whether the process that wrote a recovery without a usable lock still runs."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # someone else's process with that number
    except OSError:
        return False
    now = _process_start(pid)
    return not (started and now and started != now)  # the number was given to a new process


def _is_ours_running(name: str, pid: int, started: str | None) -> bool:
    if pid == os.getpid():
        # Our own number: ours only if this process wrote it (a crashed process in the
        # same PID namespace had the same number).
        return name in _LIVE_NAMES
    return _pid_is_running(pid, started)


# -- recoveries --------------------------------------------------------------------------


@dataclass(eq=False)
class Recovery:
    """An unsaved map left behind in the recovery folder, claimed (locked) by whoever found it."""

    meta_path: Path
    doc_path: Path
    original_path: str | None
    saved_at: str
    title: str
    pid: int
    _lock_fd: int = field(default=-1, repr=False)

    @property
    def name(self) -> str:
        return self.meta_path.name[: -len(_META)]

    @property
    def history_path(self) -> Path:
        return self.meta_path.with_name(self.name + _HISTORY)

    @property
    def lock_path(self) -> Path:
        return self.meta_path.with_name(self.name + _LOCK)

    def load(self) -> Document:
        return jsondoc.read(self.doc_path)

    def load_history(self) -> list[recoveryhistory.Step]:
        """The undo steps saved with the map that still apply to it (oldest first; may be none)."""
        try:
            data = self.doc_path.read_bytes()
            history = self.history_path.read_bytes()
        except OSError:
            return []
        steps = recoveryhistory.read_steps(history, hashlib.sha256(data).hexdigest())
        return recoveryhistory.applicable(steps, data) if steps else []

    def take_lock(self) -> int:
        """Hand over the claim's lock (to the autosaver that goes on writing these files)."""
        fd, self._lock_fd = self._lock_fd, -1
        return fd

    def release(self) -> None:
        """Give up the claim and leave the files for a later start."""
        fd, self._lock_fd = self._lock_fd, -1
        if fd >= 0:
            os.close(fd)

    def discard(self) -> None:
        for p in (self.meta_path, self.doc_path, self.history_path):
            p.unlink(missing_ok=True)
        fd, self._lock_fd = self._lock_fd, -1
        if fd >= 0:
            _release_lock(self.lock_path, fd)

    def __del__(self) -> None:
        self.release()


def find_recoveries(folder: str | Path | None = None, include_live: bool = False) -> list[Recovery]:
    """Recovery files left by sessions that are gone, newest first; each is claimed by its lock.

    With `include_live`, also those of running sessions (unclaimed).
    """
    root = Path(folder) if folder else default_folder()
    if not root.is_dir():
        return []
    _remove_orphans(root)
    out = []
    for meta in root.glob("*" + _META):
        name = meta.name[: -len(_META)]
        try:
            info = json.loads(meta.read_text("utf-8"))
            pid = int(info.get("pid", 0))
            started = info.get("started")
        except (OSError, ValueError, TypeError, AttributeError, RecursionError):
            continue
        doc_path = meta.with_name(name + jsondoc.SUFFIX)
        state, fd = _take_lock(meta.with_name(name + _LOCK), create=False)
        if state == _HELD:
            is_live = True
        elif state == _LOCKED:
            is_live = False
        else:  # written where locks do not work, or by an earlier version
            is_live = _is_ours_running(name, pid, started if isinstance(started, str) else None)
        rec = Recovery(meta, doc_path, info.get("original_path"), str(info.get("saved_at", "")),
                       str(info.get("title", "")), pid, fd)
        if not meta.exists() or not doc_path.exists() or (is_live and not include_live):
            rec.release()
            continue
        out.append(rec)
    out.sort(key=lambda r: r.saved_at, reverse=True)
    return out


def _remove_orphans(root: Path) -> None:
    """Remove the files of sessions killed before they wrote their metadata (their lock is free)."""
    for lock in root.glob("*" + _LOCK):
        name = lock.name[: -len(_LOCK)]
        meta = lock.with_name(name + _META)
        if meta.exists():
            continue
        state, fd = _take_lock(lock, create=False)
        if state != _LOCKED:
            continue
        if meta.exists():  # written just before we took the lock: a crashed session's, to offer
            os.close(fd)
            continue
        for suffix in (jsondoc.SUFFIX, _HISTORY):
            lock.with_name(name + suffix).unlink(missing_ok=True)
        _release_lock(lock, fd)


def remove_stale_temporaries(folders: list[str | Path | None]) -> list[Path]:
    """Remove what killed saves left in these folders (and the recovery folder); return the files."""
    removed: list[Path] = []
    for folder in dict.fromkeys(Path(f) for f in folders if f):
        removed += jsondoc.remove_stale_temporaries(folder)
    return removed


# -- writing ----------------------------------------------------------------------------


class Autosaver(QObject):
    """Writes the session's map to its recovery file every `interval_ms` while it is modified."""

    #: A recovery file was written; the argument is its path.
    saved = Signal(str)
    #: Writing the recovery file failed; the argument says why.
    failed = Signal(str)

    def __init__(self, session: Session, folder: str | Path | None = None, interval_ms: int = INTERVAL_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.folder = Path(folder) if folder else default_folder()
        self.name = f"map-{secrets.token_hex(8)}"  # never the process id: it repeats in containers
        _LIVE_NAMES.add(self.name)
        self._lock_fd = -1
        self._history = recoveryhistory.HistoryWriter()
        self._dirty = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.save_now)
        session.document_changed.connect(self._on_session_changed)
        session.undo_stack.cleanChanged.connect(self._on_clean_changed)

    @property
    def doc_path(self) -> Path:
        return self.folder / (self.name + jsondoc.SUFFIX)

    @property
    def meta_path(self) -> Path:
        return self.folder / (self.name + _META)

    @property
    def history_path(self) -> Path:
        return self.folder / (self.name + _HISTORY)

    @property
    def lock_path(self) -> Path:
        return self.folder / (self.name + _LOCK)

    def adopt(self, recovery: Recovery) -> None:
        """Keep writing to a restored recovery file, so that it is replaced, not duplicated."""
        self.discard()
        _LIVE_NAMES.discard(self.name)
        self.name = recovery.name
        _LIVE_NAMES.add(self.name)
        self._lock_fd = recovery.take_lock()
        self._dirty = True
        self.save_now()

    def _on_session_changed(self, _edit: object) -> None:
        self._dirty = True
        if not self._timer.isActive():
            self._timer.start()

    def _on_clean_changed(self, clean: bool) -> None:
        if clean:  # saved, or undone back to the saved state: nothing left to recover
            self._remove_files()
            self._dirty = False

    def save_now(self) -> bool:
        """Write the recovery file if there are unsaved changes not yet written."""
        if not self.session.is_modified:
            self._timer.stop()
            return False
        if not self._dirty:
            return False
        path = self.session.path
        meta = {
            "format": "argmap-recovery",
            "version": 2,
            "original_path": str(path) if path else None,
            "saved_at": datetime.now().isoformat(timespec="seconds"),
            "title": self.session.document.title,
            "pid": os.getpid(),
            "started": _process_start(os.getpid()),
            "session": self.name,
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if self._lock_fd < 0:
                _state, self._lock_fd = _take_lock(self.lock_path, create=True)
            data = jsondoc.dumps(self.session.document)
            history = self._history.encode(self.session.undo_stack, hashlib.sha256(data).hexdigest())
            jsondoc.write_bytes_atomic(data, self.doc_path)
            jsondoc.write_bytes_atomic(history, self.history_path)
            jsondoc.write_bytes_atomic(json.dumps(meta, indent=1).encode("utf-8"), self.meta_path)
        except (ArgmapError, OSError) as err:
            self.failed.emit(f"Autosave failed: {getattr(err, 'message', err)}")
            return False
        self._dirty = False
        self.saved.emit(str(self.doc_path))
        return True

    def discard(self) -> None:
        """Remove this window's recovery files (after a clean save or exit)."""
        self._remove_files()
        self._dirty = self.session.is_modified

    def _remove_files(self) -> None:
        for p in (self.meta_path, self.doc_path, self.history_path):
            try:
                p.unlink()
            except (FileNotFoundError, NotADirectoryError):
                continue  # never written: nothing to remove
        fd, self._lock_fd = self._lock_fd, -1
        _release_lock(self.lock_path, fd)

    def stop(self) -> None:
        self._timer.stop()
