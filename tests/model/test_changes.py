"""Structural changes in a copy of a map, and adopting a student's added branch (undoably)."""

from __future__ import annotations

import pytest

from argmap.errors import NotFoundError, RuleError
from argmap.model import Document, Kind, Node, Perspective
from argmap.model import edits as E
from argmap.model import weighings as W
from argmap.model.changes import AdoptChange, structural_changes
from argmap.model.document import Change, Weighing


def _map() -> Document:
    doc = Document(title="Lunch", perspectives=[Perspective(id="me", name="Me")])
    rows = [
        ("q", Kind.QUESTION, None, "Where do we eat?"),
        ("o1", Kind.OPTION, "q", "The canteen"),
        ("o2", Kind.OPTION, "q", "The park"),
        ("c1", Kind.CONSEQUENCE, "o1", "Warm food"),
        ("c2", Kind.CONSEQUENCE, "o1", "Long queue"),
        ("p1", Kind.PRO, "c1", "The soup is good"),
        ("e1", Kind.EVIDENCE, "p1", "Last week's soup"),
        ("c3", Kind.CONSEQUENCE, "o2", "Fresh air"),
    ]
    for nid, kind, parent, text in rows:
        E.AddNode(Node(id=nid, kind=kind, parent=parent, text=text)).apply(doc)
    for nid, x in (("c1", 0.8), ("c2", 0.5), ("c3", 0.9)):
        E.SetLikelihood(nid, x).apply(doc)
        E.SetImpact(nid, "me", 3.0).apply(doc)
    E.SetStrength("p1", 0.6).apply(doc)
    E.SetStrength("e1", 0.4).apply(doc)
    return doc


def _copy(doc: Document) -> Document:
    copy = doc.model_copy(deep=True)
    copy.invalidate()
    return copy


def test_an_unchanged_copy_has_no_changes_and_values_are_not_structure():
    doc = _map()
    copy = _copy(doc)
    E.SetLikelihood("c1", 0.1).apply(copy)
    E.SetStrength("p1", 0.9).apply(copy)
    E.MoveNode("c2", "o1", 0).apply(copy)  # a new order among the same siblings
    assert structural_changes(doc, copy) == []


def test_an_added_branch_is_one_change_at_its_topmost_node_with_the_whole_branch():
    doc = _map()
    copy = _copy(doc)
    E.AddNode(Node(id="c9", kind=Kind.CONSEQUENCE, parent="o2", text="Rain", likelihood=0.3)).apply(copy)
    E.AddNode(Node(id="k9", kind=Kind.CON, parent="c9", text="Wet sandwiches", strength=0.7)).apply(copy)
    E.AddNode(Node(id="p8", kind=Kind.PRO, parent="c1", text="Hot tea")).apply(copy)
    changes = structural_changes(doc, copy)
    assert [(c.kind, c.node, c.parent) for c in changes] == [("added", "p8", "c1"), ("added", "c9", "o2")]
    rain = next(c for c in changes if c.node == "c9")
    assert [n.id for n in rain.branch] == ["c9", "k9"]
    assert rain.branch[1].strength == 0.7 and rain.branch[0].likelihood == 0.3
    assert "Rain" in rain.detail and "The park" in rain.detail and "1 node under it" in rain.detail
    # The branch is a copy: changing the student's copy afterwards does not change the suggestion.
    E.SetText("c9", "Sun").apply(copy)
    assert rain.branch[0].text == "Rain"


def test_a_deleted_branch_is_one_change_at_its_topmost_node():
    doc = _map()
    copy = _copy(doc)
    E.DeleteBranch("c1").apply(copy)
    changes = structural_changes(doc, copy)
    assert [(c.kind, c.node) for c in changes] == [("deleted", "c1")]
    assert "Warm food" in changes[0].detail and "2 nodes under it" in changes[0].detail


def test_a_reworded_node_says_old_and_new_shortened():
    doc = _map()
    copy = _copy(doc)
    E.SetText("c2", "A very long queue " + "that goes round the block " * 6).apply(copy)
    E.SetTitle("c3", "Air").apply(copy)
    changes = structural_changes(doc, copy)
    assert [(c.kind, c.node) for c in changes] == [("reworded", "c2"), ("reworded", "c3")]
    assert changes[0].detail.startswith("'Long queue' → 'A very long queue")
    assert changes[0].detail.endswith("…'") and len(changes[0].detail) < 100
    assert changes[1].detail == "title '' → 'Air'"


def test_a_moved_node_names_its_old_and_new_parent():
    doc = _map()
    copy = _copy(doc)
    E.MoveNode("p1", "c3").apply(copy)
    changes = structural_changes(doc, copy)
    assert [(c.kind, c.node, c.parent) for c in changes] == [("moved", "p1", "c3")]
    assert changes[0].detail == "'The soup is good' from under 'Warm food' to under 'Fresh air'"


