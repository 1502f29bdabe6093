"""The main window: the canvas, its docks, menus, toolbar and status bar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QModelIndex, QObject, QPoint, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import (QAction, QActionGroup, QCloseEvent, QContextMenuEvent, QDragEnterEvent, QDragMoveEvent,
                           QDropEvent, QKeySequence, QResizeEvent)
from PySide6.QtWidgets import (QApplication, QDockWidget, QLabel, QMainWindow, QStyle, QUndoView,
                               QVBoxLayout, QWidget)

from argmap.errors import ArgmapError
from argmap.gui import classroom, collab, decisions, dialogs, grounded, guide, hints, rankingsetting, simulation
from argmap.gui.actions import EditActions
from argmap.gui.autosave import Autosaver
from argmap.gui.canvas import MapCanvas
from argmap.gui.classview import has_students, weighing_label
from argmap.gui.files import FileController, app_settings, is_map_file
from argmap.gui.findbar import FindBar
from argmap.gui.inspector import InspectorPanel
from argmap.gui.menus import build_context_menu, build_menus, build_toolbar
from argmap.gui.newmap import new_map_document
from argmap.gui.outline import OutlineView
from argmap.gui.present import PresentationView
from argmap.gui.scorekeeper import ScoreKeeper
from argmap.gui.session import Session
from argmap.gui.sourcepane import SourcePanel
from argmap.gui.tourdock import TourPanel
from argmap.gui.weighing import WeighingPanel
from argmap.model.document import Document
from argmap.paths import SCENARIOS
from argmap.scoring import Scores
from argmap.textsafe import qt_plain

__all__ = ["MainWindow", "new_document", "app_settings"]


def new_document() -> Document:
    """A fresh map: one question waiting for its options, and one perspective, "Overall"."""
    return new_map_document()


def _optional(module: str, name: str) -> Any:
    """A class from a part of the editor that may not be installed; None when it is missing."""
    import importlib

    try:
        return getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        return None


_other_windows: list["MainWindow"] = []  # windows opened from another one, kept alive until they close

#: Below this window width the side panes yield to the map (see MainWindow.fit_docks).
NARROW_WIDTH = 1280
#: The map keeps at least this part of a narrow window's width (as far as the panes' least widths allow).
CANVAS_SHARE = 0.5
#: The parts of the width each side column takes while it follows the window (left, right), and their caps.
_COLUMN_SHARE = {Qt.DockWidgetArea.LeftDockWidgetArea: (0.18, 420),
                 Qt.DockWidgetArea.RightDockWidgetArea: (0.27, 560)}


class MainWindow(QMainWindow):
    """One map in one window."""

    #: New scores were computed for the document (None when scoring failed).
    scores_changed = Signal(object)

    def __init__(self, session: Session | None = None, recovery_dir: str | Path | None = None,
                 autosave_ms: int = 30_000) -> None:
        super().__init__()
        self.session = session or Session(new_document())
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)
        # Built before the canvas, so that it scores an edit before the canvas repaints it.
        self.score_keeper = ScoreKeeper(self.session, lambda: getattr(self, "canvas", None),
                                        lambda: self.semantics, self)
        self.score_keeper.scores_changed.connect(self._on_scores_changed)
        self._build_canvas()
        self.edit_actions = EditActions(self.session, self, lambda: self.canvas)
        self.edit_actions.message.connect(self.show_status)
        self.files = FileController(self)
        self.autosaver = Autosaver(self.session, recovery_dir, autosave_ms, self)
        self.autosaver.failed.connect(self.show_status)
        self._build_docks()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status()
        s = self.session
        s.document_changed.connect(self._on_session_changed)
        s.document_replaced.connect(self._on_session_replaced)
        s.path_changed.connect(self._update_title)
        # A new document clears the selection after document_replaced; path_changed comes last.
        s.path_changed.connect(self._select_root_if_none)
        s.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self._dock_timer = QTimer(self)  # fits the side panes to the window once a resize has settled
        self._dock_timer.setSingleShot(True)
        self._dock_timer.setInterval(0)
        self._dock_timer.timeout.connect(self.fit_docks)
        self._restore_settings()
        self.weighing.semantics_combo.currentIndexChanged.connect(self._on_semantics_changed)
        self._connect_class_view()
        # Parts that hook themselves into the finished window (menus, docks and toolbar exist):
        # Help ▸ Guide, the first-run hint strip, the ranking setting, the Simulation tab, the marks
        # of later decisions on the canvas, and File ▸ Share… / Join….
        guide.install(self)
        hints.install(self)
        rankingsetting.mount(self.weighing, self.session)
        simulation.mount(self.weighing, self.session)
        decisions.install(self.canvas, self.score_keeper)
        grounded.install(self)  # View ▸ Show Accepted / Rejected
        collab.install(self)  # File ▸ Share Live… / Join Live…: nothing is loaded until a map is shared
        self._on_session_replaced()
        self._select_root_if_none()
        self.recompute_scores()

    # -- building ------------------------------------------------------------------

    def _build_canvas(self) -> None:
        self.canvas = MapCanvas(self.session)
        self.canvas.setObjectName("canvas")
        self.find_bar = FindBar(self.session, self)
        self.find_bar.hide()
        self.find_bar.found.connect(self._on_find_found)
        self.find_bar.closed.connect(lambda: self.canvas.setFocus(Qt.FocusReason.OtherFocusReason))
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.find_bar)
        self.setCentralWidget(central)
        self.canvas.message.connect(self.show_status)
        self.canvas.fold_changed.connect(self._on_canvas_fold_changed)

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        self.outline = OutlineView(self.session)
        self.outline.outline.move_refused.connect(self.show_status)
        self.outline.doubleClicked.connect(self._on_outline_double_clicked)
        self.outline_dock = self._dock("Outline", "outline_dock", self.outline, left)
        self.panels: dict[str, QWidget] = {}
        self.docks: dict[str, QDockWidget] = {"outline": self.outline_dock}
        for key, title, panel_class, area in (
            ("inspector", "Inspector", InspectorPanel, right),
            ("weighing", "Weighing", WeighingPanel, right),
            ("source", "Source", SourcePanel, left),
        ):
            panel = panel_class(self.session, source=self.score_keeper) if key == "weighing" else panel_class(self.session)
            self.panels[key] = panel
            self.docks[key] = self._dock(title, f"{key}_dock", panel, area)
        self.tabifyDockWidget(self.outline_dock, self.docks["source"])
        self.outline_dock.raise_()
        self.splitDockWidget(self.docks["inspector"], self.docks["weighing"], Qt.Orientation.Vertical)
        self.resizeDocks([self.docks["inspector"], self.docks["weighing"]], [380, 480], Qt.Orientation.Vertical)
        self.undo_view = QUndoView(self.session.undo_stack)
        self.undo_view.setEmptyLabel("<opened>")
        self.docks["history"] = self.history_dock = self._dock("Undo History", "history_dock", self.undo_view, right)
        self.history_dock.hide()
        self.tour_panel = TourPanel(self.session, source=self.score_keeper)
        self.tour_panel.node_activated.connect(lambda nid: self.canvas.scroll_to(nid))
        self.tour_panel.message.connect(self.show_status)
        self.docks["tour"] = self._dock("Tour", "tour_dock", self.tour_panel, right)
        self.tabifyDockWidget(self.docks["weighing"], self.docks["tour"])
        self.docks["weighing"].raise_()
        self.docks["tour"].hide()  # View ▸ Tour shows it, as a tab beside Weighing
        for widget in (self.canvas, self.outline):
            self.edit_actions.attach(widget)
            widget.viewport().installEventFilter(self)

    def _act(self, text: str, slot: Any, keys: Any = None, icon: QStyle.StandardPixmap | None = None,
             tip: str = "") -> QAction:
        act = QAction(text, self)
        if keys is not None:
            act.setShortcuts(keys if isinstance(keys, list) else [QKeySequence(keys)])
        if icon is not None:
            act.setIcon(self.style().standardIcon(icon))
        if tip:
            act.setStatusTip(tip)
        act.triggered.connect(lambda _=False: slot())
        return act

    def _build_actions(self) -> None:
        SK, SP = QKeySequence.StandardKey, QStyle.StandardPixmap
        f = self.files
        self.new_action = self._act("&New", f.new_map, SK.New, SP.SP_FileIcon, "Start a new map")
        self.new_window_action = self._act("New &Window", self.new_window, "Ctrl+Shift+N", None,
                                           "Open another window, e.g. to copy branches between maps")
        self.open_action = self._act("&Open…", f.open_dialog, SK.Open, SP.SP_DialogOpenButton, "Open a map file")
        self.save_action = self._act("&Save", f.save, SK.Save, SP.SP_DialogSaveButton, "Save the map")
        self.save_as_action = self._act("Save &As…", f.save_as, SK.SaveAs)
        self.revert_action = self._act("&Revert", f.revert, None, None, "Go back to the saved file")
        self.export_action = self._act("&Export…", self._export, "Ctrl+E", None, "Save the map as an image or text")
        self.print_action = self._act("&Print…", lambda: self._print("print_map"), SK.Print, None,
                                      "Print the map on one page, or tiled over pages at full size")
        self.print_preview_action = self._act("Print Pre&view…", lambda: self._print("preview_map"))
        self.quit_action = self._act("&Quit", QApplication.closeAllWindows, SK.Quit)
        stack = self.session.undo_stack
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.undo_action.setIcon(self.style().standardIcon(SP.SP_ArrowBack))
        self.redo_action = stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.setIcon(self.style().standardIcon(SP.SP_ArrowForward))
        self.copy_image_action = self._act("Copy as &Image", self._copy_image, "Ctrl+Alt+C")
        self.find_action = self._act("&Find…", self.find_bar.open, SK.Find, SP.SP_FileDialogContentsView)
        self.find_next_action = self._act("Find &Next", lambda: self.find_bar.step(1), "F3")
        self.find_prev_action = self._act("Find Pre&vious", lambda: self.find_bar.step(-1), "Shift+F3")
        self.zoom_in_action = self._act("Zoom &In", lambda: self.canvas.zoom_in(),
                                        [QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        self.zoom_out_action = self._act("Zoom &Out", lambda: self.canvas.zoom_out(), "Ctrl+-")
        self.fit_action = self._act("&Fit to Window", lambda: self.canvas.fit_to_window(), "Ctrl+0")
        self.direction_group = QActionGroup(self)
        self.direction_actions: dict[str, QAction] = {}
        for direction, text in (("top-down", "&Top Down"), ("left-right", "&Left to Right")):
            act = self._act(text, lambda d=direction: self._set_direction(d))
            act.setCheckable(True)
            self.direction_group.addAction(act)
            self.direction_actions[direction] = act
        self.compact_action = self._act("&Compact", self._toggle_compact, None, None,
                                        "Pack leaf cards in columns under their parent (for big, bushy maps)")
        self.compact_action.setCheckable(True)
        # Folding by depth is view state: Alt+1 to Alt+9 show that many levels, Alt+0 all of them.
        self.fold_group = QActionGroup(self)
        self.fold_actions: dict[int | None, QAction] = {}
        for level in [None, *range(1, 10)]:
            text = "&All Levels" if level is None else ("Level &1 Only" if level == 1 else f"Levels 1–&{level}")
            act = self._act(text, lambda n=level: self.canvas.set_fold(n), f"Alt+{level or 0}")
            act.setCheckable(True)
            self.fold_group.addAction(act)
            self.fold_actions[level] = act
        self.about_action = self._act("&About argmap", lambda: dialogs.show_about(self))
        self.pack_action = self._act("&Teacher's Pack…", self.open_teachers_pack, None, None,
                                     "The map's lesson guide, debate briefs, glossary, timeline and fact check")
        self.next_pane_action = self._act("Next &Pane", lambda: self.focus_pane(1), "F6", None,
                                          "Move the keyboard focus to the next pane: outline, map, inspector, "
                                          "weighing, source")
        self.previous_pane_action = self._act("Pre&vious Pane", lambda: self.focus_pane(-1), "Shift+F6", None,
                                              "Move the keyboard focus to the previous pane")
        self.present_action = self._act("&Present", self.present, "F5", None,
                                        "Show the map's tour full screen, step by step (Esc to come back)")
        self.handout_action = self._act("&Hand Out…", lambda: classroom.hand_out(self), None, None,
                                        "Save a copy of the map for students to weigh")
        self.collect_action = self._act("&Collect…", lambda: classroom.collect_class(self), None, None,
                                        "Gather the students' weighed copies into one class map")
        self.class_report_action = self._act("&Report…", lambda: classroom.write_class_report(self), None, None,
                                             "The class's ranking and where it disagrees, as PDF or Markdown")
        self.suggestions_action = self._act("&Suggestions…", lambda: classroom.show_suggestions(self), None, None,
                                            "The students' changes to the map's structure; adopt an added branch")

    def panes(self) -> list[QWidget]:
        """The panes F6 goes through, in order, those on screen only."""
        order = [self.outline, self.canvas, self.panels["inspector"], self.panels["weighing"], self.panels["source"]]
        return [pane for pane in order if pane.isVisible() and pane.visibleRegion().boundingRect().height() > 0]

    def focus_pane(self, step: int) -> QWidget | None:
        """Give the keyboard focus to the pane `step` away from the focused one (F6, Shift+F6)."""
        panes = self.panes()
        if not panes:
            return None
        focus = QApplication.focusWidget()
        at = next((i for i, pane in enumerate(panes) if focus is not None and (focus is pane or pane.isAncestorOf(focus))),
                  -1 if step > 0 else 0)
        pane = panes[(at + step) % len(panes)]
        target = pane if pane.focusPolicy() & Qt.FocusPolicy.TabFocus else next(
            (w for w in pane.findChildren(QWidget) if w.isVisible() and w.isEnabled()
             and w.focusPolicy() & Qt.FocusPolicy.TabFocus), pane)
        target.setFocus(Qt.FocusReason.TabFocusReason)
        self.show_status(f"Focus: {self._pane_name(pane)} (F6 next pane, Shift+F6 previous)")
        return pane

    def _pane_name(self, pane: QWidget) -> str:
        names = {id(self.outline): "outline", id(self.canvas): "map"}
        names.update({id(panel): key for key, panel in self.panels.items()})
        return names.get(id(pane), "pane")

    def _build_menus(self) -> None:
        build_menus(self)

    def _build_toolbar(self) -> None:
        self.toolbar = build_toolbar(self)
        self.context_menu = build_context_menu(self)

    def _build_status(self) -> None:
        self.count_label = QLabel(self)
        self.leader_label = QLabel(self)
        self.leader_label.setTextFormat(Qt.TextFormat.PlainText)  # it shows map text
        self.leader_label.setToolTip("The option with the best overall score, and that score: the good and bad "
                                     "effects of its consequences times their chances, averaged over the sides by "
                                     "their weights.")
        self.count_label.setToolTip("How many cards the map has, of every kind.")
        self.weighing_label = QLabel(self)  # whose values the map shows, when not only the author's
        self.statusBar().addPermanentWidget(self.weighing_label)
        self.statusBar().addPermanentWidget(self.leader_label)
        self.statusBar().addPermanentWidget(self.count_label)

    # -- state shown in the frame --------------------------------------------------------

    def commit_pending_edits(self) -> None:
        """Apply text still being typed in the canvas's in-place editor (before a save or a close)."""
        editor = self.canvas.editor
        if editor is not None:
            editor.commit()

    def show_status(self, text: str, timeout_ms: int = 6000) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    @property
    def display_name(self) -> str:
        path = self.session.path
        return path.name if path else (self.session.document.title or "Untitled map")

    def _update_title(self, *_: Any) -> None:
        self.setWindowTitle(f"{self.display_name}[*] — argmap")
        self.setWindowModified(self.session.is_modified)
        self.revert_action.setEnabled(self.session.path is not None)

    def _on_clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    def _on_session_changed(self, _edit: Any) -> None:
        self._update_counts()
        self._update_weighing_label()

    def _on_session_replaced(self) -> None:
        doc = self.session.document
        self._update_title()
        self._update_counts()
        direction = self.direction_actions.get(doc.view.direction)
        if direction is not None:
            direction.setChecked(True)
        self.compact_action.setChecked(doc.view.layout == "compact")
        self._on_canvas_fold_changed(self.canvas.fold)
        self._update_weighing_label()
        if classroom.needs_student_name(self):
            # Once the opening is done and the window is up: a handout asks for the student's name.
            QTimer.singleShot(0, lambda: classroom.ask_name_if_handout(self))

    def _select_root_if_none(self, *_: Any) -> None:
        """Start on the question, so that Tab adds an option straight away."""
        root = self.session.document.root()
        if self.session.current is None and root is not None:
            self.session.select(root.id)

    def _connect_class_view(self) -> None:
        """The class view's messages go to the status bar, its disagreement tints the canvas."""
        panel = self.weighing.class_panel
        panel.message.connect(self.show_status)
        panel.contested_changed.connect(self.canvas.set_tint)
        panel.anonymous_changed.connect(lambda _on: self._update_weighing_label())
        panel.shown.connect(self._on_class_view_shown)
        self.weighing.weighing_row.message.connect(self.show_status)

    def _on_class_view_shown(self, on: bool) -> None:
        """Give the class view room: the weighing pane grows to most of its column, and wider."""
        dock, inspector = self.docks["weighing"], self.docks["inspector"]
        if not on or dock.isFloating() or not dock.isVisible():
            return
        if not inspector.isFloating() and inspector.isVisible() and self.dockWidgetArea(inspector) == \
                self.dockWidgetArea(dock) and dock.height() < 0.7 * (dock.height() + inspector.height()):
            total = dock.height() + inspector.height()
            self.resizeDocks([inspector, dock], [int(total * 0.25), int(total * 0.75)], Qt.Orientation.Vertical)
        wanted = min(560, self.width() // 3, dock.width() + max(0, self.canvas.width() - self.width() // 2))
        if dock.width() < wanted:  # wider, but never at the cost of more than half the map
            self.resizeDocks([dock], [wanted], Qt.Orientation.Horizontal)

    def update_class_actions(self) -> None:
        """Report and Suggestions need students' weighings in the map."""
        has = has_students(self.session.document)
        self.class_report_action.setEnabled(has)
        self.suggestions_action.setEnabled(has)

    def _update_weighing_label(self) -> None:
        doc = self.session.document
        if doc.active_weighing is not None:
            name = weighing_label(doc, doc.active_weighing, self.weighing.class_panel.anonymous)
            text = f"Showing {name}'s weighing"
        elif doc.handout and doc.author:
            text = f"Weighing as {doc.author}"
        else:
            text = ""
        self.weighing_label.setText(text)
        self.weighing_label.setVisible(bool(text))

    def _update_counts(self) -> None:
        n = len(self.session.document.nodes)
        self.count_label.setText(f"{n} node{'s' if n != 1 else ''}")

    @property
    def weighing(self) -> WeighingPanel:
        return self.panels["weighing"]  # type: ignore[return-value]

    @property
    def semantics(self) -> str:
        """The gradual semantics chosen in the weighing pane; the canvas and status bar use it too."""
        weighing = self.panels.get("weighing") if hasattr(self, "panels") else None
        return (weighing.semantics if weighing is not None else "") or "df-quad"

    @property
    def scores(self) -> Scores | None:
        """The current document's scores (None when it cannot be scored)."""
        return self.score_keeper.scores

    def _on_semantics_changed(self, _index: int) -> None:
        app_settings().setValue("scoring/semantics", self.semantics)
        self.recompute_scores()

    def recompute_scores(self, refresh_canvas: bool = True) -> Scores | None:
        """Score the document now, hand the scores to the canvas and show the leader."""
        return self.score_keeper.recompute(refresh_canvas)

    def _on_scores_changed(self, scores: Scores | None) -> None:
        if scores is None:
            self.leader_label.setText("not scored")
            self.show_status(f"The map cannot be scored: {self.score_keeper.error}")
        else:
            ranked = [o for o in scores.options if o.overall is not None]
            if ranked:
                best = ranked[0]
                label = best.label if len(best.label) <= 40 else best.label[:39] + "…"
                self.leader_label.setText(qt_plain(f"Leader: {label} ({best.overall:+.2f})"))
            else:
                self.leader_label.setText("No weighed option yet")
        self.scores_changed.emit(scores)

    # -- view --------------------------------------------------------------------------

    def _on_outline_double_clicked(self, index: QModelIndex) -> None:
        node_id = self.outline.outline.node_id(index)
        if node_id:  # after the click is done with, or the outline takes the focus back and closes the editor
            QTimer.singleShot(0, lambda: self.canvas.edit_text(node_id))

    def _set_direction(self, direction: str) -> None:
        # Choosing a tidy tree's direction leaves the compact layout (which is always top-down).
        if self.compact_action.isChecked():
            self.compact_action.setChecked(False)
            self.canvas.set_layout("tidy")
        self.canvas.set_direction(direction)

    def _toggle_compact(self) -> None:
        self.canvas.set_layout("compact" if self.compact_action.isChecked() else "tidy")

    def _on_canvas_fold_changed(self, levels: int | None) -> None:
        act = self.fold_actions.get(levels if levels is None or levels <= 9 else 9)
        if act is not None:
            act.setChecked(True)

    def _on_find_found(self, node_id: str) -> None:
        self.canvas.scroll_to(node_id)

    def present(self) -> PresentationView:
        """Show the map's tour full screen; Esc comes back here."""
        self.commit_pending_edits()
        view = PresentationView(self.session.document, self.scores)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if view.dropped:
            self.show_status(f"The tour names {len(view.dropped)} node(s) no longer in the map; they are left out: "
                             + ", ".join(view.dropped), 12000)
        view.closed.connect(self.activateWindow)
        self.presentation = view
        view.showFullScreen()
        view.activateWindow()
        view.setFocus()
        return view

    def _export(self) -> None:
        export_map = _optional("argmap.gui.exportdialog", "export_map")
        if export_map is None:
            self.show_status("Export is not available in this installation.")
            return
        self.commit_pending_edits()
        export_map(self, self.session)

    def _print(self, name: str) -> None:
        run = _optional("argmap.gui.printing", name)
        if run is None:
            self.show_status("Printing is not available in this installation.")
            return
        self.commit_pending_edits()
        run(self, self.session)

    def _copy_image(self) -> None:
        copy_as_image = _optional("argmap.gui.exportdialog", "copy_as_image")
        if copy_as_image is None:
            self.show_status("Copying as an image is not available in this installation.")
            return
        self.commit_pending_edits()
        copy_as_image(self, self.session)

    def open_teachers_pack(self) -> Any:
        """Help ▸ Teacher's Pack: show the map's pack (a message when it has none)."""
        from argmap.gui.packdialog import open_pack

        self.commit_pending_edits()
        self.pack_dialog = open_pack(self, self.session.document, self.session.path)
        return self.pack_dialog

    def fill_scenario_menu(self) -> None:
        """File ▸ Open Scenario: the bundled maps by title; each opens as an untitled copy."""
        from argmap.io import read

        menu = self.scenario_menu
        menu.clear()
        for path in sorted(SCENARIOS.glob("*.argmap.json")):
            try:
                title = read(path).title or path.name
            except ArgmapError:
                continue
            act = menu.addAction(title)
            act.setStatusTip(f"Open a copy of {path.name}, with its source text and teacher's pack")
            act.triggered.connect(lambda _=False, p=path: self.open_scenario(p))
        if menu.isEmpty():
            menu.addAction("(none)").setEnabled(False)

    def open_scenario(self, path: Path) -> bool:
        """Open a bundled scenario as an untitled copy (after asking about unsaved changes)."""
        return self.files.maybe_save() and self.files.open_path(path, as_copy=True)

    def fill_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        recent = self.files.recent_files()
        names = [Path(p).name for p in recent]
        for path, name in zip(recent, names):
            if names.count(name) > 1:  # same name in two folders: say which
                name = f"{name} — {Path(path).parent.name or Path(path).parent}"
            act = menu.addAction(name)
            act.setStatusTip(path)
            act.setToolTip(path)
            act.triggered.connect(lambda _=False, p=path: self.files.open_recent(p))
        if not recent:
            menu.addAction("(none)").setEnabled(False)
        menu.addSeparator()
        menu.addAction("Clear Menu", self.files.clear_recent)

    # -- settings, closing, dropping -------------------------------------------------------

    def _restore_settings(self) -> None:
        settings = app_settings()
        geometry = settings.value("window/geometry")
        #: No window was ever closed with these settings: show_window() maximises it.
        self.is_first_run = not (isinstance(geometry, QByteArray) and not geometry.isEmpty())
        if not self.is_first_run:
            self.restoreGeometry(geometry)
        else:
            screen = self.screen().availableGeometry()
            self.resize(min(1500, int(screen.width() * 0.92)), min(940, int(screen.height() * 0.92)))
        state = settings.value("window/state")
        #: Whether the panes' sizes follow the window's (fit_docks): until they are restored or sized by hand.
        self.docks_follow_window = not (isinstance(state, QByteArray) and not state.isEmpty())
        if not self.docks_follow_window:
            self.restoreState(state)
        header = settings.value("outline/header")
        if isinstance(header, QByteArray) and not header.isEmpty():
            self.outline.restore_header(header)
        combo = self.weighing.semantics_combo
        index = combo.findData(settings.value("scoring/semantics", "df-quad"))
        if index >= 0:
            combo.setCurrentIndex(index)

    def show_window(self) -> None:
        """Show the window: maximised on the first run, else with the size, place and panes it was left with."""
        if self.is_first_run:
            self.showMaximized()
        else:
            self.show()

    def _side_columns(self) -> list[tuple[QDockWidget, int]]:
        """For each side column with a shown, docked pane (left first): its widest pane and the column's least width."""
        columns = []
        for area in _COLUMN_SHARE:
            docks = [d for d in self.findChildren(QDockWidget) if d.isVisible() and not d.isFloating()
                     and self.dockWidgetArea(d) == area]
            if docks:
                columns.append((max(docks, key=lambda d: d.width()),
                                max(d.minimumSizeHint().width() for d in docks)))
        return columns

    def fit_docks(self) -> None:
        """Size the side columns to the window.

        Until a pane is sized by hand (or restored from the settings), each column takes its
        part of the width (about a fifth on the left, a quarter on the right, capped) and the
        weighing pane most of the height it shares with the inspector. Below NARROW_WIDTH the
        columns shrink, in proportion, until the map has at least CANVAS_SHARE of the width
        (down to the panes' least widths).
        """
        columns = self._side_columns()
        if not columns:
            return
        docks, least = [d for d, _ in columns], [m for _, m in columns]
        width = self.width()
        widths = [d.width() for d in docks]
        sizes: list[int] | None = None
        if self.docks_follow_window:
            sizes = [min(cap, int(width * share)) for share, cap in
                     (_COLUMN_SHARE[self.dockWidgetArea(d)] for d in docks)]
            stack = self._inspector_and_weighing()
            if stack:
                total = sum(d.height() for d in stack)
                top = int(total * (0.25 if total >= 850 else 0.4))  # a tall window: more room for the tornado
                self.resizeDocks(stack, [top, total - top], Qt.Orientation.Vertical)
        # What the columns may take: the map's share of the width is measured inside its scroll bar.
        room = int(width * (1 - CANVAS_SHARE)) - 8 * len(docks) - \
            self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent) - 4
        if width < NARROW_WIDTH and sum(max(w, m) for w, m in zip(sizes or widths, least)) > room:
            sizes = _shrink(sizes or widths, least, room)
        if sizes is not None and sizes != widths:
            self.resizeDocks(docks, sizes, Qt.Orientation.Horizontal)

    def event(self, event: QEvent) -> bool:
        # A press that reaches the window itself, not a child, is on a separator between panes:
        # the panes are being sized by hand, and stop following the window (except when it is narrow).
        if event.type() == QEvent.Type.MouseButtonPress and self.childAt(event.position().toPoint()) is None:
            self.docks_follow_window = False
        return super().event(event)

    def _inspector_and_weighing(self) -> list[QDockWidget]:
        """The inspector and the weighing pane when one sits above the other in a column (as at first)."""
        pair = [self.docks["inspector"], self.docks["weighing"]]
        if all(d.isVisible() and not d.isFloating() for d in pair) and \
                self.dockWidgetArea(pair[0]) == self.dockWidgetArea(pair[1]) and pair[0].x() == pair[1].x() and \
                pair[0].y() != pair[1].y():
            return pair
        return []

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if not hasattr(self, "docks_follow_window"):  # still being built
            return
        self.fit_docks()  # now, so that the panes have their sizes by the time the window is shown
        self._dock_timer.start()  # and again once the layout has settled (least widths are known then)

    def save_settings(self) -> None:
        settings = app_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("outline/header", self.outline.header().saveState())
        settings.sync()

    def new_window(self) -> "MainWindow":
        """Open another window on a new map (deleted when it closes)."""
        window = MainWindow(recovery_dir=self.autosaver.folder)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        _other_windows.append(window)
        window.move(self.pos() + QPoint(40, 40))
        window.show()
        return window

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.maybe_save():
            event.ignore()
            return
        self.save_settings()
        self.autosaver.discard()
        self.autosaver.stop()
        if self in _other_windows:
            _other_windows.remove(self)
        event.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """On the canvas and the outline: map files dropped open; a right click offers the node's menu."""
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            if _dropped_maps(event):  # type: ignore[arg-type]
                self._handle_drop(event)  # type: ignore[arg-type]
                return True
        elif event.type() == QEvent.Type.ContextMenu:
            self._show_context_menu(watched, event)  # type: ignore[arg-type]
            return True
        return super().eventFilter(watched, event)

    def _show_context_menu(self, viewport: QObject, event: QContextMenuEvent) -> None:
        """Select the node under the pointer (keeping a selection it is part of) and show its menu."""
        if viewport is self.canvas.viewport():
            node_id = self.canvas.card_at(QPointF(event.pos()))
            self.canvas.setFocus(Qt.FocusReason.PopupFocusReason)
        else:
            node_id = self.outline.outline.node_id(self.outline.indexAt(event.pos()))
            self.outline.setFocus(Qt.FocusReason.PopupFocusReason)
        if node_id is not None and node_id not in self.session.selection:
            self.session.select(node_id)
        self.context_menu.popup(event.globalPos())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._handle_drop(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._handle_drop(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._handle_drop(event)

    def _handle_drop(self, event: QDropEvent) -> None:
        paths = _dropped_maps(event)
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        if event.type() == QEvent.Type.Drop:
            # Open after the drop returns: a modal question inside a drop handler blocks the drag source.
            QTimer.singleShot(0, lambda: self.files.open_path_asking(paths[0]))


def _shrink(widths: list[int], least: list[int], room: int) -> list[int]:
    """`widths` scaled down in proportion to add up to `room`; a width held at its least
    leaves the rest of the shrinking to the others."""
    sizes = [max(w, m) for w, m in zip(widths, least)]
    free = {i for i, (w, m) in enumerate(zip(sizes, least)) if w > m}
    while free and sum(sizes) > room:
        excess = sum(sizes) - room
        movable = sum(sizes[i] for i in free) or 1
        for i in list(free):
            new = sizes[i] - excess * sizes[i] // movable - 1
            if new <= least[i]:
                new = least[i]
                free.discard(i)
            sizes[i] = new
    return sizes


def _dropped_maps(event: QDropEvent) -> list[str]:
    """The map files a drag carries."""
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return []
    return [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and is_map_file(u.toLocalFile())]
