"""Parameters in the editor: the Map tab's table of named numbers, and formula lines under number fields.

A parameter is a named number (a price, a chance) that inputs can be written in terms of. The
table edits each one's name, value, range and distribution, one undoable edit per change. A
number field whose input is given by a formula shows the formula under it and the value it
gives, read-only. Changing a formula or a parameter's value also writes the new values into the
fields that formulas give, in the same undo step, so cards and exports show them too; a change
that would leave a formula without a value (an unknown name, a division by zero, a value out of
range) is refused with the one-line reason and nothing is applied.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from argmap.errors import ArgmapError, RuleError
from argmap.gui.session import Session
from argmap.model import edits as E
from argmap.model.document import Distribution, Document, Parameter
from argmap.scoring.formulas import check_value, parameter_values, parse
from argmap.textsafe import qt_tooltip

__all__ = ["ParameterTable", "FormulaLine", "formula_change", "parameter_change", "formula_value",
           "distribution_text", "parse_distribution", "COLUMNS"]

NAME, VALUE, LOW, HIGH, KIND, NUMBERS = range(6)
COLUMNS = ("Name", "Value", "Min", "Max", "Distribution", "Its numbers")
_TIPS = (
    "The name formulas use for this number (letters, digits and _). Renaming it rewrites the formulas.",
    "The parameter's value now: every formula reading it is worked out with it.",
    "The lowest value it may take; the tornado swings it from here. Leave empty for no limit.",
    "The highest value it may take; the tornado swings it up to here. Leave empty for no limit.",
    "How unsure the value is, for the simulation: none, uniform, triangular, beta or normal.",
    ("The distribution's numbers: uniform 'low high'; triangular 'low mode high'; beta 'alpha beta' "
     "(and 'low high', 0..1 by default); normal 'mean sd' (and 'low high' to cut it)."),
)
_KINDS = ("", "uniform", "triangular", "beta", "normal")
_NUMBERS = {"uniform": ("low", "high"), "triangular": ("low", "mode", "high"),
            "beta": ("alpha", "beta", "low", "high"), "normal": ("mean", "sd", "low", "high")}
_NEEDED = {"uniform": 2, "triangular": 3, "beta": 2, "normal": 2}
_ERROR_STYLE = "color: #b00020;"


# -- pure helpers: the edits a change makes, checked before it is applied --------------------------


def _number_edit(node_id: str, field: str, value: float) -> Any:
    if field.startswith("impact."):
        return E.SetImpact(node_id, field[len("impact."):], value)
    return E.SetLikelihood(node_id, value) if field == "likelihood" else E.SetStrength(node_id, value)


def _number_of(doc: Document, node_id: str, field: str) -> float | None:
    node = doc.node(node_id)
    if field.startswith("impact."):
        return node.impact.get(field[len("impact."):])
    return getattr(node, field)


def formula_value(doc: Document, node_id: str, field: str, text: str,
                  overrides: dict[str, float] | None = None) -> float:
    """What a formula gives for this node's field now; FormulaError names the node, field and problem."""
    values = parameter_values(doc, overrides)
    f = parse(node_id, field, text, values)
    return check_value(f, float(f.evaluate(values)), doc)


def formula_change(doc: Document, node_id: str, field: str, text: str | None) -> Any:
    """The edit that sets (or, for None or blank, clears) a formula, with its value in the field."""
    text = (text or "").strip() or None
    if text is None:
        return E.SetFormula(node_id, field, None)
    value = formula_value(doc, node_id, field, text)
    edits: list[Any] = [E.SetFormula(node_id, field, text)]
    if _number_of(doc, node_id, field) != value:
        edits.append(_number_edit(node_id, field, value))
    return E.Batch(tuple(edits))


def parameter_change(doc: Document, edit: Any) -> Any:
    """`edit` (to a parameter), with the new values of the fields whose formulas read a changed value."""
    if not (isinstance(edit, E.SetParameter) and edit.field == "value"):
        return edit
    overrides = {edit.parameter: float(edit.value)}
    edits: list[Any] = [edit]
    for node in doc.nodes:
        for field, text in node.formulas.items():
            if edit.parameter in E.formula_names(text):
                value = formula_value(doc, node.id, field, text, overrides)
                if _number_of(doc, node.id, field) != value:
                    edits.append(_number_edit(node.id, field, value))
    return E.Batch(tuple(edits))


