"""View ▸ Show Accepted / Rejected: the grounded (Dung) reading of the map's attacks, marked on its cards.

`install(window)` adds a checkable action to the View menu, off by default. While it is on,
every claim card on the canvas carries a small badge at its bottom-right corner: a circle with
✓ (accepted), a square with ✗ (rejected) or a diamond with ? (undecided), as
`Scores.grounded()` labels it. Shape and letter both say the status, so the marks read without
colour. Each mark is a scene item of its own, with a one-sentence tooltip, placed from the
canvas's current layout; the marks are brought up to date when the map is edited, rescored,
replaced, folded or laid out again. The setting belongs to the window (the action's state): it
is not saved with the map and is never an edit.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QMainWindow,
    QMenu,
    QStyleOptionGraphicsItem,
    QWidget,
)

from argmap.scoring.dung import ACCEPTED, REJECTED, UNDECIDED
from argmap.textsafe import qt_tooltip

__all__ = ["ACTION_TEXT", "MARKS", "TIPS", "GroundedMark", "GroundedMarks", "find_view_menu", "install"]

ACTION_TEXT = "Show &Accepted / Rejected"
#: Status -> (letter, shape, fill colour, letter colour). Okabe–Ito colours, told apart by shape and letter too.
MARKS: dict[str, tuple[str, str, str, str]] = {
    ACCEPTED: ("✓", "circle", "#0072b2", "#ffffff"),
    REJECTED: ("✗", "square", "#d55e00", "#ffffff"),
    UNDECIDED: ("?", "diamond", "#f0e442", "#000000"),
}
#: One sentence per status: the marks' tooltips.
TIPS: dict[str, str] = {
    ACCEPTED: "Accepted: nothing attacks it, or every claim that attacks it is rejected.",
    REJECTED: "Rejected: an accepted claim attacks it, and nothing accepted defends it.",
    UNDECIDED: "Undecided: it is caught up in a circle of attacks that no accepted claim settles, so it is "
               "neither accepted nor rejected.",
}
_SIZE = 20.0  # the badge's width and height at a card's normal scale


class GroundedMark(QGraphicsItem):
    """One card's badge: a shape with a letter, centred on the card's bottom-right corner."""

    def __init__(self, node_id: str, status: str) -> None:
        super().__init__()
        self.node_id = node_id
        self.status = status
        self.size = _SIZE
        self.setZValue(4)  # over the cards and the later-decision marks
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # clicks go to the card below
        self.setToolTip(qt_tooltip(TIPS[status]))
        self._font = QFont()
        self._font.setBold(True)

    def place(self, rect: Any, scale: float = 1.0) -> None:
        """Sit on the bottom-right corner of `rect` (a card's Rect), `scale` times the normal size."""
        size = _SIZE * scale
        if size != self.size:
            self.prepareGeometryChange()
            self.size = size
        # Mostly outside the card, so that it hides no badge and no end of an option's score bar.
        self.setPos(rect.x + rect.w + size * 0.15, rect.y + rect.h + size * 0.15)

    def set_status(self, status: str) -> None:
        if status != self.status:
            self.status = status
            self.setToolTip(qt_tooltip(TIPS[status]))
            self.update()

    def boundingRect(self) -> QRectF:
        s = self.size
        return QRectF(-s / 2 - 2, -s / 2 - 2, s + 4, s + 4)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.boundingRect())
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        letter, form, fill, ink = MARKS[self.status]
        s = self.size
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # A white rim keeps a dark mark apart from any card; the pale yellow one takes a dark rim instead.
        rim = "#6b5f00" if self.status == UNDECIDED else "#ffffff"
        painter.setPen(QPen(QColor(rim), max(1.0, s / 14)))
        painter.setBrush(QColor(fill))
        box = QRectF(-s / 2, -s / 2, s, s)
        if form == "circle":
            painter.drawEllipse(box)
        elif form == "square":
            painter.drawRoundedRect(box.adjusted(s * 0.06, s * 0.06, -s * 0.06, -s * 0.06), s / 8, s / 8)
        else:
            h = s * 0.58
            painter.drawPolygon(QPolygonF([QPointF(0, -h), QPointF(h, 0), QPointF(0, h), QPointF(-h, 0)]))
        font = QFont(self._font)
        font.setPixelSize(max(6, round(s * 0.7)))
        painter.setFont(font)
        painter.setPen(QColor(ink))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, letter)
        painter.restore()