def test_every_kind_of_change_together():
    doc = _map()
    copy = _copy(doc)
    E.AddNode(Node(id="c9", kind=Kind.CONSEQUENCE, parent="o2", text="Rain")).apply(copy)
    E.MoveNode("p1", "c9").apply(copy)  # an existing node moved under an added one stays a move
    E.DeleteBranch("c2").apply(copy)
    E.SetText("o1", "The new canteen").apply(copy)
    kinds = [(c.kind, c.node) for c in structural_changes(doc, copy)]
    assert kinds == [("added", "c9"), ("deleted", "c2"), ("reworded", "o1"), ("moved", "p1")]
    added = structural_changes(doc, copy)[0]
    assert [n.id for n in added.branch] == ["c9"]  # the moved pro is not part of the added branch


def _class_with_suggestion(ids: tuple[str, str] = ("c9", "k9")) -> tuple[Document, Document]:
    doc = _map()
    copy = _copy(doc)
    E.AddNode(Node(id=ids[0], kind=Kind.CONSEQUENCE, parent="o2", text="Rain", likelihood=0.3,
                   impact={"me": -4.0})).apply(copy)
    E.AddNode(Node(id=ids[1], kind=Kind.CON, parent=ids[0], text="Wet sandwiches", strength=0.7)).apply(copy)
    E.SetText("c2", "Short queue").apply(copy)
    w = W.capture(copy, "s1", "Ann")
    w.changes = structural_changes(doc, copy)
    W.AddWeighing(w).apply(doc)
    return doc, copy


def test_adopting_an_added_branch_puts_it_under_its_parent_and_undo_restores_the_map():
    doc, _ = _class_with_suggestion()
    before = doc.model_copy(deep=True)
    assert [c.kind for c in W.find(doc, "s1").changes] == ["added", "reworded"]
    inverse = AdoptChange("s1", 0).apply(doc)
    assert [n.id for n in doc.children("o2")] == ["c3", "c9"]
    assert doc.node("k9").parent == "c9" and doc.node("k9").strength == 0.7
    assert doc.node("c9").likelihood == 0.3 and doc.node("c9").impact == {"me": -4.0}
    ann = W.find(doc, "s1")
    assert [c.kind for c in ann.changes] == ["reworded"]
    assert ann.values["c9"].likelihood == 0.3 and ann.values["k9"].strength == 0.7
    redo = inverse.apply(doc)
    assert doc == before
    redo.apply(doc)
    assert doc.has_node("c9") and [c.kind for c in W.find(doc, "s1").changes] == ["reworded"]


def test_adopted_ids_that_clash_get_new_ones():
    # Another student's adopted branch, or an edit since, may hold the ids the copy gave its branch.
    doc2 = _map()
    W.AddWeighing(Weighing(id="s1", name="Ann", changes=[Change(
        kind="added", node="c1", parent="o2", branch=[
            Node(id="c1", kind=Kind.CONSEQUENCE, parent="o2", text="Rain", likelihood=0.3),
            Node(id="p1", kind=Kind.CON, parent="c1", text="Wet sandwiches", strength=0.7)])])).apply(doc2)
    before = doc2.model_copy(deep=True)
    inverse = AdoptChange("s1", 0).apply(doc2)
    (new,) = [n for n in doc2.children("o2") if n.text == "Rain"]
    assert new.id not in ("c1", "p1")
    (con,) = doc2.children(new.id)
    assert con.id not in ("c1", "p1", new.id) and con.text == "Wet sandwiches"
    assert doc2.node("c1").text == "Warm food" and doc2.node("p1").text == "The soup is good"
    inverse.apply(doc2)
    assert doc2 == before


def test_only_added_changes_can_be_adopted():
    doc, _ = _class_with_suggestion()
    before = doc.model_copy(deep=True)
    with pytest.raises(RuleError, match="Only an added branch can be adopted; 'c2' was reworded"):
        AdoptChange("s1", 1).apply(doc)
    with pytest.raises(NotFoundError, match="no change number 5"):
        AdoptChange("s1", 5).apply(doc)
    with pytest.raises(NotFoundError, match="no weighing"):
        AdoptChange("nobody", 0).apply(doc)
    assert doc == before


def test_adopting_is_refused_when_the_parent_is_gone_or_the_kinds_break_the_rules():
    doc, _ = _class_with_suggestion()
    E.DeleteBranch("o2").apply(doc)
    before = doc.model_copy(deep=True)
    with pytest.raises(RuleError, match="hangs under 'o2', which is not in the map"):
        AdoptChange("s1", 0).apply(doc)
    assert doc == before
    bad = _map()
    W.AddWeighing(Weighing(id="s1", changes=[Change(
        kind="added", node="x", parent="c1",
        branch=[Node(id="x", kind=Kind.OPTION, parent="c1", text="An option under a consequence")])])).apply(bad)
    before = bad.model_copy(deep=True)
    with pytest.raises(RuleError, match="An option cannot hang under a consequence"):
        AdoptChange("s1", 0).apply(bad)
    inner = _map()
    W.AddWeighing(Weighing(id="s1", changes=[Change(
        kind="added", node="x", parent="c1",
        branch=[Node(id="x", kind=Kind.PRO, parent="c1", text="ok"),
                Node(id="y", kind=Kind.CONSEQUENCE, parent="x", text="not under a pro")])])).apply(inner)
    inner_before = inner.model_copy(deep=True)
    with pytest.raises(RuleError, match="A consequence cannot hang under a pro"):
        AdoptChange("s1", 0).apply(inner)
    assert bad == before and inner == inner_before
