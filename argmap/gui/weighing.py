"""The weighing pane: options ranked, why the leader is ahead, and what would change it."""

from __future__ import annotations

import math
import time
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from argmap.errors import ArgmapError, NotFoundError
from argmap.gui import theme
from argmap.gui.charts import BarChart, BarRow, TornadoBar, TornadoChart, number, scrolling
from argmap.gui.classview import CLASS, ClassPanel, WeighingRow, has_students
from argmap.gui.perspectives import share_text, weight_for_share
from argmap.gui.session import Session
from argmap.model import Document
from argmap.scoring import SEMANTICS, OptionScore, Scores, score
from argmap.scoring.scores import DIFFERENCES
from argmap.scoring.terms import TERMS
from argmap.textsafe import qt_plain, qt_rich

__all__ = ["WeighingPanel", "BarChart", "BarRow", "TornadoChart", "TornadoBar"]

DEBOUNCE_MS = 30
TORNADO_ROWS = 12
_SYMBOL = {"likelihood": "p", "strength": "s", "impact": "impact", "weight": "w"}
RANKING_ROWS = 5  # the ranking's default height shows this many options (when the map has them)

SCORE_FOR_TIP = ("Whose point of view the scores are for: one side alone, or Overall, the average of all sides "
                 "counted by their weights (the Map tab of the Inspector sets the weights).")
CONTRIBUTIONS_TIP = ("How much each branch under this option adds to its score: the branch's good or bad effect "
                     "for each side times its chance of happening, including what it leads to. The numbers add "
                     "up to the option's score.")
BREAK_EVEN_TIP = ("For each side, the part of the total weight it would need for another option to take the lead, "
                  "and the weight to type in the Inspector's Map tab to get there (the other weights unchanged).")
_SEMANTICS_TIPS = {
    "df-quad": "DF-QuAD is the rule that turns the pros and cons under a claim into how believable it ends up: "
               "the pros push it up towards 1, the cons pull it down towards 0, starting from its own chance "
               "or strength.",
    "quadratic-energy": "Quadratic energy is a smoother rule for how pros and cons move a claim: their strengths "
                        "are added up, pros minus cons, and the total nudges the claim up or down, never past 0 or 1.",
    **{name: TERMS[f"semantics-{name}"] for name in ("euler-based", "quad", "h-categorizer")},
}


def _semantics_tip(name: str | None) -> str:
    return _SEMANTICS_TIPS.get(name or "", "The rule that turns the pros and cons under a claim into how "
                                           "believable it ends up.")


SCORES = "scores"
LEADER = "leader"


