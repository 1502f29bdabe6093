"""The native format: lossless round trip, atomic saves, clear errors."""

from __future__ import annotations

import json
import os

import pytest

from argmap.errors import DocumentError
from argmap.io import jsondoc
from argmap.model import Document, Kind, Node
from argmap.paths import RESOURCES
from benchmarks.generate import generate


def minimal(**extra) -> dict:
    return {"format": "argmap", "version": 1, "question": "q",
            "nodes": [{"id": "q", "kind": "question", "text": "Q?"},
                      {"id": "o", "kind": "option", "parent": "q", "text": "O"}], **extra}


def load_error(data, tmp_path, name="m.argmap.json") -> DocumentError:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else json.dumps(data).encode())
    with pytest.raises(DocumentError) as info:
        jsondoc.read(path)
    return info.value


def test_round_trip_is_lossless(tmp_path):
    doc = generate(300, seed=3)
    path = tmp_path / "g.argmap.json"
    jsondoc.write(doc, path)
    assert jsondoc.read(path) == doc
    assert path.read_bytes() == jsondoc.dumps(jsondoc.read(path))


def test_file_starts_with_format_and_version(tmp_path):
    data = json.loads(jsondoc.dumps(generate(5)))
    assert list(data)[:2] == ["format", "version"] and data["format"] == "argmap" and data["version"] == jsondoc.VERSION == 2


def test_unknown_fields_from_newer_files_are_kept(tmp_path):
    data = minimal(future_top={"x": [1, 2]}, version=7)
    data["nodes"][1]["future_node_field"] = "kept"
    path = tmp_path / "new.argmap.json"
    path.write_text(json.dumps(data))
    doc = jsondoc.read(path)
    jsondoc.write(doc, path)
    again = json.loads(path.read_text())
    assert again["future_top"] == {"x": [1, 2]}
    assert again["nodes"][1]["future_node_field"] == "kept"
    assert again["version"] == 7


def test_sibling_order_is_normalised_on_load(tmp_path):
    data = minimal()
    data["nodes"] += [{"id": "o2", "kind": "option", "parent": "q", "order": 10},
                      {"id": "o3", "kind": "option", "parent": "q", "order": -5}]
    data["nodes"][1]["order"] = 3
    doc = jsondoc.loads(json.dumps(data))
    assert [(n.id, n.order) for n in doc.children("q")] == [("o3", 0), ("o", 1), ("o2", 2)]


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "m.argmap.json: the file is empty; expected an argmap JSON document"),
        (b"   \n", "m.argmap.json: the file is empty; expected an argmap JSON document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "m.argmap.json: the file is binary, not an argmap JSON document"),
        (b"\xff\xfe{}", "m.argmap.json: the file is not UTF-8 text (bad byte at offset 0)"),
        (b"hello", "m.argmap.json: the file is not JSON (it does not start with '{')"),
        (b"[1, 2]", 'm.argmap.json: expected a JSON object with "format": "argmap"'),
        (b'{"format": "argmap", "nodes": [', "m.argmap.json: the JSON ends early at line 1 column 31; the file may be truncated"),
        (b'{"format": "argmap",, }', "m.argmap.json: invalid JSON at line 1 column 21: key must be a string"),
        (b'{"format": "other"}', 'm.argmap.json: format: "other" is not "argmap"; this is not an argmap file'),
    ],
)
def test_broken_files_get_one_line_errors(tmp_path, content, expected):
    err = load_error(content, tmp_path)
    assert str(err).endswith(expected)
    assert "\n" not in str(err)


def test_out_of_range_value_names_the_json_path(tmp_path):
    data = minimal()
    data["nodes"].append({"id": "c", "kind": "consequence", "parent": "o", "likelihood": 1.7})
    err = load_error(data, tmp_path)
    assert str(err).endswith("m.argmap.json: nodes[2].likelihood: 1.7 is above 1")


