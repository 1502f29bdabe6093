"""The checks a load makes, after they were made fast: each still refuses what it refused, in one line.

Numbers that are not finite are refused by the validator in typed fields and by a search of
the unknown fields; the tree's structure is checked in one pass over a file whose nodes
stand after their parents, and by a walk otherwise.
"""

from __future__ import annotations

import json
import math
import random

import pytest

from argmap.errors import Diagnostic, DocumentError
from argmap.io import jsondoc
from argmap.model import rules, validation
from argmap.model.document import Document, Kind, Node

from tests.io.test_hostile_input import assert_one_clean_line


def _map(nodes: list[dict], **top) -> dict:
    return {"format": "argmap", "version": 2, "question": "q", **top,
            "nodes": [{"id": "q", "kind": "question", "text": "Q?"}, *nodes]}


def _refused(data: dict | str, name: str = "m.argmap.json") -> str:
    text = data if isinstance(data, str) else json.dumps(data, allow_nan=True)
    with pytest.raises(DocumentError) as caught:
        jsondoc.loads(text, name)
    return assert_one_clean_line(caught.value, name)


def _options(n: int) -> list[dict]:
    return [{"id": f"o{i}", "kind": "option", "parent": "q", "text": f"Option {i}"} for i in range(n)]


# -- numbers that are not finite --------------------------------------------------------------


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_a_non_finite_number_in_unknown_top_level_data_is_refused(value):
    text = _refused(_map([], extra={"tally": [1, {"deep": value}]}))
    assert text.startswith("m.argmap.json: extra.tally[1].deep: ")
    assert ("NaN is not a number" if math.isnan(value) else "is not a finite number") in text


def test_a_nan_in_unknown_data_of_one_node_among_thousands_is_refused_naming_that_node():
    nodes = _options(5000)
    nodes[3210]["data"] = {"score": [0.5, math.nan]}
    assert _refused(_map(nodes)) == "m.argmap.json: nodes[3211].data.score[1]: NaN is not a number"


def test_a_1e999_in_unknown_data_of_a_citation_is_refused():
    nodes = _options(100)
    nodes[40]["citations"] = [{"source": "s", "quote": "a", "weight": 1}, {"source": "s", "quote": "b", "w": "x"}]
    data = _map(nodes, sources=[{"id": "s", "text": "ab"}])
    text = json.dumps(data).replace('"w": "x"', '"w": 1e999')
    assert _refused(text) == "m.argmap.json: nodes[41].citations[1].w: inf is not a finite number (JSON has no infinity)"


def test_a_nan_in_unknown_data_of_a_weighing_value_is_refused():
    values = {f"o{i}": {"likelihood": 0.5} for i in range(100)}
    values["o77"]["odd"] = -math.inf
    data = _map(_options(100), weighings=[{"id": "w", "values": values}])
    assert "weighings[0].values.o77.odd: -inf is not a finite number" in _refused(data)


@pytest.mark.parametrize("place", ["impact", "weights", "scale"])
def test_a_nan_in_a_typed_number_field_is_still_refused_by_the_validator(place):
    nodes = _options(50)
    top: dict = {"perspectives": [{"id": "p", "name": "P"}]}
    if place == "impact":
        nodes[20]["impact"] = {"p": math.nan}
        where = "nodes[21].impact.p"
    elif place == "weights":
        top["weighings"] = [{"id": "w", "weights": {"p": math.inf}}]
        where = "weighings[0].weights.p"
    else:
        top["impact_scale"] = {"min": -math.inf}
        where = "impact_scale.min"
    assert f"{where}: input should be a finite number" in _refused(_map(nodes, **top))


def test_a_map_of_finite_numbers_in_unknown_data_loads():
    nodes = _options(200)
    nodes[5]["data"] = {"score": [0.0, 1.5, -2e300], "flag": True}
    doc = jsondoc.loads(json.dumps(_map(nodes)))
    assert doc.node("o5").__pydantic_extra__ == {"data": {"score": [0.0, 1.5, -2e300], "flag": True}}


