"""GraphML export: a valid graph with declared keys, read back with xml.etree (as yEd, Gephi and Cytoscape would)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from argmap.io import graphml, jsondoc
from argmap.model.document import Document, Kind, Link, LinkKind, Node, Perspective

SCENARIO = Path(__file__).parents[2] / "scenarios" / "pakistan-peace-talks.argmap.json"
NS = {"g": "http://graphml.graphdrawing.org/xmlns"}


def parse(path: Path):
    root = ET.parse(path).getroot()
    keys = {k.get("id"): (k.get("for"), k.get("attr.name"), k.get("attr.type")) for k in root.findall("g:key", NS)}
    graph = root.find("g:graph", NS)
    nodes = {}
    for n in graph.findall("g:node", NS):
        data = {keys[d.get("key")][1]: d.text for d in n.findall("g:data", NS) if keys[d.get("key")][1]}
        nodes[n.get("id")] = data
    edges = [(e.get("source"), e.get("target"), {keys[d.get("key")][1]: d.text for d in e.findall("g:data", NS)})
             for e in graph.findall("g:edge", NS)]
    return keys, graph, nodes, edges


def test_every_node_and_relation_is_in_the_graph_with_its_data(tmp_path):
    doc = jsondoc.read(SCENARIO)
    path = tmp_path / "map.graphml"
    graphml.write(doc, path)
    keys, graph, nodes, edges = parse(path)
    assert graph.get("edgedefault") == "directed"
    names = {name for _for, name, _type in keys.values()}
    assert {"kind", "title", "text", "likelihood", "strength", "argued", "overall"} <= names
    assert {f"impact:{p.id}" for p in doc.perspectives} <= names and {f"value:{p.id}" for p in doc.perspectives} <= names
    by_map_id = {d["Id"]: d for d in nodes.values()}
    assert set(by_map_id) == {n.id for n in doc.nodes}
    for node in doc.nodes:
        data = by_map_id[node.id]
        assert data["kind"] == node.kind.value and data.get("text", "") == node.text
        if node.likelihood is not None:
            assert float(data["likelihood"]) == node.likelihood
        for pid, value in node.impact.items():
            assert float(data[f"impact:{pid}"]) == value
    options = [n for n in doc.nodes if n.kind is Kind.OPTION]
    assert all("overall" in by_map_id[o.id] for o in options)
    gid = {d["Id"]: g for g, d in nodes.items()}
    tree = [(s, t) for s, t, d in edges if d["edge"] == "tree"]
    cross = [(s, t, d["relation"]) for s, t, d in edges if d["edge"] == "link"]
    assert sorted(tree) == sorted((gid[n.parent], gid[n.id]) for n in doc.nodes if n.parent)
    assert sorted(cross) == sorted((gid[ln.source], gid[ln.target], ln.kind.value) for ln in doc.links)


def test_hostile_text_stays_text_and_the_file_stays_xml(tmp_path):
    text = 'a <b>&amp;</b> "quoted" \x00\x07 ]]> \U0001f389'
    doc = Document(title="<t>", question="q", perspectives=[Perspective(id='p"<', name="P")], nodes=[
        Node(id="q", kind=Kind.QUESTION, text=text), Node(id="<&>", kind=Kind.OPTION, parent="q", text="o",
                                                         impact={'p"<': 3.0})],
        links=[Link.model_validate({"from": "<&>", "to": "q", "kind": LinkKind.SUPPORTS})])
    path = tmp_path / "map.graphml"
    graphml.write(doc, path)
    _keys, _graph, nodes, edges = parse(path)
    by_map_id = {d["Id"]: d for d in nodes.values()}
    assert by_map_id["q"]["text"] == 'a <b>&amp;</b> "quoted"  ]]> \U0001f389'  # what XML forbids is dropped
    assert by_map_id["<&>"]['impact:p"<'] == "3.0"
    assert len(edges) == 2
