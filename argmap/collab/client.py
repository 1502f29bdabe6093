"""A client of the sharing server: the y-websocket protocol over `websockets`, with awareness and
reconnection, on its own thread so that a GUI (or a test) never waits on the network.

Everything that touches the pycrdt document runs on that thread. The owner talks to it with
`send_ops` and `set_presence`, and hears from it through one callback, `on_event(kind, data)`:

- ("status", (state, line)): "connecting", "online", "offline" (will retry) or "failed" (gave up);
- ("synced", raw_state): the first full state after connecting;
- ("change", (change, acked)): what a transaction changed (see `Watcher.take`) and how many of
  the owner's `send_ops` the document held then;
- ("presence", {client_id: state}): the other participants' awareness states.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any, Callable
from urllib.parse import urlencode, urlsplit, urlunsplit

from pycrdt import (Awareness, Doc, YMessageType, create_awareness_message, create_sync_message,
                    create_update_message, handle_sync_message, read_message)
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus, InvalidURI

from argmap.collab import ydoc as Y

__all__ = ["LiveClient", "describe_failure", "with_token"]

Event = Callable[[str, Any], None]


def with_token(url: str, token: str | None) -> str:
    """The URL with the token as its `token` query parameter."""
    if not token:
        return url
    parts = urlsplit(url)
    query = (parts.query + "&" if parts.query else "") + urlencode({"token": token})
    return urlunsplit(parts._replace(query=query))


def describe_failure(url: str, exc: BaseException) -> str:
    """One line saying why a connection failed, in the user's terms."""
    where = urlsplit(url)._replace(query="").geturl()
    if isinstance(exc, InvalidStatus):
        code = exc.response.status_code
        if code == 403:
            return f"{where} refused the token (wrong or missing --token)."
        if code == 404:
            return f"{where}: the server shares another map (HTTP 404); check the room in the address."
        return f"{where} answered HTTP {code} instead of opening a live session."
    if isinstance(exc, InvalidURI):
        return f"'{where}' is not a ws:// address."
    if isinstance(exc, ConnectionRefusedError):
        return f"Nothing is listening at {where} (connection refused); is 'argmap serve' running?"
    if isinstance(exc, (TimeoutError, asyncio.TimeoutError)):
        return f"No answer from {where} in time; check the address and the network."
    if isinstance(exc, OSError):
        return f"Cannot reach {where}: {exc.strerror or exc}."
    if isinstance(exc, InvalidHandshake):
        return f"{where} is not a live-sharing server ({exc})."
    return f"Lost {where}: {exc}."


