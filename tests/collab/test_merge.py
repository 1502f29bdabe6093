"""Peers that edit one map at once converge to the same valid map (pycrdt documents, no network)."""

from __future__ import annotations

import random

from livepeers import small_map, sync
from pycrdt import Doc, Map

from argmap.collab import LiveDoc, canonical, resolve, state_doc
from argmap.collab import ydoc as Y
from argmap.errors import ArgmapError
from argmap.io import jsondoc
from argmap.model import edits as E
from argmap.model.document import Kind, Link, LinkKind, Node, Perspective
from argmap.model.rules import child_problem, structural_problems
from argmap.paths import bundled_scenario


def assert_same_valid(*peers: LiveDoc) -> None:
    first = canonical(peers[0].doc)
    for p in peers[1:]:
        assert canonical(p.doc) == first
    doc = peers[0].doc
    assert structural_problems(doc) == []
    roots = doc.roots()
    assert [r.id for r in roots] == [doc.question]
    for node in doc.nodes:
        parent = doc.node(node.parent).kind if node.parent else None
        assert child_problem(parent, node.kind) is None, node.id
    for parent in {n.parent for n in doc.nodes}:
        assert [c.order for c in doc.children(parent)] == list(range(len(doc.children(parent))))


def test_bundled_map_round_trips_through_the_shared_document():
    doc = jsondoc.read(bundled_scenario())
    before = canonical(doc)
    a = LiveDoc.share(doc)
    b = LiveDoc.join(Doc())
    sync(a, b)
    assert canonical(b.doc) == before
    assert b.messages == []


def test_each_edit_is_one_transaction(peers):
    a, b, _ = peers
    seen = []
    a.ydoc.observe(lambda event: seen.append(event.update))
    a.apply(E.Batch((E.SetText("c1", "x"), E.SetLikelihood("c1", 0.4), E.AddNode(Node(id="n9", kind=Kind.PRO, parent="c1")))))
    assert len(seen) == 1
    edit = b.receive(seen[0])
    assert edit is not None and b.doc.node("c1").likelihood == 0.4 and b.doc.node("n9").parent == "c1"


def test_concurrent_edits_of_different_fields_of_one_node_both_stay(peers):
    a, b, c = peers
    a.apply(E.SetText("c1", "Great coffee"))
    b.apply(E.SetLikelihood("c1", 0.7))
    c.apply(E.SetImpact("c1", "me", 4.0))
    sync(a, b, c)
    node = b.doc.node("c1")
    assert (node.text, node.likelihood, node.impact) == ("Great coffee", 0.7, {"me": 4.0})
    assert_same_valid(a, b, c)


def test_concurrent_text_edits_of_one_field_agree_on_one(peers):
    a, b, c = peers
    a.apply(E.SetText("c2", "from a"))
    b.apply(E.SetText("c2", "from b"))
    sync(a, b, c)
    assert a.doc.node("c2").text in ("from a", "from b")
    assert_same_valid(a, b, c)


def test_moves_that_make_a_cycle_are_undone_at_the_smallest_id(peers):
    a, b, c = peers
    a.apply(E.MoveNode("c3", "c1"))  # c3 under c1
    b.apply(E.MoveNode("c1", "c3"))  # c1 under c3: together a cycle
    sync(a, b, c)
    assert_same_valid(a, b, c)
    # c1 goes back under the parent it was moved from; c3 keeps its move.
    assert (a.doc.node("c1").parent, a.doc.node("c3").parent) == ("o1", "c1")
    for p in (a, b, c):
        assert any("'c1' went back under 'o1'" in m for m in p.messages)


def test_a_child_added_under_a_branch_deleted_at_once_goes_with_it(peers):
    a, b, c = peers
    a.apply(E.DeleteBranch("c1"))
    b.apply(E.AddNode(Node(id="new", kind=Kind.CON, parent="p1", text="Bitter")))
    sync(a, b, c)
    assert_same_valid(a, b, c)
    assert not b.doc.has_node("new") and not b.doc.has_node("c1")
    assert any("'new' was deleted" in m for m in b.messages)


def test_a_node_moved_into_a_branch_deleted_at_once_goes_back(peers):
    a, b, c = peers
    a.apply(E.DeleteBranch("c1"))
    b.apply(E.MoveNode("c3", "c1"))
    sync(a, b, c)
    assert_same_valid(a, b, c)
    assert a.doc.node("c3").parent == "o2"
    assert any("'c3' went back under 'o2'" in m for m in c.messages)


