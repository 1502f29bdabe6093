"""Presentation mode: the map alone, full screen, revealed one tour step at a time.

Keys: Right, PageDown, Space (a presenter's clicker sends PageDown) or a left click show
the next step; Left, PageUp go back; Home, End jump to the first and last step; N shows or
hides the numbers (hidden at first, so a class argues before it sees scores); B blanks the
screen (any step key or B again brings it back); Esc leaves.
"""

from __future__ import annotations

from typing import Any, Sequence

from PySide6.QtCore import QEasingCurve, QRectF, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

from argmap.model.document import Document
from argmap.model.tour import effective_tour
from argmap.render.present import Camera, PresentStep, camera_for, make_step, paint_step, title_px
from argmap.render.scene import Scene

__all__ = ["PresentationView", "ANIMATION_MS"]

#: How long the view takes to glide to the next step's neighbourhood.
ANIMATION_MS = 450

_NEXT = {Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space, Qt.Key.Key_Down}
_BACK = {Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Up}


class PresentationView(QWidget):
    """A tour of a map, shown step by step in the presentation theme.

    The tour is `steps` when given, else the map's own (`doc.tour`) or the generated one;
    ids that name no node are left out and listed in `dropped`, for the caller to report.
    """

    #: The shown step changed; the argument is its index (0-based).
    step_changed = Signal(int)
    #: The presentation was left (Esc, or the window closed).
    closed = Signal()

    def __init__(self, doc: Document, scores: Any = None, steps: Sequence[str] | None = None,
                 start: int = 0, numbers: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{doc.title or 'argmap'} — presentation")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setCursor(Qt.CursorShape.BlankCursor)
        self.doc = doc
        self.scores = scores
        if steps is None:
            kept, self.dropped = effective_tour(doc, scores)
        else:
            kept = [s for s in steps if doc.has_node(s)]
            self.dropped = [s for s in steps if not doc.has_node(s)]
        self.steps: list[str] = list(dict.fromkeys(kept))
        self._steps: dict[int, PresentStep] = {}
        self._index = max(0, min(start, len(self.steps) - 1))
        self._numbers = numbers
        self._blank = False
        self._from: Camera | None = None  # where the glide started
        self._t = 1.0
        self._animation = QVariantAnimation(self)
        self._animation.setStartValue(0.0)
        self._animation.setEndValue(1.0)
        self._animation.setDuration(ANIMATION_MS)
        self._animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self._animation.valueChanged.connect(self._on_animation_value_changed)
        self._shown_camera: Camera | None = None

    # -- state -----------------------------------------------------------------------------

    @property
    def step(self) -> int:
        """The shown step (0-based)."""
        return self._index

    @property
    def count(self) -> int:
        return len(self.steps)

    @property
    def is_numbers_shown(self) -> bool:
        return self._numbers

    @property
    def is_blank(self) -> bool:
        return self._blank

    @property
    def is_animating(self) -> bool:
        return self._animation.state() == QVariantAnimation.State.Running

    def current(self) -> PresentStep:
        """What the shown step reveals (its scene, focus and new nodes)."""
        step = self._steps.get(self._index)
        if step is None:
            step = self._steps[self._index] = make_step(self.doc, self.scores, self.steps, self._index)
        return step

    @property
    def scene(self) -> Scene:
        """The scene of the shown step, as drawn (cards shrunk to their text while numbers are hidden)."""
        return self.current().shown(self._numbers)

    def shown_ids(self) -> set[str]:
        """The ids of the cards on the shown step."""
        return set(self.scene.by_id)

    def camera(self) -> Camera:
        """Where the view looks now (part way between two steps while it glides)."""
        target = camera_for(self.current(), self.width(), self.height())
        if self._from is None or self._t >= 1.0:
            return target
        return self._from.toward(target, self._t)

    @property
    def shown_camera(self) -> Camera | None:
        """The camera of the last paint (None before the first)."""
        return self._shown_camera

    def title_pixels(self) -> float:
        """How tall card titles are on screen, in pixels, once the view has settled."""
        return title_px(camera_for(self.current(), self.width(), self.height()))

    # -- moving --------------------------------------------------------------------------------

    def go(self, index: int) -> None:
        """Show step `index` (clamped to the tour), gliding there; un-blanks the screen."""
        self._blank = False
        index = max(0, min(index, len(self.steps) - 1))
        if index == self._index or not self.steps:
            self.update()
            return
        self._from = self.camera()
        self._index = index
        self._t = 0.0
        self._animation.stop()
        self._animation.start()
        self.step_changed.emit(index)
        self.update()

    def next(self) -> None:
        self.go(self._index + 1)

    def back(self) -> None:
        self.go(self._index - 1)

    def set_numbers_shown(self, shown: bool) -> None:
        self._numbers = shown
        self.update()

    def set_blank(self, blank: bool) -> None:
        self._blank = blank
        self.update()

    def _on_animation_value_changed(self, value: Any) -> None:
        self._t = float(value)
        self.update()

    def showFullScreen(self) -> None:  # noqa: N802 (Qt name)
        """Cover the whole screen, also where no window manager honours the full-screen hint."""
        screen = self.screen()
        if screen is not None:
            self.setGeometry(screen.geometry())
        super().showFullScreen()

    # -- Qt events ---------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key = event.key()
        if key in _NEXT:
            self.next() if not self._blank else self.set_blank(False)
        elif key in _BACK:
            self.back() if not self._blank else self.set_blank(False)
        elif key == Qt.Key.Key_Home:
            self.go(0)
        elif key == Qt.Key.Key_End:
            self.go(len(self.steps) - 1)
        elif key == Qt.Key.Key_N:
            self.set_numbers_shown(not self._numbers)
        elif key in (Qt.Key.Key_B, Qt.Key.Key_Period):  # clickers' "blank" button sends "."
            self.set_blank(not self._blank)
        elif key == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton:
            self.next() if not self._blank else self.set_blank(False)
        elif event.button() == Qt.MouseButton.RightButton:
            self.back() if not self._blank else self.set_blank(False)
        else:
            super().mousePressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        try:
            if self._blank:
                painter.fillRect(self.rect(), QColor("#000000"))
                return
            self._shown_camera = paint_step(painter, QRectF(self.rect()), self.current(), self._numbers,
                                            camera=self.camera())
        finally:
            painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        self._from = None  # a new size: look at the step afresh, no glide
        super().resizeEvent(event)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        self._animation.stop()
        self.closed.emit()
        super().closeEvent(event)
