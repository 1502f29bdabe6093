"""CSV export: one table of nodes and one of links, as two files side by side.

`write(doc, "map.csv")` writes `map.nodes.csv` and `map.links.csv` (a name already ending
in `.nodes.csv` or `.links.csv` gives the same pair). Two plain files, not one zip: each
opens straight in a spreadsheet, and Gephi's and Cytoscape's table imports take a node
table and an edge table. The columns follow Gephi's names (Id, Label; Source, Target, Type).

The tables are shared with the GraphML and DOT exports (`node_table`, `link_table`):
every node with its kind, title, text, weights (likelihood, strength, one impact column
per perspective) and scores (argued likelihood, expected value per perspective, overall
score of an option); every tree edge (parent -> child) and cross-link.

A text cell that a spreadsheet would run as a formula (starting with =, +, -, @, tab or
return) is written with a leading apostrophe, so map text stays text.
"""

from __future__ import annotations

import csv
import io
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from argmap.errors import ArgmapError, ExportError, SourceRef
from argmap.model.document import Document

__all__ = ["Column", "Table", "link_table", "node_table", "paths_for", "write"]


@dataclass(frozen=True)
class Column:
    """A column: its name, the type of its values ("string", "double", "boolean") and a key safe as an XML id."""

    name: str
    type: str
    key: str


@dataclass
class Table:
    columns: list[Column]
    rows: list[list[Any]]


def _scores(doc: Document) -> Any:
    """The map's scores, or None when it cannot be scored (a cycle of links, no question)."""
    from argmap.scoring import score

    try:
        return score(doc)
    except ArgmapError:
        return None


def node_table(doc: Document, scores: Any = None, scored: bool = True) -> Table:
    """Every node as a row: identity, text, weights, and (when the map can be scored) its scores."""
    if scored and scores is None:
        scores = _scores(doc)
    pids = [p.id for p in doc.perspectives]
    columns = [Column("Id", "string", "id"), Column("Label", "string", "label"), Column("kind", "string", "kind"),
               Column("title", "string", "title"), Column("text", "string", "text"),
               Column("parent", "string", "parent"), Column("order", "int", "order"),
               Column("likelihood", "double", "likelihood"), Column("strength", "double", "strength")]
    columns += [Column(f"impact:{pid}", "double", f"impact{i}") for i, pid in enumerate(pids)]
    if scores is not None:
        columns.append(Column("argued", "double", "argued"))
        columns += [Column(f"value:{pid}", "double", f"value{i}") for i, pid in enumerate(pids)]
        columns.append(Column("overall", "double", "overall"))
    overall = {o.node_id: o.overall for o in scores.options} if scores is not None else {}
    rows = []
    for node in doc.walk() if _is_tree(doc) else doc.nodes:
        row: list[Any] = [node.id, node.label, node.kind.value, node.title or "", node.text, node.parent or "",
                          node.order, node.likelihood, node.strength]
        row += [node.impact.get(pid) for pid in pids]
        if scores is not None:
            values = scores.values.get(node.id, {})
            row.append(scores.argued.get(node.id))
            row += [values.get(pid) for pid in pids]
            row.append(overall.get(node.id))
        rows.append(row)
    return Table(columns, rows)


def _is_tree(doc: Document) -> bool:
    from argmap.model.rules import structural_problems

    return not structural_problems(doc)


def link_table(doc: Document) -> Table:
    """Every tree edge (parent -> child, relation: the child's kind) and cross-link (relation: its kind)."""
    columns = [Column("Source", "string", "source"), Column("Target", "string", "target"),
               Column("Type", "string", "type"), Column("relation", "string", "relation"),
               Column("edge", "string", "edge")]
    rows: list[list[Any]] = []
    for node in doc.nodes:
        if node.parent is not None:
            rows.append([node.parent, node.id, "Directed", node.kind.value, "tree"])
    for link in doc.links:
        rows.append([link.source, link.target, "Directed", link.kind.value, "link"])
    return Table(columns, rows)


def paths_for(path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """The node and link files for an output name ending in .csv."""
    p = Path(path)
    name = p.name
    for suffix in (".nodes.csv", ".links.csv", ".csv"):
        if name.lower().endswith(suffix):
            base = name[: -len(suffix)]
            break
    else:
        base = name
    return p.with_name(base + ".nodes.csv"), p.with_name(base + ".links.csv")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        if value.startswith(_FORMULA_START):
            return "'" + value
        return value
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    return value


def dumps(table: Table) -> bytes:
    """A table as CSV bytes (UTF-8, CRLF line ends as RFC 4180 asks)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in table.columns])
    for row in table.rows:
        writer.writerow([_cell(v) for v in row])
    return encode(out.getvalue())


def encode(text: str) -> bytes:
    """An export's text as UTF-8; ExportError when the map's text holds a lone surrogate (no Unicode)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ExportError("the map's text holds a lone surrogate, which is not Unicode",
                          hint="Change that text, then export again.") from exc


def write_export(dumps: Callable[[Document], bytes], doc: Document, path: str | os.PathLike[str]) -> None:
    """Write `dumps(doc)` to `path` atomically; a refusal names the file, and nothing is written."""
    from argmap.io.jsondoc import write_bytes_atomic

    try:
        data = dumps(doc)
    except ExportError as exc:
        raise ExportError(exc.message, hint=exc.hint, source=SourceRef(str(path))) from None
    write_bytes_atomic(data, path)


def write(doc: Document, path: str | os.PathLike[str]) -> list[Path]:
    """Write the node and link tables next to each other; returns the two paths."""
    from argmap.io.jsondoc import write_bytes_atomic

    nodes_path, links_path = paths_for(path)
    try:
        nodes = dumps(node_table(doc))
        links = dumps(link_table(doc))
    except ExportError as exc:
        raise ExportError(exc.message, hint=exc.hint, source=SourceRef(str(path))) from None
    write_bytes_atomic(nodes, nodes_path)
    write_bytes_atomic(links, links_path)
    return [nodes_path, links_path]
