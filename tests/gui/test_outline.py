"""The outline model and view: rows follow edits, selection follows the session, drags reparent."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from argmap.gui.outline import NODE_MIME, OutlineModel, OutlineView
from argmap.gui.session import Session
from argmap.model import Kind, Node
from argmap.model import edits as E


def _tree(model: OutlineModel, parent: QModelIndex = QModelIndex()) -> list:
    """The model's rows as nested (id, [children]) pairs."""
    out = []
    for row in range(model.rowCount(parent)):
        idx = model.index(row, 0, parent)
        assert model.parent(idx) == parent
        out.append((model.node_id(idx), _tree(model, idx)))
    return out


def _doc_tree(doc, parent=None) -> list:
    if parent is None:
        return [(doc.root().id, _doc_tree(doc, doc.root().id))]
    return [(c.id, _doc_tree(doc, c.id)) for c in doc.children(parent)]


@pytest.fixture
def model(qtbot, session):
    m = OutlineModel(session)
    QAbstractItemModelTester(m, QAbstractItemModelTester.FailureReportingMode.Fatal)
    return m


def test_rows_mirror_the_document(model, session):
    assert _tree(model) == _doc_tree(session.document)
    idx = model.index_of("c1")
    assert model.data(idx) == "We arrive early"
    assert model.data(model.index_of("c1", 1)) == "consequence"
    assert model.data(model.index_of("c1", 2)) == "p 0.60 · Us +4 The -2"
    assert model.data(model.index_of("p1", 2)) == "s 0.50"
    assert not model.data(idx, Qt.ItemDataRole.DecorationRole).isNull()


def test_edits_insert_and_remove_rows_without_reset(qtbot, model, session):
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    with qtbot.waitSignal(model.rowsInserted):
        session.apply(E.AddNode(Node(id="c9", kind=Kind.CONSEQUENCE, text="x", parent="o2"), 0), "Add")
    assert _tree(model) == _doc_tree(session.document)
    with qtbot.waitSignal(model.rowsRemoved):
        session.apply(E.DeleteBranch("c1"), "Delete")
    assert _tree(model) == _doc_tree(session.document)
    with qtbot.waitSignal(model.rowsMoved):
        session.apply(E.MoveNode("o2", "q1", 0), "Move")
    assert _tree(model) == _doc_tree(session.document)
    session.undo()
    session.undo()
    session.undo()
    assert _tree(model) == _doc_tree(session.document)
    assert resets == []


def test_text_edit_changes_only_its_row(qtbot, model, session):
    changed = []
    model.dataChanged.connect(lambda a, b: changed.append(model.node_id(a)))
    session.apply(E.SetText("p1", "Open all day"), "Text")
    assert changed == ["p1"]
    assert model.data(model.index_of("p1")) == "Open all day"


def test_random_edits_keep_the_model_in_step(qtbot, model, session):
    rng = random.Random(3)
    doc = session.document
    for step in range(150):
        ids = [n.id for n in doc.nodes]
        choice = rng.random()
        try:
            if choice < 0.4:
                parent = rng.choice(ids)
                kind = {Kind.QUESTION: Kind.OPTION, Kind.OPTION: Kind.CONSEQUENCE}.get(doc.node(parent).kind, Kind.PRO)
                if doc.node(parent).kind is Kind.CONSEQUENCE:
                    kind = Kind.CONSEQUENCE
                session.apply(E.AddNode(Node(id=doc.new_id(), kind=kind, text="n", parent=parent),
                                        rng.randint(0, 3)), "Add")
            elif choice < 0.55 and len(ids) > 3:
                session.apply(E.DeleteBranch(rng.choice(ids[1:])), "Delete")
            elif choice < 0.8:
                session.apply(E.MoveNode(rng.choice(ids[1:]), rng.choice(ids), rng.randint(0, 3)), "Move")
            elif session.undo_stack.canUndo():
                session.undo()
        except Exception as err:  # refused edits are fine; the model must still match
            assert type(err).__name__ in ("RuleError", "NotFoundError")
        assert _tree(model) == _doc_tree(doc), f"step {step}"


