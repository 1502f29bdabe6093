"""Fuzzing the AIF and Kialo importers and format detection: a map or one clean line, never another exception.

Bounded and derandomized like tests/io/test_fuzz.py; `benchmarks/fuzz.py --format aif|kialo`
runs the same mutations for as long as it is given. The smallest reproducer of each problem
the fuzzing found is a file in tests/fixtures/hostile/.
"""

from __future__ import annotations

import json
import random
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap.io
from argmap.errors import DocumentError
from argmap.io import aif, jsondoc, kialo
from benchmarks.fuzz import corpus, mutate_aif, mutate_kialo, try_input
from tests.io.test_fuzz import assert_map_or_one_clean_line
from tests.io.test_hostile_input import assert_one_clean_line

FUZZ = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
HOSTILE = Path(__file__).parent.parent / "fixtures" / "hostile"


@cache
def seeds(fmt: str) -> tuple[Any, ...]:
    return tuple(corpus(fmt))


# -- reproducers ------------------------------------------------------------------------------

REFUSED_AIF = {
    # Loaded, then its JSON save could not be read back: the reader now checks the tree as argmap's own does.
    "aif-question-nowhere.aif.json": "argmap.question: 'nowhere' is not the id of any node",
    # Loaded, then its JSON save nested past what the JSON reader takes.
    "aif-deep-field.aif.json": "nested more than 100 levels deep",
    # 1e999 read as infinity and kept: a map that no format could save.
    "aif-infinite-extra.aif.json": "nodes[1].aif.weight: inf is not a finite number",
}


@pytest.mark.parametrize("name", sorted(REFUSED_AIF))
def test_hostile_aif_is_refused_in_one_line_naming_the_file(name):
    path = HOSTILE / name
    with pytest.raises(DocumentError) as caught:
        aif.read(path)
    assert REFUSED_AIF[name] in assert_one_clean_line(caught.value, path)


def test_an_aif_edge_id_that_is_a_list_is_compared_by_its_text():
    doc, warnings = aif.read_with_diagnostics(HOSTILE / "aif-edge-id-list.aif.json")  # was: TypeError
    assert [(n.id, n.parent) for n in doc.nodes if n.id != "aif-question"] == [("a", "aif-question"), ("b", "a")]
    assert [str(w) for w in warnings] == ["edges[1].edgeID: edge id '[1]' is used twice"]
    assert jsondoc.loads(jsondoc.dumps(doc)) == doc


def test_nesting_up_to_the_limit_is_read_and_saves():
    value: Any = 1
    for _ in range(aif.MAX_DEPTH - 3):  # under the graph, its list of nodes and a node: 100 levels in all
        value = [value]
    doc = aif.loads(json.dumps({"nodes": [{"nodeID": "a", "type": "I", "text": "A", "x": value}], "edges": []}))
    assert jsondoc.loads(jsondoc.dumps(doc)) == doc
    with pytest.raises(DocumentError, match="nested more than 100"):
        aif.loads(json.dumps({"nodes": [{"nodeID": "a", "type": "I", "text": "A", "x": [value]}], "edges": []}))


@pytest.mark.parametrize("name, number", [("kialo-number-4400-digits.txt", "1.9999"),
                                          ("kialo-number-20000-levels.txt", "1.1.1.1")])
def test_a_kialo_number_kialo_would_not_write_is_left_out_with_a_warning(name, number):
    doc, warnings = kialo.read_with_diagnostics(HOSTILE / name)  # was: ValueError / seconds of ancestor search
    assert [n.id for n in doc.nodes] == ["q", "1"]
    assert len(warnings) == 1 and str(warnings[0]).startswith(f"line 4: '{number}")
    assert "not a claim number Kialo writes" in str(warnings[0])


def test_a_claim_far_below_missing_ancestors_hangs_under_the_nearest():
    doc, warnings = kialo.loads_with_diagnostics("1. A\n1.1. Pro: B\n1.1.5.7.3. Con: C\n")
    assert doc.node("1.1.5.7.3").parent == "1.1"
    assert "has no claim 1.1.5.7. above it; it is placed under 1.1." in str(warnings[0])


