"""A participant without a window: a Document kept in step with a sharing server (tests, benchmarks)."""

from __future__ import annotations

import queue
import time
from typing import Any, Callable

from argmap.collab.client import LiveClient
from argmap.collab.mirror import Mirror, merge_changes
from argmap.collab.remote import RemoteEdit
from argmap.errors import ArgmapError
from argmap.model.document import Document

__all__ = ["ShareError", "Peer"]


class ShareError(ArgmapError):
    """A shared map could not be reached or joined."""


class Peer:
    """Joins a shared map; edits go out with `apply`, others' come in with `process`.

    Network events wait in a queue until `process` (or `wait_until`) takes them on the
    caller's thread, which alone touches the document.
    """

    def __init__(self, url: str, token: str | None = None, name: str = "", color: str = "#888888",
                 retry: bool = True, tap: Callable[[str, Any], None] | None = None, loop: Any = None) -> None:
        """`tap(kind, data)`, when given, sees each event on the network thread as it happens;
        `loop`, a running event loop for the connection to share (see LiveClient)."""
        self._events: queue.Queue[tuple[str, Any]] = queue.Queue()

        def on_event(kind: str, data: Any) -> None:
            if tap is not None:
                tap(kind, data)
            self._events.put((kind, data))

        self.client = LiveClient(url, on_event, token, presence={"user": {"name": name, "color": color}},
                                 retry=retry, loop=loop)
        self.mirror: Mirror | None = None
        self.status = ("connecting", "")
        self.presence: dict[int, dict] = {}
        self.on_remote: Callable[[RemoteEdit], None] | None = None

    @property
    def doc(self) -> Document:
        assert self.mirror is not None, "not joined yet"
        return self.mirror.doc

    def join(self, timeout: float = 10.0) -> "Peer":
        """Connect and take the map; ShareError (one line) when the server cannot be joined."""
        self.client.start()
        deadline = time.monotonic() + timeout
        while self.mirror is None:
            left = deadline - time.monotonic()
            if left <= 0:
                self.client.stop(1)
                raise ShareError(f"No answer from {self.client.url} in time.")
            try:
                kind, data = self._events.get(timeout=left)
            except queue.Empty:
                continue
            self._take(kind, data)
            if self.status[0] == "failed":
                raise ShareError(self.status[1])
        return self

    def apply(self, edit: Any) -> Any:
        """Apply a local edit and send it; returns its inverse."""
        inverse = edit.apply(self.doc)
        ops = self.mirror.local_ops(edit)  # type: ignore[union-attr]
        if ops:
            self.client.send_ops(ops)
        return inverse

    def process(self, timeout: float = 0.0) -> list[RemoteEdit]:
        """Take what arrived (waiting up to `timeout` for the first event); returns the edits made.

        Changes queued one after another are taken as one: only the latest value of each
        node and part matters, so a backlog costs one repair, not one per transaction.
        """
        made: list[RemoteEdit] = []
        pending: tuple[dict, int] | None = None
        block = timeout > 0
        while True:
            try:
                kind, data = self._events.get(timeout=timeout) if block else self._events.get_nowait()
            except queue.Empty:
                break
            block = False
            if kind == "change" and self.mirror is not None:
                pending = data if pending is None else merge_changes(pending, data)
                continue
            if pending is not None:
                made.extend(e for e in [self._take("change", pending)] if e is not None)
                pending = None
            edit = self._take(kind, data)
            if edit is not None:
                made.append(edit)
        if pending is not None:
            made.extend(e for e in [self._take("change", pending)] if e is not None)
        return made

    def wait_until(self, predicate: Callable[[], bool], timeout: float = 20.0) -> bool:
        deadline = time.monotonic() + timeout
        while not predicate():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self.process(min(left, 0.05))
        return True

    def leave(self) -> None:
        self.client.stop()
        self.process()

    def _take(self, kind: str, data: Any) -> RemoteEdit | None:
        if kind == "status":
            self.status = data
        elif kind == "presence":
            self.presence = data
        elif kind == "synced" and self.mirror is None:
            self.mirror = Mirror(Document(), data)
        elif kind == "change" and self.mirror is not None:
            change, acked = data
            edit = self.mirror.take(change, acked)
            if edit is not None:
                edit.apply(self.mirror.doc)
                if self.on_remote is not None:
                    self.on_remote(edit)
            return edit
        return None
