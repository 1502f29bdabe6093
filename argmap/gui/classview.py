"""The class view: each student's overall score per option, the class's rankings, and where the class splits.

Shown in the weighing pane when "Class" is chosen in "Score for" (a map with student
weighings). Everything it shows comes from `argmap.scoring.classroom.class_view`, recomputed
a little after each edit. Clicking a student's dot makes that student's weighing the active
one (an undoable `SwitchWeighing`), so the map shows their values; clicking a hot-spot selects
its node. While it is shown, the canvas tints each card by how contested it is.
"""

from __future__ import annotations

import html
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QSplitter, QToolTip,
                               QVBoxLayout, QWidget)

from argmap.errors import ArgmapError
from argmap.gui.canvas import TINT_COLOR
from argmap.gui.charts import scrolling
from argmap.gui.session import Session
from argmap.model.document import Document
from argmap.model.weighings import AUTHOR, SwitchWeighing, code_for
from argmap.scoring.classroom import ClassView, Hotspot, OptionStats, class_view
from argmap.textsafe import qt_tooltip

__all__ = ["ClassPanel", "StripChart", "StripRow", "HotspotChart", "WeighingRow", "CLASS", "TINT",
           "has_students", "student_name", "weighing_label", "switch", "histogram"]

#: The "Score for" choice that shows the class view (not a perspective id: those are plain words).
CLASS = "\x00class"
#: The colour of the canvas's disagreement tint (and of its swatch in the legend and the histograms).
TINT = QColor(TINT_COLOR)
DEBOUNCE_MS = 30
HOTSPOT_ROWS = 25
_PICKED, _OTHER, _ACTIVE = QColor("#2e7d32"), QColor("#90a4ae"), QColor("#1565c0")
_MEDIAN, _MEAN = QColor("#212121"), QColor("#6a1b9a")
_DOT_R = 4.5


def has_students(doc: Document) -> bool:
    """Whether the map holds any weighing besides the author's."""
    return any(w.id != AUTHOR for w in doc.weighings)


def student_name(name: str, file: str, weighing_id: str, anonymous: bool = False) -> str:
    """Who a weighing is by: the name, else the file's stem, else the id; a code in anonymous mode."""
    stem = Path(file).name.removesuffix(".argmap.json").removesuffix(".json") if file else ""
    shown = name or stem or weighing_id
    return code_for(shown) if anonymous else shown


def weighing_label(doc: Document, weighing_id: str | None, anonymous: bool = False) -> str:
    """The name a weighing goes by in the window ("the author's values" for the map's own)."""
    if weighing_id in (None, AUTHOR):
        return f"{doc.author} (author)" if doc.author else "Author's values"
    w = next((w for w in doc.weighings if w.id == weighing_id), None)
    return weighing_id if w is None else student_name(w.name, w.file, w.id, anonymous)  # type: ignore[return-value]


def _number(value: float) -> str:
    return f"{value:+.2f}".replace("-", "−")


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


# -- the weighing selector ----------------------------------------------------------------------


