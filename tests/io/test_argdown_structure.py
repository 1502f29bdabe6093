"""Argdown's structure kept through argmap: undercuts, premise-conclusion structures, strict mode, namespaces."""

from __future__ import annotations

from pathlib import Path

from argmap.io import argdown
from argmap.model.document import Document, Kind, Link, Node
from argmap.model.rules import check

SAMPLES = Path(__file__).parent / "argdown"


def link_set(doc: Document) -> set[tuple[str, str, str]]:
    return {(ln.source, ln.target, ln.kind.value) for ln in doc.links}


def lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines()]


# -- undercuts ------------------------------------------------------------------------------


def test_an_undercut_in_a_tree_is_written_back_as_an_undercut():
    doc = argdown.read(SAMPLES / "relations.argdown")
    text = argdown.dumps(doc)
    assert any(ln.startswith("<_ <Fixed>") for ln in lines(text))
    assert any(ln.startswith("<_ <Luck>") for ln in lines(text))
    assert not any(ln.startswith("<- <Fixed>") for ln in lines(text))
    assert argdown.loads(text) == doc


def test_an_undercut_link_under_its_argument_is_not_written_twice():
    doc = Document(question="q", nodes=[
        Node(id="q", kind=Kind.QUESTION, text="Q?"), Node(id="o", kind=Kind.OPTION, text="O", parent="q"),
        Node(id="a", kind=Kind.PRO, text="A", parent="o"), Node(id="u", kind=Kind.CON, text="U", parent="a")],
        links=[Link.model_validate({"from": "o", "to": "q", "kind": "supports"}),
               Link.model_validate({"from": "u", "to": "a", "kind": "undercuts"})])
    text = argdown.dumps(doc)
    assert [ln for ln in lines(text) if "<u>" in ln.lower() or "[u]" in ln.lower()] == [
        '<_ <u>: U {"kind": "con", "title": null}']
    assert "link_order" in text  # the undercut is read before the supports link
    assert argdown.loads(text) == doc


def test_an_undercut_of_a_non_argument_is_a_warning():
    doc = Document(question="q", nodes=[
        Node(id="q", kind=Kind.QUESTION, text="Q?"), Node(id="o", kind=Kind.OPTION, text="O", parent="q"),
        Node(id="c", kind=Kind.CON, text="C", parent="o")],
        links=[Link.model_validate({"from": "c", "to": "o", "kind": "undercuts"})])
    found = [d for d in check(doc) if d.path == "links[0]"]
    assert found and found[0].severity == "warning" and "inference" in found[0].message


# -- premise-conclusion structures -----------------------------------------------------------


def test_a_premise_conclusion_structure_is_kept_on_the_argument_and_written_back():
    doc = argdown.read(SAMPLES / "pcs.argdown")
    assert doc.node("Cheap").model_extra["argdown"]["pcs"] == [
        "s1", "Rule", {}, "s2", "s3", {"rules": ["Modus ponens"], "data": {"uses": [3, 4]}}, "P"]
    assert doc.node("s1").model_extra["argdown"] == {"ns": "statement"}
    text = argdown.dumps(doc)
    got = lines(text)
    start = got.index("<Cheap>")
    assert got[start + 2].startswith("(1) [s1]: P costs little.")
    assert got[start + 3].startswith("(2) [Rule]: Cheap policies should be adopted.")
    assert got[start + 4] == "----"
    assert got[start + 7:start + 11] == ["--", 'Modus ponens {"uses": [3, 4]}', "--", "(5) [P]"]
    quick = got.index("<Quick>")
    assert got[quick + 2] == "(1) [Rule]"
    # The premises' edges are said by the structures, not as relations or links.
    assert not any(ln.startswith(("<+ [s1]", "<+ [Rule]", "+> <Quick>")) for ln in got)
    assert argdown.loads(text) == doc


def test_a_structure_that_no_longer_fits_the_map_is_kept_as_data():
    doc = argdown.read(SAMPLES / "pcs.argdown")
    doc.node("s4").parent = "P"  # moved away from its argument
    doc.invalidate()
    text = argdown.dumps(doc)
    assert "<Quick>\n\n(1)" not in text
    back = argdown.loads(text)
    assert back.node("Quick").model_extra["argdown"]["pcs"] == ["Rule", "s4", {}, "P"]
    assert back == doc


