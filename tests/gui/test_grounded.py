"""View ▸ Show Accepted / Rejected: the grounded reading of the attacks, marked on the canvas's cards."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QAction

from argmap.gui import grounded
from argmap.gui.session import Session
from argmap.model import Document
from argmap.model import edits as E
from argmap.textsafe import qt_tooltip


def _attacks_map() -> Document:
    """An option a attacked by b, itself attacked by c; three pros x → y → z → x attacking in a circle."""
    nodes = [
        {"id": "q", "kind": "question", "text": "Which way?"},
        {"id": "a", "kind": "option", "parent": "q", "order": 0, "text": "Take the bridge"},
        {"id": "b", "kind": "con", "parent": "a", "order": 0, "text": "The bridge is closed", "strength": 0.6},
        {"id": "c", "kind": "con", "parent": "b", "order": 0, "text": "It opened again on Monday", "strength": 0.7},
        {"id": "o2", "kind": "option", "parent": "q", "order": 1, "text": "Take the ferry"},
        {"id": "k", "kind": "consequence", "parent": "o2", "order": 0, "text": "We see the harbour",
         "likelihood": 0.9, "impact": {"us": 2}},
        {"id": "x", "kind": "pro", "parent": "k", "order": 0, "text": "X", "strength": 0.5},
        {"id": "y", "kind": "pro", "parent": "k", "order": 1, "text": "Y", "strength": 0.5},
        {"id": "z", "kind": "pro", "parent": "k", "order": 2, "text": "Z", "strength": 0.5},
        {"id": "n", "kind": "note", "parent": "q", "order": 2, "text": "A note is not a claim"},
    ]
    links = [{"from": "x", "to": "y", "kind": "attacks"}, {"from": "y", "to": "z", "kind": "attacks"},
             {"from": "z", "to": "x", "kind": "attacks"}]
    return Document.model_validate({"question": "q", "nodes": nodes, "links": links,
                                    "perspectives": [{"id": "us", "name": "Us"}]})


@pytest.fixture
def attacks_window(make_window):
    window = make_window(Session(_attacks_map()))
    window.canvas.set_fold(None)
    return window


def _on_corner(window, item: grounded.GroundedMark) -> bool:
    """Whether a mark sits on its card's bottom-right corner in the canvas's current layout."""
    r = window.canvas.scene_data.card(item.node_id).rect
    pos = item.pos()
    return abs(pos.x() - (r.x + r.w)) < item.size / 2 and abs(pos.y() - (r.y + r.h)) < item.size / 2


def _action(window) -> QAction:
    return grounded.install(window)


def test_the_action_sits_in_the_view_menu_checkable_and_off(attacks_window):
    action = _action(attacks_window)
    menu = grounded.find_view_menu(attacks_window)
    assert action in menu.actions()
    assert action.isCheckable() and not action.isChecked()
    assert action.text().replace("&", "") == "Show Accepted / Rejected"
    assert grounded.install(attacks_window) is action  # once a window
    marks = attacks_window.grounded_marks
    assert marks.items == {}  # off by default: nothing drawn
    assert not [i for i in attacks_window.canvas.scene().items() if isinstance(i, grounded.GroundedMark)]


def test_a_chain_of_attacks_and_an_odd_cycle_are_marked(attacks_window):
    action = _action(attacks_window)
    action.trigger()
    assert action.isChecked()
    marks = attacks_window.grounded_marks
    shown = marks.marks()
    assert (shown["c"], shown["b"], shown["a"]) == ("accepted", "rejected", "accepted")
    assert shown["x"] == shown["y"] == shown["z"] == "undecided"
    assert "n" not in shown  # notes are not claims
    scene_marks = {i.node_id: i for i in attacks_window.canvas.scene().items() if isinstance(i, grounded.GroundedMark)}
    assert set(scene_marks) == set(shown)
    # Each mark sits on its own card's corner and says what it means in one sentence.
    assert _on_corner(attacks_window, scene_marks["b"])
    assert scene_marks["b"].toolTip() == qt_tooltip("Rejected: an accepted claim attacks it, and nothing accepted "
                                                    "defends it.")
    assert scene_marks["c"].toolTip() == qt_tooltip(grounded.TIPS["accepted"])
    assert scene_marks["x"].toolTip() == qt_tooltip(grounded.TIPS["undecided"])
    # Told apart by shape and letter, not colour alone.
    assert len({grounded.MARKS[s][0] for s in grounded.MARKS}) == 3
    assert len({grounded.MARKS[s][1] for s in grounded.MARKS}) == 3
    action.trigger()
    assert marks.items == {}
    assert not [i for i in attacks_window.canvas.scene().items() if isinstance(i, grounded.GroundedMark)]


def test_marks_follow_an_edit_and_its_undo(qtbot, attacks_window):
    _action(attacks_window).setChecked(True)
    session, marks = attacks_window.session, attacks_window.grounded_marks
    with qtbot.waitSignal(session.document_changed, timeout=1000):
        session.apply(E.DeleteBranch("c"), "Delete")
    shown = marks.marks()
    assert "c" not in shown
    assert (shown["b"], shown["a"]) == ("accepted", "rejected")
    assert attacks_window.canvas.scene_data.card("c") is None
    session.undo_stack.undo()
    shown = marks.marks()
    assert (shown["c"], shown["b"], shown["a"]) == ("accepted", "rejected", "accepted")
    # Breaking the circle settles it: y loses its only attacker.
    with qtbot.waitSignal(session.document_changed, timeout=1000):
        session.apply(E.DeleteBranch("x"), "Delete")
    shown = marks.marks()
    assert (shown["y"], shown["z"]) == ("accepted", "rejected")


def test_marks_move_with_their_cards(qtbot, attacks_window):
    _action(attacks_window).setChecked(True)
    marks, canvas = attacks_window.grounded_marks, attacks_window.canvas
    before = marks.items["b"].pos()
    with qtbot.waitSignal(attacks_window.session.document_changed, timeout=1000):
        attacks_window.session.apply(E.SetText("b", "The bridge is closed for repairs all through the winter, "
                                                    "and the detour adds an hour each way"), "Text")
    qtbot.waitUntil(lambda: canvas.scene_data.card("b").rect.h > 0)
    rect = canvas.scene_data.card("b").rect
    after = marks.items["b"].pos()
    assert after.y() > before.y()  # the card grew taller: its mark went with its corner
    assert rect.h > 100 and _on_corner(attacks_window, marks.items["b"])
    # Folded away, a card has no mark; opened again, it has.
    canvas.set_fold(2)
    assert "b" not in marks.marks() and "a" in marks.marks()
    canvas.set_fold(None)
    assert marks.marks()["b"] == "rejected"


def test_a_new_document_gets_marks_of_its_own(qtbot, attacks_window, doc):
    _action(attacks_window).setChecked(True)
    session, marks = attacks_window.session, attacks_window.grounded_marks
    session.set_document(doc)
    qtbot.waitUntil(lambda: "c1" in marks.marks())
    assert set(marks.marks()) == {c.id for c in attacks_window.canvas.scene_data.cards}
    assert all(item.scene() is attacks_window.canvas.scene() for item in marks.items.values())
    assert set(marks.marks().values()) == {"accepted"}  # no attacks on that map


def test_a_mark_lets_a_click_through_to_its_card(qtbot, attacks_window):
    _action(attacks_window).setChecked(True)
    canvas = attacks_window.canvas
    canvas.set_zoom(1.0)  # closer in, the cards are laid out afresh (no longer titles only)
    canvas.center_on("b")
    qtbot.waitUntil(lambda: canvas.far == 0.0 and _on_corner(attacks_window, attacks_window.grounded_marks.items["b"]))
    item = attacks_window.grounded_marks.items["b"]
    assert item.size == grounded.GroundedMark("b", "accepted").size  # back to its normal size
    under = item.pos() - QPointF(item.size * 0.3, item.size * 0.3)  # inside the card, under the mark
    assert item.contains(item.mapFromScene(under))
    view_pos = canvas.mapFromScene(under)
    assert canvas.card_at(QPointF(view_pos)) == "b"
