"""A Document bound to a pycrdt document on one thread: the core of live sharing, without a network."""

from __future__ import annotations

from typing import Any, Callable

from pycrdt import Doc

from argmap.collab import ydoc as Y
from argmap.collab.mirror import Mirror
from argmap.collab.remote import RemoteEdit
from argmap.model.document import Document

__all__ = ["LiveDoc"]


class LiveDoc:
    """A map shared through a pycrdt Doc: local edits become transactions, others' become edits.

    `on_remote(edit)` is called with each RemoteEdit after it was applied to `doc`;
    `messages` collects what the repair after a merge changed.
    """

    def __init__(self, mirror: Mirror, ydoc: Doc) -> None:
        self.mirror = mirror
        self.ydoc = ydoc
        self.origin = f"argmap-{ydoc.client_id}"
        self.watcher = Y.Watcher(ydoc)
        self.on_remote: Callable[[RemoteEdit], None] | None = None

    @classmethod
    def share(cls, doc: Document, ydoc: Doc | None = None) -> "LiveDoc":
        """Start sharing a map: its content goes into a new (or empty) shared document."""
        ydoc = ydoc if ydoc is not None else Doc()
        mirror = Mirror(doc)
        Y.fill(ydoc, mirror.raw, origin="argmap-fill")
        live = cls(mirror, ydoc)
        return live

    @classmethod
    def join(cls, ydoc: Doc) -> "LiveDoc":
        """Open the map a shared document holds (already synced)."""
        return cls(Mirror(Document(), Y.read(ydoc)), ydoc)

    @property
    def doc(self) -> Document:
        return self.mirror.doc

    @property
    def messages(self) -> list[str]:
        return self.mirror.messages

    def apply(self, edit: Any) -> Any:
        """Apply an edit to the document and the shared document; returns its inverse."""
        inverse = edit.apply(self.doc)
        self.apply_edit_to_ydoc(edit)
        return inverse

    def apply_edit_to_ydoc(self, edit: Any) -> None:
        """Write an edit already applied to `doc` into the shared document as one transaction."""
        ops = self.mirror.local_ops(edit)
        if ops:
            Y.write(self.ydoc, ops, origin=self.origin)
        self.pull()

    def receive(self, update: bytes) -> RemoteEdit | None:
        """Merge an update from another peer; returns the edit it made to `doc`, if any."""
        self.ydoc.apply_update(update)
        return self.pull()

    def pull(self) -> RemoteEdit | None:
        """Bring what the shared document changed since last time into `doc`."""
        if not self.watcher.has_changes():
            return None
        edit = self.mirror.take(self.watcher.take())
        if edit is not None:
            edit.apply(self.doc)
            if self.on_remote is not None:
                self.on_remote(edit)
        return edit

    def close(self) -> None:
        self.watcher.close()
