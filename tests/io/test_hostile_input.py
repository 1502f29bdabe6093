"""Hostile files: each gives one clean line naming the file and the place, or reads correctly.

The smallest reproducer of each problem is a file in tests/fixtures/hostile/.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from argmap.cli import main
from argmap.errors import ArgmapError, Diagnostic, DocumentError, ExportError, SourceRef, one_line
from argmap.io import argdown, jsondoc
from argmap.model.document import Document, Kind, Link, Node, Perspective

HOSTILE = Path(__file__).parent.parent / "fixtures" / "hostile"
# What no error line may show raw: controls, line breaks, bidirectional and format characters.
RAW = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\ufeff]")


def assert_one_clean_line(err: ArgmapError, path: Path | str | None = None) -> str:
    text = str(err)
    assert not RAW.search(text) and not RAW.search(err.hint), repr(text)
    assert len(text) <= 400 and len(err.hint) <= 400
    if path is not None:
        assert text.startswith(f"{path}:"), text
    return text


# -- the JSON reader ------------------------------------------------------------------------

REFUSED_JSON = {
    "version0-truncated.argmap.json": "ends early",
    "version0-deep.argmap.json": "recursion limit",
    "version0-bigint.argmap.json": "number out of range",
    "version-negative-bigint.argmap.json": "number out of range",
    "impact-nan.argmap.json": "nodes[1].impact.p: input should be a finite number (got NaN)",
    "impact-1e999.argmap.json": "nodes[1].impact.p: input should be a finite number",
    "id-newline.argmap.json": "nodes[1].id: 'q\\nx' is a duplicate",
    "kind-controls.argmap.json": "\\u202eQ",
}


@pytest.mark.parametrize("name", sorted(REFUSED_JSON))
def test_hostile_json_is_refused_in_one_line_naming_the_file_and_place(name):
    path = HOSTILE / name
    with pytest.raises(DocumentError) as caught:
        jsondoc.read(path)
    text = assert_one_clean_line(caught.value, path)
    assert REFUSED_JSON[name] in text


def test_a_value_of_megabytes_is_cut_in_the_error_line():
    data = '{"format": "argmap", "version": 2, "nodes": [{"id": "q", "kind": "' + "x" * 5_000_000 + '"}]}'
    with pytest.raises(DocumentError) as caught:
        jsondoc.loads(data, "big.argmap.json")
    text = assert_one_clean_line(caught.value, "big.argmap.json")
    assert "…" in text and len(text) < 250
    assert text.endswith("'evidence' or 'note'")  # the value is cut, not what is said about it


def test_text_with_a_lone_surrogate_is_refused_by_the_json_reader():
    with pytest.raises(DocumentError) as caught:
        jsondoc.loads('{"format": "argmap", "version": 2, "title": "\ud800"}', "s.argmap.json")
    assert "lone surrogate (U+D800)" in assert_one_clean_line(caught.value, "s.argmap.json")


def test_a_version_1_file_is_marked_current_wherever_its_version_stands():
    nodes = [{"id": f"n{i}", "kind": "note", "text": "x" * 40} for i in range(20)]
    data = json.dumps({"format": "argmap", "nodes": [{"id": "q", "kind": "question"}] + nodes, "version": 1})
    doc = jsondoc.loads(data.replace('"kind": "note", ', '"kind": "note", "parent": "q", '))
    assert doc.version == 2
    assert jsondoc.loads(jsondoc.dumps(doc)) == doc


# -- what argmap writes it can read --------------------------------------------------------


def _weighed_map() -> Document:
    return Document(question="q", perspectives=[Perspective(id="p", name="P")],
                    nodes=[Node(id="q", kind=Kind.QUESTION, text="Q?"),
                           Node(id="o", kind=Kind.OPTION, parent="q", text="O", impact={"p": 3.0})])


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_a_non_finite_impact_from_an_edit_is_refused_on_save_and_the_old_file_kept(tmp_path, value):
    doc = _weighed_map()
    target = tmp_path / "m.argmap.json"
    jsondoc.write(doc, target)
    before = target.read_bytes()
    with pytest.raises(ValueError):  # the model refuses the number on assignment ...
        doc.node("o").impact = {"p": value}
    doc.node("o").__dict__["impact"] = {"p": value}  # ... and a map built around validation is refused on save
    with pytest.raises(DocumentError) as caught:
        jsondoc.write(doc, target)
    assert "nodes[1].impact.p" in assert_one_clean_line(caught.value, target)
    assert target.read_bytes() == before
    with pytest.raises(ExportError) as caught:
        argdown.write(doc, tmp_path / "m.argdown")
    assert "nodes[1].impact.p" in assert_one_clean_line(caught.value, tmp_path / "m.argdown")
    assert not (tmp_path / "m.argdown").exists()


def test_text_with_a_lone_surrogate_is_refused_on_save_before_anything_is_written(tmp_path):
    doc = Document(nodes=[Node(id="q", kind=Kind.QUESTION, text="a \ud800 b")])
    with pytest.raises(DocumentError) as caught:
        jsondoc.write(doc, tmp_path / "m.argmap.json")
    assert "nodes[0].text" in assert_one_clean_line(caught.value, tmp_path / "m.argmap.json")
    with pytest.raises(ExportError) as caught:
        argdown.write(doc, tmp_path / "m.argdown")
    assert_one_clean_line(caught.value, tmp_path / "m.argdown")
    assert list(tmp_path.iterdir()) == []


def _nested(depth: int) -> object:
    value: object = 1
    for _ in range(depth):
        value = [value]
    return value


def test_data_nested_past_what_the_readers_take_is_refused_on_save(tmp_path):
    doc = Document(nodes=[Node.model_validate({"id": "q", "kind": "question", "deep": _nested(300)})])
    with pytest.raises(DocumentError) as caught:
        jsondoc.dumps(doc)
    assert "nested more than" in assert_one_clean_line(caught.value)
    with pytest.raises(ExportError) as caught:
        argdown.dumps(doc)
    assert "nested more than" in assert_one_clean_line(caught.value)


def test_data_the_json_reader_takes_but_argdown_cannot_hold_is_refused_on_export():
    doc = jsondoc.loads(json.dumps({"format": "argmap", "version": 2,
                                    "nodes": [{"id": "q", "kind": "question", "deep": _nested(150)}]}))
    assert jsondoc.loads(jsondoc.dumps(doc)) == doc
    with pytest.raises(ExportError) as caught:
        argdown.dumps(doc)
    assert "nested more than 100 levels" in assert_one_clean_line(caught.value)


def test_a_self_link_and_a_links_unknown_fields_survive_the_argdown_round_trip():
    doc = _weighed_map()
    doc.links = [Link.model_validate({"from": "o", "to": "o", "kind": "supports"}),
                 Link.model_validate({"from": "o", "to": "q", "kind": "attacks", "since": [2021, "x"]})]
    assert argdown.loads(argdown.dumps(doc)) == doc


def test_a_node_without_text_keeps_a_field_named_link():
    doc = _weighed_map()
    doc.nodes[1] = Node.model_validate({**doc.nodes[1].model_dump(), "text": "", "link": "foo"})
    assert argdown.loads(argdown.dumps(doc)) == doc


# -- the Argdown reader ---------------------------------------------------------------------

REFUSED_ARGDOWN = {
    "data-deep.argdown": ("1:", "nested more than 100 levels"),
    "data-deep-json.argdown": ("1:", "nested more than 100 levels"),
    "data-bigint.argdown": ("1:", "4400 digits"),
    "frontmatter-bigint.argdown": ("2:", "4400 digits"),
    "frontmatter-node-order.argdown": ("1:", "node_order"),
    "inference-open-brace.argdown": ("4:", "not closed with '}'"),
    "data-lone-surrogate.argdown": ("1:", "lone surrogate (\\ud800)"),
    "question-missing.argdown": ("1:", "question: 'nowhere' is not the id of any node"),
    "data-nan.argdown": ("2:", "nan, which is not a finite number"),
}


@pytest.mark.parametrize("name", sorted(REFUSED_ARGDOWN))
def test_hostile_argdown_is_refused_in_one_line_naming_the_file_and_line(name):
    path = HOSTILE / name
    with pytest.raises(ArgmapError) as caught:
        argdown.read(path)
    text = assert_one_clean_line(caught.value)
    line, words = REFUSED_ARGDOWN[name]
    assert text.startswith(f"{path}:{line}") and words in text, text


def test_an_emoji_written_as_a_utf16_pair_in_the_frontmatter_is_one_character(tmp_path):
    doc = argdown.read(HOSTILE / "title-surrogate-pair.argdown")
    assert doc.title == "\U0001fae8 map"
    jsondoc.write(doc, tmp_path / "m.argmap.json")
    assert jsondoc.read(tmp_path / "m.argmap.json").title == doc.title
    assert argdown.loads(argdown.dumps(doc)) == doc


def test_a_lone_surrogate_in_the_text_given_to_the_argdown_reader_is_located():
    with pytest.raises(ArgmapError) as caught:
        argdown.loads("[Q]: What now?\n  + [O]: a \udc00 b", "t.argdown")
    assert assert_one_clean_line(caught.value).startswith("t.argdown:2:")


# -- the command line -----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(REFUSED_JSON) + sorted(REFUSED_ARGDOWN))
def test_validate_prints_one_clean_line_per_problem(name, capsys):
    assert main(["validate", str(HOSTILE / name)]) == 1
    err = capsys.readouterr().err
    assert err and all(line.startswith(("error: ", "hint: ")) for line in err.splitlines()), err
    assert not RAW.search(err.replace("\n", ""))


def test_validate_shows_a_file_name_with_controls_escaped(tmp_path, capsys):
    path = tmp_path / "a\nb\x1b[2J\u202e.argmap.json"
    jsondoc.write(_weighed_map(), path)
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "a\\nb\\x1b[2J\\u202e.argmap.json: valid" in out


def test_score_json_prints_null_for_a_score_past_the_float_range(tmp_path, capsys):
    doc = _weighed_map()
    doc.impact_scale.min, doc.impact_scale.max = -1e308, 1e308
    doc.nodes += [Node(id=f"c{i}", kind=Kind.CONSEQUENCE, parent="o", likelihood=1.0, impact={"p": 1e308})
                  for i in range(3)]
    path = tmp_path / "m.argmap.json"
    jsondoc.write(doc, path)
    assert main(["score", str(path), "--json"]) == 0

    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in the JSON output")

    data = json.loads(capsys.readouterr().out, parse_constant=refuse)
    assert data["options"][0]["overall"] is None


# -- one line -------------------------------------------------------------------------------


def test_one_line_escapes_controls_and_cuts_long_quoted_values():
    assert one_line("a\nb\r\tc\x00\x1b[1m\u202e\u2028\ud800") == "a\\nb\\r\\tc\\x00\\x1b[1m\\u202e\\u2028\\ud800"
    cut = one_line(f"nodes[0].text: \"{'y' * 500}\" is too long")
    assert cut == f"nodes[0].text: \"{'y' * 60}…\" is too long"
    assert len(one_line("z" * 50_000_000)) == 200


def test_errors_and_diagnostics_are_one_line_wherever_the_text_comes_from():
    err = ArgmapError("bad id 'x\ny'", hint="try\u202e again", source=SourceRef("f\n.json", json_path="nodes[0]\n"))
    assert str(err) == "f\\n.json: nodes[0]\\n: bad id 'x\\ny'" and err.hint == "try\\u202e again"
    assert str(Diagnostic("error", "nodes[0].id", "'a\x1b' twice")) == "nodes[0].id: 'a\\x1b' twice"
