"""File ▸ Print… and Print Preview…: printing to a PDF file through QPrinter, with the dialogs replaced."""

from __future__ import annotations

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.pdfpage import PDFPage
from pdftext import chars
from PySide6.QtGui import QKeySequence, QPageLayout
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog

from argmap.gui import printing
from argmap.gui.session import Session
from argmap.io import jsondoc
from argmap.paths import bundled_scenario
from argmap.render import images, pages


class PrintLog:
    """What the replaced print dialogs were asked; they print to a PDF file."""

    def __init__(self, path, mode: str | None = "fit", accept: bool = True) -> None:
        self.path, self.mode, self.accept = path, mode, accept
        self.modes_offered: list[str] = []
        self.printers: list[QPrinter] = []
        self.previews: list[QPrintPreviewDialog] = []

    def ask_mode(self, parent, current="fit"):
        self.modes_offered.append(current)
        return self.mode

    def exec_print(self, dialog: QPrintDialog) -> bool:
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.path))
        self.printers.append(printer)
        return self.accept

    def exec_preview(self, dialog: QPrintPreviewDialog) -> int:
        self.previews.append(dialog)
        return 0


@pytest.fixture
def log(monkeypatch, tmp_path) -> PrintLog:
    log = PrintLog(tmp_path / "printed.pdf")
    monkeypatch.setattr(printing, "ask_print_mode", log.ask_mode)
    monkeypatch.setattr(printing, "exec_print_dialog", log.exec_print)
    monkeypatch.setattr(printing, "exec_preview", log.exec_preview)
    return log


@pytest.fixture
def big_window(make_window):
    """The scenario with every level shown (the opening view may fold it to fit the window)."""
    w = make_window(Session(jsondoc.read(bundled_scenario())))
    w.canvas.set_fold(None)
    return w


def pdf_pages(path) -> int:
    with open(path, "rb") as f:
        return sum(1 for _ in PDFPage.get_pages(f))


def text_of(path, page: int = 0) -> str:
    layout = next(extract_pages(path, page_numbers=[page], laparams=None))

    return "".join(c.get_text() for c in chars(layout)).replace("\t", " ")


def expected_pages(printer: QPrinter, doc) -> int:
    paper = printer.pageLayout().paintRect(QPageLayout.Unit.Millimeter)
    return pages.plan_tiles(images.map_scene(doc), (paper.width(), paper.height())).pages


def test_file_menu_has_print_and_preview(window):
    file_menu = window.menuBar().actions()[0].menu()
    assert window.print_action in file_menu.actions() and window.print_preview_action in file_menu.actions()
    assert window.print_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    assert window.print_action.shortcut().toString() == "Ctrl+P"


def test_print_fitted_on_one_page(window, log, session):
    window.print_action.trigger()
    assert log.modes_offered == ["fit"]
    assert pdf_pages(log.path) == 1
    text = " ".join(text_of(log.path).split())
    assert session.document.title in text and "Take the bridge" in text and "body text" in text
    assert window.statusBar().currentMessage() == "Printed the map on 1 page."


def test_print_tiled_gives_the_overview_and_the_tiles(big_window, log):
    log.mode = "tiles"
    big_window.print_action.trigger()
    doc = big_window.session.document
    expected = expected_pages(log.printers[0], doc)
    assert expected > 2 and pdf_pages(log.path) == expected
    assert "Overview" in text_of(log.path, 0) and f"page 1 of {expected}" in " ".join(text_of(log.path, 0).split())
    assert "A1 · page 2" in " ".join(text_of(log.path, 1).split()) or "page 2 of" in text_of(log.path, 1)
    assert big_window.statusBar().currentMessage() == f"Printed the map on {expected} pages."
    big_window.print_action.trigger()
    assert log.modes_offered == ["fit", "tiles"]  # the last choice is offered again


def test_tiled_print_shows_the_levels_the_canvas_shows(big_window, log, tmp_path):
    log.mode = "tiles"
    big_window.print_action.trigger()
    whole = pdf_pages(log.path)
    big_window.canvas.set_fold(2)
    log.path = tmp_path / "folded.pdf"
    big_window.print_action.trigger()
    assert pdf_pages(log.path) < whole
    shown = {c.id for c in big_window.canvas.scene_data.cards}
    hidden = [n for n in big_window.session.document.nodes if n.id not in shown and n.title]
    text = " ".join(" ".join(text_of(log.path, i).split()) for i in range(pdf_pages(log.path)))
    assert hidden and not any(" ".join(n.title.split()) in text for n in hidden)


def test_cancelling_either_dialog_prints_nothing(window, log):
    log.mode = None
    window.print_action.trigger()
    assert log.printers == [] and not log.path.exists()
    log.mode, log.accept = "fit", False
    window.print_action.trigger()
    assert len(log.printers) == 1 and not log.path.exists()


