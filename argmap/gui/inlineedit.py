"""A text editor laid over a card for in-place editing."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from argmap.render.painter import font

__all__ = ["InlineEditor"]


class InlineEditor(QPlainTextEdit):
    """Enter commits, Shift+Enter starts a new line, Escape cancels; leaving it commits."""

    committed = Signal(str, str)  # node id, new text
    cancelled = Signal()

    def __init__(self, node_id: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.node_id = node_id
        self._done = False
        self.setFont(font("text"))
        self.setPlainText(text)
        self.selectAll()
        self.setStyleSheet("QPlainTextEdit { border: 2px solid #1976d2; background: #ffffff; }")

    def commit(self) -> None:
        if not self._done:
            self._done = True
            self.committed.emit(self.node_id, self.toPlainText().strip())

    def cancel(self) -> None:
        if not self._done:
            self._done = True
            self.cancelled.emit()

    def close_quietly(self) -> None:
        self._done = True
        self.hide()
        self.deleteLater()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.commit()
            event.accept()
            return
        if key == Qt.Key.Key_Escape:
            self.cancel()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if not self._done and self.isVisible():
            self.commit()