def test_a_pasted_branch_appears_with_its_children(qtbot, model, session):
    batch = E.Batch((
        E.AddNode(Node(id="x1", kind=Kind.CONSEQUENCE, text="a", parent="o2")),
        E.AddNode(Node(id="x2", kind=Kind.PRO, text="b", parent="x1")),
    ))
    session.apply(batch, "Paste")
    assert _tree(model) == _doc_tree(session.document)
    session.undo()
    assert _tree(model) == _doc_tree(session.document)


def test_replacing_the_document_resets(qtbot, model, session):
    from tests.gui.conftest import small_map

    doc = small_map()
    doc.nodes = doc.nodes[:3]
    with qtbot.waitSignal(model.modelReset):
        session.set_document(doc)
    assert _tree(model) == [("q1", [("o1", []), ("o2", [])])]


def test_selection_follows_the_session_and_back(qtbot, session):
    view = OutlineView(session)
    qtbot.addWidget(view)
    view.show()
    session.select("p1")
    rows = view.selectionModel().selectedRows()
    assert [view.outline.node_id(i) for i in rows] == ["p1"]
    assert view.isExpanded(view.outline.index_of("c1"))
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    view.selectionModel().setCurrentIndex(view.outline.index_of("c2"), flags)
    assert session.selection == ["c2"]


def test_dropping_a_row_on_a_node_reparents_it(qtbot, session):
    view = OutlineView(session)
    qtbot.addWidget(view)
    model = view.outline
    mime = model.mimeData([model.index_of("c2")])
    assert mime.hasFormat(NODE_MIME)
    assert model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, model.index_of("c1")) is False
    assert session.document.node("c2").parent == "c1"
    assert _tree(model) == _doc_tree(session.document)
    session.undo()
    assert session.document.node("c2").parent == "o2"


def test_dropping_between_rows_reorders(qtbot, session):
    view = OutlineView(session)
    qtbot.addWidget(view)
    model = view.outline
    mime = model.mimeData([model.index_of("o1")])
    model.dropMimeData(mime, Qt.DropAction.MoveAction, 2, 0, model.index_of("q1"))
    assert [c.id for c in session.document.children("q1")] == ["o2", "o1"]


def test_a_refused_drop_says_why(qtbot, session):
    view = OutlineView(session)
    qtbot.addWidget(view)
    model = view.outline
    with qtbot.waitSignal(model.move_refused) as blocker:
        model.dropMimeData(model.mimeData([model.index_of("p1")]), Qt.DropAction.MoveAction, -1, -1,
                           model.index_of("q1"))
    assert "cannot hang under a question" in blocker.args[0]
    assert session.document.node("p1").parent == "c1"
    assert session.undo_stack.count() == 0


def test_outline_of_ten_thousand_nodes_updates_without_reset(qtbot):
    from benchmarks.generate import generate

    session = Session(generate(10_000, seed=1))
    model = OutlineModel(session)
    assert model.rowCount(model.index_of(session.document.root().id)) > 0
    target = session.document.nodes[500]
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    for i in range(50):
        session.apply(E.SetText(target.id, f"text {i}"), "Text")
        session.apply(E.AddNode(Node(id=f"z{i}", kind=Kind.NOTE, text="z", parent=target.id)), "Add")
    assert model.index_of("z49").isValid()
    assert model.rowCount(model.index_of(target.id)) == len(session.document.children(target.id))
    assert resets == []


def test_header_menu_hides_and_shows_columns(qtbot, session):
    view = OutlineView(session)
    qtbot.addWidget(view)
    kind, weights = view.header().actions()
    assert kind.text() == "Kind" and weights.text() == "Weights"
    kind.setChecked(False)
    assert view.isColumnHidden(1) and not view.isColumnHidden(2)
    kind.setChecked(True)
    assert not view.isColumnHidden(1)
