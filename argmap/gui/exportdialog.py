"""File ▸ Export… and Edit ▸ Copy as Image: the export dialog, with progress and Cancel for large maps."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from argmap.errors import ArgmapError, ExportError
from argmap.gui import dialogs
from argmap.model.document import Kind

__all__ = ["ExportDialog", "FORMAT_CHOICES", "export_map", "copy_as_image", "ask_export_path", "exec_dialog"]

#: (label, suffix, is a brief) in the order the format box lists them.
FORMAT_CHOICES = [
    ("PNG picture", ".png", False),
    ("SVG picture", ".svg", False),
    ("PDF picture", ".pdf", False),
    ("Slides (16:9 PDF)", ".pdf", False),
    ("Markdown outline", ".md", False),
    ("Debate brief (Markdown)", ".md", True),
    ("Debate brief (PDF)", ".pdf", True),
    ("Argdown", ".argdown", False),
    ("argmap JSON", ".argmap.json", False),
    ("AIF JSON (argument corpora, OVA)", ".aif.json", False),
    ("GraphML (yEd, Gephi, Cytoscape)", ".graphml", False),
    ("Graphviz DOT", ".dot", False),
    ("CSV tables (nodes and links)", ".csv", False),
]
SLIDES = "Slides (16:9 PDF)"  # the tour, one page per step
_PAGES = [("A4", "a4"), ("Letter", "letter"), ("One page the map's size", "fit")]
_ORIENTATIONS = [("By the map's shape", None), ("Portrait", "portrait"), ("Landscape", "landscape")]
_LAYOUTS = [("As the map", None), ("Compact", "compact"), ("Tidy, top down", "down"), ("Tidy, left to right", "right")]


def ask_export_path(parent: QWidget | None, suggested: str, suffix: str) -> str | None:
    """Ask where to export (a modal file dialog; tests replace it)."""
    path, _ = QFileDialog.getSaveFileName(parent, "Export to", suggested, f"*{suffix};;All files (*)")
    return path or None


def exec_dialog(dialog: QDialog) -> int:
    """Run a dialog modally (tests replace it)."""
    return dialog.exec()


class _Flag:
    def __init__(self) -> None:
        self.value = False

    def set(self) -> None:
        self.value = True

    def clear(self) -> None:
        self.value = False

    def is_set(self) -> bool:
        return self.value


class ExportDialog(QDialog):
    """Choose a format and its options, then export with a progress bar and a Cancel button."""

    def __init__(self, session: Any, parent: QWidget | None = None, scores: Any = None,
                 fold: Any = "map") -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.session = session
        self.scores = scores
        self.cancel_flag = _Flag()
        self.running = False
        self.result_text = ""
        doc = session.document

        self.format_box = QComboBox()
        for label, _, _ in FORMAT_CHOICES:
            self.format_box.addItem(label)
        self.path_edit = QLineEdit(self._suggested_path(".png"))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._on_browse_clicked)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)

        self.scale_spin = QDoubleSpinBox()
        self.scale_spin.setRange(0.1, 8.0)
        self.scale_spin.setSingleStep(0.5)
        self.scale_spin.setValue(1.0)
        self.dpi_spin = QDoubleSpinBox()
        self.dpi_spin.setRange(10, 768)
        self.dpi_spin.setDecimals(0)
        self.dpi_spin.setValue(96)
        self.scale_spin.valueChanged.connect(self._on_scale_changed)
        self.dpi_spin.valueChanged.connect(self._on_dpi_changed)
        self.background_box = QComboBox()
        self.background_box.addItems(["White", "Transparent"])
        self.page_box = QComboBox()
        for label, _ in _PAGES:
            self.page_box.addItem(label)
        self.orientation_box = QComboBox()
        for label, _ in _ORIENTATIONS:
            self.orientation_box.addItem(label)
        self.whole_radio = QRadioButton("Whole map")
        self.branch_radio = QRadioButton("Selected branch")
        scope = QButtonGroup(self)
        scope.addButton(self.whole_radio)
        scope.addButton(self.branch_radio)
        self.whole_radio.setChecked(True)
        current = session.current if getattr(session, "current", None) else None
        self.branch_id: str | None = current if current and doc.has_node(current) else None
        self.branch_radio.setEnabled(self.branch_id is not None)
        if self.branch_id:
            self.branch_radio.setText(f"Selected branch: {_short(doc.node(self.branch_id).label)}")
        scope_row = QHBoxLayout()
        scope_row.addWidget(self.whole_radio)
        scope_row.addWidget(self.branch_radio)
        self.tile_check = QCheckBox("Tile over pages (full size, overview first)")
        self.fold_box = QComboBox()  # levels shown: "all" or 1-9
        self.fold_box.addItem("All", "all")
        for n in range(1, 10):
            self.fold_box.addItem(f"1–{n}" if n > 1 else "1 (the question)", n)
        # What the canvas shows (its own fold level, which may not be saved in the map) unless told otherwise.
        shown = doc.view.fold if fold == "map" else fold
        self.fold_box.setCurrentIndex(self.fold_box.findData(shown or "all"))
        self.layout_box = QComboBox()
        for label, key in _LAYOUTS:
            self.layout_box.addItem(label, key)
        self.text_size_label = QLabel("")
        self.text_size_label.setWordWrap(True)
        self._scenes: dict[tuple, Any] = {}
        self.side_box = QComboBox()
        for node in doc.nodes:
            if node.kind is Kind.OPTION:
                self.side_box.addItem(_short(node.label), node.id)

        form = QFormLayout()
        form.addRow("Format:", self.format_box)
        form.addRow("File:", path_row)
        form.addRow("Scale:", self.scale_spin)
        form.addRow("Resolution (dpi):", self.dpi_spin)
        form.addRow("Background:", self.background_box)
        form.addRow("Page:", self.page_box)
        form.addRow("Orientation:", self.orientation_box)
        form.addRow("", self.tile_check)
        form.addRow("Levels shown:", self.fold_box)
        form.addRow("Layout:", self.layout_box)
        form.addRow("", self.text_size_label)
        form.addRow("Draw:", scope_row)
        form.addRow("Side:", self.side_box)
        self.form = form

        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setValue(0)
        self.status_label = QLabel("")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.export_now)
        self.buttons.rejected.connect(self._on_cancel_clicked)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)
        self.format_box.currentIndexChanged.connect(self._on_format_changed)
        self.side_box.currentIndexChanged.connect(self._on_format_changed)
        for box in (self.page_box, self.orientation_box, self.fold_box, self.layout_box):
            box.currentIndexChanged.connect(self._update_text_size)
        self.tile_check.toggled.connect(self._update_text_size)
        self.branch_radio.toggled.connect(self._update_text_size)
        self._on_format_changed(0)
        last = _settings().value("export/format", "", str)
        if last in [c[0] for c in FORMAT_CHOICES]:
            self.set_format(last)

    # -- state ------------------------------------------------------------------------

    def _suggested_path(self, suffix: str) -> str:
        base = self.session.path
        if base is not None:
            name = Path(base).name
            for ending in (".argmap.json", ".json", ".argdown", ".ad"):
                if name.lower().endswith(ending):
                    name = name[: -len(ending)]
                    break
            return str(Path(base).with_name(name + suffix))
        folder = _settings().value("export/folder", "", str) or str(Path.home())
        return str(Path(folder) / f"{_slug(self.session.document.title) or 'map'}{suffix}")

    def choice(self) -> tuple[str, str, bool]:
        return FORMAT_CHOICES[self.format_box.currentIndex()]

    def set_format(self, label: str) -> None:
        self.format_box.setCurrentIndex([c[0] for c in FORMAT_CHOICES].index(label))

    def _on_format_changed(self, _index: int) -> None:
        label, suffix, is_brief = self.choice()
        picture = suffix in (".png", ".svg", ".pdf") and not is_brief and label != SLIDES
        enabled = {
            self.scale_spin: suffix == ".png",
            self.dpi_spin: suffix == ".png",
            self.background_box: picture and suffix != ".pdf",
            self.page_box: suffix == ".pdf" and label != SLIDES,
            self.orientation_box: suffix == ".pdf" and label != SLIDES,
            self.whole_radio: picture,
            self.branch_radio: picture and self.branch_id is not None,
            self.side_box: is_brief,
            self.tile_check: picture and suffix == ".pdf",
            self.fold_box: picture,
            self.layout_box: picture,
        }
        for widget, on in enabled.items():
            widget.setEnabled(on)
        if is_brief and self.page_box.currentIndex() == 2:
            self.page_box.setCurrentIndex(0)
        path = self.path_edit.text()
        for ending in sorted({c[1] for c in FORMAT_CHOICES}, key=len, reverse=True):
            if path.lower().endswith(ending):
                path = path[: -len(ending)]
                break
        # A brief or slides get a name of their own, so they never overwrite the map's picture.
        path = _MARKED.sub("", path)
        if is_brief:
            path += "-brief-" + (_slug(self.side_box.currentText()) or "side")
        elif label == SLIDES:
            path += "-slides"
        self.path_edit.setText(path + suffix)
        self._update_text_size()

    def _document(self) -> Any:
        """The map to export: with every level shown when "All" is chosen and the map is folded."""
        doc = self.session.document
        if self.fold_box.currentData() != "all" or doc.view.fold is None or not self.fold_box.isEnabled():
            return doc
        return doc.model_copy(update={"view": doc.view.model_copy(update={"fold": None})})

    def _update_text_size(self, *_: Any) -> None:
        """Say how large the text of a PDF picture comes out, before exporting."""
        from argmap.render import images, pages
        from argmap.render.exporter import with_view

        opts = self.options()
        if not self.tile_check.isEnabled():
            self.text_size_label.setText("")
            return
        key = (opts.fold, opts.layout, opts.branch, self.fold_box.currentData())
        try:
            if key not in self._scenes:
                self._scenes = {key: images.map_scene(with_view(self._document(), opts.layout, opts.fold),
                                                      self.scores, branch=opts.branch)}
            note = pages.pdf_note(self._scenes[key], opts.page, opts.orientation, opts.tile)
        except ArgmapError as err:
            note = str(err)
        self.text_size_label.setText(note)

    def _on_scale_changed(self, value: float) -> None:
        if not math.isclose(self.dpi_spin.value(), value * 96, abs_tol=0.5):
            self.dpi_spin.setValue(round(value * 96))

    def _on_dpi_changed(self, value: float) -> None:
        if not math.isclose(self.scale_spin.value() * 96, value, abs_tol=0.5):
            self.scale_spin.setValue(value / 96)

    def _on_browse_clicked(self) -> None:
        _, suffix, _ = self.choice()
        path = ask_export_path(self, self.path_edit.text(), suffix)
        if path:
            self.path_edit.setText(path)

    def options(self) -> Any:
        from argmap.render.exporter import ExportOptions

        _, suffix, is_brief = self.choice()
        page = _PAGES[self.page_box.currentIndex()][1]
        orientation = _ORIENTATIONS[self.orientation_box.currentIndex()][1]
        return ExportOptions(
            scale=self.scale_spin.value(),
            transparent=self.background_box.currentIndex() == 1,
            page=page,
            orientation=orientation if not is_brief else (orientation or "portrait"),
            branch=self.branch_id if self.branch_radio.isChecked() and self.branch_radio.isEnabled() else None,
            brief_side=self.side_box.currentData() if is_brief else None,
            slides=self.choice()[0] == SLIDES,
            tile=self.tile_check.isEnabled() and self.tile_check.isChecked(),
            fold=self.fold_box.currentData() if self.fold_box.isEnabled() and self.fold_box.currentData() != "all" else None,
            layout=self.layout_box.currentData() if self.layout_box.isEnabled() else None,
        )

    # -- running -----------------------------------------------------------------------

    def _on_progress(self, done: int, total: int) -> None:
        self.progress_bar.setValue(int(100 * done / max(total, 1)))
        QCoreApplication.processEvents()  # lets Cancel be clicked during a long export

    def _on_cancel_clicked(self) -> None:
        if self.running:
            self.cancel_flag.set()
            self.status_label.setText("Cancelling…")
        else:
            self.reject()

    def export_now(self) -> bool:
        """Export with the chosen options; errors are shown, and a cancel leaves no file."""
        from argmap.render import images
        from argmap.render.exporter import export

        path = self.path_edit.text().strip()
        if not path:
            dialogs.show_error(self, ExportError("Choose a file to export to.", hint="Type a path or click Browse…"))
            return False
        self.cancel_flag.clear()
        self.running = True
        self.export_button.setEnabled(False)
        self.status_label.setText("Exporting…")
        self.progress_bar.setValue(0)
        try:
            self.result_text = export(self._document(), path, self.options(),
                                      progress=self._on_progress, cancel=self.cancel_flag)
        except images.ExportCancelled:
            self.status_label.setText("Cancelled; no file was written.")
            return False
        except ArgmapError as err:
            self.status_label.setText("")
            dialogs.show_error(self, err)
            return False
        finally:
            self.running = False
            self.export_button.setEnabled(True)
        self.progress_bar.setValue(100)
        settings = _settings()
        settings.setValue("export/format", self.choice()[0])
        settings.setValue("export/folder", str(Path(path).resolve().parent))
        self.accept()
        return True


def _settings() -> Any:
    from argmap.gui.files import app_settings

    return app_settings()


def _short(text: str, limit: int = 48) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


#: What a brief's or the slides' file name adds to the map's ("map-brief-side-with-the-us.pdf").
_MARKED = re.compile(r"-(brief-[a-z0-9-]*|slides)$")


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())[:40]


def export_map(window: Any, session: Any) -> None:
    """File ▸ Export…: show the dialog; on success say what was written in the status bar."""
    canvas = getattr(window, "canvas", None)
    dialog = ExportDialog(session, window, scores=getattr(window, "scores", None),
                          fold=canvas.fold if canvas is not None else "map")
    if exec_dialog(dialog) and dialog.result_text and hasattr(window, "show_status"):
        window.show_status(f"Exported {dialog.result_text}")


def copy_as_image(window: Any, session: Any) -> None:
    """Edit ▸ Copy as Image: a PNG of the map, or of the selected branch, on the clipboard."""
    from argmap.render import images

    doc = session.document
    current = getattr(session, "current", None)
    branch = current if current and doc.has_node(current) else None
    try:
        scene = images.map_scene(doc, getattr(window, "scores", None), branch=branch)
        scale = 1.0
        try:
            images.check_png_size(scene, scale)
        except ExportError:
            b = scene.bounds
            scale = min(1.0, math.sqrt(images.MAX_PIXELS / (b.w * b.h)), images.MAX_SIDE / max(b.w, b.h)) * 0.99
        image = images.render_image(scene, scale)
    except ArgmapError as err:
        dialogs.show_error(window, err)
        return
    QApplication.clipboard().setImage(image)
    what = "the selected branch" if branch else "the map"
    if hasattr(window, "show_status"):
        window.show_status(f"Copied {what} as an image ({image.width()} × {image.height()} pixels).")

