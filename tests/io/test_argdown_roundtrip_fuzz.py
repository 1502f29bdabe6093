"""Maps the JSON loader accepts, saved as Argdown and read back: the same map each time.

Each fixture under tests/fixtures/hostile/argdown-* is the smallest map of one kind that an
Argdown save used to lose, read back wrongly, or crash on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.io import argdown, jsondoc

HOSTILE = Path(__file__).resolve().parent.parent / "fixtures" / "hostile"

CASES = {
    # a link touching the question made up on import: the question is written, not left out
    "argdown-generated-question-linked.argmap.json": "question",
    # a second root marked as standing alone is not hung under the question on reading
    "argdown-root-marked-top.argmap.json": "B",
    # argdown data that is no mapping, on a node that leads to a consequence
    "argdown-list-data-leads-to.argmap.json": "A",
    # empty argdown data on a note written apart from what it is about
    "argdown-empty-data-note.argmap.json": "N",
    # a structure's `uses` holding a mapping
    "argdown-uses-mapping.argmap.json": "Cheap",
    # an inference with an empty list of rules
    "argdown-empty-rules.argmap.json": "Cheap",
    # a premise that is a root, referred to by a structure
    "argdown-premise-root.argmap.json": "Rule",
    # the children of a structure's item written below the structures
    "argdown-item-children-order.argmap.json": "Fact",
}


def _load(name: str):
    return jsondoc.loads((HOSTILE / name).read_bytes(), name)


@pytest.mark.parametrize("name", sorted(CASES))
def test_saved_as_argdown_reads_back_the_same_map(name: str) -> None:
    doc = _load(name)
    back = argdown.loads(argdown.dumps(doc))
    assert back == doc
    node = CASES[name]
    assert back.node(node) == doc.node(node)


def test_generated_question_with_a_link_is_written_as_an_element() -> None:
    doc = _load("argdown-generated-question-linked.argmap.json")
    text = argdown.dumps(doc)
    assert "generated_question" not in text
    back = argdown.loads(text)
    assert [n.id for n in back.nodes].count("question") == 1
    assert back.links == doc.links


def test_root_marked_top_stays_a_root() -> None:
    back = argdown.loads(argdown.dumps(_load("argdown-root-marked-top.argmap.json")))
    assert back.node("B").parent is None
    assert back.node("A").parent == "Q"
    assert back.node("B").model_extra["argdown"] == {"top": True}


def test_argdown_data_kept_whole_when_no_mapping_or_empty() -> None:
    back = argdown.loads(argdown.dumps(_load("argdown-list-data-leads-to.argmap.json")))
    assert back.node("A").model_extra["argdown"] == [1]
    back = argdown.loads(argdown.dumps(_load("argdown-empty-data-note.argmap.json")))
    assert back.node("N").model_extra["argdown"] == {}
    assert back.node("N").parent == "A"


def test_uses_holding_a_mapping_is_read_not_crashed_on() -> None:
    text = ("[Q]: What should we do?\n  <+ [P]: Adopt P.\n    <+ <Cheap>: P costs little.\n\n<Cheap>\n\n"
            "(1) P is cheap.\n(2) Cheap is good.\n--\n{uses: [1, {a: 1}]}\n--\n(3) [P]\n")
    doc = argdown.loads(text)
    premise = next(n for n in doc.nodes if n.text == "P is cheap.")
    assert premise.parent == "Cheap"


def test_premise_without_a_tree_edge_keeps_its_structure_in_the_data() -> None:
    doc = _load("argdown-premise-root.argmap.json")
    text = argdown.dumps(doc)
    assert "\n<Cheap>\n" not in text  # written as data, so the reader does not hang Rule under Cheap
    back = argdown.loads(text)
    assert back.node("Rule").parent is None
    assert back.node("Cheap").model_extra["argdown"]["pcs"] == ["Rule", "s1", {}, "P"]


def test_children_of_an_item_keep_their_order() -> None:
    back = argdown.loads(argdown.dumps(_load("argdown-item-children-order.argmap.json")))
    assert [(n.id, n.order) for n in back.children("s2")] == [("Fact", 0), ("s1", 1)]


def test_line_break_pattern_finds_what_the_scan_from_every_character_found() -> None:
    import random
    import re

    from argmap.io.argdown_write import _LINE_BREAK

    every = re.compile(r"[ \t]*[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]\s*")
    assert _LINE_BREAK.pattern != every.pattern
    rnd = random.Random(7)
    alphabet = [" ", " ", "\t", "\n", "\r", "\x0b", "\x1c", "\x85", "\u2028", "\u00a0", "a", "b", "\x00", "."]
    for _ in range(5000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30)))
        assert [m.span() for m in _LINE_BREAK.finditer(text)] == [m.span() for m in every.finditer(text)], repr(text)
        assert _LINE_BREAK.sub(" ", text) == every.sub(" ", text)