class WeighingRow(QWidget):
    """"Weighing: [combo]": which weighing's values the map holds; hidden when the map has no others.

    Choosing one applies `SwitchWeighing` (undoable); editing values then edits that weighing.
    """

    message = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.anonymous = False
        self.combo = QComboBox()
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(10)
        self.combo.setToolTip("Whose values the map shows; editing a value edits this weighing")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Weighing"))
        row.addWidget(self.combo, 1)
        self.combo.activated.connect(self._on_combo_activated)
        session.document_changed.connect(lambda _edit: self.refill())
        session.document_replaced.connect(self.refill)
        self.refill()

    def set_anonymous(self, anonymous: bool) -> None:
        self.anonymous = anonymous
        self.refill()

    def refill(self) -> None:
        """List the author's and every stored weighing, the active one chosen."""
        doc = self.session.document
        self.setVisible(has_students(doc))
        ids = [AUTHOR] + [w.id for w in doc.weighings if w.id != AUTHOR]
        wanted = [(weighing_label(doc, i, self.anonymous), i) for i in ids]
        have = [(self.combo.itemText(i), self.combo.itemData(i)) for i in range(self.combo.count())]
        self.combo.blockSignals(True)
        if wanted != have:
            self.combo.clear()
            for text, wid in wanted:
                self.combo.addItem(text, wid)
        self.combo.setCurrentIndex(max(0, self.combo.findData(doc.active_weighing or AUTHOR)))
        self.combo.blockSignals(False)

    @property
    def active(self) -> str:
        return self.session.document.active_weighing or AUTHOR

    def switch_to(self, weighing_id: str) -> None:
        """Make a weighing the active one (an undo step), and say so."""
        switch(self.session, weighing_id, self.anonymous, self.message.emit)

    def _on_combo_activated(self, index: int) -> None:
        self.switch_to(self.combo.itemData(index))


def switch(session: Session, weighing_id: str, anonymous: bool, say: Callable[[str], None]) -> None:
    """Apply `SwitchWeighing` unless that weighing is active already; `say` gets the status message."""
    doc = session.document
    label = weighing_label(doc, weighing_id, anonymous)
    if (doc.active_weighing or AUTHOR) == (weighing_id or AUTHOR):
        say(f"The map shows {label}'s values." if weighing_id != AUTHOR else "The map shows the author's values.")
        return
    # The undo text names no one: it stays on screen (Edit ▸ Undo) whatever the anonymous mode is later.
    text = "Show the author's values" if weighing_id == AUTHOR else "Show a student's weighing"
    refused = session.try_apply(SwitchWeighing(weighing_id), text)
    if refused:
        say(refused)
    elif weighing_id == AUTHOR:
        say("The map shows the author's values again.")
    else:
        say(f"The map shows {label}'s values; editing a value edits their weighing.")


# -- the strip plot -----------------------------------------------------------------------------


@dataclass
class StripRow:
    """One option: its statistics and where each student's dot sits."""

    option: OptionStats
    dots: list[tuple[str, str, float, bool]]  # weighing id, name, overall score, whether it is their leader
    students: int  # students with a leader (the share's denominator)
    rank_median: int | None = None
    rank_mean: int | None = None


