"""The teacher's pack window: it shows the pack and saves it as PDF or Markdown."""

from __future__ import annotations

import shutil

import pytest

import argmap.paths
from argmap.gui import packdialog
from argmap.io import jsondoc
from argmap.paths import bundled_scenario

MAP = bundled_scenario()
FILES = {
    "lesson.md": "# Lesson guide: Test map\n\n## Goal\n\nWeigh it.\n\n## Plan (45 minutes)\n\n| Minutes | Activity |\n"
                 "| --- | --- |\n| 0–45 | Debate |\n\n## Roles\n\n- Chair\n",
    "glossary.md": "# Glossary\n\n## Doha\n\nA city.\n\nSource: A, B, https://example.org\n",
    "timeline.md": "# Timeline\n\n## 2019 — talks\n\nTalks.\n\nSource: A, B, https://example.org\n",
    "factcheck.md": "# Fact check\n\nSlips.\n",
}


@pytest.fixture
def mapped(tmp_path, monkeypatch):
    """A copy of the bundled map with a pack beside it; no bundled packs."""
    empty = tmp_path / "bundled"
    empty.mkdir()
    monkeypatch.setattr(argmap.paths, "SCENARIOS", empty)
    path = tmp_path / "lesson-map.argmap.json"
    shutil.copy(MAP, path)
    folder = tmp_path / "lesson-map.pack"
    folder.mkdir()
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return path


def test_dialog_shows_the_pack_and_saves_it(qtbot, mapped, monkeypatch, tmp_path):
    doc = jsondoc.read(mapped)
    dialog = packdialog.open_pack(None, doc, mapped)
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    shown = dialog.browser.toPlainText()
    assert "Lesson guide: Test map" in shown and "Debate brief: Side with the US" in shown
    asked = []

    def answer(parent, suggested, suffix):
        asked.append(suggested)
        return str(tmp_path / f"out{suffix}")

    monkeypatch.setattr(packdialog, "ask_pack_path", answer)
    dialog.pdf_button.click()
    dialog.md_button.click()
    assert asked == [str(tmp_path / "lesson-map-pack.pdf"), str(tmp_path / "lesson-map-pack.md")]
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == dialog.markdown


def test_no_pack_is_a_message(qtbot, mapped, dialog_log, tmp_path):
    doc = jsondoc.read(mapped)
    assert packdialog.open_pack(None, doc, tmp_path / "other.argmap.json") is None
    assert dialog_log.messages and "no teacher's pack" in dialog_log.messages[0][1]
    (mapped.parent / "lesson-map.pack" / "lesson.md").unlink()
    assert packdialog.open_pack(None, doc, mapped) is None
    assert "lesson.md" in dialog_log.errors[0].message