class _Lower(QWidget):
    """The contributions' part of the ranking page: never shorter than a title and two rows."""

    def minimumSizeHint(self):  # noqa: N802 (Qt override)
        hint = super().minimumSizeHint()
        line = self.fontMetrics().height()
        hint.setHeight(max(hint.height(), 2 * line + 2 * (line + max(6, line // 2) + 10) + 12))
        return hint


class _Relay(QObject):
    """Carries a worker's result back to the GUI thread (a queued signal)."""

    done = Signal(int, object, str)  # generation, Sensitivity or None, error message


class _SensitivityJob(QRunnable):
    """Computes the tornado on a private copy of the document, off the GUI thread.

    The copy travels as JSON: dumping it is ~20x faster than a deep copy, so
    the GUI thread pays little; the worker parses it back.
    """

    def __init__(self, relay: _Relay, generation: int, data: str, perspective: str | None, semantics: str,
                 span: float | None) -> None:
        super().__init__()
        self.relay, self.generation = relay, generation
        self.data, self.perspective, self.semantics, self.span = data, perspective, semantics, span

    def run(self) -> None:
        from argmap.scoring.sensitivity import sensitivity

        try:
            doc = Document.model_validate_json(self.data)
            result = sensitivity(doc, semantics=self.semantics, perspective=self.perspective, span=self.span)
        except ArgmapError as err:
            self.relay.done.emit(self.generation, None, err.message)
        except Exception as err:  # noqa: BLE001 - a worker thread must report, not vanish
            self.relay.done.emit(self.generation, None, f"Sensitivity failed unexpectedly: {err!r}")
        else:
            self.relay.done.emit(self.generation, result, "")


class WeighingPanel(QWidget):
    """Options ranked overall or per perspective, the selected option's contributions, and the tornado.

    Scores are recomputed ~30 ms after the last change; the tornado only while
    its tab is visible, in a worker thread, and stale results are dropped.
    """

    scores_updated = Signal()
    sensitivity_updated = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None, source: Any = None) -> None:
        """`source`, when given, scores for the pane (an object with `scores`, `error`,
        `recompute()` and a `scores_changed` signal, like the main window's ScoreKeeper),
        so that the map is scored once per edit, not once per view."""
        super().__init__(parent)
        self.session = session
        self._source = source
        self.scores: Scores | None = None
        self.error = ""
        self.sensitivity = None
        self.sensitivity_error = ""
        self._generation = 0  # bumps on every change that makes the tornado stale
        self._shown_generation = -1
        self._sized: tuple[int, int] | None = None  # (rows, height) the ranking was last sized for
        self._user_sized = False
        self._running = False
        # Parentless, so a job still running when the pane goes keeps it alive;
        # the connection to our slot ends with us.
        self._relay = _Relay()
        self._relay.done.connect(self._on_worker_done)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.recompute)
        self._size_timer = QTimer(self)  # sizes the ranking once the layout has settled
        self._size_timer.setSingleShot(True)
        self._size_timer.setInterval(0)
        self._size_timer.timeout.connect(self._size_ranking)
        self._build()
        if source is None:
            session.document_changed.connect(self._on_session_document_changed)
            session.document_replaced.connect(self._on_session_document_replaced)
        else:
            source.scores_changed.connect(self._on_source_scores_changed)
        session.selection_changed.connect(self._on_session_selection_changed)
        self._fill_perspectives()
        if source is None:
            self.recompute()
        elif source.scores is not None or source.error:
            self._on_source_scores_changed(source.scores)

    def _build(self) -> None:
        self.perspective_combo = QComboBox()
        self.semantics_combo = QComboBox()
        for name in SEMANTICS:
            self.semantics_combo.addItem({"df-quad": "DF-QuAD"}.get(name, name.replace("-", " ").capitalize()), name)
            self.semantics_combo.setItemData(self.semantics_combo.count() - 1, _semantics_tip(name),
                                             Qt.ItemDataRole.ToolTipRole)
        self.semantics_combo.setToolTip(_semantics_tip(self.semantics_combo.currentData()))
        self.perspective_combo.setToolTip(SCORE_FOR_TIP)
        self.message = QLabel()
        self.message.setWordWrap(True)
        theme.follow(self.message, "error")
        self.message.hide()
        self.ranking_chart = BarChart()
        self.ranking_chart.empty_text = "No options to rank: add options under the map's question."
        self.compare_combo = QComboBox()
        self.compare_combo.setToolTip(DIFFERENCES)
        self.compare_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.compare_combo.setMinimumContentsLength(10)
        self.differences_note = QLabel("Only the differences between options mean anything: they all share one world.")
        self.differences_note.setWordWrap(True)
        self.differences_note.setToolTip(DIFFERENCES)
        self.differences_note.setStyleSheet("color: gray;")
        self.contributions_title = QLabel()
        self.contributions_title.setWordWrap(True)
        self.contributions_chart = BarChart()
        self.contributions_chart.empty_text = "Nothing under this option is weighed yet."
        self.contributions_title.setToolTip(CONTRIBUTIONS_TIP)
        self.tornado_mode = QComboBox()
        self.tornado_mode.addItem("Leader's margin over the runner-up", "margin")
        self.tornado_mode.addItem("Leader's score", "leader")
        self.tornado_mode.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.tornado_mode.setMinimumContentsLength(6)
        self.tornado_mode.setToolTip("What each bar measures: how far the leader is ahead of the second option, "
                                     "or the leader's own score, while one number is changed.")
        self.tornado_range = QComboBox()
        self.tornado_range.addItem("Full range", None)
        self.tornado_range.addItem("±0.2", 0.2)
        self.tornado_range.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.tornado_range.setMinimumContentsLength(5)
        self.tornado_range.setToolTip("How far chances and argument strengths are changed: all the way from 0 to 1, "
                                      "or only 0.2 up and down from where they are now.")
        self.tornado_status = QLabel()
        self.tornado_status.setWordWrap(True)
        self.tornado_chart = TornadoChart()
        self.break_even_label = QLabel()
        self.break_even_label.setWordWrap(True)
        self.break_even_label.setTextFormat(Qt.TextFormat.RichText)
        self.break_even_label.setToolTip(BREAK_EVEN_TIP)
        self.weighing_row = WeighingRow(self.session)
        self.class_panel = ClassPanel(self.session, lambda: self.semantics)
        self.class_panel.hide()

        for combo in (self.perspective_combo, self.semantics_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(7)
        top = QHBoxLayout()
        score_for = QLabel("Score for")
        score_for.setToolTip(SCORE_FOR_TIP)
        top.addWidget(score_for)
        top.addWidget(self.perspective_combo, 1)
        top.addWidget(self.semantics_combo)
        lower = _Lower()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 4, 0, 0)
        self.contributions_area = scrolling(self.contributions_title, self.contributions_chart)
        lower_layout.addWidget(self.contributions_area, 1)
        self.ranking_page = QSplitter(Qt.Orientation.Vertical)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        compare_row = QHBoxLayout()
        compare_row.addWidget(QLabel("Bars show"))
        compare_row.addWidget(self.compare_combo, 1)
        upper_layout.addLayout(compare_row)
        # The note scrolls with the rows, under them: a short pane shows rows first.
        self.ranking_area = scrolling(self.ranking_chart, self.differences_note)
        upper_layout.addWidget(self.ranking_area, 1)
        self.ranking_page.addWidget(upper)
        self.ranking_page.addWidget(lower)
        self.ranking_page.setStretchFactor(1, 1)
        self.ranking_page.setChildrenCollapsible(False)
        self.ranking_page.splitterMoved.connect(self._on_ranking_splitter_moved)
        self.ranking_page.installEventFilter(self)
        self.tornado_page = QWidget()
        tornado_layout = QVBoxLayout(self.tornado_page)
        mode_row = QHBoxLayout()
        mode_row.addWidget(QLabel("Bars show"))
        mode_row.addWidget(self.tornado_mode, 1)
        mode_row.addWidget(self.tornado_range)
        tornado_layout.addLayout(mode_row)
        legend = QLabel("<span style='color:#90caf9'>■</span> input lowest  "
                        "<span style='color:#1565c0'>■</span> highest  ┆ now  "
                        "<span style='color:#c62828'>│</span> the leader changes")
        legend.setWordWrap(True)
        legend.setToolTip("Each bar shows one number of the map changed on its own from its lowest to its highest "
                          "value: light blue where the number is lowest, dark blue where it is highest. The dashed "
                          "line is where things stand now; past the red line another option takes the lead.")
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(legend)
        body_layout.addWidget(self.tornado_status)
        body_layout.addWidget(self.tornado_chart)
        body_layout.addWidget(self.break_even_label)
        body_layout.addStretch(1)
        tornado_layout.addWidget(scrolling(body), 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.ranking_page, "Ranking")
        self.tabs.addTab(self.tornado_page, "Sensitivity")
        self.tabs.setTabToolTip(0, "The options from best to worst score, and what makes up the score of the "
                                   "selected one (or of the leader).")
        self.tabs.setTabToolTip(1, "Which numbers of the map the ranking depends on most, and how far each would "
                                   "have to move for another option to take the lead.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.weighing_row)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.class_panel, 1)

        self.perspective_combo.currentIndexChanged.connect(self._on_perspective_changed)
        self.semantics_combo.currentIndexChanged.connect(self._on_semantics_changed)
        self.compare_combo.currentIndexChanged.connect(self._on_compare_changed)
        self.tornado_mode.currentIndexChanged.connect(self._show_sensitivity)
        self.tornado_range.currentIndexChanged.connect(self._invalidate_sensitivity)
        self.tabs.currentChanged.connect(self._maybe_start_sensitivity)
        self.ranking_chart.row_clicked.connect(self.session.select)
        self.contributions_chart.row_clicked.connect(self.session.select)
        self.tornado_chart.row_clicked.connect(self.session.select)
        self.class_panel.anonymous_changed.connect(self.weighing_row.set_anonymous)

    # -- state ------------------------------------------------------------------------

    @property
    def perspective(self) -> str | None:
        """The perspective id the pane ranks by, or None for overall (and in the class view)."""
        data = self.perspective_combo.currentData()
        return None if data == CLASS else data

    @property
    def is_class_view(self) -> bool:
        """Whether "Score for" is set to Class: the class view shows instead of the tabs."""
        return self.perspective_combo.currentData() == CLASS

    def show_class_view(self, on: bool = True) -> None:
        """Choose Class (or Overall) in "Score for"; Class is offered only when the map has students' weighings."""
        index = self.perspective_combo.findData(CLASS) if on else 0
        if index < 0:
            raise NotFoundError("The map has no students' weighings to show as a class.",
                                hint="Collect the students' files with File ▸ Class ▸ Collect….")
        self.perspective_combo.setCurrentIndex(index)

    def _sync_class_view(self) -> None:
        on = self.is_class_view
        self.tabs.setVisible(not on)
        self.class_panel.setVisible(on)
        self.class_panel.set_active(on)

    @property
    def semantics(self) -> str:
        return self.semantics_combo.currentData()

    @property
    def baseline(self) -> str | None:
        """What the ranking's bars are measured from: SCORES (absolute), LEADER, or an option id."""
        return self.compare_combo.currentData() or SCORES

    def _fill_compare(self) -> None:
        """Scores, the difference from the leader, or from each option; keeps the choice while it exists."""
        scored = {o.node_id: o for o in self.scores.options} if self.scores is not None else {}
        root = self.session.document.root()
        order = [n.id for n in self.session.document.children(root.id)] if root is not None else []
        options = [scored[i] for i in order if i in scored]  # map order: the list does not reshuffle as scores move
        wanted = [("Scores", SCORES), ("Difference from the leader", LEADER)] + \
            [(f"Difference from “{qt_plain(' '.join(o.label.split()))}”", o.node_id) for o in options]
        have = [(self.compare_combo.itemText(i), self.compare_combo.itemData(i)) for i in range(self.compare_combo.count())]
        if wanted == have:
            return
        current = self.compare_combo.currentData()
        self.compare_combo.blockSignals(True)
        self.compare_combo.clear()
        for name, data in wanted:
            self.compare_combo.addItem(name, data)
        self.compare_combo.setCurrentIndex(max(self.compare_combo.findData(current), 0) if current else 0)
        self.compare_combo.blockSignals(False)

    def set_baseline(self, baseline: str) -> None:
        """Show scores (SCORES), differences from the leader (LEADER) or from an option (its id)."""
        index = self.compare_combo.findData(baseline)
        if index < 0:
            raise NotFoundError(f"'{baseline}' is not an option of the map's question.")
        self.compare_combo.setCurrentIndex(index)

    def _fill_perspectives(self) -> None:
        doc = self.session.document
        wanted = [("Overall", None)] + [(p.name, p.id) for p in doc.perspectives]
        if has_students(doc):
            wanted.append(("Class", CLASS))
        have = [(self.perspective_combo.itemText(i), self.perspective_combo.itemData(i))
                for i in range(self.perspective_combo.count())]
        if wanted == have:
            return
        current = self.perspective_combo.currentData()
        self.perspective_combo.blockSignals(True)
        self.perspective_combo.clear()
        for name, pid in wanted:
            self.perspective_combo.addItem(name, pid)
        index = self.perspective_combo.findData(current) if current else 0
        self.perspective_combo.setCurrentIndex(max(index, 0))
        self.perspective_combo.blockSignals(False)
        self._sync_class_view()

    # -- session signals ----------------------------------------------------------------

    def _on_session_document_changed(self, _edit: object) -> None:
        self._timer.start()

    def _on_session_document_replaced(self) -> None:
        self._timer.start()

    def _on_session_selection_changed(self, _ids: list) -> None:
        self._show_scores()

    def _on_perspective_changed(self, _index: int) -> None:
        self._sync_class_view()
        self._show_scores()
        self._invalidate_sensitivity()

    def _on_semantics_changed(self, _index: int) -> None:
        self.semantics_combo.setToolTip(_semantics_tip(self.semantics))
        self.recompute()
        self.class_panel.recompute()

    def _on_compare_changed(self, _index: int) -> None:
        self._show_scores()

    # -- scores -------------------------------------------------------------------------

    def _on_source_scores_changed(self, scores: Scores | None) -> None:
        self._fill_perspectives()
        self.scores, self.error = scores, self._source.error
        self._show_scores()
        self._invalidate_sensitivity()
        self.scores_updated.emit()

    def recompute(self) -> None:
        """Score the document now and show it; a scoring error becomes a message."""
        self._timer.stop()
        if self._source is not None:
            self._source.recompute()  # comes back through scores_changed
            return
        self._fill_perspectives()
        started = time.perf_counter()
        try:
            self.scores, self.error = score(self.session.document, self.semantics), ""
        except ArgmapError as err:
            self.scores, self.error = None, err.message
        # On a big map, wait longer after a change, so that a drag is not stalled by scoring every step.
        took_ms = (time.perf_counter() - started) * 1000
        self._timer.setInterval(int(max(DEBOUNCE_MS, min(2 * took_ms, 500))))
        self._show_scores()
        self._invalidate_sensitivity()
        self.scores_updated.emit()

    def value_of(self, option: OptionScore) -> float | None:
        """The option's score under the picked perspective (overall when none)."""
        return option.overall if self.perspective is None else option.per_perspective.get(self.perspective)

    def focus_option(self) -> str | None:
        """The option whose contributions are shown: the current node's option, else the leader."""
        if self.scores is None or not self.scores.options:
            return None
        ids = {o.node_id for o in self.scores.options}
        doc = self.session.document
        current = self.session.current
        if current is not None and doc.has_node(current):
            for node in [doc.node(current), *doc.ancestors(current)]:
                if node.id in ids:
                    return node.id
        return self.scores.ranking(self.perspective)[0].node_id

    def _show_scores(self) -> None:
        self.message.setText(self.error)
        self.message.setVisible(bool(self.error))
        if self.scores is None:
            self.ranking_chart.set_rows([])
            self.contributions_chart.set_rows([])
            self.contributions_title.setText("")
            return
        self._fill_compare()
        ranked = self.scores.ranking(self.perspective)
        focus = self.focus_option()
        baseline = self.baseline
        base_id = None if baseline in (SCORES, LEADER) else baseline
        gaps = self.scores.relative(base_id, self.perspective)
        versus = "the leader" if base_id is None else f"“{self.scores.option(base_id).label}”"
        rows = []
        for i, o in enumerate(ranked):
            detail = []
            gap = gaps.get(o.node_id)
            if baseline == SCORES and gap is not None and len(ranked) > 1:
                detail.append("leads" if i == 0 and gap == 0 else f"{number(gap)} vs the leader")
            if o.support is not None:
                detail.append(f"argued support {o.support:.2f}")
            if o.unweighed:
                detail.append(f"{o.unweighed} unweighed")
            value = self.value_of(o) if baseline == SCORES else gap
            tip = self._per_perspective_tip(o.label, o.overall, o.per_perspective)
            rows.append(BarRow(o.node_id, f"{i + 1}. {o.label}", value, " · ".join(detail), i == 0,
                               self._ranking_tip(o, i, gap, versus) + "\n\n" + tip))
        self.ranking_chart.set_rows(rows, focus)
        self._size_ranking()
        self._show_contributions(focus)

    def _size_ranking(self) -> None:
        """Give the ranking the room its first RANKING_ROWS rows need, the contributions the rest.

        Redone as rows come and go or the pane grows, until the splitter is dragged by hand.
        """
        page = self.ranking_page
        height = page.height()
        rows = min(len(self.ranking_chart._keys), RANKING_ROWS)
        if self._user_sized or not page.isVisible() or height < 100 or not rows or self._sized == (rows, height):
            return
        self._sized = (rows, height)
        upper = page.widget(0)
        spacing = max(0, upper.layout().spacing())
        header = self.compare_combo.sizeHint().height() + spacing
        note = self.differences_note.heightForWidth(max(upper.width(), 120)) + spacing
        need = header + rows * self.ranking_chart.row_height() + 12
        if rows == len(self.ranking_chart._keys):  # every option fits: the note under them too
            need += note
        lower_min = page.widget(1).minimumSizeHint().height()
        need = max(min(need, height - lower_min - page.handleWidth()), header + self.ranking_chart.row_height())
        page.setSizes([need, max(0, height - need - page.handleWidth())])

    def _on_ranking_splitter_moved(self, *_: object) -> None:
        self._user_sized = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """The ranking page shown or resized: size its two parts (after the layout is done)."""
        if watched is self.ranking_page and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._size_timer.start()
        return super().eventFilter(watched, event)

    def _show_contributions(self, option_id: str | None) -> None:
        if option_id is None or self.scores is None:
            self.contributions_chart.set_rows([])
            self.contributions_title.setText("")
            return
        option = self.scores.option(option_id)
        pid = self.perspective
        rows = []
        for c in option.contributions:
            value = c.overall if pid is None else c.per_perspective.get(pid)
            detail = f"{c.unweighed} unweighed below" if c.unweighed else ""
            rows.append(BarRow(c.node_id, c.label, value, detail,
                               tooltip=self._contribution_tip(c.label, value, option.label, c.unweighed) + "\n\n"
                               + self._per_perspective_tip(c.label, c.overall, c.per_perspective)))
        rows.sort(key=lambda r: -abs(r.value) if r.value is not None else 1.0)
        total = self.value_of(option)
        where = "overall" if pid is None else f"for {self.scores.perspectives.get(pid, pid)}"
        shown = "not weighed" if total is None else number(total)
        self.contributions_title.setText(f"<b>Why {qt_rich(option.label)}</b> scores {shown} {qt_rich(where)}: what each branch adds")
        self.contributions_chart.set_rows(rows)

    # -- sensitivity ----------------------------------------------------------------------

    def _invalidate_sensitivity(self, *_args: object) -> None:
        self._generation += 1
        self._maybe_start_sensitivity()

    def is_sensitivity_visible(self) -> bool:
        return self.tabs.currentWidget() is self.tornado_page and self.tornado_page.isVisible()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self._maybe_start_sensitivity()

    def _maybe_start_sensitivity(self, *_args: object) -> None:
        if self._running or self._shown_generation == self._generation or not self.is_sensitivity_visible():
            return
        if self.scores is None:
            self.tornado_chart.set_bars([], 0.0)
            self.tornado_chart.empty_text = self.error or "Nothing to score."
            self._shown_generation = self._generation
            return
        self._running = True
        self.tornado_status.setText("Computing…")
        job = _SensitivityJob(self._relay, self._generation, self.session.document.model_dump_json(by_alias=True),
                              self.perspective, self.semantics, self.tornado_range.currentData())
        QThreadPool.globalInstance().start(job)

    def _on_worker_done(self, generation: int, result: object, error: str) -> None:
        self._running = False
        if generation == self._generation:
            self.sensitivity, self.sensitivity_error = result, error
            self._shown_generation = generation
            self._show_sensitivity()
            self.sensitivity_updated.emit()
        self._maybe_start_sensitivity()  # a newer change arrived while this ran

    def _show_sensitivity(self, *_args: object) -> None:
        sens = self.sensitivity
        if sens is None:
            self.tornado_status.setText(self.sensitivity_error)
            self.tornado_chart.set_bars([], 0.0)
            self.break_even_label.setText("")
            return
        margin_mode = self.tornado_mode.currentData() == "margin"
        base = sens.margin if margin_mode else sens.leader_score
        if sens.leader is None or base is None:
            self.tornado_status.setText("No option is weighed yet." if sens.leader is None
                                        else "There is no runner-up to have a margin over.")
            self.tornado_chart.set_bars([], 0.0)
            self.break_even_label.setText(self._break_even_text(sens.break_even))
            return
        rows = sens.rows if margin_mode else sorted(sens.rows, key=_leader_width, reverse=True)
        bars = []
        for row in rows:
            low, high = (row.margin_low, row.margin_high) if margin_mode else (row.leader_low, row.leader_high)
            if low is not None and high is not None:
                bars.append(TornadoBar(row.node_id, self._input_label(row), low, high, self._flip_text(row),
                                       self._tornado_tip(row, low, high, margin_mode)))
            if len(bars) == TORNADO_ROWS:
                break
        self.tornado_chart.set_bars(bars, base, 0.0 if margin_mode else None)
        what = "its margin over the runner-up" if margin_mode else "its score"
        flips = sum(1 for r in sens.rows if r.flip_at is not None)
        self.tornado_status.setText(
            f"Leader: <b>{qt_rich(self._option_label(sens.leader))}</b> — the {len(bars)} widest of "
            f"{len(sens.rows)} inputs; {flips} can change the leader.")
        self.tornado_status.setToolTip(
            f"Each number of the map is changed on its own over its whole range while all the others stay as they "
            f"are, and the bar shows how far that moves {what}. The widest bars are the numbers the result depends "
            f"on most; {flips} of the {len(sens.rows)} numbers can hand the lead to another option.")
        self.break_even_label.setText(self._break_even_text(sens.break_even))

    def _input_label(self, row) -> str:
        doc = self.session.document
        name = doc.node(row.node_id).label if row.node_id and doc.has_node(row.node_id) else row.label
        if row.input == "weight" and row.perspective:
            return f"Share of the weight: {self._perspective_name(row.perspective)}"
        if row.input == "impact" and row.perspective:
            return f"Impact for {self._perspective_name(row.perspective)}: {name}"
        return f"{row.input.capitalize()}: {name}"

    def _flip_text(self, row) -> str:
        if row.input == "weight" and row.perspective:
            now = share_text(row.value)
            if row.flip_at is None:
                return f"share now {now}; no share changes the leader"
            weight = self._weight_past(row.perspective, row.value, row.flip_at)
            return f"leader changes at share {share_text(row.flip_at)}, {weight} → {self._option_label(row.new_leader)}"
        if row.flip_at is None:
            return f"now {row.value:.2f}; the leader holds over {number(row.low)}…{number(row.high)}".replace("+", "")
        return f"leader changes at {_SYMBOL.get(row.input, row.input)}={row.flip_at:.2f} → {self._option_label(row.new_leader)}"

    def _share_change(self, pid: str, now: float, share: float) -> str:
        """"passes 75 % (weight 2.55 or more; now 15 %, weight 0.15)": the share and the weight that gives it."""
        current = next((p.weight for p in self.session.document.perspectives if p.id == pid), 0.0)
        verb = "passes" if share > now else "falls below"
        weight = self._weight_past(pid, now, share)
        return f"{verb} {share_text(share)} ({weight}; now {share_text(now)}, weight {current:g})"

    def _weight_past(self, pid: str, now: float, share: float) -> str:
        """The weight, to two decimals, that takes `pid`'s share past `share` (from `now`), the others held."""
        weight = weight_for_share(self.session.document, pid, share)
        if weight is None:
            return "no weight reaches it"
        if share > now:
            return f"weight {math.ceil(weight * 100 + 1e-6) / 100:.2f} or more"
        return f"weight {max(0.0, math.floor(weight * 100 - 1e-6) / 100):.2f} or less"

    def _ranking_tip(self, o: OptionScore, place: int, gap: float | None, versus: str) -> str:
        """Plain sentences on each number a ranking row shows."""
        value = self.value_of(o)
        where = "overall" if self.perspective is None else f"for {self._perspective_name(self.perspective)}"
        lines = [f"{o.label} is number {place + 1}."]
        if value is None:
            lines.append(f"It has no score {where} yet: the chances or impacts under it are not filled in.")
        else:
            how = ("each consequence's good or bad effect for each side times its chance of happening, added up, "
                   "then the sides averaged by their weights") if self.perspective is None else \
                  "each consequence's good or bad effect for this side times its chance of happening, added up"
            lines.append(f"Its score {where} is {number(value)}: {how}.")
        if gap is not None and self.baseline != SCORES:
            lines.insert(0, f"{number(gap)} against {versus}: how far its score is above (+) or below (−) "
                            f"that option's (the bar shows this).")
        elif gap is not None and gap != 0:
            lines.append(f"It is {number(gap).lstrip('−')} behind the leader.")
        if o.support is not None:
            lines.append(f"Argued support {o.support:.2f}: how convincing the case for it is once the pros and cons "
                         f"hung directly under it are weighed, from 0 (not at all) to 1 (fully). It is not added "
                         f"to the score.")
        if o.unweighed:
            lines.append(f"{o.unweighed} branch{'es' if o.unweighed != 1 else ''} under it "
                         f"{'have' if o.unweighed != 1 else 'has'} no numbers yet, so "
                         f"{'they are' if o.unweighed != 1 else 'it is'} left out of the score, not counted as 0.")
        return "\n".join(lines)

    def _contribution_tip(self, label: str, value: float | None, option: str, unweighed: int) -> str:
        if value is None:
            text = f"{label} adds nothing yet to the score of {option}: its chance or impact is not filled in."
        else:
            text = (f"{label} adds {number(value)} to the score of {option}: its good or bad effect for each side "
                    f"times its chance of happening, with what it leads to.")
        if unweighed:
            text += (f"\n{unweighed} branch{'es' if unweighed != 1 else ''} below it "
                     f"{'have' if unweighed != 1 else 'has'} no numbers yet and {'are' if unweighed != 1 else 'is'} left out.")
        return text

    def _tornado_tip(self, row: Any, low: float, high: float, margin_mode: bool) -> str:
        what = "the leader's lead over the second option" if margin_mode else "the leader's score"
        name = self._input_label(row)
        if row.input == "weight" and row.perspective:
            head = (f"{name}: its share of the total weight, now {share_text(row.value)}, changed from 0 % to 100 % "
                    f"(the other sides keep their sizes next to each other).")
            ends = ("0 %", "100 %")
        else:
            head = f"{name}: now {row.value:g}, changed from {row.low:g} to {row.high:g} with everything else held."
            ends = (f"{row.low:g}", f"{row.high:g}")
        lines = [head, f"At {ends[0]}, {what} is {number(low)}; at {ends[1]}, it is {number(high)}."]
        if row.flip_at is not None:
            change = self._share_change(row.perspective, row.value, row.flip_at) if row.input == "weight" else ""
            lines.append(f"The leader changes when the share {change}: then {self._option_label(row.new_leader)} leads."
                         if row.input == "weight" else
                         f"At {row.flip_at:.2f} another option, {self._option_label(row.new_leader)}, takes the lead.")
        else:
            lines.append("Nowhere in that range does another option take the lead.")
        return "\n".join(lines)

    def _option_label(self, node_id: str | None) -> str:
        if node_id is None:
            return "another option"
        if self.scores is not None and any(o.node_id == node_id for o in self.scores.options):
            return self.scores.option(node_id).label
        doc = self.session.document
        return doc.node(node_id).label if doc.has_node(node_id) else node_id

    def _per_perspective_tip(self, label: str, overall: float | None, values: dict) -> str:
        def shown(v: float | None) -> str:
            return "not weighed" if v is None else number(v)

        lines = [label, f"Overall: {shown(overall)}"]
        lines += [f"{self._perspective_name(pid)}: {shown(v)}" for pid, v in values.items()]
        return "\n".join(lines)

    def _perspective_name(self, pid: str) -> str:
        doc = self.session.document
        return next((p.name for p in doc.perspectives if p.id == pid), pid)

    def _break_even_text(self, break_even: dict) -> str:
        if not break_even:
            return ""
        doc = self.session.document
        total = sum(p.weight for p in doc.perspectives) or 1.0
        lines = []
        for pid, value in break_even.items():
            now = next((p.weight / total for p in doc.perspectives if p.id == pid), 0.0)
            name = self._perspective_name(pid)
            lines.append(qt_rich(f"{name}: no share changes the leader (now {share_text(now)})" if value is None else
                                     f"{name}: the leader changes when the share {self._share_change(pid, now, value)}"))
        return "<b>Break-even shares of the total weight</b><br>" + "<br>".join(lines)


def _leader_width(row) -> float:
    if row.leader_low is None or row.leader_high is None:
        return -1.0
    return abs(row.leader_high - row.leader_low)