# -- strict mode, namespaces, contradictions ------------------------------------------------

STRICT = """===
model:
  mode: strict
===

[Q]: Should we go?
  + [Go]: We go.
    + [Sun]: The sun shines.
    - [Rain]: It rains.
      >< [Sun]
"""


def test_strict_mode_is_kept_with_statements_written_as_statements():
    doc = argdown.loads(STRICT)
    assert doc.model_extra["argdown"] == {"mode": "strict"}
    assert doc.node("Sun").kind is Kind.PRO and doc.node("Sun").model_extra["argdown"] == {"ns": "statement"}
    text = argdown.dumps(doc)
    assert "model: {mode: strict}" in text
    got = lines(text)
    assert any(ln.startswith("<+ [Sun]: The sun shines.") for ln in got)  # entails, in strict mode
    assert any(ln.startswith("<- [Rain]: It rains.") for ln in got)  # contrary
    assert "[Rain]" in got and "><" in text and "-> [Sun]" not in text
    assert argdown.loads(text) == doc


def test_a_statement_and_an_argument_may_share_a_title():
    doc = argdown.loads("[Q]: Which?\n  + [X]: a statement\n    + <X>: an argument\n")
    assert [n.title for n in doc.walk()] == ["Q", "X", "X"]
    text = argdown.dumps(doc)
    assert any(ln.startswith("<+ <X>: an argument") for ln in lines(text))
    assert argdown.loads(text) == doc


# -- what argmap adds on import is not written back as Argdown ------------------------------


def test_an_attack_on_the_question_stays_an_attack():
    doc = argdown.read(SAMPLES / "equivalence.argdown")
    assert doc.node("Neither").kind is Kind.OPTION
    text = argdown.dumps(doc)
    assert any(ln.startswith("<- [Neither]: Buy no car.") for ln in lines(text))
    assert argdown.loads(text) == doc


def test_a_made_up_question_is_said_once_and_left_out_of_the_export():
    doc, diagnostics = argdown.loads_with_diagnostics((SAMPLES / "frontmatter.argdown").read_text())
    assert [d.message for d in diagnostics] == [
        ("made up the root question 'Four-day week' and hung 2 top-level elements under it, as its options: "
         "the file has no top-level question")]
    assert "answers one question" in diagnostics[0].hint and "answers one question" in doc.root().note
    text = argdown.dumps(doc)
    assert "Four-day week" not in text.split("===")[-1]  # not an element of the text, only in the frontmatter
    assert lines(text)[lines(text).index("") + 1].startswith("[Four days]: We should work four days a week.")
    assert argdown.loads(text) == doc


def test_elements_that_stood_alone_beside_the_question_are_written_alone():
    doc, diagnostics = argdown.loads_with_diagnostics((SAMPLES / "relations.argdown").read_text())
    assert doc.node("Savings").parent == "Q"
    assert [d.message for d in diagnostics] == [
        "hung 4 top-level elements that stood alone under the question [Q], as its options"]
    got = lines(argdown.dumps(doc))
    assert any(ln.startswith("[Savings]: We save money.") for ln in got)
    assert not any(ln.startswith("<+ [Savings]") for ln in got)
    assert argdown.loads(argdown.dumps(doc)) == doc


def test_tags_in_the_text_and_from_headings_are_written_as_argdown_had_them():
    park = argdown.read(SAMPLES / "tags.argdown").node("Park")
    text = argdown.dumps(argdown.read(SAMPLES / "tags.argdown"))
    assert "[Park]: In the park, #outdoor and free. #cheap #(needs permit)" in text
    headings = argdown.read(SAMPLES / "headings.argdown")
    assert headings.node("Q").tags == ["Options"]
    out = argdown.dumps(headings)
    assert "[Q]: Which language should the course use? {" in out and "#Options" not in out
    assert argdown.loads(out) == headings
    assert park.tags == ["outdoor", "cheap", "needs permit"]


# -- text and data as Argdown reads them ------------------------------------------------------


