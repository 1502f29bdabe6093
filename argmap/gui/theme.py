"""The editor's light or dark theme and its text size, following the system.

`apply(app)` picks light or dark from the system's colour scheme (QStyleHints.colorScheme,
Qt 6.5 and later) and follows its changes; ARGMAP_THEME=dark or light forces one. Widgets get
a matching QPalette and a style sheet that rings the focused input; map canvases get the dark
or light canvas colour, and their cards the matching `Look` (exports keep the light look).

Card text on the canvas follows the application font: `font_scale()` is the application
font's pixel size over the 12 px the card sizes were drawn for, and canvases measure and
draw their cards at that scale (`canvas_measure()`), again when the font changes.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QFontInfo, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QGraphicsView, QWidget

from argmap.render import style as S
from argmap.render.painter import qt_measure
from argmap.render.style import Look

__all__ = ["ENV", "STANDARD_PX", "apply", "remove", "scheme", "look", "is_dark", "font_scale", "canvas_measure",
           "install_canvas", "dark_palette", "style_sheet", "editor_style"]

#: Set to "dark" or "light" to force a scheme (tests, screenshots); anything else follows the system.
ENV = "ARGMAP_THEME"
#: The application font's pixel size at which cards have their standard sizes (the card text's).
STANDARD_PX = S.FONT_PX["text"]
_MARK = "/* argmap theme */"

_look: Look = S.LIGHT
_scale: float = 1.0
_applied: dict[str, Any] = {}  # what apply() changed, to follow changes and to undo them


def look() -> Look:
    """The colours the canvas draws its map in now (light until `apply` says otherwise)."""
    return _look


def is_dark() -> bool:
    return _look is S.DARK


#: Banner tones (background, border, text), light and dark: "note" for hints, "info" for prompts.
_TONES = {
    ("note", False): ("#fff8e1", "#e0c46c", "#3e2f00"), ("note", True): ("#3a3220", "#7d6a33", "#f5e9c6"),
    ("info", False): ("#e3f2fd", "#90caf9", "#0d2a45"), ("info", True): ("#1b2a3a", "#35608a", "#dcebf9"),
}
#: A widget property naming how the theme styles it (see `follow`).
_FOLLOW = "argmap_theme_role"


def role_sheet(role: str) -> str:
    """The style sheet of a widget with a themed role: "error" text, or "banner:TONE:SELECTOR"."""
    dark = is_dark()
    if role == "error":
        return f"color: {'#ff8a80' if dark else '#b00020'};"
    _kind, tone, selector = role.split(":", 2)
    back, border, ink = _TONES[(tone, dark)]
    return (f"{selector} {{ background: {back}; border: none; border-bottom: 1px solid {border}; }}"
            f"{selector} QLabel {{ color: {ink}; }}")


def follow(widget: QWidget, role: str) -> None:
    """Style `widget` for its role in the current scheme, and again whenever the scheme changes."""
    widget.setProperty(_FOLLOW, role)
    widget.setStyleSheet(role_sheet(role))


def _restyle_roles() -> None:
    for widget in QApplication.allWidgets():
        role = widget.property(_FOLLOW)
        if role:
            widget.setStyleSheet(role_sheet(str(role)))


def scheme(app: QGuiApplication | None = None) -> str:
    """'dark' or 'light': ARGMAP_THEME when it says one, else the system's scheme, else the palette's."""
    forced = os.environ.get(ENV, "").strip().lower()
    if forced in ("dark", "light"):
        return forced
    app = app or QGuiApplication.instance()  # type: ignore[assignment]
    if app is None:
        return "light"
    hints = app.styleHints()
    if hasattr(hints, "colorScheme"):
        value = hints.colorScheme()
        if value == Qt.ColorScheme.Dark:
            return "dark"
        if value == Qt.ColorScheme.Light:
            return "light"
    base = _applied.get("palette") or app.palette()
    return "dark" if base.color(QPalette.ColorRole.Window).lightness() < 128 else "light"


def font_scale(app: QGuiApplication | None = None) -> float:
    """How large card text should be on the canvas, against the standard size: the application font's
    pixel size over STANDARD_PX, in twelfths, from 0.75 to 3."""
    app = app or QGuiApplication.instance()  # type: ignore[assignment]
    if app is None:
        return 1.0
    px = QFontInfo(QFont(app.font())).pixelSize()
    if px <= 0:
        return 1.0
    return min(3.0, max(0.75, round(px / STANDARD_PX * 12) / 12))


def canvas_measure() -> Any:
    """The measure a map canvas lays its cards out with: the painter's, at the application font's scale."""
    return qt_measure(_scale if _applied else font_scale())


def dark_palette() -> QPalette:
    """A dark palette for the widgets, its text and highlight colours taken from the dark look."""
    look = S.DARK
    p = QPalette()
    roles = QPalette.ColorRole
    colors = {
        roles.Window: "#202124", roles.WindowText: look.ink, roles.Base: "#18191c", roles.AlternateBase: "#232428",
        roles.ToolTipBase: "#2b2c30", roles.ToolTipText: look.ink, roles.PlaceholderText: "#9aa0a6",
        roles.Text: look.ink, roles.Button: "#2b2c30", roles.ButtonText: look.ink, roles.BrightText: "#ffffff",
        roles.Light: "#3c4043", roles.Midlight: "#34363a", roles.Mid: "#2b2c30", roles.Dark: "#111214",
        roles.Shadow: "#000000", roles.Highlight: "#3d6bb3", roles.HighlightedText: "#ffffff",
        roles.Link: look.focus, roles.LinkVisited: "#c58af9",
    }
    for role, color in colors.items():
        p.setColor(role, QColor(color))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText, roles.PlaceholderText):
        p.setColor(disabled, role, QColor("#6b6f75"))
    p.setColor(disabled, roles.Highlight, QColor("#3c4043"))
    return p


def style_sheet(look: Look) -> str:
    """The style sheet rules that ring the focused input in the look's focus colour.

    Spin boxes and combo boxes keep their style's own focus frame (in the palette's highlight
    colour): a style sheet border on them would draw their arrows as bare dashes.
    """
    ring = f"border: 2px solid {look.focus}; border-radius: 3px;"
    return (f"{_MARK}\n"
            f"QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus {{ {ring} }}\n"
            # Views keep the same 2 px round them focused or not, so that focus never moves their contents.
            "QAbstractItemView, QGraphicsView, QTextBrowser { border: 1px solid palette(mid); padding: 1px; }\n"
            f"QAbstractItemView:focus, QGraphicsView:focus, QTextBrowser:focus {{ border: 2px solid {look.focus}; "
            "padding: 0px; }\n"
            f"{_MARK}\n")


def editor_style(look: Look | None = None) -> str:
    """The style sheet of the in-place card editor: the card's ink on a card-like fill, ringed."""
    look = look or _look
    fill = "#ffffff" if not look.fills else S.DARK.surface
    return (f"QFrame#inline_editor {{ border: 2px solid {look.focus}; background: {fill}; }}"
            f"QPlainTextEdit {{ background: {fill}; color: {look.ink}; }}")


