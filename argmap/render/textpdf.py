"""A Markdown document (such as a debate brief) printed to PDF with QTextDocument (QtGui only).

Only web and e-mail links stay links (a `javascript:` or `file:` link becomes plain
text), and a picture is shown only when the caller supplies it (nothing is loaded from a
path named in the text). With `autolinks=False` a bare URL stays text, as map text
should: the brief is printed that way.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Iterator, Mapping

from PySide6.QtCore import QUrl
from PySide6.QtGui import (
    QFont,
    QImage,
    QPdfWriter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextLength,
    QTextOption,
    QTextTable,
)

from argmap.errors import ExportError, SourceRef
from argmap.render.images import atomic_path, ensure_gui, page_layout

__all__ = ["write_markdown_pdf", "write_markdown_pdf_with_images", "count_pages"]

_NUMBER = re.compile(r"^([-+]?[0-9.,]+|unweighed|–|)$")
_WEB_LINK = re.compile(r"(https?://|mailto:)", re.IGNORECASE)
# md4c's permissive autolinks (URL, e-mail, www.) within Qt's GitHub dialect.
_AUTOLINK_FLAGS = 0x0004 | 0x0008 | 0x0400
#: A table cell's word longer than this (a URL, a run of letters) gets break opportunities every so
#: many characters; shorter words are never split, and a column widens for them instead.
LONG_WORD = 32
_LONG_RUN = re.compile(r"[^\s|]{%d,}" % (LONG_WORD + 1))
_BREAK = "\u200b"  # zero-width space: a place the line may break, drawn as nothing


def _breakable_tables(markdown: str) -> str:
    """Markdown with break opportunities inside over-long words of its table rows.

    With whole-word wrapping a column widens to its longest word, so one long URL in a table could
    push the other columns off the page. Such a word may break every LONG_WORD characters.
    """
    def split(match: re.Match[str]) -> str:
        word = match.group(0)
        return _BREAK.join(word[i:i + LONG_WORD] for i in range(0, len(word), LONG_WORD))

    lines = markdown.split("\n")
    for i, line in enumerate(lines):
        if line.lstrip().startswith("|"):
            lines[i] = _LONG_RUN.sub(split, line)
    return "\n".join(lines)


def count_pages(pdf: bytes) -> int:
    """The number of page objects in a PDF that Qt wrote (uncompressed object dictionaries)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def write_markdown_pdf(markdown: str, path: str | os.PathLike[str], page: str = "a4",
                       orientation: str | None = "portrait", title: str = "", autolinks: bool = True) -> int:
    """Lay the Markdown out on A4 or Letter pages and write a PDF; returns the page count.

    `autolinks`: whether bare URLs (https://..., www...., name@host) become links.
    """
    return write_markdown_pdf_with_images(markdown, {}, path, page, orientation, title, autolinks)


