"""Card text on the canvas follows the application font; exports keep the standard sizes."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QFontInfo

from argmap.gui import theme
from argmap.gui.canvas import MapCanvas
from argmap.render import images
from argmap.render.painter import font, qt_measure
from argmap.render.scene import build_scene


@pytest.fixture
def app_font(qapp):
    """Set the application font's pixel size for a test; the font is put back afterwards."""
    before = QFont(qapp.font())

    def set_px(px: int) -> None:
        f = QFont(qapp.font())
        f.setPixelSize(px)
        qapp.setFont(f)

    yield set_px
    qapp.setFont(before)


@pytest.fixture
def themed(qapp, app_font, monkeypatch):
    monkeypatch.setenv(theme.ENV, "light")
    yield lambda: theme.apply(qapp)
    theme.remove(qapp)


@pytest.fixture
def canvas(qtbot, session):
    view = MapCanvas(session)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    return view


def _sizes(canvas) -> dict[str, tuple[float, float]]:
    return {nid: (item.card.rect.w, item.card.rect.h) for nid, item in canvas.items_by_id.items()}


def test_the_standard_font_keeps_the_standard_card_sizes(qapp, themed, canvas, session):
    assert QFontInfo(qapp.font()).pixelSize() == theme.STANDARD_PX
    themed()
    assert theme.font_scale() == 1.0
    standard = build_scene(session.document, measure=qt_measure())
    assert _sizes(canvas) == {c.id: (c.rect.w, c.rect.h) for c in standard.cards if c.id in _sizes(canvas)}


def test_a_larger_system_font_makes_larger_cards_on_the_canvas(qapp, app_font, themed, canvas, session):
    before = _sizes(canvas)
    app_font(24)  # twice the standard 12 px
    themed()
    assert theme.font_scale() == 2.0
    after = _sizes(canvas)
    assert after.keys() == before.keys()
    for nid, (w, h) in after.items():
        assert w == pytest.approx(2 * before[nid][0])
        assert h == pytest.approx(2 * before[nid][1], rel=0.12)  # text wraps a little differently
    card = canvas.item("c1").card
    assert card.face.scale == 2.0
    body = next(line for line in card.face.lines if line.role == "text")
    assert font(body.role, card.face.scale).pixelSize() == 24
    # Exports are drawn at the standard sizes whatever the screen's font.
    exported = images.map_scene(session.document)
    assert exported.card("c1").face.scale == 1.0
    assert exported.card("c1").rect.w == pytest.approx(before["c1"][0])


def test_a_font_change_while_running_resizes_the_cards(qapp, app_font, themed, canvas, qtbot):
    themed()
    before = canvas.item("o1").card.rect
    app_font(18)  # 1.5 times the standard size
    qtbot.waitUntil(lambda: canvas.item("o1") is not None and canvas.item("o1").card.face.scale == 1.5)
    after = canvas.item("o1").card.rect
    assert after.w == pytest.approx(1.5 * before.w)
    assert after.h > 1.3 * before.h
