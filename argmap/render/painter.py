"""Drawing a Scene with QPainter (QtGui only): shared by the canvas and the image exporters.

Text is laid out once per line and kept as QStaticText. When the view is zoomed far
out (level of detail below `LOD_BOX`) cards are drawn as coloured boxes without
text, in a few batched calls, so a 10,000-card overview repaints quickly.

Drawing a whole map onto any paint device (image, SVG, PDF)::

    scene = build_scene(doc, scores, root=branch_or_None, measure=qt_measure())
    b = scene.bounds                      # scene units = pixels at 100 %
    painter = QPainter(device)            # device sized b.w * scale by b.h * scale
    painter.scale(scale, scale)
    painter.translate(-b.x, -b.y)
    paint_scene(painter, scene)           # nothing is drawn behind the map: fill first if wanted
    painter.end()
"""

from __future__ import annotations

import math
import re
import os
from itertools import groupby
from typing import Any, Iterable

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QStaticText,
    QTextLayout,
    QTextOption,
    QTransform,
)

from argmap.render import style as S
from argmap.render.faces import kind_mark
from argmap.render.scene import Card, Edge, LinkPath, Rect, Scene, set_default_measure
from argmap.render.style import Measure

__all__ = [
    "FONT_FAMILIES",
    "LOD_BOX",
    "LOD_TEXT",
    "LOD_READABLE",
    "TITLE_PX_FAR",
    "LEGIBLE_PX",
    "FAR_SCALE",
    "title_scale",
    "LOD_LABELS",
    "MARK_MARGIN",
    "QtMeasure",
    "font",
    "qt_measure",
    "level_of_detail",
    "paint_card",
    "paint_edges",
    "paint_links",
    "paint_scene",
    "edge_path",
    "paint_score_bar",
    "score_track",
    "ring_width",
]

#: DejaVu Sans first; fontconfig supplies fallbacks for scripts it lacks (Arabic, Urdu, CJK, emoji).
FONT_FAMILIES = ["DejaVu Sans", "Noto Sans", "Noto Naskh Arabic", "Noto Nastaliq Urdu", "Noto Sans CJK SC",
                 "Noto Color Emoji", "sans-serif"]
LOD_BOX = 0.3  # below this, cards are plain coloured boxes
LOD_TEXT = 0.7  # below this, cards drop their body text and badges and show their title, enlarged
#: The title of a card seen from far (between LOD_BOX and LOD_TEXT) is drawn this many pixels tall on screen.
TITLE_PX_FAR = 12.0
#: Text smaller than this many pixels on screen does not count as legible.
LEGIBLE_PX = 11.0
#: How much a card's title is enlarged in the faces built for a view zoomed far out (`build_scene(far=...)`).
FAR_SCALE = 2.0
#: The lowest zoom at which Fit to Window and the opening view count a map as readable: the titles of its
#: far faces are drawn LEGIBLE_PX tall.
LOD_READABLE = math.ceil(LEGIBLE_PX / (S.FONT_PX["title"] * FAR_SCALE) * 1000) / 1000
LOD_LABELS = 0.6  # below this, edges and links have no labels (they would be a few pixels tall)
MARK_MARGIN = 7.0  # how far a selection ring and its halo may reach outside its card, in scene units

_app: QGuiApplication | None = None
_fonts: dict[tuple[str, float], QFont] = {}
_colors: dict[str, QColor] = {}
_pens: dict[tuple, QPen] = {}
_static: dict[tuple[str, str, float], QStaticText] = {}
_measures: dict[float, "QtMeasure"] = {}
_DASH = {"solid": Qt.PenStyle.SolidLine, "dash": Qt.PenStyle.DashLine, "dot": Qt.PenStyle.DotLine,
         "dashdot": Qt.PenStyle.DashDotLine}


def _ensure_app() -> None:
    """Fonts need a QGuiApplication; headless callers get an offscreen one."""
    global _app
    if QGuiApplication.instance() is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app = QGuiApplication([])