def distribution_text(d: Distribution | None) -> str:
    """A distribution's numbers as typed in the table ("0 0.3 1")."""
    if d is None:
        return ""
    names = _NUMBERS[d.kind]
    numbers = [getattr(d, n) for n in names]
    while numbers and numbers[-1] is None and len(numbers) > _NEEDED[d.kind]:
        numbers.pop()
    return " ".join("" if x is None else f"{x:g}" for x in numbers)


def parse_distribution(kind: str, text: str, pid: str) -> Distribution:
    """A distribution from its kind and typed numbers; RuleError says what was expected."""
    names = _NUMBERS[kind]
    parts = text.replace(",", " ").split()
    expect = " ".join(names[:_NEEDED[kind]]) + (" [" + " ".join(names[_NEEDED[kind]:]) + "]"
                                                  if len(names) > _NEEDED[kind] else "")
    try:
        numbers = [float(x) for x in parts]
    except ValueError:
        numbers = []
    if not _NEEDED[kind] <= len(numbers) <= len(names) or not all(map(math.isfinite, numbers)) \
            or len(numbers) == _NEEDED[kind] + 1:
        raise RuleError(f"Parameter '{pid}' {kind} distribution: '{text}' is not '{expect}'.")
    values = dict(zip(names, numbers))
    lo, hi = values.get("low"), values.get("high")
    if lo is not None and hi is not None and not lo < hi:
        raise RuleError(f"Parameter '{pid}' {kind} distribution: low {lo:g} is not below high {hi:g}.")
    if kind == "triangular" and not lo <= values["mode"] <= hi:  # type: ignore[operator]
        raise RuleError(f"Parameter '{pid}' triangular distribution: mode {values['mode']:g} is not "
                        f"between {lo:g} and {hi:g}.")
    for name in ("alpha", "beta", "sd"):
        if name in values and values[name] <= 0:
            raise RuleError(f"Parameter '{pid}' {kind} distribution: {name} {values[name]:g} is not above 0.")
    return Distribution(kind=kind, **values)


def _default_distribution(kind: str, p: Parameter) -> Distribution:
    """A first distribution of this kind around the parameter's value and over its range."""
    lo = p.min if p.min is not None else p.value - abs(p.value or 1) / 2
    hi = p.max if p.max is not None else p.value + abs(p.value or 1) / 2
    if kind == "uniform":
        return Distribution(kind=kind, low=lo, high=hi)
    if kind == "triangular":
        return Distribution(kind=kind, low=lo, mode=min(max(p.value, lo), hi), high=hi)
    if kind == "beta":
        return Distribution(kind=kind, alpha=2.0, beta=2.0, low=lo, high=hi)
    return Distribution(kind=kind, mean=p.value, sd=round((hi - lo) / 6, 6) or 1.0, low=p.min, high=p.max)


def _float_or_none(text: str) -> float | None:
    text = text.strip().replace(",", ".")
    if not text:
        return None
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


# -- the Map tab's table ---------------------------------------------------------------------------


