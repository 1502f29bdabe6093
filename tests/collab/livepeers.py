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