def font(role: str, scale: float = 1.0) -> QFont:
    """The font for a text role (title, text, label, badge, edge): its standard pixel size times `scale`."""
    key = (role, scale)
    f = _fonts.get(key)
    if f is None:
        _ensure_app()
        f = QFont()
        f.setFamilies(FONT_FAMILIES)
        f.setPixelSize(max(1, round(S.FONT_PX.get(role, S.MARK_PX) * scale)))
        f.setBold(role in S.BOLD_ROLES)
        f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)  # same metrics at every zoom
        _fonts[key] = f
    return f


def _color(c: str) -> QColor:
    q = _colors.get(c)
    if q is None:
        q = _colors[c] = QColor(c)
    return q


def _pen(color: str, width: float = 1.0, style: str = "solid") -> QPen:
    key = (color, width, style)
    p = _pens.get(key)
    if p is None:
        p = QPen(_color(color), width, _DASH.get(style, Qt.PenStyle.SolidLine))
        p.setCosmetic(False)
        _pens[key] = p
    return p


class QtMeasure(Measure):
    """Measures with the painter's own fonts and wraps with QTextLayout (handles CJK and bidi text).

    With `scale`, the fonts are that many times their standard size, and so are the faces built
    with this measure (`Face.scale`).
    """

    def __init__(self, scale: float = 1.0) -> None:
        super().__init__()
        self.scale = scale
        self._metrics = {role: QFontMetricsF(font(role, scale)) for role in S.FONT_PX}
        self._heights = {role: math.ceil(fm.lineSpacing()) for role, fm in self._metrics.items()}
        self._words: dict[str, dict[str, float]] = {}
        self._overhangs: dict[str, dict[str, float]] = {}

    def line_height(self, role: str) -> float:
        return self._heights[role]

    def _width(self, text: str, role: str) -> float:
        return self._metrics[role].horizontalAdvance(text)

    def _wrap(self, text: str, width: float, role: str) -> list[str]:
        if _PLAIN.match(text):
            lines = self._wrap_plain(text, width, role)
            if lines is not None:
                return lines
        return self._wrap_layout(text, width, role)

    def _wrap_plain(self, text: str, width: float, role: str) -> list[str] | None:
        """Greedy wrapping of plain Latin words (single spaces, no hyphens): what QTextLayout gives,
        from cached word widths; None when a word is wider than a line (QTextLayout breaks it)."""
        words = self._words.get(role)
        if words is None:
            words = self._words[role] = {}
        metrics = self._metrics[role]
        advance = metrics.horizontalAdvance
        overhang = self._overhangs.setdefault(role, {})
        space = words.get(" ")
        if space is None:
            space = words[" "] = advance(" ")
        lines: list[str] = []
        line: list[str] = []
        used = 0.0
        for word in text.split(" "):
            w = words.get(word)
            if w is None:
                if len(words) > 400_000:
                    words.clear()
                w = words[word] = advance(word)
            # As QTextLayout does, a line fits when its last glyph's overhang (a negative right
            # bearing, as of 'f' or 'r') fits too.
            over = overhang.get(word[-1:])
            if over is None:
                over = overhang[word[-1:]] = max(0.0, -metrics.rightBearing(word[-1])) if word else 0.0
            if w + over > width:
                return None  # QTextLayout breaks such a word between characters
            if line:
                trial = used + space + w
                # Near the edge the sum of widths may differ from the laid-out line by a hair: measure it.
                if trial + over > width - 0.5 and (
                        trial + over > width + 0.5 or advance(" ".join(line) + " " + word) + over > width):
                    lines.append(" ".join(line))
                    line, used = [word], w
                else:
                    line.append(word)
                    used = trial
            else:
                line, used = [word], w
        if line:
            lines.append(" ".join(line))
        return lines or [""]

    def _wrap_layout(self, text: str, width: float, role: str) -> list[str]:
        layout = QTextLayout(text, font(role, self.scale))
        opt = QTextOption()
        opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(opt)
        units = text.encode("utf-16-le")  # Qt's offsets count UTF-16 code units
        lines: list[str] = []
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            a, n = line.textStart(), line.textLength()
            lines.append(units[2 * a: 2 * (a + n)].decode("utf-16-le").rstrip())
        layout.endLayout()
        return [ln for ln in lines if ln] or [""]


