"""The shared nodes, cleaned, and what the last whole repair did to them: enough to repair a change
by looking only at the nodes it touched.

`repair_tree` works in two stages. The first puts every node in one tree (it moves or deletes a
node whose place is invalid) and reads only the nodes' ids, parents, kinds and the parents they
were moved from; the second numbers each sibling group by (order, id). So:

- a change that leaves those fields of every node as they were leaves the first stage's outcome
  as it was: only the touched nodes' sibling groups are numbered again;
- when the first stage changed nothing (the tree is *sound*), a change that keeps it so (checked
  on the touched nodes, their children and their paths to the root; see `tree_holds`) leaves it
  changing nothing, and again only sibling groups are numbered.

Anything else (or a change to the map's fields or lists) takes a whole repair, which `settle`
then records.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from argmap.collab.repair import FROM, number_group, tree_holds

__all__ = ["STRUCTURE", "Tree"]

#: The node fields the first stage of a repair reads.
STRUCTURE = ("parent", "kind", FROM)

Fields = dict[str, Any]


def _changes_structure(old: Fields | None, new: Fields | None) -> bool:
    return old is None or new is None or any(old.get(k) != new.get(k) for k in STRUCTURE)


class Tree:
    """Cleaned node fields by id, a children index, and the last whole repair's moves and deletions."""

    def __init__(self, clean: dict[str, Fields]) -> None:
        self.clean = clean
        self.kids: dict[str | None, set[str]] = {}
        for nid, fields in clean.items():
            self.kids.setdefault(fields.get("parent"), set()).add(nid)
        self.moved: dict[str, str | None] = {}  # id -> the parent the repair gave it
        self.moved_into: dict[str | None, set[str]] = {}
        self.dropped: set[str] = set()
        #: The first stage's outcome is known (`settle`) and no node's structure changed since.
        self.settled = False
        #: ... and that outcome changed nothing.
        self.sound = False

    def set(self, nid: str, fields: Fields | None) -> Fields | None:
        """Record a node's cleaned fields (None: gone); returns the old ones."""
        old = self.clean.get(nid)
        if old is not None:
            group = self.kids.get(old.get("parent"))
            if group is not None:
                group.discard(nid)
                if not group:
                    del self.kids[old.get("parent")]
        if fields is None:
            self.clean.pop(nid, None)
        else:
            self.clean[nid] = fields
            self.kids.setdefault(fields.get("parent"), set()).add(nid)
        return old

    def settle(self, repaired: dict[str, Fields]) -> None:
        """Record what a whole repair of `clean` gave (`repair_tree`'s nodes)."""
        self.moved, self.moved_into, self.dropped = {}, {}, set()
        for nid, fields in self.clean.items():
            out = repaired.get(nid)
            if out is None:
                self.dropped.add(nid)
            elif out.get("parent") != fields.get("parent"):
                self.moved[nid] = out.get("parent")
                self.moved_into.setdefault(out.get("parent"), set()).add(nid)
        self.settled = True
        self.sound = not self.moved and not self.dropped

    def unsettle(self) -> None:
        self.settled = self.sound = False

    def placed(self, nid: str) -> Fields | None:
        """A node's fields where the first stage of the repair puts it (None: left out)."""
        fields = self.clean.get(nid)
        if fields is None or nid in self.dropped:
            return None
        if nid in self.moved:
            return {**fields, "parent": self.moved[nid]}
        return fields

    def siblings(self, parent: str | None) -> list[str]:
        """The ids the first stage of the repair puts under `parent`."""
        out = [n for n in self.kids.get(parent, ()) if n not in self.moved and n not in self.dropped]
        out.extend(self.moved_into.get(parent, ()))
        return out

    def numbered(self, parents: Iterable[str | None]) -> dict[str, Fields]:
        """The repaired fields of every node under `parents`."""
        out: dict[str, Fields] = {}
        for parent in parents:
            group = self.siblings(parent)
            out.update(number_group({n: self.placed(n) for n in group}, group))
        return out

    def repair_touched(self, view: dict[str, Fields], old: dict[str, Fields | None], root: str | None,
                       ends: set[str]) -> list[tuple[str, Fields | None]] | None:
        """Bring `view` (the repaired nodes) up to date after the nodes in `old` (id -> their
        cleaned fields before) changed, looking only at those nodes; returns the nodes whose
        repaired fields changed (id, fields or None: gone), or None when a whole repair is needed
        (`view` then is as it was)."""
        if not self.settled:
            return None
        touched = set(old)
        if any(_changes_structure(old[nid], self.clean.get(nid)) for nid in touched):
            if not self.sound or not tree_holds(self.clean, self.kids, root, touched):
                return None
            if any(nid in ends and (nid in self.clean) != (nid in view) for nid in touched):
                return None  # a link's end came or went: the links are checked again
        parents = set()
        for nid in touched:
            for fields in (view.get(nid), self.placed(nid)):
                if fields is not None:
                    parents.add(fields.get("parent"))
        numbered = self.numbered(parents)
        changes: list[tuple[str, Fields | None]] = []
        for nid in sorted(touched | set(numbered)):
            new = numbered.get(nid)
            before = view.get(nid)
            if new is None:
                view.pop(nid, None)
            else:
                view[nid] = new
            if before != new and (new is None or before is None or _public(before) != _public(new)):
                changes.append((nid, None if new is None else _public(new)))
        return changes

    def check_local(self, view: dict[str, Fields], old: dict[str, Fields | None], parents: set[str | None],
                    root: str | None) -> None:
        """After local writes changed the nodes in `old` (and `view` took the local values):
        keep `settled` and `sound` only while a whole repair would give `view` still."""
        if not self.settled:
            return
        structural = any(_changes_structure(old[nid], self.clean.get(nid)) for nid in old)
        if structural and (not self.sound or not tree_holds(self.clean, self.kids, root, old)):
            self.unsettle()
            return
        parents = parents | {f.get("parent") for nid in old if (f := self.placed(nid)) is not None}
        for nid, fields in self.numbered(parents).items():
            if nid not in view or _public(view[nid]) != _public(fields):
                self.unsettle()
                return


def _public(fields: Fields) -> Fields:
    return {k: v for k, v in fields.items() if not k.startswith("_")}
