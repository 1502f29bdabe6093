"""An editor laid over a card for in-place editing: the card's title, then (Tab) its text."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QFrame, QPlainTextEdit, QVBoxLayout, QWidget

from shiboken6 import getCppPointer

from argmap.gui import theme
from argmap.render.painter import font

__all__ = ["InlineEditor"]

_MARGIN = 2  # a field's document margin
_BORDER = 2  # the editor's blue border


class _Field(QPlainTextEdit):
    """One field of the editor; its keys and focus changes are the editor's to handle."""

    def __init__(self, editor: "InlineEditor", role: str, placeholder: str) -> None:
        super().__init__(editor)
        self._editor = editor
        self.setFont(font(role, getattr(theme.canvas_measure(), "scale", 1.0)))  # as large as the card's text
        self.setPlaceholderText(placeholder)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.document().setDocumentMargin(_MARGIN)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)

    def line_height(self) -> int:
        return self.fontMetrics().lineSpacing()

    def height_for(self, lines: int) -> int:
        return lines * self.line_height() + 2 * _MARGIN + 6

    def wrapped_lines(self) -> int:
        """How many lines the text takes at the field's width (at least one)."""
        width = max(1, self.viewport().width() - 2 * _MARGIN - 4)
        box = self.fontMetrics().boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap,
                                              self.toPlainText() or "x")
        return max(1, round(box.height() / self.line_height()))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if not self._editor.handle_key(self, event):
            super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return super().event(event)
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):  # they move between the fields, not out
            self.keyPressEvent(event)  # type: ignore[arg-type]
            return True
        used = super().event(event)
        # A key the field leaves goes on to the editor: mark it, so the editor passes it on up.
        self._editor.passing = None if used and event.isAccepted() else getCppPointer(event)[0]
        return used

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        super().focusOutEvent(event)
        self._editor.field_lost_focus(event)


