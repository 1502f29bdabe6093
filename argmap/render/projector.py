"""The presentation theme: large type, high contrast, thick outlines (QtGui only).

Fonts and the measure that lays out presentation scenes, and how their cards, edges and
links are drawn. Coordinates are scene units; the caller's painter scales them up.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF, QTextLayout,
                           QTextOption)

from argmap.render import style as S
from argmap.render.painter import FONT_FAMILIES, edge_path, paint_score_bar
from argmap.render.scene import Card, Edge, LinkPath
from argmap.render.style import Measure

__all__ = ["FONT_PX", "BACKGROUND", "INK", "NEW_COLOR", "COUNTER_COLOR", "present_font", "present_measure",
           "bare_height", "paint_card", "paint_edges", "paint_links", "paint_counter"]

#: Pixel sizes of the text roles in scene units; 12 is the smallest, so slides can keep all text at 18 pt.
FONT_PX = {"title": 14, "text": 12, "label": 12, "badge": 12, "edge": 12}
_BOLD = frozenset({"title", "label", "badge", "edge"})
BACKGROUND = "#ffffff"
INK = "#111418"
NEW_COLOR = "#ff8f00"  # the ring around what this step revealed
COUNTER_COLOR = "#8a8f98"
OUTLINE = 2.5  # card outline, scene units
EDGE_WIDTH = 3.0
BAND_INK = "#ffffff"
#: Darker heads than the canvas's, so white kind labels stay readable on a washed-out projector.
_BANDS = {"consequence": "#8f4f00", "evidence": "#455a64", "note": "#6d5f00"}

_fonts: dict[str, QFont] = {}


def present_font(role: str) -> QFont:
    """The presentation's font for a text role, at its scene pixel size."""
    f = _fonts.get(role)
    if f is None:
        f = QFont()
        f.setFamilies(FONT_FAMILIES)
        f.setPixelSize(FONT_PX[role])
        f.setBold(role in _BOLD)
        f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)  # same metrics at every zoom
        _fonts[role] = f
    return f


class _PresentMeasure(Measure):
    """Measures and wraps with the presentation's fonts (QTextLayout, so CJK and bidi text wrap too)."""

    def __init__(self) -> None:
        super().__init__()
        self._metrics = {role: QFontMetricsF(present_font(role)) for role in FONT_PX}
        self._heights = {role: math.ceil(fm.lineSpacing()) for role, fm in self._metrics.items()}

    def line_height(self, role: str) -> float:
        return self._heights[role]

    def _width(self, text: str, role: str) -> float:
        return self._metrics[role].horizontalAdvance(text)

    def _wrap(self, text: str, width: float, role: str) -> list[str]:
        layout = QTextLayout(text, present_font(role))
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        units = text.encode("utf-16-le")  # Qt counts UTF-16 code units
        out: list[str] = []
        layout.beginLayout()
        line = layout.createLine()
        while line.isValid():
            line.setLineWidth(width)
            a, n = line.textStart(), line.textLength()
            out.append(units[2 * a: 2 * (a + n)].decode("utf-16-le").rstrip())
            line = layout.createLine()
        layout.endLayout()
        return [s for s in out if s] or [""]


_measure: _PresentMeasure | None = None


def present_measure() -> Measure:
    """The shared measure for presentation scenes (its own face cache, apart from the canvas's)."""
    global _measure
    if _measure is None:
        from argmap.render.images import ensure_gui

        ensure_gui()
        _measure = _PresentMeasure()
    return _measure


def bare_height(face: Any) -> float:
    """A card's height without its badges and score bar."""
    m = present_measure()
    bottom = max((ln.y + m.line_height(ln.role) for ln in face.lines), default=S.BAND_HEIGHT + 6)
    return min(face.h, bottom + 3 + S.PAD - 2)


# -- drawing ---------------------------------------------------------------------------------

_colors: dict[str, QColor] = {}


