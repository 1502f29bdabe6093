"""The File menu's work: new, open, recent files, save, save as, revert, unsaved changes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

from argmap.errors import ArgmapError
from argmap.gui import dialogs
from argmap.io import jsondoc

if TYPE_CHECKING:
    from argmap.gui.mainwindow import MainWindow
    from argmap.gui.session import Session

__all__ = ["FileController", "app_settings", "is_map_file", "with_map_suffix", "MAX_RECENT"]

MAX_RECENT = 10


def app_settings() -> QSettings:
    """The user's preferences, recent files and window state."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "argmap", "argmap")


#: Suffixes of the files the editor opens: its own format, and AIF, Argdown and Kialo (imported).
OPENABLE = (".json", ".argdown", ".ad", ".txt")


def is_map_file(path: str) -> bool:
    """Whether a path names a file this editor opens: by its suffix, and a .txt only when it is a Kialo export."""
    if not (path and path.lower().endswith(OPENABLE) and Path(path).is_file()):
        return False
    if not path.lower().endswith(".txt"):
        return True
    from argmap.io.kialo import is_kialo

    try:
        with open(path, "rb") as f:
            head = f.read(1 << 16).decode("utf-8", errors="replace").lstrip("\ufeff")
    except OSError:
        return False
    return is_kialo(head)


def with_map_suffix(path: str) -> str:
    """`path` ending in .argmap.json (a plain .json suffix is replaced)."""
    if path.lower().endswith(jsondoc.SUFFIX):
        return path
    if path.lower().endswith(".json"):
        path = path[: -len(".json")]
    return path + jsondoc.SUFFIX


class FileController:
    """Opens and saves the window's map, asking before unsaved changes are lost."""

    def __init__(self, window: "MainWindow") -> None:
        self.window = window

    @property
    def session(self) -> "Session":
        return self.window.session

    # -- unsaved changes ----------------------------------------------------------------

    def maybe_save(self) -> bool:
        """Ask about unsaved changes; True when it is fine to go on (saved or discarded)."""
        self.window.commit_pending_edits()
        if not self.session.is_modified:
            return True
        answer = dialogs.ask_save_changes(self.window, self.window.display_name)
        if answer == "save":
            return self.save()
        return answer == "discard"

    # -- opening ----------------------------------------------------------------------

    def new_map(self) -> bool:
        """Start a new map (after asking about unsaved changes): a question, one perspective "Overall",
        and a bar above the canvas asking for the question, the options and the perspectives."""
        from argmap.gui import newmap

        if not self.maybe_save():
            return False
        self.session.set_document(newmap.new_map_document())
        self.window.autosaver.discard()
        newmap.install(self.window).ask()
        self.window.show_status("New map: type its question, options and perspectives above the map, or close the bar.")
        return True

    def open_dialog(self) -> bool:
        if not self.maybe_save():
            return False
        path = dialogs.ask_open_path(self.window, self._folder())
        return self.open_path(path) if path else False

    def open_path_asking(self, path: str | Path) -> bool:
        """Open a file after asking about unsaved changes (drops, recent files)."""
        return self.maybe_save() and self.open_path(path)

    def open_recent(self, path: str) -> bool:
        if not Path(path).exists():
            self._forget_recent(path)
            dialogs.show_error(self.window, ArgmapError(f"{path}: no such file", hint="It was moved or deleted; it is "
                                                        "taken off the recent files."))
            return False
        return self.open_path_asking(path)

    def open_path(self, path: str | Path, as_copy: bool = False) -> bool:
        """Load a map into the window; a file that fails to load shows why and changes nothing.

        With `as_copy` the map opens untitled (Save asks where), as for the bundled scenario.
        """
        from argmap.io import NAMES, detect, read_with_diagnostics

        try:
            fmt = detect(path)
            doc, warnings = read_with_diagnostics(path)
        except ArgmapError as err:
            dialogs.show_error(self.window, err)
            return False
        # Only argmap's own format is saved back over its file: an AIF .json is imported, never overwritten.
        native = fmt == "argmap"
        self.session.set_document(doc, Path(path).resolve() if native and not as_copy else None)
        self.window.autosaver.discard()
        if not as_copy:
            self.add_recent(str(Path(path).resolve()))
        if native:
            self.window.show_status(f"Opened {Path(path).name}: {len(doc.nodes)} nodes.")
        else:
            noted = f", {len(warnings)} warnings (argmap validate lists them)" if warnings else ""
            self.window.show_status(f"Imported {Path(path).name} as {NAMES[fmt][1]}: {len(doc.nodes)} nodes{noted}; "
                                    "Save keeps it as an argmap file.")
        return True

    # -- saving -------------------------------------------------------------------------

    def save(self) -> bool:
        path = self.session.path
        if path is None or not str(path).lower().endswith(".json"):
            return self.save_as()
        return self.save_to(path)

    def save_as(self) -> bool:
        if self.session.path is not None:
            suggested = str(self.session.path)
        else:
            title = self.session.document.title or "Untitled map"
            safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in title).strip() or "map"
            suggested = str(Path(self._folder()) / (safe + jsondoc.SUFFIX))
        path = dialogs.ask_save_path(self.window, suggested)
        if not path:
            return False
        return self.save_to(with_map_suffix(path))

    def save_to(self, path: str | Path) -> bool:
        """Write the map atomically to `path`; on failure show why and keep it modified."""
        self.window.commit_pending_edits()
        try:
            jsondoc.write(self.session.document, path)
        except ArgmapError as err:
            dialogs.show_error(self.window, err)
            return False
        self.session.mark_saved(Path(path).resolve())
        self.window.autosaver.discard()
        self.add_recent(str(Path(path).resolve()))
        self.window.show_status(f"Saved {Path(path).name}.")
        return True

    def revert(self) -> bool:
        """Reload the saved file, dropping unsaved changes (after asking)."""
        path = self.session.path
        if path is None:
            return False
        if self.session.is_modified and not dialogs.ask_confirm(
                self.window, f"Revert to the saved “{path.name}”? Your unsaved changes are lost."):
            return False
        return self.open_path(path)

    # -- recent files -----------------------------------------------------------------------

    def recent_files(self) -> list[str]:
        value = app_settings().value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _store_recent(self, paths: list[str]) -> None:
        settings = app_settings()
        settings.setValue("recent_files", paths[:MAX_RECENT])
        settings.sync()

    def add_recent(self, path: str) -> None:
        self._store_recent([path] + [p for p in self.recent_files() if p != path])
        app_settings().setValue("last_folder", str(Path(path).parent))

    def _forget_recent(self, path: str) -> None:
        self._store_recent([p for p in self.recent_files() if p != path])

    def clear_recent(self) -> None:
        self._store_recent([])

    def _folder(self) -> str:
        if self.session.path is not None:
            return str(self.session.path.parent)
        return str(app_settings().value("last_folder", str(Path.home())))
