"""The inspector: edits the current node's fields and, on its second tab, the map's."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QStylePainter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from argmap.errors import ArgmapError
from argmap.gui.guide import TIPS, impact_tip, set_anchor
from argmap.gui.parameters import FormulaLine, formula_change, formula_value
from argmap.gui.perspectives import MapSection, TextBox
from argmap.gui.session import Session
from argmap.model import Kind, Node
from argmap.model import edits as E
from argmap.model.markers import marker_help, marker_label, markers
from argmap.model.rules import WEIGHTS
from argmap.textsafe import qt_rich, qt_tooltip

__all__ = ["InspectorPanel", "WeightEditor"]

_ERROR_STYLE = "color: #b00020;"


class _WeightSlider(QSlider):
    """A horizontal slider that, while its value is unweighed, draws only an empty groove.

    A handle would sit at some default and read as a value; an empty groove reads as
    "nothing set here", and a press on it sets the value under the pointer.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.is_empty = True

    def set_empty(self, empty: bool) -> None:
        if empty != self.is_empty:
            self.is_empty = empty
            self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if not self.is_empty:
            super().paintEvent(event)
            return
        painter = QStylePainter(self)
        opt = QStyleOptionSlider()
        self.initStyleOption(opt)
        opt.subControls = QStyle.SubControl.SC_SliderGroove
        opt.sliderPosition = opt.sliderValue = opt.minimum  # no filled part
        opt.state = opt.state & ~QStyle.StateFlag.State_Enabled & ~QStyle.StateFlag.State_HasFocus
        painter.drawComplexControl(QStyle.ComplexControl.CC_Slider, opt)


