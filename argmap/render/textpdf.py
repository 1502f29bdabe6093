"""A Markdown document (such as a debate brief) printed to PDF with QTextDocument (QtGui only)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from PySide6.QtGui import QFont, QPdfWriter, QTextDocument

from argmap.errors import ExportError, SourceRef
from argmap.render.images import atomic_path, ensure_gui, page_layout

__all__ = ["write_markdown_pdf", "count_pages"]


def count_pages(pdf: bytes) -> int:
    """The number of page objects in a PDF that Qt wrote (uncompressed object dictionaries)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def write_markdown_pdf(markdown: str, path: str | os.PathLike[str], page: str = "a4",
                       orientation: str | None = "portrait", title: str = "") -> int:
    """Lay the Markdown out on A4 or Letter pages and write a PDF; returns the page count."""
    ensure_gui()
    if page == "fit":
        raise ExportError("A document is printed on A4 or Letter pages.", hint="Use --page a4 or --page letter.")
    layout = page_layout(page, orientation or "portrait")
    with atomic_path(path) as tmp:
        writer = QPdfWriter(tmp)
        writer.setTitle(title or "argmap")
        writer.setCreator("argmap")
        writer.setPageLayout(layout)
        writer.setResolution(300)
        doc = QTextDocument()
        base = QFont("DejaVu Sans")
        base.setPointSizeF(10.0)
        doc.setDefaultFont(base)
        doc.setMarkdown(markdown)
        doc.print_(writer)
        del writer  # closes the file before it is renamed
        pages = count_pages(Path(tmp).read_bytes())
    if pages < 1:
        raise ExportError("The document came out empty.", source=SourceRef(str(path)))
    return pages