#: Text that only breaks at single spaces: Latin letters, digits and punctuation that never opens a
#: break (Unicode line breaking), with ? and ! only at the end of a word.
_PLAIN = re.compile(r"[A-Za-z0-9\u00c0-\u024f.,;:'\"()\u2018\u2019\u201c\u201d]+[?!]*(?: [A-Za-z0-9\u00c0-\u024f.,;:'\"()\u2018\u2019\u201c\u201d]+[?!]*)*\Z")


def qt_measure(scale: float = 1.0) -> QtMeasure:
    """The measure for the fonts at `scale` times their standard size (one shared per scale, so its
    text and card caches persist). Exports use the standard size."""
    m = _measures.get(scale)
    if m is None:
        m = _measures[scale] = QtMeasure(scale)
    return m


# Scenes built without an explicit measure are drawn here, so measure them with these fonts.
set_default_measure(qt_measure)


def level_of_detail(painter: QPainter) -> float:
    """How many device pixels one scene unit covers (1 at 100 % zoom)."""
    return math.sqrt(abs(painter.worldTransform().determinant()))


def _text(text: str, role: str, scale: float = 1.0) -> QStaticText:
    key = (text, role, scale)
    st = _static.get(key)
    if st is None:
        if len(_static) > 80_000:
            _static.clear()
        st = QStaticText(text)
        st.setTextFormat(Qt.TextFormat.PlainText)
        st.prepare(QTransform(), font(role, scale))
        _static[key] = st
    return st


#: The look and the scale of the card being drawn (set by `paint_card` for the helpers that draw its parts).
_drawing: list[Any] = [S.LIGHT, 1.0]


def _draw_text(painter: QPainter, text: str, role: str, x: float, y: float, scale: float | None = None) -> float:
    """Draw one line with its top-left at (x, y), at `scale` (default: the card being drawn's); returns its width."""
    if scale is None:
        scale = _drawing[1]
    st = _text(text, role, scale)
    painter.setFont(font(role, scale))
    painter.drawStaticText(QPointF(x, y), st)
    return st.size().width()


def paint_card(painter: QPainter, card: Card, lod: float, selected: bool = False, highlighted: bool = False,
               look: S.Look = S.LIGHT) -> None:
    """Draw one card at its place in scene coordinates, in `look`'s colours (exports: the light look)."""
    r = card.rect
    f = card.face
    s = f.scale
    _drawing[0], _drawing[1] = look, s
    rect = QRectF(r.x, r.y, r.w, r.h)
    fill = look.card_fill(f.kind, f.band, f.fill)
    if lod < LOD_BOX:
        painter.fillRect(rect, _color(look.focus if selected else f.band))
        return
    border = _pen(look.border(f.band), 1)
    if f.toggle == "+":  # a collapsed branch: a second card edge peeks out behind it
        painter.setPen(border)
        painter.setBrush(_color(fill))
        painter.drawRoundedRect(rect.translated(3, 3), 6, 6)
    painter.setPen(border)
    painter.setBrush(_color(fill))
    painter.drawRoundedRect(rect, 6, 6)
    if selected or highlighted:
        _paint_ring(painter, rect, lod, look.focus if selected else look.target)
    painter.translate(r.x, r.y)
    painter.fillPath(_band_path(r.w, s), _color(f.band))
    painter.translate(-r.x, -r.y)
    label_x = _paint_kind_mark(painter, card, look)
    if f.far and S.FONT_PX["title"] * s * f.far * lod >= LEGIBLE_PX:
        _paint_far_face(painter, card, lod, look)
        return
    if lod < LOD_TEXT or f.far:
        _paint_far(painter, card, lod)
        return
    painter.setPen(_color(look.label))
    label_h = S.FONT_PX["label"] * 1.2 * s
    _draw_text(painter, f.kind_label, "label", label_x, r.y + (S.BAND_HEIGHT * s - label_h) / 2)
    if f.toggle:
        _paint_toggle(painter, card, look)
    painter.setPen(_color(look.ink))
    for line in f.lines:
        x = r.x + line.x
        if line.rtl:
            x += line.w - _text(line.text, line.role, s).size().width()
        _draw_text(painter, line.text, line.role, x, r.y + line.y)
    for b in f.badges:
        _paint_badge(painter, r.x + b.x, r.y + b.y, b, s, look)
    if f.score_label:
        _paint_score(painter, card, look)