class WeightEditor(QWidget):
    """A number that may be unset: a 'weighed' check box, a spin box and a slider.

    Unchecking the box means "not weighed" (None), which is not the same as 0. While a
    value is unweighed its slider shows an empty groove but stays live: clicking or dragging
    it weighs the value there, ticking the box, in one undo step (one `edited` run).
    """

    #: The user changed the value: a float, or None for "not weighed".
    edited = Signal(object)
    #: A drag of the slider ended: the next change starts a new undo step.
    finished = Signal()

    def __init__(self, lo: float, hi: float, default: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.default = default
        self.check = QCheckBox()
        self.check.setToolTip("Weighed; clear it to leave this unweighed (not the same as 0)")
        self.spin = QDoubleSpinBox()
        self.spin.setKeyboardTracking(True)
        self.spin.setMinimumWidth(80)
        self.slider = _WeightSlider()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.spin)
        layout.addWidget(self.slider, 1)
        self.set_range(lo, hi)
        self._value: float | None = None
        self._show(None)
        self.check.toggled.connect(self._on_check_toggled)
        self.spin.valueChanged.connect(self._on_spin_changed)
        self.slider.valueChanged.connect(self._on_slider_changed)
        self.slider.sliderReleased.connect(self.finished)
        # The mouse wheel scrolls the pane unless the box was clicked first; Undo and Redo reach
        # the map's history, not the spin box's own text.
        for w in (self.spin, self.slider):
            w.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            w.installEventFilter(self)
        self.spin.lineEdit().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if kind == QEvent.Type.Wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            area = self.parentWidget()
            while area is not None and not isinstance(area, QAbstractScrollArea):
                area = area.parentWidget()
            if area is not None:
                QApplication.sendEvent(area.verticalScrollBar(), event)
            return True  # never a changed value from a scroll over the pane
        if kind == QEvent.Type.ShortcutOverride and (event.matches(QKeySequence.StandardKey.Undo)
                                                     or event.matches(QKeySequence.StandardKey.Redo)):
            event.ignore()  # not the spin box's: the window's Undo/Redo act on the map
            return True
        if (kind == QEvent.Type.MouseButtonPress and watched is self.slider and self._value is None
                and self.slider.isEnabled() and isinstance(event, QMouseEvent)
                and event.button() == Qt.MouseButton.LeftButton):
            # An unweighed slider has no handle to grab: a press weighs the value under the
            # pointer, which moves the handle there, so the slider's own press starts a drag from it.
            tick = self._tick_at(event.position().toPoint())
            if tick == self.slider.value():
                self._on_slider_changed(tick)
            else:
                self.slider.setValue(tick)
        return super().eventFilter(watched, event)

    def _tick_at(self, pos: QPoint) -> int:
        """The slider tick under a point of the slider."""
        opt = QStyleOptionSlider()
        self.slider.initStyleOption(opt)
        style, cc, sc = self.slider.style(), QStyle.ComplexControl.CC_Slider, QStyle.SubControl
        groove = style.subControlRect(cc, opt, sc.SC_SliderGroove, self.slider)
        handle = style.subControlRect(cc, opt, sc.SC_SliderHandle, self.slider)
        span = max(groove.width() - handle.width(), 1)
        x = pos.x() - groove.x() - handle.width() // 2
        return QStyle.sliderValueFromPosition(self.slider.minimum(), self.slider.maximum(), x, span,
                                              opt.upsideDown)

    def set_help(self, field: str, tip: str) -> None:
        """Tooltips: `tip` on the editor, and one sentence each on its box, number and slider."""
        lo, hi = (f"{v:g}".replace("-", "−") for v in (self._lo, self._hi))
        self.setToolTip(qt_tooltip(tip))
        self.check.setToolTip(qt_tooltip(TIPS["check"].format(field=field)))
        self.spin.setToolTip(qt_tooltip(TIPS["spin"].format(field=field, lo=lo, hi=hi)))
        self.slider.setToolTip(qt_tooltip(TIPS["slider"].format(field=field)))

    def set_range(self, lo: float, hi: float) -> None:
        """Set the allowed range; decimals and slider resolution follow its span."""
        span = max(hi - lo, 1e-9)
        decimals = 2 if span <= 2 else 1 if span <= 200 else 0
        self._lo, self._hi = lo, hi
        self._ticks = int(min(1000, max(1, round(span * 10**decimals))))
        for w in (self.spin, self.slider):
            w.blockSignals(True)
        self.spin.setDecimals(decimals)
        self.spin.setRange(lo, hi)
        self.spin.setSingleStep(0.05 if span <= 2 else 0.5 if span <= 200 else round(span / 100))
        self.slider.setRange(0, self._ticks)
        for w in (self.spin, self.slider):
            w.blockSignals(False)

    def value(self) -> float | None:
        return self._value

    def set_value(self, value: float | None) -> None:
        """Show a value from the document without emitting `edited`."""
        if value == self._value and self.check.isChecked() == (value is not None):
            return
        self._value = value
        self._show(value)

    def _show(self, value: float | None) -> None:
        for w in (self.check, self.spin, self.slider):
            w.blockSignals(True)
        weighed = value is not None
        self.check.setChecked(weighed)
        self.spin.setEnabled(weighed)
        self.spin.setSpecialValueText("" if weighed else "not weighed")
        self.spin.setValue(value if weighed else self.spin.minimum())
        self.slider.setValue(self._to_tick(value if weighed else self.default))
        for w in (self.check, self.spin, self.slider):
            w.blockSignals(False)
        self.slider.set_empty(not weighed)

    def _to_tick(self, value: float) -> int:
        return round((value - self._lo) / (self._hi - self._lo) * self._ticks) if self._hi > self._lo else 0

    def _from_tick(self, tick: int) -> float:
        return round(self._lo + (self._hi - self._lo) * tick / self._ticks, self.spin.decimals())

    def _on_check_toggled(self, checked: bool) -> None:
        self._value = self.default if checked else None
        self._show(self._value)
        self.edited.emit(self._value)

    def _on_spin_changed(self, value: float) -> None:
        # Only the slider follows: re-setting the spin box would move the cursor while typing.
        self._value = float(value)
        self.slider.blockSignals(True)
        self.slider.setValue(self._to_tick(self._value))
        self.slider.blockSignals(False)
        self.edited.emit(self._value)

    def _on_slider_changed(self, tick: int) -> None:
        was_weighed = self._value is not None
        self._value = self._from_tick(tick)
        if was_weighed:
            self.spin.blockSignals(True)
            self.spin.setValue(self._value)
            self.spin.blockSignals(False)
        else:  # moving an unweighed slider weighs it: the box ticks with the same edit
            self._show(self._value)
        self.edited.emit(self._value)


