"""A whole map built from a new window by keyboard alone: the keys a teacher presses, and the map they give."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from argmap.model.document import Kind

K = Qt.Key
CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


def _keys(*keys) -> None:
    for key in keys:
        modifier = Qt.KeyboardModifier.NoModifier
        if isinstance(key, tuple):
            key, modifier = key
        QTest.keyClick(QApplication.focusWidget(), key, modifier)


def _type(text: str) -> None:
    QTest.keyClicks(QApplication.focusWidget(), text)


def test_a_map_built_by_keyboard_only(qtbot, window, session):
    _keys((K.Key_N, CTRL))                         # File ▸ New: the new-map bar asks for the question
    _type("Which way should we cross the river?")
    _keys(K.Key_Tab)
    _type("Take the bridge")
    _keys(K.Key_Return)
    _type("Take the ferry")
    _keys(K.Key_Tab)
    _type("Us")
    _keys(K.Key_Return)
    _type("The villagers")
    _keys(K.Key_Tab, K.Key_Return)                 # Start the Map: the first option is selected on the canvas
    assert window.canvas.hasFocus()
    doc = window.session.document
    bridge = doc.children(doc.root().id)[0].id
    assert window.session.current == bridge
    _keys(K.Key_C)                                 # a consequence under "Take the bridge", its title first
    _type("We arrive early")
    _keys(K.Key_Tab)
    _type("The bridge is open all night.")
    _keys(K.Key_Return)
    consequence = window.session.current
    _keys(K.Key_Plus)                              # a pro of the consequence
    _type("Open all night")
    _keys(K.Key_Return)
    _keys(K.Key_Up)                                # back to the consequence
    assert window.session.current == consequence
    _keys(K.Key_Minus)                             # a con of the consequence
    _type("Tolls")
    _keys(K.Key_Tab)
    _type("Crossing costs five pounds.")
    _keys(K.Key_Return)
    _keys(K.Key_O)                                 # a third option, under the question, from anywhere
    _type("Swim")
    _keys(K.Key_Return)
    _keys((K.Key_Z, CTRL))                         # undo the title typed into it ...
    _keys((K.Key_Z, CTRL))                         # ... and the option itself
    doc = window.session.document
    shape = [(n.kind, n.title, doc.parent(n.id).title if n.parent else None) for n in doc.nodes]
    assert shape == [
        (Kind.QUESTION, "Which way should we cross the river?", None),
        (Kind.OPTION, "Take the bridge", "Which way should we cross the river?"),
        (Kind.OPTION, "Take the ferry", "Which way should we cross the river?"),
        (Kind.CONSEQUENCE, "We arrive early", "Take the bridge"),
        (Kind.PRO, "Open all night", "We arrive early"),
        (Kind.CON, "Tolls", "We arrive early"),
    ]
    assert doc.node(consequence).text == "The bridge is open all night."
    assert [p.name for p in doc.perspectives] == ["Us", "The villagers"]
    # The inspector offers the consequence's impacts for both parties at once, and F6 reaches it.
    window.session.select(consequence)
    inspector = window.panels["inspector"]
    assert list(inspector.impact_editors) == ["us", "the_villagers"]
    _keys(K.Key_F6)
    focus = QApplication.focusWidget()
    assert focus is inspector or inspector.isAncestorOf(focus)