def ring_width(lod: float) -> float:
    """The selection ring's pen width in scene units: 3 device pixels at any zoom (within MARK_MARGIN)."""
    return 3.0 if lod >= 1 else min(3.0 / lod, 4.0)


def _paint_ring(painter: QPainter, rect: QRectF, lod: float, color: str) -> None:
    """A ring on a card's edge in place of its outline, and a fainter halo just outside it, so that the
    selection reads on any fill and any background."""
    width = ring_width(lod)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    halo = QColor(color)
    halo.setAlphaF(0.4)
    pen = QPen(halo, width)
    out = width * 1.25
    painter.setPen(pen)
    painter.drawRoundedRect(rect.adjusted(-out, -out, out, out), 6 + out, 6 + out)
    painter.setPen(_pen(color, width))
    painter.drawRoundedRect(rect, 6, 6)


def _paint_kind_mark(painter: QPainter, card: Card, look: S.Look) -> float:
    """The kind's letter ('C' for a consequence) on a light chip at the left of the band, so a card's kind
    reads without its colour (in grey print, for colour-blind readers). Returns where the label starts."""
    f = card.face
    s = f.scale
    mark = kind_mark(f)
    if mark is None:
        return card.rect.x + S.PAD * s
    box = QRectF(card.rect.x + mark.x, card.rect.y + mark.y, mark.side, mark.side)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_color(look.label))
    painter.drawRoundedRect(box, 3 * s, 3 * s)
    st = _text(mark.letter, "mark", s)
    size = st.size()
    painter.setPen(_color(f.band))
    painter.setFont(font("mark", s))
    painter.drawStaticText(QPointF(box.center().x() - size.width() / 2, box.center().y() - size.height() / 2), st)
    return card.rect.x + mark.label_x


def title_scale(lod: float, scale: float = 1.0) -> float:
    """How much a card's title is enlarged at this level of detail (1 close up), in steps of 1/8."""
    if lod >= LOD_TEXT:
        return 1.0
    k = TITLE_PX_FAR / (S.FONT_PX["title"] * scale * max(lod, 1e-6))
    return max(1.0, math.ceil(k * 8) / 8)


def far_title(card: Card) -> str:
    """The words a card shows from far: its title, or its text when it has none."""
    lines = card.face.lines
    role = "title" if any(ln.role == "title" for ln in lines) else "text"
    out = ""
    for ln in lines:
        if ln.role == role:
            # Lines were broken at spaces, or after a hyphen (which keeps its word whole).
            out += ln.text if not out or out.endswith("-") else " " + ln.text
    return out


