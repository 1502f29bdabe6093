"""A map on paper: tiled over A4 or Letter pages as a poster, or fitted to one page (QtGui only).

Tiles print the map at its natural size: one scene unit is 1/96 inch, so card body
text (12 px) is 9 pt, titles 9.75 pt, badges and edge labels 7.5 pt and the small
kind label in a card's band 6.75 pt. The first page is an overview: the whole map
fitted to one page with the tile grid over it and each tile's label ("B3": column B,
row 3); tiles with nothing on them are not printed and their labels are grey there.
Neighbouring tiles overlap by `OVERLAP_MM`; crop marks in the margin show where the
neighbour's part begins.

The page drawing works on any QPagedPaintDevice (QPdfWriter, QPrinter): it draws
in a page system of 1/96 inch from the top-left of the device's printable area.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, Callable

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPagedPaintDevice,
    QPainter,
    QPdfWriter,
    QPen,
)

from argmap.errors import ExportError
from argmap.render import images
from argmap.render import style as S
from argmap.render.images import PAGES, ExportCancelled, atomic_path, map_scene
from argmap.render.painter import FONT_FAMILIES, paint_overview, paint_scene
from argmap.render.scene import Rect, Scene

__all__ = ["Tile", "TilePlan", "OVERLAP_MM", "MARGIN_MM", "MARGIN_INK", "column_name", "plan_tiles", "paint_tiles",
           "paint_fitted", "write_tiled_pdf", "tile_layout", "best_layout", "pdf_note", "BODY_PT"]

UNITS_PER_MM = 96 / 25.4  # page and scene units: 1/96 inch
MARGIN_MM = 10.0  # the paper's edge, where many printers cannot print
OVERLAP_MM = 8.0  # each tile repeats this much of its neighbour's part
HEADER_MM = 10.0  # two lines of 9 pt above the map: title, tile label, page number; neighbours
GUTTER_MM = 5.0  # around the map part of a page, for the crop marks
MARK_MM = 3.5
TEXT_PX = 12  # 9 pt: the margin text
BODY_PT = S.FONT_PX["text"] * 0.75  # body text on a tile, in points
LABEL_PX_MAX = 40  # the largest tile label on the overview (30 pt)
INK = QColor(S.INK)
GREY = QColor("#9e9e9e")
MARGIN_INK = ("#333333", "#666666")  # the two lines over the map (no card draws in these)
GRID = QColor("#1976d2")

Progress = Callable[[int, int], Any]


@dataclass(frozen=True)
class Tile:
    """One page of the poster: the part of the scene it shows (overlap included)."""

    column: int
    row: int
    rect: Rect  # scene coordinates
    is_empty: bool  # nothing is drawn on it, so it is not printed
    page: int  # its page number (the overview is page 1); 0 when empty

    @property
    def label(self) -> str:
        return f"{column_name(self.column)}{self.row + 1}"


@dataclass(frozen=True)
class TilePlan:
    """How a scene is cut into tiles for pages whose printable area is `paper` (mm)."""

    paper: tuple[float, float]
    columns: int
    rows: int
    overlap: float  # scene units
    grid: Rect  # the scene area the tiles cover (centred on the map)
    tiles: tuple[Tile, ...]  # row by row
    content: dict[tuple[int, int], tuple[list[int], list[int], list[int]]]  # cards, edges, links on each tile

    @cached_property
    def printed(self) -> list[Tile]:
        return [t for t in self.tiles if not t.is_empty]

    @cached_property
    def pages(self) -> int:
        """Pages in all: the overview and every tile with something on it."""
        return 1 + len(self.printed)

    def tile(self, column: int, row: int) -> Tile | None:
        if 0 <= column < self.columns and 0 <= row < self.rows:
            return self.tiles[row * self.columns + column]
        return None


def column_name(i: int) -> str:
    """A, B, … Z, AA, AB, … (as spreadsheet columns)."""
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def _content_mm(paper: tuple[float, float]) -> QRectF:
    """The map part of a page, in mm from the top-left of the printable area."""
    w, h = paper
    return QRectF(GUTTER_MM, HEADER_MM + GUTTER_MM, w - 2 * GUTTER_MM, h - HEADER_MM - 2 * GUTTER_MM)


def _span(lo: float, hi: float, origin: float, step: float, size: float, count: int) -> range:
    """The tiles along one axis whose extent [origin + i*step, + size) meets [lo, hi]."""
    first = math.floor((lo - origin - size) / step) + 1
    last = math.ceil((hi - origin) / step) - 1
    return range(max(first, 0), min(last, count - 1) + 1)


def _boxes(scene: Scene) -> tuple[list[Rect], list[Rect], list[Rect]]:
    """What each card, edge and link covers (edges and links with room for their labels)."""
    cards = [c.rect for c in scene.cards]
    edges, links = [], []
    for group, out in ((scene.edges, edges), (scene.links, links)):
        for e in group:
            xs = [p[0] for p in e.points] + [e.label_at[0]]
            ys = [p[1] for p in e.points] + [e.label_at[1]]
            x0, y0 = min(xs), min(ys)
            out.append(Rect(x0 - 40, y0 - 12, max(xs) - x0 + 80, max(ys) - y0 + 24))
    return cards, edges, links


def plan_tiles(scene: Scene, paper: tuple[float, float]) -> TilePlan:
    """Cut the scene into page-sized tiles at full size; `paper` is the printable area (w, h) in mm."""
    area = _content_mm(paper)
    if area.width() < 3 * OVERLAP_MM or area.height() < 3 * OVERLAP_MM:
        raise ExportError(f"A printable area of {paper[0]:.0f} × {paper[1]:.0f} mm is too small to tile on.",
                          hint="Use a larger paper size or smaller margins.")
    cw, ch = area.width() * UNITS_PER_MM, area.height() * UNITS_PER_MM
    ov = OVERLAP_MM * UNITS_PER_MM
    b = scene.bounds
    sx, sy = cw - ov, ch - ov
    cols = max(1, math.ceil((b.w - ov) / sx))
    rows = max(1, math.ceil((b.h - ov) / sy))
    gw, gh = cols * sx + ov, rows * sy + ov
    gx, gy = b.x - (gw - b.w) / 2, b.y - (gh - b.h) / 2
    content: dict[tuple[int, int], tuple[list[int], list[int], list[int]]] = {}
    for kind, boxes in enumerate(_boxes(scene)):
        for i, r in enumerate(boxes):
            for row in _span(r.y, r.bottom, gy, sy, ch, rows):
                for col in _span(r.x, r.right, gx, sx, cw, cols):
                    content.setdefault((col, row), ([], [], []))[kind].append(i)
    tiles, page = [], 1
    for row in range(rows):
        for col in range(cols):
            has = (col, row) in content
            page += has
            tiles.append(Tile(col, row, Rect(gx + col * sx, gy + row * sy, cw, ch), not has, page if has else 0))
    return TilePlan(paper, cols, rows, ov, Rect(gx, gy, gw, gh), tuple(tiles), content)


def tile_layout(page: str, orientation: str) -> QPageLayout:
    """An A4 or Letter page with the margins tiles are printed in."""
    if page not in PAGES:
        raise ExportError(f"'{page}' is not a page size to tile on.", hint="Use a4 or letter.")
    if orientation not in ("portrait", "landscape"):
        raise ExportError(f"'{orientation}' is not an orientation.", hint="Use portrait or landscape.")
    turn = QPageLayout.Orientation.Landscape if orientation == "landscape" else QPageLayout.Orientation.Portrait
    m = MARGIN_MM
    return QPageLayout(QPageSize(PAGES[page]), turn, QMarginsF(m, m, m, m), QPageLayout.Unit.Millimeter)


def _paper(layout: QPageLayout) -> tuple[float, float]:
    r = layout.paintRect(QPageLayout.Unit.Millimeter)
    return r.width(), r.height()


def best_layout(scene: Scene, page: str, orientation: str | None) -> tuple[QPageLayout, TilePlan, str]:
    """The page layout and plan for `orientation`, or (None) the orientation that needs fewer pages."""
    b = scene.bounds
    shape = "landscape" if b.w > b.h else "portrait"
    choices = [orientation] if orientation is not None else [shape, "portrait" if shape == "landscape" else "landscape"]
    best = None
    for o in choices:
        layout = tile_layout(page, o)
        plan = plan_tiles(scene, _paper(layout))
        if best is None or (plan.pages, len(plan.tiles)) < (best[1].pages, len(best[1].tiles)):
            best = (layout, plan, o)
    assert best is not None
    return best


# -- drawing -----------------------------------------------------------------------


def _font(px: int, bold: bool = False) -> QFont:
    f = QFont()
    f.setFamilies(FONT_FAMILIES)
    f.setPixelSize(px)
    f.setBold(bold)
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return f


def _begin_page(painter: QPainter, device: QPagedPaintDevice) -> None:
    """Page units: 1/96 inch from the top-left of the printable area."""
    painter.resetTransform()
    k = device.logicalDpiX() / 96.0
    painter.scale(k, device.logicalDpiY() / 96.0)


def _text(painter: QPainter, rect: QRectF, text: str, px: int = TEXT_PX, bold: bool = False,
          align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft, color: QColor = INK) -> None:
    font = _font(px, bold)
    painter.setFont(font)
    painter.setPen(color)
    text = QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
    painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignVCenter), text)


def _header(painter: QPainter, paper: tuple[float, float], left: str, right: str, second: str) -> None:
    """Two lines of 9 pt over the map: `left` and `right` (bold) on the first, `second` below."""
    w = paper[0] * UNITS_PER_MM
    line = HEADER_MM * UNITS_PER_MM / 2
    right_w = QFontMetricsF(_font(TEXT_PX, True)).horizontalAdvance(right) + 4
    first, below = QColor(MARGIN_INK[0]), QColor(MARGIN_INK[1])
    _text(painter, QRectF(w - right_w, 0, right_w, line), right, bold=True, align=Qt.AlignmentFlag.AlignRight,
          color=first)
    _text(painter, QRectF(0, 0, max(w - right_w - 12, 10), line), left, color=first)
    _text(painter, QRectF(0, line, w, line), second, color=below)


def _stepper(total: int, progress: Progress | None, cancel: Any) -> Callable[[], None]:
    done = [0]

    def check() -> None:
        if cancel is not None and cancel.is_set():
            raise ExportCancelled("The export was cancelled; no file was written.")

    def step() -> None:
        check()
        done[0] = min(done[0] + 1, total)
        if progress is not None:
            progress(done[0], total)
        check()

    check()
    return step


def paint_tiles(device: QPagedPaintDevice, scene: Scene, plan: TilePlan, title: str = "",
                progress: Progress | None = None, cancel: Any = None) -> int:
    """Draw the overview and every printed tile on `device`, one page each; returns the page count."""
    step = _stepper(plan.pages, progress, cancel)
    painter = QPainter(device)
    if not painter.isActive():
        raise ExportError("The pages could not be started.")
    try:
        _begin_page(painter, device)
        _paint_overview_page(painter, scene, plan, title)
        step()
        for tile in plan.printed:
            if not device.newPage():
                raise ExportError(f"Page {tile.page} could not be started.")
            _begin_page(painter, device)
            _paint_tile_page(painter, scene, plan, tile, title)
            step()
    finally:
        painter.end()
    return plan.pages


@dataclass(frozen=True)
class _Strip:
    """A run of the tile grid drawn as one piece on the overview (a long grid is cut into strips)."""

    columns: range
    rows: range
    scene: Rect  # the part of the grid it shows
    at: QPointF  # where that part's top-left goes on the page


def _strips(plan: TilePlan, area: QRectF, top: float, left: float, most: int = 0) -> tuple[float, list[_Strip]]:
    """The overview's scale and strips: a grid much wider (taller) than the page is cut into rows (columns) of it.

    Each strip has `top` page units above it and `left` to its left for labels; the cut that
    draws the map largest wins (of at most `most` strips, when given).
    """
    g, ov = plan.grid, plan.overlap
    sx, sy = (g.w - ov) / plan.columns, (g.h - ov) / plan.rows
    gap = 2 * UNITS_PER_MM
    best: tuple[float, bool, int, int] | None = None
    for across in (True, False):  # across: cut the columns, stack the strips
        n = plan.columns if across else plan.rows
        for s in range(1, min(n, most or n) + 1):
            per = math.ceil(n / s)
            if math.ceil(n / per) != s:
                continue  # the same cut as fewer strips
            if across:
                k = min((area.width() - left) / (per * sx + ov), (area.height() - s * top - (s - 1) * gap) / (s * g.h))
            else:
                k = min((area.width() - s * left - (s - 1) * gap) / (s * g.w), (area.height() - top) / (per * sy + ov))
            if k > 0 and (best is None or k > best[0] * 1.0001):
                best = (k, across, per, s)
    if best is None:
        raise ExportError("The page is too small for the overview.", hint="Use a larger paper size.")
    k, across, per, s = best
    strips = []
    for i in range(s):
        cols = range(i * per, min(plan.columns, (i + 1) * per)) if across else range(plan.columns)
        rows = range(plan.rows) if across else range(i * per, min(plan.rows, (i + 1) * per))
        r = Rect(g.x + cols.start * sx, g.y + rows.start * sy, len(cols) * sx + ov, len(rows) * sy + ov)
        strips.append((cols, rows, r))
    if across:
        used_w = left + max(r.w for *_, r in strips) * k
        used_h = sum(top + r.h * k for *_, r in strips) + (s - 1) * gap
    else:
        used_w = sum(left + r.w * k for *_, r in strips) + (s - 1) * gap
        used_h = top + max(r.h for *_, r in strips) * k
    x, y = area.x() + (area.width() - used_w) / 2, area.y() + (area.height() - used_h) / 2
    out = []
    for cols, rows, r in strips:
        out.append(_Strip(cols, rows, r, QPointF(x + left, y + top)))
        if across:
            y += top + r.h * k + gap
        else:
            x += left + r.w * k + gap
    return k, out


def _part(scene: Scene, r: Rect) -> Scene:
    """The cards and fans of edges that meet `r` (what the overview draws of one strip)."""
    fans = {}
    for parent, fan in scene.fans.items():
        xs = [p[0] for e in fan for p in e.points]
        ys = [p[1] for e in fan for p in e.points]
        if Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)).intersects(r.adjusted(1)):
            fans[parent] = fan
    return replace(scene, cards=[c for c in scene.cards if c.rect.intersects(r)], fans=fans)


def _label_px(plan: TilePlan, k: float) -> int:
    """The tile labels' size on the overview: as large as fits a tile's cell, at most LABEL_PX_MAX."""
    g, ov = plan.grid, plan.overlap
    cell_w, cell_h = (g.w - ov) / plan.columns * k, (g.h - ov) / plan.rows * k
    widest = f"{column_name(plan.columns - 1)}{plan.rows}"
    per_px = QFontMetricsF(_font(100, True)).horizontalAdvance(widest) / 100
    return int(min(LABEL_PX_MAX, cell_h * 0.5, cell_w * 0.8 / per_px))


def _paint_overview_page(painter: QPainter, scene: Scene, plan: TilePlan, title: str) -> None:
    empty = len(plan.tiles) - len(plan.printed)
    cols = f"{plan.columns} column{'s' if plan.columns > 1 else ''} (A–{column_name(plan.columns - 1)})"
    rows = f"{plan.rows} row{'s' if plan.rows > 1 else ''} (1–{plan.rows})"
    skipped = f"; {empty} empty tile{'s' if empty > 1 else ''} (grey) not printed" if empty else ""
    _header(painter, plan.paper, title or "argument map", f"Overview · page 1 of {plan.pages}",
            f"Tiles in {cols} × {rows}, overlapping by {OVERLAP_MM:g} mm{skipped}. "
            f"Body text {BODY_PT:g} pt on the tiles.")
    mm = _content_mm(plan.paper)
    area = QRectF(mm.x() * UNITS_PER_MM, mm.y() * UNITS_PER_MM, mm.width() * UNITS_PER_MM,
                  mm.height() * UNITS_PER_MM)
    k, strips = _strips(plan, area, 0, 0, most=1)
    px = _label_px(plan, k)
    if px < 2 * TEXT_PX:  # small labels: cut a long grid into strips if that draws it larger
        k, strips = _strips(plan, area, 0, 0)
        px = _label_px(plan, k)
    in_cells = px >= TEXT_PX
    if not in_cells:  # the labels go along the top and the left of each strip instead
        fm = QFontMetricsF(_font(TEXT_PX, True))
        k, strips = _strips(plan, area, TEXT_PX * 1.6, fm.horizontalAdvance(f"{plan.rows}–{plan.rows}") + 8)
    for strip in strips:
        s = strip.scene

        def to_page(r: Rect, s: Rect = s, at: QPointF = strip.at) -> QRectF:
            return QRectF(at.x() + (r.x - s.x) * k, at.y() + (r.y - s.y) * k, r.w * k, r.h * k)

        painter.save()
        painter.setClipRect(to_page(s))
        painter.translate(strip.at)
        painter.scale(k, k)
        painter.translate(-s.x, -s.y)
        paint_overview(painter, _part(scene, s))
        painter.restore()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        tiles = [plan.tile(c, r) for r in strip.rows for c in strip.columns]
        for tile in tiles:
            r = to_page(tile.rect)
            if tile.is_empty:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QBrush(QColor("#e0e0e0"), Qt.BrushStyle.BDiagPattern))
                painter.drawRect(r)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(GREY if tile.is_empty else GRID, 0.75,
                                Qt.PenStyle.DashLine if tile.is_empty else Qt.PenStyle.SolidLine))
            painter.drawRect(r)
        if in_cells:
            for tile in tiles:
                _cell_label(painter, to_page(tile.rect), tile, px)
        else:
            _edge_labels(painter, plan, strip, to_page)


def _cell_label(painter: QPainter, r: QRectF, tile: Tile, px: int) -> None:
    """The tile's label (and its page number when there is room) in a white box at its centre."""
    font = _font(px, True)
    fm = QFontMetricsF(font)
    page = f"p. {tile.page}" if not tile.is_empty else "empty"
    small = max(TEXT_PX, px // 2)
    show_page = fm.height() + small * 1.3 <= r.height() * 0.8
    w = max(fm.horizontalAdvance(tile.label),
            QFontMetricsF(_font(small)).horizontalAdvance(page) if show_page else 0) + 8
    h = fm.height() + (small * 1.25 if show_page else 0) + 4
    box = QRectF(r.center().x() - w / 2, r.center().y() - h / 2, w, h)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255, 220))
    painter.drawRoundedRect(box, 3, 3)
    color = GREY if tile.is_empty else INK
    _text(painter, QRectF(box.x(), box.y() + 2, w, fm.height()), tile.label, px, True, Qt.AlignmentFlag.AlignHCenter,
          color)
    if show_page:
        _text(painter, QRectF(box.x(), box.y() + 2 + fm.height(), w, small * 1.25), page, small, False,
              Qt.AlignmentFlag.AlignHCenter, color)


