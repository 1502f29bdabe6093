"""PNG, SVG and PDF export: sizes, content, equality with the canvas's drawing, limits, atomicity, cancel."""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QColor, QImage, QPainter

from argmap.errors import ExportError
from argmap.io import jsondoc
from argmap.model import Document, Kind, Node
from argmap.paths import bundled_scenario
from argmap.render import images
from argmap.render.painter import font, paint_scene
from argmap.render.textpdf import count_pages, write_markdown_pdf


@pytest.fixture(scope="module")
def doc() -> Document:
    return jsondoc.read(bundled_scenario())


@pytest.fixture(scope="module")
def scene(doc, qapp):
    return images.map_scene(doc)


def non_background(image: QImage, background: QColor, step: int = 3) -> int:
    """How many sampled pixels differ from the background."""
    count = 0
    bg = background.rgba()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            if image.pixel(x, y) != bg:
                count += 1
    return count


def test_png_has_the_scene_size_and_is_not_blank(scene, tmp_path):
    path = tmp_path / "map.png"
    images.write_png(scene, path)
    image = QImage(str(path))
    b = scene.bounds
    assert (image.width(), image.height()) == (int(-(-b.w // 1)), int(-(-b.h // 1)))
    drawn = non_background(image, QColor("#ffffff"), step=5)
    assert drawn > 0.05 * (image.width() // 5) * (image.height() // 5)


def test_png_scale_and_dpi_set_size_and_resolution(scene, tmp_path):
    images.write_png(scene, tmp_path / "x2.png", scale=2)
    big = QImage(str(tmp_path / "x2.png"))
    assert (big.width(), big.height()) == images.png_size(scene, 2)
    images.write_png(scene, tmp_path / "dpi.png", scale=0.5, dpi=48)
    small = QImage(str(tmp_path / "dpi.png"))
    assert (small.width(), small.height()) == images.png_size(scene, 0.5)
    assert round(small.dotsPerMeterX() * 0.0254) == 48


def test_png_matches_the_canvas_drawing(scene, tmp_path):
    path = tmp_path / "map.png"
    images.write_png(scene, path)
    exported = QImage(str(path)).convertToFormat(QImage.Format.Format_ARGB32)
    w, h = images.png_size(scene, 1.0)
    direct = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    direct.fill(QColor("#ffffff"))
    painter = QPainter(direct)
    painter.translate(-scene.bounds.x, -scene.bounds.y)
    paint_scene(painter, scene)
    painter.end()
    assert exported == direct.convertToFormat(QImage.Format.Format_ARGB32)


def test_banded_png_equals_the_one_piece_png(doc, tmp_path, monkeypatch):
    scene = images.map_scene(doc, branch="opt_neutral")
    whole = tmp_path / "whole.png"
    images.write_png(scene, whole, transparent=True)
    w, h = images.png_size(scene, 1.0)
    rows = 200
    monkeypatch.setattr(images, "BAND_BYTES", 4 * w * rows)
    banded = tmp_path / "banded.png"
    steps = []
    images.write_png(scene, banded, transparent=True, progress=lambda done, total: steps.append((done, total)))
    assert steps == [(i, -(-h // rows)) for i in range(1, -(-h // rows) + 1)]
    a = QImage(str(whole)).convertToFormat(QImage.Format.Format_RGBA8888)
    b = QImage(str(banded)).convertToFormat(QImage.Format.Format_RGBA8888)
    assert (a.width(), a.height()) == (b.width(), b.height()) == (w, h)
    pa, pb, stride = bytes(a.constBits()), bytes(b.constBits()), a.bytesPerLine()
    # Identical except for rounding (at most 4 of 255) where antialiased text or a line crosses a band's edge.
    for y in range(h):
        ra, rb = pa[y * stride:(y + 1) * stride], pb[y * stride:(y + 1) * stride]
        if ra != rb:
            assert min(abs(y - k) for k in range(rows, h, rows)) <= 2, y
            assert max(abs(x - z) for x, z in zip(ra, rb)) <= 4


def test_transparent_png_has_a_clear_background(scene, tmp_path):
    path = tmp_path / "clear.png"
    images.write_png(scene, path, transparent=True)
    image = QImage(str(path))
    assert image.hasAlphaChannel()
    assert image.pixelColor(0, 0).alpha() == 0
    assert non_background(image, QColor(0, 0, 0, 0), step=7) > 100


def test_too_large_png_is_refused_before_drawing_with_the_scale_that_fits(scene, tmp_path, monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 1_000_000)
    path = tmp_path / "huge.png"
    with pytest.raises(ExportError) as info:
        images.write_png(scene, path, scale=2)
    fit = float(re.search(r"--scale ([0-9.]+)", info.value.hint).group(1))
    w, h = images.png_size(scene, fit)
    assert w * h <= 1_000_000 and "PDF" in info.value.hint
    assert list(tmp_path.iterdir()) == []
    images.write_png(scene, path, scale=fit)
    assert path.exists()


def test_cancel_leaves_no_file_and_keeps_the_old_one(scene, tmp_path):
    path = tmp_path / "map.png"
    path.write_bytes(b"old picture")
    cancel = threading.Event()

    def progress(done, total):
        cancel.set()

    for writer in (images.write_png, images.write_svg, images.write_pdf):
        with pytest.raises(images.ExportCancelled):
            writer(scene, path, progress=progress, cancel=cancel)
        cancel.clear()
        assert path.read_bytes() == b"old picture"
        assert [p.name for p in tmp_path.iterdir()] == ["map.png"]


def test_branch_export_draws_only_the_branch(doc, tmp_path, qapp):
    branch = images.map_scene(doc, branch="opt_us")
    ids = {c.id for c in branch.cards}
    assert ids == {n.id for n in doc.walk("opt_us")} | ids & {ln.target for ln in doc.links}
    assert "opt_neutral" not in ids
    with pytest.raises(ExportError, match="no node"):
        images.map_scene(doc, branch="nope")


def test_svg_is_xml_with_text_elements(scene, doc, tmp_path):
    path = tmp_path / "map.svg"
    images.write_svg(scene, path, title=doc.title)
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    texts = [t for t in root.iter() if t.tag.endswith("text")]
    words = " ".join("".join(t.itertext()) for t in texts)
    assert len(texts) > 100
    assert "Stay neutral as a" in words and "negotiator" in words
    assert root.get("viewBox").split()[2:] == [f"{scene.bounds.w:g}", f"{scene.bounds.h:g}"] or root.get("viewBox")


def _media_boxes(data: bytes) -> list[tuple[float, float]]:
    return [(float(w), float(h)) for w, h in re.findall(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]", data)]


@pytest.mark.parametrize("page, orientation, size", [
    ("a4", "portrait", (595, 842)), ("a4", "landscape", (842, 595)), ("letter", "portrait", (612, 792)),
])
def test_pdf_is_one_fitted_page(scene, tmp_path, page, orientation, size):
    path = tmp_path / "map.pdf"
    images.write_pdf(scene, path, page=page, orientation=orientation)
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert count_pages(data) == 1
    [(w, h)] = _media_boxes(data)
    assert (round(w), round(h)) == size


def test_pdf_page_the_size_of_the_map(scene, tmp_path):
    path = tmp_path / "fit.pdf"
    images.write_pdf(scene, path, page="fit")
    [(w, h)] = _media_boxes(path.read_bytes())
    assert abs(w - scene.bounds.w * 0.75) < 1.5 and abs(h - scene.bounds.h * 0.75) < 1.5


def test_brief_pdf_has_pages(doc, tmp_path, qapp):
    from argmap.io.markdown import brief

    path = tmp_path / "brief.pdf"
    pages = write_markdown_pdf(brief(doc, "opt_neutral"), path, title="brief")
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and pages == count_pages(data) >= 2


@pytest.mark.parametrize("a, b", [("你", "好"), ("ب", "ع"), ("🎉", "🚀"), ("ж", "ю"), ("क", "ज")])
def test_text_in_any_script_renders_real_glyphs(qapp, a, b):
    def draw(ch: str) -> QImage:
        image = QImage(40, 40, QImage.Format.Format_ARGB32)
        image.fill(QColor("#ffffff"))
        painter = QPainter(image)
        painter.setFont(font("text"))
        painter.drawText(5, 30, ch)
        painter.end()
        return image

    first, second = draw(a), draw(b)
    assert non_background(first, QColor("#ffffff"), step=1) > 10
    assert first != second  # two missing glyphs would be the same empty box


def test_map_with_many_scripts_exports(tmp_path, qapp):
    doc = Document(question="q", nodes=[
        Node(id="q", kind=Kind.QUESTION, text="Which 路 should we take? 🚦"),
        Node(id="a", kind=Kind.OPTION, parent="q", text="الطريق الأول"),
        Node(id="b", kind=Kind.OPTION, parent="q", order=1, text="पहला रास्ता — путь"),
    ])
    scene = images.map_scene(doc)
    images.write_png(scene, tmp_path / "m.png")
    images.write_svg(scene, tmp_path / "m.svg")
    assert "الطريق الأول" in (tmp_path / "m.svg").read_text(encoding="utf-8")


def test_pictures_keep_collapsed_marks_but_not_collapse_buttons(doc, qapp):
    collapsed = doc.model_copy(deep=True)
    collapsed.view.collapsed = ["c_doha"]
    scene = images.map_scene(collapsed)
    toggles = {c.id: c.face.toggle for c in scene.cards if c.face.toggle}
    assert toggles == {"c_doha": "+"}
    assert "ev_baradar" not in {c.id for c in scene.cards}
