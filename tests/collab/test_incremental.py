"""A change to a few nodes is repaired by looking at those nodes only, with the result a repair of
the whole shared map gives (pycrdt documents, no network)."""

from __future__ import annotations

import random

import pytest
from livepeers import small_map, sync
from pycrdt import Doc, Map

from argmap.collab import LiveDoc, canonical, resolve, state_doc
from argmap.collab import ydoc as Y
from argmap.collab.mirror import Mirror
from argmap.errors import ArgmapError
from argmap.io import jsondoc
from argmap.model import edits as E
from argmap.model.document import Document, Kind, Node
from argmap.model.rules import ALLOWED_CHILDREN
from argmap.paths import bundled_scenario

KINDS = {k.value for k in Kind}


@pytest.fixture
def counted(monkeypatch):
    """How many times a whole-map repair ran."""
    calls = {"whole": 0}
    whole = Mirror._refresh

    def counting(self):
        calls["whole"] += 1
        return whole(self)

    monkeypatch.setattr(Mirror, "_refresh", counting)
    return calls


def writer_and_reader(doc: Document) -> tuple[Doc, LiveDoc]:
    """A bare Yjs document holding the map (another client writing raw fields), and a peer reading it."""
    source = LiveDoc.share(doc)
    reader = LiveDoc.join(Doc())
    sync(source, reader)
    writer = Doc()
    writer.apply_update(source.ydoc.get_update())
    return writer, reader


def send(writer: Doc, reader: LiveDoc) -> None:
    reader.receive(writer.get_update(reader.ydoc.get_state()))


def assert_as_whole_repair(live: LiveDoc) -> None:
    """The peer's map is what repairing the whole shared document from scratch gives, and its
    document's index (children in order) is that of the same map built afresh."""
    state, _ = resolve(Y.read(live.ydoc))
    assert canonical(live.doc) == canonical(state_doc(state))
    fresh = state_doc(canonical(live.doc))
    for node in fresh.nodes:
        assert live.doc.node(node.id).parent == node.parent
        assert [c.id for c in live.doc.children(node.id)] == [c.id for c in fresh.children(node.id)]
    assert [r.id for r in live.doc.roots()] == [r.id for r in fresh.roots()]


def settle(writer: Doc, reader: LiveDoc) -> None:
    """One change that leaves the map sound, so the next change can be checked locally."""
    with writer.transaction():
        Y.roots(writer)["nodes"]["c1"]["text"] = "settled"
    send(writer, reader)
    assert reader.mirror._tree.sound


def test_a_field_change_is_taken_without_a_whole_map_repair(counted):
    writer, reader = writer_and_reader(small_map())
    settle(writer, reader)
    before = counted["whole"]
    with writer.transaction():
        Y.roots(writer)["nodes"]["c2"]["likelihood"] = 0.25
        Y.roots(writer)["nodes"]["c3"]["text"] = "Cheaper"
    send(writer, reader)
    assert counted["whole"] == before
    assert (reader.doc.node("c2").likelihood, reader.doc.node("c3").text) == (0.25, "Cheaper")
    assert_as_whole_repair(reader)


def test_a_node_added_at_a_taken_place_is_renumbered_locally(counted):
    writer, reader = writer_and_reader(small_map())
    settle(writer, reader)
    before = counted["whole"]
    with writer.transaction():  # two clients' inserts at index 0 under o1, merged
        nodes = Y.roots(writer)["nodes"]
        nodes["ca"] = Map({"kind": "consequence", "parent": "o1", "text": "A"})
        nodes["cb"] = Map({"kind": "consequence", "parent": "o1", "text": "B"})
        nodes["c1"]["order"] = 1
        nodes["c2"]["order"] = 2
    send(writer, reader)
    assert counted["whole"] == before
    assert [c.id for c in reader.doc.children("o1")] == ["ca", "cb", "c1", "c2"]
    assert [c.order for c in reader.doc.children("o1")] == [0, 1, 2, 3]
    assert_as_whole_repair(reader)


@pytest.mark.parametrize("write, expected, message", [
    # Two moves that make a cycle: c1 goes back under the parent it was moved from.
    (lambda n: (n["c3"].update({"parent": "c1", "_from": "o2"}), n["c1"].update({"parent": "c3", "_from": "o1"})),
     {"c1": "o1", "c3": "c1"}, "'c1' went back under 'o1'"),
    # A child added under a branch deleted at the same time goes with it.
    (lambda n: (n.pop("c1"), n.pop("p1"), n.__setitem__("new", Map({"kind": "con", "parent": "p1"}))),
     {"new": None, "c1": None}, "'new' was deleted"),
    # A parent's kind changed under its child: the child moves up to a place that takes it.
    (lambda n: (n["c1"].__setitem__("kind", "pro"), n.__setitem__("c9", Map({"kind": "consequence", "parent": "c1"}))),
     {"c9": "o1"}, "'c9' was moved under 'o1'"),
    # A second root question.
    (lambda n: n.__setitem__("q2", Map({"kind": "question"})), {}, "'q2'"),
    # A node moved under itself.
    (lambda n: n["c2"].__setitem__("parent", "c2"), {"c2": "o1"}, "'c2'"),
])
def test_a_change_that_breaks_the_tree_is_still_repaired(write, expected, message):
    writer, reader = writer_and_reader(small_map())
    settle(writer, reader)
    with writer.transaction():
        write(Y.roots(writer)["nodes"])
    send(writer, reader)
    for nid, parent in expected.items():
        if parent is None:
            assert not reader.doc.has_node(nid)
        else:
            assert reader.doc.node(nid).parent == parent
    assert any(message in m for m in reader.messages), reader.messages
    assert [r.id for r in reader.doc.roots()] == ["q"]
    assert_as_whole_repair(reader)


