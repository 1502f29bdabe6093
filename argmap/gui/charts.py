"""Bar charts of the weighing pane: the ranking and contributions (bars from a zero axis) and the tornado."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QScrollArea, QToolTip, QVBoxLayout, QWidget

from argmap.textsafe import qt_tooltip

__all__ = ["BarChart", "BarRow", "TornadoChart", "TornadoBar", "number", "scrolling"]

GOOD, BAD = QColor("#2e7d32"), QColor("#c62828")
LOW, HIGH = QColor("#90caf9"), QColor("#1565c0")


def number(value: float) -> str:
    """A signed value as the pane shows it: two decimals, a true minus sign, thousands without decimals."""
    return f"{value:+.2f}".replace("-", "−") if abs(value) < 1000 else f"{value:+,.0f}".replace("-", "−")


@dataclass
class BarRow:
    """One bar: a key to select, a label, a value (None: not weighed) and a grey detail line."""

    key: str
    label: str
    value: float | None
    detail: str = ""
    is_bold: bool = False
    tooltip: str = ""


@dataclass
class TornadoBar:
    """One tornado bar: the output at the input's low and high ends, around the current output."""

    key: str | None
    label: str
    at_low: float
    at_high: float
    note: str = ""
    tooltip: str = ""


class _Chart(QWidget):
    """Rows of a label and a number on one line, a bar under them, and an optional grey note."""

    row_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.selected: str | None = None
        self.empty_text = ""
        self._keys: list[str | None] = []
        self._has_notes = False

    def row_height(self) -> int:
        """A line for the label and number, a thin bar, and a line for the note when any row has one."""
        line = self.fontMetrics().height()
        return line * (2 if self._has_notes else 1) + self._bar_height() + 10

    def _bar_height(self) -> int:
        return max(6, self.fontMetrics().height() // 2)

    def _relayout(self, keys: list[str | None], has_notes: bool, tips: list[str] | None = None) -> None:
        self._keys, self._has_notes = keys, has_notes
        self._tips = tips or []
        self.setMinimumHeight(max(1, len(keys)) * self.row_height() + 8)
        self.updateGeometry()
        self.update()

    def row_at(self, y: float) -> int:
        """The index of the row at height `y` (may be out of range)."""
        return int((y - 4) // self.row_height())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            row = self.row_at(event.pos().y())
            tip = self._tips[row] if 0 <= row < len(self._tips) else ""
            if tip:
                QToolTip.showText(event.globalPos(), qt_tooltip(tip), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        row = self.row_at(event.position().y())
        if event.button() == Qt.MouseButton.LeftButton and 0 <= row < len(self._keys) and self._keys[row]:
            self.row_clicked.emit(self._keys[row])
        super().mousePressEvent(event)

    def _paint_empty(self, p: QPainter) -> None:
        p.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        p.drawText(self.rect().adjusted(6, 6, -6, -6), Qt.TextFlag.TextWordWrap, self.empty_text)

    def _paint_row(self, p: QPainter, i: int, label: str, value: str, note: str, bold: bool) -> tuple[float, float]:
        """Draw a row's texts and background; returns the bar's vertical centre and height."""
        fm = self.fontMetrics()
        h, line, bar_h = self.row_height(), fm.height(), self._bar_height()
        top = 4 + i * h
        if self._keys[i] is not None and self._keys[i] == self.selected:
            highlight = self.palette().color(QPalette.ColorRole.Highlight)
            dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
            p.fillRect(QRectF(0, top, self.width(), h - 2), highlight.darker(160) if dark else highlight.lighter(175))
        text = self.palette().color(QPalette.ColorRole.Text)
        value_w = fm.horizontalAdvance(value) + 8
        font = QFont(self.font())
        font.setBold(bold)
        p.setFont(font)
        p.setPen(text)
        label_w = max(self.width() - 12 - value_w, 10)
        p.drawText(QRectF(6, top + 2, label_w, line), Qt.AlignmentFlag.AlignLeft,
                   QFontMetrics(font).elidedText(label, Qt.TextElideMode.ElideRight, int(label_w)))
        p.setFont(self.font())
        p.drawText(QRectF(6, top + 2, self.width() - 12, line), Qt.AlignmentFlag.AlignRight, value)
        if note:
            p.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            p.drawText(QRectF(6, top + 6 + line + bar_h, self.width() - 12, line), Qt.AlignmentFlag.AlignLeft,
                       fm.elidedText(note, Qt.TextElideMode.ElideRight, self.width() - 12))
        return top + 4 + line + bar_h / 2, bar_h

    def _scale(self, values: list[float]) -> tuple[float, float]:
        """x offset and pixels per unit that fit `values` (and zero) in the bar width."""
        lo, hi = min(values), max(values)
        span = (hi - lo) or 1.0
        width = max(self.width() - 12, 10)
        return 6 - lo * width / span, width / span


class BarChart(_Chart):
    """Bars from a zero axis: positive to the right in green, negative to the left in red."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[BarRow] = []
        self._relayout([], False)

    def set_rows(self, rows: list[BarRow], selected: str | None = None) -> None:
        self.rows = rows
        self.selected = selected
        self._relayout([r.key for r in rows], any(r.detail for r in rows), [r.tooltip for r in rows])

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        p = QPainter(self)
        if not self.rows:
            self._paint_empty(p)
            return
        offset, unit = self._scale([0.0] + [r.value for r in self.rows if r.value is not None])
        zero = offset
        axis = QPen(self.palette().color(QPalette.ColorRole.Mid), 1)
        for i, row in enumerate(self.rows):
            shown = "not weighed" if row.value is None else number(row.value)
            mid, bar_h = self._paint_row(p, i, row.label, shown, row.detail, row.is_bold)
            if row.value is not None:
                x = offset + row.value * unit
                color = GOOD if row.value >= 0 else BAD
                p.fillRect(QRectF(min(x, zero), mid - bar_h / 2, max(abs(x - zero), 1.0), bar_h), color)
            _mark(p, axis, zero, mid, bar_h)


class TornadoChart(_Chart):
    """One bar per input: the output over the input's range, around a dashed line at today's output."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[TornadoBar] = []
        self.base = 0.0
        self.threshold: float | None = None
        self._relayout([], False)

    def set_bars(self, bars: list[TornadoBar], base: float, threshold: float | None = None) -> None:
        """Show `bars` around `base`; `threshold` (a margin of 0) is where the leader changes."""
        self.bars, self.base, self.threshold = bars, base, threshold
        self._relayout([b.key for b in bars], any(b.note for b in bars), [b.tooltip for b in bars])

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        p = QPainter(self)
        if not self.bars:
            self._paint_empty(p)
            return
        extra = [] if self.threshold is None else [self.threshold]
        offset, unit = self._scale([self.base, *extra] + [v for b in self.bars for v in (b.at_low, b.at_high)])
        base_x = offset + self.base * unit
        now = QPen(self.palette().color(QPalette.ColorRole.Text), 1, Qt.PenStyle.DashLine)
        for i, bar in enumerate(self.bars):
            lo, hi = sorted((bar.at_low, bar.at_high))
            mid, bar_h = self._paint_row(p, i, bar.label, f"{number(lo)} … {number(hi)}", bar.note, False)
            for value, color in ((bar.at_low, LOW), (bar.at_high, HIGH)):
                x = offset + value * unit
                p.fillRect(QRectF(min(x, base_x), mid - bar_h / 2, max(abs(x - base_x), 1.0), bar_h), color)
            if self.threshold is not None:
                _mark(p, QPen(BAD, 1), offset + self.threshold * unit, mid, bar_h)
            _mark(p, now, base_x, mid, bar_h)


#: The ranking's bars: the scores themselves, or their differences from the leader (or from an option id).


def _mark(p: QPainter, pen: QPen, x: float, mid: float, bar_h: float) -> None:
    """A short vertical line across one row's bar band."""
    p.setPen(pen)
    p.drawLine(QPointF(x, mid - 0.8 * bar_h), QPointF(x, mid + 0.8 * bar_h))


def scrolling(*widgets: QWidget, right: int = 0, sideways: bool = True, least: int = 40) -> QScrollArea:
    """A frameless scroll area holding `widgets` one above the other (a lone widget as it is).

    `right` keeps a margin for the scroll bar; without `sideways` it never scrolls sideways; `least`
    is its least height (the dock, not the chart, decides the height).
    """
    if len(widgets) == 1 and not right:
        widget = widgets[0]
    else:
        widget = QWidget()
        column = QVBoxLayout(widget)
        column.setContentsMargins(0, 0, right, 0)
        for w in widgets:
            column.addWidget(w)
        column.addStretch(1)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    if not sideways:
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setMinimumHeight(least)
    return area
