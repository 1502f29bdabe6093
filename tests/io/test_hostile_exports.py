"""Hostile map text in the exports for other tools: GraphML, DOT, CSV and AIF, each escaped its own way.

GraphML is XML: markup characters escaped, what XML 1.0 forbids dropped, and every text
read back by an XML parser as the map holds it. DOT: every label a quoted string whose
only escapes are argmap's own (\\\\, \\", \\n), so map text never reads as DOT syntax or as
one of DOT's label escapes. CSV: a cell a spreadsheet would run as a formula starts with an
apostrophe. AIF is JSON: the text comes back exactly.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from test_textsafe import HOSTILE, hostile_doc

from argmap.errors import ArgmapError
from argmap.io import aif, csvdoc, dot, graphml
from argmap.model.document import Document, Kind, Node, Perspective

#: Text a spreadsheet runs as a formula (or a DDE command) when a cell starts with it.
FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "\t=1+1", "\r=1+1", "=1\n=2"]
PERSPECTIVE = "\u202eP<b>x</b>\x1b[31m\\N\"}"
#: What XML 1.0 cannot hold, dropped by the GraphML export.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@pytest.fixture(scope="module")
def doc() -> Document:
    """The hostile map, with formula-like texts, a hostile perspective id and DOT's own escapes in text."""
    doc = hostile_doc()
    doc.perspectives.append(Perspective(id=PERSPECTIVE, name=HOSTILE[0], weight=1.0))
    for i, text in enumerate(FORMULAS):
        doc.nodes.append(Node(id=text if i % 2 else f"f{i}", kind=Kind.CONSEQUENCE, parent="o0", text=text,
                              title=text if i % 3 == 0 else None, tags=[text], likelihood=0.5,
                              impact={PERSPECTIVE: 1.0}))
    doc.nodes.append(Node(id="esc", kind=Kind.PRO, parent="c0", text='\\N \\G \\L \\l \\r \\E \\T \\H "}; x -> y {'))
    doc.title = '"; digraph evil { a -> b } <graph id="x">'
    doc.invalidate()
    return doc


def test_graphml_is_xml_holding_each_text_as_the_map_does(doc, tmp_path):
    path = tmp_path / "map.graphml"
    graphml.write(doc, path)
    root = ET.parse(path).getroot()
    tags = {el.tag.split("}")[-1] for el in root.iter()}
    assert tags <= {"graphml", "key", "graph", "node", "edge", "data", "ShapeNode", "Geometry", "Fill", "Shape",
                    "NodeLabel"}, tags  # no element made from map text
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    keys = {k.get("id"): k.get("attr.name") for k in root.iter(f"{ns}key")}
    assert f"impact:{NOT_XML.sub('', PERSPECTIVE)}" in keys.values()  # a perspective id, as an attribute value
    text_key = next(k for k, name in keys.items() if name == "text" and k.startswith("n_"))
    id_key = next(k for k, name in keys.items() if name == "Id")
    texts = {}
    for node in root.iter(f"{ns}node"):
        data = {d.get("key"): d.text or "" for d in node.iter(f"{ns}data")}
        texts[data[id_key]] = data.get(text_key, "")
    for node in doc.nodes:
        assert texts[NOT_XML.sub("", node.id)] == NOT_XML.sub("", node.text), node.id
    assert texts["a0"] == HOSTILE[0]  # "<script>alert(1)</script>", as text


