"""The classroom in the window: a student's name on opening a handout, and File ▸ Class.

- Hand Out…: a student copy of the map (optionally without the numbers), written atomically.
- Collect…: the students' files (a folder, or files) into one class map with the open map as
  its base; the collect report is shown, and the class map opens unsaved, in the class view.
- Report…: the class report as PDF or Markdown (`argmap.render.classreport`).
- Suggestions…: every student's structural changes; an added branch can be adopted (undoable).

Every question these actions ask goes through one function here (`ask_student_name`,
`ask_handout`, `ask_collect_paths`, `ask_collect_report`, `ask_report_path`) so that tests
can replace it. The classroom modules are imported inside the actions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QHeaderView,
                               QInputDialog, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from argmap.errors import ArgmapError
from argmap.gui import dialogs
from argmap.gui.classview import has_students, student_name
from argmap.model.weighings import AUTHOR, SetAuthor

if TYPE_CHECKING:
    from argmap.gui.mainwindow import MainWindow
    from argmap.gui.session import Session
    from argmap.io.classroom import Collected

__all__ = ["ask_student_name", "needs_student_name", "ask_name_if_handout", "HandoutChoice", "ask_handout",
           "ask_collect_paths", "ask_collect_report", "ask_report_path", "hand_out", "collect_class",
           "write_class_report", "show_suggestions", "SuggestionsDialog", "suggestions"]

REPORT_FILTER = "PDF (*.pdf);;Markdown (*.md)"


# -- a student's name -----------------------------------------------------------------------------


def ask_student_name(parent: QWidget | None) -> str | None:
    """Ask a student for their name; None when cancelled."""
    name, ok = QInputDialog.getText(
        parent, "Your name", "This map was handed out for you to weigh.\nYour name (your teacher sees it):",
        QLineEdit.EchoMode.Normal, "")
    return name if ok else None


def needs_student_name(window: "MainWindow") -> bool:
    """Whether the open map is a handout nobody has put their name on yet."""
    doc = window.session.document
    return doc.handout and not doc.author.strip()


def ask_name_if_handout(window: "MainWindow") -> bool:
    """On a handout without a name, ask for the student's and set it (an undo step); True when set.

    Cancel leaves the name empty: the question comes back the next time the file is opened.
    """
    if not needs_student_name(window):
        return False
    name = " ".join((ask_student_name(window) or "").split())
    if not name or not needs_student_name(window):
        return False
    window.session.apply(SetAuthor(name), "Enter your name")
    window.show_status(f"Weighing as {name}: your values are saved with your name.", 10000)
    return True


# -- the questions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HandoutChoice:
    """Where to write the student copy, and whether to leave the numbers out."""

    path: str
    blank: bool = False


class _HandoutDialog(QDialog):
    def __init__(self, parent: QWidget | None, suggested: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Hand Out")
        self.path_edit = QLineEdit(suggested)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        self.blank_check = QCheckBox("Remove my numbers so students weigh from scratch")
        self.blank_check.setToolTip("Leave every likelihood, impact and strength out of the copy")
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Hand Out")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel("A copy for your students: each opens it, enters their name, weighs the map and sends "
                       "the file back. Your perspectives, sources and tour go with it.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(QLabel("Save the copy as"))
        layout.addLayout(row)
        layout.addWidget(self.blank_check)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Hand out as", self.path_edit.text(), dialogs.FILE_FILTER)
        if path:
            self.path_edit.setText(path)


def ask_handout(parent: QWidget | None, suggested: str) -> HandoutChoice | None:
    """Ask where to write the student copy and whether to blank its numbers; None when cancelled."""
    dialog = _HandoutDialog(parent, suggested)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.path_edit.text().strip():
        return None
    return HandoutChoice(dialog.path_edit.text().strip(), dialog.blank_check.isChecked())


def ask_collect_paths(parent: QWidget | None, directory: str) -> list[str] | None:
    """Ask for the students' files: a folder (its *.argmap.json files) or some files; None when cancelled."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Collect")
    box.setText("Collect the students' files into one class map.")
    box.setInformativeText("Pick the folder they are in (every *.argmap.json file in it), or pick the files.")
    folder = box.addButton("Folder…", QMessageBox.ButtonRole.AcceptRole)
    files = box.addButton("Files…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if box.clickedButton() is folder:
        path = QFileDialog.getExistingDirectory(parent, "The students' folder", directory)
        return [path] if path else None
    if box.clickedButton() is files:
        paths, _ = QFileDialog.getOpenFileNames(parent, "The students' files", directory, dialogs.FILE_FILTER)
        return paths or None
    return None


class _CollectDialog(QDialog):
    """The collect report; "Keep broken files where possible" collects again in keep mode."""

    def __init__(self, parent: QWidget | None, run: Callable[[bool], "Collected"]) -> None:
        super().__init__(parent)
        self.run = run
        self.collected: Collected | None = None
        self.setWindowTitle("Collect")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.keep_check = QCheckBox("Keep broken files where possible")
        self.keep_check.setToolTip("Keep a repeated name as 'Name (2)' and leave out impacts off the map's "
                                   "scale, instead of skipping the file")
        self.keep_check.toggled.connect(self._collect)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Open Class Map")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.keep_check)
        layout.addWidget(self.buttons)
        self.resize(760, 480)
        self._collect(False)

    def _collect(self, keep: bool) -> None:
        self.collected = self.run(keep)
        show_report(self, self.collected)


def show_report(dialog: Any, collected: "Collected") -> None:
    """Fill a collect dialog's summary and text from what was collected."""
    from argmap.io.classroom import collect_report

    kept, skipped = len(collected.kept), len(collected.skipped)
    dialog.summary.setText(
        f"<b>{kept} student{'s' if kept != 1 else ''}</b> collected, {skipped} file{'s' if skipped != 1 else ''} "
        "skipped. The class map opens unsaved: Save asks where to keep it." if kept else
        "<b>No student's file could be collected.</b> The reasons are below.")
    dialog.text.setPlainText("\n".join(collect_report(collected)))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(kept > 0)


def ask_collect_report(parent: QWidget | None, run: Callable[[bool], "Collected"]) -> "Collected | None":
    """Collect with `run(keep)`, show the report; the Collected to open, or None when cancelled."""
    dialog = _CollectDialog(parent, run)
    return dialog.collected if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_report_path(parent: QWidget | None, suggested: str) -> str | None:
    """Ask where to write the class report (.pdf or .md); None when cancelled."""
    path, chosen = QFileDialog.getSaveFileName(parent, "Class report", suggested, REPORT_FILTER)
    if not path:
        return None
    if Path(path).suffix.lower() not in (".pdf", ".md"):
        path += ".md" if chosen.startswith("Markdown") else ".pdf"
    return path


# -- the actions --------------------------------------------------------------------------------------


def _folder(window: "MainWindow") -> Path:
    path = window.session.path
    return path.parent if path is not None else Path(window.files._folder())


def _safe(title: str) -> str:
    return "".join(c if c.isalnum() or c in " -_" else "_" for c in title).strip() or "map"


def hand_out(window: "MainWindow") -> str | None:
    """File ▸ Class ▸ Hand Out…: write a student copy of the map; returns its path (None when not written)."""
    from argmap.gui.files import with_map_suffix
    from argmap.io import jsondoc
    from argmap.io.classroom import handout

    window.commit_pending_edits()
    doc = window.session.document
    suggested = _folder(window) / f"{_safe(doc.title or 'map')} - handout{jsondoc.SUFFIX}"
    choice = ask_handout(window, str(suggested))
    if choice is None:
        return None
    path = with_map_suffix(choice.path)
    try:
        jsondoc.write(handout(doc, blank=choice.blank), path)
    except ArgmapError as err:
        dialogs.show_error(window, err)
        return None
    numbers = "without numbers" if choice.blank else "with your numbers as a start"
    window.show_status(f"Handed out {Path(path).name} ({numbers}): each student opens a copy, enters their name, "
                       "weighs the map and sends it back.", 12000)
    return path


def collect_class(window: "MainWindow") -> bool:
    """File ▸ Class ▸ Collect…: the students' files into a class map, opened unsaved in the class view."""
    from argmap.io.classroom import collect

    window.commit_pending_edits()
    paths = ask_collect_paths(window, str(_folder(window)))
    if not paths:
        return False
    doc = window.session.document
    root = doc.root()
    # A fresh map has only its question: then the class map comes from the students' own files.
    base = doc if root is not None and doc.children(root.id) else None
    exclude = [window.session.path] if window.session.path is not None else []
    error: list[ArgmapError] = []

    def run(keep: bool) -> "Collected":
        try:
            return collect(paths, base=base, on_problem="keep" if keep else "skip", exclude=exclude)
        except ArgmapError as err:  # the open map cannot be a class map: say so in the report
            from argmap.io.classroom import Collected
            from argmap.model.document import Document, SkippedFile

            error.append(err)
            return Collected(Document(), [SkippedFile(file=window.display_name, reason=err.message)])

    collected = ask_collect_report(window, run)
    if collected is None or not collected.kept:
        return False
    if not window.files.maybe_save():
        return False
    session = window.session
    session.set_document(collected.doc)
    session.undo_stack.resetClean()  # a new, unsaved map: closing asks, Save asks where
    window.autosaver.discard()
    window._update_title()
    try:
        window.weighing.show_class_view()
    except ArgmapError:
        pass  # no student could be scored as one: the ranking shows instead
    skipped = len(collected.skipped)
    window.show_status(f"Collected {len(collected.kept)} students' weighings"
                       + (f" ({skipped} file{'s' if skipped != 1 else ''} skipped)" if skipped else "")
                       + ": the class map is not saved yet.", 12000)
    return True


def write_class_report(window: "MainWindow") -> str | None:
    """File ▸ Class ▸ Report…: the class report as PDF or Markdown; returns the summary line."""
    from argmap.render.classreport import write_report

    window.commit_pending_edits()
    doc = window.session.document
    if not has_students(doc):
        dialogs.show_error(window, ArgmapError("The map has no students' weighings to report on.",
                                               hint="Collect the students' files first: File ▸ Class ▸ Collect…."))
        return None
    stem = window.session.path.name.removesuffix(".argmap.json") if window.session.path else _safe(doc.title)
    path = ask_report_path(window, str(_folder(window) / f"{stem} - class report.pdf"))
    if not path:
        return None
    anonymous = window.weighing.class_panel.anonymous
    try:
        summary = write_report(doc, path, anonymous=anonymous)
    except ArgmapError as err:
        dialogs.show_error(window, err)
        return None
    window.show_status(f"Wrote {Path(path).name}" + (" with codes instead of names" if anonymous else "")
                       + f": {summary.split(': ', 1)[-1]}.", 10000)
    return summary


# -- suggestions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """One structural change in one student's copy."""

    weighing_id: str
    index: int
    student: str
    kind: str
    label: str
    parent: str
    detail: str
    node: str
    parent_id: str | None = None


def suggestions(doc: Any, anonymous: bool = False) -> list[Suggestion]:
    """Every student's structural changes, in student order."""
    out = []
    for w in doc.weighings:
        if w.id == AUTHOR:
            continue
        who = student_name(w.name, w.file, w.id, anonymous)
        for i, c in enumerate(w.changes):
            label = c.branch[0].label if c.kind == "added" and c.branch else (
                doc.node(c.node).label if doc.has_node(c.node) else c.detail or c.node)
            parent = doc.node(c.parent).label if c.parent and doc.has_node(c.parent) else (c.parent or "")
            out.append(Suggestion(w.id, i, who, c.kind, label, parent, c.detail, c.node, c.parent))
    return out


class SuggestionsDialog(QDialog):
    """Every student's structural changes; Adopt puts an added branch into the map (undoable)."""

    COLUMNS = ("Student", "Change", "Node", "Under", "Detail")

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window_ = window
        self.session: Session = window.session
        self.setWindowTitle("Suggestions")
        self.rows: list[Suggestion] = []
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.adopt_button = QPushButton("Adopt")
        self.adopt_button.setToolTip("Add this student's branch to the map under its parent (Undo takes it out)")
        self.show_button = QPushButton("Show in Map")
        close = QPushButton("Close")
        buttons = QHBoxLayout()
        buttons.addWidget(self.adopt_button)
        buttons.addWidget(self.show_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(820, 420)
        self.adopt_button.clicked.connect(self.adopt_current)
        self.show_button.clicked.connect(self.show_current)
        close.clicked.connect(self.close)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.show_current())
        self.session.document_changed.connect(lambda _edit: self.refill())
        self.session.document_replaced.connect(self.refill)
        window.weighing.class_panel.anonymous_changed.connect(lambda _on: self.refill())
        self.refill()

    def refill(self) -> None:
        current = self.current()
        key = (current.weighing_id, current.kind, current.node) if current else None
        self.rows = suggestions(self.session.document, self.window_.weighing.class_panel.anonymous)
        self.table.setRowCount(len(self.rows))
        for r, s in enumerate(self.rows):
            for c, text in enumerate((s.student, s.kind, s.label, s.parent, s.detail)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        for c in range(len(self.COLUMNS) - 1):
            self.table.setColumnWidth(c, min(self.table.columnWidth(c), 220))
        added = sum(1 for s in self.rows if s.kind == "added")
        self.note.setText(f"{len(self.rows)} change{'s' if len(self.rows) != 1 else ''} the students made to the "
                          f"map's structure; {added} added branch{'es' if added != 1 else ''} can be adopted."
                          if self.rows else "The students made no changes to the map's structure.")
        again = next((r for r, s in enumerate(self.rows) if key == (s.weighing_id, s.kind, s.node)), None)
        if again is not None:
            self.table.selectRow(again)
        self._update_buttons()

    def current(self) -> Suggestion | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def _update_buttons(self) -> None:
        s = self.current()
        self.adopt_button.setEnabled(s is not None and s.kind == "added")
        self.show_button.setEnabled(s is not None and self._node_in_map(s) is not None)

    def _node_in_map(self, s: Suggestion) -> str | None:
        """The map's node a change is about: the node itself, or for an added branch where it would hang."""
        target = s.parent_id if s.kind == "added" else s.node
        return target if target and self.session.document.has_node(target) else None

    def adopt_current(self) -> bool:
        """Adopt the selected added branch; True when it was added to the map."""
        from argmap.model.changes import AdoptChange

        s = self.current()
        if s is None or s.kind != "added":
            return False
        before = {n.id for n in self.session.document.nodes}
        refused = self.session.try_apply(AdoptChange(s.weighing_id, s.index), f"Adopt {s.student}'s “{s.label}”")
        if refused:
            self.window_.show_status(refused, 10000)
            return False
        new = [n.id for n in self.session.document.nodes if n.id not in before]
        if new:
            self.session.select(new[0])
        self.window_.show_status(f"Adopted {s.student}'s branch “{s.label}” ({len(new)} node"
                                 f"{'s' if len(new) != 1 else ''}); Undo takes it out again.", 10000)
        return True

    def show_current(self) -> None:
        s = self.current()
        node = self._node_in_map(s) if s is not None else None
        if node is not None:
            self.session.select(node)


def show_suggestions(window: "MainWindow") -> SuggestionsDialog:
    """File ▸ Class ▸ Suggestions…: the students' structural changes, in a window beside the map."""
    dialog = getattr(window, "suggestions_dialog", None)
    if dialog is None:
        dialog = window.suggestions_dialog = SuggestionsDialog(window)
    dialog.refill()
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
