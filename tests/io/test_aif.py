"""AIF JSON: importing AIFdb and OVA files, the spanning tree, kept data, bad input, and the round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings

from argmap.errors import ArgmapError, DocumentError
from argmap.io import aif, jsondoc
from argmap.model.document import Kind, LinkKind
from argmap.model.rules import check, structural_problems
from tests.test_roundtrip_property import maps

FIXTURES = Path(__file__).parent.parent / "fixtures" / "aif"
SCENARIO = Path(__file__).parents[2] / "scenarios" / "pakistan-peace-talks.argmap.json"


def tree(doc) -> list[tuple[int, str, str]]:
    return [(doc.depth(n.id), n.kind.value, n.text) for n in doc.walk()]


def links(doc) -> set[tuple[str, str, str]]:
    return {(ln.source, ln.kind.value, ln.target) for ln in doc.links}


def test_an_aifdb_nodeset_becomes_a_tree_under_a_made_up_question():
    doc, warnings = aif.read_with_diagnostics(FIXTURES / "town-bridge.json")
    assert warnings == []
    assert tree(doc) == [
        (0, "question", "town-bridge"),
        (1, "option", "The council should build the new river bridge"),
        (2, "pro", "Commuters lose forty minutes a day to the detour"),
        (3, "pro", "The county traffic survey measured the detour at forty minutes"),
        (2, "con", "The bridge would cost twice this year's road budget"),
        (3, "con", "A regional grant covers most of the cost"),
        (1, "option", "The detour costs commuters a lot of time"),
    ]
    # Every I-node keeps its nodeID; the rephrase is a same_as link, not lost.
    assert {n.id for n in doc.nodes} == {"aif-question", "101", "103", "105", "107", "109", "111"}
    assert links(doc) == {("111", "same_as", "103")}
    assert check(doc) == []


def test_scheme_names_and_the_s_node_are_kept_on_the_node_they_hang():
    doc = aif.read(FIXTURES / "town-bridge.json")
    survey = doc.node("105")
    assert survey.__pydantic_extra__["scheme"] == "Argument From Expert Opinion"
    assert survey.__pydantic_extra__["aif_via"]["nodeID"] == "104"
    assert "scheme" not in doc.node("103").__pydantic_extra__  # "Default Inference" names no scheme
    assert doc.node("101").__pydantic_extra__["aif"] == {"timestamp": "2024-03-11 10:02:11"}


def test_dialogue_preferences_and_participants_are_kept_and_written_back():
    doc = aif.read(FIXTURES / "town-bridge.json")
    kept = doc.__pydantic_extra__["aif"]
    assert [n["type"] for n in kept["nodes"]] == ["PA", "L", "YA", "L", "YA", "TA", "YA"]
    assert [p["firstname"] for p in kept["participants"]] == ["Ana", "Ben"]
    assert kept["schemefulfillments"] == [{"nodeID": "104", "schemeID": "11"}]
    out = aif.to_aif(doc)
    by_id = {str(n["nodeID"]): n for n in out["nodes"]}
    # The S-nodes keep their ids, so the YA and PA edges that point at them still land.
    assert by_id["102"]["type"] == "RA" and by_id["106"]["type"] == "CA"
    pairs = {(e["fromID"], e["toID"]) for e in out["edges"]}
    assert {("118", "102"), ("112", "106"), ("102", "112"), ("114", "103")} <= pairs
    assert all(e["fromID"] in by_id and e["toID"] in by_id for e in out["edges"])
    assert out["locutions"] == kept["locutions"]


def test_ova_files_linked_arguments_and_undercuts():
    doc, warnings = aif.read_with_diagnostics(FIXTURES / "ova-wrapped.json")
    assert warnings == []
    assert [(n.id, n.kind.value, n.parent) for n in doc.children("1")] == [
        ("2", "pro", "1"), ("3", "pro", "1"), ("5", "con", "1"), ("10", "pro", "1")]
    assert doc.node("10").__pydantic_extra__["scheme"] == "Argument from Cause to Effect"
    # The conflict aimed at the inference 4 undercuts its (first) premise.
    assert links(doc) == {("7", "undercuts", "2")}
    out = aif.to_aif(doc)
    assert set(out) >= {"AIF", "text", "OVA"}  # written back in OVA's wrapper
    ra = [n for n in out["AIF"]["nodes"] if n["nodeID"] == "4"]
    assert len(ra) == 1  # the linked argument is one RA again, with both premises
    into_ra = sorted(e["fromID"] for e in out["AIF"]["edges"] if e["toID"] == "4")
    assert into_ra == ["2", "3", "8"]  # both premises, and the undercutting CA (its id kept)
    assert "8" in [e["toID"] for e in out["AIF"]["edges"] if e["fromID"] == "7"]


def test_each_claim_hangs_under_the_first_conclusion_it_supports_and_the_rest_are_links():
    data = {"nodes": [{"nodeID": i, "text": i, "type": "I"} for i in ("c1", "c2", "p")] + [
        {"nodeID": "r1", "text": "Default Inference", "type": "RA"},
        {"nodeID": "r2", "text": "Default Inference", "type": "RA"}],
        "edges": [{"edgeID": "1", "fromID": "p", "toID": "r2"}, {"edgeID": "2", "fromID": "r2", "toID": "c2"},
                  {"edgeID": "3", "fromID": "p", "toID": "r1"}, {"edgeID": "4", "fromID": "r1", "toID": "c1"}]}
    doc = aif.loads(json.dumps(data))
    # r1 comes first in the file's nodes, so p hangs under c1; its support of c2 is a link.
    assert doc.node("p").parent == "c1"
    assert links(doc) == {("p", "supports", "c2")}


def test_mutual_attacks_are_read_without_a_warning():
    data = {"nodes": [{"nodeID": "a", "text": "A", "type": "I"}, {"nodeID": "b", "text": "B", "type": "I"},
                      {"nodeID": "x", "text": "", "type": "CA"}, {"nodeID": "y", "text": "", "type": "CA"}],
            "edges": [{"fromID": "a", "toID": "x"}, {"fromID": "x", "toID": "b"},
                      {"fromID": "b", "toID": "y"}, {"fromID": "y", "toID": "a"}]}
    doc, warnings = aif.loads_with_diagnostics(json.dumps(data))
    assert warnings == []
    assert doc.node("a").parent == "b" and doc.node("a").kind is Kind.CON
    assert doc.node("b").kind is Kind.OPTION
    assert links(doc) == {("b", "attacks", "a")}


def test_faults_that_leave_the_rest_readable_are_warnings_naming_the_node():
    doc, warnings = aif.read_with_diagnostics(FIXTURES / "loops-and-gaps.json")
    text = [f"{w.path}: {w.message}" for w in warnings]
    assert text == [
        "nodes[8]: node 'a' is listed twice; the copies are the same, one is kept",
        "edges[7].toID: edge '8' joins node 'ghost', which does not exist; left out",
        "nodes[6]: RA node 's4' has no conclusion; kept as data",
        "nodes[1]: a cycle of inferences runs through node 'b'; it is placed as a top claim",
    ]
    assert structural_problems(doc) == []
    assert doc.node("a").parent == "b" and doc.node("c").parent == "b"
    assert links(doc) == {("b", "supports", "a")}
    assert [n["nodeID"] for n in doc.__pydantic_extra__["aif"]["nodes"]] == ["s4"]


@pytest.mark.parametrize("text, words", [
    ("not json", "invalid JSON"),
    ("[1, 2]", "expected a JSON object"),
    ('{"nodes": 3, "edges": []}', "'nodes' to be a list"),
    ('{"nodes": [{"text": "x", "type": "I"}], "edges": []}', "needs a nodeID"),
    ('{"nodes": [{"nodeID": "7", "text": "x", "type": "I"}, {"nodeID": "7", "text": "y", "type": "I"}], "edges": []}',
     "node id '7' is used by two different nodes"),
    ('{"nodes": [], "edges": [], "x": NaN}', "invalid JSON"),
])
def test_unreadable_input_is_one_line_naming_the_file_and_place(text, words, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(DocumentError) as err:
        aif.read(path)
    message = str(err.value)
    assert message.startswith(str(path)) and words in message and "\n" not in message


def test_export_of_the_bundled_scenario_reads_back_equal(tmp_path):
    doc = jsondoc.read(SCENARIO)
    path = tmp_path / "map.aif.json"
    aif.write(doc, path)
    data = json.loads(path.read_text())
    assert sum(1 for n in data["nodes"] if n["type"] == "I") == len(doc.nodes)
    assert all(n["type"] in ("I", "RA", "CA", "MA") for n in data["nodes"])
    assert aif.read(path) == doc


def test_an_import_exported_and_imported_again_is_the_same_map(tmp_path):
    for name in ("town-bridge.json", "ova-wrapped.json", "loops-and-gaps.json"):
        first = aif.read(FIXTURES / name)
        again = aif.loads(aif.dumps(first))
        assert again == first, name


def test_a_map_json_cannot_hold_is_refused_before_writing(tmp_path):
    doc = jsondoc.read(SCENARIO)
    doc.nodes[3].text = "half a pair \ud800"
    path = tmp_path / "map.aif.json"
    with pytest.raises(ArgmapError) as err:
        aif.write(doc, path)
    assert str(err.value).startswith(str(path)) and "surrogate" in str(err.value)
    assert not path.exists()


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(maps())
def test_any_sound_map_exported_to_aif_imports_as_an_equal_map(doc):
    assume(not structural_problems(doc))
    try:
        data = aif.dumps(doc)
    except ArgmapError as err:  # what no JSON file can hold: refused in one line
        assert "\n" not in str(err)
        return
    expected = doc.model_copy(deep=True)
    expected.invalidate()
    expected.normalize_order()
    back, warnings = aif.loads_with_diagnostics(data)
    assert warnings == []
    assert back == expected


def test_link_kinds_argmap_has_map_onto_aif_s_nodes():
    doc = jsondoc.read(SCENARIO)
    out = aif.to_aif(doc)
    types = {n["argmap"]["link"]["kind"]: n["type"] for n in out["nodes"] if "link" in n.get("argmap", {})}
    assert {k: v for k, v in types.items()} == {k.value: aif._S_TYPE[k] for k in LinkKind if k.value in types}
