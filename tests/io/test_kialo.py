"""Kialo's .txt export: theses under the question, reused claims as links, escapes, and bad lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.errors import DocumentError
from argmap.io import kialo
from argmap.model.rules import check

FIXTURES = Path(__file__).parent.parent / "fixtures" / "kialo"


def outline(doc) -> list[tuple[int, str, str]]:
    return [(doc.depth(n.id), n.kind.value, n.id) for n in doc.walk()]


def test_a_discussion_becomes_a_question_with_its_thesis_as_an_option():
    doc, warnings = kialo.read_with_diagnostics(FIXTURES / "school-uniforms.txt")
    assert warnings == []
    assert doc.title == "Should state schools require uniforms?"
    assert outline(doc) == [
        (0, "question", "q"), (1, "option", "1"), (2, "pro", "1.1"), (3, "con", "1.1.1"), (4, "pro", "1.1.1.1"),
        (3, "pro", "1.1.2"), (2, "con", "1.2"), (3, "pro", "1.2.2"), (3, "con", "1.2.3"), (2, "con", "1.3"),
        (3, "con", "1.3.1")]
    assert check(doc) == []


def test_reused_claims_are_links_to_the_one_claim_not_copies():
    doc = kialo.read(FIXTURES / "school-uniforms.txt")
    # 1.2.1 (Con: -> See 1.1.) and 1.3.2 (Pro: -> See 1.2.2.) make no nodes of their own.
    assert not doc.has_node("1.2.1") and not doc.has_node("1.3.2")
    assert sorted((ln.source, ln.kind.value, ln.target) for ln in doc.links) == [
        ("1.1", "attacks", "1.2"), ("1.2.2", "supports", "1.3")]
    texts = [n.text for n in doc.nodes]
    assert len(texts) == len(set(texts))


def test_escapes_are_undone_and_lines_that_go_on_join_their_claim():
    doc = kialo.read(FIXTURES / "school-uniforms.txt")
    assert doc.node("1.1.1").text.endswith("the expensive bag (uniform or not).")
    assert "clothes *and* still" in doc.node("1.3.1").text
    assert "[two districts](https://example.org/survey)" in doc.node("1.1.2").text
    assert doc.node("1.2.2").text.splitlines() == [
        "Uniforms are sold by a few approved shops, which keep prices high.",
        "Many parents said so in the consultation.",
        "Second-hand uniform sales only help where a school runs them."]


def test_several_theses_are_options_side_by_side_and_faults_are_warnings_with_line_numbers():
    doc, warnings = kialo.read_with_diagnostics(FIXTURES / "city-transport.txt")
    assert [n.id for n in doc.children("q")] == ["1", "2", "3"]
    assert all(n.kind.value == "option" for n in doc.children("q"))
    assert [(ln.source, ln.kind.value, ln.target) for ln in doc.links] == [("1.2", "supports", "2.2")]
    assert [f"{w.path}: {w.message}" for w in warnings] == [
        "line 13: numbering gap: 3.3. where 3.2. was expected",
        "line 14: '-> See 9.9.' names no claim of this discussion; left out"]
    assert check(doc) == []


def test_a_claim_whose_parent_is_missing_goes_under_the_nearest_claim_above():
    doc, warnings = kialo.loads_with_diagnostics("Discussion Title: T\n\n1. A\n1.1. Pro: B\n1.4.2. Con: C\n")
    assert doc.node("1.4.2").parent == "1.1" or doc.node("1.4.2").parent == "1"
    assert any("has no claim 1.4." in w.message and w.path == "line 5" for w in warnings)


def test_a_numbered_line_without_pro_or_con_is_read_as_a_pro_with_a_warning():
    doc, warnings = kialo.loads_with_diagnostics("1. A\n1.1. no stance here\n")
    assert doc.node("1.1").kind.value == "pro"
    assert [w.path for w in warnings] == ["line 2"]


@pytest.mark.parametrize("text, words, line", [
    ("Discussion Title: T\n\nthis is not a claim\n1. A\n", "expected 'Discussion Title: ...' or a numbered claim", 3),
    ("Discussion Title: T\n\n", "no numbered claims found", None),
    ("", "no numbered claims found", None),
])
def test_unreadable_exports_are_one_line_with_the_line_number(tmp_path, text, words, line):
    path = tmp_path / "bad.txt"
    path.write_text(text)
    with pytest.raises(DocumentError) as err:
        kialo.read(path)
    message = str(err.value)
    where = f"{path}:{line}" if line else str(path)
    assert message.startswith(where + ":") and words in message and "\n" not in message


def test_is_kialo_looks_at_the_first_line():
    assert kialo.is_kialo("Discussion Title: x\n\n1. y")
    assert kialo.is_kialo("\n1. A thesis\n1.1. Pro: b")
    assert not kialo.is_kialo("[A]: text\n  + <B>")


def test_older_exports_and_claims_under_a_reuse():
    text = ("Discussion Name: Old style\n\n1. A\n1.1. Pro: B\n1.2. Con: -> See 1.1.\n1.2.1. Con: C answers B\n")
    doc, warnings = kialo.loads_with_diagnostics(text)
    assert doc.title == "Old style" and warnings == []
    assert doc.node("1.2.1").parent == "1.1"  # under the claim the reuse stands for
    assert [(ln.source, ln.kind.value, ln.target) for ln in doc.links] == [("1.1", "attacks", "1")]


def test_a_stray_line_after_the_claims_began_is_a_warning_and_the_rest_is_read():
    text = "Discussion Title: x\n\n1. Thesis\n1.1. Con: -> See 1.\nwhat is this\n1.2. Pro: fine\n"
    doc, warnings = kialo.loads_with_diagnostics(text)
    assert "line 5: 'what is this' is neither a claim nor the text of one; left out" in [str(w) for w in warnings]
    assert [n.text for n in doc.nodes] == ["x", "Thesis", "fine"]
