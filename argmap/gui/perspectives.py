"""The map section of the inspector: title, description, the perspectives weighed and the parameters."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from argmap.gui.parameters import ParameterTable
from argmap.gui.session import Session
from argmap.model import Document, Perspective
from argmap.model import edits as E

__all__ = ["MapSection", "TextBox", "choose_color", "swatch", "weight_for_share", "share_text", "HEADER_TIPS"]

_PALETTE = ["#2e7d32", "#1565c0", "#c62828", "#6a1b9a", "#ef6c00", "#00838f", "#5d4037", "#ad1457"]
NAME, COLOR, WEIGHT, SHARE = range(4)
HEADERS = ("Perspective", "Colour", "Weight", "Share of total")
HEADER_TIPS = (
    "Whose interests are weighed: each side gets its own impact on every consequence.",
    "The colour that marks this side's impacts on the map.",
    "How much this side's view counts, as a plain number: only its size next to the other weights matters "
    "(1 and 1 count the same as 5 and 5).",
    "This side's weight as a part of all the weights added up; the overall score averages the sides by these "
    "shares. Type a percentage here to set the weight that gives it.",
)


def weight_for_share(doc: Document, pid: str, share: float) -> float | None:
    """The weight that gives perspective `pid` this share of the total, the others' weights held.

    None when no weight does: a share of 100 % while others weigh something, or any other
    share when every other weight is 0.
    """
    rest = sum(p.weight for p in doc.perspectives if p.id != pid)
    if share >= 1.0 or rest <= 0:
        return None
    return max(0.0, share) * rest / (1.0 - share)


def share_text(share: float) -> str:
    """A share as a percentage: "75 %", "74.9 %"."""
    return f"{100 * share:.1f}".removesuffix(".0") + " %"


def choose_color(parent: QWidget, current: str) -> str | None:
    """Ask for a colour; the chosen one as '#rrggbb', or None when cancelled."""
    color = QColorDialog.getColor(QColor(current), parent, "Perspective colour")
    return color.name() if color.isValid() else None


def swatch(color: str, size: int = 12) -> QIcon:
    """A small square icon filled with `color`."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class TextBox(QPlainTextEdit):
    """A multi-line text field that says when it loses the focus (the end of a typing run)."""

    focus_lost = Signal()

    def __init__(self, placeholder: str = "", lines: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        height = self.fontMetrics().lineSpacing() * lines + 12
        self.setMinimumHeight(height)
        self.setMaximumHeight(height + height // 2)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        super().focusOutEvent(event)
        self.focus_lost.emit()

    def set_text_keeping_cursor(self, text: str) -> None:
        """Replace the text when it differs, keeping the cursor where it was (clamped)."""
        if self.toPlainText() == text:
            return
        position = self.textCursor().position()
        self.setPlainText(text)
        cursor = self.textCursor()
        cursor.setPosition(min(position, len(self.toPlainText())))
        self.setTextCursor(cursor)


class MapSection(QWidget):
    """Edits the map's title, description and perspectives (name, colour, weight)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._loading = False

        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("Title of the map")
        self.description_edit = TextBox("What the map is about", lines=3)
        self.scale_label = QLabel()
        self.scale_label.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        for col, (text, tip) in enumerate(zip(HEADERS, HEADER_TIPS)):
            head = QTableWidgetItem(text)
            head.setToolTip(tip)
            self.table.setHorizontalHeaderItem(col, head)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for col in (COLOR, WEIGHT, SHARE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.add_button = QPushButton("Add perspective")
        self.remove_button = QPushButton("Remove")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()

        form = QFormLayout()
        form.addRow("Title", self.title_edit)
        form.addRow("Description", self.description_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("<b>Perspectives</b> — whose interests are weighed"))
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.scale_label)
        layout.addWidget(self.message)
        self.parameters = ParameterTable(session)
        layout.addWidget(self.parameters)
        layout.addStretch(1)

        self.title_edit.editingFinished.connect(self._on_title_finished)
        self.description_edit.focus_lost.connect(self._on_description_finished)
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.add_button.clicked.connect(self.add_perspective)
        self.remove_button.clicked.connect(self.remove_selected)
        session.document_changed.connect(self._on_session_document_changed)
        session.document_replaced.connect(self.refresh)
        self.refresh()

    # -- reading the document ----------------------------------------------------

    def refresh(self) -> None:
        """Show the document's map fields; rows are rebuilt only when perspectives come or go."""
        doc = self.session.document
        self._loading = True
        try:
            if not self.title_edit.hasFocus() and self.title_edit.text() != doc.title:
                self.title_edit.setText(doc.title)
            if not self.description_edit.hasFocus():
                self.description_edit.set_text_keeping_cursor(doc.description)
            scale = doc.impact_scale
            self.scale_label.setText(f"Impacts are given from {scale.min:g} to {scale.max:g} {scale.unit}.")
            ids = [p.id for p in doc.perspectives]
            if ids != self._row_ids():
                self._rebuild_rows()
            total = sum(p.weight for p in doc.perspectives)
            for row, p in enumerate(doc.perspectives):
                self._fill_row(row, p, total)
            self.remove_button.setEnabled(bool(ids))
        finally:
            self._loading = False

    def _row_ids(self) -> list[str]:
        return [self.table.item(r, NAME).data(Qt.ItemDataRole.UserRole) for r in range(self.table.rowCount())]

    def _rebuild_rows(self) -> None:
        doc = self.session.document
        self.table.setRowCount(len(doc.perspectives))
        for row, p in enumerate(doc.perspectives):
            item = QTableWidgetItem(p.name)
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.table.setItem(row, NAME, item)
            button = QToolButton()
            button.setToolTip(f"Choose the colour of {p.name}")
            button.clicked.connect(lambda _=False, pid=p.id: self._on_color_clicked(pid))
            self.table.setCellWidget(row, COLOR, button)
            spin = QDoubleSpinBox()
            spin.setRange(0.0, 1000.0)
            spin.setDecimals(2)
            spin.setSingleStep(0.1)
            spin.setFrame(False)
            spin.valueChanged.connect(lambda v, pid=p.id: self._on_weight_changed(pid, v))
            self.table.setCellWidget(row, WEIGHT, spin)
            share = QTableWidgetItem()
            share.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable)
            share.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, SHARE, share)
        # As tall as its rows (at least three), so the buttons sit right under them.
        rows = max(3, self.table.rowCount())
        frame = 2 * self.table.frameWidth()
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height()
                                  + rows * self.table.verticalHeader().defaultSectionSize() + frame + 2)

    def _fill_row(self, row: int, p: Perspective, total: float) -> None:
        name = self.table.item(row, NAME)
        if name.text() != p.name:
            name.setText(p.name)
        button = self.table.cellWidget(row, COLOR)
        button.setIcon(swatch(p.color, 14))
        button.setText(p.color)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        spin = self.weight_spin(row)
        if abs(spin.value() - p.weight) > 1e-9:
            spin.blockSignals(True)
            spin.setValue(p.weight)
            spin.blockSignals(False)
        share = f"{100 * p.weight / total:.0f} %" if total > 0 else "—"
        item = self.table.item(row, SHARE)
        item.setText(share)
        whole = f"{total:g}" if total > 0 else "0"
        item.setToolTip(f"{p.name}'s weight {p.weight:g} is {share_text(p.weight / total) if total > 0 else 'no part'} "
                        f"of all the weights together ({whole}). Type a percentage to change it.")
        spin.setToolTip(f"How much {p.name}'s view counts: {p.weight:g}. Only its size next to the other "
                        f"weights matters; the Share column shows it as a part of the total.")

    def weight_spin(self, row: int) -> QDoubleSpinBox:
        """The weight editor of one perspective row."""
        return self.table.cellWidget(row, WEIGHT)

    # -- writing through the session ---------------------------------------------

    def _apply(self, edit: object, text: str, merge: bool = False) -> bool:
        refused = self.session.try_apply(edit, text, merge)
        if refused:
            self.message.setText(refused)
            self.message.show()
            self.refresh()
            return False
        self.message.hide()
        return True

    def _on_session_document_changed(self, _edit: object) -> None:
        self.refresh()

    def _on_title_finished(self) -> None:
        text = self.title_edit.text()
        if text != self.session.document.title:
            self._apply(E.SetMapField("title", text), "Edit map title")

    def _on_description_finished(self) -> None:
        text = self.description_edit.toPlainText()
        if text != self.session.document.description:
            self._apply(E.SetMapField("description", text), "Edit map description")

    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        if item.column() == SHARE:
            self._on_share_typed(item)
            return
        if item.column() != NAME:
            return
        pid = item.data(Qt.ItemDataRole.UserRole)
        name = item.text().strip()
        if not name:
            self.refresh()
            return
        if name != self.session.document.perspective(pid).name:
            self._apply(E.SetPerspective(pid, "name", name), f"Rename perspective to {name}")

    def _on_color_clicked(self, pid: str) -> None:
        current = self.session.document.perspective(pid).color
        color = choose_color(self, current)
        if color and color != current:
            self._apply(E.SetPerspective(pid, "color", color), "Change perspective colour")

    def _on_weight_changed(self, pid: str, value: float) -> None:
        if self._loading:
            return
        name = self.session.document.perspective(pid).name
        self._apply(E.SetPerspectiveWeight(pid, float(value)), f"Set weight of {name}", merge=True)

    def _on_share_typed(self, item: QTableWidgetItem) -> None:
        """A percentage typed in the Share column sets the weight that gives it (the others held)."""
        pid = self._row_ids()[item.row()]
        doc = self.session.document
        name = doc.perspective(pid).name
        text = item.text().replace("%", "").replace(",", ".").strip()
        try:
            share = float(text) / 100
        except ValueError:
            share = -1.0
        weight = weight_for_share(doc, pid, share) if 0.0 <= share <= 1.0 else None
        if weight is None or weight > self.weight_spin(item.row()).maximum():
            self.message.setText(f"Share of {name}: '{item.text()}' cannot be reached; "
                                 "type a percentage from 0 to below 100 (the other weights stay as they are).")
            self.message.show()
            self.refresh()
            return
        self._apply(E.SetPerspectiveWeight(pid, round(weight, 6)), f"Set weight of {name}")
        self.refresh()

    def add_perspective(self) -> None:
        """Add a perspective with a fresh id, name and colour."""
        doc = self.session.document
        taken = {p.id for p in doc.perspectives}
        n = len(doc.perspectives) + 1
        while f"p{n}" in taken:
            n += 1
        color = _PALETTE[len(doc.perspectives) % len(_PALETTE)]
        perspective = Perspective(id=f"p{n}", name=f"Perspective {n}", weight=1.0, color=color)
        if self._apply(E.AddPerspective(perspective), "Add perspective"):
            self.table.selectRow(self.table.rowCount() - 1)

    def remove_selected(self) -> None:
        """Remove the selected perspective (its impacts go with it; undo brings them back)."""
        row = self.table.currentRow()
        ids = self._row_ids()
        if not 0 <= row < len(ids):
            self.message.setText("Select a perspective to remove.")
            self.message.show()
            return
        name = self.session.document.perspective(ids[row]).name
        self._apply(E.RemovePerspective(ids[row]), f"Remove perspective {name}")