def _edge_labels(painter: QPainter, plan: TilePlan, strip: _Strip, to_page: Callable[[Rect], QRectF]) -> None:
    """Column letters over a strip and row numbers to its left, as many as fit at 9 pt."""
    fm = QFontMetricsF(_font(TEXT_PX, True))
    c0, r0 = strip.columns.start, strip.rows.start
    first = to_page(plan.tile(c0, r0).rect)
    step = to_page(plan.tile(min(c0 + 1, plan.columns - 1), r0).rect).x() - first.x() or first.width()
    every = max(1, math.ceil((fm.horizontalAdvance(column_name(strip.columns[-1])) + 14) / step))
    for col in strip.columns[::every]:
        r = to_page(plan.tile(col, r0).rect)
        w = max(step * every, fm.horizontalAdvance(column_name(col)) + 4)
        _text(painter, QRectF(r.center().x() - w / 2, r.y() - TEXT_PX * 1.5, w, TEXT_PX * 1.3), column_name(col),
              bold=True, align=Qt.AlignmentFlag.AlignHCenter)
    step = to_page(plan.tile(c0, min(r0 + 1, plan.rows - 1)).rect).y() - first.y() or first.height()
    if step < TEXT_PX * 1.3:  # the rows are too thin to number one by one: say which the strip holds
        r = to_page(strip.scene)
        label = f"{strip.rows[0] + 1}–{strip.rows[-1] + 1}"
        w = fm.horizontalAdvance(label) + 4
        _text(painter, QRectF(r.x() - w - 4, r.center().y() - TEXT_PX * 0.65, w, TEXT_PX * 1.3), label,
              bold=True, align=Qt.AlignmentFlag.AlignRight)
        return
    for row in strip.rows:
        r = to_page(plan.tile(c0, row).rect)
        w = fm.horizontalAdvance(str(row + 1)) + 4
        _text(painter, QRectF(r.x() - w - 4, r.center().y() - TEXT_PX * 0.65, w, TEXT_PX * 1.3), str(row + 1),
              bold=True, align=Qt.AlignmentFlag.AlignRight)