def test_text_is_argdowns_plain_text_and_block_data_is_data():
    doc = argdown.read(SAMPLES / "markup.argdown")
    # What Argdown 1.7.5 stores for these members (its JSON export), without its trailing spaces.
    assert doc.node("B").text == ("Text with a comment and here. bold and it and em and b2 and label "
                                  "\u00ac \U0001f600 \u2192 end.")
    assert doc.node("C").text == "two spaces  inside, 5 * 3 and so on."
    q = doc.node("Q")
    assert (q.text, q.kind, q.note, q.tags) == ("Should we go?", Kind.QUESTION, "Asked: today", ["plan", "trip"])
    assert q.impact == {"sales": 4.0}
    assert doc.node("D").strength == 0.25 and doc.node("D").parent == "C"
    assert [n.id for n in doc.nodes] == ["Q", "B", "C", "D"]  # no node made of the data lines
    assert argdown.loads(argdown.dumps(doc)) == doc


def test_block_data_errors_name_the_yaml_line():
    import pytest

    from argmap.errors import ArgdownSyntaxError

    with pytest.raises(ArgdownSyntaxError) as info:
        argdown.loads("[Q]: Which? {\n  kind: question\n  - stray\n}\n", "m.argdown")
    assert "not valid YAML" in info.value.message and info.value.source.line == 3


# -- what Argdown has no relation for ----------------------------------------------------------


def _decision() -> Document:
    return Document(question="q", nodes=[
        Node(id="q", kind=Kind.QUESTION, text="Q?"), Node(id="o", kind=Kind.OPTION, text="O", parent="q"),
        Node(id="c", kind=Kind.CONSEQUENCE, text="C", parent="o"),
        Node(id="d", kind=Kind.CONSEQUENCE, text="D", parent="o", order=1),
        Node(id="n", kind=Kind.NOTE, text="N", parent="o", order=2),
        Node(id="e", kind=Kind.EVIDENCE, text="E", parent="c")],
        links=[Link.model_validate({"from": "c", "to": "d", "kind": "leads_to"})])


def test_notes_and_leads_to_links_are_data_not_argdown_relations():
    doc = _decision()
    text = argdown.dumps(doc)
    got = lines(text)
    # A note is no argument: it stands alone and names what it is about.
    assert '[n]: N {"kind": "note", "title": null, "order": 2, "argdown": {"about": "o"}}' in got
    assert not any(ln.startswith(("<+ [n]", "+> [d]")) for ln in got)
    # A leads_to link is no support: the consequence names where it leads in its data.
    assert '<+ [c]: C {"kind": "consequence", "title": null, "argdown": {"leads_to": ["d"]}}' in got
    # Evidence supports its claim in Argdown too, and keeps its kind in its data.
    assert '<+ [e]: E {"kind": "evidence", "title": null}' in got
    assert argdown.loads(text) == doc


def test_about_and_leads_to_work_in_a_hand_written_file():
    doc = argdown.loads("[Q]: Which?\n  + [A]: Go. {kind: option}\n    + [B]: Rain. {kind: consequence, "
                        "argdown: {leads_to: [C]}}\n    + [C]: Floods. {kind: consequence}\n\n"
                        "[N]: Check the forecast. {kind: note, argdown: {about: A}}\n")
    assert doc.node("N").parent == "A" and "argdown" not in doc.node("N").model_extra
    assert link_set(doc) == {("B", "C", "leads_to")}


def test_about_an_unknown_element_is_a_located_error():
    import pytest

    from argmap.errors import ArgdownSyntaxError

    with pytest.raises(ArgdownSyntaxError) as info:
        argdown.loads("[Q]: Which?\n\n[N]: A note. {kind: note, argdown: {about: Nowhere}}\n", "m.argdown")
    assert "about 'Nowhere'" in info.value.message and info.value.source.line == 3


def test_a_nodes_own_argdown_keys_survive_the_round_trip():
    doc = argdown.read(SAMPLES / "pcs.argdown")
    extra = doc.node("Slow").__pydantic_extra__
    extra["argdown"] = {"about": "Q", "leads_to": ["P"], "kept": 1, "rel": "support"}
    doc.node("Quick").__pydantic_extra__["argdown"]["pcs"] = ["Rule", 3, {}, "P"]  # no longer a structure
    text = argdown.dumps(doc)
    back = argdown.loads(text)
    assert back.node("Slow").parent == "Quick" and link_set(back) == link_set(doc)
    assert back == doc