def test_a_child_whose_parent_changed_kind_at_once_moves_up(peers):
    a, b, c = peers
    a.apply(E.DeleteBranch("p1"))
    a.apply(E.SetKind("c1", Kind.PRO))  # a pro takes no consequences
    b.apply(E.AddNode(Node(id="c9", kind=Kind.CONSEQUENCE, parent="c1", text="Awake")))
    sync(a, b, c)
    assert_same_valid(a, b, c)
    assert c.doc.node("c9").parent == "o1"


def test_concurrent_inserts_at_one_place_get_one_order_everywhere(peers):
    a, b, c = peers
    a.apply(E.AddNode(Node(id="ca", kind=Kind.CONSEQUENCE, parent="o1"), index=0))
    b.apply(E.AddNode(Node(id="cb", kind=Kind.CONSEQUENCE, parent="o1"), index=0))
    c.apply(E.AddNode(Node(id="cc", kind=Kind.CONSEQUENCE, parent="o1"), index=1))
    sync(a, b, c)
    assert_same_valid(a, b, c)
    assert {n.id for n in a.doc.children("o1")} == {"ca", "cb", "cc", "c1", "c2"}
    assert [n.id for n in a.doc.children("o1")] == [n.id for n in c.doc.children("o1")]


def test_the_same_link_added_twice_at_once_is_one_link(peers):
    a, b, c = peers
    link = Link.model_validate({"from": "c3", "to": "c1", "kind": "contradicts"})
    a.apply(E.AddLink(link))
    b.apply(E.AddLink(link))
    sync(a, b, c)
    assert_same_valid(a, b, c)
    assert [ln.key for ln in c.doc.links] == [("c3", "c1", "contradicts")]
    a.apply(E.RemoveLink("c3", "c1", LinkKind.CONTRADICTS))
    sync(a, b, c)
    assert c.doc.links == []


def test_map_fields_perspectives_view_and_tour_travel(peers):
    a, b, c = peers
    a.apply(E.SetMapField("title", "Where we eat"))
    b.apply(E.AddPerspective(Perspective(id="boss", name="Boss", weight=2)))
    c.apply(E.SetCollapsed("o2", True))
    sync(a, b, c)
    a.apply(E.SetImpact("c3", "boss", -3.0))
    a.apply(E.SetTour(("q", "o1")))
    sync(a, b, c)
    assert_same_valid(a, b, c)
    assert c.doc.title == "Where we eat" and c.doc.node("c3").impact == {"boss": -3.0}
    assert a.doc.view.collapsed == ["o2"] and b.doc.tour == ["q", "o1"]
    assert [p.id for p in a.doc.perspectives] == ["me", "boss"]


def test_undo_of_own_edit_travels_as_an_edit(peers):
    a, b, _ = peers
    inverse = a.apply(E.DeleteBranch("c1"))
    sync(a, b)
    assert not b.doc.has_node("p1")
    a.apply(inverse)
    sync(a, b)
    assert b.doc.node("p1").parent == "c1" and canonical(b.doc) == canonical(small_map())


def test_bad_values_from_another_client_are_dropped_not_fatal(peers):
    a, b, _ = peers
    nodes = Y.roots(a.ydoc)["nodes"]
    with a.ydoc.transaction():
        nodes["c1"]["likelihood"] = 1.7
        nodes["zz"] = Map({"kind": "dragon", "parent": "o1", "text": "Here be"})
        nodes["c2"]["parent"] = "c2"
    sync(a, b)
    assert_same_valid(a, b)
    assert b.doc.node("c1").likelihood is None
    assert b.doc.node("zz").kind is Kind.NOTE
    assert b.doc.node("c2").parent == "o1"
    assert any("likelihood" in m for m in b.messages)


def test_resolve_makes_any_raw_state_valid():
    raw = {"meta": {"question": "x", "title": 5}, "links": [{"from": "a", "to": "zz", "kind": "supports"}],
           "perspectives": [{"id": "p", "name": "P"}, {"id": "p", "name": "Again"}], "sources": [],
           "nodes": {"q": {"kind": "question"}, "q2": {"kind": "question"}, "a": {"kind": "option", "parent": "b"},
                     "b": {"kind": "option", "parent": "a"}}}
    state, messages = resolve(raw)
    assert state["meta"]["question"] == "q" and set(state["nodes"]) == {"q", "q2", "a", "b"}
    doc = state_doc(state)
    assert structural_problems(doc) == [] and [r.id for r in doc.roots()] == ["q"]
    assert (doc.node("a").parent, doc.node("b").parent, doc.node("q2").parent) == ("q", "q", "a")
    assert state["links"] == [] and [p["name"] for p in state["perspectives"]] == ["P"]
    assert messages


