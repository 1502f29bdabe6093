"""Graphviz DOT export: one statement per node and relation, labels quoted so text never acts as DOT."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from argmap.io import dot, jsondoc
from argmap.model.document import Document, Kind, Node

SCENARIO = Path(__file__).parents[2] / "scenarios" / "pakistan-peace-talks.argmap.json"
_QUOTED = r'"(?:[^"\\]|\\.)*"'


def test_labels_are_quoted_with_escapes_dot_does_not_act_on():
    assert dot.quote('say "hi"') == r'"say \"hi\""'
    assert dot.quote("a\\Nb") == r'"a\\Nb"'  # \N would print the node's name
    assert dot.quote("one\ntwo\r\nthree\x07") == r'"one\ntwo\nthree"'


def test_every_node_and_relation_is_a_statement(tmp_path):
    doc = jsondoc.read(SCENARIO)
    path = tmp_path / "map.dot"
    dot.write(doc, path)
    text = path.read_text()
    assert text.startswith("digraph ") and text.rstrip().endswith("}")
    nodes = re.findall(rf"^  (n\d+) \[label=({_QUOTED}), fillcolor=\"(#[0-9a-f]{{6}})\", tooltip=({_QUOTED})\];$",
                       text, re.MULTILINE)
    assert len(nodes) == len(doc.nodes)
    ids = {tooltip[1:-1]: name for name, _label, _fill, tooltip in nodes}
    assert set(ids) == {n.id for n in doc.nodes}
    tree = re.findall(r"^  (n\d+) -> (n\d+);$", text, re.MULTILINE)
    assert sorted(tree) == sorted((ids[n.parent], ids[n.id]) for n in doc.nodes if n.parent)
    links = re.findall(rf"^  (n\d+) -> (n\d+) \[label=({_QUOTED}), .*constraint=false\];$", text, re.MULTILINE)
    assert sorted((a, b, label.strip('"')) for a, b, label in links) == sorted(
        (ids[ln.source], ids[ln.target], ln.kind.value.replace("_", " ")) for ln in doc.links)
    labels = {name: label for name, label, _f, _t in nodes}
    assert labels[ids["q"]].startswith('"QUESTION\\n')


def test_graphviz_reads_the_file_when_it_is_installed(tmp_path):
    doc = Document(question="q", nodes=[Node(id="q", kind=Kind.QUESTION, text='}"; digraph x { evil -> x'),
                                        Node(id="o", kind=Kind.OPTION, parent="q", text="\\G \\N {")])
    path = tmp_path / "map.dot"
    dot.write(doc, path)
    text = path.read_text()
    assert text.count("->") == 1 + text.count("evil ->")  # the only edge statement is the tree's
    exe = shutil.which("dot")
    if exe is None:  # Graphviz is optional; the statements were checked above
        return
    plain = subprocess.run([exe, "-Tplain", str(path)], capture_output=True, text=True, timeout=60, check=True)
    lines = [line.split() for line in plain.stdout.splitlines()]
    assert sum(1 for parts in lines if parts[0] == "node") == 2
    assert sum(1 for parts in lines if parts[0] == "edge") == 1
    svg = subprocess.run([exe, "-Tsvg", str(path)], capture_output=True, text=True, timeout=60, check=True).stdout
    assert ">\\G \\N {<" in svg  # drawn as typed, not as the graph's or node's name
    assert "}&quot;; digraph x { evil &#45;&gt; x<" in svg
