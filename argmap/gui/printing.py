"""File ▸ Print… and File ▸ Print Preview…: the map on paper, fitted to one page or tiled as a poster.

The pages are drawn by `argmap.render.pages`, the code of `argmap export --tile`, onto the
QPrinter the print dialog set up. The map is printed as the canvas shows it: its layout and
the levels shown. The modal dialogs are behind functions here so tests can replace them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from argmap.errors import ArgmapError
from argmap.gui import dialogs

__all__ = ["MODES", "ask_print_mode", "exec_print_dialog", "exec_preview", "print_pages", "print_map",
           "make_preview", "preview_map"]

#: (mode, what the choice says)
MODES = [("fit", "Fit the map on one page"),
         ("tiles", "Tile it over pages at full size (9 pt text), after an overview page")]


def ask_print_mode(parent: QWidget | None, current: str = "fit") -> str | None:
    """Ask whether to fit the map on one page or tile it (a small modal dialog; tests replace it)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Print")
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLabel("How should the map be printed?"))
    buttons = {}
    for mode, text in MODES:
        buttons[mode] = QRadioButton(text)
        layout.addWidget(buttons[mode])
    buttons.get(current, buttons["fit"]).setChecked(True)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    layout.addWidget(box)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return next(mode for mode, button in buttons.items() if button.isChecked())


def exec_print_dialog(dialog: QPrintDialog) -> bool:
    """Run the system's print dialog (tests replace it); True to print."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def exec_preview(dialog: QPrintPreviewDialog) -> int:
    """Run the print preview (tests replace it)."""
    return dialog.exec()


def _shown(window: Any, doc: Any) -> Any:
    """The document with the levels the canvas shows now (its fold may differ from the saved one)."""
    fold = getattr(getattr(window, "canvas", None), "fold", doc.view.fold)
    if fold == doc.view.fold:
        return doc
    view = doc.view.model_copy()
    view.fold = fold
    return doc.model_copy(update={"view": view})


def _scores(window: Any) -> Any:
    return getattr(window, "scores", None)


def print_pages(printer: QPrinter, doc: Any, scores: Any = None, mode: str = "fit") -> int:
    """Draw the map on `printer`: fitted to one page, or tiled after an overview; returns the page count."""
    from argmap.render import images, pages

    scene = images.map_scene(doc, scores)
    if mode == "tiles":
        paper = printer.pageLayout().paintRect(QPageLayout.Unit.Millimeter)
        plan = pages.plan_tiles(scene, (paper.width(), paper.height()))
        return pages.paint_tiles(printer, scene, plan, doc.title)
    pages.paint_fitted(printer, scene, doc.title)
    return 1


def _set_up(printer: QPrinter, doc: Any, scores: Any, mode: str) -> None:
    """Margins for the page labels, and the orientation that suits the map (the print dialog can change both)."""
    from argmap.render import images, pages

    printer.setDocName(doc.title or "argument map")
    m = pages.MARGIN_MM
    printer.setPageMargins(QMarginsF(m, m, m, m), QPageLayout.Unit.Millimeter)
    try:
        scene = images.map_scene(doc, scores)
    except ArgmapError:
        return  # said when printing
    b = scene.bounds
    best, fewest = QPageLayout.Orientation.Landscape if b.w > b.h else QPageLayout.Orientation.Portrait, None
    if mode == "tiles":
        for turn in (QPageLayout.Orientation.Portrait, QPageLayout.Orientation.Landscape):
            layout = QPageLayout(printer.pageLayout())
            layout.setOrientation(turn)
            paper = layout.paintRect(QPageLayout.Unit.Millimeter)
            count = pages.plan_tiles(scene, (paper.width(), paper.height())).pages
            if fewest is None or count < fewest:
                best, fewest = turn, count
    printer.setPageOrientation(best)


def print_map(window: Any, session: Any) -> bool:
    """File ▸ Print…: ask fit or tiles, then the print dialog, then print; True when pages were printed."""
    doc = _shown(window, session.document)
    mode = ask_print_mode(window, getattr(window, "print_mode", "fit"))
    if mode is None:
        return False
    window.print_mode = mode
    scores = _scores(window)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _set_up(printer, doc, scores, mode)
    dialog = QPrintDialog(printer, window)
    if not exec_print_dialog(dialog):
        return False
    try:
        count = print_pages(printer, doc, scores, mode)
    except ArgmapError as err:
        dialogs.show_error(window, err)
        return False
    if hasattr(window, "show_status"):
        window.show_status(f"Printed the map on {count} page{'s' if count != 1 else ''}.")
    return True


def make_preview(window: Any, session: Any, mode: str = "fit") -> QPrintPreviewDialog:
    """The print preview of the map, with a choice of fitting or tiling in its toolbar (not yet shown)."""
    doc = _shown(window, session.document)
    scores = _scores(window)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _set_up(printer, doc, scores, mode)
    dialog = QPrintPreviewDialog(printer, window)
    dialog.setWindowTitle("Print Preview")
    box = QComboBox(dialog)
    for key, text in MODES:
        box.addItem(text, key)
    box.setCurrentIndex([m for m, _ in MODES].index(mode))
    dialog.mode_box = box
    dialog.preview = dialog.findChild(QPrintPreviewWidget)
    dialog.errors = []
    toolbar = dialog.findChild(QToolBar)
    if toolbar is not None:
        toolbar.addSeparator()
        toolbar.addWidget(box)

    def paint(target: QPrinter) -> None:
        try:
            print_pages(target, doc, scores, box.currentData())
        except ArgmapError as err:  # a slot cannot raise: say it once
            if not dialog.errors:
                dialogs.show_error(dialog, err)
            dialog.errors.append(err)

    def on_mode_changed(_index: int) -> None:
        window.print_mode = box.currentData()
        _set_up(printer, doc, scores, box.currentData())
        dialog.preview.updatePreview()

    dialog.paintRequested.connect(paint)
    box.currentIndexChanged.connect(on_mode_changed)
    return dialog


def preview_map(window: Any, session: Any) -> None:
    """File ▸ Print Preview…: the pages as they will print; the preview's own button prints them."""
    dialog = make_preview(window, session, getattr(window, "print_mode", "fit"))
    exec_preview(dialog)