def _color(c: str) -> QColor:
    q = _colors.get(c)
    if q is None:
        q = _colors[c] = QColor(c)
    return q


def _pen(color: str, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(_color(color), width, style)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


_DASH = {"solid": Qt.PenStyle.SolidLine, "dash": Qt.PenStyle.DashLine, "dot": Qt.PenStyle.DotLine,
         "dashdot": Qt.PenStyle.DashDotLine}


_fms: dict[str, QFontMetricsF] = {}


def _metrics(role: str) -> QFontMetricsF:
    fm = _fms.get(role)
    if fm is None:
        fm = _fms[role] = QFontMetricsF(present_font(role))
    return fm


def _text(painter: QPainter, text: str, role: str, x: float, y: float) -> float:
    """One line with its top-left at (x, y); returns its width."""
    painter.setFont(present_font(role))
    fm = _metrics(role)
    painter.drawText(QPointF(x, y + fm.ascent()), text)
    return fm.horizontalAdvance(text)


def paint_counter(painter: QPainter, rect: QRectF, text: str, size: float) -> None:
    """A small grey "4 / 19" in the bottom-right corner of `rect`, `size` device pixels tall."""
    painter.save()
    f = QFont(present_font("text"))
    f.setBold(False)
    f.setPixelSize(max(1, round(size)))
    painter.setFont(f)
    fm = QFontMetricsF(f)
    tw, th = fm.horizontalAdvance(text), fm.height()
    box = QRectF(rect.right() - tw - size * 1.3, rect.bottom() - th - size * 0.7, tw + size * 0.8, th + size * 0.3)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_color(BACKGROUND))  # over whatever edge runs through the corner
    painter.drawRoundedRect(box, size * 0.3, size * 0.3)
    painter.setPen(_color(COUNTER_COLOR))
    painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)
    painter.restore()


def _band(face: Any) -> str:
    return _BANDS.get(face.kind, face.band) if face.band == S.KIND_COLORS.get(face.kind, ("",))[0] else face.band


