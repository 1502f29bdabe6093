"""CSV export: a nodes table and a links table side by side, in the column names Gephi imports."""

from __future__ import annotations

import csv
from pathlib import Path

from argmap.io import csvdoc, jsondoc
from argmap.model.document import Document, Kind, Node

SCENARIO = Path(__file__).parents[2] / "scenarios" / "pakistan-peace-talks.argmap.json"


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_one_name_gives_a_nodes_and_a_links_file(tmp_path):
    for name in ("map.csv", "map.nodes.csv", "map.links.csv"):
        assert csvdoc.paths_for(tmp_path / name) == (tmp_path / "map.nodes.csv", tmp_path / "map.links.csv")


def test_the_tables_hold_every_node_and_relation_with_weights_and_scores(tmp_path):
    doc = jsondoc.read(SCENARIO)
    written = csvdoc.write(doc, tmp_path / "map.csv")
    assert written == [tmp_path / "map.nodes.csv", tmp_path / "map.links.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.links.csv", "map.nodes.csv"]
    nodes = rows(written[0])
    assert list(nodes[0])[:3] == ["Id", "Label", "kind"]
    assert {r["Id"] for r in nodes} == {n.id for n in doc.nodes}
    by_id = {r["Id"]: r for r in nodes}
    for node in doc.nodes:
        assert by_id[node.id]["text"] == node.text
        assert by_id[node.id]["likelihood"] == ("" if node.likelihood is None else repr(node.likelihood))
        for pid, value in node.impact.items():
            assert float(by_id[node.id][f"impact:{pid}"]) == value
    assert all(by_id[o.id]["overall"] != "" for o in doc.nodes if o.kind is Kind.OPTION)
    links = rows(written[1])
    assert list(links[0]) == ["Source", "Target", "Type", "relation", "edge"]
    assert sum(1 for r in links if r["edge"] == "tree") == sum(1 for n in doc.nodes if n.parent)
    assert sorted((r["Source"], r["Target"], r["relation"]) for r in links if r["edge"] == "link") == sorted(
        (ln.source, ln.target, ln.kind.value) for ln in doc.links)


def test_text_a_spreadsheet_would_run_as_a_formula_stays_text(tmp_path):
    doc = Document(question="q", nodes=[Node(id="q", kind=Kind.QUESTION, text='=HYPERLINK("x")'),
                                        Node(id="o", kind=Kind.OPTION, parent="q", text="-2+3", title="@sum")])
    nodes_path, _ = csvdoc.write(doc, tmp_path / "m.csv")
    by_id = {r["Id"]: r for r in rows(nodes_path)}
    assert by_id["q"]["text"] == "'=HYPERLINK(\"x\")"
    assert by_id["o"]["text"] == "'-2+3" and by_id["o"]["title"] == "'@sum"
