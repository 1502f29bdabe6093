"""Edits and their inverses: every change undoes exactly, and refused edits change nothing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.errors import NotFoundError, RuleError
from argmap.model import Citation, Document, Kind, Link, LinkKind, Node, Perspective, Source
from argmap.model import edits as E
from argmap.model.rules import ALLOWED_CHILDREN

TEXT = "The quick brown fox jumps over the lazy dog."


def small_map() -> Document:
    doc = Document(
        title="t",
        sources=[Source(id="s", title="S", text=TEXT)],
        perspectives=[Perspective(id="a", name="A", weight=2), Perspective(id="b", name="B")],
    )
    for node in [
        Node(id="q", kind=Kind.QUESTION, text="Which?"),
        Node(id="o1", kind=Kind.OPTION, parent="q", text="One"),
        Node(id="o2", kind=Kind.OPTION, parent="q", text="Two"),
        Node(id="c1", kind=Kind.CONSEQUENCE, parent="o1", text="C1", likelihood=0.5, impact={"a": 3}),
        Node(id="p1", kind=Kind.PRO, parent="c1", text="P1", strength=0.4),
        Node(id="s1", kind=Kind.SCENARIO, parent="o2", text="Fork"),
        Node(id="x1", kind=Kind.CONSEQUENCE, parent="s1", text="X1", likelihood=0.3),
        Node(id="x2", kind=Kind.CONSEQUENCE, parent="s1", text="X2", remainder=True),
    ]:
        E.AddNode(node).apply(doc)
    E.AddLink(Link(source="p1", target="x1", kind=LinkKind.SUPPORTS)).apply(doc)
    return doc


def test_add_node_places_it_among_siblings_and_undoes():
    doc = small_map()
    before = doc.model_copy(deep=True)
    inverse = E.AddNode(Node(id="o3", kind=Kind.OPTION, parent="q", text="Three"), index=1).apply(doc)
    assert [n.id for n in doc.children("q")] == ["o1", "o3", "o2"]
    assert [n.order for n in doc.children("q")] == [0, 1, 2]
    inverse.apply(doc)
    assert doc == before


def test_delete_branch_removes_subtree_and_links_and_restores_exactly():
    doc = small_map()
    before = doc.model_copy(deep=True)
    inverse = E.DeleteBranch("o1").apply(doc)
    assert not doc.has_node("c1") and not doc.has_node("p1")
    assert doc.links == []
    assert [n.order for n in doc.children("q")] == [0]
    redo = inverse.apply(doc)
    assert doc == before
    redo.apply(doc)
    assert not doc.has_node("o1")


def test_root_question_cannot_be_deleted_or_moved():
    doc = small_map()
    with pytest.raises(RuleError, match="question cannot be deleted"):
        E.DeleteBranch("q").apply(doc)
    with pytest.raises(RuleError):
        E.MoveNode("q", "o1").apply(doc)
    alone = Document()
    E.AddNode(Node(id="q", kind=Kind.QUESTION)).apply(alone)
    with pytest.raises(RuleError, match="question cannot be deleted"):
        E.DeleteBranch("q").apply(alone)
    assert alone.has_node("q")


def test_move_refuses_own_branch_and_forbidden_kinds():
    doc = small_map()
    before = doc.model_copy(deep=True)
    with pytest.raises(RuleError, match="under itself"):
        E.MoveNode("c1", "p1").apply(doc)
    with pytest.raises(RuleError, match="A consequence cannot hang under a question"):
        E.MoveNode("c1", "q").apply(doc)
    assert doc == before


def test_move_reparents_and_inverse_restores_order():
    doc = small_map()
    before = doc.model_copy(deep=True)
    inverse = E.MoveNode("c1", "o2", 0).apply(doc)
    assert [n.id for n in doc.children("o2")] == ["c1", "s1"]
    assert doc.children("o1") == []
    inverse.apply(doc)
    assert doc == before


def test_reorder_within_siblings():
    doc = small_map()
    E.MoveNode("o2", "q", 0).apply(doc)
    assert [n.id for n in doc.children("q")] == ["o2", "o1"]


def test_pro_under_question_is_refused_with_clear_message():
    doc = small_map()
    with pytest.raises(RuleError) as info:
        E.AddNode(Node(id="bad", kind=Kind.PRO, parent="q")).apply(doc)
    assert str(info.value) == "A pro cannot hang under a question: it takes notes, options or scenarios."
    assert not doc.has_node("bad")


def test_set_kind_checks_parent_and_children():
    doc = small_map()
    with pytest.raises(RuleError):
        E.SetKind("c1", Kind.NOTE).apply(doc)  # it has a pro under it
    inverse = E.SetKind("p1", Kind.CON).apply(doc)
    assert doc.node("p1").kind is Kind.CON
    inverse.apply(doc)
    assert doc.node("p1").kind is Kind.PRO


def test_out_of_range_weights_are_refused_and_leave_the_value():
    doc = small_map()
    with pytest.raises(RuleError, match="1.7 is above 1"):
        E.SetLikelihood("c1", 1.7).apply(doc)
    assert doc.node("c1").likelihood == 0.5
    with pytest.raises(RuleError, match="outside the map's scale"):
        E.SetImpact("c1", "a", 11).apply(doc)
    with pytest.raises(NotFoundError):
        E.SetImpact("c1", "nobody", 1).apply(doc)
    with pytest.raises(RuleError):
        E.SetPerspectiveWeight("a", -1).apply(doc)


def test_unweighing_sets_none_not_zero():
    doc = small_map()
    inverse = E.SetLikelihood("c1", None).apply(doc)
    assert doc.node("c1").likelihood is None
    inverse.apply(doc)
    assert doc.node("c1").likelihood == 0.5
    inverse = E.SetImpact("c1", "a", None).apply(doc)
    assert "a" not in doc.node("c1").impact
    inverse.apply(doc)
    assert doc.node("c1").impact == {"a": 3}


def test_citations_links_and_perspectives_round_trip():
    doc = small_map()
    before = doc.model_copy(deep=True)
    steps = [
        E.AddCitation("c1", Citation(source="s", quote="quick brown", start=4, end=15)),
        E.AddLink(Link(source="p1", target="c1", kind=LinkKind.ATTACKS)),
        E.RemoveLink("p1", "x1", LinkKind.SUPPORTS),
        E.SetPerspectiveWeight("b", 0.25),
        E.SetPerspective("a", "name", "Alpha"),
        E.RemovePerspective("a"),
        E.AddPerspective(Perspective(id="c", name="C")),
        E.SetMapField("title", "New"),
        E.SetCollapsed("o1", True),
    ]
    inverses = [s.apply(doc) for s in steps]
    assert all("a" not in n.impact for n in doc.nodes)
    for inv in reversed(inverses):
        inv.apply(doc)
    assert doc == before


def test_duplicate_link_and_id_are_refused():
    doc = small_map()
    with pytest.raises(RuleError, match="already exists"):
        E.AddLink(Link(source="p1", target="x1", kind=LinkKind.SUPPORTS)).apply(doc)
    with pytest.raises(RuleError, match="already exists"):
        E.AddNode(Node(id="c1", kind=Kind.OPTION, parent="q")).apply(doc)


def test_batch_is_all_or_nothing():
    doc = small_map()
    before = doc.model_copy(deep=True)
    with pytest.raises(RuleError):
        E.Batch((E.SetText("c1", "changed"), E.SetLikelihood("c1", 2.0))).apply(doc)
    assert doc == before
    inverse = E.Batch((E.SetText("c1", "changed"), E.SetLikelihood("c1", 0.9))).apply(doc)
    inverse.apply(doc)
    assert doc == before


# -- property: random edit sequences undo and redo exactly ---------------------------

_CHILD_OF = {k: sorted(v, key=lambda x: x.value) for k, v in ALLOWED_CHILDREN.items()}


def _random_edit(data, doc: Document, counter: list[int]):
    ids = [n.id for n in doc.nodes]
    node = doc.node(data.draw(st.sampled_from(ids)))
    choice = data.draw(st.integers(0, 12))
    if choice == 0:
        counter[0] += 1
        kind = data.draw(st.sampled_from(_CHILD_OF[node.kind]))
        new = Node(id=f"new{counter[0]}", kind=kind, parent=node.id, text=data.draw(st.text(max_size=8)))
        return E.AddNode(new, data.draw(st.none() | st.integers(0, 4)))
    if choice == 1:
        return E.DeleteBranch(node.id)
    if choice == 2:
        return E.MoveNode(node.id, data.draw(st.sampled_from(ids)), data.draw(st.none() | st.integers(0, 4)))
    if choice == 3:
        return E.SetText(node.id, data.draw(st.text(max_size=12)))
    if choice == 4:
        return E.SetKind(node.id, data.draw(st.sampled_from(list(Kind))))
    if choice == 5:
        return E.SetLikelihood(node.id, data.draw(st.none() | st.floats(0, 1)))
    if choice == 6:
        return E.SetStrength(node.id, data.draw(st.none() | st.floats(0, 1)))
    if choice == 7:
        return E.SetImpact(node.id, data.draw(st.sampled_from(["a", "b"])), data.draw(st.none() | st.floats(-10, 10)))
    if choice == 8:
        return E.SetTags(node.id, data.draw(st.lists(st.sampled_from(["x", "y", "z"]), max_size=3)))
    if choice == 9:
        start = data.draw(st.integers(0, len(TEXT) - 2))
        end = data.draw(st.integers(start + 1, len(TEXT)))
        return E.AddCitation(node.id, Citation(source="s", quote=TEXT[start:end], start=start, end=end))
    if choice == 10:
        return E.RemoveCitation(node.id, data.draw(st.integers(0, 2)))
    if choice == 11:
        kind = data.draw(st.sampled_from(list(LinkKind)))
        return E.AddLink(Link(source=node.id, target=data.draw(st.sampled_from(ids)), kind=kind))
    return E.SetPerspectiveWeight(data.draw(st.sampled_from(["a", "b"])), data.draw(st.floats(0, 5)))


def assert_index_current(doc: Document) -> None:
    """The look-up index the edits keep up to date equals one built afresh from the node list."""
    groups: dict = {}
    for node in doc.nodes:
        groups.setdefault(node.parent, []).append(node)
    for parent, group in groups.items():
        group.sort(key=lambda n: n.order)
        assert [n.id for n in doc.children(parent)] == [n.id for n in group]
        assert [n.order for n in group] == list(range(len(group)))
    for node in doc.nodes:
        assert doc.node(node.id) is node
    assert len(doc._index()) == len(doc.nodes)
    assert sum(len(g) for g in doc._child_index().values()) == len(doc.nodes)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_edit_sequences_undo_and_redo_exactly(data):
    doc = small_map()
    start = doc.model_copy(deep=True)
    counter = [0]
    applied = []
    for _ in range(data.draw(st.integers(1, 25))):
        edit = _random_edit(data, doc, counter)
        snapshot = doc.model_copy(deep=True)
        try:
            inverse = edit.apply(doc)
        except (RuleError, NotFoundError):
            assert doc == snapshot, f"refused {edit} changed the document"
            assert_index_current(doc)
            continue
        applied.append(inverse)
        assert_index_current(doc)
    end = doc.model_copy(deep=True)
    redos = []
    for inverse in reversed(applied):
        redos.append(inverse.apply(doc))
        assert_index_current(doc)
    assert doc == start
    for redo in reversed(redos):
        redo.apply(doc)
    assert doc == end
    # The index stays true to the data through it all.
    for node in doc.nodes:
        assert doc.node(node.id) is node
        assert node in doc.children(node.parent)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_an_edit_cannot_put_a_number_that_is_not_finite_into_the_map(value):
    from argmap.errors import ArgmapError
    from argmap.model import Document
    from argmap.model import edits as E

    doc = Document.model_validate({"question": "q", "perspectives": [{"id": "a", "name": "A"}], "nodes": [
        {"id": "q", "kind": "question", "text": "Q"},
        {"id": "o", "kind": "option", "parent": "q", "text": "O"},
        {"id": "c", "kind": "consequence", "parent": "o", "text": "C", "likelihood": 0.5, "impact": {"a": 1}}]})
    for edit in (E.SetImpact("c", "a", value), E.SetLikelihood("c", value), E.SetPerspectiveWeight("a", value)):
        with pytest.raises(ArgmapError):
            edit.apply(doc)
    assert doc.node("c").impact == {"a": 1} and doc.node("c").likelihood == 0.5 and doc.perspective("a").weight == 1
