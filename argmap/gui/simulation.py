"""The Simulation tab: draw every uncertain input many times, score each sample, and tabulate.

Inputs: the number of samples, the seed, and a spread (every likelihood and strength without
a distribution of its own is drawn from value ± spread as well; 0 leaves them fixed). When the
map holds students' weighings, "Draw from" can take the samples from the class instead: each
sample one student's whole weighing, or, with "Mix students", every input from its own student
(see `argmap.scoring.simulate`); without any, the choice is disabled and its tooltip says why. Run
copies the document (as JSON) and runs `argmap.scoring.simulate` in a worker thread, so the
window stays responsive; a result for a document that has changed since is shown as stale.
The table gives each option's chance of coming out best (P(best)), and the mean, 5th and
95th percentiles of its standing; the drivers list names the inputs that go most with the
leader changing.

Mount it as a tab of the weighing pane with `mount(weighing_pane, session)`.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QFrame,
                               QHBoxLayout, QHeaderView, QLabel, QListWidget, QPushButton, QScrollArea, QSpinBox,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from argmap.errors import ArgmapError
from argmap.gui.session import Session
from argmap.model import Document
from argmap.model.weighings import AUTHOR
from argmap.scoring.terms import TERMS
from argmap.textsafe import qt_plain, qt_tooltip

__all__ = ["SimulationPanel", "mount", "DEFAULT_SAMPLES", "COLUMNS", "DISTRIBUTIONS", "CLASS"]

DEFAULT_SAMPLES = 10_000
MAX_SAMPLES = 1_000_000
COLUMNS = ("Option", "P(best)", "Mean", "5%", "95%")
_COLUMN_TIPS = (None, "p-best", "sim-mean", "sim-range", "sim-range")
#: What the samples are drawn from (the "Draw from" choice's data).
DISTRIBUTIONS, CLASS = "distributions", "class"
_SOURCE_TIP = ("Where the samples come from: the inputs' distributions (and the spread), or the students' "
               "weighings stored in the map, each sample one student's whole weighing.")
_NO_CLASS_TIP = ("This map holds no students' weighings, so there is no class to draw from: collect the "
                 "class's copies into it first (argmap class collect).")
_MIX_TIP = ("Draw every input from its own randomly chosen student (among those who weighed it), and the "
            "perspective weights as one student's set, so that students' values mix. Off: each sample is "
            "one whole student.")
_SPREAD_CLASS_TIP = "The class's weighings are drawn as the students gave them: no spread is added."


class _Relay(QObject):
    """Carries a worker's result back to the GUI thread (a queued signal)."""

    done = Signal(int, object, str)  # run number, Simulation or None, error message


class _SimulationJob(QRunnable):
    """Simulates a private copy of the document (sent as JSON) off the GUI thread."""

    def __init__(self, relay: _Relay, run: int, data: str, samples: int, seed: int, spread: float | None,
                 semantics: str, from_class: bool = False, mix: bool = False) -> None:
        super().__init__()
        self.relay, self.run_number = relay, run
        self.data, self.samples, self.seed, self.spread, self.semantics = data, samples, seed, spread, semantics
        self.from_class, self.mix = from_class, mix

    def run(self) -> None:
        from argmap.scoring.simulate import simulate

        try:
            doc = Document.model_validate_json(self.data)
            result = simulate(doc, self.samples, self.seed, self.semantics, spread=self.spread,
                              from_class=self.from_class, mix=self.mix)
        except ArgmapError as err:
            self.relay.done.emit(self.run_number, None, err.message)
        except Exception as err:  # noqa: BLE001 - a worker thread must report, not vanish
            self.relay.done.emit(self.run_number, None, f"The simulation failed unexpectedly: {err!r}")
        else:
            self.relay.done.emit(self.run_number, result, "")