_QUOTED = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def _unquote(body: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n"}.get(m.group(1), m.group(1)), body)


def test_dot_labels_are_quoted_strings_with_no_escape_of_dots_own(doc, tmp_path):
    path = tmp_path / "map.dot"
    dot.write(doc, path)
    text = path.read_text(encoding="utf-8")
    lines = text.removesuffix("\n").split("\n")
    assert lines[0].startswith("digraph ") and lines[-1] == "}"
    for line in lines:
        bare = _QUOTED.sub('""', line)  # what is left outside the quoted strings is argmap's own syntax
        assert re.fullmatch(r'(digraph "" \{|\}|  (graph|node|edge) \[.*\];|  n\d+ \[label="", fillcolor="", '
                            r'tooltip=""\];|  n\d+ -> n\d+;|  n\d+ -> n\d+ \[label="", color="", '
                            r'fontcolor="", style=\w+, constraint=false\];)', bare), line[:200]
        for body in _QUOTED.findall(line):
            assert re.fullmatch(r'(?:[^\\]|\\[\\"n])*', body), body[:200]  # only \\, \" and \n
    tooltips = {_unquote(m) for m in re.findall(r'tooltip="((?:[^"\\\n]|\\.)*)"', text)}
    assert "\\N \\G \\L \\l \\r \\E \\T \\H \"}; x -> y {" not in tooltips  # (tooltips hold ids, not texts)
    assert "esc" in tooltips and "+1+cmd|' /C calc'!A0" in tooltips
    labels = " ".join(_unquote(m) for m in re.findall(r'label="((?:[^"\\\n]|\\.)*)"', text))
    assert "\\N \\G \\L" in labels and "<script>alert(1)</script>" in labels
    exe = shutil.which("dot")
    if exe is None:  # Graphviz is optional: the statements were checked above
        return
    svg = subprocess.run([exe, "-Tsvg", str(path)], capture_output=True, text=True, timeout=120, check=True).stdout
    root = ET.fromstring(svg)
    assert {el.tag.split("}")[-1] for el in root.iter()} <= {"svg", "g", "title", "polygon", "path", "text", "a",
                                                             "ellipse", "polyline"}
    drawn = " ".join(el.text or "" for el in root.iter() if el.tag.endswith("text"))
    assert "\\N \\G \\L" in drawn and "<script>alert(1)</script>" in drawn  # drawn as typed
    assert "evil" not in " ".join(el.get("id", "") for el in root.iter())  # the title stayed one quoted name


def test_csv_cells_a_spreadsheet_would_run_start_with_an_apostrophe(doc, tmp_path):
    nodes_path, links_path = csvdoc.write(doc, tmp_path / "map.csv")
    for table in (nodes_path, links_path):
        rows = list(csv.reader(io.StringIO(table.read_bytes().decode("utf-8"), newline="")))
        header = rows[0]
        assert all(len(row) == len(header) for row in rows)
        for row in rows[1:]:
            for cell in row:
                if cell.startswith(("=", "+", "-", "@", "\t", "\r")):
                    float(cell)  # a number may start so; text may not
    rows = list(csv.DictReader(io.StringIO(nodes_path.read_bytes().decode("utf-8"), newline="")))
    by_id = {row["Id"].removeprefix("'"): row for row in rows}
    for i, text in enumerate(FORMULAS):
        row = by_id[text if i % 2 else f"f{i}"]
        assert row["text"] == "'" + text  # the text itself after the apostrophe, line breaks and all
        if i % 2:
            assert row["Id"] == "'" + text
    assert by_id["a0"]["text"] == HOSTILE[0]  # other text as it is


def test_aif_holds_every_text_exactly(doc):
    data = json.loads(aif.dumps(doc))
    inodes = {n["nodeID"]: n["text"] for n in data["nodes"] if n["type"] == "I"}
    assert inodes == {n.id: n.text for n in doc.nodes}
    assert aif.loads(json.dumps(data)) == aif.loads(aif.dumps(doc))


def test_a_lone_surrogate_is_refused_by_every_export_before_writing(doc, tmp_path):
    broken = doc.model_copy(deep=True)
    broken.perspectives[-1].__dict__["id"] = "half \ud800"
    for name, write in (("graphml", graphml.write), ("dot", dot.write), ("csv", csvdoc.write), ("aif.json", aif.write)):
        path = tmp_path / f"map.{name}"
        try:
            write(broken, path)
        except ArgmapError as err:  # refused: one line naming the file, nothing written
            assert str(err).startswith(f"{path}:") and "\n" not in str(err), repr(err)
            assert list(tmp_path.iterdir()) == []
        else:
            produced = sorted(tmp_path.iterdir())
            for made in produced:  # written: then it holds no lone surrogate (dropped or replaced)
                made.read_bytes().decode("utf-8")
                made.unlink()
