"""One entry point for every export format, shared by the command line and the editor's dialog.

Text formats (.argmap.json, .argdown, .md) need no Qt; pictures (.png, .svg, .pdf)
and the brief as PDF import QtGui only when asked for.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argmap.errors import ExportError, SourceRef
from argmap.model.document import Document
from argmap.scoring.graph import paused_gc

__all__ = ["ExportOptions", "FORMATS", "PICTURES", "format_of", "export", "read_input", "with_view", "LAYOUTS",
           "FOLD_LEVELS", "ALL_LEVELS"]

#: Output suffix -> format name, longest suffixes first.
FORMATS = {".argmap.json": "json", ".json": "json", ".argdown": "argdown", ".ad": "argdown", ".md": "markdown",
           ".png": "png", ".svg": "svg", ".pdf": "pdf"}
PICTURES = ("png", "svg", "pdf")


@dataclass
class ExportOptions:
    scale: float = 1.0
    dpi: float | None = None
    transparent: bool = False
    page: str = "a4"
    orientation: str | None = None  # None: by the map's shape (pictures) or portrait (documents)
    branch: str | None = None
    brief_side: str | None = None
    brief_baseline: str | None = None  # the brief's differences against this option instead of the leader
    layout: str | None = None  # "compact", "down" or "right"; None: the map's own view settings
    fold: int | None = None  # levels shown (1-9, or ALL_LEVELS); None: the map's own view settings
    tile: bool = False  # PDF: split the map over as many pages as keep its text legible
    slides: bool = False  # PDF: the tour as 16:9 slides, one page per step


def format_of(path: str | os.PathLike[str]) -> str:
    """The export format named by a file's suffix, or ExportError listing the known ones."""
    name = Path(path).name.lower()
    for suffix in sorted(FORMATS, key=len, reverse=True):
        if name.endswith(suffix):
            return FORMATS[suffix]
    known = " ".join(s for s in FORMATS if s != ".json")
    raise ExportError(f"'{Path(path).suffix or Path(path).name}' is not a format argmap can export.",
                      hint=f"End the output name with one of: {known}.", source=SourceRef(str(path)))


def read_input(path: str | os.PathLike[str], warn: Any = None) -> Document:
    """Read a map to export; an Argdown file's mapping diagnostics go to `warn(text)`."""
    from argmap.io import read

    if Path(path).name.lower().endswith((".argdown", ".ad")):
        from argmap.io.argdown import read_with_diagnostics

        doc, diagnostics = read_with_diagnostics(path)
        for d in diagnostics:
            if warn is not None:
                warn(f"{path}: {d.message}" + (f" ({d.hint})" if d.hint else ""))
        return doc
    return read(path)


def export(doc: Document, path: str | os.PathLike[str], options: ExportOptions | None = None,
           progress: Any = None, cancel: Any = None) -> str:
    """Write `doc` to `path` in the format its suffix names; returns a one-line description."""
    opts = options or ExportOptions()
    from argmap.io import data_format, write_data

    if data_format(path) and opts.brief_side is None:  # AIF, GraphML, DOT, CSV: data for other tools
        return write_data(doc, path)
    fmt = format_of(path)
    if opts.brief_side is not None:
        return _brief(doc, path, fmt, opts)
    if opts.branch is not None and fmt not in PICTURES:
        raise ExportError("Only pictures (.png, .svg, .pdf) can show one branch.",
                          hint="Drop --branch, or export a picture.")
    if fmt == "json":
        from argmap.io import jsondoc

        jsondoc.write(doc, path)
        return f"{path}: argmap JSON, {len(doc.nodes)} nodes"
    if fmt == "argdown":
        from argmap.io import argdown

        argdown.write(doc, path)
        return f"{path}: Argdown, {len(doc.nodes)} nodes"
    if fmt == "markdown":
        from argmap.io import markdown

        markdown.write(doc, path)
        return f"{path}: Markdown outline, {len(doc.nodes)} nodes"
    with paused_gc():  # a large map's scene is hundreds of thousands of objects: no collector passes
        return _picture(doc, path, fmt, opts, progress, cancel)