def test_every_hostile_reproducer_gives_a_map_or_one_clean_line_in_the_fuzzer():
    for path in sorted(HOSTILE.glob("aif-*")) + sorted(HOSTILE.glob("kialo-*")):
        fmt = "aif" if path.name.startswith("aif-") else "kialo"
        data = path.read_bytes() if fmt == "aif" else path.read_text(encoding="utf-8")
        outcome, detail, _ = try_input(fmt, data)
        assert outcome in ("error", "valid"), f"{path.name}: {outcome} {detail}"


# -- the AIF importer ---------------------------------------------------------------------------


@FUZZ
@given(st.integers(0, 2**32 - 1), st.integers(0, 2**16))
def test_mutated_aif_gives_a_map_or_one_clean_line(seed, pick):
    data = mutate_aif(seeds("aif")[pick % len(seeds("aif"))], random.Random(seed))
    assert_map_or_one_clean_line(lambda: aif.loads(data, "fuzz.aif.json"), data)


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.sampled_from([10**400, 2**63, 1e308])
    | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=12)
_AIF_PLACES = ["nodes", "edges", "nodes.0", "nodes.0.nodeID", "nodes.0.type", "nodes.0.text", "nodes.1.nodeID",
               "nodes.1.type", "nodes.1.scheme", "nodes.2", "nodes.2.nodeID", "nodes.2.type", "edges.0",
               "edges.0.fromID", "edges.0.toID", "edges.0.edgeID", "edges.1.fromID", "edges.1.toID", "locutions",
               "argmap", "argmap.question", "argmap.perspectives", "argmap.view", "nodes.0.argmap",
               "nodes.0.argmap.kind", "nodes.0.argmap.order", "nodes.1.argmap", "nodes.1.argmap.link",
               "nodes.3.argmap.link.to"]


def _aif_skeleton(annotated: bool) -> dict[str, Any]:
    """A claim, a reason for it through an RA, and an objection aimed at the inference (an undercut)."""
    graph: dict[str, Any] = {
        "nodes": [{"nodeID": "c", "type": "I", "text": "Claim"}, {"nodeID": "s", "type": "RA", "text": "x"},
                  {"nodeID": "r", "type": "I", "text": "Reason"}, {"nodeID": "u", "type": "CA"},
                  {"nodeID": "o", "type": "I", "text": "Objection"}],
        "edges": [{"edgeID": 1, "fromID": "r", "toID": "s"}, {"edgeID": 2, "fromID": "s", "toID": "c"},
                  {"edgeID": 3, "fromID": "o", "toID": "u"}, {"edgeID": 4, "fromID": "u", "toID": "s"}],
        "locutions": []}
    if annotated:
        graph["argmap"] = {"title": "t", "question": "c"}
        graph["nodes"][0]["argmap"] = {"kind": "question"}
        graph["nodes"][2]["argmap"] = {"kind": "option"}
        graph["nodes"][3]["argmap"] = {"link": {"kind": "undercuts", "to": "r"}}
    return graph


def _put(root: Any, place: str, value: Any) -> Any:
    holder = root
    *path, last = place.split(".")
    for key in path:
        holder = holder[int(key)] if key.isdigit() else holder.setdefault(key, {})
    holder[int(last) if last.isdigit() else last] = value
    return root


@FUZZ
@given(st.sampled_from(_AIF_PLACES), _JSON_VALUES, st.booleans(), st.booleans())
def test_any_json_value_in_any_aif_field_gives_a_map_or_one_clean_line(place, value, annotated, ascii_only):
    data = json.dumps(_put(_aif_skeleton(annotated), place, value), allow_nan=True, ensure_ascii=ascii_only)
    assert_map_or_one_clean_line(lambda: aif.loads(data, "fuzz.aif.json"), data)


# -- the Kialo importer --------------------------------------------------------------------------


@FUZZ
@given(st.integers(0, 2**32 - 1), st.integers(0, 2**16))
def test_mutated_kialo_gives_a_map_or_one_clean_line(seed, pick):
    text = mutate_kialo(seeds("kialo")[pick % len(seeds("kialo"))], random.Random(seed))
    assert_map_or_one_clean_line(lambda: kialo.loads(text, "fuzz.txt"), text)


