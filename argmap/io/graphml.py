"""GraphML export, for yEd, Gephi and Cytoscape.

One `<node>` per map node and one `<edge>` per tree edge (parent -> child) and cross-link.
Their data are the columns of `csvdoc.node_table` and `csvdoc.link_table`, each declared as
a `<key>` with its name and type (kind, title, text, likelihood, strength, impact:<perspective>,
argued, value:<perspective>, overall; relation and edge). yEd also gets its own node
graphics (a labelled box coloured by kind), which other readers ignore.

All text goes through `textsafe.xml`: escaped, and characters XML 1.0 forbids dropped.
"""

from __future__ import annotations

import math
import os
from typing import Any

from argmap.io.csvdoc import Table, encode, link_table, node_table, write_export
from argmap.model.document import Document
from argmap.textsafe import xml

__all__ = ["KIND_FILLS", "dumps", "write"]

#: Card fill by kind (the editor's palette), for the yEd boxes and DOT.
KIND_FILLS = {"question": "#e9eef4", "option": "#efeaf8", "consequence": "#fdf2e2", "scenario": "#e2f3f1",
              "pro": "#e9f5ea", "con": "#fcebea", "evidence": "#edf1f3", "note": "#fffbe3"}
_TYPES = {"string": "string", "double": "double", "int": "int"}
_LABEL_CHARS = 120


def _value(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else None
    return xml(str(value))


def _keys(table: Table, domain: str, prefix: str) -> list[str]:
    return [f'  <key id="{prefix}{c.key}" for="{domain}" attr.name="{xml(c.name, quote=True)}" '
            f'attr.type="{_TYPES[c.type]}"/>' for c in table.columns]


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _LABEL_CHARS else flat[: _LABEL_CHARS - 1] + "…"


def dumps(doc: Document) -> bytes:
    """The map as GraphML bytes."""
    nodes, links = node_table(doc), link_table(doc)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xmlns:y="http://www.yworks.com/xml/graphml" '
            'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
            'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">')]
    out += _keys(nodes, "node", "n_")
    out += _keys(links, "edge", "e_")
    out.append('  <key id="yg" for="node" yfiles.type="nodegraphics"/>')
    out.append(f'  <graph id="{xml(doc.title or "map", quote=True)}" edgedefault="directed">')
    id_col = 0
    kind_col = [c.key for c in nodes.columns].index("kind")
    label_col = [c.key for c in nodes.columns].index("label")
    # GraphML ids are made up (n0, n1, ...): a map id may hold what XML drops; the map's id is data.
    gid = {row[id_col]: f"n{i}" for i, row in enumerate(nodes.rows)}
    for row in nodes.rows:
        out.append(f'    <node id="{gid[row[id_col]]}">')
        for col, value in zip(nodes.columns, row):
            shown = _value(value)
            if shown is not None:
                out.append(f'      <data key="n_{col.key}">{shown}</data>')
        fill = KIND_FILLS.get(str(row[kind_col]), "#ffffff")
        out.append(f'      <data key="yg"><y:ShapeNode><y:Geometry width="220.0" height="60.0"/>'
                   f'<y:Fill color="{fill}"/><y:Shape type="roundrectangle"/>'
                   f'<y:NodeLabel>{xml(_short(str(row[label_col])))}</y:NodeLabel></y:ShapeNode></data>')
        out.append("    </node>")
    for i, row in enumerate(links.rows):
        if row[0] not in gid or row[1] not in gid:
            continue
        out.append(f'    <edge id="e{i}" source="{gid[row[0]]}" target="{gid[row[1]]}">')
        for col, value in zip(links.columns, row):
            shown = _value(value)
            if shown is not None and col.key not in ("source", "target"):
                out.append(f'      <data key="e_{col.key}">{shown}</data>')
        out.append("    </edge>")
    out.append("  </graph>")
    out.append("</graphml>")
    return encode("\n".join(out) + "\n")  # xml() drops surrogates; a key name could still hold one


def write(doc: Document, path: str | os.PathLike[str]) -> None:
    """Export a map as GraphML, atomically."""
    write_export(dumps, doc, path)
