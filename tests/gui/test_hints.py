"""The first-run hint strip: shown above the map until "Got it", which holds for every later window."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSettings

from argmap.gui import guide, hints
from argmap.gui.files import app_settings


def _show_hints_action(window):
    menu = guide.find_help_menu(window)
    return next(a for a in menu.actions() if a.text().replace("&", "") == "Show Hints")


def test_the_strip_shows_on_first_run_across_the_window_above_the_panes(qtbot, window):
    strip = hints.install(window)
    qtbot.waitUntil(strip.isVisible)
    bottom = strip.mapTo(window, QPoint(0, strip.height())).y()
    for pane in (window.canvas, window.outline, window.panels["inspector"]):
        assert bottom <= pane.mapTo(window, QPoint(0, 0)).y()
    assert strip.width() >= window.width() - 4
    text = strip.label.text()
    for words in ("Left", "outline", "Middle", "the map", "Right", "inspector", "weighing",
                  "Tab", "Enter", "+ − E C", "F2", "Ctrl+Z", "F1"):
        assert words in text, words
    assert strip.height() < 90  # a slim bar, not a panel


def test_got_it_hides_the_strip_in_this_and_every_new_window(qtbot, make_window, window):
    first = hints.install(window)
    qtbot.waitUntil(first.isVisible)
    first.got_it_button.click()
    assert not first.isVisible()
    assert hints.is_dismissed(app_settings())
    later = make_window()
    again = hints.install(later)
    assert not again.isVisible()


def test_show_hints_brings_the_strip_back_for_good(qtbot, make_window, window):
    strip = hints.install(window)
    strip.got_it_button.click()
    assert not strip.isVisible()
    _show_hints_action(window).trigger()
    assert strip.isVisible()
    assert not hints.is_dismissed()
    later = make_window()
    assert hints.install(later).isVisible()


def test_the_guide_button_opens_the_guide_on_the_panes(qtbot, window):
    guide.install(window)
    strip = hints.install(window)
    strip.guide_button.click()
    shown = window.findChild(guide.GuideWindow)
    qtbot.waitUntil(shown.isVisible)
    assert shown.section_at_top() == "panes"
    assert strip.isVisible()  # opening the Guide is not "Got it"


def test_show_hints_sits_after_the_guide_in_the_help_menu(window):
    guide.install(window)
    hints.install(window)
    names = [a.text().replace("&", "") for a in guide.find_help_menu(window).actions()]
    assert names[:2] == ["Guide", "Show Hints"]


def test_a_settings_object_passed_in_keeps_the_dismissal(qtbot, window, make_window, tmp_path):
    settings = QSettings(str(tmp_path / "hints.ini"), QSettings.Format.IniFormat)
    strip = hints.install(window, settings)
    strip.got_it_button.click()
    assert QSettings(str(tmp_path / "hints.ini"), QSettings.Format.IniFormat).value(hints.DISMISSED_KEY) in (True, "true")
    assert not hints.is_dismissed(app_settings())  # the app's own settings were not touched
    assert not hints.install(make_window(), settings).isVisible()