class InlineEditor(QFrame):
    """Two fields over a card: its title, then its text.

    Typing goes into the title; Tab moves to the text and Shift+Tab back. Enter commits both
    (Shift+Enter starts a new line of text), Escape cancels, and leaving the editor commits.
    """

    committed = Signal(str, str, str)  # node id, new title, new text
    cancelled = Signal()
    #: The fields' content changed (the canvas may give the editor more room).
    resized = Signal()

    def __init__(self, node_id: str, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.node_id = node_id
        self._done = False
        #: The key event a field just left unused (its address), on its way up to the canvas.
        self.passing: int | None = None
        self._forwarding = False
        self._left = False
        self.setObjectName("inline_editor")
        self.setStyleSheet(theme.editor_style())  # the card's ink on a card-like fill, in either theme
        self.title_edit = _Field(self, "title", "Title")
        self.text_edit = _Field(self, "text", "Text (Tab)")
        self.title_edit.setPlainText(title)
        self.text_edit.setPlainText(text)
        rule = QFrame(self)
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setStyleSheet("color: #bbdefb;")
        rule.setFixedHeight(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # the style sheet's border is the frame's margin
        layout.setSpacing(0)
        layout.addWidget(self.title_edit)
        layout.addWidget(rule)
        layout.addWidget(self.text_edit, 1)
        self._rule = rule
        self.setFocusProxy(self.title_edit)
        self.title_edit.selectAll()
        self.title_edit.textChanged.connect(self._on_field_text_changed)
        self.text_edit.textChanged.connect(self._on_field_text_changed)

    # -- what it holds --------------------------------------------------------------

    def title(self) -> str:
        """The title as typed (one line: line breaks become spaces)."""
        return " ".join(self.title_edit.toPlainText().split())

    def text(self) -> str:
        return self.text_edit.toPlainText().strip()

    @property
    def field(self) -> QPlainTextEdit:
        """The field being typed in (the title until Tab moves on)."""
        return self.text_edit if self.focusProxy() is self.text_edit else self.title_edit

    def toPlainText(self) -> str:  # noqa: N802 (as a text edit's)
        """The text of the field being typed in."""
        return self.field.toPlainText()

    def selectAll(self) -> None:  # noqa: N802 (as a text edit's)
        self.field.selectAll()

    def go_to(self, field: QPlainTextEdit) -> None:
        """Move the typing to one field, its text selected."""
        self.setFocusProxy(field)
        field.setFocus(Qt.FocusReason.TabFocusReason)
        field.selectAll()

    # -- size ------------------------------------------------------------------------

    def minimum_height(self) -> int:
        """Room for a line of title and a line of text."""
        return self.title_edit.height_for(1) + self.text_edit.height_for(1) + 1 + 2 * _BORDER

    def wanted_height(self) -> int:
        """Room for all the title and text as they wrap now."""
        return (self.title_edit.height_for(min(3, self.title_edit.wrapped_lines()))
                + self.text_edit.height_for(self.text_edit.wrapped_lines()) + 1 + 2 * _BORDER)

    def place(self, x: int, y: int, width: int, height: int) -> None:
        """Lay the editor over (x, y, width, height) of its parent; the title takes what its lines need."""
        self.setGeometry(x, y, width, height)
        self.layout().activate()
        title_lines = min(3, self.title_edit.wrapped_lines())
        room = height - 2 * _BORDER - 1 - self.text_edit.height_for(1)
        self.title_edit.setFixedHeight(max(self.title_edit.height_for(1), min(room, self.title_edit.height_for(title_lines))))

    def _on_field_text_changed(self) -> None:
        self.resized.emit()

    # -- keys and focus ------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:  # Tab included: it must not leave the editor
            self.keyPressEvent(event)  # type: ignore[arg-type]
            return event.isAccepted()
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        """Keys sent to the editor itself go to the field being typed in; a key a field leaves goes on up."""
        if self.passing is not None and self.passing == getCppPointer(event)[0]:
            self.passing = None
            # Left by the field: it goes on up, unless it is the copy made below (its original goes instead).
            event.setAccepted(self._forwarding)
            self._left = self._forwarding
            return
        copy = QKeyEvent(event.type(), event.key(), event.modifiers(), event.text(), event.isAutoRepeat(),
                         event.count())
        self._forwarding, self._left = True, False
        try:
            QApplication.sendEvent(self.field, copy)
        finally:
            self._forwarding = False
        self.passing = None
        event.setAccepted(not self._left)

    def handle_key(self, field: _Field, event: QKeyEvent) -> bool:
        """Enter commits, Escape cancels, Tab and Shift+Tab switch fields; True when the key was used."""
        key, mods = event.key(), event.modifiers()
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if shift and field is self.text_edit:
                return False  # a new line of text
            if shift:
                self.go_to(self.text_edit)  # a title is one line: go on to the text
            else:
                self.commit()
            return True
        if key == Qt.Key.Key_Escape:
            self.cancel()
            return True
        if key == Qt.Key.Key_Backtab or (key == Qt.Key.Key_Tab and shift):
            self.go_to(self.title_edit)
            return True
        if key == Qt.Key.Key_Tab:
            self.go_to(self.text_edit if field is self.title_edit else self.title_edit)
            return True
        return False

    def field_lost_focus(self, event: QFocusEvent) -> None:
        """Leaving the editor commits; moving between its fields or opening a menu does not."""
        if self._done or not self.isVisible() or event.reason() == Qt.FocusReason.PopupFocusReason:
            return
        now = QApplication.focusWidget()
        if now is not None and (now is self or self.isAncestorOf(now)):
            return
        self.commit()

    # -- ending ------------------------------------------------------------------------

    def commit(self) -> None:
        if not self._done:
            self._done = True
            self.committed.emit(self.node_id, self.title(), self.text())

    def cancel(self) -> None:
        if not self._done:
            self._done = True
            self.cancelled.emit()

    def close_quietly(self) -> None:
        self._done = True
        self.hide()
        self.deleteLater()