def _random_edit(rng: random.Random, live: LiveDoc, tag: str, step: int) -> None:
    doc = live.doc
    nodes = [n for n in doc.nodes if n.parent is not None]
    nid = f"{tag}{step}"
    choice = rng.randrange(9)
    target = rng.choice(nodes) if nodes else None
    try:
        if choice == 0 or target is None:
            parents = [n for n in doc.nodes if n.kind in (Kind.OPTION, Kind.CONSEQUENCE)]
            if parents:
                kind = rng.choice([Kind.CONSEQUENCE, Kind.PRO, Kind.CON])
                live.apply(E.AddNode(Node(id=nid, kind=kind, parent=rng.choice(parents).id), index=rng.randrange(3)))
            else:
                live.apply(E.AddNode(Node(id=nid, kind=Kind.OPTION, parent=doc.question)))
        elif choice == 1:
            live.apply(E.DeleteBranch(target.id))
        elif choice == 2:
            parent = rng.choice(doc.nodes)
            live.apply(E.MoveNode(target.id, parent.id, rng.randrange(3)))
        elif choice == 3:
            live.apply(E.SetText(target.id, f"text {nid}"))
        elif choice == 4:
            live.apply(E.SetKind(target.id, rng.choice(list(Kind))))
        elif choice == 5:
            live.apply(E.SetLikelihood(target.id, rng.random()))
        elif choice == 6:
            other = rng.choice(nodes)
            live.apply(E.AddLink(Link.model_validate({"from": target.id, "to": other.id, "kind": "supports"})))
        elif choice == 7:
            live.apply(E.SetTags(target.id, [tag, str(step)]))
        else:
            live.apply(E.SetMapField("title", nid))
    except ArgmapError:
        pass  # the local rules refused it, as the editor would


def test_random_concurrent_edits_on_three_peers_converge_to_one_valid_map():
    rng = random.Random(20240607)
    for _round in range(30):
        a = LiveDoc.share(small_map())
        b, c = LiveDoc.join(Doc()), LiveDoc.join(Doc())
        sync(a, b, c)
        for step in range(30):
            for tag, peer in zip("abc", (a, b, c)):
                if rng.random() < 0.6:
                    _random_edit(rng, peer, tag + str(_round) + "_", step)
            if rng.random() < 0.25:  # some updates arrive early, on some peers only
                p, q = rng.sample([a, b, c], 2)
                q.receive(p.ydoc.get_update(q.ydoc.get_state()))
        sync(a, b, c)
        assert_same_valid(a, b, c)
        joined = LiveDoc.join(Doc())
        joined.receive(a.ydoc.get_update())
        assert canonical(joined.doc) == canonical(a.doc)


def test_changes_taken_together_give_what_taking_them_in_turn_gives(peers):
    from argmap.collab.mirror import merge_changes

    a, b, c = peers
    updates = []
    a.ydoc.observe(lambda event: updates.append(event.update))
    a.apply(E.SetText("c1", "one"))
    a.apply(E.MoveNode("c3", "c1"))
    a.apply(E.DeleteBranch("p1"))
    a.apply(E.SetText("c1", "two"))
    for update in updates:
        b.receive(update)
    merged = None
    for update in updates:
        c.ydoc.apply_update(update)
        change = (c.watcher.take(), c.mirror.sent)
        merged = change if merged is None else merge_changes(merged, change)
    c.mirror.take(*merged).apply(c.doc)
    assert canonical(c.doc) == canonical(b.doc) == canonical(a.doc)
    assert c.doc.node("c3").parent == "c1" and not c.doc.has_node("p1")


def test_a_remote_edit_is_announced_as_the_edits_views_follow(peers):
    from argmap.collab.remote import announcement

    a, b, _ = peers
    a.apply(E.AddNode(Node(id="n1", kind=Kind.PRO, parent="c2")))
    a.apply(E.MoveNode("c3", "o1"))
    a.apply(E.SetLikelihood("c1", 0.5))
    a.apply(E.DeleteBranch("p1"))
    b.mirror.take(b.watcher.take())  # nothing yet
    b.ydoc.apply_update(a.ydoc.get_update(b.ydoc.get_state()))
    edit = b.mirror.take(b.watcher.take())
    told = announcement(edit, edit.apply(b.doc))
    kinds = {(type(e).__name__, getattr(e, "node_id", None) or e.node.id) for e in told.edits}
    assert {("AddNode", "n1"), ("MoveNode", "c3"), ("SetLikelihood", "c1"), ("DeleteBranch", "p1")} <= kinds