class GroundedMarks(QObject):
    """Keeps one GroundedMark per shown claim card while `shown` is on."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.canvas = window.canvas
        self.session = window.session
        self.keeper = window.score_keeper
        self.shown = False
        self.items: dict[str, GroundedMark] = {}
        self._synced: tuple[Any, ...] | None = None
        # Connected after the canvas's own slots, so the canvas has rebuilt its layout when these run.
        self.session.document_changed.connect(self._on_changed)
        self.session.document_replaced.connect(self._on_changed)
        self.keeper.scores_changed.connect(self._on_changed)
        self.canvas.fold_changed.connect(self._on_changed)
        # Zooming far out or opening one folded card lays the cards out again without an edit: follow that too.
        self.canvas.scene().changed.connect(self._on_changed)

    def set_shown(self, on: bool) -> None:
        """Show or hide the marks."""
        self.shown = bool(on)
        self.sync()

    def labels(self) -> dict[str, str]:
        """Node id -> accepted, rejected or undecided under the window's current scores ({} when unscored)."""
        scores = self.keeper.scores
        return scores.grounded() if scores is not None else {}

    def marks(self) -> dict[str, str]:
        """Node id -> status of every mark on the canvas now."""
        return {nid: item.status for nid, item in self.items.items()}

    def _on_changed(self, *_args: Any) -> None:
        self.sync()

    def _alive(self) -> bool:
        """Whether the items are still in the canvas's scene (a rebuild clears the scene, and them all with it)."""
        item = next(iter(self.items.values()), None)
        return item is None or (shiboken6.isValid(item) and item.scene() is self.canvas.scene())

    def sync(self) -> None:
        """Bring the marks in line with the canvas's layout and the current scores."""
        data, scores = self.canvas.scene_data, self.keeper.scores
        key = (self.shown, data, scores, self.canvas.is_overview)
        if self._synced is not None and all(a is b for a, b in zip(key, self._synced)) and self._alive():
            return
        self._synced = key
        if not self._alive():
            self.items = {}  # the canvas's rebuild deleted them
        scene = self.canvas.scene()
        wanted = self.labels() if self.shown and not self.canvas.is_overview else {}
        keep: dict[str, GroundedMark] = {}
        far = getattr(self.canvas, "far", 0.0) or 1.0  # zoomed far out, titles are drawn larger: so are the marks
        for card in data.cards if wanted else ():
            status = wanted.get(card.id)
            if status is None:
                continue  # a note, or a card scored before it was added
            scale = (getattr(card.face, "scale", 1.0) or 1.0) * far
            item = self.items.pop(card.id, None)
            if item is None:
                item = GroundedMark(card.id, status)
                scene.addItem(item)
            else:
                item.set_status(status)
            item.place(card.rect, scale)
            keep[card.id] = item
        for item in self.items.values():
            scene.removeItem(item)
        self.items = keep


def find_view_menu(window: QMainWindow) -> QMenu | None:
    """The menu bar's View menu, by its title "&View"."""
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and menu.title() == "&View":
            return menu
    return None


def install(window: QMainWindow) -> QAction:
    """Add View ▸ Show Accepted / Rejected (checkable, off) to a built main window; return the action.

    Once a window: a second call returns the action the first one added.
    """
    installed = window.findChild(QAction, "grounded_action")
    if installed is not None:
        return installed
    marks = GroundedMarks(window)
    marks.setObjectName("grounded_marks")
    action = QAction(ACTION_TEXT, window)
    action.setObjectName("grounded_action")
    action.setCheckable(True)
    action.setChecked(False)
    tip = ("Mark each card with the sceptical reading of the map's attacks: ✓ accepted, ✗ rejected, "
           "? undecided")
    action.setStatusTip(tip)
    action.setToolTip(tip)
    action.toggled.connect(marks.set_shown)
    menu = find_view_menu(window)
    if menu is None:
        menu = window.menuBar().addMenu("&View")
    # After Layout and Show Levels: with the other ways of looking at the map.
    after = next((a for a in menu.actions() if a.menu() is not None and "Levels" in a.menu().title()), None)
    actions = menu.actions()
    if after is not None and actions.index(after) + 1 < len(actions):
        menu.insertAction(actions[actions.index(after) + 1], action)
    else:
        menu.addAction(action)
    window.grounded_marks = marks
    return action