def _neighbours(plan: TilePlan, tile: Tile) -> str:
    parts = []
    for word, dc, dr in (("left", -1, 0), ("right", 1, 0), ("above", 0, -1), ("below", 0, 1)):
        other = plan.tile(tile.column + dc, tile.row + dr)
        if other is not None:
            parts.append(f"{word} {other.label}" + (" (empty)" if other.is_empty else f" (p. {other.page})"))
    return "Next to: " + ", ".join(parts) if parts else "The whole map is on this page."


def _paint_tile_page(painter: QPainter, scene: Scene, plan: TilePlan, tile: Tile, title: str) -> None:
    _header(painter, plan.paper, title or "argument map", f"{tile.label} · page {tile.page} of {plan.pages}",
            f"Column {column_name(tile.column)}, row {tile.row + 1}. {_neighbours(plan, tile)}. "
            f"Pages overlap by {OVERLAP_MM:g} mm: the short marks show where a neighbour's part begins.")
    mm = _content_mm(plan.paper)
    area = QRectF(mm.x() * UNITS_PER_MM, mm.y() * UNITS_PER_MM, mm.width() * UNITS_PER_MM, mm.height() * UNITS_PER_MM)
    _crop_marks(painter, plan, tile, area)
    cards, edges, links = plan.content[(tile.column, tile.row)]
    part = replace(scene, cards=[scene.cards[i] for i in cards], edges=[scene.edges[i] for i in edges],
                   links=[scene.links[i] for i in links])
    r = tile.rect
    painter.save()
    painter.setClipRect(area)
    painter.translate(area.x() - r.x, area.y() - r.y)
    paint_scene(painter, part)
    painter.restore()