class SimulationPanel(QWidget):
    """Samples, seed, spread and source inputs, a Run button, the options table and the drivers list.

    `semantics` returns the gradual semantics to score with (the weighing pane's choice);
    DF-QuAD when not given.
    """

    #: A run finished and its result (or error) is shown.
    finished = Signal()

    def __init__(self, session: Session, semantics: Callable[[], str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._semantics = semantics or (lambda: "df-quad")
        self.result = None  # the last Simulation shown
        self.error = ""
        self.is_stale = False
        self._run = 0
        self._running = False
        # Parentless, so a job still running when the panel goes keeps it alive.
        self._relay = _Relay()
        self._relay.done.connect(self._on_worker_done)
        self._build()
        self._update_source()
        session.document_changed.connect(self._on_session_document_changed)
        session.document_replaced.connect(self._on_session_document_changed)

    def _build(self) -> None:
        self.samples_spin = QSpinBox()
        self.samples_spin.setRange(100, MAX_SAMPLES)
        self.samples_spin.setSingleStep(1000)
        self.samples_spin.setGroupSeparatorShown(True)
        self.samples_spin.setValue(DEFAULT_SAMPLES)
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2**31 - 1)
        self.seed_spin.setValue(1)
        self.spread_spin = QDoubleSpinBox()
        self.spread_spin.setRange(0.0, 1.0)
        self.spread_spin.setSingleStep(0.05)
        self.spread_spin.setDecimals(2)
        self.spread_spin.setSpecialValueText("none")
        self.source_combo = QComboBox()
        self.source_combo.addItem("distributions", DISTRIBUTIONS)
        self.source_combo.addItem("the class's weighings", CLASS)
        self.mix_check = QCheckBox("Mix students input by input")
        self.mix_check.setToolTip(qt_tooltip(_MIX_TIP))
        self.run_button = QPushButton("Run")
        self.run_button.setToolTip(qt_tooltip("Draw the samples and score every one (in the background)."))
        self.status = QLabel("Press Run to simulate the map's uncertain inputs.")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        for j, key in enumerate(_COLUMN_TIPS):
            if key is not None:
                self.table.horizontalHeaderItem(j).setToolTip(qt_tooltip(TERMS[key]))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for j in range(1, len(COLUMNS)):
            header.setSectionResizeMode(j, QHeaderView.ResizeMode.ResizeToContents)
        self.drivers_title = QLabel("Drivers")
        self.drivers_title.setToolTip(qt_tooltip(TERMS["driver"]))
        self.drivers = QListWidget()
        self.drivers.setToolTip(qt_tooltip(TERMS["correlation"]))

        form = QFormLayout()
        for label, widget, key in (("Samples", self.samples_spin, "samples"), ("Seed", self.seed_spin, "seed"),
                                   ("Spread", self.spread_spin, "spread")):
            tip = qt_tooltip(TERMS[key])
            widget.setToolTip(tip)
            name = QLabel(label)
            name.setToolTip(tip)
            name.setBuddy(widget)
            form.addRow(name, widget)
        self.source_label = QLabel("Draw from")
        self.source_label.setBuddy(self.source_combo)
        form.addRow(self.source_label, self.source_combo)
        form.addRow("", self.mix_check)
        run_row = QHBoxLayout()
        run_row.addStretch(1)
        run_row.addWidget(self.run_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(run_row)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.drivers_title)
        layout.addWidget(self.drivers, 1)
        self.run_button.clicked.connect(self.run)
        self.source_combo.currentIndexChanged.connect(self._on_source_combo_changed)
        self.table.cellClicked.connect(self._on_table_clicked)
        self.drivers.itemClicked.connect(self._on_driver_clicked)

    @property
    def is_running(self) -> bool:
        return self._running

    @property
    def has_class(self) -> bool:
        """Whether the map holds students' weighings to draw from."""
        return any(w.id != AUTHOR for w in self.session.document.weighings)

    @property
    def source(self) -> str:
        """DISTRIBUTIONS or CLASS: what the next run draws from."""
        return self.source_combo.currentData()

    def _update_source(self) -> None:
        """Enable the class choice only when the map has students' weighings; the spread only without it."""
        has_class = self.has_class
        if not has_class and self.source == CLASS:
            self.source_combo.setCurrentIndex(self.source_combo.findData(DISTRIBUTIONS))
        self.source_combo.setEnabled(has_class)
        tip = qt_tooltip(_SOURCE_TIP if has_class else _NO_CLASS_TIP)
        self.source_combo.setToolTip(tip)
        self.source_label.setToolTip(tip)
        from_class = self.source == CLASS
        self.mix_check.setEnabled(from_class)
        self.spread_spin.setEnabled(not from_class)
        self.spread_spin.setToolTip(qt_tooltip(_SPREAD_CLASS_TIP if from_class else TERMS["spread"]))

    def _on_source_combo_changed(self, _index: int) -> None:
        self._update_source()

    def run(self) -> None:
        """Start a simulation of the document as it is now (ignored while one runs)."""
        if self._running:
            return
        self._running = True
        self._run += 1
        self.run_button.setEnabled(False)
        samples = self.samples_spin.value()
        self.status.setText(f"Simulating {samples:,} samples…")
        from_class = self.source == CLASS
        spread = None if from_class else (self.spread_spin.value() or None)
        job = _SimulationJob(self._relay, self._run, self.session.document.model_dump_json(by_alias=True),
                             samples, self.seed_spin.value(), spread, self._semantics(), from_class,
                             from_class and self.mix_check.isChecked())
        QThreadPool.globalInstance().start(job)

    def _on_worker_done(self, run: int, result: object, error: str) -> None:
        self._running = False
        self.run_button.setEnabled(True)
        self.is_stale = run != self._run
        self.result, self.error = result, error
        self._show()
        self.finished.emit()

    def _on_session_document_changed(self, *_args: Any) -> None:
        self._update_source()
        if self.result is not None and not self.is_stale:
            self.is_stale = True
            self.status.setText(self.status.text() + " The map has changed since: press Run again.")

    def _label(self, node_id: str) -> str:
        doc = self.session.document
        return qt_plain(" ".join(doc.node(node_id).label.split()) if doc.has_node(node_id) else node_id)

    def _show(self) -> None:
        sim = self.result
        self.table.setRowCount(0)
        self.drivers.clear()
        if sim is None:
            self.status.setText(self.error)
            return
        support = sim.ranked_by == "support"

        def number(value: float | None) -> str:
            if value is None:
                return "n/a"
            return f"{value:.2f}" if support else f"{value:+.2f}"

        self.table.setRowCount(len(sim.options))
        for i, o in enumerate(sim.options):
            cells = [self._label(o.id), f"{o.p_best:.1%}", number(o.mean), number(o.p5), number(o.p95)]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, o.id)
                if j:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)
        what = {"impact": "expected impact", "support": "argued support",
                "impact-scaled": "impact × support"}.get(sim.ranked_by, sim.ranked_by)
        drawn = {"students": f" drawn from the class's {sim.students} weighings, whole students",
                 "mixed": f" drawn from the class's {sim.students} weighings, input by input"}.get(sim.source, "")
        text = f"{sim.samples:,} samples{drawn} (seed {sim.seed}); standing by {what}."
        if not sim.drivers and sim.source != DISTRIBUTIONS:
            text += " The students agree on every input that moves the lead, so no input stands out."
        elif not sim.drivers:
            text += " No input varies, so every sample is the same: give inputs a distribution or a spread."
        elif sim.driver_target != "leader changes":
            text += " The leader never changed; drivers go with its margin shrinking."
        self.status.setText(text)
        names = {p.id: p.name for p in self.session.document.perspectives}
        for d in sim.drivers:
            if d.input == "weight":
                self.drivers.addItem(f"weight of {qt_plain(names.get(d.node, d.node))}: {d.correlation:+.2f}")
            else:
                self.drivers.addItem(f"{self._label(d.node)} — {qt_plain(d.input)}: {d.correlation:+.2f}")
            self.drivers.item(self.drivers.count() - 1).setData(Qt.ItemDataRole.UserRole, d.node)

    def _on_table_clicked(self, row: int, _column: int) -> None:
        item = self.table.item(row, 0)
        if item is not None and self.session.document.has_node(item.data(Qt.ItemDataRole.UserRole)):
            self.session.select(item.data(Qt.ItemDataRole.UserRole))

    def _on_driver_clicked(self, item) -> None:
        node = item.data(Qt.ItemDataRole.UserRole)
        if self.session.document.has_node(node):
            self.session.select(node)


def mount(weighing_pane: Any, session: Session) -> SimulationPanel:
    """Add a Simulation tab to the weighing pane (scoring with the pane's semantics); return the panel."""
    panel = SimulationPanel(session, lambda: weighing_pane.semantics)
    # In a scroll area, so the tab asks no height of the pane: a short window keeps its map.
    tab = QScrollArea()
    tab.setFrameShape(QFrame.Shape.NoFrame)
    tab.setWidgetResizable(True)
    tab.setWidget(panel)
    weighing_pane.tabs.addTab(tab, "Simulation")
    weighing_pane.simulation = panel
    weighing_pane.simulation_tab = tab
    return panel