_NUMBERS = st.lists(st.sampled_from(["1", "2", "3", "0", "10", "01", "9" * 12, ""]), min_size=1, max_size=5)
_KIALO_LINE = st.one_of(
    st.tuples(_NUMBERS.map(lambda parts: ".".join(parts) + "."),
              st.sampled_from(["", "Pro: ", "Con: ", "pro: ", "Neutral: "]),
              st.sampled_from(["claim", "", "-> See 1.", "-> See 1.1.", "-> See 2.1.", "-> See 9.", "\\(x\\)", "\\",
                               "\x00", "\x1b[2J", "\u202e", "\ud800", "🎉"])).map(lambda t: f"{t[0]} {t[1]}{t[2]}"),
    st.sampled_from(["Discussion Title: T", "Discussion Name: N", "", "  ", "more text", "1.1 Pro: almost",
                     "-> See 1."]),
    st.text(max_size=8))


@FUZZ
@given(st.lists(_KIALO_LINE, max_size=20).map("\n".join))
def test_kialo_made_of_claim_lines_gives_a_map_or_one_clean_line(text):
    assert_map_or_one_clean_line(lambda: kialo.loads(text, "fuzz.txt"), text)


# -- format detection --------------------------------------------------------------------------

_SUFFIXES = [".txt", ".json", ".aif.json", ".argmap.json", "", ".map"]


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["aif", "kialo", "json"]), st.integers(0, 2**32 - 1), st.integers(0, 2**16),
       st.sampled_from(_SUFFIXES))
def test_any_file_opened_by_its_content_gives_a_map_or_one_clean_line(tmp_path, fmt, seed, pick, suffix):
    from benchmarks.fuzz import mutate

    data = mutate(fmt, seeds(fmt)[pick % len(seeds(fmt))], random.Random(seed))
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
    path = tmp_path / f"fuzz-{seed}{suffix}"
    path.write_bytes(raw)
    assert_map_or_one_clean_line(lambda: argmap.io.read(path), raw)  # detect's own refusal included
    path.unlink()


def test_a_reuse_under_a_reuse_links_to_the_claim_the_outer_reuse_names():
    doc, warnings = kialo.read_with_diagnostics(HOSTILE / "kialo-reuse-under-reuse.txt")
    # was: a link to '\x001.1.', a node that does not exist, which an AIF export then dropped
    assert [(ln.source, ln.target, ln.kind.value) for ln in doc.links] == [("1.1", "1.2", "supports"),
                                                                           ("1.2", "1.1", "attacks")]
    assert warnings == []
    assert aif.loads(aif.dumps(doc)) == doc


def test_an_s_node_whose_id_the_annotations_do_not_keep_is_kept_as_data_when_kept_edges_join_it():
    doc, warnings = aif.read_with_diagnostics(HOSTILE / "aif-annotated-unkept-s-node.aif.json")
    # was: the edge kept with the map, then dropped by the export (the RA is written under a new id),
    # so a map exported as AIF read back as another map
    assert doc.dump()["aif"] == {"nodes": [{"nodeID": "s", "type": "RA", "text": "Default Inference"},
                                           {"nodeID": "p", "type": "PA", "text": "Default Preference"}],
                                 "edges": [{"edgeID": "e3", "fromID": "s", "toID": "p"}]}
    assert doc.node("r").parent == "c" and warnings == []
    assert aif.loads(aif.dumps(doc)) == doc
    again = aif.loads(aif.dumps(doc))
    assert aif.loads(aif.dumps(again)) == again


def test_an_export_nested_past_what_the_reader_takes_is_refused(tmp_path):
    value: Any = 1
    for _ in range(aif.MAX_DEPTH - 3):  # read: 100 levels; written, the field sits under the node's annotation
        value = [value]
    doc = aif.loads(json.dumps({"nodes": [{"nodeID": "a", "type": "I", "text": "A", "x": value}], "edges": []}))
    path = tmp_path / "map.aif.json"
    with pytest.raises(DocumentError) as caught:
        aif.write(doc, path)  # was: written, then refused on reading back
    assert "nested more than 100 levels deep in AIF" in assert_one_clean_line(caught.value, path)
    assert list(tmp_path.iterdir()) == []