def test_saving_still_searches_typed_number_fields_changed_without_validation():
    doc = jsondoc.loads(json.dumps(_map(_options(100), perspectives=[{"id": "p", "name": "P"}])))
    doc.node("o60").__dict__["impact"] = {"p": math.nan}
    with pytest.raises(DocumentError) as caught:
        jsondoc.dumps(doc)
    assert "nodes[61].impact.p" in assert_one_clean_line(caught.value)


# -- the tree's structure -----------------------------------------------------------------------


def _chain(n: int) -> list[dict]:
    nodes = [{"id": "n1", "kind": "option", "parent": "q"}]
    nodes += [{"id": f"n{i}", "kind": "consequence", "parent": f"n{i - 1}"} for i in range(2, n)]
    return nodes


def test_a_cycle_deep_in_a_200000_deep_chain_is_found_without_recursion():
    nodes = _chain(200_000)
    nodes[99_999]["parent"] = "n150000"  # n100000 hangs under its own descendant
    text = _refused(_map(nodes))
    assert text.startswith("m.argmap.json: nodes[100000].parent: the tree has a cycle of 50001 nodes: "
                           "n100000 -> n150000 -> n149999 -> ")


def test_a_chain_of_200000_nodes_that_is_all_one_cycle_is_refused():
    nodes = [{"id": "q", "kind": "question", "parent": "n199999"}, *_chain(200_000)]
    text = _refused({"format": "argmap", "version": 2, "nodes": nodes})
    assert text.startswith("m.argmap.json: nodes[0].parent: the tree has a cycle of 200000 nodes: q -> n199999 -> ")


def test_a_200000_deep_chain_loads_whether_its_nodes_stand_before_or_after_their_parents():
    nodes = _chain(200_000)
    doc = jsondoc.loads(json.dumps(_map(nodes)))
    assert len(doc.nodes) == 200_000 and doc.depth("n199999") == 199_999
    backwards = jsondoc.loads(json.dumps(_map(nodes[::-1])))
    assert backwards.nodes[1].id == "n199999" and backwards.depth("n199999") == 199_999


@pytest.mark.parametrize("change, expected", [
    (lambda nodes: nodes.append({"id": "o3", "kind": "option", "parent": "q"}), "nodes[5].id: 'o3' is a duplicate of nodes[4].id"),
    (lambda nodes: nodes[2].update(parent="o2"), "nodes[3].parent: 'o2' is its own parent"),
    (lambda nodes: nodes[2].update(parent="nowhere"), "nodes[3].parent: 'nowhere' is not the id of any node"),
    (lambda nodes: nodes.insert(0, {"id": "x", "kind": "option", "parent": "o3"}), None),
])
def test_broken_ids_and_parents_are_refused_in_a_file_ordered_parents_first(change, expected):
    nodes = _options(4)
    change(nodes)
    if expected is None:  # a child before its parent is no problem
        assert jsondoc.loads(json.dumps(_map(nodes))).node("x").parent == "o3"
    else:
        assert _refused(_map(nodes)) == f"m.argmap.json: {expected}"


def test_a_question_that_is_no_node_is_refused():
    assert _refused(_map(_options(3), question="gone")) == "m.argmap.json: question: 'gone' is not the id of any node"


def _reference_structure(doc: Document) -> list[Diagnostic]:
    """The plain two-pass structure check the one-pass check of loading must agree with."""
    out: list[Diagnostic] = []
    ids = [n.id for n in doc.nodes]
    known = set(ids)
    if len(known) != len(ids):
        seen: dict[str, int] = {}
        for i, node_id in enumerate(ids):
            if node_id in seen:
                out.append(Diagnostic("error", f"nodes[{i}].id", f"'{node_id}' is a duplicate of nodes[{seen[node_id]}].id"))
            else:
                seen[node_id] = i
    for i, node in enumerate(doc.nodes):
        parent = node.parent
        if parent is not None and (parent not in known or parent == node.id):
            problem = f"'{parent}' is its own parent" if parent == node.id else f"'{parent}' is not the id of any node"
            out.append(Diagnostic("error", f"nodes[{i}].parent", problem))
    if out:
        return out
    # Every node is reachable from a root unless it sits on or under a cycle.
    doc.invalidate()
    children = doc._child_index()
    reached = 0
    stack = list(children.get(None, ()))
    get, push, pop = children.get, stack.extend, stack.pop
    while stack:
        reached += 1
        kids = get(pop().id)
        if kids:
            push(kids)
    if reached != len(ids):
        out.append(_reference_cycle(doc))
    if doc.question is not None and doc.question not in known:
        out.append(Diagnostic("error", "question", f"'{doc.question}' is not the id of any node"))
    return out


