"""The teacher's pack of a map in a window: read it, save it as PDF or Markdown."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QPushButton, QTextBrowser, QVBoxLayout,
                               QWidget)

from argmap.errors import ArgmapError
from argmap.gui import dialogs
from argmap.io import pack

__all__ = ["PackDialog", "open_pack", "ask_pack_path"]


def ask_pack_path(parent: QWidget | None, suggested: str, suffix: str) -> str | None:
    """Ask where to save the pack; None when cancelled."""
    kind = "PDF" if suffix == ".pdf" else "Markdown"
    path, _ = QFileDialog.getSaveFileName(parent, "Save the teacher's pack", suggested, f"{kind} (*{suffix});;All files (*)")
    return path or None


class PackDialog(QDialog):
    """The pack rendered as a document, with Save as PDF…, Save as Markdown… and Close."""

    def __init__(self, parent: QWidget | None, doc: Any, path: str | os.PathLike[str] | None,
                 folder: Path | None = None) -> None:
        super().__init__(parent)
        self.doc, self.path = doc, path
        self.folder = folder or pack.find_pack(doc, path)
        if self.folder is None:
            raise ArgmapError("This map has no teacher's pack.", hint=_where(path))
        self.markdown = pack.pack_markdown(doc, self.folder)
        self.setWindowTitle(f"Teacher's pack: {doc.title or 'argument map'}")
        self.resize(820, 900)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(True)
        self.browser.setMarkdown(self.markdown)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.pdf_button = QPushButton("Save as PDF…", self)
        self.md_button = QPushButton("Save as Markdown…", self)
        buttons.addButton(self.pdf_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.md_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.pdf_button.clicked.connect(self._on_pdf_button_clicked)
        self.md_button.clicked.connect(self._on_md_button_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)

    def suggested_path(self, suffix: str) -> str:
        """`<map stem>-pack.pdf` beside the map (for an untitled copy: named after its pack)."""
        base = Path(self.path) if self.path is not None else None
        stem = pack.pack_dir(base).name[: -len(".pack")] if base else self.folder.name[: -len(".pack")]  # type: ignore[union-attr]
        folder = base.parent if base is not None else Path.home()
        return str(folder / f"{stem}-pack{suffix}")

    def save(self, path: str | os.PathLike[str]) -> str:
        """Write the pack to a .pdf or .md file; returns a one-line description."""
        if str(path).lower().endswith(".pdf"):
            from argmap.render.textpdf import write_markdown_pdf

            pages = write_markdown_pdf(self.markdown, path, title=self.windowTitle())
            return f"{path}: teacher's pack (PDF, {pages} pages)"
        from argmap.io.jsondoc import write_bytes_atomic

        write_bytes_atomic(self.markdown.encode("utf-8"), path)
        return f"{path}: teacher's pack (Markdown)"

    def _ask_and_save(self, suffix: str) -> None:
        path = ask_pack_path(self, self.suggested_path(suffix), suffix)
        if path is None:
            return
        if not path.lower().endswith(suffix):
            path += suffix
        try:
            self.save(path)
        except ArgmapError as err:
            dialogs.show_error(self, err)

    def _on_pdf_button_clicked(self) -> None:
        self._ask_and_save(".pdf")

    def _on_md_button_clicked(self) -> None:
        self._ask_and_save(".md")


def _where(path: str | os.PathLike[str] | None) -> str:
    if path is None:
        return "An untitled map takes the pack of the bundled map it copies; this one copies none."
    return f"Looked for the folder {pack.pack_dir(path)}."


def open_pack(parent: QWidget | None, doc: Any, path: str | os.PathLike[str] | None) -> PackDialog | None:
    """Show the map's teacher's pack, or say that it has none; returns the dialog shown."""
    folder = pack.find_pack(doc, path)
    if folder is None:
        dialogs.show_message(parent, "Teacher's pack", f"This map has no teacher's pack. {_where(path)}")
        return None
    try:
        dialog = PackDialog(parent, doc, path, folder)
    except ArgmapError as err:
        dialogs.show_error(parent, err)
        return None
    dialog.show()
    return dialog
