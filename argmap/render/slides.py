"""Slides: a map's tour as a 16:9 PDF, one page per step, drawn as presentation mode draws it (QtGui only).

Pages are 13.33 × 7.5 inches (the usual widescreen slide). The view of each step never
zooms out below `SLIDE_TEXT_PT` for the smallest card text, so every word on a slide can
be read from the back of a room.

Numbers (likelihood, strength and impact badges, score bars) stay hidden on the question's
and the options' slides, so a class first meets the choice without scores, and are shown
from the first branch on (`numbers=` changes that).
"""

from __future__ import annotations

import os
from typing import Any, Callable, Protocol, Sequence

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

from argmap.errors import ArgmapError, ExportError, SourceRef
from argmap.model.document import Document, Kind
from argmap.model.tour import effective_tour
from argmap.render.images import ExportCancelled, atomic_path, ensure_gui
from argmap.render.present import FONT_PX, make_step, paint_step

__all__ = ["SLIDE_W_PT", "SLIDE_H_PT", "SLIDE_TEXT_PT", "write_slides", "numbers_from"]

SLIDE_W_PT = 960.0  # 13.33 in
SLIDE_H_PT = 540.0  # 7.5 in
#: The smallest text on a slide, in points (the usual rule for projected slides is 18 pt or more).
SLIDE_TEXT_PT = 18.5
COUNTER_PT = 18.5


class Cancel(Protocol):
    def is_set(self) -> bool: ...


def numbers_from(doc: Document, steps: Sequence[str]) -> int:
    """The first step that shows numbers: the one after the last question or option step."""
    last = -1
    for i, nid in enumerate(steps):
        if doc.has_node(nid) and doc.node(nid).kind in (Kind.QUESTION, Kind.OPTION):
            last = i
    return last + 1


def write_slides(doc: Document, path: str | os.PathLike[str], progress: Callable[[int, int], Any] | None = None,
                 cancel: Cancel | None = None, numbers: bool | None = None, scores: Any = None) -> str:
    """Write the tour as 16:9 PDF slides; returns a one-line description.

    `numbers`: True or False on every slide; None (default) hidden up to the options' slides and
    shown after. `scores`: the map's scores (computed when not given).
    """
    ensure_gui()
    if doc.root() is None:
        raise ExportError("The map is empty: there is nothing to present.", hint="Add a question first.")
    if scores is None:
        from argmap.scoring import score

        try:
            scores = score(doc)
        except ArgmapError:
            scores = None  # shown unscored, as the canvas does when a map cannot be scored
    steps, dropped = effective_tour(doc, scores)
    first_numbered = numbers_from(doc, steps)
    total = max(len(steps), 1)
    layout = QPageLayout(QPageSize(QSizeF(SLIDE_W_PT, SLIDE_H_PT), QPageSize.Unit.Point, "16:9 slide",
                                   QPageSize.SizeMatchPolicy.ExactMatch),
                         QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
    page = QRectF(0, 0, SLIDE_W_PT, SLIDE_H_PT)
    floor = SLIDE_TEXT_PT / min(FONT_PX.values())  # points per scene unit
    _check(cancel)
    with atomic_path(path) as tmp:
        writer = QPdfWriter(tmp)
        writer.setTitle(f"{doc.title or 'argument map'} — slides")
        writer.setCreator("argmap")
        writer.setPageLayout(layout)
        writer.setResolution(72)  # one device unit is one point
        painter = QPainter(writer)
        if not painter.isActive():
            raise ExportError("The PDF could not be started.", source=SourceRef(str(path)))
        try:
            for k in range(total):
                if k:
                    writer.newPage()
                step = make_step(doc, scores, steps, k)
                shown = numbers if numbers is not None else k >= first_numbered
                paint_step(painter, page, step, numbers=shown, floor=floor, counter_px=COUNTER_PT)
                _check(cancel)
                if progress is not None:
                    progress(k + 1, total)
                _check(cancel)
        finally:
            painter.end()
    names = ", ".join(d[:40] for d in dropped[:5]) + (", …" if len(dropped) > 5 else "")
    left_out = f"; left out {len(dropped)} tour step(s) naming no node of the map: {names}" if dropped else ""
    return f"{path}: {total} slide{'s' if total != 1 else ''} (16:9){left_out}"


def _check(cancel: Cancel | None) -> None:
    if cancel is not None and cancel.is_set():
        raise ExportCancelled("The export was cancelled; no file was written.")