def test_a_local_edit_keeps_the_local_check_in_step():
    a = LiveDoc.share(small_map())
    b = LiveDoc.join(Doc())
    sync(a, b)
    c = LiveDoc.join(Doc())
    sync(a, b, c)
    b.apply(E.AddNode(Node(id="n1", kind=Kind.PRO, parent="c2"), index=0))
    b.apply(E.MoveNode("c3", "o1", 0))
    a.apply(E.SetText("c3", "moved"))
    a.apply(E.AddNode(Node(id="n2", kind=Kind.CON, parent="c2"), index=0))
    sync(a, b, c)
    for peer in (a, b, c):
        assert_as_whole_repair(peer)
    assert canonical(a.doc) == canonical(b.doc) == canonical(c.doc)


def _raw_write(rng: random.Random, nodes: Map, step: int) -> None:
    """One random write as any Yjs client could make it: mostly what an editor would write,
    sometimes what none would (a move into a cycle or under a missing node, a kind its parent
    does not take, a second root)."""
    ids = sorted(nodes.keys())
    nid = rng.choice(ids)
    choice = rng.randrange(12)
    kinds = ["option", "consequence", "pro", "con", "evidence", "note", "scenario"]
    wild = rng.random() < 0.15

    def takes(kind: str) -> list[str]:
        return ids if wild else [p for p in ids if nodes[p].get("kind") in KINDS
                                 and Kind(kind) in ALLOWED_CHILDREN[Kind(nodes[p]["kind"])]]

    if choice < 4:
        nodes[nid]["text"] = f"text {step}"
    elif choice < 6:
        nodes[nid]["likelihood"] = round(rng.random(), 2)
    elif choice == 6 and nodes[nid].get("parent") is not None:
        places = takes(str(nodes[nid].get("kind"))) + (["missing"] if wild else [])
        if places:
            old = nodes[nid].get("parent")
            nodes[nid]["parent"] = rng.choice(places)
            nodes[nid]["_from"] = old
    elif choice == 7 and wild:
        nodes[nid]["kind"] = rng.choice(kinds)
    elif choice == 8 and len(ids) > 3:
        del nodes[nid]
    elif choice == 9:
        nodes[nid]["order"] = rng.randrange(4)
    else:
        kind = rng.choice(kinds)
        places = takes(kind)
        if places:
            fields = {"kind": kind, "parent": rng.choice(places), "text": "new", "order": rng.randrange(3)}
            if wild and rng.random() < 0.2:
                fields = {"kind": "question", "text": "another root"}
            nodes[f"r{step}"] = Map(fields)


@pytest.mark.parametrize("seed", range(6))
def test_random_raw_changes_give_what_a_whole_repair_gives(seed, counted):
    rng = random.Random(seed)
    doc = small_map() if seed % 2 else jsondoc.read(bundled_scenario())
    writer, reader = writer_and_reader(doc)
    ynodes = Y.roots(writer)["nodes"]
    local = 0
    for step in range(120):
        before = counted["whole"]
        with writer.transaction():
            for _ in range(rng.choice((1, 1, 2))):
                _raw_write(rng, ynodes, step)
        send(writer, reader)
        local += counted["whole"] == before
        assert_as_whole_repair(reader)
        if rng.random() < 0.4:  # the reader edits too, and the writer hears of it
            targets = [n.id for n in reader.doc.nodes if n.kind is Kind.CONSEQUENCE]
            if targets:
                target = rng.choice(targets)
                mine = rng.choice([E.SetText(target, f"local {step}"), E.DeleteBranch(target),
                                    E.AddNode(Node(id=f"l{step}", kind=Kind.PRO, parent=target), index=0)])
                try:
                    reader.apply(mine)
                except ArgmapError:
                    pass  # refused by the local rules, as the editor would
                # (Until the next change arrives the reader shows its own edit as made: the
                # repair it may call for comes with that change, checked above.)
                writer.apply_update(reader.ydoc.get_update(writer.get_state()))
    assert local > 20  # most changes were taken without a whole-map pass


def test_the_watcher_reports_a_nodes_fields_as_the_document_holds_them():
    from pycrdt import Array

    doc = Doc()
    Y.fill(doc, canonical(small_map()))
    watcher = Y.Watcher(doc)
    nodes = Y.roots(doc)["nodes"]
    writes = [
        lambda: nodes["c1"].__setitem__("text", "Better coffee"),
        lambda: nodes["c1"].pop("text"),
        lambda: nodes.__setitem__("c1", Map({"kind": "pro", "parent": "o1"})),  # replaced whole
        lambda: nodes["c1"].__setitem__("tags", Array(["a"])),  # a shared type inside a field
        lambda: nodes["c1"]["tags"].append("b"),
        lambda: nodes["c1"].__setitem__("likelihood", 0.5),
        lambda: nodes.pop("c2"),
    ]
    for write in writes:
        with doc.transaction():
            write()
        change = watcher.take()
        fresh = Y.read(doc)["nodes"]
        for nid, fields in change["nodes"].items():
            assert fields == fresh.get(nid)
    assert change["nodes"] == {"c2": None}
    assert Y.read(doc)["nodes"]["c1"] == {"kind": "pro", "parent": "o1", "tags": ["a", "b"], "likelihood": 0.5}
