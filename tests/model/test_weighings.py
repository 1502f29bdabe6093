"""Weighings: other people's values for the same map, switched onto the nodes and back, in the file format."""

from __future__ import annotations

import json

import pytest

from argmap.errors import NotFoundError, RuleError
from argmap.io import jsondoc
from argmap.model import Document
from argmap.model import weighings as W


def _map() -> Document:
    return Document.model_validate({
        "question": "q",
        "perspectives": [{"id": "a", "name": "A", "weight": 2}, {"id": "b", "name": "B", "weight": 1}],
        "nodes": [
            {"id": "q", "kind": "question", "text": "Which?"},
            {"id": "o1", "kind": "option", "parent": "q", "text": "One", "impact": {"a": -1}},
            {"id": "c1", "kind": "consequence", "parent": "o1", "text": "Good", "likelihood": 0.5,
             "impact": {"a": 4, "b": 2}},
            {"id": "p1", "kind": "pro", "parent": "c1", "text": "Because", "strength": 0.4},
            {"id": "o2", "kind": "option", "parent": "q", "order": 1, "text": "Two"},
            {"id": "c2", "kind": "consequence", "parent": "o2", "text": "Fine", "likelihood": 0.9,
             "impact": {"a": 1, "b": 1}},
        ],
    })


def _student(doc: Document, wid: str, likelihood: float, name: str = "") -> W.Weighing:
    w = W.capture(doc, wid, name or wid)
    w.values["c1"].likelihood = likelihood
    w.weights["b"] = 3.0
    return w


def test_capture_takes_every_value_and_weight():
    w = W.capture(_map(), "s", "Sam")
    assert set(w.values) == {"o1", "c1", "p1", "c2"}
    assert w.values["c1"].impact == {"a": 4, "b": 2} and w.values["p1"].strength == 0.4
    assert w.weights == {"a": 2, "b": 1} and w.name == "Sam"


def test_switching_puts_a_weighing_on_the_nodes_and_the_authors_values_aside():
    doc = _map()
    W.AddWeighing(_student(doc, "s1", 0.1)).apply(doc)
    back = W.SwitchWeighing("s1").apply(doc)
    assert doc.active_weighing == "s1" and doc.node("c1").likelihood == 0.1 and doc.perspective("b").weight == 3
    assert W.find(doc, W.AUTHOR).values["c1"].likelihood == 0.5
    # Editing a value now edits the active weighing, not the author's.
    doc.node("c1").likelihood = 0.2
    values = {w.id: w.values["c1"].likelihood for w in W.all_weighings(doc)}
    assert values == {"author": 0.5, "s1": 0.2}
    back.apply(doc)
    assert doc.active_weighing is None and doc.node("c1").likelihood == 0.5 and doc.perspective("b").weight == 1
    assert [w.id for w in doc.weighings] == ["s1"] and W.find(doc, "s1").values["c1"].likelihood == 0.2


def test_switching_between_two_students_and_undoing_restores_everything():
    doc = _map()
    W.AddWeighing(_student(doc, "s1", 0.1)).apply(doc)
    W.AddWeighing(_student(doc, "s2", 0.7)).apply(doc)
    before = doc.model_copy(deep=True)
    undo1 = W.SwitchWeighing("s1").apply(doc)
    undo2 = W.SwitchWeighing("s2").apply(doc)
    assert doc.node("c1").likelihood == 0.7 and W.find(doc, "s1").values["c1"].likelihood == 0.1
    undo2.apply(doc)
    undo1.apply(doc)
    assert doc.node("c1").likelihood == before.node("c1").likelihood and doc.active_weighing is None
    assert {w.id: w.values["c1"].likelihood for w in doc.weighings} == {"s1": 0.1, "s2": 0.7}


def test_a_weighing_is_complete_what_it_leaves_out_is_unweighed():
    doc = _map()
    W.AddWeighing(W.Weighing(id="blank", name="New")).apply(doc)
    W.SwitchWeighing("blank").apply(doc)
    assert doc.node("c1").likelihood is None and doc.node("c1").impact == {} and doc.node("p1").strength is None
    assert doc.perspective("a").weight == 2  # weights left out keep the map's


def test_weighing_document_gives_any_weighing_without_touching_the_map():
    doc = _map()
    W.AddWeighing(_student(doc, "s1", 0.1)).apply(doc)
    copy = W.weighing_document(doc, "s1")
    assert copy.node("c1").likelihood == 0.1 and doc.node("c1").likelihood == 0.5
    assert W.weighing_document(doc, None).node("c1").likelihood == 0.5
    with pytest.raises(NotFoundError):
        W.weighing_document(doc, "nobody")


def test_add_remove_rename_and_their_refusals():
    doc = _map()
    undo = W.AddWeighing(_student(doc, "s1", 0.1)).apply(doc)
    with pytest.raises(RuleError):
        W.AddWeighing(_student(doc, "s1", 0.3)).apply(doc)
    with pytest.raises(RuleError):
        W.AddWeighing(W.Weighing(id=W.AUTHOR)).apply(doc)
    W.RenameWeighing("s1", "K7Q").apply(doc).apply(doc)
    assert W.find(doc, "s1").name == "s1"
    W.SwitchWeighing("s1").apply(doc)
    with pytest.raises(RuleError):
        W.RemoveWeighing("s1").apply(doc)
    W.SwitchWeighing(None).apply(doc)
    undo.apply(doc)
    assert doc.weighings == []


def test_weighings_survive_a_save_and_version_1_files_load_as_version_2(tmp_path):
    doc = _map()
    W.AddWeighing(_student(doc, "s1", 0.1, "Ann")).apply(doc)
    W.SwitchWeighing("s1").apply(doc)
    W.SetAuthor("  Mr   Khan ").apply(doc)
    path = tmp_path / "class.argmap.json"
    jsondoc.write(doc, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 2 and data["active_weighing"] == "s1" and data["author"] == "Mr Khan"
    again = jsondoc.read(path)
    assert again == doc
    old = _map().dump()
    old["version"] = 1
    v1 = tmp_path / "old.argmap.json"
    v1.write_text(json.dumps(old), encoding="utf-8")
    loaded = jsondoc.read(v1)
    assert loaded.version == 2 and loaded.weighings == [] and loaded.active_weighing is None


def test_a_weighing_with_a_value_out_of_range_is_refused_with_its_place(tmp_path):
    data = _map().dump()
    data["weighings"] = [{"id": "s1", "values": {"c1": {"likelihood": 1.5}}}]
    path = tmp_path / "bad.argmap.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(Exception) as info:
        jsondoc.read(path)
    assert "weighings[0].values.c1.likelihood" in str(info.value) or "weighings" in str(info.value)


def test_switching_keeps_a_students_suggested_changes():
    from argmap.model.document import Change

    doc = _map()
    w = _student(doc, "s1", 0.1)
    w.changes = [Change(kind="reworded", node="c1", detail="Good → Great")]
    W.AddWeighing(w).apply(doc)
    back = W.SwitchWeighing("s1").apply(doc)
    assert [c.node for c in next(x for x in W.all_weighings(doc) if x.id == "s1").changes] == ["c1"]
    back.apply(doc)
    assert [c.detail for c in W.find(doc, "s1").changes] == ["Good → Great"]
