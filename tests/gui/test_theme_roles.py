"""Banners and messages follow the theme: the hint strip, the new-map bar and error text in dark and light."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor

from argmap.gui import hints, newmap, theme


@pytest.fixture
def themed(qapp, monkeypatch):
    def apply(name: str) -> str:
        monkeypatch.setenv(theme.ENV, name)
        return theme.apply(qapp)

    yield apply
    theme.remove(qapp)


def _background(widget) -> QColor:
    """The colour a widget shows near its top-left corner (inside any border)."""
    return widget.grab().toImage().pixelColor(QPoint(4, 4))


def test_the_hint_strip_and_the_new_map_bar_are_dark_in_the_dark_theme_and_follow_a_switch(qtbot, window, themed):
    themed("dark")
    strip = hints.install(window)
    strip.bring_back()
    panel = newmap.install(window)
    panel.ask()
    qtbot.waitUntil(lambda: strip.isVisible() and panel.isVisible())
    assert _background(strip).lightness() < 90
    assert _background(panel).lightness() < 90
    assert "#ff8a80" in panel.message.styleSheet()  # error text light enough to read on dark
    themed("light")
    assert _background(strip).lightness() > 200
    assert _background(panel).lightness() > 200
    assert "#b00020" in panel.message.styleSheet() and "#b00020" in window.weighing.message.styleSheet()


def test_every_role_sheet_names_readable_colours():
    for role in ("error", "banner:note:QToolBar#x", "banner:info:QFrame#y"):
        assert theme.role_sheet(role)
    with pytest.raises(KeyError):
        theme.role_sheet("banner:loud:QFrame#z")
