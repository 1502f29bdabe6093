"""The model's rules: kinds, weights, forks, citations, links, structure."""

from __future__ import annotations

import pytest

from argmap.errors import RuleError
from argmap.model import Citation, Document, Kind, Link, LinkKind, Node, Perspective, Source, check, check_child
from argmap.model.rules import ALLOWED_CHILDREN, structural_problems


def doc_of(*nodes: Node, **kw) -> Document:
    kw.setdefault("perspectives", [Perspective(id="a", name="A")])
    return Document(nodes=list(nodes), question=nodes[0].id if nodes else None, **kw)


def q():
    return Node(id="q", kind=Kind.QUESTION, text="Q")


def test_every_forbidden_pair_is_refused_and_every_allowed_pair_accepted():
    for parent in Kind:
        for child in Kind:
            if child in ALLOWED_CHILDREN[parent]:
                check_child(parent, child)
            else:
                with pytest.raises(RuleError, match=f"cannot hang under"):
                    check_child(parent, child)


def test_root_must_be_a_question():
    with pytest.raises(RuleError, match="root of a map must be a question"):
        check_child(None, Kind.OPTION)


def test_a_valid_map_has_no_diagnostics():
    doc = doc_of(q(), Node(id="o", kind=Kind.OPTION, parent="q", impact={"a": 1}),
                 Node(id="c", kind=Kind.CONSEQUENCE, parent="o", likelihood=0.5, impact={"a": -2}))
    assert check(doc) == []


def test_kind_rule_violation_is_reported_with_its_path():
    doc = doc_of(q(), Node(id="p", kind=Kind.PRO, parent="q"))
    [d] = check(doc)
    assert d.path == "nodes[1].kind" and d.severity == "error"
    assert "A pro cannot hang under a question" in d.message


def test_impact_off_scale_or_unknown_perspective():
    doc = doc_of(q(), Node(id="o", kind=Kind.OPTION, parent="q", impact={"a": 14, "zz": 1}))
    messages = {d.path: d.message for d in check(doc)}
    assert messages["nodes[1].impact.a"] == "14 is above the impact scale's maximum 10"
    assert "'zz' is not a perspective" in messages["nodes[1].impact.zz"]


def test_weight_on_a_kind_that_has_none_is_a_warning():
    doc = doc_of(q(), Node(id="o", kind=Kind.OPTION, parent="q", strength=0.5))
    [d] = check(doc)
    assert d.severity == "warning" and d.path == "nodes[1].strength"


def fork(*outcomes: Node) -> Document:
    return doc_of(q(), Node(id="o", kind=Kind.OPTION, parent="q"), Node(id="f", kind=Kind.SCENARIO, parent="o"), *outcomes)


def test_fork_outcomes_must_sum_to_one():
    doc = fork(Node(id="a1", kind=Kind.CONSEQUENCE, parent="f", likelihood=0.5),
               Node(id="a2", kind=Kind.CONSEQUENCE, parent="f", likelihood=0.4))
    [d] = check(doc)
    assert "summing to 0.9; 1 expected" in d.message
    doc.node("a2").likelihood = 0.5005
    assert check(doc) == []


def test_fork_with_the_rest():
    doc = fork(Node(id="a1", kind=Kind.CONSEQUENCE, parent="f", likelihood=0.7),
               Node(id="a2", kind=Kind.CONSEQUENCE, parent="f", remainder=True))
    assert check(doc) == []
    doc.node("a1").likelihood = 1.0
    assert check(doc) == []
    doc.node("a2").remainder = False
    doc.node("a2").likelihood = 0.2
    assert len(check(doc)) == 1


def test_remainder_outside_a_fork_is_an_error():
    doc = doc_of(q(), Node(id="o", kind=Kind.OPTION, parent="q"),
                 Node(id="c", kind=Kind.CONSEQUENCE, parent="o", remainder=True))
    assert any(d.path == "nodes[2].remainder" for d in check(doc))


def test_citation_must_match_source_text():
    src = Source(id="s", text="Hello wide world")
    doc = doc_of(q(), Node(id="o", kind=Kind.OPTION, parent="q",
                           citations=[Citation(source="s", quote="wide", start=6, end=10),
                                      Citation(source="s", quote="wide", start=0, end=4),
                                      Citation(source="s", quote="narrow"),
                                      Citation(source="nope", quote="x")]), sources=[src])
    paths = [d.path for d in check(doc)]
    assert paths == ["nodes[1].citations[1].start", "nodes[1].citations[2].quote", "nodes[1].citations[3].source"]
    assert "it occurs at 6..10" in check(doc)[0].message


def test_links_to_missing_nodes_and_self_links():
    doc = doc_of(q(), Node(id="o", kind=Kind.OPTION, parent="q"),
                 links=[Link(source="o", target="ghost", kind=LinkKind.SUPPORTS),
                        Link(source="o", target="o", kind=LinkKind.ATTACKS)])
    paths = [d.path for d in check(doc)]
    assert "links[0].to" in paths and "links[1]" in paths


def test_several_roots_are_reported():
    doc = doc_of(q(), Node(id="q2", kind=Kind.QUESTION))
    assert any("found 2 nodes without a parent" in d.message for d in check(doc))


def test_structural_problems_duplicates_dangling_cycles():
    doc = Document(nodes=[Node(id="a", kind=Kind.QUESTION), Node(id="a", kind=Kind.OPTION, parent="a")])
    assert structural_problems(doc)[0].message == "'a' is a duplicate of nodes[0].id"
    doc = Document(nodes=[Node(id="a", kind=Kind.QUESTION, parent="zz")])
    assert structural_problems(doc)[0].path == "nodes[0].parent"
    doc = Document(nodes=[Node(id="r", kind=Kind.QUESTION), Node(id="a", kind=Kind.OPTION, parent="b"),
                          Node(id="b", kind=Kind.OPTION, parent="a")])
    [d] = structural_problems(doc)
    assert "cycle" in d.message and "a -> b -> a" in d.message


def test_deep_tree_checks_without_recursion_limit():
    nodes = [Node(id="n0", kind=Kind.QUESTION), Node(id="n1", kind=Kind.OPTION, parent="n0")]
    nodes += [Node(id=f"n{i}", kind=Kind.CONSEQUENCE, parent=f"n{i-1}") for i in range(2, 10_002)]
    doc = Document(nodes=nodes, question="n0")
    assert structural_problems(doc) == []
    assert check(doc) == []
    assert sum(1 for _ in doc.walk()) == 10_002
    assert doc.depth("n10001") == 10_001
