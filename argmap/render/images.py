"""Pictures of a map: PNG, SVG and PDF (QtGui only, so it runs headless).

Every writer builds the scene with `build_scene`; PNG and PDF draw it with `paint_scene`,
the code the canvas uses, and SVG is written straight from the scene's data by
`svgwrite` in the same look (a test renders it and compares it with the PNG), so an
export looks like the screen. Writes are atomic:
a temporary file in the target folder is renamed over the target only when the
picture is complete, and removed on an error or a cancel.

Progress: each writer takes `progress(done, total)`, called between steps (bands
of a PNG, chunks of cards), and `cancel`, any object with `is_set()` (such as a
threading.Event); when it is set the export stops with `ExportCancelled`.
"""

from __future__ import annotations

import math
import os
import re
import struct
import tempfile
import zlib
from contextlib import contextmanager
from dataclasses import fields, replace
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol

from PySide6.QtCore import QMarginsF, QSizeF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from argmap.errors import ArgmapError, ExportError, SourceRef
from argmap.render import svgwrite
from argmap.render.faces import Face
from argmap.render.painter import LOD_BOX, level_of_detail, paint_scene, qt_measure
from argmap.render.scene import Card, Rect, Scene, build_scene

__all__ = [
    "MAX_PIXELS", "MAX_SIDE", "PAGES", "ExportCancelled", "map_scene", "png_size", "check_png_size",
    "render_image", "write_png", "write_svg", "write_pdf", "page_layout", "atomic_path", "ensure_gui",
    "fold_that_fits", "pdf_text_size", "pdf_text_note", "LEGIBLE_PT",
]

MAX_PIXELS = 250_000_000  # a PNG above this takes minutes to encode and most viewers refuse it
MAX_SIDE = 200_000  # wider or taller pictures are more than image viewers and browsers open
BAND_BYTES = 64 << 20  # render PNGs taller than this many bytes of pixels in bands
CHUNK = 400  # cards drawn between two progress reports
PAGES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
MARGIN_MM = 10.0
PDF_MAX_POINTS = 14_400.0  # the largest page side PDF readers accept (200 inches)

Progress = Callable[[int, int], Any]


class Cancel(Protocol):
    def is_set(self) -> bool: ...


class ExportCancelled(ExportError):
    """The export was cancelled; nothing was written."""


_app: QGuiApplication | None = None


def ensure_gui() -> None:
    """Fonts and painting need a QGuiApplication; without a display make an offscreen one."""
    global _app
    if QGuiApplication.instance() is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app = QGuiApplication([])


def map_scene(doc: Any, scores: Any = None, branch: str | None = None) -> Scene:
    """The scene of the whole map, or of the branch under `branch`, scored as on the canvas."""
    ensure_gui()
    if branch is not None and not doc.has_node(branch):
        raise ExportError(f"There is no node with id '{branch}' to export.",
                          hint="Give the id of a node of the map (see 'argmap show').")
    if scores is None:
        from argmap.scoring import score

        try:
            scores = score(doc)
        except ArgmapError:
            scores = None  # drawn unscored, as the canvas does when a map cannot be scored
    scene = build_scene(doc, scores, root=branch, measure=qt_measure())
    if not scene.cards:
        raise ExportError("The map is empty: there is nothing to draw.", hint="Add a question first.")
    return _without_buttons(scene)


def _without_buttons(scene: Scene) -> Scene:
    """A picture keeps the '+' of a collapsed branch but not the collapse button of an open card."""
    cards = [c if c.face.toggle != "-" else Card(c.id, c.kind, c.rect, _without_toggle(c.face), c.depth, c.parent)
             for c in scene.cards]
    return replace(scene, cards=cards, by_id={c.id: c for c in cards})


_FACE_FIELDS = tuple(f.name for f in fields(Face))