class InspectorPanel(QWidget):
    """Shows and edits the session's current node; the Map tab edits the map itself.

    Every change goes through `session.apply`. Continuous changes to one field
    of one node (typing, dragging) are applied with merge=True, so consecutive
    ones become one undo step; a change to anything else starts a new step.
    """

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.node_id: str | None = None
        self._applying = False
        self._build()
        for editor in (self.likelihood, self.strength):
            editor.finished.connect(session.seal)
        # Typing in one field, then another (or the same one again later), makes separate undo steps.
        QApplication.instance().focusChanged.connect(self._on_app_focus_changed)
        session.selection_changed.connect(self._on_session_selection_changed)
        session.document_changed.connect(self._on_session_document_changed)
        session.document_replaced.connect(self._on_session_document_replaced)
        self._on_session_selection_changed(session.selection)

    def _on_app_focus_changed(self, old: QWidget | None, _new: QWidget | None) -> None:
        if old is not None and self.isAncestorOf(old):
            self.session.seal()

    # -- building ------------------------------------------------------------------

    def _build(self) -> None:
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(_ERROR_STYLE)
        self.kind_combo = QComboBox()
        for kind in Kind:
            self.kind_combo.addItem(kind.value.capitalize(), kind.value)
        self.kind_error = QLabel()
        self.kind_error.setWordWrap(True)
        self.kind_error.setStyleSheet(_ERROR_STYLE)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("Short title (optional)")
        self.text_edit = TextBox("What the node claims", lines=4)
        self.likelihood = WeightEditor(0.0, 1.0, 0.5)
        self.rest_check = QCheckBox("The rest: 1 − the other outcomes of the fork")
        self.impact_box = QWidget()
        self.impact_form = QFormLayout(self.impact_box)
        self.impact_form.setContentsMargins(0, 0, 0, 0)
        # In a narrow pane a long party name goes above its field rather than pushing the field out of view.
        self.impact_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.impact_editors: dict[str, WeightEditor] = {}
        self.strength = WeightEditor(0.0, 1.0, 0.5)
        # Each number field may be given by a formula: the ƒ toggle beside it, the formula under it.
        self.formula_lines: dict[str, FormulaLine] = {}
        for field, editor in (("likelihood", self.likelihood), ("strength", self.strength)):
            self._add_formula_line(field, editor)
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText("Comma-separated tags")
        self.note_edit = TextBox("Notes for yourself", lines=2)
        self.citations = QListWidget()
        self.citations.setWordWrap(True)
        self.citations.setAlternatingRowColors(True)
        self.citations.setMinimumHeight(80)
        self.citations.setMaximumHeight(140)
        self.remove_citation_button = QPushButton("Remove citation")
        self.placeholder = QLabel("Select a node to edit it, or open the Map tab.")
        self.placeholder.setWordWrap(True)

        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # labels above fields when narrow
        self.form.addRow(self.header)
        self.form.addRow("Kind", self.kind_combo)
        self.form.addRow(self.kind_error)
        self.form.addRow("Title", self.title_edit)
        self.form.addRow("Text", self.text_edit)
        self.form.addRow("Likelihood", self.likelihood)
        self.form.addRow("", self.formula_lines["likelihood"])
        self.form.addRow("", self.rest_check)
        self.form.addRow("Impact", self.impact_box)
        # A map without perspectives has no impact fields: say why, and offer to add one.
        self.no_parties = QWidget()
        row = QHBoxLayout(self.no_parties)
        row.setContentsMargins(0, 0, 0, 0)
        self.no_parties_label = QLabel("No perspectives yet: add the parties whose interests count to weigh impacts.")
        self.no_parties_label.setWordWrap(True)
        self.add_party_button = QPushButton("Add a perspective")
        self.add_party_button.clicked.connect(self._add_first_perspective)
        row.addWidget(self.no_parties_label, 1)
        row.addWidget(self.add_party_button)
        self.form.addRow("Impact", self.no_parties)
        self.form.addRow("Strength", self.strength)
        self.form.addRow("", self.formula_lines["strength"])
        self.form.addRow("Tags", self.tags_edit)
        self.form.addRow("Note", self.note_edit)
        self.form.addRow("Citations", self.citations)
        self.form.addRow("", self.remove_citation_button)
        self.form.addRow(self.message)

        self.node_page = QWidget()
        page = QVBoxLayout(self.node_page)
        page.addWidget(self.placeholder)
        page.addLayout(self.form)
        page.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.node_page)
        self.map_section = MapSection(self.session)
        self.tabs = QTabWidget()
        self.tabs.addTab(scroll, "Node")
        map_scroll = QScrollArea()
        map_scroll.setWidgetResizable(True)
        map_scroll.setWidget(self.map_section)
        self.tabs.addTab(map_scroll, "Map")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        self._explain()

        self.kind_combo.activated.connect(self._on_kind_activated)
        self.title_edit.textEdited.connect(self._on_title_edited)
        self.text_edit.textChanged.connect(self._on_text_changed)
        self.note_edit.textChanged.connect(self._on_note_changed)
        self.tags_edit.editingFinished.connect(self._on_tags_finished)
        self.likelihood.edited.connect(self._on_likelihood_edited)
        self.strength.edited.connect(self._on_strength_edited)
        self.rest_check.toggled.connect(self._on_rest_toggled)
        self.remove_citation_button.clicked.connect(self.remove_current_citation)

    def _explain(self) -> None:
        """A one-sentence tooltip on every field and label, and the Guide's section for F1 over each."""
        for widget, key in ((self.kind_combo, "kind"), (self.title_edit, "title"), (self.text_edit, "text"),
                            (self.likelihood, "likelihood"), (self.impact_box, "impact"), (self.strength, "strength"),
                            (self.tags_edit, "tags"), (self.note_edit, "note"), (self.citations, "citations")):
            widget.setToolTip(qt_tooltip(TIPS[key]))
            label = self.form.labelForField(widget)
            if label is not None:
                label.setToolTip(qt_tooltip(TIPS[key]))
        self.header.setToolTip(qt_tooltip(TIPS["header"]))
        self.likelihood.set_help("likelihood", TIPS["likelihood"])
        self.strength.set_help("strength", TIPS["strength"])
        for widget, key in ((self.rest_check, "rest"), (self.remove_citation_button, "remove-citation"),
                            (self.no_parties_label, "no-parties"), (self.add_party_button, "add-party"),
                            (self.form.labelForField(self.no_parties), "no-parties")):
            widget.setToolTip(qt_tooltip(TIPS[key]))
        self.tabs.setTabToolTip(0, TIPS["node-tab"])
        self.tabs.setTabToolTip(1, TIPS["map-tab"])
        set_anchor(self, "kinds")
        set_anchor(self.map_section, "perspectives")
        for widget, anchor in ((self.likelihood, "likelihood"), (self.rest_check, "kinds"),
                               (self.impact_box, "impact"), (self.no_parties, "perspectives"),
                               (self.strength, "strength"), (self.likelihood.check, "unweighed"),
                               (self.strength.check, "unweighed"), (self.citations, "markers")):
            set_anchor(widget, anchor)

    def _set_row_visible(self, widget: QWidget, visible: bool) -> None:
        self.form.setRowVisible(widget, visible)

    # -- reading the document ----------------------------------------------------------

    @property
    def node(self) -> Node | None:
        doc = self.session.document
        return doc.node(self.node_id) if self.node_id and doc.has_node(self.node_id) else None

    def _on_session_selection_changed(self, ids: list) -> None:
        current = ids[0] if ids else None
        if current != self.node_id:
            self.kind_error.clear()
            self.message.clear()
            self.node_id = current
            self.tabs.setCurrentIndex(0 if current else 1)
        self.refresh()

    def _on_session_document_changed(self, _edit: Any) -> None:
        self.refresh()

    def _on_session_document_replaced(self) -> None:
        self.node_id = None
        self.kind_error.clear()
        self.message.clear()
        self.tabs.setCurrentIndex(1)
        self.refresh()

    def refresh(self) -> None:
        """Show the current node; fields that already match are left alone (keeps the cursor)."""
        node = self.node
        has_node = node is not None
        self.placeholder.setVisible(not has_node)
        for row in range(self.form.rowCount()):
            self.form.setRowVisible(row, has_node)
        if node is None:
            return
        self._applying = True
        try:
            self._fill(node)
        finally:
            self._applying = False

    def _fill(self, node: Node) -> None:
        doc = self.session.document
        parent = doc.parent(node.id)
        marks = markers(node)
        flags = "".join(f" · <span style='color:#9a5b00'><b>{marker_label(m)}</b></span>" for m in marks)
        self.header.setText(f"<b>{node.kind.value.capitalize()}</b>{flags} <span style='color:gray'>{qt_rich(node.id)}</span>")
        tips = [TIPS["header"]] + [f"{marker_label(m)}: {marker_help(m)}" for m in marks]
        self.header.setToolTip(qt_tooltip("\n".join(tips)))
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(node.kind.value))
        self._set_row_visible(self.kind_error, bool(self.kind_error.text()))
        self._set_row_visible(self.message, bool(self.message.text()))
        if self.title_edit.text() != (node.title or ""):
            self.title_edit.setText(node.title or "")
        self.text_edit.set_text_keeping_cursor(node.text)
        self.note_edit.set_text_keeping_cursor(node.note)
        if not self.tags_edit.hasFocus():
            self.tags_edit.setText(", ".join(node.tags))

        is_outcome = node.kind is Kind.CONSEQUENCE and parent is not None and parent.kind is Kind.SCENARIO
        likely = TIPS["outcome" if is_outcome else "likelihood"]
        if self.likelihood.toolTip() != qt_tooltip(likely):
            self.likelihood.set_help("likelihood", likely)
            self.form.labelForField(self.likelihood).setToolTip(qt_tooltip(likely))
        own = qt_tooltip(TIPS["option-impact" if node.kind is Kind.OPTION else "impact"])
        self.impact_box.setToolTip(own)
        self.form.labelForField(self.impact_box).setToolTip(own)
        self._set_row_visible(self.likelihood, node.kind in WEIGHTS["likelihood"])
        self._set_row_visible(self.rest_check, is_outcome)
        self.rest_check.blockSignals(True)
        self.rest_check.setChecked(node.remainder)
        self.rest_check.blockSignals(False)
        if node.remainder:
            self.likelihood.set_value(None)
            self.likelihood.setEnabled(False)
            rest = _rest_value(doc, node)
            shown = "not known until they are all weighed" if rest is None else f"{rest:.2f}"
            self.rest_check.setText(f"The rest: 1 − the other outcomes = {shown}")
        else:
            self.likelihood.setEnabled(True)
            self.likelihood.set_value(node.likelihood)
            self.rest_check.setText("The rest: 1 − the other outcomes of the fork")

        self._set_row_visible(self.impact_box, node.kind in WEIGHTS["impact"] and bool(doc.perspectives))
        self._set_row_visible(self.no_parties, node.kind in WEIGHTS["impact"] and not doc.perspectives)
        self._fill_impacts(node)
        self._set_row_visible(self.strength, node.kind in WEIGHTS["strength"])
        self.strength.set_value(node.strength)
        self._fill_formula(node, "likelihood", self.likelihood, node.kind in WEIGHTS["likelihood"] and not node.remainder)
        self._fill_formula(node, "strength", self.strength, node.kind in WEIGHTS["strength"])
        self._fill_citations(node)

    def _add_first_perspective(self) -> None:
        """Add a perspective from the Node tab; the Map tab opens on it to name it."""
        self.map_section.add_perspective()
        self.tabs.setCurrentIndex(1)

    def _fill_impacts(self, node: Node) -> None:
        doc = self.session.document
        scale = doc.impact_scale
        wanted = [(p.id, p.name, p.color) for p in doc.perspectives]
        if wanted != getattr(self, "_impact_rows", None):
            while self.impact_form.rowCount():
                self.impact_form.removeRow(0)
            self.impact_editors = {}
            self._impact_labels: dict[str, QLabel] = {}
            for key in [k for k in self.formula_lines if k.startswith("impact.")]:
                del self.formula_lines[key]
            for pid, name, color in wanted:
                editor = WeightEditor(scale.min, scale.max, 0.0)
                editor.edited.connect(lambda v, pid=pid: self._on_impact_edited(pid, v))
                editor.finished.connect(self.session.seal)
                set_anchor(editor.check, "unweighed")
                label = QLabel(f"<span style='color:{color}'>●</span> {html.escape(name)}")
                self.impact_form.addRow(label, editor)
                self.impact_form.addRow("", self._add_formula_line(f"impact.{pid}", editor))
                self.impact_editors[pid] = editor
                self._impact_labels[pid] = label
            self._impact_rows = wanted
        names = dict((pid, name) for pid, name, _ in wanted)
        is_option = node.kind is Kind.OPTION
        for pid, editor in self.impact_editors.items():
            editor.set_range(scale.min, scale.max)
            tip = impact_tip(names[pid], scale.min, scale.max, scale.unit, is_option)
            if editor.toolTip() != qt_tooltip(tip):
                editor.set_help(f"impact for {names[pid]}", tip)
                self._impact_labels[pid].setToolTip(qt_tooltip(tip))
            editor.set_value(node.impact.get(pid))
            self._fill_formula(node, f"impact.{pid}", editor, True, self.impact_form)

    # -- formulas under number fields ---------------------------------------------------

    def _add_formula_line(self, field: str, editor: WeightEditor) -> FormulaLine:
        line = FormulaLine()
        editor.layout().addWidget(line.button)
        line.submitted.connect(lambda text, field=field: self._on_formula_submitted(field, text))
        line.button.toggled.connect(lambda _on, field=field: self._on_formula_toggled(field))
        self.formula_lines[field] = line
        return line

    def _fill_formula(self, node: Node, field: str, editor: WeightEditor, has_field: bool,
                      form: QFormLayout | None = None) -> None:
        """Show a field's formula under it; while there is one, the number is the formula's value, read-only."""
        line = self.formula_lines[field]
        formula = node.formulas.get(field) if has_field else None
        line.show_formula(formula, node.id)
        line.button.setVisible(has_field)
        (form or self.form).setRowVisible(line, has_field and line.is_open())
        if formula is not None:
            try:
                editor.set_value(formula_value(self.session.document, node.id, field, formula))
            except ArgmapError as err:
                line.show_error(err.message)
            else:
                if line.edit.text().strip() == formula:
                    line.show_error("")
        locked = formula is not None
        editor.check.setEnabled(not locked)
        editor.slider.setEnabled(not locked)
        editor.spin.setEnabled(not locked and editor.value() is not None)

    def _on_formula_toggled(self, field: str) -> None:
        if not self._applying:
            self.refresh()

    def _on_formula_submitted(self, field: str, text: str) -> None:
        node = self.node
        if node is None:
            return
        line = self.formula_lines[field]
        try:
            edit = formula_change(self.session.document, node.id, field, text)
        except ArgmapError as err:
            line.show_error(err.message)
            return
        name = field.replace("impact.", "impact for ")
        if self._apply(edit, f"Set formula of {name}" if text.strip() else f"Clear formula of {name}"):
            line.show_error("")

    def _fill_citations(self, node: Node) -> None:
        doc = self.session.document
        self.citations.clear()
        titles = {s.id: s.title or s.id for s in doc.sources}
        for cit in node.citations:
            source = titles.get(cit.source, f"{cit.source} (missing source)")
            at = f"{cit.start}–{cit.end}" if cit.start is not None and cit.end is not None else "place unknown"
            where = f"{source}, {at}" if len(titles) > 1 else at
            item = QListWidgetItem(f"“{' '.join(cit.quote.split())}”  ({where})")
            item.setToolTip(qt_tooltip(f"{source}\n{cit.quote}"))
            self.citations.addItem(item)
        self.remove_citation_button.setEnabled(bool(node.citations))

    # -- writing through the session ---------------------------------------------------

    def _apply(self, edit: Any, text: str, merge: bool = False) -> bool:
        """Apply an edit; merge=True for continuous changes (typing, drags) of one field."""
        self._applying = True
        try:
            refused = self.session.try_apply(edit, text, merge)
        finally:
            self._applying = False
        if refused:
            self.message.setText(refused)
            self.refresh()
            return False
        if self.message.text():
            self.message.clear()
            self._set_row_visible(self.message, False)
        return True

    def _on_kind_activated(self, index: int) -> None:
        node = self.node
        kind = Kind(self.kind_combo.itemData(index))
        if node is None or kind == node.kind:
            return
        try:
            self.session.apply(E.SetKind(node.id, kind), f"Change kind to {kind.value}")
        except ArgmapError as err:
            self.kind_error.setText(err.message)
        else:
            self.kind_error.clear()
        self.refresh()

    def _on_title_edited(self, text: str) -> None:
        if self.node is not None:
            self._apply(E.SetTitle(self.node_id, text or None), "Edit title", merge=True)

    def _on_text_changed(self) -> None:
        node = self.node
        if node is not None and not self._applying and self.text_edit.toPlainText() != node.text:
            self._apply(E.SetText(node.id, self.text_edit.toPlainText()), "Edit text", merge=True)

    def _on_note_changed(self) -> None:
        node = self.node
        if node is not None and not self._applying and self.note_edit.toPlainText() != node.note:
            self._apply(E.SetNote(node.id, self.note_edit.toPlainText()), "Edit note", merge=True)

    def _on_tags_finished(self) -> None:
        node = self.node
        if node is None:
            return
        tags = list(dict.fromkeys(t.strip() for t in self.tags_edit.text().split(",") if t.strip()))
        if tags != node.tags:
            self._apply(E.SetTags(node.id, tags), "Edit tags")

    def _on_likelihood_edited(self, value: float | None) -> None:
        if self.node is not None:
            self._apply(E.SetLikelihood(self.node_id, value), "Set likelihood", merge=True)

    def _on_strength_edited(self, value: float | None) -> None:
        if self.node is not None:
            self._apply(E.SetStrength(self.node_id, value), "Set strength", merge=True)

    def _on_impact_edited(self, pid: str, value: float | None) -> None:
        if self.node is not None:
            name = self.session.document.perspective(pid).name
            self._apply(E.SetImpact(self.node_id, pid, value), f"Set impact for {name}", merge=True)

    def _on_rest_toggled(self, checked: bool) -> None:
        node = self.node
        if node is None:
            return
        if checked:
            edit = E.Batch((E.SetLikelihood(node.id, None), E.SetRemainder(node.id, True)))
            self._apply(edit, "Mark as the rest")
        else:
            self._apply(E.SetRemainder(node.id, False), "Unmark the rest")

    def remove_current_citation(self) -> None:
        """Remove the citation selected in the list (the first when none is selected)."""
        node = self.node
        if node is None or not node.citations:
            return
        row = self.citations.currentRow()
        self._apply(E.RemoveCitation(node.id, max(row, 0)), "Remove citation")


def _rest_value(doc, node: Node) -> float | None:
    """What 'the rest' takes: 1 minus its fork's other outcomes (None while one is unweighed)."""
    others = [s.likelihood for s in doc.children(node.parent) if s.id != node.id and s.kind is Kind.CONSEQUENCE]
    if any(v is None for v in others):
        return None
    return max(0.0, 1.0 - sum(others))