def _paint_far(painter: QPainter, card: Card, lod: float, look: S.Look | None = None) -> None:
    """The card seen from far: only its title, enlarged to stay legible, and how much is folded under it."""
    look = look or _drawing[0]
    r = card.rect
    f = card.face
    s = f.scale
    k = title_scale(lod, s)
    measure = qt_measure(s)
    inner = r.w - 2 * S.PAD * s
    top = (S.BAND_HEIGHT + 4) * s
    line_h = measure.line_height("title") * k
    fold = f"+{f.hidden}" if f.toggle == "+" and f.hidden else ""
    fold_h = (S.FONT_PX["label"] * 1.2 + 4) * k * s if fold else 0.0
    room = r.h - top - S.PAD * s / 2 - fold_h
    max_lines = max(1, int(room // line_h))
    lines = measure.wrap(far_title(card), inner / k, "title", max_lines)
    painter.setPen(_color(look.ink))
    painter.setFont(font("title", s))
    x0 = r.x + S.PAD * s
    painter.translate(x0, r.y + top)
    painter.scale(k, k)
    for i, line in enumerate(lines):
        painter.drawStaticText(QPointF(0, i * line_h / k), _text(line, "title", s))
    painter.scale(1 / k, 1 / k)
    painter.translate(-x0, -(r.y + top))
    if fold:
        _paint_fold_count(painter, card, fold, k, lod, look=look)


def _paint_fold_count(painter: QPainter, card: Card, text: str, k: float, lod: float, left: bool = False,
                      look: S.Look = S.LIGHT) -> None:
    """The count of what is folded under a card ("+12"), as a pill over its bottom-right corner
    (with `left`, any short label over its bottom-left corner)."""
    r = card.rect
    f = card.face
    s = f.scale
    st = _text(text, "label", s)
    fold_h = (S.FONT_PX["label"] * 1.2 + 4) * k * s
    w = (st.size().width() + 8 * s) * k
    box = QRectF(r.x + 4 * s if left else r.x + r.w - w - 4 * s, r.y + r.h - fold_h - 4 * s, w, fold_h)
    painter.setPen(_pen(f.band, 1.5 / max(lod, 0.05)))
    painter.setBrush(_color(look.surface))
    painter.drawRoundedRect(box, fold_h / 2, fold_h / 2)
    painter.setPen(_color(look.line(f.band)))
    painter.setFont(font("label", s))
    painter.translate(box.x() + 4 * s * k, box.y() + 2 * s * k)
    painter.scale(k, k)
    painter.drawStaticText(QPointF(0, 0), st)
    painter.scale(1 / k, 1 / k)
    painter.translate(-(box.x() + 4 * s * k), -(box.y() + 2 * s * k))


def _paint_far_face(painter: QPainter, card: Card, lod: float, look: S.Look = S.LIGHT) -> None:
    """A face built for reading from far (`Face.far`): its title lines, enlarged, and its fold count."""
    r = card.rect
    f = card.face
    k = f.far
    s = f.scale
    painter.setPen(_color(look.ink))
    painter.setFont(font("title", s))
    for line in f.lines:
        st = _text(line.text, "title", s)
        x = r.x + line.x
        if line.rtl:
            x += (line.w - st.size().width()) * k
        y = r.y + line.y
        painter.translate(x, y)
        painter.scale(k, k)
        painter.drawStaticText(QPointF(0, 0), st)
        painter.scale(1 / k, 1 / k)
        painter.translate(-x, -y)
    if f.toggle == "+" and f.hidden:
        _paint_fold_count(painter, card, f"+{f.hidden}", k, lod, look=look)
    marks = f.kind_label.split(" · ")[1:]
    if marks:  # the band has no label from far: the markers go in a pill at the bottom left
        _paint_fold_count(painter, card, " · ".join(marks), k, lod, left=True, look=look)


_bands: dict[tuple[float, float], QPainterPath] = {}


def _band_path(width: float, scale: float = 1.0) -> QPainterPath:
    """The coloured head of a card at the origin: rounded at the top, square at the bottom."""
    path = _bands.get((width, scale))
    if path is None:
        band = S.BAND_HEIGHT * scale
        rounded = QPainterPath()
        rounded.addRoundedRect(QRectF(0, 0, width, band + 6), 6, 6)
        clip = QPainterPath()
        clip.addRect(QRectF(0, 0, width, band))
        path = _bands[(width, scale)] = rounded.intersected(clip)
    return path


def _paint_toggle(painter: QPainter, card: Card, look: S.Look = S.LIGHT) -> None:
    t = card.toggle_rect
    f = card.face
    if t is None:
        return
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_color(look.label))
    painter.drawRoundedRect(QRectF(t.x, t.y, t.w, t.h), 3, 3)
    k = t.w / S.TOGGLE_SIZE  # the toggle may be drawn larger with the card's text
    painter.setPen(_pen(f.band, 1.6 * k))
    cx, cy = t.x + t.w / 2, t.y + t.h / 2
    painter.drawLine(QPointF(cx - 4 * k, cy), QPointF(cx + 4 * k, cy))
    if f.toggle == "+":
        painter.drawLine(QPointF(cx, cy - 4 * k), QPointF(cx, cy + 4 * k))
        if f.hidden:
            s = f.scale
            painter.setPen(_color(look.label))
            text = f"+{f.hidden}"
            w = _text(text, "label", s).size().width()
            label_h = S.FONT_PX["label"] * 1.2 * s
            _draw_text(painter, text, "label", t.x - 6 - w, card.rect.y + (S.BAND_HEIGHT * s - label_h) / 2)


def _paint_badge(painter: QPainter, x: float, y: float, b: Any, scale: float = 1.0, look: S.Look = S.LIGHT) -> None:
    painter.setPen(_pen(b.color, 1))
    painter.setBrush(_color(look.badge_fill(b.color)))
    painter.drawRoundedRect(QRectF(x, y, b.w, b.h), b.h / 2, b.h / 2)
    painter.setPen(_color(look.muted if b.role == "unweighed" else look.ink))
    text_h = S.FONT_PX["badge"] * 1.2 * scale
    _draw_text(painter, b.text, "badge", x + 5 * scale, y + (b.h - text_h) / 2)


def score_track(card: Card) -> QRectF:
    """Where an option card's score bar is, in scene coordinates (its label is left of it)."""
    r = card.rect
    f = card.face
    s = f.scale
    y = r.y + f.score_y
    w = _text(f.score_label, "badge", s).size().width()
    x0 = r.x + S.PAD * s + max(w, 70 * s) + 6 * s
    x1 = r.x + r.w - S.PAD * s
    return QRectF(x0, y + 4 * s, max(x1 - x0, 10 * s), 9 * s)


def _paint_score(painter: QPainter, card: Card, look: S.Look = S.LIGHT) -> None:
    r = card.rect
    f = card.face
    s = f.scale
    painter.setPen(_color(look.ink))
    _draw_text(painter, f.score_label, "badge", r.x + S.PAD * s, r.y + f.score_y + 2 * s)
    paint_score_bar(painter, score_track(card), f, _pen(look.track_edge, 1), look.surface)


def paint_score_bar(painter: QPainter, track: QRectF, f: Any, pen: QPen, surface: str = "#ffffff") -> None:
    """An option's score bar: the `surface`-coloured track outlined with `pen`, with a mark at its middle (a
    score of 0), filled from the middle to the face's score: right for a gain, left for a loss."""
    painter.setPen(pen)
    painter.setBrush(_color(surface))
    painter.drawRoundedRect(track, 3, 3)
    mid = track.x() + track.width() / 2
    if f.score is not None:
        x, w = score_fill(mid, track.width() / 2, f.score)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_color(f.score_color or f.band))
        painter.drawRoundedRect(QRectF(x, track.y(), w, track.height()), 3, 3)
    painter.setPen(pen)
    painter.drawLine(QPointF(mid, track.y() - 1), QPointF(mid, track.bottom() + 1))