class _Follower(QObject):
    """Follows the system's colour scheme and the application font once `apply` has run."""

    def on_scheme_changed(self, *_: Any) -> None:
        app = QApplication.instance()
        if app is not None and _applied:
            _apply_scheme(app)  # type: ignore[arg-type]

    def on_font_changed(self, *_: Any) -> None:
        global _scale
        app = QApplication.instance()
        if app is None or not _applied:
            return
        scale = font_scale(app)  # type: ignore[arg-type]
        if scale != _scale:
            _scale = scale
            for canvas in _canvases():
                install_canvas(canvas)


def apply(app: QApplication) -> str:
    """Give the application the system's scheme (or ARGMAP_THEME's) and follow its changes; returns it.

    Safe to call again (after the environment changes, say); `remove` undoes it.
    """
    global _scale
    if not _applied:
        _applied["palette"] = QPalette(app.palette())
        _applied["sheet"] = app.styleSheet()
        follower = _applied["follower"] = _Follower(app)
        hints = app.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(follower.on_scheme_changed)
        app.fontChanged.connect(follower.on_font_changed)
    _scale = font_scale(app)
    name = _apply_scheme(app)
    # Canvases made before the event loop runs (the first window) are styled once it starts.
    QTimer.singleShot(0, _restyle_canvases)
    return name


def _apply_scheme(app: QApplication) -> str:
    global _look
    name = scheme(app)
    _look = S.DARK if name == "dark" else S.LIGHT
    original: QPalette = _applied["palette"]
    if name == "dark":
        app.setPalette(dark_palette())
    elif original.color(QPalette.ColorRole.Window).lightness() >= 128:
        app.setPalette(original)
    else:  # the system is dark but light was asked for
        app.setPalette(app.style().standardPalette())
    sheet = _strip(app.styleSheet())
    app.setStyleSheet(sheet + ("\n" if sheet else "") + style_sheet(_look))
    _restyle_canvases()
    _restyle_roles()
    return name


def _strip(sheet: str) -> str:
    """`sheet` without the rules `style_sheet` added to it."""
    while _MARK in sheet:
        start = sheet.index(_MARK)
        end = sheet.find(_MARK, start + len(_MARK))
        if end < 0:
            break
        sheet = (sheet[:start] + sheet[end + len(_MARK):]).strip("\n")
    return sheet


def remove(app: QApplication) -> None:
    """Undo `apply`: the palette and style sheet as they were, the light look, no following."""
    global _look, _scale
    if not _applied:
        return
    follower = _applied.pop("follower")
    hints = app.styleHints()
    if hasattr(hints, "colorSchemeChanged"):
        hints.colorSchemeChanged.disconnect(follower.on_scheme_changed)
    app.fontChanged.disconnect(follower.on_font_changed)
    follower.deleteLater()
    app.setPalette(_applied.pop("palette"))
    app.setStyleSheet(_strip(app.styleSheet()))
    _applied.pop("sheet", None)
    _applied.clear()
    _look = S.LIGHT
    _scale = 1.0
    _restyle_canvases()


def _canvases() -> list[Any]:
    from argmap.gui.canvas import MapCanvas  # the canvas draws with this module: import late

    return [w for w in QApplication.allWidgets() if isinstance(w, MapCanvas)]


def _restyle_canvases() -> None:
    if QApplication.instance() is None:
        return
    for canvas in _canvases():
        install_canvas(canvas)


def install_canvas(canvas: QGraphicsView) -> None:
    """Give a map canvas the theme's background, badge tooltips and card scale, and repaint it."""
    from argmap.gui.mapitems import install_tips

    canvas.setBackgroundBrush(QBrush(QColor(_look.canvas)))
    install_tips(canvas)
    measure = canvas_measure()
    if getattr(canvas, "_measure", measure) is not measure:
        setter = getattr(canvas, "set_measure", None)
        if setter is not None:
            setter(measure)
        else:
            canvas._measure = measure  # type: ignore[attr-defined]
            canvas.rebuild()  # type: ignore[attr-defined]
    scene = canvas.scene()
    if scene is not None:
        for item in scene.items():
            if item.cacheMode() != item.CacheMode.NoCache:
                item.update()
    canvas.viewport().update()