def _without_toggle(face: Face) -> Face:
    """`face` with no collapse button (dataclasses.replace, field by field, costs 5x more on a big map)."""
    new = object.__new__(Face)
    for name in _FACE_FIELDS:
        object.__setattr__(new, name, getattr(face, name))
    object.__setattr__(new, "toggle", "")
    return new


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[str]:
    """A temporary file next to `path`, renamed over it when the block succeeds, removed otherwise."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError("the folder does not exist", hint="Choose an existing folder.", source=SourceRef(str(path)))
    if target.is_dir():
        raise ExportError("is a folder", hint="Give a file name.", source=SourceRef(str(path)))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix or ".tmp", dir=folder)
    except OSError as exc:
        raise ExportError(f"cannot be written ({(exc.strerror or str(exc)).lower()})",
                          hint="Choose another folder or file name.", source=SourceRef(str(path))) from None
    os.close(fd)
    try:
        yield tmp
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, target)
        tmp = ""
    except OSError as exc:
        raise ExportError(f"cannot be written ({(exc.strerror or str(exc)).lower()})",
                          hint="Choose another folder or file name.", source=SourceRef(str(path))) from None
    finally:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)


class _Steps:
    def __init__(self, total: int, progress: Progress | None, cancel: Cancel | None) -> None:
        self.done, self.total, self.progress, self.cancel = 0, max(total, 1), progress, cancel

    def check(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise ExportCancelled("The export was cancelled; no file was written.")

    def step(self) -> None:
        self.check()
        self.done = min(self.done + 1, self.total)
        if self.progress is not None:
            self.progress(self.done, self.total)
        self.check()


def _chunks(scene: Scene) -> int:
    return 1 + math.ceil(len(scene.cards) / CHUNK)


def _paint(painter: QPainter, scene: Scene, steps: _Steps, exposed: Rect | None = None,
           new_page: Callable[[], Any] | None = None) -> None:
    """paint_scene in steps: edges and links first, then the cards chunk by chunk (the same layering).

    With `new_page` (a PDF writer's), a new page is begun every `PDF_PAGE_CARDS` cards.
    """
    if level_of_detail(painter) < LOD_BOX:
        paint_scene(painter, scene, exposed)
        for _ in range(_chunks(scene)):
            steps.step()
        return
    paint_scene(painter, replace(scene, cards=[]), exposed)
    steps.step()
    drawn = 0
    for i in range(0, len(scene.cards), CHUNK):
        if new_page is not None and drawn >= PDF_PAGE_CARDS:
            new_page()
            drawn = 0
        paint_scene(painter, replace(scene, cards=scene.cards[i:i + CHUNK], edges=[], links=[]), exposed)
        drawn += CHUNK
        steps.step()


# -- PNG -------------------------------------------------------------------------


def png_size(scene: Scene, scale: float) -> tuple[int, int]:
    b = scene.bounds
    return max(1, math.ceil(b.w * scale)), max(1, math.ceil(b.h * scale))


def check_png_size(scene: Scene, scale: float, doc: Any = None, branch: str | None = None) -> tuple[int, int]:
    """The PNG's size, or ExportError when it is too large, whose hint names what would fit.

    The hint gives the largest scale that fits and, when `doc` is given (the map the scene
    was built from), the most levels that fit at this scale (`--fold N`).
    """
    if not 0 < scale <= 16:
        raise ExportError(f"The scale {scale:g} is out of range.", hint="Use a scale above 0 and at most 16.")
    w, h = png_size(scene, scale)
    if _fits(w, h):
        return w, h
    b = scene.bounds
    fit = min(math.sqrt(MAX_PIXELS / (b.w * b.h)), MAX_SIDE / max(b.w, b.h)) * 0.999
    fit = math.floor(fit * 100) / 100
    what = f"{w:,} × {h:,} pixels"
    fold = fold_that_fits(doc, scale, branch, scene) if doc is not None else None
    folded = f"or --fold {fold[0]} ({fold[1]:,} × {fold[2]:,} pixels at scale {scale:g}); " if fold else ""
    if fit >= 0.01:
        dpi = f", or --dpi {math.floor(fit * 96)}" if fit * 96 >= 10 else ""
        hint = (f"The largest scale that fits is {fit:g} (--scale {fit:g}{dpi}); {folded}"
                "or export as PDF (--tile prints it over pages at full size) or SVG, which have no size limit.")
    else:
        hint = (f"Show fewer levels: {folded[3:]}" if folded else "") + \
            "Export as PDF (--tile prints it over pages) or SVG, which have no size limit, or one branch (--branch)."
    raise ExportError(f"A PNG of this map at scale {scale:g} would be {what}, above the limit of "
                      f"{MAX_PIXELS // 1_000_000} megapixels and {MAX_SIDE:,} pixels a side.", hint=hint)


def _fits(w: int, h: int) -> bool:
    return w * h <= MAX_PIXELS and max(w, h) <= MAX_SIDE


def fold_that_fits(doc: Any, scale: float, branch: str | None = None,
                   scene: Scene | None = None) -> tuple[int, int, int] | None:
    """The most levels shown (below the map's own fold) whose PNG at `scale` fits, with its size; None if none do."""
    current = scene.fold if scene is not None else getattr(doc.view, "fold", None)
    full = len(scene.cards) if scene is not None else None
    from argmap.scoring import score

    try:
        scores = score(doc)
    except ArgmapError:
        scores = None
    best = None
    for level in range(1, (current or 10)):
        folded = build_scene(doc, scores, root=branch, measure=qt_measure(), fold=level)
        w, h = png_size(folded, scale)
        if not _fits(w, h):
            break  # more levels only make it larger
        best = (level, w, h)
        if len(folded.cards) == full:
            break
    return best


def _new_image(w: int, h: int, transparent: bool) -> QImage:
    image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    if image.isNull():
        raise ExportError(f"Not enough memory for a {w} × {h} picture.", hint="Use a smaller scale, or PDF.")
    image.fill(QColor(0, 0, 0, 0) if transparent else QColor(Qt.GlobalColor.white))
    return image


def _image_painter(image: QImage, scene: Scene, scale: float, y0: float = 0.0) -> QPainter:
    painter = QPainter(image)
    painter.scale(scale, scale)
    painter.translate(-scene.bounds.x, -scene.bounds.y - y0 / scale)
    return painter


def render_image(scene: Scene, scale: float = 1.0, transparent: bool = False,
                 progress: Progress | None = None, cancel: Cancel | None = None) -> QImage:
    """The scene as one QImage (size-checked)."""
    w, h = check_png_size(scene, scale)
    image = _new_image(w, h, transparent)
    steps = _Steps(_chunks(scene), progress, cancel)
    painter = _image_painter(image, scene, scale)
    try:
        _paint(painter, scene, steps)
    finally:
        painter.end()
    return image


def write_png(scene: Scene, path: str | os.PathLike[str], scale: float = 1.0, transparent: bool = False,
              dpi: float | None = None, progress: Progress | None = None, cancel: Cancel | None = None) -> None:
    """Write the scene as a PNG at `scale` (device pixels per scene unit); tall pictures go in bands."""
    w, h = check_png_size(scene, scale)
    rows = max(1, BAND_BYTES // (4 * w))
    meters = round((dpi or 96.0 * scale) / 0.0254)
    with atomic_path(path) as tmp:
        if h <= rows:
            image = render_image(scene, scale, transparent, progress, cancel)
            image.setDotsPerMeterX(meters)
            image.setDotsPerMeterY(meters)
            if not image.save(tmp, "PNG"):
                raise ExportError("The PNG could not be encoded.", source=SourceRef(str(path)))
        else:
            _write_png_bands(scene, tmp, w, h, rows, scale, transparent, meters, _Steps(math.ceil(h / rows), progress, cancel))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _write_png_bands(scene: Scene, tmp: str, w: int, h: int, rows: int, scale: float, transparent: bool,
                     meters: int, steps: _Steps) -> None:
    """Encode a PNG band by band, so memory stays at one band however tall the picture is."""
    channels = 4 if transparent else 3
    fmt = QImage.Format.Format_RGBA8888 if transparent else QImage.Format.Format_RGB888
    b = scene.bounds
    compressor = zlib.compressobj(3)
    with open(tmp, "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n")
        out.write(_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6 if transparent else 2, 0, 0, 0)))
        out.write(_chunk(b"pHYs", struct.pack(">IIB", meters, meters, 1)))
        for y0 in range(0, h, rows):
            band_h = min(rows, h - y0)
            image = _new_image(w, band_h, transparent)
            painter = _image_painter(image, scene, scale, y0)
            exposed = Rect(b.x, b.y + y0 / scale, b.w, band_h / scale)
            # Only cards are culled: edges and links are drawn whole, as in one piece, so the
            # bands come out pixel for pixel like a picture drawn at once.
            band_scene = replace(scene, cards=[c for c in scene.cards if c.rect.intersects(exposed)])
            try:
                paint_scene(painter, band_scene)
            finally:
                painter.end()
            band = image.convertToFormat(fmt)
            bits = bytes(band.constBits())
            stride, width_bytes = band.bytesPerLine(), w * channels
            raw = b"".join(b"\x00" + bits[y * stride:y * stride + width_bytes] for y in range(band_h))
            data = compressor.compress(raw)
            if data:
                out.write(_chunk(b"IDAT", data))
            steps.step()
        out.write(_chunk(b"IDAT", compressor.flush()))
        out.write(_chunk(b"IEND", b""))


# -- SVG -----------------------------------------------------------------------------


def write_svg(scene: Scene, path: str | os.PathLike[str], title: str = "", transparent: bool = False,
              progress: Progress | None = None, cancel: Cancel | None = None) -> None:
    """Write the scene as SVG: real vector shapes, text as text, written straight from the scene (see svgwrite)."""
    steps = _Steps(_chunks(scene), progress, cancel)
    with atomic_path(path) as tmp:
        steps.check()
        with open(tmp, "w", encoding="utf-8", newline="\n") as out:
            svgwrite.write(scene, out, title=title, transparent=transparent, step=steps.step, chunk=CHUNK)


# -- PDF -------------------------------------------------------------------------------


def page_layout(page: str, orientation: str | None, bounds: Rect | None = None) -> QPageLayout:
    """A4 or Letter (portrait/landscape, or by the map's shape when None) with margins, or 'fit': one page the map's size."""
    if page == "fit":
        if bounds is None:
            raise ExportError("A page that fits the map needs the map.")
        w_pt, h_pt = bounds.w * 0.75, bounds.h * 0.75  # a scene unit is a pixel at 96 dpi
        k = min(1.0, PDF_MAX_POINTS / max(w_pt, h_pt))
        size = QPageSize(QSizeF(max(w_pt * k, 1), max(h_pt * k, 1)), QPageSize.Unit.Point, "map",
                         QPageSize.SizeMatchPolicy.ExactMatch)
        return QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
    if page not in PAGES:
        raise ExportError(f"'{page}' is not a page size.", hint="Use a4, letter or fit.")
    if orientation is None:
        wide = bounds is not None and bounds.w > bounds.h
        orientation = "landscape" if wide else "portrait"
    if orientation not in ("portrait", "landscape"):
        raise ExportError(f"'{orientation}' is not an orientation.", hint="Use portrait or landscape.")
    turn = QPageLayout.Orientation.Landscape if orientation == "landscape" else QPageLayout.Orientation.Portrait
    m = MARGIN_MM
    return QPageLayout(QPageSize(PAGES[page]), turn, QMarginsF(m, m, m, m), QPageLayout.Unit.Millimeter)


LEGIBLE_PT = 6.0  # below this, a one-page PDF suggests tiling


def _pdf_resolution(bounds: Rect, layout: QPageLayout) -> int:
    """Device units per inch that make one scene unit one device unit with the map fitted to the page."""
    area = layout.paintRect(QPageLayout.Unit.Inch)
    return max(72, math.ceil(max(bounds.w / area.width(), bounds.h / area.height())))


def pdf_text_size(scene: Scene, page: str = "a4", orientation: str | None = None) -> float:
    """How large card body text comes out, in points, on the one-page PDF `write_pdf` makes."""
    from argmap.render.style import FONT_PX

    b = scene.bounds
    return FONT_PX["text"] * 72 / _pdf_resolution(b, page_layout(page, orientation, b))


def pdf_text_note(scene: Scene, page: str = "a4", orientation: str | None = None) -> tuple[str, bool]:
    """'body text 2.1 pt on a4' for a one-page PDF, and whether that is too small to read (below LEGIBLE_PT)."""
    size = pdf_text_size(scene, page, orientation)
    where = "a page the map's size" if page == "fit" else page
    return f"body text {size:.1f} pt on {where}", size < LEGIBLE_PT


def write_pdf(scene: Scene, path: str | os.PathLike[str], page: str = "a4", orientation: str | None = None,
              title: str = "", progress: Progress | None = None, cancel: Cancel | None = None) -> None:
    """Write the scene on one PDF page, fitted to A4 or Letter, or on a page the map's size ('fit').

    The writer's resolution is chosen so that one scene unit is one device unit: the map is
    drawn at full detail (text and all) whatever its size, and the PDF stays vector. Text
    comes out at `pdf_text_size` points.

    Qt keeps a page's drawing in memory until the page is done (about 7 KB a card), so a
    large map is drawn as several pages of `PDF_PAGE_CARDS` cards each, written out one
    after the other, which `_join_pages` then makes one page showing them all in order.
    """
    b = scene.bounds
    layout = page_layout(page, orientation, b)
    steps = _Steps(_chunks(scene), progress, cancel)
    with atomic_path(path) as tmp:
        # Qt's pages go to a second temporary file beside the first (a short name, whatever the target's).
        fd, parts = tempfile.mkstemp(prefix=".argmap-", suffix=".pages.pdf", dir=os.path.dirname(tmp) or ".")
        os.close(fd)
        try:
            writer = QPdfWriter(parts)
            writer.setTitle(title or "argument map")
            writer.setCreator("argmap")
            writer.setPageLayout(layout)
            area = layout.paintRect(QPageLayout.Unit.Inch)
            resolution = _pdf_resolution(b, layout)
            writer.setResolution(resolution)
            painter = QPainter(writer)
            if not painter.isActive():
                raise ExportError("The PDF could not be started.", source=SourceRef(str(path)))
            try:
                dx = (area.width() * resolution - b.w) / 2
                dy = (area.height() * resolution - b.h) / 2
                painter.translate(dx - b.x, dy - b.y)
                _paint(painter, scene, steps, new_page=writer.newPage)
            finally:
                painter.end()
            del writer  # closes the file
            _join_pages(parts, tmp)
        finally:
            if os.path.exists(parts):
                os.unlink(parts)


PDF_PAGE_CARDS = 2000  # cards drawn on one page of a PDF before it is joined into one

_REF = rb"(\d+)\s+0\s+R"


def _read_object(f: Any, offset: int) -> bytes:
    """The text of an object without a stream (a dictionary or an array) at `offset` of the open file."""
    f.seek(offset)
    data = b""
    while b"endobj" not in data:
        more = f.read(4096)
        if not more:
            raise ExportError("The PDF writer's output could not be read back.")
        data += more
    return data[:data.index(b"endobj")]


def _entry(text: bytes, key: bytes) -> int:
    found = re.search(rb"/" + key + rb"\s+" + _REF, text)
    if found is None:
        raise ExportError("The PDF writer's output could not be read back.")
    return int(found.group(1))


def _join_pages(src: str, dst: str) -> None:
    """Copy the PDF `src` (as Qt writes it) to `dst` with its pages made one: the first page shows every
    page's contents in turn (each within q/Q, so none changes the next one's graphics state) with the
    union of their resources; the other pages are left out. The file is copied object by object, in
    pieces, so memory does not grow with its size."""
    with open(src, "rb") as f:
        end = f.seek(0, os.SEEK_END)
        f.seek(max(0, end - 2048))
        tail = f.read()
        xref_at = int(re.findall(rb"startxref\s+(\d+)", tail)[-1])
        f.seek(xref_at)
        head = f.readline() + f.readline()
        count = int(re.match(rb"xref\s+0\s+(\d+)", head).group(1))  # type: ignore[union-attr]
        rows = f.read(20 * count)
        offsets = {i: int(rows[20 * i:20 * i + 10]) for i in range(1, count) if rows[20 * i + 17:20 * i + 18] == b"n"}
        trailer = f.read(end - f.tell())
        trailer = trailer[:trailer.index(b"startxref")]
        root = _read_object(f, offsets[_entry(trailer, b"Root")])
        pages_id = _entry(root, b"Pages")
        pages = _read_object(f, offsets[pages_id])
        kids = [int(k) for k in re.findall(_REF, re.search(rb"/Kids\s*\[([^\]]*)\]", pages).group(1))]  # type: ignore[union-attr]
        first = _read_object(f, offsets[kids[0]])
        contents: list[int] = []
        resources: dict[bytes, dict[bytes, bytes]] = {}
        annots: list[bytes] = []
        drop = set(kids[1:])
        for kid in kids:
            page = _read_object(f, offsets[kid])
            contents.append(_entry(page, b"Contents"))
            res_id, annots_id = _entry(page, b"Resources"), _entry(page, b"Annots")
            for category, body in re.findall(rb"/(\w+)\s*<<(.*?)>>", _read_object(f, offsets[res_id]), re.S):
                names = resources.setdefault(category, {})
                for name, value in re.findall(rb"(/[^\s/<>\[\]()]+)\s+(/[^\s/<>\[\]()]+|\d+\s+\d+\s+R)", body):
                    names.setdefault(name, value)
            annots += [a for a in re.findall(rb"\d+\s+\d+\s+R", _read_object(f, offsets[annots_id]))
                       if a not in annots]
            if kid != kids[0]:
                drop |= {res_id, annots_id}
        push, pop = count, count + 1
        order = " ".join(f"{push} 0 R {c} 0 R {pop} 0 R" for c in contents).encode()
        page_text = re.sub(rb"/Contents\s+" + _REF, b"/Contents [" + order + b"]", first[first.index(b"obj") + 3:])
        merged = b"<<\n" + b"".join(b"/" + category + b" <<\n" + b"".join(n + b" " + v + b"\n" for n, v in names.items())
                                    + b">>\n" for category, names in resources.items()) + b">>\n"
        pages_text = re.sub(rb"/Kids\s*\[[^\]]*\]", f"/Kids [{kids[0]} 0 R]".encode(), pages[pages.index(b"obj") + 3:])
        replaced = {kids[0]: page_text, pages_id: re.sub(rb"/Count\s+\d+", b"/Count 1", pages_text),
                    _entry(first, b"Resources"): merged, _entry(first, b"Annots"): b"[ " + b" ".join(annots) + b" ]\n"}
        ordered = sorted((o, i) for i, o in offsets.items())
        new_offsets: dict[int, int] = {}
        with open(dst, "wb") as out:
            f.seek(0)
            _copy(f, out, ordered[0][0])
            for k, (offset, ident) in enumerate(ordered):
                stop = ordered[k + 1][0] if k + 1 < len(ordered) else xref_at
                if ident in drop:
                    continue
                new_offsets[ident] = out.tell()
                if ident in replaced:
                    out.write(b"%d 0 obj\n" % ident + replaced[ident].strip() + b"\nendobj\n")
                else:
                    f.seek(offset)
                    _copy(f, out, stop - offset)
            for ident, body in ((push, b"q\n"), (pop, b"Q\n")):
                new_offsets[ident] = out.tell()
                out.write(b"%d 0 obj\n<< /Length %d >>\nstream\n%sendstream\nendobj\n" % (ident, len(body), body))
            size = count + 2
            free = [i for i in range(1, size) if i not in new_offsets]
            next_free = dict(zip(free, [*free[1:], 0]))  # a free entry names the next free object
            xref = out.tell()
            rows_out = [b"%010d 65535 f \n" % (free[0] if free else 0)]
            for i in range(1, size):
                if i in new_offsets:
                    rows_out.append(b"%010d 00000 n \n" % new_offsets[i])
                else:
                    rows_out.append(b"%010d 00001 f \n" % next_free[i])
            out.write(b"xref\n0 %d\n" % size + b"".join(rows_out))
            out.write(re.sub(rb"/Size\s+\d+", b"/Size %d" % size, trailer) + b"startxref\n%d\n%%%%EOF\n" % xref)


def _copy(src: Any, dst: Any, length: int) -> None:
    while length > 0:
        piece = src.read(min(length, 1 << 20))
        if not piece:
            break
        dst.write(piece)
        length -= len(piece)
