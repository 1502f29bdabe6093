"""The find bar: search the map's text and step through the matching nodes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from argmap.gui.session import Session

__all__ = ["FindBar"]


class _FindField(QLineEdit):
    escaped = Signal()
    stepped = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.stepped.emit(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
        else:
            super().keyPressEvent(event)


class FindBar(QWidget):
    """Find text in titles, texts, notes and tags; Enter / F3 go to the next match."""

    #: The node a step landed on.
    found = Signal(str)
    #: The bar was closed (Escape); focus should go back to the map.
    closed = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.field = _FindField(self)
        self.field.setPlaceholderText("Find in map…")
        self.field.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        prev_button = QToolButton(self)
        prev_button.setText("▲")
        prev_button.setToolTip("Previous match (Shift+F3)")
        next_button = QToolButton(self)
        next_button.setText("▼")
        next_button.setToolTip("Next match (F3)")
        close_button = QToolButton(self)
        close_button.setText("✕")
        close_button.setToolTip("Close (Esc)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(QLabel("Find:", self))
        layout.addWidget(self.field, 1)
        layout.addWidget(prev_button)
        layout.addWidget(next_button)
        layout.addWidget(self.count_label)
        layout.addWidget(close_button)
        self._matches: list[str] = []
        self._pos = -1
        self._stale = True
        self.field.textChanged.connect(self._on_field_changed)
        self.field.stepped.connect(self.step)
        self.field.escaped.connect(self.close_bar)
        prev_button.clicked.connect(lambda: self.step(-1))
        next_button.clicked.connect(lambda: self.step(1))
        close_button.clicked.connect(self.close_bar)
        session.document_changed.connect(self._mark_stale)
        session.document_replaced.connect(self._mark_stale)

    def open(self) -> None:
        """Show the bar and put the cursor in its field."""
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    @property
    def matches(self) -> list[str]:
        self._refresh()
        return list(self._matches)

    def _mark_stale(self, *_: Any) -> None:
        self._stale = True

    def _on_field_changed(self, _text: str) -> None:
        self._stale = True
        self._pos = -1
        self._refresh()
        if self._matches:
            self.step(1)

    def _refresh(self) -> None:
        if not self._stale:
            return
        current = self._matches[self._pos] if 0 <= self._pos < len(self._matches) else None
        self._matches = [n.id for n in self.session.document.find(self.field.text())]
        self._pos = self._matches.index(current) if current in self._matches else -1
        self._stale = False
        self._show_count()

    def _show_count(self) -> None:
        if not self.field.text():
            self.count_label.setText("")
        elif not self._matches:
            self.count_label.setText("no matches")
        else:
            shown = self._pos + 1 if self._pos >= 0 else 0
            self.count_label.setText(f"{shown} of {len(self._matches)}")

    def step(self, direction: int) -> str | None:
        """Select the next (1) or previous (-1) match, wrapping around; returns its id."""
        self._refresh()
        if not self._matches:
            self._show_count()
            return None
        if self._pos < 0:
            self._pos = 0 if direction > 0 else len(self._matches) - 1
        else:
            self._pos = (self._pos + direction) % len(self._matches)
        node_id = self._matches[self._pos]
        self._show_count()
        self.session.select(node_id)
        self.found.emit(node_id)
        return node_id
