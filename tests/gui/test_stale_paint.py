"""No stale paint: after edits, the live canvas looks exactly like a canvas freshly built on the same map.

Two pictures are compared for each step: `grab()`, which paints the view afresh from its items (it
catches items left stale: old faces, old positions, removed cards), and the window's backing store
as it was last painted on screen (it also catches regions an edit forgot to repaint, such as an old
card header left behind where the card no longer is).
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from argmap.gui.canvas import MapCanvas
from argmap.model import Kind, Node
from argmap.model import edits as E

SIZE = (900, 700)


def _show(qtbot, view: MapCanvas) -> MapCanvas:
    qtbot.addWidget(view)
    view.resize(*SIZE)
    view.show()
    qtbot.waitExposed(view)
    return view


def _painted(view: MapCanvas) -> QImage:
    """What the canvas shows on screen now: its window's backing store, after pending repaints."""
    for _ in range(3):
        QApplication.processEvents()
    top = view.window()  # the top-level window owns the backing store (a child asked for its own would turn native)
    at = view.mapTo(top, QPoint(0, 0))
    shot = view.screen().grabWindow(top.winId(), at.x(), at.y(), view.width(), view.height())
    return shot.toImage().convertToFormat(QImage.Format.Format_RGB32)


def _fresh_like(qtbot, live: MapCanvas) -> MapCanvas:
    """A new canvas on the same session, with the live one's size, folding, zoom and scroll."""
    fresh = _show(qtbot, MapCanvas(live.session))
    fresh.resize(live.size())
    fresh.scores = live.scores
    fresh.fold, fresh.unfolded, fresh.far = live.fold, set(live.unfolded), live.far
    fresh.refresh()
    fresh.setTransform(live.transform())
    fresh._update_overview_mode()
    fresh.horizontalScrollBar().setValue(live.horizontalScrollBar().value())
    fresh.verticalScrollBar().setValue(live.verticalScrollBar().value())
    return fresh


#: How far apart (per colour channel, 0-255) two pixels may be and count as the same. An antialiased
#: edge repainted in two separate exposes blends with what was under it each time and can come out a
#: level or two apart; anything stale (a card's header or band left behind, a selection outline)
#: differs from the background by far more than this.
TOLERANCE = 8


def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())[
        :, : image.width() * 4].reshape(image.height(), image.width(), 4)[:, :, :3].astype(np.int16)


def _differing_pixels(a: QImage, b: QImage, view: MapCanvas) -> int:
    """How many pixels of the map area (the viewport, not the scroll bars) differ beyond the tolerance."""
    assert a.size() == b.size()
    vp = view.viewport().geometry()
    pa = _pixels(a)[vp.top(): vp.bottom() + 1, vp.left(): vp.right() + 1]
    pb = _pixels(b)[vp.top(): vp.bottom() + 1, vp.left(): vp.right() + 1]
    return int((np.abs(pa - pb).max(axis=2) > TOLERANCE).sum())


def _assert_like_fresh(qtbot, live: MapCanvas, step: str) -> None:
    painted = _painted(live)
    grabbed = live.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    fresh = _fresh_like(qtbot, live)
    assert (fresh.horizontalScrollBar().value(), fresh.verticalScrollBar().value()) == \
        (live.horizontalScrollBar().value(), live.verticalScrollBar().value()), step
    fresh_painted = _painted(fresh)
    fresh_grabbed = fresh.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    try:
        assert _differing_pixels(grabbed, fresh_grabbed, live) == 0, f"{step}: items differ from a fresh build"
        assert _differing_pixels(painted, fresh_painted, live) == 0, f"{step}: stale paint left on screen"
    except AssertionError:
        painted.save(f"/tmp/stale-{step}-live.png")
        fresh_painted.save(f"/tmp/stale-{step}-fresh.png")
        raise
    finally:
        fresh.close()
        fresh.deleteLater()


@pytest.mark.parametrize("direction", ["top-down", "left-right"])
def test_adding_moving_and_rekinding_leave_no_stale_paint(qtbot, session, direction):
    live = _show(qtbot, MapCanvas(session))
    live.set_zoom(0.8)
    if direction != "top-down":
        live.set_direction(direction)
    live.center_on("o1")
    _assert_like_fresh(qtbot, live, f"{direction}-start")
    steps = [
        ("add", E.AddNode(Node(id="c3", kind=Kind.CONSEQUENCE, title="Tolls rise", text="Every car pays.", parent="o1"))),
        ("add-pro", E.AddNode(Node(id="p2", kind=Kind.PRO, title="Signs say so", parent="c3"))),
        ("move", E.MoveNode("c3", "o2")),
        ("rekind", E.SetKind("p2", Kind.CON)),
        ("retitle", E.SetTitle("c2", "A much longer title that takes two lines on its card")),
        ("move-back", E.MoveNode("c3", "o1", 0)),
        ("rekind-fork", E.SetKind("c2", Kind.SCENARIO)),
        ("delete", E.DeleteBranch("c3")),
    ]
    for name, edit in steps:
        session.apply(edit, name)
        session.select(getattr(edit, "node_id", None) or getattr(getattr(edit, "node", None), "id", None))
        _assert_like_fresh(qtbot, live, f"{direction}-{name}")
    for n in range(len(steps)):
        session.undo()
        _assert_like_fresh(qtbot, live, f"{direction}-undo{n}")


def test_edits_to_the_bundled_map_with_live_scores_leave_no_stale_paint(qtbot, make_window):
    from argmap.gui.session import Session
    from argmap.io import read
    from argmap.paths import SCENARIOS

    doc = read(SCENARIOS / "pakistan-peace-talks.argmap.json")
    window = make_window(Session(doc))
    session, live = window.session, window.canvas
    _assert_like_fresh(qtbot, live, "bundled-opening")  # far faces, folded
    option = doc.children(doc.root().id)[1].id
    live.set_fold(3)
    live.set_zoom(0.7)
    live.center_on(option)
    _assert_like_fresh(qtbot, live, "bundled-close")
    first = next(c.id for c in doc.children(option) if c.kind is Kind.CONSEQUENCE)
    steps = [
        ("add", E.AddNode(Node(id="new1", kind=Kind.CONSEQUENCE, title="A new branch", parent=option), 0)),
        ("retitle", E.SetTitle(option, "A different and much longer title for this option")),
        ("likelihood", E.SetLikelihood("new1", 0.9)),
        ("move", E.MoveNode("new1", first)),
        ("rekind", E.SetKind("new1", Kind.SCENARIO)),
    ]
    for name, edit in steps:
        session.apply(edit, name)
        _assert_like_fresh(qtbot, live, f"bundled-{name}")
    for n in range(len(steps)):
        session.undo()
        _assert_like_fresh(qtbot, live, f"bundled-undo{n}")
