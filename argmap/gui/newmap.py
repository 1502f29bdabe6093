"""A new map's first questions, asked in a bar above the canvas: what is decided, between which
options, and whose interests are weighed.

The bar is not modal: the map can be edited while it is up, and closing it leaves the map as it
is. A new map has one perspective, "Overall", from the start, so impacts can be weighed at once;
parties named in the bar take its place.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
                               QToolButton, QWidget)

from argmap.gui import theme
from argmap.errors import ArgmapError
from argmap.model import edits as E
from argmap.model.document import Document, Kind, Node, Perspective

if TYPE_CHECKING:
    from argmap.gui.session import Session

__all__ = ["NewMapPanel", "new_map_document", "install", "OVERALL", "PLACEHOLDER_QUESTION"]

PLACEHOLDER_QUESTION = "What should we decide?"
#: The one perspective a new map starts with.
OVERALL = Perspective(id="overall", name="Overall", weight=1.0, color="#455a64")
#: Colours for the parties named in the bar, in turn.
PARTY_COLORS = ("#1565c0", "#c62828", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#5d4037", "#ad1457")


def new_map_document() -> Document:
    """A fresh map: one question waiting for its options, and one perspective, "Overall"."""
    root = Node(id="q1", kind=Kind.QUESTION, text=PLACEHOLDER_QUESTION)
    return Document(title="Untitled map", question="q1", nodes=[root], perspectives=[OVERALL.model_copy()])


def _lines(text: str) -> list[str]:
    """The non-empty lines of `text`, trimmed, each once (in order)."""
    return list(dict.fromkeys(" ".join(line.split()) for line in text.splitlines() if line.strip()))


def _perspective_id(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", name.casefold()).strip("_") or "party"
    pid, n = base, 2
    while pid in taken:
        pid, n = f"{base}_{n}", n + 1
    return pid


def start_edits(doc: Document, question: str, options: list[str], parties: list[str]) -> list[Any]:
    """The edits that give a map its question, options and parties (applied in this order).

    Parties take the place of an "Overall" perspective that no node weighs yet.
    """
    edits: list[Any] = []
    root = doc.root()
    if root is None:
        root_id = "q1"
        edits.append(E.AddNode(Node(id=root_id, kind=Kind.QUESTION, title=question or None,
                                    text="" if question else PLACEHOLDER_QUESTION)))
    else:
        root_id = root.id
        if question and question != root.title:
            edits.append(E.SetTitle(root_id, question))
        if question and root.text == PLACEHOLDER_QUESTION:
            edits.append(E.SetText(root_id, ""))
    if question and doc.title in ("", "Untitled map"):
        edits.append(E.SetMapField("title", question))
    taken_nodes = {n.id for n in doc.nodes} | {root_id}
    number = len(taken_nodes)
    for title in options:
        number += 1
        while f"n{number}" in taken_nodes:
            number += 1
        taken_nodes.add(f"n{number}")
        edits.append(E.AddNode(Node(id=f"n{number}", kind=Kind.OPTION, title=title, parent=root_id)))
    if parties:
        taken = {p.id for p in doc.perspectives}
        overall = next((p for p in doc.perspectives if p.id == OVERALL.id), None)
        if overall is not None and not any(OVERALL.id in n.impact for n in doc.nodes):
            edits.append(E.RemovePerspective(OVERALL.id))
            taken.discard(OVERALL.id)
        names = {p.name.casefold() for p in doc.perspectives if p.id in taken}
        for name in parties:
            if name.casefold() in names:
                continue
            pid = _perspective_id(name, taken)
            taken.add(pid)
            names.add(name.casefold())
            color = PARTY_COLORS[(len(taken) - 1) % len(PARTY_COLORS)]
            edits.append(E.AddPerspective(Perspective(id=pid, name=name, weight=1.0, color=color)))
    elif not doc.perspectives:
        edits.append(E.AddPerspective(OVERALL.model_copy()))
    return edits


class _Lines(QPlainTextEdit):
    """A few lines of plain text, one item a line; Tab moves on (as in a form)."""

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)


class NewMapPanel(QFrame):
    """A bar asking for a new map's question, its options and the parties whose interests are weighed."""

    #: The map was given what the bar asked for (one undo step); the argument is the first option's id or "".
    started = Signal(str)
    #: The bar was closed without filling the map in.
    dismissed = Signal()

    def __init__(self, session: "Session", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("new_map_panel")
        theme.follow(self, "banner:info:QFrame#new_map_panel")  # light or dark with the theme
        heading = QLabel("<b>A new map.</b> What is to be decided, between which options, and for whom?")
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Close (Esc): keep the map as it is, with one perspective, “Overall”")
        self.question_edit = QLineEdit()
        self.question_edit.setPlaceholderText("The question, e.g. Which way should we cross the river?")
        self.options_edit = _Lines("The options that answer it, one a line")
        self.parties_edit = _Lines("Whose interests are weighed, one a line (the perspectives)")
        self.start_button = QPushButton("Start the Map")
        self.start_button.setToolTip("Add the options and perspectives (Ctrl+Enter); one step to undo")
        self.overall_button = QPushButton("Start with one perspective “Overall”")
        self.overall_button.setToolTip("Add the options, and weigh impacts for one party only")
        self.message = QLabel()
        theme.follow(self.message, "error")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()

        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(self.close_button)
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 6, 10, 8)
        grid.addLayout(top, 0, 0, 1, 4)
        grid.addWidget(QLabel("Question"), 1, 0)
        grid.addWidget(self.question_edit, 1, 1, 1, 3)
        grid.addWidget(QLabel("Options"), 2, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.options_edit, 2, 1)
        grid.addWidget(QLabel("Perspectives"), 2, 2, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.parties_edit, 2, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message)
        buttons.addStretch(1)
        buttons.addWidget(self.overall_button)
        buttons.addWidget(self.start_button)
        grid.addLayout(buttons, 3, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.setTabOrder(self.question_edit, self.options_edit)
        self.setTabOrder(self.options_edit, self.parties_edit)
        self.setTabOrder(self.parties_edit, self.start_button)
        self.setTabOrder(self.start_button, self.overall_button)
        self.setTabOrder(self.overall_button, self.close_button)

        self.close_button.clicked.connect(self.dismiss)
        self.start_button.clicked.connect(lambda: self.start())
        self.overall_button.clicked.connect(lambda: self.start(overall=True))
        self.question_edit.returnPressed.connect(lambda: self.options_edit.setFocus(Qt.FocusReason.TabFocusReason))
        session.document_replaced.connect(self._on_session_document_replaced)
        self.hide()

    def ask(self) -> None:
        """Show the bar with empty fields, the question's field focused."""
        for field in (self.question_edit, self.options_edit, self.parties_edit):
            field.clear()
        self.message.hide()
        self.show()
        self.question_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def start(self, overall: bool = False) -> bool:
        """Give the map the question, options and perspectives typed (one undo step) and close the bar.

        With `overall`, the parties typed are left out: impacts are weighed for "Overall" alone.
        """
        doc = self.session.document
        question = " ".join(self.question_edit.text().split())
        options = _lines(self.options_edit.toPlainText())
        parties = [] if overall else _lines(self.parties_edit.toPlainText())
        edits = start_edits(doc, question, options, parties)
        if edits:
            stack = self.session.undo_stack
            stack.beginMacro("Start the map")
            try:
                for edit in edits:
                    self.session.apply(edit, "Start the map")
            except ArgmapError as err:
                stack.endMacro()
                stack.undo()  # a half-made start is taken back whole
                self.message.setText(err.message)
                self.message.show()
                return False
            stack.endMacro()
        self.hide()
        root = self.session.document.root()
        kids = self.session.document.children(root.id) if root is not None else []
        self.started.emit(kids[0].id if kids else "")
        return True

    def dismiss(self) -> None:
        """Close the bar; the map keeps (or is given) one perspective, "Overall"."""
        if not self.isVisible():
            return
        self.hide()
        doc = self.session.document
        if not doc.perspectives:
            self.session.apply(E.AddPerspective(OVERALL.model_copy()), "Add perspective “Overall”")
        self.dismissed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_Escape:
            self.dismiss()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # Ctrl+Enter anywhere starts; Enter on a focused button presses it.
            focused = self.focusWidget()
            if isinstance(focused, QPushButton) and not mods & Qt.KeyboardModifier.ControlModifier:
                focused.click()
            else:
                self.start()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _on_session_document_replaced(self) -> None:
        self.hide()  # another map came in; File ▸ New asks again


def install(window: Any) -> NewMapPanel:
    """The window's new-map bar, above its canvas (made on first use)."""
    panel = getattr(window, "new_map_panel", None)
    if isinstance(panel, NewMapPanel):
        return panel
    panel = NewMapPanel(window.session, window.centralWidget())
    window.centralWidget().layout().insertWidget(0, panel)
    window.new_map_panel = panel

    def on_started(first: str) -> None:
        canvas = window.canvas
        canvas.setFocus(Qt.FocusReason.OtherFocusReason)
        if first:
            window.session.select(first)
        window.show_status("Map started: C adds a consequence under the selected option, + a pro, - a con.")

    def on_dismissed() -> None:
        window.canvas.setFocus(Qt.FocusReason.OtherFocusReason)

    panel.started.connect(on_started)
    panel.dismissed.connect(on_dismissed)
    return panel