def paint_card(painter: QPainter, card: Card, numbers: bool, is_new: bool) -> None:
    """Draw one card at its place: kind band, title and text, and with `numbers` its badges and score bar."""
    r = card.rect
    f = card.face
    rect = QRectF(r.x, r.y, r.w, r.h)
    band = _band(f)
    if is_new:  # a ring outside the card, so the outline itself keeps the kind's colour
        painter.setPen(_pen(NEW_COLOR, 5.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect.adjusted(-5, -5, 5, 5), 9, 9)
    painter.setPen(_pen(band, OUTLINE))
    painter.setBrush(_color("#ffffff"))
    painter.drawRoundedRect(rect, 6, 6)
    head = QPainterPath()
    head.addRoundedRect(QRectF(r.x, r.y, r.w, S.BAND_HEIGHT + 6), 6, 6)
    clip = QPainterPath()
    clip.addRect(QRectF(r.x, r.y, r.w, S.BAND_HEIGHT))
    painter.fillPath(head.intersected(clip), _color(band))
    painter.setPen(_color(BAND_INK))
    label_h = _metrics("label").height()
    _text(painter, f.kind_label, "label", r.x + S.PAD, r.y + (S.BAND_HEIGHT - label_h) / 2)
    painter.setPen(_color(INK))
    m = present_measure()
    for line in f.lines:
        x = r.x + line.x
        if line.rtl:
            x += line.w - m.width(line.text, line.role)
        _text(painter, line.text, line.role, x, r.y + line.y)
    if not numbers:
        return
    for b in f.badges:
        _paint_badge(painter, r.x + b.x, r.y + b.y, b)
    if f.score_label:
        _paint_score(painter, card)


def _paint_badge(painter: QPainter, x: float, y: float, b: Any) -> None:
    painter.setPen(_pen(b.color, 1.5))
    painter.setBrush(_color(S.tint(b.color, 0.85)))
    painter.drawRoundedRect(QRectF(x, y, b.w, b.h), b.h / 2, b.h / 2)
    painter.setPen(_color(INK))
    text_h = _metrics("badge").height()
    _text(painter, b.text, "badge", x + 5, y + (b.h - text_h) / 2)


def _paint_score(painter: QPainter, card: Card) -> None:
    r = card.rect
    f = card.face
    y = r.y + f.score_y
    painter.setPen(_color(INK))
    text_h = _metrics("badge").height()
    w = _text(painter, f.score_label, "badge", r.x + S.PAD, y + (S.SCORE_HEIGHT - text_h) / 2)
    x0 = r.x + S.PAD + w + 8
    x1 = r.x + r.w - S.PAD
    paint_score_bar(painter, QRectF(x0, y + 4, max(x1 - x0, 10), S.SCORE_HEIGHT - 8), f, _pen(INK, 1.5))


def paint_edges(painter: QPainter, edges: list[Edge]) -> None:
    """Draw tree edges, thick, with their labels."""
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for (color, style), path in edge_path(edges).items():
        painter.setPen(_pen(color, EDGE_WIDTH, _DASH.get(style, Qt.PenStyle.SolidLine)))
        painter.drawPath(path)
    for e in edges:
        if e.label:
            # Left to right, a label sits in the gap before its card: keep it clear of the card.
            end = e.points[-1][0] - 4 if e.points[-1][1] == e.label_at[1] else None
            _paint_label(painter, e.label, e.color, e.label_at, end)


def _paint_label(painter: QPainter, text: str, color: str, at: tuple[float, float], end: float | None = None) -> None:
    fm = _metrics("edge")
    w, h = fm.horizontalAdvance(text) + 8, fm.height() + 2
    x = at[0] - w / 2 if end is None else min(at[0] - w / 2, end - w)
    box = QRectF(x, at[1] - h / 2, w, h)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_color(BACKGROUND))
    painter.drawRoundedRect(box, 4, 4)
    painter.setPen(_color(color))
    _text(painter, text, "edge", box.x() + 4, box.y() + 1)


def paint_links(painter: QPainter, links: list[LinkPath]) -> None:
    """Draw cross-links as thick curves with arrowheads and labels."""
    for ln in links:
        p0, c1, c2, p3 = ln.points
        path = QPainterPath(QPointF(*p0))
        path.cubicTo(QPointF(*c1), QPointF(*c2), QPointF(*p3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(_pen(ln.color, EDGE_WIDTH, _DASH.get(ln.style, Qt.PenStyle.DashLine)))
        painter.drawPath(path)
        if ln.arrow in ("end", "both"):
            _arrow(painter, p3, c2, ln.color)
        if ln.arrow == "both":
            _arrow(painter, p0, c1, ln.color)
        if ln.arrow == "bar":
            dx, dy = p3[0] - c2[0], p3[1] - c2[1]
            d = math.hypot(dx, dy) or 1.0
            ux, uy = dx / d, dy / d
            painter.setPen(_pen(ln.color, 4.0))
            painter.drawLine(QPointF(p3[0] - uy * 10, p3[1] + ux * 10), QPointF(p3[0] + uy * 10, p3[1] - ux * 10))
        if ln.label:
            _paint_label(painter, ln.label, ln.color, ln.label_at)


def _arrow(painter: QPainter, tip: tuple[float, float], frm: tuple[float, float], color: str) -> None:
    dx, dy = tip[0] - frm[0], tip[1] - frm[1]
    d = math.hypot(dx, dy) or 1.0
    ux, uy = dx / d, dy / d
    size = 14.0
    bx, by = tip[0] - ux * size, tip[1] - uy * size
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_color(color))
    painter.drawPolygon(QPolygonF([QPointF(*tip), QPointF(bx - uy * size * 0.5, by + ux * size * 0.5),
                                   QPointF(bx + uy * size * 0.5, by - ux * size * 0.5)]))