def score_fill(mid: float, half: float, score: float) -> tuple[float, float]:
    """Where a score bar's fill starts and how wide it is: from `mid`, `score` (-1..1) of `half` (at least 2)."""
    w = max(abs(score) * half, 2.0)
    return (mid, w) if score >= 0 else (mid - w, w)


TRUNK = ("#78858f", "solid")  # shared part of a fan whose children differ in relation


def edge_path(edges: Iterable[Edge]) -> dict[tuple[str, str], QPainterPath]:
    """Tree edges as one path per (colour, line style).

    A parent's edges share a trunk; when its children are of different relations the
    trunk and crossbar are drawn neutral and only each child's stem takes its relation's style.
    """
    out: dict[tuple[str, str], QPainterPath] = {}

    def path_for(key: tuple[str, str]) -> QPainterPath:
        path = out.get(key)
        if path is None:
            path = out[key] = QPainterPath()
        return path

    for _, group in groupby(edges, key=lambda e: e.source):
        fan = list(group)
        mixed = any(e.relation != fan[0].relation for e in fan)
        for e in fan:
            pts = e.points
            if mixed and len(pts) == 4:
                trunk = path_for(TRUNK)
                trunk.moveTo(pts[0][0], pts[0][1])
                trunk.lineTo(pts[1][0], pts[1][1])
                trunk.lineTo(pts[2][0], pts[2][1])
                pts = pts[2:]
            path = path_for((e.color, e.style))
            path.moveTo(pts[0][0], pts[0][1])
            for x, y in pts[1:]:
                path.lineTo(x, y)
    return out