def write_markdown_pdf_with_images(markdown: str, images: Mapping[str, QImage], path: str | os.PathLike[str],
                                   page: str = "a4", orientation: str | None = "portrait", title: str = "",
                                   autolinks: bool = True) -> int:
    """Like `write_markdown_pdf`, with pictures: `![text](NAME)` in the Markdown shows `images[NAME]`.

    Each picture is printed at its own physical size (its pixels over its dots per inch),
    so a chart drawn at 300 dpi comes out sharp and as large as it was drawn.
    """
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
        words = QTextOption()
        words.setWrapMode(QTextOption.WrapMode.WordWrap)  # a column too narrow for a word widens; words stay whole
        doc.setDefaultTextOption(words)
        dialect = QTextDocument.MarkdownFeature.MarkdownDialectGitHub
        if not autolinks:
            dialect = QTextDocument.MarkdownFeature(dialect.value & ~_AUTOLINK_FLAGS)
        doc.setMarkdown(_breakable_tables(markdown), dialect)
        _drop_unsafe_links(doc, images)
        for name, image in images.items():  # after setMarkdown, which clears the resources
            doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        if images:
            # Image sizes are in 96-dpi pixels (scaled to the printer when printed): give each its own size.
            for fragment in list(_fragments(doc)):
                fmt = fragment.charFormat()
                image = images.get(fmt.toImageFormat().name()) if fmt.isImageFormat() else None
                if image is not None and image.dotsPerMeterX() > 0 and image.dotsPerMeterY() > 0:
                    sized = fmt.toImageFormat()
                    sized.setWidth(image.width() * 96.0 / (image.dotsPerMeterX() * 0.0254))
                    sized.setHeight(image.height() * 96.0 / (image.dotsPerMeterY() * 0.0254))
                    cursor = QTextCursor(doc)
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
                    cursor.setCharFormat(sized)
        _full_width_tables(doc)
        doc.print_(writer)
        del writer  # closes the file before it is renamed
        pages = count_pages(Path(tmp).read_bytes())
    if pages < 1:
        raise ExportError("The document came out empty.", source=SourceRef(str(path)))
    return pages


def _fragments(doc: QTextDocument) -> Iterator[Any]:
    """Every text fragment of the document, in order (QTextFragment)."""
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            yield it.fragment()
            it += 1
        block = block.next()


def _drop_unsafe_links(doc: QTextDocument, images: Mapping[str, QImage]) -> None:
    """Links to anything but the web or e-mail become plain text; pictures not in `images` are left out."""
    links: list[tuple[int, int, QTextCharFormat]] = []
    pictures: list[tuple[int, int]] = []
    for fragment in _fragments(doc):
        fmt = fragment.charFormat()
        where = (fragment.position(), fragment.position() + fragment.length())
        if fmt.isImageFormat() and fmt.toImageFormat().name() not in images:
            pictures.append(where)
        elif fmt.isAnchor() and not _WEB_LINK.match(fmt.anchorHref()):
            plain = QTextCharFormat(fmt)
            for prop in (QTextFormat.Property.IsAnchor, QTextFormat.Property.AnchorHref,
                         QTextFormat.Property.AnchorName):
                plain.clearProperty(prop)
            plain.clearForeground()
            plain.setFontUnderline(False)
            links.append((*where, plain))
    cursor = QTextCursor(doc)
    for start, end, plain in links:
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(plain)
    for start, end in reversed(pictures):  # from the end, so the positions before stay right
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()


def _full_width_tables(doc: QTextDocument) -> None:
    """Markdown tables come out as narrow as their words allow; give them the page's width."""
    for frame in doc.rootFrame().childFrames():
        if isinstance(frame, QTextTable):
            fmt = frame.format()
            fmt.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
            # Number columns take what their numbers need; text columns share the rest.
            numeric = [all(_NUMBER.match(frame.cellAt(r, c).firstCursorPosition().block().text())
                           for r in range(1, frame.rows())) for c in range(frame.columns())]
            # Text columns share the rest by how much text they hold (a short label column stays narrow).
            text_total = 100.0 if not any(numeric) else min(70.0, max(24.0, 100.0 - 11.0 * sum(numeric)))
            size = [max(4.0, sum(len(frame.cellAt(r, c).firstCursorPosition().block().text())
                                 for r in range(frame.rows())) / max(1, frame.rows())) for c in range(frame.columns())]
            text_size = sum(x for x, n in zip(size, numeric) if not n) or 1.0
            widths = [QTextLength() if n else QTextLength(QTextLength.Type.PercentageLength, text_total * x / text_size)
                      for x, n in zip(size, numeric)]
            fmt.setColumnWidthConstraints(widths)
            small = QTextCharFormat()
            small.setFontPointSize(8.5)
            cursor = QTextCursor(doc)
            cursor.setPosition(frame.firstPosition())
            cursor.setPosition(frame.lastPosition(), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(small)
            frame.setFormat(fmt)
