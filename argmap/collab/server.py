"""The sharing server: one map in a pycrdt-websocket room, its updates kept in SQLite, the file saved.

Any Yjs client speaks to it (the y-websocket protocol): ws://HOST:PORT/ROOM, with the
token, when one is set, as the query parameter `token`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit

from pycrdt import Doc
from pycrdt.store import SQLiteYStore, YDocNotFound
from pycrdt.websocket import YRoom
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from argmap.collab import ydoc as Y
from argmap.collab.mirror import resolve
from argmap.collab.state import canonical, doc_state, state_doc
from argmap.errors import ArgmapError
from argmap.io import jsondoc
from argmap.model.document import Document

__all__ = ["ServerOptions", "MapServer", "room_name", "store_path"]

_log = logging.getLogger("argmap.collab.server")


def room_name(path: str | os.PathLike[str]) -> str:
    """The room a file is shared in: its name without the .argmap.json ending."""
    name = Path(path).name
    for suffix in (".argmap.json", ".json"):
        if name.endswith(suffix):
            return name[: -len(suffix)] or "map"
    return name or "map"


def store_path(path: str | os.PathLike[str]) -> Path:
    """Where the shared document's updates are kept, beside the map."""
    p = Path(path)
    return p.with_name(p.name + ".live.sqlite")


@dataclass
class ServerOptions:
    host: str = "127.0.0.1"
    port: int = 8765
    token: str | None = None
    #: Seconds between saves of the file (only when the map changed).
    save_every: float = 3.0
    #: Keep the updates in SQLite beside the file (off for a map shared from an unsaved window).
    persist: bool = True
    #: Seconds between writes to SQLite: what changed meanwhile goes in as one update (a write
    #: per update cannot keep up with a class and would hold every edit up behind the disk).
    store_every: float = 0.5
    #: Called with each line worth showing (saves, repairs, clients coming and going).
    say: Callable[[str], None] = field(default=print)


class _Channel:
    """A websockets connection as the pycrdt Channel the room serves."""

    def __init__(self, ws: ServerConnection, path: str) -> None:
        self._ws = ws
        self._path = path

    @property
    def path(self) -> str:
        return self._path

    def __aiter__(self) -> "_Channel":
        return self

    async def __anext__(self) -> bytes:
        try:
            return await self.recv()
        except ConnectionClosed:
            raise StopAsyncIteration from None

    async def send(self, message: bytes) -> None:
        try:
            await self._ws.send(message)
        except ConnectionClosed:
            pass  # the room drops the client when its receiving side ends

    async def recv(self) -> bytes:
        message = await self._ws.recv()
        return message if isinstance(message, bytes) else message.encode()