class LiveClient:
    """One participant's connection to a shared map, on a thread of its own."""

    def __init__(self, url: str, on_event: Event, token: str | None = None, presence: dict | None = None,
                 retry: bool = True, timeout: float = 5.0, loop: asyncio.AbstractEventLoop | None = None) -> None:
        """`loop`: run on this event loop (already running on another thread) instead of a thread
        of its own, so that many clients in one process share one thread (benchmarks)."""
        self.url = url
        self._shared_loop = loop
        self._future: Any = None
        self._full_url = with_token(url, token)
        self._on_event = on_event
        self._retry = retry
        self._timeout = timeout
        self._presence = presence or {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stop: asyncio.Event | None = None
        self._ws: Any = None
        self.ydoc: Doc | None = None
        self.acked = 0
        self.ever_synced = False

    # -- the owner's side -------------------------------------------------------------

    def start(self) -> None:
        if self._shared_loop is not None:
            self._loop = self._shared_loop
            self._future = asyncio.run_coroutine_threadsafe(self._run(), self._shared_loop)
            return
        self._thread = threading.Thread(target=self._main, name="argmap-live", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Say goodbye to the others and close the connection; waits for the thread."""
        loop = self._loop
        if loop is not None and self._stop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(self._stop.set)
            except RuntimeError:  # the loop closed meanwhile: the thread has ended
                pass
        if self._thread is not None:
            self._thread.join(timeout)
        elif self._future is not None:
            try:
                self._future.result(timeout)
            except (TimeoutError, asyncio.CancelledError):
                self._future.cancel()

    def send_ops(self, ops: dict[str, Any]) -> None:
        """Write one local edit's ops (`Mirror.local_ops`) as one transaction."""
        self._call(self._write, ops)

    def set_presence(self, **fields: Any) -> None:
        """Change this participant's awareness fields (name, colour, selection, ...)."""
        self._call(self._update_presence, fields)

    def _call(self, fn: Callable[..., None], *args: Any) -> None:
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(fn, *args)

    # -- the network thread -------------------------------------------------------------

    def _main(self) -> None:
        self._loop = asyncio.new_event_loop()
        try:
            self._loop.run_until_complete(self._run())
        finally:
            self._loop.close()

    async def _run(self) -> None:
        self._stop = asyncio.Event()
        self.ydoc = Doc()
        self._watcher = Y.Watcher(self.ydoc)
        self.awareness = Awareness(self.ydoc)
        self.awareness.set_local_state(dict(self._presence))
        self._outbox: asyncio.Queue[bytes] = asyncio.Queue()
        self._receiving = False
        self._flush_pending = False
        self.ydoc.observe(self._on_update)
        self.awareness.observe(self._on_awareness)
        delay = 0.5
        while not self._stop.is_set():
            self._emit("status", ("connecting", f"Connecting to {self.url}…"))
            try:
                async with asyncio.timeout(self._timeout):
                    ws = await connect(self._full_url, max_size=2**26, open_timeout=self._timeout,
                                       compression=None)  # small updates: compressing costs more than it saves
            except (OSError, InvalidHandshake, InvalidURI, TimeoutError, asyncio.TimeoutError) as exc:
                line = describe_failure(self._full_url, exc)
                if not self._retry or not self.ever_synced or isinstance(exc, (InvalidStatus, InvalidURI)):
                    self._emit("status", ("failed", line))
                    return
                self._emit("status", ("offline", line + " Retrying; your edits are kept."))
                await self._sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            delay = 0.5
            self._ws = ws
            try:
                await self._session(ws)
            except ConnectionClosed:
                pass
            finally:
                self._ws = None
            if self._stop.is_set():
                break
            if not self._retry:
                self._emit("status", ("failed", f"Lost {self.url}."))
                return
            self._emit("status", ("offline", f"Lost {self.url}; retrying. You can go on editing."))
            await self._sleep(delay)
        self._emit("status", ("offline", "Left the shared map."))

    async def _sleep(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._stop.wait(), seconds)
        except asyncio.TimeoutError:
            pass

    async def _session(self, ws: Any) -> None:
        while not self._outbox.empty():  # what was made offline goes in the sync exchange
            self._outbox.get_nowait()
        await ws.send(create_sync_message(self.ydoc))
        await ws.send(create_awareness_message(self.awareness.encode_awareness_update([self.awareness.client_id])))
        sender = asyncio.create_task(self._send_loop(ws))
        stopper = asyncio.create_task(self._stop.wait())
        receiver = asyncio.create_task(self._receive_loop(ws))
        try:
            done, _ = await asyncio.wait({receiver, stopper, sender}, return_when=asyncio.FIRST_COMPLETED)
            if stopper in done:
                self.awareness.set_local_state(None)  # the others drop this participant at once
                await self._flush(ws)
                await ws.close()
            for task in done:
                if task is not stopper and task.exception() is not None:
                    raise task.exception()  # type: ignore[misc]
        finally:
            for task in (sender, stopper, receiver):
                task.cancel()
            await ws.close()

    async def _flush(self, ws: Any) -> None:
        while not self._outbox.empty():
            await ws.send(self._outbox.get_nowait())

    async def _send_loop(self, ws: Any) -> None:
        while True:
            message = await self._outbox.get()
            await ws.send(message)

    async def _receive_loop(self, ws: Any) -> None:
        async for message in ws:
            if not isinstance(message, bytes) or not message:
                continue
            if message[0] == YMessageType.SYNC:
                self._receiving = True
                try:
                    reply = handle_sync_message(message[1:], self.ydoc)
                finally:
                    self._receiving = False
                if reply is not None:
                    await ws.send(reply)
                if message[1] == 1 and not self.ever_synced:  # SYNC_STEP2: the server's whole state
                    self.ever_synced = True
                    self._watcher.take()
                    self._emit("synced", Y.read(self.ydoc))
                    self._emit("status", ("online", f"Connected to {self.url}"))
                elif message[1] == 1:
                    self._emit("status", ("online", f"Connected to {self.url}"))
                self._pass_changes_soon()
            elif message[0] == YMessageType.AWARENESS:
                self.awareness.apply_awareness_update(read_message(message[1:]), "remote")

    def _on_update(self, event: Any) -> None:
        if not self._receiving and self._ws is not None:  # offline edits go in the next sync exchange
            self._outbox.put_nowait(create_update_message(event.update))

    def _pass_changes_soon(self) -> None:
        """Pass on what the messages received so far changed, once those already waiting are in."""
        if not self._flush_pending:
            self._flush_pending = True
            asyncio.get_running_loop().call_soon(self._flush_changes)

    def _flush_changes(self) -> None:
        self._flush_pending = False
        self._pass_changes()

    def _pass_changes(self) -> None:
        if self.ever_synced and self._watcher.has_changes():
            self._emit("change", (self._watcher.take(), self.acked))

    def _write(self, ops: dict[str, Any]) -> None:
        assert self.ydoc is not None
        Y.write(self.ydoc, ops, origin="local")
        self.acked += 1
        self._pass_changes()

    def _update_presence(self, fields: dict[str, Any]) -> None:
        state = dict(self.awareness.get_local_state() or {})
        state.update(fields)
        self.awareness.set_local_state(state)

    def _on_awareness(self, topic: str, changes: tuple[dict[str, Any], Any]) -> None:
        if topic == "update" and changes[1] == "local":
            if self._ws is not None:
                message = create_awareness_message(
                    self.awareness.encode_awareness_update([self.awareness.client_id]))
                self._outbox.put_nowait(message)
        elif topic == "change":
            others = {cid: state for cid, state in self.awareness.states.items()
                      if cid != self.awareness.client_id and state}
            self._emit("presence", others)

    def _emit(self, kind: str, data: Any) -> None:
        try:
            self._on_event(kind, data)
        except Exception:  # noqa: BLE001 - a bad handler must not kill the connection; it is logged
            import logging

            logging.getLogger("argmap.collab.client").exception("live event handler failed")