def paint_edges(painter: QPainter, edges: Iterable[Edge], lod: float,
                paths: dict[tuple[str, str], QPainterPath] | None = None, look: S.Look = S.LIGHT) -> None:
    """Draw tree edges (from `paths` when given, built by `edge_path`) and, close up, their labels."""
    edges = list(edges)
    if paths is None:
        paths = edge_path(edges)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for (color, style), path in paths.items():
        painter.setPen(_pen(look.line(color), 1.6, style))
        painter.drawPath(path)
    if lod >= LOD_LABELS:
        for e in edges:
            if e.label:
                _paint_label(painter, e.label, e.color, e.label_at, look)


def _paint_label(painter: QPainter, text: str, color: str, at: tuple[float, float], look: S.Look = S.LIGHT) -> None:
    st = _text(text, "edge")
    size = st.size()
    w, h = size.width() + 6, size.height() + 2
    box = QRectF(at[0] - w / 2, at[1] - h / 2, w, h)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_color(look.surface))
    painter.drawRoundedRect(box, 3, 3)
    painter.setPen(_color(look.line(color)))
    painter.setFont(font("edge"))
    painter.drawStaticText(QPointF(box.x() + 3, box.y() + 1), st)


def _arrow(painter: QPainter, tip: tuple[float, float], frm: tuple[float, float], color: str, bar: bool) -> None:
    dx, dy = tip[0] - frm[0], tip[1] - frm[1]
    d = math.hypot(dx, dy) or 1.0
    ux, uy = dx / d, dy / d
    if bar:
        painter.setPen(_pen(color, 2.4))
        painter.drawLine(QPointF(tip[0] - uy * 7, tip[1] + ux * 7), QPointF(tip[0] + uy * 7, tip[1] - ux * 7))
        return
    size = 10.0
    bx, by = tip[0] - ux * size, tip[1] - uy * size
    poly = QPolygonF([QPointF(*tip), QPointF(bx - uy * size * 0.45, by + ux * size * 0.45),
                      QPointF(bx + uy * size * 0.45, by - ux * size * 0.45)])
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_color(color))
    painter.drawPolygon(poly)


