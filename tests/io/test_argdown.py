"""Argdown import (each construct, errors) and export (escaping, lossless round trip)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.errors import ArgdownSyntaxError
from argmap.io import argdown, jsondoc
from argmap.model.document import Citation, Document, Kind, Link, LinkKind, Node, Perspective, Source
from argmap.paths import bundled_scenario

SAMPLES = Path(__file__).parent / "argdown"


def sample(name: str) -> Document:
    return argdown.read(SAMPLES / f"{name}.argdown")


def shape(doc: Document) -> list[tuple[int, str, str]]:
    """(depth, kind, label) per node in tree order."""
    return [(doc.depth(n.id), n.kind.value, n.label) for n in doc.walk()]


def link_set(doc: Document) -> set[tuple[str, str, str]]:
    return {(ln.source, ln.target, ln.kind.value) for ln in doc.links}


# -- import: one sample per construct ------------------------------------------------------


def test_titled_and_untitled_statements_become_nodes():
    doc = sample("statements")
    assert shape(doc) == [
        (0, "question", "Policy"),
        (1, "option", "Build"),
        (1, "option", "An untitled option: repair the ferry."),
        (1, "option", "Über-Claim ✓"),
    ]
    untitled = doc.children("Policy")[1]
    assert untitled.title is None and untitled.text == "An untitled option: repair the ferry."
    assert doc.question == "Policy"


def test_every_relation_symbol_is_read_with_its_direction():
    doc = sample("relations")
    kinds = {n.id: n.kind.value for n in doc.children("A")}
    assert kinds == {"Cheap": "pro", "Fast": "pro", "Late": "con", "Small": "con", "Fixed": "con", "Luck": "con"}
    # Outgoing relations (+> -> _> ><) point away from A: they become links from A. An undercut
    # in the tree hangs under A and its link says that it is an undercut, not an attack.
    assert link_set(doc) == {("A", "Savings", "supports"), ("A", "Rival", "attacks"),
                             ("A", "Old", "undercuts"), ("A", "NotA", "contradicts"),
                             ("Fixed", "A", "undercuts"), ("Luck", "A", "undercuts")}


def test_nested_relation_trees_keep_their_depth():
    doc = sample("nested")
    assert [d for d, _, _ in shape(doc)] == list(range(8))
    assert [k for _, k, _ in shape(doc)][2:] == ["pro", "con", "pro", "con", "pro", "con"]


def test_a_title_referenced_from_several_places_is_one_node_plus_links():
    doc = sample("equivalence")
    assert [n.id for n in doc.nodes].count("Clean") == 1
    assert doc.node("Clean").parent == "Electric"
    assert link_set(doc) == {("Clean", "Hybrid", "supports"), ("Clean", "Neither", "attacks")}
    clean = doc.node("Clean")
    assert clean.text == "It pollutes less."
    assert clean.model_extra["variants"] == ["It emits less CO2 over its life."]


def test_premise_conclusion_structure_premises_become_pros():
    doc = sample("pcs")
    p = doc.node("P")
    assert [c.id for c in doc.children("P")] == ["Cheap", "Quick"]
    assert doc.node("Cheap").kind is Kind.PRO
    steps = doc.children("Cheap")
    # (3) is an intermediate conclusion with (1) and (2) under it; (4) is the other premise of the main step.
    assert [s.text for s in steps[:2]] == ["P should be adopted.", "Nothing speaks against P."]
    assert [n.label for n in doc.children(steps[0].id)] == ["P costs little.", "Rule"]
    # An undercut written under an inference line, or under the conclusion it leads to, is a con
    # of that argument and an undercuts link to it.
    assert [(n.id, n.kind.value) for n in doc.children("Quick")] == [("s4", "pro"), ("Slow", "con")]
    assert [n.id for n in doc.children("Cheap")][-1] == "Exceptions"
    assert {("Slow", "Quick", "undercuts"), ("Exceptions", "Cheap", "undercuts")} <= link_set(doc)
    # The shared premise is one node; its second use is a link.
    assert ("Rule", "Quick", "supports") in link_set(doc)
    assert p.kind is Kind.OPTION


def test_tags_are_collected_and_trailing_ones_leave_the_text():
    doc = sample("tags")
    park = doc.node("Park")
    assert park.tags == ["outdoor", "cheap", "needs permit"]
    assert park.text == "In the park, #outdoor and free."
    assert doc.node("Q").tags == ["venue"]


def test_headings_become_tags_of_the_elements_under_them():
    doc = sample("headings")
    assert doc.node("Q").tags == ["Options"]
    assert doc.node("Readable").tags == ["Arguments about Python"]
    assert doc.node("Slow").tags == []  # under a heading marked {isGroup: false}


def test_data_blocks_give_kinds_and_weights():
    doc = sample("data")
    assert doc.title == "Data blocks"
    assert doc.node("Spring").impact == {"sales": 4.0, "staff": -2.0}
    demand = doc.node("Demand")
    assert (demand.kind, demand.likelihood, demand.impact) == (Kind.CONSEQUENCE, 0.7, {"sales": 6.0})
    survey = doc.node("Survey")
    assert (survey.kind, survey.strength) == (Kind.EVIDENCE, 0.8)
    assert survey.note == 'Survey, 2024: "we buy in spring"'
    rushed = doc.node("Rushed")
    assert (rushed.kind, rushed.strength, rushed.tags) == (Kind.CON, 0.4, ["risk", "time pressure"])
    assert doc.node("Rainy").remainder is True
    assert doc.node("Weather").kind is Kind.SCENARIO


def test_a_file_without_a_question_gets_one_from_its_title():
    doc, diagnostics = argdown.loads_with_diagnostics((SAMPLES / "frontmatter.argdown").read_text())
    root = doc.root()
    assert root is not None and root.kind is Kind.QUESTION and root.text == "Four-day week"
    assert "Added on import" in root.note
    assert [c.id for c in doc.children(root.id)] == ["Four days", "Five days"]
    assert link_set(doc) == {("Five days", "Four days", "contradicts")}
    assert diagnostics and "Four-day week" in diagnostics[0].message


def test_comments_are_dropped_and_do_not_split_blocks():
    doc = sample("comments")
    assert shape(doc) == [(0, "question", "Q"), (1, "option", "Walk"), (2, "pro", "Health"), (2, "con", "Rain")]
    assert doc.node("Q").text == "Should we walk to school?"
    assert doc.node("Walk").text == "Walk to school."


def test_list_items_are_statements():
    doc = sample("lists")
    assert [c.id for c in doc.children("Q")] == ["Balls", "Nets", "Shirts", "Shoes"]


def test_escapes_links_and_mentions_stay_text():
    doc = sample("escapes")
    assert doc.node("Short").text == "Use https://x.org [the short one] with #1 rank and {no data}."
    assert doc.node("Short").tags == []
    # A Markdown link keeps its label, as in Argdown's text; a mention stays as written.
    assert doc.node("Link").text == "Use the long one for @[Short] fans."


# -- errors --------------------------------------------------------------------------


@pytest.mark.parametrize("text, line, col, words", [
    ("[Q]: Which?\n  + [A]: text with a [bare] reference\n", 2, 22, "in the middle of text"),
    ("[Q]: Which?\n  + [A: no closing bracket\n", 2, 5, "not closed"),
    ("[Q]: Which?\n  + [A]: text {kind: [pro}\n", 2, 26, "not valid YAML"),
    ("+ [A]: a relation first\n", 1, 1, "no element above"),
    ("<A>\n\n(1) Premise.\n(2) Conclusion.\n", 4, 16, "inference line"),  # where Argdown says
    ("<A>\n\n(1) Premise.\n----\n", 4, 5, "followed by a conclusion"),
    ("<A>\n\n(1) Premise.\n----\n  <_ <U>: u\n\n[X]: y\n", 5, 12, "followed by a conclusion"),
    ("===\ntitle: x\n\n[Q]: text\n", 1, 1, "frontmatter is not closed"),
    ("[Q]: text /* never closed\n", 1, 11, "comment is not closed"),
    ("[Q]: Which?\n  + [A]: text {kind: nonsense}\n", 2, 1, "not a kind of node"),
    ("[Q]: Which?\n  + [A]: text {likelihood: 1.7}\n", 2, 1, "likelihood"),
])
def test_syntax_errors_name_line_and_column(text, line, col, words):
    with pytest.raises(ArgdownSyntaxError) as info:
        argdown.loads(text, "map.argdown")
    err = info.value
    assert words in err.message
    assert (err.source.path, err.source.line, err.source.column) == ("map.argdown", line, col)
    assert err.hint


def test_reading_a_missing_file_names_it(tmp_path):
    from argmap.errors import DocumentError

    with pytest.raises(DocumentError, match="no such file"):
        argdown.read(tmp_path / "missing.argdown")


# -- export -------------------------------------------------------------------------------


def test_export_escapes_argdown_syntax_in_text():
    doc = Document(question="q", nodes=[
        Node(id="q", kind=Kind.QUESTION, text="Go to http://x.org? [a] <b> #c {d} @[e] *f* _g_ a==b :smile:")])
    line = argdown.dumps(doc).splitlines()[4]
    assert "http:\\//x.org" in line  # an escaped slash cannot start a comment
    for fragment in ("\\[a\\]", "\\<b\\>", "\\#c", "\\{d\\}", "\\@\\[e\\]", "\\*f\\*", "\\_g\\_", "a\\==b", "\\:smile:"):
        assert fragment in line
    assert argdown.loads(argdown.dumps(doc)) == doc


def test_export_turns_paragraphs_into_one_line_and_keeps_the_exact_text_in_data():
    doc = Document(question="q", nodes=[Node(id="q", kind=Kind.QUESTION, text="First.\n\nSecond.")])
    text = argdown.dumps(doc)
    assert "\n\n[q]" in text and "[q]: First. Second." in text
    assert argdown.loads(text).node("q").text == "First.\n\nSecond."


def test_bundled_scenario_round_trips():
    doc = jsondoc.read(bundled_scenario())
    assert argdown.loads(argdown.dumps(doc)) == doc


def test_generated_map_round_trips_through_a_file(tmp_path):
    from benchmarks.generate import generate

    doc = generate(300, seed=3)
    path = tmp_path / "big.argdown"
    argdown.write(doc, path)
    assert argdown.read(path) == doc


def test_links_of_every_kind_and_a_root_source_round_trip():
    nodes = [Node(id="q", kind=Kind.QUESTION, text="Q?"),
             Node(id="o1", kind=Kind.OPTION, text="One", parent="q"),
             Node(id="o2", kind=Kind.OPTION, text="Two", parent="q", order=1),
             Node(id="p", kind=Kind.PRO, text="Pro", parent="o1")]
    links = [Link.model_validate({"from": a, "to": b, "kind": k}) for a, b, k in [
        ("p", "o1", "supports"), ("q", "o2", "attacks"), ("o1", "o2", "contradicts"),
        ("o1", "o2", "leads_to"), ("p", "o2", "same_as"), ("p", "o2", "undercuts"), ("p", "o2", "undercuts")]]
    doc = Document(question="q", nodes=nodes, links=links)
    assert argdown.loads(argdown.dumps(doc)) == doc


# -- property: random small maps with awkward text ------------------------------------

_AWKWARD = st.text(alphabet=st.sampled_from(list("ab Z.:,;-+_*#@[]<>{}()/\\=!?'\"`|~\n\t") + ["é", "你", "🎉", "\u2028", "\x85"]),
                   max_size=30)
_CHILD = {Kind.QUESTION: [Kind.OPTION, Kind.NOTE], Kind.OPTION: [Kind.CONSEQUENCE, Kind.PRO, Kind.CON, Kind.SCENARIO],
          Kind.CONSEQUENCE: [Kind.PRO, Kind.CON, Kind.EVIDENCE, Kind.CONSEQUENCE], Kind.SCENARIO: [Kind.CONSEQUENCE],
          Kind.PRO: [Kind.PRO, Kind.CON, Kind.EVIDENCE], Kind.CON: [Kind.PRO, Kind.CON], Kind.EVIDENCE: [Kind.CON],
          Kind.NOTE: [Kind.NOTE]}


@st.composite
def small_maps(draw) -> Document:
    count = draw(st.integers(1, 9))
    nodes = [Node(id=draw(st.sampled_from(["q", "Q 1", "a:b", "x]y"])), kind=Kind.QUESTION,
                  text=draw(_AWKWARD), title=draw(st.none() | _AWKWARD))]
    for i in range(1, count):
        parent = draw(st.sampled_from(nodes))
        kind = draw(st.sampled_from(_CHILD[parent.kind]))
        node = Node(id=f"n{i}" if draw(st.booleans()) else f"[{i}] <x>", kind=kind, parent=parent.id,
                    text=draw(_AWKWARD), title=draw(st.none() | _AWKWARD), note=draw(_AWKWARD),
                    order=draw(st.integers(0, 5)), tags=draw(st.lists(_AWKWARD.filter(bool), max_size=2, unique=True)))
        if kind is Kind.CONSEQUENCE:
            node.likelihood = draw(st.none() | st.floats(0, 1))
            node.impact = draw(st.dictionaries(st.sampled_from(["p1", "p 2"]), st.floats(-10, 10), max_size=2))
        if kind in (Kind.PRO, Kind.CON, Kind.EVIDENCE):
            node.strength = draw(st.none() | st.floats(0, 1))
        if draw(st.booleans()):
            node.citations = [Citation(source="s", quote=draw(_AWKWARD.filter(bool)), start=draw(st.none() | st.integers(0, 9)))]
        nodes.append(node)
    ids = [n.id for n in nodes]
    links = [Link.model_validate({"from": a, "to": b, "kind": k}) for a, b, k in draw(st.lists(
        st.tuples(st.sampled_from(ids), st.sampled_from(ids), st.sampled_from([k.value for k in LinkKind])),
        max_size=3)) if a != b]
    order = draw(st.permutations(nodes))
    doc = Document(title=draw(_AWKWARD), description=draw(_AWKWARD), question=nodes[0].id, nodes=list(order),
                   links=links, sources=[Source(id="s", title=draw(_AWKWARD), text=draw(_AWKWARD))],
                   perspectives=[Perspective(id="p1", name=draw(_AWKWARD))])
    return doc


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_maps())
def test_random_maps_with_awkward_text_round_trip(doc):
    text = argdown.dumps(doc)
    assert argdown.loads(text) == doc


_PIECES = ["[A]", "[A]:", "<B>", "<B>:", " text", "\n", "\n\n", "  ", "\t", "+ ", "- ", "<+ ", "<- ", "_ ", "<_ ",
           "+> ", "-> ", "_> ", ">< ", "(1) ", "(2) ", "----", "--", "\n--\n", "{", "}", "{kind: pro}",
           "{likelihood: 2}", "{a: [1, 2}", "#tag", "#(x y)", "# H", "## ", "===", "\n===\n", "//c", "/*", "*/",
           "<!--", "-->", "* ", "1. ", "@[A]", "[x](http://y)", "\\", "?", "{kind: question}", "'", '"', ":",
           "{uses: [1]}", "{id: A}", "{id: 3}", "{tags: x}", "{order: x}", "{impact: 3}", "{link: foo}"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=25).map("".join))
def test_any_input_gives_a_map_or_a_located_syntax_error(text):
    try:
        doc = argdown.loads(text, "f.argdown")
    except ArgdownSyntaxError as err:
        assert err.source.path == "f.argdown" and err.source.line is not None and err.message
    else:
        root = doc.root()
        assert root is not None and root.kind is Kind.QUESTION and len(doc.roots()) == 1


@pytest.mark.parametrize("text, escaped", [
    ("x.y.z and 3.14.15", "x\\.y.z and 3.14.15"),  # '.y.' is a shortcode, '.14.' is not
    (":smile: a:b:c", "\\:smile: a:b:c"),
    ("a.[b].c", "a\\.\\[b\\].c"),  # an escape inside '.….' would be kept as typed: escape the dot
])
def test_shortcodes_and_dot_tokens_are_escaped(text, escaped):
    from argmap.io.argdown_write import escape_text

    assert escape_text(text) == escaped
    doc = Document(question="q", nodes=[Node(id="q", kind=Kind.QUESTION, text=text)])
    assert argdown.loads(argdown.dumps(doc)) == doc


def test_flow_yaml_values():
    from argmap.io.argdown_yaml import parse_flow

    assert parse_flow("{kind: pro, strength: .5, tags: [a, 'b, c', \"d\\u00e9\"], n: ~, ok: true, big: 1e3}") == {
        "kind": "pro", "strength": 0.5, "tags": ["a", "b, c", "dé"], "n": None, "ok": True, "big": 1000.0}
    assert parse_flow("{note: 'it''s', url: http://x.org/a, nested: {a: {b: [1, [2]]}}, empty: }") == {
        "note": "it's", "url": "http://x.org/a", "nested": {"a": {"b": [1, [2]]}}, "empty": None}
    assert parse_flow('{"a": "x\\/y", "b": -2}') == {"a": "x/y", "b": -2}


@pytest.mark.parametrize("text, words", [("{a: [1, 2}", "expected ','"), ("{a: 'open}", "not closed"),
                                         ('{a: "\\q"}', "unknown escape"), ("{a: 1} tail", "after the value")])
def test_flow_yaml_errors(text, words):
    from argmap.io.argdown_yaml import YamlError, parse_flow

    with pytest.raises(YamlError, match=words):
        parse_flow(text)


def test_frontmatter_keys_block_scalars_and_nested_blocks():
    from argmap.io.argdown_yaml import parse_frontmatter

    front = parse_frontmatter("title: 'A: map' # comment\nauthor: Me\nabstract: >\n  two\n  lines\n"
                              "model:\n  mode: strict\nlist: [1, 2]\n")
    assert front == {"title": "A: map", "author": "Me", "abstract": "two lines", "model": "  mode: strict",
                     "list": [1, 2]}