def test_an_empty_map_is_an_error_not_a_page(make_window, log, dialog_log):
    from argmap.model import Document

    w = make_window(Session(Document(title="Nothing yet", nodes=[])))
    w.print_action.trigger()
    assert not log.path.exists()
    assert len(dialog_log.errors) == 1 and "empty" in str(dialog_log.errors[0])


def test_preview_builds_the_pages_and_switches_between_fit_and_tiles(big_window, qtbot, log):
    dialog = printing.make_preview(big_window, big_window.session, "tiles")
    qtbot.addWidget(dialog)
    dialog.show()
    expected = expected_pages(dialog.printer(), big_window.session.document)
    qtbot.waitUntil(lambda: dialog.preview.pageCount() == expected)
    assert expected > 2 and dialog.errors == []
    dialog.mode_box.setCurrentIndex(0)
    qtbot.waitUntil(lambda: dialog.preview.pageCount() == 1)
    assert big_window.print_mode == "fit"


def test_print_preview_action_opens_the_preview(window, log):
    window.print_preview_action.trigger()
    assert len(log.previews) == 1 and isinstance(log.previews[0], QPrintPreviewDialog)
    assert log.previews[0].mode_box.currentData() == "fit"


# -- the export dialog's page options ---------------------------------------------------------


@pytest.fixture
def export_dialog(qtbot, tmp_path):
    from argmap.gui.exportdialog import ExportDialog

    session = Session(jsondoc.read(bundled_scenario()))
    session.path = tmp_path / "talks.argmap.json"
    dialog = ExportDialog(session)
    qtbot.addWidget(dialog)
    return dialog


def test_export_dialog_says_how_small_one_page_text_is(export_dialog):
    d = export_dialog
    assert not d.tile_check.isEnabled() and d.text_size_label.text() == ""  # PNG
    d.set_format("PDF picture")
    assert d.tile_check.isEnabled()
    size = images.pdf_text_size(images.map_scene(d.session.document), "a4", None)
    assert size < images.LEGIBLE_PT
    assert d.text_size_label.text().startswith(f"Body text {size:.1f} pt on a4: too small to read")
    assert "Tile over pages" in d.text_size_label.text()
    d.page_box.setCurrentIndex(2)  # one page the map's size
    assert "too small" not in d.text_size_label.text()


def test_export_dialog_tiles_a_pdf(export_dialog, tmp_path):
    d = export_dialog
    d.set_format("PDF picture")
    d.tile_check.setChecked(True)
    _, plan, orientation = pages.best_layout(images.map_scene(d.session.document), "a4", None)
    assert d.text_size_label.text().startswith(f"Body text 9 pt on {plan.pages} a4 pages ({orientation})")
    assert d.options().tile
    d.path_edit.setText(str(tmp_path / "poster.pdf"))
    assert d.export_now()
    assert pdf_pages(tmp_path / "poster.pdf") == plan.pages
    assert d.result_text.startswith(f"{tmp_path / 'poster.pdf'}: PDF poster, {plan.pages} pages")


def test_export_dialog_levels_and_layout(export_dialog, tmp_path):
    d = export_dialog
    d.set_format("PDF picture")
    d.tile_check.setChecked(True)
    d.fold_box.setCurrentIndex(d.fold_box.findData(2))
    d.layout_box.setCurrentIndex(d.layout_box.findData("compact"))
    opts = d.options()
    assert (opts.fold, opts.layout, opts.tile) == (2, "compact", True)
    d.path_edit.setText(str(tmp_path / "two.pdf"))
    assert d.export_now()
    d.set_format("PNG picture")
    assert not d.tile_check.isEnabled() and not d.options().tile and d.options().fold == 2
    d.set_format("Markdown outline")
    assert not d.fold_box.isEnabled() and d.options().fold is None and d.options().layout is None
    d.set_format("PDF picture")
    d.fold_box.setCurrentIndex(d.fold_box.findData("all"))
    d.layout_box.setCurrentIndex(0)
    d.path_edit.setText(str(tmp_path / "all.pdf"))
    assert d.export_now()
    assert pdf_pages(tmp_path / "two.pdf") < pdf_pages(tmp_path / "all.pdf")


def test_export_dialog_all_levels_unfolds_a_folded_map(export_dialog, tmp_path, qtbot):
    from argmap.gui.exportdialog import ExportDialog

    session = export_dialog.session
    session.document.view.fold = 2
    d = ExportDialog(session)
    qtbot.addWidget(d)
    assert d.fold_box.currentData() == 2
    d.set_format("PDF picture")
    d.tile_check.setChecked(True)
    d.path_edit.setText(str(tmp_path / "folded.pdf"))
    assert d.export_now()
    d.fold_box.setCurrentIndex(d.fold_box.findData("all"))
    d.path_edit.setText(str(tmp_path / "all.pdf"))
    assert d.export_now()
    assert pdf_pages(tmp_path / "folded.pdf") < pdf_pages(tmp_path / "all.pdf")
    assert session.document.view.fold == 2  # the map itself is not changed