class StripChart(QWidget):
    """Per option, every student's overall score as a dot on one shared scale, with the median and mean."""

    student_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[StripRow] = []
        self.active: str | None = None
        self._hits: list[tuple[QPointF, str, str]] = []  # centre, weighing id, tooltip
        self._offsets: list[list[float]] = []
        self._bands: list[float] = []
        self.setMouseTracking(False)

    def set_rows(self, rows: list[StripRow], active: str | None = None) -> None:
        self.rows, self.active = rows, active
        self._hits = []
        self._place()
        self.update()

    # -- geometry --------------------------------------------------------------------------

    def _line(self) -> int:
        return self.fontMetrics().height()

    def _row_height(self, i: int) -> float:
        return self._line() * 2 + self._bands[i] + 14

    def _scale(self) -> tuple[float, float]:
        values = [0.0] + [d[2] for r in self.rows for d in r.dots]
        lo, hi = min(values), max(values)
        pad = (hi - lo) * 0.04 or 1.0
        return lo - pad, hi + pad

    def _x(self, value: float) -> float:
        lo, hi = self._scale()
        left, width = 10.0, max(self.width() - 20.0, 20.0)
        return left + (value - lo) / (hi - lo) * width

    def _place(self) -> None:
        """Stack dots that would overlap above and below the centre line (a beeswarm), per row."""
        self._offsets, self._bands = [], []
        width = max(self.width() - 20.0, 20.0)
        lo, hi = self._scale()
        unit = width / (hi - lo)
        gap = 2 * _DOT_R + 1
        for row in self.rows:
            xs = [d[2] * unit for d in row.dots]
            placed: list[tuple[float, float]] = []
            offsets = [0.0] * len(xs)
            for k in sorted(range(len(xs)), key=lambda k: xs[k]):
                x = xs[k]
                near = [(px, py) for px, py in placed if abs(px - x) < gap]
                step = 0
                while True:
                    dy = (step + 1) // 2 * (gap * 0.9) * (1 if step % 2 else -1) if step else 0.0
                    if all((px - x) ** 2 + (py - dy) ** 2 >= gap ** 2 * 0.8 for px, py in near):
                        break
                    step += 1
                offsets[k] = dy
                placed.append((x, dy))
            reach = max((abs(o) for o in offsets), default=0.0)
            band = min(max(2 * reach + 2 * _DOT_R + 10, 26.0), 90.0)
            room = (band - 2 * _DOT_R - 10) / 2
            if reach > room > 0:  # no more room: squeeze the stacks (dots overlap a little)
                offsets = [o * room / reach for o in offsets]
            self._offsets.append(offsets)
            self._bands.append(band)
        height = sum(self._row_height(i) for i in range(len(self.rows))) + self._line() + 12
        self.setMinimumHeight(int(height) if self.rows else 40)
        self.updateGeometry()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._place()

    # -- painting ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text, grey = pal.color(QPalette.ColorRole.Text), pal.color(QPalette.ColorRole.PlaceholderText)
        if not self.rows:
            p.setPen(grey)
            p.drawText(self.rect().adjusted(6, 6, -6, -6), Qt.TextFlag.TextWordWrap, "No option is scored yet.")
            return
        fm, line = self.fontMetrics(), self._line()
        bold = QFont(self.font())
        bold.setBold(True)
        zero = self._x(0.0)
        self._hits = []
        top = 4.0
        for i, row in enumerate(self.rows):
            o = row.option
            band = self._bands[i]
            right = "" if o.median is None else f"median {_number(o.median)} · mean {_number(o.mean or 0.0)}"
            right_w = fm.horizontalAdvance(right) + 12
            p.setFont(bold)
            p.setPen(text)
            label_w = max(self.width() - 16 - right_w, 20)
            p.drawText(QRectF(8, top, label_w, line), Qt.AlignmentFlag.AlignLeft,
                       QFontMetrics(bold).elidedText(o.label, Qt.TextElideMode.ElideRight, int(label_w)))
            p.setFont(self.font())
            p.drawText(QRectF(8, top, self.width() - 16, line), Qt.AlignmentFlag.AlignRight, right)
            y0 = top + line + 2
            mid = y0 + band / 2
            p.fillRect(QRectF(6, y0, self.width() - 12, band), pal.color(QPalette.ColorRole.AlternateBase))
            p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(zero, y0), QPointF(zero, y0 + band))
            # The active student's dots last, so that their ring is never under another dot.
            placed = sorted(zip(row.dots, self._offsets[i]), key=lambda d: d[0][0] == self.active)
            for (wid, name, value, picked), dy in placed:
                c = QPointF(self._x(value), mid + dy)
                is_active = wid == self.active
                color = QColor(_PICKED if picked else _OTHER)
                color.setAlpha(225)
                p.setPen(QPen(_ACTIVE, 2.5) if is_active else QPen(color.darker(130), 0.8))
                p.setBrush(QBrush(color))
                r = _DOT_R + (1.5 if is_active else 0.0)
                p.drawEllipse(c, r, r)
                lead = "leads" if picked else "does not lead"
                self._hits.append((c, wid, f"{name}: {_number(value)} ({lead} for them)\nClick to show their weighing"))
            if o.median is not None:
                x = self._x(o.median)
                p.setPen(QPen(_MEDIAN, 2.5))
                p.drawLine(QPointF(x, y0 - 2), QPointF(x, y0 + band + 2))
            if o.mean is not None:
                x, yb = self._x(o.mean), y0 + band
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(_MEAN)
                p.drawPolygon(QPolygonF([QPointF(x, yb - 6), QPointF(x - 5, yb + 3), QPointF(x + 5, yb + 3)]))
            share = f"leads for {o.leads} of {row.students} ({o.lead_share:.0%})" if row.students else "leads for no one"
            ranks = [f"{_ordinal(k)} by {what}" for k, what in ((row.rank_median, "median"), (row.rank_mean, "mean"))
                     if k is not None]
            if not o.scores:
                ranks = ["not weighed"]
            p.setPen(grey)
            note = " · ".join([share, ", ".join(ranks)])
            p.drawText(QRectF(8, y0 + band + 4, self.width() - 16, line), Qt.AlignmentFlag.AlignLeft,
                       fm.elidedText(note, Qt.TextElideMode.ElideRight, self.width() - 16))
            top += self._row_height(i)
        lo, hi = self._scale()
        p.setPen(grey)
        axis = f"overall score: {_number(lo)} … {_number(hi)} (dashed line: 0)"
        p.drawText(QRectF(8, top, self.width() - 16, line), Qt.AlignmentFlag.AlignLeft, axis)

    # -- mouse -------------------------------------------------------------------------------

    def dot_at(self, pos: QPointF) -> tuple[str, str] | None:
        """The weighing id and tooltip of the dot under `pos` (the nearest within its radius)."""
        best, best_d = None, (_DOT_R + 2) ** 2
        for c, wid, tip in self._hits:
            d = (c.x() - pos.x()) ** 2 + (c.y() - pos.y()) ** 2
            if d <= best_d:
                best, best_d = (wid, tip), d
        return best

    def dot_centres(self, weighing_id: str) -> list[QPointF]:
        """Where a student's dots were drawn (one per option they scored)."""
        return [c for c, wid, _ in self._hits if wid == weighing_id]

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        hit = self.dot_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and hit is not None:
            self.student_clicked.emit(hit[0])
        super().mousePressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            hit = self.dot_at(QPointF(event.pos()))
            if hit is not None:
                QToolTip.showText(event.globalPos(), qt_tooltip(hit[1]), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)


