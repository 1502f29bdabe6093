"""The selected card and the focused canvas show a clear ring in both themes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF

from argmap.gui import theme
from argmap.gui.canvas import MapCanvas
from argmap.render.style import mix


@pytest.fixture(params=["light", "dark"])
def look(request, qapp, monkeypatch):
    monkeypatch.setenv(theme.ENV, request.param)
    theme.apply(qapp)
    yield theme.look()
    theme.remove(qapp)


@pytest.fixture
def canvas(qtbot, session, look):
    view = MapCanvas(session)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    theme.install_canvas(view)
    view.set_zoom(1.0)
    view.center_on("c1")
    return view


def _distance(a: str, b: str) -> int:
    return sum(abs(int(a[i:i + 2], 16) - int(b[i:i + 2], 16)) for i in (1, 3, 5))


def _edge_and_halo(canvas, node_id: str) -> tuple[str, str]:
    """The colours on a card's left edge and just outside it, half way down."""
    r = canvas.scene_data.card(node_id).rect
    image = canvas.viewport().grab().toImage()
    edge = canvas.mapFromScene(QPointF(r.x, r.y + r.h / 2))
    halo = canvas.mapFromScene(QPointF(r.x - 3.75, r.y + r.h / 2))
    return image.pixelColor(edge).name(), image.pixelColor(halo).name()


def test_the_selected_card_has_a_ring_and_a_halo_in_the_focus_colour(canvas, session, look, qtbot):
    session.select("o2")
    qtbot.waitUntil(lambda: not canvas.item("c1").is_selected)
    edge, halo = _edge_and_halo(canvas, "c1")
    assert _distance(edge, look.focus) > 60 and _distance(halo, look.canvas) < 8  # not selected: no ring
    session.select("c1")
    qtbot.waitUntil(lambda: canvas.item("c1").is_selected)
    edge, halo = _edge_and_halo(canvas, "c1")
    assert _distance(edge, look.focus) < 12
    expected_halo = mix(look.canvas, look.focus, 0.4)
    assert _distance(halo, expected_halo) < 20 and _distance(halo, look.canvas) > 40


def test_the_focused_canvas_is_framed_in_the_focus_colour(canvas, look, qtbot):
    canvas.activateWindow()
    canvas.setFocus()
    qtbot.waitUntil(canvas.hasFocus)
    frame = canvas.grab().toImage().pixelColor(0, canvas.height() // 2).name()
    assert _distance(frame, look.focus) < 12
