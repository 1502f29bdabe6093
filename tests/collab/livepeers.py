"""A small map, and peers that exchange updates directly (no network)."""

from __future__ import annotations

from pycrdt import Doc

from argmap.collab import LiveDoc
from argmap.model.document import Document


def small_map() -> Document:
    return Document.model_validate({
        "title": "Lunch",
        "question": "q",
        "perspectives": [{"id": "me", "name": "Me"}],
        "nodes": [
            {"id": "q", "kind": "question", "text": "Where to eat?"},
            {"id": "o1", "kind": "option", "text": "Cafe", "parent": "q", "order": 0},
            {"id": "o2", "kind": "option", "text": "Canteen", "parent": "q", "order": 1},
            {"id": "c1", "kind": "consequence", "text": "Good coffee", "parent": "o1", "order": 0},
            {"id": "c2", "kind": "consequence", "text": "Long queue", "parent": "o1", "order": 1},
            {"id": "c3", "kind": "consequence", "text": "Cheap", "parent": "o2", "order": 0},
            {"id": "p1", "kind": "pro", "text": "They roast it", "parent": "c1", "order": 0},
        ],
    })


def sync(*peers: LiveDoc) -> None:
    """Exchange every peer's missing updates with every other, twice over (all converge)."""
    for _ in range(2):
        for p in peers:
            for q in peers:
                if p is not q:
                    q.receive(p.ydoc.get_update(q.ydoc.get_state()))


def share_three() -> tuple[LiveDoc, LiveDoc, LiveDoc]:
    """One peer shares the small map; two join it."""
    a = LiveDoc.share(small_map())
    b, c = LiveDoc.join(Doc()), LiveDoc.join(Doc())
    sync(a, b, c)
    return a, b, c


class RunningServer:
    """A MapServer on its own thread and event loop (port chosen by the system)."""

    def __init__(self, path, token=None, save_every=0.3, persist=True, port=0):
        from argmap.collab.server import MapServer, ServerOptions
        from argmap.io import jsondoc

        self.lines: list[str] = []
        options = ServerOptions(port=port, token=token, save_every=save_every, persist=persist, say=self.lines.append)
        self.server = MapServer(jsondoc.read(path), path, options)

    def __enter__(self):
        import asyncio
        import threading
        import time

        self.loop = asyncio.new_event_loop()
        self.task = self.loop.create_task(self.server.run())
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.ready.is_set():
            assert time.monotonic() < deadline, f"server did not start: {self.lines}"
            assert self.thread.is_alive(), f"server stopped: {self.lines}"
            time.sleep(0.02)
        return self.server

    def _run(self):
        import asyncio

        try:
            self.loop.run_until_complete(self.task)
        except asyncio.CancelledError:
            pass

    def __exit__(self, *exc):
        self.loop.call_soon_threadsafe(self.task.cancel)
        self.thread.join(10)
        assert not self.thread.is_alive()
