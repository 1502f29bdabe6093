"""The editing session: the document, its undo stack and the selection."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from argmap.errors import ArgmapError
from argmap.gui.commands import EditCommand
from argmap.model.document import Document

__all__ = ["Session"]


class Session(QObject):
    """Owns the Document, the QUndoStack and the selection; alone emits document signals.

    Widgets never write to the document: they call `apply(edit, text)`.
    """

    #: An edit was applied, undone or redone; the argument is the edit that ran.
    document_changed = Signal(object)
    #: A different document was loaded (New, Open, Revert); views rebuild.
    document_replaced = Signal()
    #: The selected node ids changed; the argument is the list of ids (current first).
    selection_changed = Signal(list)
    #: The file path changed (Save As, Open); the argument is the path or None.
    path_changed = Signal(object)

    def __init__(self, document: Document | None = None, path: str | Path | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document or Document()
        self.path: Path | None = Path(path) if path else None
        self.undo_stack = QUndoStack(self)
        self._selection: list[str] = []

    # -- editing ---------------------------------------------------------------

    def apply(self, edit: Any, text: str, merge: bool = False) -> None:
        """Apply an edit as one undo step; a refused edit raises and changes nothing."""
        inverse = edit.apply(self.document)
        self.undo_stack.push(EditCommand(self, edit, inverse, text, merge))
        self._emit_changed(edit)

    def try_apply(self, edit: Any, text: str, merge: bool = False) -> str:
        """Apply an edit as one undo step; return "" when done, or why it was refused."""
        try:
            self.apply(edit, text, merge)
        except ArgmapError as err:
            return err.message
        return ""

    def seal(self) -> None:
        """End a run of merging edits: the next continuous edit starts a new undo step."""
        index = self.undo_stack.index()
        if index > 0:
            command = self.undo_stack.command(index - 1)
            if isinstance(command, EditCommand):
                command.seal()

    def undo(self) -> None:
        self.undo_stack.undo()

    def redo(self) -> None:
        self.undo_stack.redo()

    def announce_remote(self, edit: Any) -> None:
        """Tell the views about a change another participant made (already applied to the document).

        It is not on this window's undo stack: Undo takes back only this user's own edits.
        """
        self._emit_changed(edit)

    def _emit_changed(self, edit: Any) -> None:
        live = [i for i in self._selection if self.document.has_node(i)]
        if live != self._selection:
            self._selection = live
            self.selection_changed.emit(list(live))
        self.document_changed.emit(edit)

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    # -- documents ---------------------------------------------------------------

    def set_document(self, document: Document, path: str | Path | None = None) -> None:
        """Replace the document (New, Open, Revert): clears undo history and selection."""
        self.document = document
        self.path = Path(path) if path else None
        self.undo_stack.clear()
        self.undo_stack.setClean()
        if self._selection:
            self._selection = []
            self.selection_changed.emit([])
        self.document_replaced.emit()
        self.path_changed.emit(self.path)

    def mark_saved(self, path: str | Path) -> None:
        self.path = Path(path)
        self.undo_stack.setClean()
        self.path_changed.emit(self.path)

    # -- selection ---------------------------------------------------------------

    @property
    def selection(self) -> list[str]:
        return list(self._selection)

    @property
    def current(self) -> str | None:
        """The node the inspector shows: the first selected one."""
        return self._selection[0] if self._selection else None

    def select(self, ids: str | Iterable[str] | None) -> None:
        """Select nodes by id (a single id, several, or None to clear)."""
        if ids is None:
            new: list[str] = []
        elif isinstance(ids, str):
            new = [ids]
        else:
            new = list(dict.fromkeys(ids))
        new = [i for i in new if self.document.has_node(i)]
        if new != self._selection:
            self._selection = new
            self.selection_changed.emit(list(new))
