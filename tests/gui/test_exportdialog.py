"""The export dialog and Copy as Image, offscreen; modal parts are replaced."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from argmap.gui import exportdialog
from argmap.gui.exportdialog import ExportDialog, _slug, copy_as_image, export_map
from argmap.io import argdown


@pytest.fixture
def dialog(qtbot, session, tmp_path):
    session.path = tmp_path / "crossing.argmap.json"
    d = ExportDialog(session)
    qtbot.addWidget(d)
    return d


def test_format_choice_sets_suffix_and_enables_its_options(dialog, tmp_path):
    assert dialog.path_edit.text() == str(tmp_path / "crossing.png")
    assert dialog.scale_spin.isEnabled() and not dialog.page_box.isEnabled() and not dialog.side_box.isEnabled()
    dialog.set_format("PDF picture")
    assert dialog.path_edit.text().endswith("crossing.pdf")
    assert dialog.page_box.isEnabled() and not dialog.scale_spin.isEnabled()
    dialog.set_format("Debate brief (Markdown)")
    assert [dialog.side_box.itemData(i) for i in range(dialog.side_box.count())] == ["o1", "o2"]
    side = _slug(dialog.side_box.currentText())
    assert dialog.side_box.isEnabled() and dialog.path_edit.text() == str(tmp_path / f"crossing-brief-{side}.md")
    # A brief never takes the map picture's name: exporting it cannot overwrite the map's PDF.
    dialog.set_format("Debate brief (PDF)")
    assert dialog.path_edit.text() == str(tmp_path / f"crossing-brief-{side}.pdf")
    dialog.side_box.setCurrentIndex(1)
    assert dialog.path_edit.text() == str(tmp_path / f"crossing-brief-{_slug(dialog.side_box.currentText())}.pdf")
    dialog.set_format("PDF picture")
    assert dialog.path_edit.text() == str(tmp_path / "crossing.pdf")
    dialog.set_format("argmap JSON")
    assert dialog.path_edit.text().endswith("crossing.argmap.json")


def test_scale_and_dpi_follow_each_other(dialog):
    dialog.scale_spin.setValue(2.0)
    assert dialog.dpi_spin.value() == 192
    dialog.dpi_spin.setValue(48)
    assert dialog.scale_spin.value() == 0.5


def test_export_png_of_the_selected_branch(qtbot, session, tmp_path, qapp):
    from PySide6.QtGui import QImage

    session.select(["o1"])
    d = ExportDialog(session)
    qtbot.addWidget(d)
    assert d.branch_radio.isEnabled()
    d.path_edit.setText(str(tmp_path / "whole.png"))
    assert d.export_now()
    whole = QImage(str(tmp_path / "whole.png"))
    d.branch_radio.setChecked(True)
    d.background_box.setCurrentIndex(1)
    d.path_edit.setText(str(tmp_path / "branch.png"))
    assert d.options().branch == "o1" and d.options().transparent
    assert d.export_now()
    branch = QImage(str(tmp_path / "branch.png"))
    assert branch.width() * branch.height() < whole.width() * whole.height()
    assert branch.pixelColor(0, 0).alpha() == 0
    assert d.progress_bar.value() == 100


def test_export_brief_and_argdown(dialog, session, tmp_path):
    dialog.set_format("Debate brief (Markdown)")
    dialog.side_box.setCurrentIndex(1)
    dialog.path_edit.setText(str(tmp_path / "brief.md"))
    assert dialog.export_now()
    assert (tmp_path / "brief.md").read_text(encoding="utf-8").startswith("# Debate brief: Take the ferry")
    dialog.set_format("Argdown")
    assert dialog.export_now()
    assert argdown.read(tmp_path / "brief.argdown") == session.document


def test_cancel_during_export_leaves_no_file(dialog, tmp_path, monkeypatch):
    from argmap.render import images

    monkeypatch.setattr(images, "CHUNK", 1)  # many progress steps
    dialog.path_edit.setText(str(tmp_path / "map.pdf"))
    dialog.set_format("PDF picture")
    seen = []

    def click_cancel(done, total):
        seen.append(done)
        dialog._on_cancel_clicked()

    monkeypatch.setattr(dialog, "_on_progress", click_cancel)
    assert not dialog.export_now()
    assert seen == [1]
    assert "Cancelled" in dialog.status_label.text()
    assert list(tmp_path.iterdir()) == []
    assert dialog.export_button.isEnabled()


def test_errors_are_shown_not_raised(dialog, dialog_log, tmp_path):
    dialog.path_edit.setText(str(tmp_path / "missing" / "map.png"))
    assert not dialog.export_now()
    assert "folder does not exist" in str(dialog_log.errors[-1])


def test_browse_uses_the_replaceable_file_dialog(dialog, monkeypatch, tmp_path):
    monkeypatch.setattr(exportdialog, "ask_export_path", lambda parent, suggested, suffix: str(tmp_path / "picked.png"))
    dialog._on_browse_clicked()
    assert dialog.path_edit.text() == str(tmp_path / "picked.png")


def test_export_map_runs_the_dialog_and_reports(window, session, tmp_path, monkeypatch):
    out = tmp_path / "menu.svg"

    def run(dlg):
        dlg.set_format("SVG picture")
        dlg.path_edit.setText(str(out))
        return dlg.export_now()

    monkeypatch.setattr(exportdialog, "exec_dialog", run)
    statuses = []
    monkeypatch.setattr(window, "show_status", lambda text, timeout_ms=6000: statuses.append(text))
    export_map(window, session)
    assert out.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert statuses and str(out) in statuses[-1]


def test_copy_as_image_puts_the_map_or_branch_on_the_clipboard(window, session):
    copy_as_image(window, session)
    whole = QApplication.clipboard().image()
    assert not whole.isNull() and whole.width() > 100
    session.select(["c2"])
    copy_as_image(window, session)
    branch = QApplication.clipboard().image()
    assert not branch.isNull() and branch.width() * branch.height() < whole.width() * whole.height()


def test_the_dialog_remembers_the_last_format_and_folder(qtbot, session, tmp_path):
    from argmap.gui.session import Session

    first = ExportDialog(session)
    qtbot.addWidget(first)
    first.set_format("SVG picture")
    first.path_edit.setText(str(tmp_path / "one.svg"))
    assert first.export_now()
    unsaved = Session(session.document)
    second = ExportDialog(unsaved)
    qtbot.addWidget(second)
    assert second.choice()[0] == "SVG picture"
    assert second.path_edit.text() == str(tmp_path / "crossing.svg")
