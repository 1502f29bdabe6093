"""The in-place editor lies over its own card (and the free space under it), never over another card."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtTest import QTest

from argmap.gui.canvas import MapCanvas
from argmap.gui.session import Session
from argmap.io import read
from argmap.paths import SCENARIOS


@pytest.fixture
def canvas(qtbot, session):
    view = MapCanvas(session)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


def _on_screen(canvas, card) -> QRectF:
    r = card.rect
    return QRectF(canvas.mapFromScene(QRectF(r.x, r.y, r.w, r.h)).boundingRect())


def _check_editor(canvas, node_id: str) -> None:
    editor = canvas.edit_text(node_id)
    assert editor is not None and editor.isVisible()
    box = QRectF(editor.geometry())
    own = _on_screen(canvas, canvas.scene_data.card(node_id))
    # Over its own card: inside the card's width, starting below the card's band.
    assert own.left() - 1 <= box.left() and box.right() <= own.right() + 1, (node_id, box, own)
    assert own.top() < box.top() < own.bottom()
    for card in canvas.scene_data.cards:
        if card.id != node_id:
            other = _on_screen(canvas, card)
            assert not box.intersects(other), (node_id, card.id, box, other)
    # Room to type: a line of title and a line of text, at least.
    assert box.height() >= editor.minimum_height() - 1 and box.width() >= 150
    editor.cancel()


@pytest.mark.parametrize("direction", ["top-down", "left-right"])
@pytest.mark.parametrize("zoom", [1.0, 0.5])
def test_the_editor_covers_no_other_card(canvas, session, direction, zoom):
    canvas.set_direction(direction)
    for node_id in ["q1", "o1", "o2", "c1", "p1", "c2"]:
        canvas.set_zoom(zoom)
        _check_editor(canvas, node_id)


def test_the_editor_grows_into_the_free_space_as_text_is_typed_but_stops_above_the_card_below(canvas, session):
    canvas.set_zoom(1.0)
    session.select("c1")
    editor = canvas.edit_text()
    start = editor.height()
    QTest.keyClick(editor, Qt.Key.Key_Tab)
    QTest.keyClicks(editor, "We arrive early, well before the ferry would have, and have the whole "
                            "afternoon for the museum and a long walk along the river")
    assert editor.height() > start
    below = _on_screen(canvas, canvas.scene_data.card("p1"))
    assert editor.geometry().bottom() < below.top()
    assert editor.text().startswith("We arrive early, well before")


def test_the_editor_in_a_compact_bundled_map_covers_no_other_card(qtbot):
    doc = read(SCENARIOS / "pakistan-peace-talks.argmap.json")
    doc.view.layout = "compact"
    doc.view.fold = None
    session = Session(doc)
    view = MapCanvas(session)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    leaves = [c.id for c in view.scene_data.cards if not doc.children(c.id)][:6]
    for node_id in [doc.question, *leaves]:
        view.set_zoom(0.6)
        _check_editor(view, node_id)