def _crop_marks(painter: QPainter, plan: TilePlan, tile: Tile, area: QRectF) -> None:
    """Short grey lines in the gutter at the page's edges and where each neighbour's part begins."""
    ov = plan.overlap
    xs = [area.left(), area.right()]
    ys = [area.top(), area.bottom()]
    if tile.column > 0:
        xs.append(area.left() + ov)
    if tile.column < plan.columns - 1:
        xs.append(area.right() - ov)
    if tile.row > 0:
        ys.append(area.top() + ov)
    if tile.row < plan.rows - 1:
        ys.append(area.bottom() - ov)
    gap, mark = 1.0 * UNITS_PER_MM, MARK_MM * UNITS_PER_MM
    painter.setPen(QPen(GREY, 0.6))
    for x in xs:
        painter.drawLine(QPointF(x, area.top() - gap), QPointF(x, area.top() - gap - mark))
        painter.drawLine(QPointF(x, area.bottom() + gap), QPointF(x, area.bottom() + gap + mark))
    for y in ys:
        painter.drawLine(QPointF(area.left() - gap, y), QPointF(area.left() - gap - mark, y))
        painter.drawLine(QPointF(area.right() + gap, y), QPointF(area.right() + gap + mark, y))


def paint_fitted(device: QPagedPaintDevice, scene: Scene, title: str = "") -> float:
    """Draw the whole scene fitted to one page under a one-line title; returns the body text size in points."""
    layout = device.pageLayout()
    w_mm, h_mm = _paper(layout)
    painter = QPainter(device)
    if not painter.isActive():
        raise ExportError("The page could not be started.")
    try:
        _begin_page(painter, device)
        line = HEADER_MM * UNITS_PER_MM / 2
        area = QRectF(0, line + 4, w_mm * UNITS_PER_MM, h_mm * UNITS_PER_MM - line - 4)
        b = scene.bounds
        k = min(area.width() / b.w, area.height() / b.h, 1.0)
        size = S.FONT_PX["text"] * 0.75 * k
        _header(painter, (w_mm, h_mm), title or "argument map", f"body text {size:.1f} pt", "")
        painter.translate(area.x() + (area.width() - b.w * k) / 2, area.y() + (area.height() - b.h * k) / 2)
        painter.scale(k, k)
        painter.translate(-b.x, -b.y)
        paint_scene(painter, scene)
    finally:
        painter.end()
    return size


