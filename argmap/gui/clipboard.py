"""Copy and paste a branch through the system clipboard, between windows and processes.

A copied branch travels as JSON under our own mime type, with an indented text
outline as plain text for other programs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

from argmap.errors import RuleError
from argmap.model.document import Document, Link, Node
from argmap.model.edits import RestoreBranch
from argmap.model.rules import check_child, child_problem

__all__ = ["MIME_TYPE", "BranchData", "branch_mime", "branch_from_mime", "paste_edit", "copy_branch",
           "clipboard_branch", "clipboard_text", "fresh_ids"]

MIME_TYPE = "application/x-argmap-branch+json"
_FORMAT = "argmap-branch"


@dataclass
class BranchData:
    """A copied branch: its nodes in pre-order (the first is the branch's root) and inner links."""

    nodes: list[dict[str, Any]]
    links: list[dict[str, Any]] = field(default_factory=list)


def _branch(doc: Document, node_id: str) -> BranchData:
    nodes = list(doc.walk(node_id))
    ids = {n.id for n in nodes}
    data = [n.model_dump(mode="json", by_alias=True, exclude_defaults=True) for n in nodes]
    data[0].pop("parent", None)
    links = [ln.model_dump(mode="json", by_alias=True) for ln in doc.links if ln.source in ids and ln.target in ids]
    return BranchData(data, links)


def _outline(doc: Document, node_id: str) -> str:
    base = doc.depth(node_id)
    lines = []
    for n in doc.walk(node_id):
        lines.append("  " * (doc.depth(n.id) - base) + f"[{n.kind.value}] {n.label}")
    return "\n".join(lines) + "\n"


def branch_mime(doc: Document, node_id: str) -> QMimeData:
    """Mime data for the branch at `node_id`: our JSON and a plain-text outline."""
    branch = _branch(doc, node_id)
    payload = {"format": _FORMAT, "version": 1, "nodes": branch.nodes, "links": branch.links}
    mime = QMimeData()
    mime.setData(MIME_TYPE, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    mime.setText(_outline(doc, node_id))
    return mime


def branch_from_mime(mime: QMimeData | None) -> BranchData | None:
    """The branch carried by mime data, or None when it holds none (or not a valid one)."""
    if mime is None or not mime.hasFormat(MIME_TYPE):
        return None
    try:
        payload = json.loads(bytes(mime.data(MIME_TYPE).data()).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(payload, dict) or payload.get("format") != _FORMAT:
        return None
    nodes = payload.get("nodes")
    if not isinstance(nodes, list) or not nodes or not all(isinstance(n, dict) for n in nodes):
        return None
    links = payload.get("links") or []
    return BranchData(nodes, [ln for ln in links if isinstance(ln, dict)])


def fresh_ids(doc: Document, count: int) -> list[str]:
    """`count` node ids not used in `doc`."""
    out: list[str] = []
    i = len(doc.nodes) + 1
    while len(out) < count:
        candidate = f"n{i}"
        if not doc.has_node(candidate):
            out.append(candidate)
        i += 1
    return out


def paste_edit(doc: Document, branch: BranchData, parent_id: str,
               index: int | None = None) -> tuple[RestoreBranch, str, int]:
    """The edit that pastes `branch` under `parent_id` (before sibling `index`, or last) with fresh ids.

    Returns (edit, id of the pasted root, number of citations and impacts dropped because
    this map lacks their source or perspective). Raises RuleError when kinds forbid it.
    The edit puts the whole branch in at once (a RestoreBranch, whose inverse deletes it),
    so pasting thousands of nodes costs one re-index, not one per node.
    """
    parent = doc.node(parent_id)
    try:
        nodes = [Node.model_validate(n) for n in branch.nodes]
    except ValueError:
        raise RuleError("The clipboard holds a branch this version of argmap cannot read.") from None
    check_child(parent.kind, nodes[0].kind)
    new_ids = dict(zip([n.id for n in nodes], fresh_ids(doc, len(nodes))))
    kinds = {n.id: n.kind for n in nodes}
    sources = {s.id for s in doc.sources}
    perspectives = {p.id for p in doc.perspectives}
    dropped = 0
    placed: list[tuple[int, Node]] = []
    seen: set[str] = set()
    for i, node in enumerate(nodes):
        if node.id in seen:
            raise RuleError("The copied branch on the clipboard is damaged (a node appears twice).")
        if i == 0:
            new_parent = parent_id
        elif node.parent in seen:  # parents come before their children, so no cycle can sneak in
            new_parent = new_ids[node.parent]
            problem = child_problem(kinds[node.parent], node.kind)
            if problem:
                raise RuleError(f"The copied branch breaks the map's rules: {problem}")
        else:
            raise RuleError("The copied branch on the clipboard is damaged (a node's parent is missing).")
        citations = [c for c in node.citations if c.source in sources]
        impact = {k: v for k, v in node.impact.items() if k in perspectives}
        dropped += len(node.citations) - len(citations) + len(node.impact) - len(impact)
        fresh = node.model_copy(update={"id": new_ids[node.id], "parent": new_parent,
                                        "citations": citations, "impact": impact})
        placed.append((len(doc.nodes) + i, fresh))
        seen.add(node.id)
    links: list[tuple[int, Link]] = []
    for raw in branch.links:
        try:
            link = Link.model_validate(raw)
        except ValueError:
            continue
        if link.source in new_ids and link.target in new_ids and link.source != link.target:
            fresh_link = Link.model_validate({"from": new_ids[link.source], "to": new_ids[link.target],
                                              "kind": link.kind})
            links.append((len(doc.links) + len(links), fresh_link))
    siblings = len(doc.children(parent_id))
    at = siblings if index is None else max(0, min(index, siblings))
    return RestoreBranch(new_ids[nodes[0].id], at, tuple(placed), tuple(links)), new_ids[nodes[0].id], dropped


def copy_branch(doc: Document, node_id: str) -> None:
    """Put the branch at `node_id` on the system clipboard."""
    QGuiApplication.clipboard().setMimeData(branch_mime(doc, node_id))


def clipboard_branch() -> BranchData | None:
    """The branch on the system clipboard, if any."""
    return branch_from_mime(QGuiApplication.clipboard().mimeData())


def clipboard_text() -> str:
    """The plain text on the system clipboard."""
    return QGuiApplication.clipboard().text()


def release_clipboard() -> None:
    """Empty the clipboard before the application goes, on the offscreen platform only.

    Qt's offscreen clipboard crashes the process at exit while it holds data; a real
    desktop hands the data to its clipboard manager instead, so it is left alone there.
    """
    app = QGuiApplication.instance()
    if app is not None and QGuiApplication.platformName() == "offscreen":
        QGuiApplication.clipboard().clear()
