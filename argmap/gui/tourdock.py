"""The tour editor: the presentation's steps as a list, with buttons to add, remove, reorder and reset them.

A map without its own tour shows the generated one (question, options, then each
option's branches by contribution), marked as generated; the first change stores the
list in the map. Every change is an undoable edit (`SetTour`) through the session.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QGridLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QVBoxLayout, QWidget)

from argmap.gui.session import Session
from argmap.model.edits import SetTour
from argmap.model.tour import effective_tour
from argmap.textsafe import qt_tooltip

__all__ = ["TourPanel"]

_ID = Qt.ItemDataRole.UserRole


class TourPanel(QWidget):
    """Lists the tour's steps (title and kind) and edits them.

    `source`, when given, scores for the panel (an object with `scores` and a `scores_changed`
    signal, like the main window's ScoreKeeper): the generated tour follows the ranking.
    """

    #: A step was double-clicked; the argument is its node id (the window shows it on the canvas).
    node_activated = Signal(str)
    #: Something to tell the user (a refused change).
    message = Signal(str)

    def __init__(self, session: Session, source: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._source = source
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("tour_list")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAlternatingRowColors(True)
        self.add_button = QPushButton("&Add", self)
        self.add_button.setToolTip("Add the node selected on the map after the chosen step")
        self.remove_button = QPushButton("&Remove", self)
        self.up_button = QPushButton("Move &Up", self)
        self.up_button.setToolTip("Move the chosen step earlier")
        self.down_button = QPushButton("Move &Down", self)
        self.down_button.setToolTip("Move the chosen step later")
        self.reset_button = QPushButton("Re&set", self)
        self.reset_button.setToolTip("Go back to the tour made from the scores")
        buttons = QGridLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for i, b in enumerate((self.add_button, self.remove_button, self.reset_button, self.up_button,
                               self.down_button)):
            buttons.addWidget(b, i // 3, i % 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.status_label)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add_selected)
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.reset_button.clicked.connect(self.reset)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.list.itemDoubleClicked.connect(self._on_list_item_double_clicked)
        session.document_changed.connect(lambda _edit: self.refresh())
        session.document_replaced.connect(self.refresh)
        session.selection_changed.connect(lambda _ids: self._update_buttons())
        if source is not None:
            source.scores_changed.connect(lambda _scores: self.refresh())
        self.steps: list[str] = []
        self.dropped: list[str] = []
        self.refresh()

    # -- state ---------------------------------------------------------------------------------

    @property
    def is_generated(self) -> bool:
        """Whether the list is the generated tour (the map has no usable tour of its own)."""
        doc = self.session.document
        return not any(doc.has_node(s) for s in doc.tour)

    def _scores(self) -> Any:
        return getattr(self._source, "scores", None) if self._source is not None else None

    def refresh(self) -> None:
        """Show the tour as it is now, keeping the chosen step where it can."""
        doc = self.session.document
        chosen = self.current_step()
        self.steps, self.dropped = effective_tour(doc, self._scores())
        self.list.blockSignals(True)
        self.list.clear()
        for i, nid in enumerate(self.steps):
            node = doc.node(nid)
            label = " ".join((node.title or node.text or "(empty)").split())
            item = QListWidgetItem(f"{i + 1}. {label}  ({node.kind.value})")
            item.setData(_ID, nid)
            item.setToolTip(qt_tooltip(" ".join(node.text.split()) or label))
            self.list.addItem(item)
        if chosen in self.steps:
            self.list.setCurrentRow(self.steps.index(chosen))
        self.list.blockSignals(False)
        parts = []
        if self.is_generated:
            parts.append("Generated from the scores: the question, each option, then each option's branches. "
                         "Any change keeps the tour with the map.")
        else:
            parts.append(f"The map's own tour: {len(self.steps)} steps.")
        if self.dropped:
            parts.append(f"{len(self.dropped)} step(s) name deleted nodes and are skipped.")
        self.status_label.setText(" ".join(parts))
        self._update_buttons()

    def current_step(self) -> str | None:
        """The node id of the chosen step, if any."""
        item = self.list.currentItem()
        return item.data(_ID) if item is not None else None

    def _update_buttons(self) -> None:
        row = self.list.currentRow()
        has_row = 0 <= row < len(self.steps)
        selected = self.session.current
        self.add_button.setEnabled(selected is not None and selected not in self.steps)
        self.remove_button.setEnabled(has_row)
        self.up_button.setEnabled(has_row and row > 0)
        self.down_button.setEnabled(has_row and row < len(self.steps) - 1)
        self.reset_button.setEnabled(bool(self.session.document.tour))

    # -- changes ---------------------------------------------------------------------------------

    def _apply(self, steps: list[str], text: str, choose: str | None) -> None:
        problem = self.session.try_apply(SetTour(tuple(steps)), text)
        if problem:
            self.message.emit(problem)
            return
        if choose in self.steps:
            self.list.setCurrentRow(self.steps.index(choose))

    def add_selected(self) -> None:
        """Add the node selected on the map after the chosen step (at the end when none is chosen)."""
        nid = self.session.current
        if nid is None:
            self.message.emit("Select a node on the map to add it to the tour.")
            return
        if nid in self.steps:
            self.message.emit("That node is a step of the tour already.")
            return
        row = self.list.currentRow()
        at = row + 1 if 0 <= row < len(self.steps) else len(self.steps)
        self._apply(self.steps[:at] + [nid] + self.steps[at:], "Add Tour Step", nid)

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.steps):
            return
        steps = self.steps[:row] + self.steps[row + 1:]
        after = steps[min(row, len(steps) - 1)] if steps else None
        self._apply(steps, "Remove Tour Step", after)

    def move_current(self, by: int) -> None:
        """Move the chosen step `by` places (-1: earlier, 1: later)."""
        row = self.list.currentRow()
        to = row + by
        if not 0 <= row < len(self.steps) or not 0 <= to < len(self.steps):
            return
        steps = list(self.steps)
        steps[row], steps[to] = steps[to], steps[row]
        self._apply(steps, "Move Tour Step", steps[to])

    def reset(self) -> None:
        """Drop the map's own tour: the generated one is used again."""
        if self.session.document.tour:
            self._apply([], "Reset Tour", self.current_step())

    def _on_list_item_double_clicked(self, item: QListWidgetItem) -> None:
        nid = item.data(_ID)
        if nid and self.session.document.has_node(nid):
            self.session.select(nid)
            self.node_activated.emit(nid)