def write_tiled_pdf(doc: Any, path: str | os.PathLike[str], page: str = "a4", orientation: str | None = None,
                    branch: str | None = None, progress: Progress | None = None, cancel: Any = None,
                    scores: Any = None) -> str:
    """Write the map as a poster of A4/Letter pages at full size, after an overview page; a one-line description."""
    if page not in PAGES:
        raise ExportError(f"'{page}' is not a page size to tile on.", hint="Use --page a4 or --page letter.")
    scene = map_scene(doc, scores, branch=branch)
    layout, plan, chosen = best_layout(scene, page, orientation)
    with atomic_path(path) as tmp:
        writer = QPdfWriter(tmp)
        writer.setTitle(doc.title or "argument map")
        writer.setCreator("argmap")
        writer.setPageLayout(layout)
        writer.setResolution(1200)
        paint_tiles(writer, scene, plan, doc.title, progress, cancel)
    empty = len(plan.tiles) - len(plan.printed)
    skipped = f", {empty} empty skipped" if empty else ""
    return (f"{path}: PDF poster, {plan.pages} pages ({page} {chosen}): overview and {len(plan.printed)} tiles "
            f"({plan.columns} × {plan.rows}{skipped}), body text {BODY_PT:g} pt, {len(scene.cards)} cards")


def pdf_note(scene: Scene, page: str, orientation: str | None, tile: bool) -> str:
    """What a PDF of the scene will look like, for the export dialog: its text size, and pages when tiled."""
    if tile:
        if page not in PAGES:
            return "Tiling needs A4 or Letter pages."
        _, plan, chosen = best_layout(scene, page, orientation)
        return f"Body text {BODY_PT:g} pt on {plan.pages} {page} pages ({chosen}), the first an overview."
    note, is_small = images.pdf_text_note(scene, page, orientation)
    note = note[0].upper() + note[1:]
    return note + (": too small to read. Tick “Tile over pages” to print it at 9 pt." if is_small else ".")