# -- the hot-spots --------------------------------------------------------------------------------


class HotspotChart(QWidget):
    """The most contested inputs: rank, label, spread and swing, and a histogram of the class's values."""

    hotspot_clicked = Signal(int)  # index into `hotspots`

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hotspots: list[Hotspot] = []
        self.ranges: list[tuple[float, float]] = []
        self.selected: str | None = None
        self.empty_text = ""

    def set_hotspots(self, hotspots: list[Hotspot], ranges: list[tuple[float, float]],
                     selected: str | None = None) -> None:
        self.hotspots, self.ranges, self.selected = hotspots, ranges, selected
        self.setMinimumHeight(max(1, len(hotspots)) * self.row_height() + 8)
        self.updateGeometry()
        self.update()

    def set_selected(self, node_id: str | None) -> None:
        if node_id != self.selected:
            self.selected = node_id
            self.update()

    def row_height(self) -> int:
        return self.fontMetrics().height() * 2 + 10

    def row_at(self, y: float) -> int:
        return int((y - 4) // self.row_height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        p = QPainter(self)
        pal = self.palette()
        grey = pal.color(QPalette.ColorRole.PlaceholderText)
        if not self.hotspots:
            p.setPen(grey)
            p.drawText(self.rect().adjusted(6, 6, -6, -6), Qt.TextFlag.TextWordWrap, self.empty_text)
            return
        fm, line, h = self.fontMetrics(), self.fontMetrics().height(), self.row_height()
        hist_w = min(110, max(50, self.width() // 4))
        text_w = max(self.width() - hist_w - 22, 30)
        for i, (spot, (lo, hi)) in enumerate(zip(self.hotspots, self.ranges)):
            top = 4 + i * h
            if spot.node is not None and spot.node == self.selected:
                p.fillRect(QRectF(0, top, self.width(), h - 2), pal.color(QPalette.ColorRole.Highlight).lighter(175))
            p.setPen(pal.color(QPalette.ColorRole.Text))
            label = spot.label[:1].upper() + spot.label[1:]
            p.drawText(QRectF(6, top + 2, text_w, line), Qt.AlignmentFlag.AlignLeft,
                       fm.elidedText(f"{spot.rank}. {label}", Qt.TextElideMode.ElideRight, text_w))
            p.setPen(grey)
            detail = f"spread {spot.spread:.2f} · swing {spot.swing:.2f} · mean {spot.mean:.2f}"
            p.drawText(QRectF(6, top + 3 + line, text_w, line), Qt.AlignmentFlag.AlignLeft,
                       fm.elidedText(detail, Qt.TextElideMode.ElideRight, text_w))
            _paint_histogram(p, QRectF(self.width() - hist_w - 8, top + 3, hist_w, h - 8), spot.values, lo, hi, pal)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        row = self.row_at(event.position().y())
        if event.button() == Qt.MouseButton.LeftButton and 0 <= row < len(self.hotspots):
            self.hotspot_clicked.emit(row)
        super().mousePressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            row = self.row_at(event.pos().y())
            if 0 <= row < len(self.hotspots):
                s = self.hotspots[row]
                lo, hi = self.ranges[row]
                QToolTip.showText(event.globalPos(), qt_tooltip(f"{s.label}\n{len(s.values)} students' values over "
                                  f"{lo:g} … {hi:g}; spread {s.spread:.3f}, swing {s.swing:.3f}, "
                                  f"spread × swing {s.score:.3f}"), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)


def histogram(values: list[float], lo: float, hi: float, bins: int = 10) -> list[int]:
    """How many values fall in each of `bins` equal bins over lo..hi (the ends included)."""
    counts = [0] * bins
    span = (hi - lo) or 1.0
    for v in values:
        k = int((v - lo) / span * bins)
        counts[min(max(k, 0), bins - 1)] += 1
    return counts


def _paint_histogram(p: QPainter, box: QRectF, values: list[float], lo: float, hi: float, pal: QPalette) -> None:
    counts = histogram(values, lo, hi)
    most = max(counts) or 1
    p.fillRect(box, pal.color(QPalette.ColorRole.AlternateBase))
    w = box.width() / len(counts)
    for k, n in enumerate(counts):
        if n:
            bar_h = (box.height() - 2) * n / most
            p.fillRect(QRectF(box.x() + k * w + 0.5, box.bottom() - bar_h, max(w - 1, 1), bar_h), TINT.darker(115))
    p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
    p.drawLine(box.bottomLeft(), box.bottomRight())


# -- the panel ------------------------------------------------------------------------------------


class ClassPanel(QWidget):
    """The class view in the weighing pane; computes only while it is active (shown)."""

    #: A short message for the status bar.
    message = Signal(str)
    #: Node id -> 0..1 to tint the canvas by (empty when the view is left).
    contested_changed = Signal(object)
    anonymous_changed = Signal(bool)
    #: The view was recomputed.
    updated = Signal()
    #: The view started (True) or stopped (False) being shown.
    shown = Signal(bool)

    def __init__(self, session: Session, semantics: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._semantics = semantics
        self.view: ClassView | None = None
        self.error = ""
        self.is_active = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.recompute)
        self._build()
        session.document_changed.connect(self._on_session_document_changed)
        session.document_replaced.connect(self._on_session_document_replaced)
        session.selection_changed.connect(self._on_session_selection_changed)

    def _build(self) -> None:
        self.anonymous_check = QCheckBox("Anonymous")
        self.anonymous_check.setToolTip("Show each student's code instead of their name")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        legend = QLabel(
            f"<span style='color:{_PICKED.name()}'>●</span> the option leads for that student "
            f"<span style='color:{_OTHER.name()}'>●</span> it does not &nbsp; "
            f"<b>┃</b> median <span style='color:{_MEAN.name()}'>▲</span> mean. "
            "Click a dot to show that student's weighing on the map.")
        legend.setWordWrap(True)
        self.strip_chart = StripChart()
        self.rankings = QLabel()
        self.rankings.setTextFormat(Qt.TextFormat.RichText)
        self.rankings.setWordWrap(True)
        self.hotspot_title = QLabel()
        self.hotspot_title.setWordWrap(True)
        self.hotspot_title.setTextFormat(Qt.TextFormat.RichText)
        self.hotspot_chart = HotspotChart()
        self.hotspot_chart.empty_text = "Hot-spots need two or more students' weighings."
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.anonymous_check, 0, Qt.AlignmentFlag.AlignTop)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(scrolling(legend, self.strip_chart, self.rankings, right=4, sideways=False, least=60))
        self.splitter.addWidget(scrolling(self.hotspot_title, self.hotspot_chart, right=4, sideways=False, least=60))
        self.splitter.setSizes([560, 440])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self.anonymous_check.toggled.connect(self._on_anonymous_toggled)
        self.strip_chart.student_clicked.connect(self.show_student)
        self.hotspot_chart.hotspot_clicked.connect(self._on_hotspot_clicked)

    # -- state ----------------------------------------------------------------------------

    @property
    def anonymous(self) -> bool:
        return self.anonymous_check.isChecked()

    def set_active(self, active: bool) -> None:
        """Start (compute now, tint the canvas) or stop (clear the tint) showing the class view."""
        if active == self.is_active:
            return
        self.is_active = active
        if active:
            self.recompute()
        else:
            self._timer.stop()
            self.contested_changed.emit({})
        self.shown.emit(active)

    @property
    def contested(self) -> dict[str, float]:
        """What the canvas is tinted by: the view's contested nodes while active, else nothing."""
        return dict(self.view.contested) if self.is_active and self.view is not None else {}

    def name_of(self, weighing_id: str) -> str:
        return weighing_label(self.session.document, weighing_id, self.anonymous)

    # -- computing ------------------------------------------------------------------------

    def recompute(self) -> ClassView | None:
        """Compute the class view from the document now and show it (only while active)."""
        self._timer.stop()
        if not self.is_active:
            return None
        started = time.perf_counter()
        doc, semantics = self.session.document, self._semantics()
        try:
            if self.view is not None and self.view.semantics == semantics:
                try:  # after an edit only the changed student is scored again
                    self.view, self.error = self.view.update(doc), ""
                except ArgmapError:
                    self.view, self.error = class_view(doc, semantics), ""
            else:
                self.view, self.error = class_view(doc, semantics), ""
        except ArgmapError as err:
            self.view, self.error = None, err.message
        took_ms = (time.perf_counter() - started) * 1000
        self._timer.setInterval(int(max(DEBOUNCE_MS, min(2 * took_ms, 800))))
        self._show()
        self.contested_changed.emit(self.contested)
        self.updated.emit()
        return self.view

    def _show(self) -> None:
        view, doc = self.view, self.session.document
        if view is None:
            self.summary.setText(self.error or "No students' weighings to show.")
            self.strip_chart.set_rows([])
            self.rankings.setText("")
            self.hotspot_title.setText("")
            self.hotspot_chart.set_hotspots([], [])
            return
        anonymous = self.anonymous
        names = {s.weighing_id: student_name(s.name, s.file, s.weighing_id, anonymous) for s in view.students}
        led = sum(1 for s in view.students if s.leader is not None)
        failed = [s for s in view.students if s.error]
        text = f"<b>{len(view.students)} student{'s' if len(view.students) != 1 else ''}</b> weighed this map"
        if failed:
            text += (f"; {len(failed)} could not be scored (" +
                     ", ".join(html.escape(names[s.weighing_id]) for s in failed) + ")")
        if doc.skipped:
            text += (f"; {len(doc.skipped)} file{'s were' if len(doc.skipped) != 1 else ' was'} skipped when "
                     "collected (File ▸ Class ▸ Report… lists why)")
        active = doc.active_weighing
        if active is not None and active in names:
            text += f". The map shows <b>{html.escape(names[active])}</b>'s values."
        self.summary.setText(text)
        rank_median = {oid: i for i, oid in enumerate(view.by_median, 1)}
        rank_mean = {oid: i for i, oid in enumerate(view.by_mean, 1)}
        rows = []
        for o in view.options:
            dots = [(s.weighing_id, names[s.weighing_id], s.scores[o.id], s.leader == o.id)
                    for s in view.students if s.scores.get(o.id) is not None]
            rows.append(StripRow(o, dots, led,  # type: ignore[arg-type]
                                 rank_median.get(o.id) if o.median is not None else None,
                                 rank_mean.get(o.id) if o.mean is not None else None))
        self.strip_chart.set_rows(rows, active)
        self.rankings.setText(self._rankings_html(view))
        shown = view.hotspots[:HOTSPOT_ROWS]
        more = f" (the {len(shown)} most contested of {len(view.hotspots)})" if len(view.hotspots) > len(shown) else ""
        self.hotspot_title.setText(
            f"<b>Where the class disagrees</b>{more}: inputs by spread × swing, how far apart the students are "
            "times how far the input moves the leader's margin; bars show the class's values. "
            f"<span style='background:{TINT.name()}'>&nbsp;&nbsp;&nbsp;</span> cards ringed and hatched by "
            "disagreement (ringed with dashes: under a folded card).")
        self.hotspot_chart.set_hotspots(shown, [self._range_of(h) for h in shown], self.session.current)

    def _rankings_html(self, view: ClassView) -> str:
        labels = {o.id: o for o in view.options}

        def cell(oid: str | None, what: str) -> str:
            if oid is None:
                return ""
            o = labels[oid]
            value = getattr(o, what)
            shown = "not weighed" if value is None else _number(value)
            return f"{html.escape(o.label)} ({shown})"

        rows = "".join(
            f"<tr><td>{i + 1}.&nbsp;</td><td>{cell(a, 'median')}</td><td>&nbsp;&nbsp;</td><td>{cell(b, 'mean')}</td></tr>"
            for i, (a, b) in enumerate(zip(view.by_median, view.by_mean)))
        return ("<b>Class ranking</b><table cellspacing='0' cellpadding='1'>"
                "<tr><td></td><td><i>by median</i></td><td></td><td><i>by mean</i></td></tr>" + rows + "</table>")

    def _range_of(self, h: Hotspot) -> tuple[float, float]:
        if h.input == "impact":
            scale = self.session.document.impact_scale
            return float(scale.min), float(scale.max)
        return 0.0, 1.0

    # -- clicks ------------------------------------------------------------------------------

    def show_student(self, weighing_id: str) -> None:
        """Make a student's weighing the active one, so the map shows their values."""
        switch(self.session, weighing_id, self.anonymous, self.message.emit)

    def _on_hotspot_clicked(self, index: int) -> None:
        spot = self.hotspot_chart.hotspots[index]
        if spot.node is not None and self.session.document.has_node(spot.node):
            self.session.select(spot.node)
        else:
            self.message.emit(f"{spot.label[:1].upper()}{spot.label[1:]}: perspective weights are on the inspector's "
                              "Map tab.")

    def _on_anonymous_toggled(self, on: bool) -> None:
        self._show()
        self.anonymous_changed.emit(on)

    # -- session signals ----------------------------------------------------------------------

    def _on_session_document_changed(self, _edit: object) -> None:
        if self.is_active:
            self._timer.start()

    def _on_session_document_replaced(self) -> None:
        if self.is_active:
            self._timer.start()

    def _on_session_selection_changed(self, ids: list) -> None:
        self.hotspot_chart.set_selected(ids[0] if ids else None)
