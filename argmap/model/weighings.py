"""Weighings: layers of values for the same map, one per person (a class's), besides the author's.

The nodes always hold the values of the *active* weighing, so that the canvas, the
inspector, scoring and every edit work on them unchanged: editing a value in the window
writes to the weighing that is active. The others wait in `Document.weighings`. While a
weighing other than the author's is active, the author's values wait there too, under
the id AUTHOR. `SwitchWeighing` swaps them (one undoable edit).

A weighing is a complete snapshot: a node it does not list, or lists without a value,
is unweighed in it. Perspective weights left out keep the map's weights.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from argmap.errors import NotFoundError, RuleError
from argmap.model.document import Document, NodeValues, Weighing
from argmap.model.rules import WEIGHTS

__all__ = [
    "AUTHOR",
    "now",
    "code_for",
    "capture",
    "load",
    "find",
    "author_weighing",
    "all_weighings",
    "weighing_document",
    "strip_values",
    "SwitchWeighing",
    "AddWeighing",
    "RemoveWeighing",
    "RenameWeighing",
    "SetAuthor",
]

#: The id of the author's weighing: the map's own values.
AUTHOR = "author"


def now() -> str:
    """The current time as ISO 8601 (UTC, seconds)."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def code_for(name: str) -> str:
    """A stable anonymous code for a name ('S-4F2A9C'): the same name always gets the same code.

    Six hex digits: two names in a class of 30 share a code about once in 40,000 classes.
    """
    import hashlib

    digest = hashlib.sha256(" ".join(name.casefold().split()).encode("utf-8")).hexdigest()
    return f"S-{digest[:6].upper()}"


def capture(doc: Document, weighing_id: str, name: str = "", made: str = "", file: str = "") -> Weighing:
    """The values the nodes and perspectives hold now, as a weighing."""
    values: dict[str, NodeValues] = {}
    for node in doc.nodes:
        if node.likelihood is not None or node.impact or node.strength is not None:
            values[node.id] = NodeValues(likelihood=node.likelihood, impact=dict(node.impact), strength=node.strength)
    weights = {p.id: p.weight for p in doc.perspectives}
    return Weighing(id=weighing_id, name=name, made=made, file=file, values=values, weights=weights)


def load(doc: Document, weighing: Weighing) -> None:
    """Put a weighing's values on the nodes and perspectives (what it does not weigh is left unweighed).

    Values for nodes that are gone are ignored; a value on a node whose kind does not take it
    (a strength on a consequence) is dropped, as are impacts of unknown perspectives.
    """
    pids = {p.id for p in doc.perspectives}
    likely, impacted, strong = WEIGHTS["likelihood"], WEIGHTS["impact"], WEIGHTS["strength"]
    for node in doc.nodes:
        v = weighing.values.get(node.id)
        likelihood = v.likelihood if v is not None and node.kind in likely else None
        impact = {k: x for k, x in v.impact.items() if k in pids} if v is not None and node.kind in impacted else {}
        strength = v.strength if v is not None and node.kind in strong else None
        if node.likelihood != likelihood:
            node.likelihood = likelihood
        if node.impact != impact:
            node.impact = impact
        if node.strength != strength:
            node.strength = strength
    for p in doc.perspectives:
        w = weighing.weights.get(p.id)
        if w is not None and p.weight != w:
            p.weight = w


def find(doc: Document, weighing_id: str) -> Weighing:
    """The stored weighing with this id (not the active one, whose values are on the nodes)."""
    for w in doc.weighings:
        if w.id == weighing_id:
            return w
    raise NotFoundError(f"There is no weighing with id '{weighing_id}'.")


def _recapture(doc: Document, stored: Weighing) -> Weighing:
    """The active weighing's values taken from the nodes, keeping what else its stored copy holds."""
    fresh = capture(doc, stored.id, stored.name, stored.made, stored.file)
    fresh.changes = [c.model_copy(deep=True) for c in stored.changes]
    return fresh


def _active_id(doc: Document) -> str:
    return doc.active_weighing or AUTHOR


def _stored(doc: Document, weighing_id: str) -> Weighing | None:
    return next((w for w in doc.weighings if w.id == weighing_id), None)


def author_weighing(doc: Document) -> Weighing:
    """The author's values: the nodes' when no other weighing is active, else the stored AUTHOR layer."""
    if doc.active_weighing is None:
        return capture(doc, AUTHOR, doc.author)
    stored = _stored(doc, AUTHOR)
    return stored if stored is not None else Weighing(id=AUTHOR, name=doc.author)