class ParameterTable(QWidget):
    """The map's parameters: name, value, min, max and distribution, with Add and Remove."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._loading = False
        self.table = QTableWidget(0, len(COLUMNS))
        for col, (text, tip) in enumerate(zip(COLUMNS, _TIPS)):
            head = QTableWidgetItem(text)
            head.setToolTip(qt_tooltip(tip))
            self.table.setHorizontalHeaderItem(col, head)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NUMBERS, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton("Add parameter")
        self.remove_button = QPushButton("Remove")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(_ERROR_STYLE)
        self.message.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("<b>Parameters</b> — named numbers that formulas use")
        title.setToolTip(qt_tooltip("Type a formula such as '1 - p_win' under a number field of a node "
                                    "(the ƒ button) to give that input in terms of these."))
        layout.addWidget(title)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.add_button.clicked.connect(self.add_parameter)
        self.remove_button.clicked.connect(self.remove_selected)
        session.document_changed.connect(self._on_session_document_changed)
        session.document_replaced.connect(self.refresh)
        self.refresh()

    # -- reading the document ----------------------------------------------------

    def refresh(self) -> None:
        """Show the document's parameters; rows are rebuilt only when parameters come, go or move."""
        doc = self.session.document
        self._loading = True
        try:
            ids = [p.id for p in doc.parameters]
            if ids != self.row_ids():
                self._rebuild_rows(len(ids))
            for row, p in enumerate(doc.parameters):
                self._fill_row(row, p)
            self.remove_button.setEnabled(bool(ids))
        finally:
            self._loading = False

    def row_ids(self) -> list[str]:
        """The parameter ids the rows show, in order."""
        return [self.table.item(r, NAME).data(Qt.ItemDataRole.UserRole) for r in range(self.table.rowCount())
                if self.table.item(r, NAME) is not None]

    def _rebuild_rows(self, count: int) -> None:
        self.table.setRowCount(count)
        for row in range(count):
            for col in (NAME, VALUE, LOW, HIGH, NUMBERS):
                item = QTableWidgetItem()
                if col != NAME and col != NUMBERS:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(qt_tooltip(_TIPS[col]))
                self.table.setItem(row, col, item)
            combo = QComboBox()
            for kind in _KINDS:
                combo.addItem(kind or "none", kind)
            combo.setToolTip(qt_tooltip(_TIPS[KIND]))
            combo.activated.connect(lambda _i, row=row: self._on_kind_chosen(row))
            self.table.setCellWidget(row, KIND, combo)
        rows = max(2, count)
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height()
                                  + rows * self.table.verticalHeader().defaultSectionSize()
                                  + 2 * self.table.frameWidth() + 2)

    def _fill_row(self, row: int, p: Parameter) -> None:
        texts = {NAME: p.id, VALUE: f"{p.value:g}", LOW: "" if p.min is None else f"{p.min:g}",
                 HIGH: "" if p.max is None else f"{p.max:g}", NUMBERS: distribution_text(p.distribution)}
        for col, text in texts.items():
            item = self.table.item(row, col)
            if item.text() != text:
                item.setText(text)
        name = self.table.item(row, NAME)
        name.setData(Qt.ItemDataRole.UserRole, p.id)
        name.setToolTip(qt_tooltip(f"{p.note}\n{_TIPS[NAME]}" if p.note else _TIPS[NAME]))
        combo = self.kind_combo(row)
        index = combo.findData(p.distribution.kind if p.distribution is not None else "")
        if combo.currentIndex() != index:
            combo.setCurrentIndex(index)
        numbers = self.table.item(row, NUMBERS)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        numbers.setFlags(flags | Qt.ItemFlag.ItemIsEditable if p.distribution is not None else flags)

    def kind_combo(self, row: int) -> QComboBox:
        """The distribution-kind chooser of one row."""
        return self.table.cellWidget(row, KIND)

    # -- writing through the session ---------------------------------------------

    def _apply(self, edit: Any, text: str) -> bool:
        try:
            edit = parameter_change(self.session.document, edit)
        except ArgmapError as err:
            refused = err.message
        else:
            refused = self.session.try_apply(edit, text)
        if refused:
            self.message.setText(refused)
            self.message.show()
            self.refresh()
            return False
        self.message.hide()
        return True

    def _on_session_document_changed(self, _edit: object) -> None:
        self.refresh()

    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading or item.column() == KIND:
            return
        ids = self.row_ids()
        if not 0 <= item.row() < len(ids):
            return
        pid = ids[item.row()]
        text = item.text().strip()
        col = item.column()
        if col == NAME:
            if text != pid:
                self._apply(E.SetParameter(pid, "id", text), f"Rename parameter {pid} to {text}")
            return
        if col == NUMBERS:
            self._set_numbers(pid, text)
            return
        field = {VALUE: "value", LOW: "min", HIGH: "max"}[col]
        try:
            value = _float_or_none(text)
        except ValueError:
            value = math.nan
        if (value is None and field == "value") or (value is not None and not math.isfinite(value)):
            self.message.setText(f"Parameter '{pid}' {field}: '{text}' is not a number.")
            self.message.show()
            self.refresh()
            return
        self._apply(E.SetParameter(pid, field, value), f"Set {field} of parameter {pid}")

    def _set_numbers(self, pid: str, text: str) -> None:
        p = next(q for q in self.session.document.parameters if q.id == pid)
        if p.distribution is None:
            return
        try:
            d = parse_distribution(p.distribution.kind, text, pid)
        except RuleError as err:
            self.message.setText(err.message)
            self.message.show()
            self.refresh()
            return
        if d != p.distribution:
            self._apply(E.SetParameter(pid, "distribution", d), f"Set distribution of parameter {pid}")

    def _on_kind_chosen(self, row: int) -> None:
        ids = self.row_ids()
        if self._loading or not 0 <= row < len(ids):
            return
        kind = self.kind_combo(row).currentData()
        p = next(q for q in self.session.document.parameters if q.id == ids[row])
        if (p.distribution.kind if p.distribution is not None else "") == kind:
            return
        d = _default_distribution(kind, p) if kind else None
        self._apply(E.SetParameter(p.id, "distribution", d), f"Set distribution of parameter {p.id}")

    def add_parameter(self) -> None:
        """Add a parameter with a fresh name, value 0.5 and range 0..1."""
        taken = {p.id for p in self.session.document.parameters}
        n = len(taken) + 1
        while f"x{n}" in taken:
            n += 1
        if self._apply(E.AddParameter(Parameter(id=f"x{n}", value=0.5, min=0.0, max=1.0)), "Add parameter"):
            self.table.selectRow(self.table.rowCount() - 1)

    def remove_selected(self) -> None:
        """Remove the selected parameter (refused, with the reason, while a formula reads it)."""
        row = self.table.currentRow()
        ids = self.row_ids()
        if not 0 <= row < len(ids):
            self.message.setText("Select a parameter to remove.")
            self.message.show()
            return
        self._apply(E.RemoveParameter(ids[row]), f"Remove parameter {ids[row]}")