class MapServer:
    """Shares one map: `run()` serves until cancelled, then saves a last time."""

    def __init__(self, doc: Document, path: str | os.PathLike[str] | None, options: ServerOptions,
                 room: str | None = None) -> None:
        self.doc = doc
        self.path = Path(path) if path else None
        self.options = options
        self.room_name = room or (room_name(self.path) if self.path else "map")
        self.ydoc = Doc()
        self.room: YRoom | None = None
        self.clients = 0
        self.saves = 0
        self._changes = 0
        self._saved_at = 0
        self._saved_state: Any = canonical(doc)
        self._reported: set[str] = set()
        self._store: Any = None
        self._stored_state = b""
        self.ready = asyncio.Event()
        self.port = options.port

    @property
    def url(self) -> str:
        return f"ws://{self.options.host}:{self.port}/{self.room_name}"

    async def _load(self) -> Any:
        """The shared document: from the store when it holds this map's latest state, else the file."""
        store = None
        if self.options.persist and self.path is not None:
            db = store_path(self.path)
            store_class = type("MapStore", (SQLiteYStore,), {"db_path": str(db)})
            if db.exists() and self.path.exists() and self.path.stat().st_mtime > db.stat().st_mtime:
                stored = Doc()
                try:
                    async with store_class(self.room_name) as old:
                        await old.apply_updates(stored)
                    newer_file = canonical(state_doc(resolve(Y.read(stored))[0])) != canonical(self.doc)
                except YDocNotFound:
                    newer_file = True
                if newer_file:  # the file was edited since: it wins, the old history goes
                    self.options.say(f"{self.path.name} changed since it was last shared; sharing it as it is now.")
                    db.unlink()
            store = store_class(self.room_name)
        return store

    async def run(self, started: Callable[["MapServer"], None] | None = None) -> None:
        store = await self._load()
        async with _maybe(store):
            fresh = True
            if store is not None:
                try:
                    await store.apply_updates(self.ydoc)
                    fresh = not Y.roots(self.ydoc)["nodes"]
                except YDocNotFound:
                    fresh = True
            if fresh:
                self.ydoc = Doc()
                Y.fill(self.ydoc, doc_state(self.doc))
                if store is not None:
                    await store.write(self.ydoc.get_update())
            else:
                self.options.say("Picked up the shared map where it was left (its updates are kept beside it).")
            self._saved_state = canonical(state_doc(resolve(Y.read(self.ydoc))[0]))
            self._store, self._stored_state = store, self.ydoc.get_state()
            self.ydoc.observe(self._on_update)
            # The room keeps no store itself: the updates go to SQLite together (`_keep`).
            self.room = YRoom(ready=True, ydoc=self.ydoc, log=_log)
            async with self.room:
                # Updates are a few hundred bytes: compressing each costs more than it saves.
                async with serve(self._handle, self.options.host, self.options.port, process_request=self._check,
                                 max_size=2**26, ping_interval=10, compression=None) as server:
                    sock = next(iter(server.sockets))
                    self.port = sock.getsockname()[1]
                    self.ready.set()
                    if started is not None:
                        started(self)
                    keeper = asyncio.create_task(self._keep()) if store is not None else None
                    try:
                        while True:
                            await asyncio.sleep(self.options.save_every)
                            await self._save_aside()
                    finally:
                        self.save()
                        if keeper is not None:
                            keeper.cancel()
                        await self._store_changes()

    def _on_update(self, _event: Any) -> None:
        self._changes += 1

    async def _keep(self) -> None:
        """Write what changed to the store every `store_every` seconds, as one update."""
        while True:
            await asyncio.sleep(self.options.store_every)
            await self._store_changes()

    async def _store_changes(self) -> None:
        if self._store is None:
            return
        state = self.ydoc.get_state()
        if state == self._stored_state:
            return
        update = self.ydoc.get_update(self._stored_state)
        self._stored_state = state
        await self._store.write(update)

    async def _save_aside(self) -> None:
        """`save`, with the map read and written on another thread so that edits go on arriving."""
        if self.path is None or self._changes == self._saved_at:
            return
        self._saved_at = self._changes
        await asyncio.to_thread(self._save_snapshot, self.ydoc.get_update())

    def save(self) -> bool:
        """Write the map to its file if it changed since the last save; True when written."""
        if self.path is None or self._changes == self._saved_at:
            return False
        self._saved_at = self._changes
        return self._save_snapshot(self.ydoc.get_update())

    def _save_snapshot(self, update: bytes) -> bool:
        """Write the map a snapshot of the shared document holds, if it differs from the last saved."""
        snapshot = Doc()
        snapshot.apply_update(update)
        state, messages = resolve(Y.read(snapshot))
        for m in messages:
            if m not in self._reported:
                self.options.say(f"repaired: {m}")
        self._reported = set(messages)
        doc = state_doc(state)
        now = canonical(doc)
        if now == self._saved_state:
            return False
        try:
            jsondoc.write(doc, self.path)
        except ArgmapError as err:
            self.options.say(f"error: {err}")
            return False
        self._saved_state = now
        self.saves += 1
        return True

    def _check(self, connection: ServerConnection, request: Any) -> Any:
        """Refuse a wrong room or token before the WebSocket opens (HTTP 404 / 403)."""
        parts = urlsplit(request.path)
        if parts.path.strip("/") != self.room_name:
            return connection.respond(HTTPStatus.NOT_FOUND, f"No map here; this server shares /{self.room_name}\n")
        if self.options.token is not None:
            given = parse_qs(parts.query).get("token", [""])[0]
            if not secrets.compare_digest(given.encode(), self.options.token.encode()):
                return connection.respond(HTTPStatus.FORBIDDEN, "Wrong token\n")
        return None

    async def _handle(self, ws: ServerConnection) -> None:
        assert self.room is not None
        self.clients += 1
        self.options.say(f"A participant joined ({self.clients} connected).")
        try:
            await self.room.serve(_Channel(ws, self.room_name))
        finally:
            self.clients -= 1
            self.options.say(f"A participant left ({self.clients} connected).")


class _maybe:
    """`async with` an optional store."""

    def __init__(self, store: Any) -> None:
        self.store = store

    async def __aenter__(self) -> Any:
        if self.store is not None:
            await self.store.__aenter__()
        return self.store

    async def __aexit__(self, *exc: Any) -> None:
        if self.store is not None:
            await self.store.__aexit__(*exc)
