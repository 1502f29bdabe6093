"""Autosave to a recovery file while a map has unsaved changes, and find them after a crash.

Each window keeps two files in the recovery folder: `<name>.argmap.json` (the map)
and `<name>.recovery.json` (where it came from, when, and which process wrote it).
They are removed when the map is saved or closed cleanly, so any left behind by a
process that is no longer running hold changes that were never saved.
"""

from __future__ import annotations

import itertools
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer, Signal

from argmap.errors import ArgmapError
from argmap.gui.session import Session
from argmap.io import jsondoc
from argmap.model.document import Document

__all__ = ["Autosaver", "Recovery", "find_recoveries", "default_folder", "INTERVAL_MS"]

INTERVAL_MS = 30_000
_META = ".recovery.json"
_serial = itertools.count(1)


def default_folder() -> Path:
    """The recovery folder under the user's application data."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".argmap") / "recovery"


def _is_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process with that number
    return True


@dataclass(frozen=True)
class Recovery:
    """An unsaved map left behind in the recovery folder."""

    meta_path: Path
    doc_path: Path
    original_path: str | None
    saved_at: str
    title: str
    pid: int

    @property
    def name(self) -> str:
        return self.meta_path.name[: -len(_META)]

    def load(self) -> Document:
        return jsondoc.read(self.doc_path)

    def discard(self) -> None:
        for p in (self.doc_path, self.meta_path):
            p.unlink(missing_ok=True)


def find_recoveries(folder: str | Path | None = None, include_live: bool = False) -> list[Recovery]:
    """Recovery files left by processes that are gone, newest first."""
    root = Path(folder) if folder else default_folder()
    if not root.is_dir():
        return []
    out = []
    for meta in root.glob("*" + _META):
        try:
            info = json.loads(meta.read_text("utf-8"))
            pid = int(info.get("pid", 0))
            doc_path = meta.with_name(meta.name[: -len(_META)] + jsondoc.SUFFIX)
        except (OSError, ValueError, TypeError, AttributeError):
            continue
        if not doc_path.exists() or (not include_live and _is_alive(pid)):
            continue
        out.append(Recovery(meta, doc_path, info.get("original_path"), str(info.get("saved_at", "")),
                            str(info.get("title", "")), pid))
    out.sort(key=lambda r: r.saved_at, reverse=True)
    return out


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
        self.name = f"map-{os.getpid()}-{next(_serial)}"
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

    def adopt(self, recovery: Recovery) -> None:
        """Keep writing to a restored recovery file, so that it is replaced, not duplicated."""
        self.discard()
        self.name = recovery.name
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
            "version": 1,
            "original_path": str(path) if path else None,
            "saved_at": datetime.now().isoformat(timespec="seconds"),
            "title": self.session.document.title,
            "pid": os.getpid(),
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            jsondoc.write(self.session.document, self.doc_path)
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
        for p in (self.meta_path, self.doc_path):
            try:
                p.unlink()
            except (FileNotFoundError, NotADirectoryError):
                continue  # never written: nothing to remove

    def stop(self) -> None:
        self._timer.stop()
