"""One model edit wrapped in one QUndoCommand."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from argmap.model import edits as E

if TYPE_CHECKING:
    from argmap.gui.session import Session

__all__ = ["EditCommand"]

# Edits that a drag or typing repeats on one target: consecutive ones merge into one undo step.
_MERGEABLE: dict[type, int] = {
    E.SetLikelihood: 1,
    E.SetStrength: 2,
    E.SetImpact: 3,
    E.SetPerspectiveWeight: 4,
    E.SetText: 5,
    E.SetTitle: 6,
    E.SetNote: 7,
}


def _target(edit: Any) -> tuple:
    if isinstance(edit, E.SetImpact):
        return (edit.node_id, edit.perspective)
    if isinstance(edit, E.SetPerspectiveWeight):
        return (edit.perspective,)
    return (getattr(edit, "node_id", None),)


class EditCommand(QUndoCommand):
    """redo() applies the edit and keeps its inverse; undo() applies the inverse."""

    def __init__(self, session: "Session", edit: Any, inverse: Any, text: str, merge: bool = False) -> None:
        super().__init__(text)
        self._session = session
        self.edit = edit
        self.inverse = inverse
        self._skip_first_redo = True  # the session applied the edit already, to check it
        self._merge = merge and type(edit) in _MERGEABLE

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self.inverse = self.edit.apply(self._session.document)
        self._session._emit_changed(self.edit)

    def undo(self) -> None:
        self.edit = self.inverse.apply(self._session.document)
        self._session._emit_changed(self.inverse)

    def seal(self) -> None:
        """Take no more edits into this step."""
        self._merge = False

    def id(self) -> int:
        return _MERGEABLE[type(self.edit)] if self._merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditCommand) or not other._merge or type(other.edit) is not type(self.edit):
            return False
        if _target(other.edit) != _target(self.edit):
            return False
        self.edit = other.edit  # keep our inverse: it restores the value before the first step
        return True
