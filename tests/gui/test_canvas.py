"""The map canvas: selection both ways, keys, in-place editing, drag to reparent, zoom, incremental updates."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from argmap.gui.canvas import MapCanvas
from argmap.model import Kind, Node
from argmap.model.edits import AddNode, SetLikelihood


@pytest.fixture
def canvas(qtbot, session):
    view = MapCanvas(session)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    view.set_zoom(1.0)
    return view


def _view_point(canvas, node_id):
    card = canvas.scene_data.card(node_id)
    canvas.center_on(node_id)
    return canvas.mapFromScene(QPointF(card.rect.center[0], card.rect.center[1] + 10))


def test_canvas_has_an_item_per_visible_node(canvas, session):
    assert set(canvas.items_by_id) == {n.id for n in session.document.nodes}
    for node_id, item in canvas.items_by_id.items():
        r = canvas.scene_data.card(node_id).rect
        assert (item.pos().x(), item.pos().y()) == (r.x, r.y)


def test_session_selection_selects_and_scrolls_to_the_card(canvas, session):
    canvas.center_on("o2")
    session.select("p1")
    assert canvas.item("p1").is_selected and not canvas.item("o2").is_selected
    visible = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
    assert visible.contains(canvas.item("p1").sceneBoundingRect())
    session.select(None)
    assert not canvas.item("p1").is_selected


def test_clicking_a_card_selects_it_in_the_session(canvas, session, qtbot):
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=_view_point(canvas, "c2"))
    assert session.selection == ["c2"]
    assert canvas.item("c2").is_selected
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                     pos=_view_point(canvas, "o1"))
    assert session.selection == ["c2", "o1"]


def test_arrow_keys_move_the_selection_in_the_layout_direction(canvas, session, qtbot):
    session.select("q1")
    keys = [(Qt.Key.Key_Down, "o1"), (Qt.Key.Key_Right, "o2"), (Qt.Key.Key_Left, "o1"),
            (Qt.Key.Key_Down, "c1"), (Qt.Key.Key_Down, "p1"), (Qt.Key.Key_Right, None), (Qt.Key.Key_Up, "c1"),
            (Qt.Key.Key_Right, "c2"), (Qt.Key.Key_Up, "o2"), (Qt.Key.Key_Up, "q1")]
    for key, expected in keys:
        before = session.current
        qtbot.keyClick(canvas, key)
        assert session.current == (expected or before), key
    canvas.set_direction("left-right")
    assert session.document.view.direction == "left-right"
    for key, expected in [(Qt.Key.Key_Right, "o1"), (Qt.Key.Key_Down, "o2"), (Qt.Key.Key_Right, "c2"),
                          (Qt.Key.Key_Up, "c1"), (Qt.Key.Key_Left, "o1")]:
        qtbot.keyClick(canvas, key)
        assert session.current == expected, key


def test_f2_edits_the_title_then_tab_the_text_and_enter_commits_both_as_one_step(canvas, session, qtbot):
    session.select("c1")
    qtbot.keyClick(canvas, Qt.Key.Key_F2)
    editor = canvas.editor
    assert editor is not None and editor.title_edit.hasFocus()
    assert (editor.title_edit.toPlainText(), editor.text_edit.toPlainText()) == ("", "We arrive early")
    qtbot.keyClicks(editor, "Late")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.text_edit.hasFocus()
    qtbot.keyClicks(editor, "We arrive late")
    with qtbot.waitSignal(session.document_changed, timeout=1000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    node = session.document.node("c1")
    assert (node.title, node.text) == ("Late", "We arrive late")
    assert canvas.editor is None
    card = canvas.scene_data.card("c1")
    assert [(ln.role, ln.text) for ln in card.face.lines] == [("title", "Late"), ("text", "We arrive late")]
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    node = session.document.node("c1")
    assert (node.title, node.text) == (None, "We arrive early")


def test_escape_cancels_the_in_place_edit(canvas, session, qtbot):
    session.select("c2")
    editor = canvas.edit_text()
    qtbot.keyClicks(editor, "Something else")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert canvas.editor is None
    assert session.document.node("c2").text == "We see the harbour"
    assert session.undo_stack.count() == 0


def test_double_click_opens_the_editor(canvas, session, qtbot):
    qtbot.mouseDClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=_view_point(canvas, "o2"))
    assert canvas.editor is not None and canvas.editor.node_id == "o2"


def _drag(canvas, qtbot, source, target):
    start = _view_point(canvas, source)
    card = canvas.scene_data.card(target)
    end = canvas.mapFromScene(QPointF(card.rect.center[0], card.rect.center[1] + 10))
    qtbot.mousePress(canvas.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for frac in (0.25, 0.5, 1.0):
        p = QPointF(start.x() + (end.x() - start.x()) * frac, start.y() + (end.y() - start.y()) * frac)
        move = QMouseEvent(QEvent.Type.MouseMove, p, canvas.viewport().mapToGlobal(p), Qt.MouseButton.NoButton,
                           Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(canvas.viewport(), move)
    qtbot.mouseRelease(canvas.viewport(), Qt.MouseButton.LeftButton, pos=end)


def test_dragging_a_card_onto_another_reparents_it(canvas, session, qtbot):
    canvas.set_zoom(0.5)
    _drag(canvas, qtbot, "c2", "o1")
    assert session.document.node("c2").parent == "o1"
    assert canvas.scene_data.card("c2").parent == "o1"
    item = canvas.item("c2")
    r = canvas.scene_data.card("c2").rect
    assert (item.pos().x(), item.pos().y()) == (r.x, r.y)
    session.undo_stack.undo()
    assert session.document.node("c2").parent == "o2"


def test_a_refused_move_reports_a_message_and_changes_nothing(canvas, session, qtbot):
    before = session.document.model_copy(deep=True)
    messages = []
    canvas.message.connect(messages.append)
    assert canvas.drop_node("p1", "q1") is False
    assert messages and "cannot hang under" in messages[0]
    assert session.document == before
    canvas.set_zoom(0.5)
    _drag(canvas, qtbot, "c1", "p1")  # a consequence under a pro is refused too
    assert len(messages) == 2 and session.document == before
    item = canvas.item("c1")
    assert (item.pos().x(), item.pos().y()) == (canvas.scene_data.card("c1").rect.x, canvas.scene_data.card("c1").rect.y)


def test_zoom_slots_change_the_view_transform(canvas):
    z = canvas.zoom()
    canvas.zoom_in()
    assert canvas.zoom() == pytest.approx(z * 1.25)
    canvas.zoom_out()
    canvas.zoom_out()
    assert canvas.zoom() == pytest.approx(z / 1.25)
    canvas.resize(300, 200)
    canvas.fit_to_window()
    assert canvas.zoom() < 1.0
    visible = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
    for item in canvas.items_by_id.values():
        assert visible.contains(item.sceneBoundingRect().center())


def test_ctrl_wheel_zooms(canvas, qtbot):
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtCore import QPoint

    z = canvas.zoom()
    centre = QPointF(canvas.viewport().rect().center())
    event = QWheelEvent(centre, canvas.viewport().mapToGlobal(centre), QPoint(), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(canvas.viewport(), event)
    assert canvas.zoom() > z


def test_an_edit_moves_and_adds_items_without_recreating_the_others(canvas, session):
    before = canvas.items_by_id
    session.apply(AddNode(Node(id="c9", kind=Kind.CONSEQUENCE, text="A new branch", parent="o2")), "Add")
    after = canvas.items_by_id
    assert set(after) == set(before) | {"c9"}
    assert all(after[k] is before[k] for k in before)
    for node_id, item in after.items():
        r = canvas.scene_data.card(node_id).rect
        assert (item.pos().x(), item.pos().y()) == (r.x, r.y)
    assert len([i for i in canvas.scene().items() if i.__class__.__name__ == "CardItem"]) == len(after)


def test_a_weight_edit_gives_new_content_only_to_its_card(canvas, session):
    faces = {k: item.card.face for k, item in canvas.items_by_id.items()}
    session.apply(SetLikelihood("c2", 0.25), "Likelihood")
    changed = {k for k, item in canvas.items_by_id.items() if item.card.face is not faces[k]}
    assert changed == {"c2"}
    assert canvas.item("c2").card.badges[0].text == "p 0.25"


def test_collapsing_hides_the_branch_and_is_undoable(canvas, session, qtbot):
    canvas.toggle_collapsed("o1")
    assert session.document.view.collapsed == ["o1"]
    assert canvas.item("c1") is None and canvas.item("p1") is None
    assert canvas.scene_data.card("o1").hidden_count == 2
    session.undo_stack.undo()
    assert canvas.item("c1") is not None and canvas.item("p1") is not None
    # The toggle on the card does the same.
    card = canvas.scene_data.card("c1")
    canvas.center_on("c1")
    t = card.toggle_rect
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton,
                     pos=canvas.mapFromScene(QPointF(*t.center)))
    assert session.document.view.collapsed == ["c1"] and canvas.item("p1") is None


def test_a_replaced_document_rebuilds_the_map(canvas, session):
    from argmap.model import Document

    doc = Document(question="q", nodes=[Node(id="q", kind=Kind.QUESTION, text="Alone")])
    session.set_document(doc)
    assert set(canvas.items_by_id) == {"q"}


def test_scores_put_score_bars_on_options(canvas, session):
    from argmap.scoring import score

    canvas.set_scores(score(session.document))
    labels = {k: canvas.item(k).card.face.score_label for k in ("o1", "o2")}
    assert all(label.startswith("score ") for label in labels.values())
    scores = score(session.document)
    reach = max(abs(o.overall) for o in scores.options)
    for key in ("o1", "o2"):  # signed: the option's score over the largest score of either sign
        assert canvas.item(key).card.face.score == pytest.approx(scores.option(key).overall / reach)
    assert {abs(canvas.item(k).card.face.score) for k in ("o1", "o2")} >= {1.0}


def test_far_zoom_on_a_large_map_switches_to_the_box_overview(qtbot, session):
    from argmap.model.edits import AddNode as Add

    for i in range(320):
        session.apply(Add(Node(id=f"x{i}", kind=Kind.PRO, text=f"Reason {i}", parent="c2")), "Add")
    view = MapCanvas(session)
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    assert view.fold == 3 and view.item("x3") is None  # opened folded: 320 cards do not read in 800 x 600
    view.set_fold(None)
    view.set_zoom(0.1)
    assert view.is_overview and not view.item("x3").isVisible()
    session.select("x5")
    image = view.viewport().grab()
    assert not image.isNull()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_view_point(view, "x7"))
    assert session.selection == ["x7"]
    view.set_zoom(1.0)
    assert not view.is_overview and view.item("x3").isVisible()


def test_clicking_elsewhere_commits_the_open_editor(canvas, session, qtbot):
    session.select("o1")
    editor = canvas.edit_text()
    editor.selectAll()
    qtbot.keyClicks(editor, "Cross by the bridge")
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=_view_point(canvas, "o2"))
    assert session.document.node("o1").title == "Cross by the bridge"
    assert canvas.editor is None and session.selection == ["o2"]


def test_direction_change_moves_the_cards_and_is_undoable(canvas, session):
    q, o1 = canvas.item("q1"), canvas.item("o1")
    assert o1.pos().y() > q.pos().y() + q.card.rect.h
    canvas.set_direction("left-right")
    assert o1.pos().x() > q.pos().x() + q.card.rect.w
    assert canvas.item("o1") is o1
    session.undo_stack.undo()
    assert session.document.view.direction == "top-down"
    assert o1.pos().y() > q.pos().y() + q.card.rect.h


def test_tooltip_shows_the_whole_text(canvas, session, qtbot):
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    session.apply(SetLikelihood("c1", 0.5), "Likelihood")
    long_text = "A very long consequence " * 20
    from argmap.model.edits import SetText

    session.apply(SetText("c1", long_text.strip()), "Text")
    assert canvas.item("c1").card.text_lines[-1].endswith("…")
    pos = _view_point(canvas, "c1")
    event = QHelpEvent(QEvent.Type.ToolTip, pos, canvas.viewport().mapToGlobal(pos))
    QApplication.sendEvent(canvas.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    from PySide6.QtGui import QTextDocument

    shown = QTextDocument()
    shown.setHtml(QToolTip.text())  # rich text holding the escaped map text
    assert shown.toPlainText() == long_text.strip()


def test_an_empty_document_shows_an_empty_canvas(qtbot):
    from argmap.gui.session import Session
    from argmap.model import Document

    session = Session(Document())
    view = MapCanvas(session)
    qtbot.addWidget(view)
    view.show()
    view.fit_to_window()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.items_by_id == {} and session.selection == []
    assert not view.viewport().grab().isNull()


def test_dropping_a_card_on_its_own_parent_changes_nothing(canvas, session):
    assert canvas.drop_node("c1", "o1") is False
    assert session.undo_stack.count() == 0


def test_a_wide_map_opens_on_its_question_at_a_legible_zoom(qtbot, session):
    from argmap.render.painter import LOD_READABLE

    for i in range(40):
        session.apply(AddNode(Node(id=f"w{i}", kind=Kind.OPTION, text=f"Option {i}", parent="q1")), "Add")
    session.select("c1")
    view = MapCanvas(session)
    qtbot.addWidget(view)
    assert view.item("c1").is_selected
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    # Too wide to read whole: it opens on the question and its options, titles still legible.
    assert LOD_READABLE <= view.zoom() <= 1.0 and view.fold == 2
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(view.item("q1").sceneBoundingRect())
    q_centre = view.mapFromScene(view.item("q1").sceneBoundingRect().center())
    assert abs(q_centre.x() - view.viewport().width() / 2) < 5


def test_a_small_map_opens_fitted(qtbot, session):
    view = MapCanvas(session)
    qtbot.addWidget(view)
    view.resize(1200, 900)
    view.show()
    qtbot.waitExposed(view)
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert all(visible.contains(item.sceneBoundingRect()) for item in view.items_by_id.values())


def test_escape_cancels_a_drag(canvas, session, qtbot):
    canvas.set_zoom(0.5)
    start = _view_point(canvas, "c2")
    card = canvas.scene_data.card("o1")
    end = canvas.mapFromScene(QPointF(*card.rect.center))
    qtbot.mousePress(canvas.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for frac in (0.5, 1.0):
        p = QPointF(start.x() + (end.x() - start.x()) * frac, start.y() + (end.y() - start.y()) * frac)
        QApplication.sendEvent(canvas.viewport(), QMouseEvent(
            QEvent.Type.MouseMove, p, canvas.viewport().mapToGlobal(p), Qt.MouseButton.NoButton,
            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    assert canvas.item("o1").is_target
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    qtbot.mouseRelease(canvas.viewport(), Qt.MouseButton.LeftButton, pos=end)
    assert session.document.node("c2").parent == "o2" and session.undo_stack.count() == 0
    item, rect = canvas.item("c2"), canvas.scene_data.card("c2").rect
    assert (item.pos().x(), item.pos().y()) == (rect.x, rect.y) and not canvas.item("o1").is_target


def test_double_clicking_the_toggle_collapses_and_expands_again(canvas, session, qtbot):
    canvas.center_on("c1")
    t = canvas.scene_data.card("c1").toggle_rect
    pos = canvas.mapFromScene(QPointF(*t.center))
    # A widget gets press, release, double-click, release: the double click replaces the second press.
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert session.document.view.collapsed == [] and canvas.editor is None
    assert session.undo_stack.count() == 2


def test_zooming_out_from_fit_on_a_huge_map_goes_further_out(qtbot, session, monkeypatch):
    from argmap.gui import canvas as canvas_module

    monkeypatch.setattr(canvas_module, "MIN_ZOOM", 0.05)  # this map fits only further out than that
    for i in range(60):
        session.apply(AddNode(Node(id=f"w{i}", kind=Kind.OPTION, text=f"Option {i}", parent="q1")), "Add")
    view = MapCanvas(session)
    qtbot.addWidget(view)
    view.resize(300, 200)
    view.show()
    view.fit_to_window()
    fitted = view.zoom()
    assert fitted < canvas_module.MIN_ZOOM
    view.zoom_out()
    assert view.zoom() < fitted
    view.zoom_in()
    view.zoom_in()
    assert view.zoom() > fitted


def test_scores_that_change_nothing_shown_do_not_rebuild(canvas, session, monkeypatch):
    from argmap.scoring import score

    canvas.set_scores(score(session.document))
    calls = []
    monkeypatch.setattr(canvas, "refresh", lambda *args, **kwargs: calls.append(1))
    canvas.set_scores(score(session.document))
    assert calls == []
    session.document.node("c1").likelihood = 0.1  # as an edit would, then scores follow
    canvas.set_scores(score(session.document))
    assert calls == [1]


def test_quick_updates_match_a_full_rebuild(qtbot, session):
    from argmap.model.edits import Batch, SetImpact, SetKind, SetStrength, SetText
    from argmap.render.painter import qt_measure
    from argmap.render.scene import build_scene
    from argmap.scoring import score

    holder = {}
    # As the main window does: new scores reach the canvas before it handles the edit.
    session.document_changed.connect(lambda _edit: setattr(holder["view"], "scores", score(session.document)))
    view = MapCanvas(session)
    holder["view"] = view
    qtbot.addWidget(view)
    view.set_scores(score(session.document))
    edits = [SetLikelihood("c1", 0.2), SetText("o2", "Take the night ferry"), SetStrength("p1", 0.9),
             SetImpact("c2", "us", -6.0), SetKind("p1", Kind.CON), Batch((SetLikelihood("c2", 0.1), SetText("c1", "x")))]
    for edit in edits:
        before = view.items_by_id
        session.apply(edit, "Edit")
        full = build_scene(session.document, view.scores, measure=qt_measure())
        assert view.items_by_id.keys() == {c.id for c in full.cards}
        for card in full.cards:
            shown = view.item(card.id).card
            assert (shown.face, shown.rect, shown.parent) == (card.face, card.rect, card.parent), (edit, card.id)
            assert view.item(card.id) is before[card.id]
        assert view.scene_data.edges == full.edges
    assert view.scene_data.card("p1").kind == "con"


def test_random_edits_undo_and_redo_keep_the_items_equal_to_a_fresh_build(qtbot, session):
    import random

    from argmap.errors import ArgmapError
    from argmap.model.edits import DeleteBranch, MoveNode, SetCollapsed, SetText
    from argmap.render.painter import qt_measure
    from argmap.render.scene import build_scene

    view = MapCanvas(session)
    qtbot.addWidget(view)
    rng = random.Random(7)
    doc = session.document
    kinds = [Kind.CONSEQUENCE, Kind.PRO, Kind.CON, Kind.NOTE]
    peak = 0
    for step in range(80):
        ids = [n.id for n in doc.walk()]  # the question first
        pick = rng.random()
        try:
            if pick < 0.3:
                session.apply(AddNode(Node(id=f"r{step}", kind=rng.choice(kinds), text=f"Step {step} " * rng.randint(1, 9),
                                           parent=rng.choice(ids))), "Add")
            elif pick < 0.45:
                session.apply(MoveNode(rng.choice(ids), rng.choice(ids)), "Move")
            elif pick < 0.55:
                if len(ids) > 1:  # keep the question
                    session.apply(DeleteBranch(rng.choice(ids[1:])), "Delete")
            elif pick < 0.65:
                node = rng.choice(ids)
                session.apply(SetCollapsed(node, node not in doc.view.collapsed), "Collapse")
            elif pick < 0.75:
                session.apply(SetText(rng.choice(ids), "Edited " * rng.randint(1, 12)), "Text")
            elif pick < 0.85:
                view.set_direction(rng.choice(["top-down", "left-right"]))
            elif pick < 0.93:
                session.undo_stack.undo()
            else:
                session.undo_stack.redo()
        except ArgmapError:
            pass
        full = build_scene(doc, None, measure=qt_measure())
        assert view.items_by_id.keys() == {c.id for c in full.cards}, step
        for card in full.cards:
            shown = view.item(card.id)
            assert (shown.card.face, shown.card.rect) == (card.face, card.rect), (step, card.id)
            assert (shown.pos().x(), shown.pos().y()) == (card.rect.x, card.rect.y)
        assert view.scene_data.edges == full.edges and view.scene_data.links == full.links
        fans = {pid: fan.edges for pid, fan in view._fans.items()}
        assert fans == full.fans, step
        peak = max(peak, len(doc.nodes))
    assert session.undo_stack.count() > 15 and peak > 6  # the walk did change the map (6 nodes at first)


def test_random_weight_edits_with_live_scores_match_a_fresh_build(qtbot, session):
    import random

    from argmap.errors import ArgmapError
    from argmap.model.edits import SetImpact, SetKind, SetStrength, SetText
    from argmap.render.painter import qt_measure
    from argmap.render.scene import build_scene
    from argmap.scoring import score

    holder = {}
    session.document_changed.connect(lambda _edit: setattr(holder["view"], "scores", score(session.document)))
    view = MapCanvas(session)
    holder["view"] = view
    qtbot.addWidget(view)
    view.set_scores(score(session.document))
    rng = random.Random(3)
    doc = session.document
    for step in range(60):
        node = rng.choice([n.id for n in doc.nodes])
        pick = rng.random()
        try:
            if pick < 0.3:
                session.apply(SetLikelihood(node, rng.choice([None, 0.1, 0.5, 0.9])), "Likelihood")
            elif pick < 0.5:
                session.apply(SetStrength(node, rng.choice([None, 0.2, 0.8])), "Strength")
            elif pick < 0.7:
                session.apply(SetImpact(node, rng.choice(["us", "them"]), rng.choice([None, -5.0, 3.0])), "Impact")
            elif pick < 0.8:
                session.apply(SetKind(node, rng.choice([Kind.PRO, Kind.CON, Kind.CONSEQUENCE])), "Kind")
            elif pick < 0.9:
                session.apply(SetText(node, "Words " * rng.randint(1, 15)), "Text")
            else:
                session.undo_stack.undo()
        except ArgmapError:
            pass
        full = build_scene(doc, view.scores, measure=qt_measure())
        for card in full.cards:
            shown = view.item(card.id).card
            assert (shown.face, shown.rect) == (card.face, card.rect), (step, card.id)
        assert view.scene_data.edges == full.edges
    assert session.undo_stack.count() > 15
