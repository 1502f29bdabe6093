"""The editor's light and dark themes: the system's scheme, the palette, the canvas, and exports."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage, QPalette, QStyleHints
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from argmap.gui import theme
from argmap.gui.canvas import MapCanvas
from argmap.render import images
from argmap.render import style as S
from argmap.render.colourblind import contrast_ratio


@pytest.fixture
def themed(qapp, monkeypatch):
    """Apply the theme with ARGMAP_THEME set to a scheme (None: the system's); undone afterwards."""

    def apply(name: str | None) -> str:
        if name is None:
            monkeypatch.delenv(theme.ENV, raising=False)
        else:
            monkeypatch.setenv(theme.ENV, name)
        return theme.apply(qapp)

    yield apply
    theme.remove(qapp)


@pytest.fixture
def canvas(qtbot, session):
    view = MapCanvas(session)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    return view


def _card_fill_pixel(canvas, node_id: str) -> str:
    """The colour drawn in the bottom margin of a card, at its middle, as the canvas shows it."""
    canvas.set_zoom(1.0)
    canvas.center_on(node_id)
    r = canvas.scene_data.card(node_id).rect
    at = canvas.mapFromScene(QPointF(r.x + r.w / 2, r.y + r.h - 2.5))
    return canvas.viewport().grab().toImage().pixelColor(at).name()


def _rgb(name: str) -> tuple[int, int, int]:
    return int(name[1:3], 16), int(name[3:5], 16), int(name[5:7], 16)


def _near(a: str, b: str, tolerance: int = 3) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(_rgb(a), _rgb(b)))


def test_forced_dark_gives_dark_widgets_a_dark_canvas_and_dark_cards(themed, canvas, qapp):
    assert _near(_card_fill_pixel(canvas, "c1"), S.KIND_COLORS["consequence"][1])
    assert themed("dark") == "dark"
    assert theme.look() is S.DARK and theme.is_dark()
    palette = qapp.palette()
    role = QPalette.ColorRole
    assert palette.color(role.Window).lightness() < 60
    for text, ground in ((role.Text, role.Base), (role.WindowText, role.Window), (role.ButtonText, role.Button),
                         (role.HighlightedText, role.Highlight), (role.ToolTipText, role.ToolTipBase)):
        assert contrast_ratio(palette.color(text).name(), palette.color(ground).name()) >= 4.5, text
    assert canvas.backgroundBrush().color().name() == S.DARK.canvas
    assert _near(_card_fill_pixel(canvas, "c1"), S.DARK_FILLS["consequence"])
    assert _near(_card_fill_pixel(canvas, "p1"), S.DARK_FILLS["pro"])


def test_asking_for_light_after_dark_gives_the_light_palette_back(themed, canvas, qapp):
    before = qapp.palette().color(QPalette.ColorRole.Window)
    themed("dark")
    assert themed("light") == "light"
    assert theme.look() is S.LIGHT
    assert qapp.palette().color(QPalette.ColorRole.Window) == before
    assert canvas.backgroundBrush().color().name() == S.LIGHT.canvas
    assert _near(_card_fill_pixel(canvas, "c1"), S.KIND_COLORS["consequence"][1])


def test_the_system_scheme_is_followed_when_it_changes(themed, canvas, qapp, monkeypatch):
    monkeypatch.setattr(QStyleHints, "colorScheme", lambda self: Qt.ColorScheme.Light)
    assert themed(None) == "light"
    monkeypatch.setattr(QStyleHints, "colorScheme", lambda self: Qt.ColorScheme.Dark)
    qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert theme.look() is S.DARK
    assert qapp.palette().color(QPalette.ColorRole.Window).lightness() < 60
    assert canvas.backgroundBrush().color().name() == S.DARK.canvas
    monkeypatch.setattr(QStyleHints, "colorScheme", lambda self: Qt.ColorScheme.Light)
    qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert theme.look() is S.LIGHT and canvas.backgroundBrush().color().name() == S.LIGHT.canvas


def test_removing_the_theme_restores_the_application(themed, qapp):
    sheet, window = qapp.styleSheet(), qapp.palette().color(QPalette.ColorRole.Window)
    themed("dark")
    assert ":focus" in qapp.styleSheet()
    theme.remove(qapp)
    assert qapp.styleSheet() == sheet
    assert qapp.palette().color(QPalette.ColorRole.Window) == window
    assert theme.look() is S.LIGHT


def test_exports_keep_the_light_look_while_the_canvas_is_dark(themed, canvas, session):
    themed("dark")
    scene = images.map_scene(session.document)
    image = images.render_image(scene, 1.0).convertToFormat(QImage.Format.Format_RGB32)
    r, b = scene.card("c1").rect, scene.bounds
    pixel = image.pixelColor(round(r.x + r.w / 2 - b.x), round(r.y + r.h - 2.5 - b.y)).name()
    assert _near(pixel, S.KIND_COLORS["consequence"][1])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_focused_input_has_a_ring_in_the_focus_colour(themed, qtbot, scheme):
    themed(scheme)
    look = theme.look()
    form = QWidget()
    layout = QVBoxLayout(form)
    first, second = QLineEdit("first"), QLineEdit("second")
    layout.addWidget(first)
    layout.addWidget(second)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    second.setFocus()
    qtbot.waitUntil(second.hasFocus)

    def edge(field: QLineEdit) -> str:
        return field.grab().toImage().pixelColor(0, field.height() // 2).name()

    assert _near(edge(second), look.focus, 8)
    assert not _near(edge(first), look.focus, 40)
