"""The map's ranking setting as a combo: rank options by expected impact, argued support, or both.

Choosing pushes a `SetRanking` edit through the session (one undo step); an undo, a redo or a
new document moves the combo to the map's setting again. The weighing pane and the canvas
follow the scores as they follow any edit.

Mount it in the weighing pane with `mount(weighing_pane, session)`: it goes in its own row
under the pane's "Score for" row.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from argmap.gui.session import Session
from argmap.model import edits as E
from argmap.scoring.terms import TERMS
from argmap.textsafe import qt_tooltip

__all__ = ["RankingSetting", "CHOICES", "mount"]

#: (ranking, what the combo says) in the order shown.
CHOICES = (
    ("impact", "expected impact"),
    ("support", "argued support"),
    ("impact-scaled", "impact × support"),
)

_LABEL_TIP = "What the options are ranked by: " + TERMS["standing"][0].lower() + TERMS["standing"][1:]


class RankingSetting(QWidget):
    """“Rank by” and a combo of CHOICES, each with its TERMS sentence as tooltip."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.label = QLabel("Rank by")
        self.label.setToolTip(qt_tooltip(_LABEL_TIP))
        self.combo = QComboBox()
        for value, text in CHOICES:
            self.combo.addItem(text, value)
            self.combo.setItemData(self.combo.count() - 1, qt_tooltip(TERMS[f"ranking-{value}"]),
                                   Qt.ItemDataRole.ToolTipRole)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.combo, 1)
        self.label.setBuddy(self.combo)
        self._sync()
        self.combo.currentIndexChanged.connect(self._on_combo_changed)
        session.document_changed.connect(self._on_session_document_changed)
        session.document_replaced.connect(self._sync)

    @property
    def value(self) -> str:
        """The ranking the combo shows."""
        return self.combo.currentData()

    def _sync(self, *_args: Any) -> None:
        """Show the map's setting (without making an edit of it)."""
        ranking = self.session.document.ranking
        index = self.combo.findData(ranking)
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)
        self.combo.setToolTip(qt_tooltip(TERMS[f"ranking-{ranking}"]))

    def _on_session_document_changed(self, edit: Any) -> None:
        if self.combo.currentData() != self.session.document.ranking:
            self._sync()

    def _on_combo_changed(self, _index: int) -> None:
        value = self.combo.currentData()
        if value == self.session.document.ranking:
            return
        text = dict(CHOICES)[value]
        problem = self.session.try_apply(E.SetRanking(value), f"Rank by {text}")
        if problem:  # cannot happen for a listed choice; keep the combo truthful all the same
            self._sync()
        else:
            self.combo.setToolTip(qt_tooltip(TERMS[f"ranking-{value}"]))


def mount(weighing_pane: Any, session: Session) -> RankingSetting:
    """Put a RankingSetting in the weighing pane, in a row of its own under “Score for”; return it."""
    widget = RankingSetting(session, weighing_pane)
    layout = weighing_pane.layout()
    at = 2  # after the weighings row and the “Score for” row
    for i in range(layout.count()):
        if layout.itemAt(i).widget() is getattr(weighing_pane, "message", None):
            at = i
            break
    layout.insertWidget(at, widget)
    widget.show()  # a child added to a pane already on screen stays hidden until shown
    weighing_pane.ranking_setting = widget
    return widget