def _reference_cycle(doc: Document) -> Diagnostic:
    parent = {n.id: n.parent for n in doc.nodes}
    position = {n.id: i for i, n in enumerate(doc.nodes)}
    done: set[str] = set()
    for node in doc.nodes:
        path: list[str] = []
        on_path: set[str] = set()
        current: str | None = node.id
        while current is not None and current not in done:
            if current in on_path:
                cycle = path[path.index(current):] + [current]
                return Diagnostic("error", f"nodes[{position[current]}].parent", "the tree has a cycle: " + " -> ".join(cycle))
            on_path.add(current)
            path.append(current)
            current = parent[current]
        done.update(path)
    raise AssertionError("unreachable nodes without a cycle")


def test_the_structure_check_of_loading_finds_what_a_plain_check_finds():

    rng = random.Random(7)
    broken = 0
    for _ in range(3000):
        size = rng.randint(0, 8)
        ids = [f"n{i}" for i in range(size)]
        nodes = []
        for i, node_id in enumerate(ids):
            if rng.random() < 0.05:
                node_id = rng.choice(ids)  # a duplicate id
            # Mostly an earlier node, sometimes any: a cycle, the node itself, or no node at all.
            parent = rng.choice([None, *ids[:i]]) if rng.random() < 0.9 else rng.choice([*ids, "zz"])
            nodes.append(Node(id=node_id, kind=Kind.OPTION, parent=parent))
        if rng.random() < 0.5:
            rng.shuffle(nodes)
        doc = Document(nodes=nodes, question=rng.choice([None, "n0", "n0", "zz"]) if rng.random() < 0.3 else None)
        expected = _reference_structure(doc)
        assert rules.structural_problems(doc) == validation.structural_problems(doc)
        assert validation.structural_problems(doc) == expected, [(n.id, n.parent) for n in nodes]
        broken += bool(expected)
    assert 300 < broken < 2700  # both sound and broken trees were compared


# -- text that is not UTF-8 -------------------------------------------------------------------


@pytest.mark.parametrize("data, offset", [
    (b'{"format": "argmap", "version": 2, "title": "' + b"x" * 5000 + b'\xe9t\xe9"}', 5045),
    (b'{"format": "argmap", "version": 2, "nodes": []}\n\xff', 48),
    (b'[1, 2, "\xc3("]', 8),  # not UTF-8 is said first, before that it is no JSON object
    (b'   \xef\xbb{"format": "argmap"}', 3),
])
def test_a_file_that_is_not_utf8_anywhere_is_refused_as_such_naming_the_offset(data, offset):
    with pytest.raises(DocumentError) as caught:
        jsondoc.loads(data, "m.argmap.json")
    assert str(caught.value) == f"m.argmap.json: the file is not UTF-8 text (bad byte at offset {offset})"


def test_text_beyond_the_first_bytes_in_any_script_loads():
    title = "Ünïcödé ✓ 地图 🎉 " * 300
    data = json.dumps({"format": "argmap", "version": 2, "title": title, "nodes": []}, ensure_ascii=False)
    assert jsondoc.loads(data.encode()).title == title
    spaced = " " * 5000 + '{"format": "argmap", "version": 1, "nodes": []}'
    assert jsondoc.loads(spaced.encode()).version == 2  # found the object after the white space
