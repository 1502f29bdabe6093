"""Marks on the canvas for the option each later decision takes.

A decision below the map's question takes its best option (or the one the map's policy
fixes); `Scores.decisions` says which. `mark_decisions(canvas, scores)` rings each chosen
option's card in green with a small “chosen” (or “policy”) tag above it. The marks are one
scene item drawn from the canvas's current layout, so they follow moves and folds; call it
again whenever the scores change. `install(canvas, keeper)` does that from a score keeper's
`scores_changed` signal.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

__all__ = ["DecisionMarks", "mark_decisions", "install", "MARK_COLOR"]

MARK_COLOR = "#2e7d32"
_RING = 3.0
_PAD = 5.0


class DecisionMarks(QGraphicsItem):
    """Rings and tags for chosen options; `marks` maps option id -> "chosen" or "policy"."""

    def __init__(self, canvas: Any) -> None:
        super().__init__()
        self.canvas = canvas
        self.marks: dict[str, str] = {}
        self.setZValue(3)  # over the cards
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._font = QFont()
        self._font.setPointSizeF(8.0)
        self._font.setBold(True)

    def set_marks(self, marks: dict[str, str]) -> None:
        if marks != self.marks:
            self.prepareGeometryChange()
            self.marks = dict(marks)
        self.update()

    def _rects(self) -> list[tuple[str, QRectF]]:
        data = getattr(self.canvas, "scene_data", None)
        if data is None:
            return []
        out = []
        for node_id, tag in self.marks.items():
            card = data.card(node_id)
            if card is not None:
                r = card.rect
                out.append((tag, QRectF(r.x, r.y, r.w, r.h)))
        return out

    def shown(self) -> dict[str, str]:
        """The marks whose option card is on the map now (not folded away)."""
        data = getattr(self.canvas, "scene_data", None)
        return {k: v for k, v in self.marks.items() if data is not None and data.card(k) is not None}

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        rects = [r for _, r in self._rects()]
        if not rects:
            return QRectF()
        out = rects[0]
        for r in rects[1:]:
            out = out.united(r)
        return out.adjusted(-12, -30, 12, 12)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        color = QColor(MARK_COLOR)
        metrics = QFontMetricsF(self._font)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self._font)
        for tag, r in self._rects():
            painter.setPen(QPen(color, _RING))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(r.adjusted(-_RING, -_RING, _RING, _RING), 8, 8)
            text = "✓ " + tag
            w, h = metrics.horizontalAdvance(text) + 2 * _PAD, metrics.height() + 2
            pill = QRectF(r.x() + 8, r.y() - h - _RING, w, h)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(pill, h / 2, h / 2)
            painter.setPen(QColor("white"))
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()


def mark_decisions(canvas: Any, scores: Any) -> DecisionMarks | None:
    """Mark the option each later decision takes in `scores` (None: remove the marks); return the marks item."""
    item: DecisionMarks | None = getattr(canvas, "_decision_marks", None)
    scene = canvas.scene()
    if item is not None:
        try:
            alive = item.scene() is scene
        except RuntimeError:  # the canvas cleared its scene (a new document) and the item went with it
            alive = False
        if not alive:
            item = None
    if item is None:
        item = DecisionMarks(canvas)
        scene.addItem(item)
        canvas._decision_marks = item
    marks: dict[str, str] = {}
    if scores is not None:
        fixed = set(getattr(scores, "fixed", ()))
        for question, option in getattr(scores, "decisions", {}).items():
            if option is not None:
                marks[option] = "policy" if question in fixed else "chosen"
    item.set_marks(marks)
    return item


def install(canvas: Any, keeper: Any) -> None:
    """Keep the marks in step with a score keeper (an object with `scores` and a `scores_changed(scores)` signal)."""
    keeper.scores_changed.connect(lambda scores: mark_decisions(canvas, scores))
    # A new document clears the canvas's scene after the keeper has spoken: mark again once it is rebuilt.
    canvas.session.document_replaced.connect(lambda: QTimer.singleShot(0, lambda: mark_decisions(canvas, keeper.scores)))
    mark_decisions(canvas, keeper.scores)