def _picture(doc: Document, path: str | os.PathLike[str], fmt: str, opts: ExportOptions, progress: Any,
             cancel: Any) -> str:
    doc = with_view(doc, opts.layout, opts.fold)
    if opts.slides:
        if fmt != "pdf":
            raise ExportError("Slides are written as PDF.", hint="End the output name with .pdf.",
                              source=SourceRef(str(path)))
        from argmap.render.slides import write_slides

        return write_slides(doc, path, progress=progress, cancel=cancel)
    if opts.tile:
        if fmt != "pdf":
            raise ExportError("Only a PDF can be tiled over pages.", hint="End the output name with .pdf.",
                              source=SourceRef(str(path)))
        from argmap.render.pages import write_tiled_pdf

        return write_tiled_pdf(doc, path, page=opts.page, orientation=opts.orientation, branch=opts.branch,
                               progress=progress, cancel=cancel)
    from argmap.render import images

    scene = images.map_scene(doc, branch=opts.branch)
    if fmt == "png":
        scale = opts.dpi / 96.0 if opts.dpi else opts.scale
        w, h = images.check_png_size(scene, scale, doc=doc, branch=opts.branch)  # too large: hint names a fold
        images.write_png(scene, path, scale=scale, transparent=opts.transparent, dpi=opts.dpi,
                         progress=progress, cancel=cancel)
        return f"{path}: PNG, {w} × {h} pixels, {len(scene.cards)} cards"
    if fmt == "svg":
        images.write_svg(scene, path, title=doc.title, transparent=opts.transparent, progress=progress, cancel=cancel)
        return f"{path}: SVG, {len(scene.cards)} cards"
    images.write_pdf(scene, path, page=opts.page, orientation=opts.orientation, title=doc.title,
                     progress=progress, cancel=cancel)
    note, is_small = images.pdf_text_note(scene, opts.page, opts.orientation)
    tip = " (too small to read: --tile prints it over pages at 9 pt)" if is_small else ""
    return f"{path}: PDF, 1 page ({opts.page}), {len(scene.cards)} cards, {note}{tip}"


#: --layout value -> (view.layout, view.direction)
LAYOUTS = {"compact": ("compact", "top-down"), "down": ("tidy", "top-down"), "right": ("tidy", "left-right")}
FOLD_LEVELS = range(1, 10)
ALL_LEVELS = 0  # ExportOptions.fold: every level, whatever the map's own view settings say


def with_view(doc: Document, layout: str | None, fold: int | None) -> Document:
    """`doc` drawn with another layout or fold depth (a copy when either is given; the map is not changed)."""
    if layout is None and fold is None:
        return doc
    if layout is not None and layout not in LAYOUTS:
        raise ExportError(f"'{layout}' is not a layout.", hint="Use compact, down or right.")
    if fold is not None and fold != ALL_LEVELS and fold not in FOLD_LEVELS:
        raise ExportError(f"Fold level {fold} is out of range.", hint="Use a level from 1 to 9.")
    view = doc.view.model_copy()
    if layout is not None:
        view.layout, view.direction = LAYOUTS[layout]  # type: ignore[assignment]
    if fold is not None:
        view.fold = None if fold == ALL_LEVELS else fold
    return doc.model_copy(update={"view": view})


def _brief(doc: Document, path: str | os.PathLike[str], fmt: str, opts: ExportOptions) -> str:
    from argmap.io import brief

    if fmt not in ("markdown", "pdf"):
        raise ExportError("A debate brief is written as Markdown (.md) or PDF (.pdf).",
                          hint="End the output name with .md or .pdf.", source=SourceRef(str(path)))
    text = brief.brief(doc, opts.brief_side or "", baseline=opts.brief_baseline)
    side = brief.find_option(doc, opts.brief_side or "")
    if fmt == "markdown":
        from argmap.io.jsondoc import write_bytes_atomic

        write_bytes_atomic(text.encode("utf-8"), path)
        return f"{path}: debate brief for '{side.label}' (Markdown)"
    from argmap.render.textpdf import write_markdown_pdf

    pages = write_markdown_pdf(text, path, page=opts.page, orientation=opts.orientation, title=f"Debate brief: {side.label}",
                               autolinks=False)  # map text: a URL in it stays text
    return f"{path}: debate brief for '{side.label}' (PDF, {pages} pages)"