# -- a formula under a number field ------------------------------------------------------------------


class FormulaLine(QWidget):
    """A formula under a number field: the ƒ toggle beside the field, the formula and its error under it.

    `button` goes beside the field's editor; the line itself is a row under it, shown while the
    toggle is on (always while the node has a formula for the field).
    """

    #: The user finished typing a formula: the text (blank clears the formula).
    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.button = QToolButton()
        self.button.setText("ƒ")
        self.button.setCheckable(True)
        self.button.setToolTip(qt_tooltip("Give this number as a formula over the map's parameters "
                                          "(Map tab), such as 1 - p_win or -price * 2."))
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("formula, e.g. 1 - p_win")
        self.edit.setToolTip(qt_tooltip("A formula of numbers, parameter names, + - * / ** and parentheses. "
                                        "Press Enter to use it; clear it to type the number again."))
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(_ERROR_STYLE)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.error)
        self.formula: str | None = None
        self.owner: str | None = None
        self.button.toggled.connect(self._on_button_toggled)
        self.edit.editingFinished.connect(self._on_edit_finished)

    def show_formula(self, formula: str | None, owner: str | None = None) -> None:
        """Show the document's formula for the field of node `owner` (None: none), keeping a line being typed in.

        Another node than the last one's starts afresh: its toggle follows its own formula.
        """
        changed = formula != self.formula or owner != self.owner
        self.formula, self.owner = formula, owner
        if formula is not None or changed:
            self.button.blockSignals(True)
            self.button.setChecked(formula is not None)
            self.button.blockSignals(False)
        if (not self.edit.hasFocus() or changed) and self.edit.text() != (formula or ""):
            self.edit.setText(formula or "")
        if changed:
            self.show_error("")

    def is_open(self) -> bool:
        """Whether the line is wanted under the field (a formula, or the toggle on)."""
        return self.button.isChecked()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def _on_button_toggled(self, checked: bool) -> None:
        self.setVisible(checked)
        if checked:
            self.edit.setFocus()
        elif self.formula is not None:
            self.submitted.emit("")  # the toggle off clears the formula; the number stays
        else:
            self.show_error("")

    def _on_edit_finished(self) -> None:
        text = self.edit.text().strip()
        if text != (self.formula or "") and (text or self.formula is not None):
            self.submitted.emit(text)