def paint_links(painter: QPainter, links: Iterable[LinkPath], lod: float, look: S.Look = S.LIGHT) -> None:
    """Draw cross-links as curves with arrowheads and, close up, their labels."""
    for ln in links:
        p0, c1, c2, p3 = ln.points
        color = look.line(ln.color)
        path = QPainterPath(QPointF(*p0))
        path.cubicTo(QPointF(*c1), QPointF(*c2), QPointF(*p3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(_pen(color, 1.8, ln.style))
        painter.drawPath(path)
        if ln.arrow in ("end", "both", "bar"):
            _arrow(painter, p3, c2, color, ln.arrow == "bar")
        if ln.arrow == "both":
            _arrow(painter, p0, c1, color, False)
        if lod >= LOD_LABELS and ln.label:
            _paint_label(painter, ln.label, ln.color, ln.label_at, look)


def _batches(scene: Scene) -> tuple[dict[str, list[QRectF]], list[QLineF]]:
    """Per-scene cache of the overview's boxes (by colour) and edge segments."""
    cached = scene.__dict__.get("_qt_batches")
    if cached is None:
        boxes: dict[str, list[QRectF]] = {}
        for c in scene.cards:
            r = c.rect
            boxes.setdefault(c.face.band, []).append(QRectF(r.x, r.y, r.w, r.h))
        lines = []
        if scene.layout == "compact":  # bars, spines and stubs: every edge's polyline, each segment once
            segments = {seg for fan in scene.fans.values() for e in fan for seg in zip(e.points, e.points[1:])}
            lines = [QLineF(ax, ay, bx, by) for (ax, ay), (bx, by) in segments if (ax, ay) != (bx, by)]
        for fan in scene.fans.values() if scene.layout != "compact" else ():
            # The trunk and the crossbar once per parent, then one stem per child.
            (ax, ay), (bx, by) = fan[0].points[0], fan[0].points[1]
            lines.append(QLineF(ax, ay, bx, by))
            ends = [e.points[2] for e in fan]
            xs = [p[0] for p in ends] + [bx]
            ys = [p[1] for p in ends] + [by]
            lines.append(QLineF(min(xs), min(ys), max(xs), max(ys)))
            for e in fan:
                (cx, cy), (dx, dy) = e.points[2], e.points[3]
                lines.append(QLineF(cx, cy, dx, dy))
        cached = scene.__dict__["_qt_batches"] = (boxes, lines)
    return cached


def paint_overview(painter: QPainter, scene: Scene, selected: Iterable[str] = (), look: S.Look = S.LIGHT) -> None:
    """The far-out view: edges as thin lines, cards as coloured boxes, selected cards outlined."""
    boxes, lines = _batches(scene)
    painter.setPen(_pen("#9e9e9e", 0, "solid"))
    painter.drawLines(lines)
    painter.setPen(Qt.PenStyle.NoPen)
    for color, rects in boxes.items():
        painter.setBrush(_color(color))
        painter.drawRects(rects)
    sel = [scene.by_id[i].rect for i in selected if i in scene.by_id]
    if sel:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        pen = QPen(_color(look.focus), 3)
        pen.setCosmetic(True)
        painter.setPen(pen)
        for r in sel:
            painter.drawRect(QRectF(r.x, r.y, r.w, r.h))


def _edge_box(e: Edge) -> Rect:
    xs = [p[0] for p in e.points]
    ys = [p[1] for p in e.points]
    x0, y0 = min(xs), min(ys)
    return Rect(x0 - 40, y0 - 10, max(xs) - x0 + 80, max(ys) - y0 + 20)


def paint_scene(painter: QPainter, scene: Scene, exposed: Rect | QRectF | None = None,
                selected: Iterable[str] = (), look: S.Look = S.LIGHT) -> None:
    """Draw the whole scene (or what meets `exposed`, in scene coordinates) with the painter's transform,
    in `look`'s colours (the light look unless asked: nothing is drawn behind the map)."""
    lod = level_of_detail(painter)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, lod >= LOD_BOX)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    if lod < LOD_BOX:
        paint_overview(painter, scene, selected, look)
        return
    area: Rect | None
    if isinstance(exposed, QRectF):
        area = Rect(exposed.x(), exposed.y(), exposed.width(), exposed.height())
    else:
        area = exposed
    cards = scene.cards
    edges = scene.edges
    if area is not None:
        cards = [c for c in cards if c.rect.intersects(area)]
        edges = [e for e in edges if _edge_box(e).intersects(area)]
    paint_edges(painter, edges, lod, look=look)
    paint_links(painter, scene.links, lod, look)
    chosen = set(selected)
    for card in cards:
        paint_card(painter, card, lod, card.id in chosen, look=look)