def all_weighings(doc: Document, with_author: bool = True) -> list[Weighing]:
    """Every weighing with its current values (the active one captured from the nodes), author first.

    The stored copy of the active weighing may be stale; its values are taken from the nodes.
    """
    active = _active_id(doc)
    out = [author_weighing(doc)] if with_author else []
    for w in doc.weighings:
        if w.id == AUTHOR:
            continue
        if w.id == active:
            out.append(_recapture(doc, w))
        else:
            out.append(w)
    return out


def weighing_document(doc: Document, weighing_id: str | None = None) -> Document:
    """A copy of the map whose nodes hold one weighing's values (None or AUTHOR: the author's)."""
    wid = weighing_id or AUTHOR
    copy = doc.model_copy(deep=True)
    copy.invalidate()
    if wid == _active_id(doc):
        return copy
    target = author_weighing(doc) if wid == AUTHOR else find(doc, wid)
    load(copy, target)
    return copy


def strip_values(doc: Document) -> None:
    """Remove every likelihood, impact and strength from the nodes (a blank copy for students to weigh)."""
    for node in doc.nodes:
        if node.likelihood is not None:
            node.likelihood = None
        if node.impact:
            node.impact = {}
        if node.strength is not None:
            node.strength = None


# -- edits ----------------------------------------------------------------------------------------


def _replace_stored(doc: Document, weighing: Weighing) -> None:
    for i, w in enumerate(doc.weighings):
        if w.id == weighing.id:
            doc.weighings[i] = weighing
            return
    doc.weighings.append(weighing)


@dataclass(frozen=True)
class SwitchWeighing:
    """Make another weighing active: its values go onto the nodes, the current ones into their layer."""

    target: str | None  # None or AUTHOR: the author's values

    def apply(self, doc: Document) -> "SwitchWeighing":
        target = self.target or AUTHOR
        current = _active_id(doc)
        if target == current:
            return SwitchWeighing(doc.active_weighing)
        incoming = author_weighing(doc) if target == AUTHOR else find(doc, target)
        if current == AUTHOR:
            outgoing = capture(doc, AUTHOR, doc.author)
        else:
            outgoing = _recapture(doc, find(doc, current))
        _replace_stored(doc, outgoing)
        load(doc, incoming)
        doc.active_weighing = None if target == AUTHOR else target
        if target == AUTHOR:  # the author's values are on the nodes again: no stale copy
            doc.weighings = [w for w in doc.weighings if w.id != AUTHOR]
        return SwitchWeighing(None if current == AUTHOR else current)


@dataclass(frozen=True)
class AddWeighing:
    """Add a weighing at a position (the end by default); its id must be new and not AUTHOR."""

    weighing: Weighing
    index: int | None = None

    def apply(self, doc: Document) -> "RemoveWeighing":
        wid = self.weighing.id
        if wid == AUTHOR or any(w.id == wid for w in doc.weighings):
            raise RuleError(f"There is a weighing with id '{wid}' already.", hint="Give the weighing another id.")
        index = len(doc.weighings) if self.index is None else self.index
        doc.weighings.insert(index, self.weighing.model_copy(deep=True))
        return RemoveWeighing(wid)


@dataclass(frozen=True)
class RemoveWeighing:
    """Remove a stored weighing (not the active one, nor the author's)."""

    weighing_id: str

    def apply(self, doc: Document) -> AddWeighing:
        if self.weighing_id == _active_id(doc):
            raise RuleError("The active weighing cannot be removed.", hint="Switch to another weighing first.")
        if self.weighing_id == AUTHOR:
            raise RuleError("The author's weighing cannot be removed.")
        for i, w in enumerate(doc.weighings):
            if w.id == self.weighing_id:
                del doc.weighings[i]
                return AddWeighing(w, i)
        raise NotFoundError(f"There is no weighing with id '{self.weighing_id}'.")


@dataclass(frozen=True)
class RenameWeighing:
    """Change who a stored weighing is said to be by (a name or an anonymous code)."""

    weighing_id: str
    name: str

    def apply(self, doc: Document) -> "RenameWeighing":
        w = find(doc, self.weighing_id)
        old = w.name
        w.name = self.name
        return RenameWeighing(self.weighing_id, old)


@dataclass(frozen=True)
class SetAuthor:
    """Say who made this copy of the map (a student enters their name once)."""

    name: str

    def apply(self, doc: Document) -> "SetAuthor":
        old = doc.author
        doc.author = " ".join(self.name.split())
        return SetAuthor(old)