def test_wrong_types_and_missing_fields(tmp_path):
    data = minimal()
    data["nodes"][1]["kind"] = "banana"
    del data["nodes"][0]["id"]
    err = load_error(data, tmp_path)
    paths = [p.path for p in err.problems]
    assert paths == ["nodes[0].id", "nodes[1].kind"]
    assert "(and 1 more)" in str(err)
    assert '"banana" is not one of' in err.problems[1].message


@pytest.mark.parametrize(
    "mutate, expected",
    [
        (lambda d: d["nodes"].append({"id": "o", "kind": "option", "parent": "q"}), "nodes[2].id: 'o' is a duplicate of nodes[1].id"),
        (lambda d: d["nodes"].append({"id": "x", "kind": "option", "parent": "ghost"}), "nodes[2].parent: 'ghost' is not the id of any node"),
        (lambda d: d.update(question="nope"), "question: 'nope' is not the id of any node"),
        (lambda d: d["nodes"].extend([{"id": "a", "kind": "consequence", "parent": "b"},
                                      {"id": "b", "kind": "consequence", "parent": "a"}]), "the tree has a cycle: a -> b -> a"),
    ],
)
def test_structural_errors(tmp_path, mutate, expected):
    data = minimal()
    mutate(data)
    assert str(load_error(data, tmp_path)).endswith(expected)


def test_missing_file_folder_and_enormous_file(tmp_path, monkeypatch):
    with pytest.raises(DocumentError, match="no such file"):
        jsondoc.read(tmp_path / "nope.argmap.json")
    with pytest.raises(DocumentError, match="is a folder"):
        jsondoc.read(tmp_path)
    path = tmp_path / "big.argmap.json"
    path.write_text(json.dumps(minimal()))
    monkeypatch.setattr(jsondoc, "MAX_BYTES", 10)
    with pytest.raises(DocumentError, match="maps above"):
        jsondoc.read(path)


def test_unknown_old_version_is_refused(tmp_path):
    err = load_error(minimal(version=0), tmp_path)
    assert "version" in str(err)


def test_save_is_atomic_when_the_rename_fails(tmp_path, monkeypatch):
    path = tmp_path / "m.argmap.json"
    jsondoc.write(generate(20), path)
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(DocumentError, match="cannot be written"):
        jsondoc.write(generate(50), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.argmap.json"]


def test_save_keeps_file_mode_and_refuses_unwritable_folder(tmp_path):
    path = tmp_path / "m.argmap.json"
    jsondoc.write(generate(3), path)
    os.chmod(path, 0o600)
    jsondoc.write(generate(4), path)
    assert path.stat().st_mode & 0o777 == 0o600
    with pytest.raises(DocumentError, match="cannot be written"):
        jsondoc.write(generate(3), tmp_path / "no" / "such" / "dir" / "x.argmap.json")


def test_deep_tree_round_trips(tmp_path):
    nodes = [Node(id="n0", kind=Kind.QUESTION), Node(id="n1", kind=Kind.OPTION, parent="n0")]
    nodes += [Node(id=f"n{i}", kind=Kind.CONSEQUENCE, parent=f"n{i - 1}") for i in range(2, 10_001)]
    doc = Document(nodes=nodes, question="n0")
    path = tmp_path / "deep.argmap.json"
    jsondoc.write(doc, path)
    assert jsondoc.read(path) == doc


def test_shipped_schema_is_current():
    shipped = json.loads((RESOURCES / "argmap.schema.json").read_text(encoding="utf-8"))
    assert shipped == jsondoc.schema(), "run: python scripts/update_schema.py"


def test_schema_describes_the_fields():
    s = jsondoc.schema()
    node = s["$defs"]["Node"]["properties"]
    assert node["likelihood"]["anyOf"][0]["maximum"] == 1
    assert set(s["$defs"]["Kind"]["enum"]) == {k.value for k in Kind}
    assert "from" in s["$defs"]["Link"]["properties"]
