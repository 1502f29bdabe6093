"""SVG written straight from the scene: it looks like the PNG, text stays text, styles are shared, writes are atomic."""

from __future__ import annotations

import io
import math
import re
import threading
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from argmap.io import jsondoc
from argmap.model import Document, Kind, Link, LinkKind, Node, Perspective
from argmap.paths import bundled_scenario
from argmap.render import images, svgwrite
from argmap.render import style as S
from argmap.render.scene import Card, Edge, Rect, Scene

SVG = "{http://www.w3.org/2000/svg}"
# How far an SVG may be from the PNG of the same scene, in levels (0-255) of |png - svg| per colour
# channel. Measured on the bundled map: mean 0.03 and worst block 9 (antialiased edges the painter
# draws several times over); a card moved by (30, 12) gives a worst block of 118.
MEAN_LIMIT = 0.3
BLOCK = 24
BLOCK_LIMIT = 24.0
COUNT_LIMIT = 0.03  # relative difference of the pixels of a card's band and fill colours within its box


@pytest.fixture(scope="module")
def doc() -> Document:
    return jsondoc.read(bundled_scenario())


@pytest.fixture(scope="module")
def scene(doc, qapp):
    return images.map_scene(doc)


@pytest.fixture(scope="module")
def png(scene) -> QImage:
    return images.render_image(scene, 1.0).convertToFormat(QImage.Format.Format_ARGB32)


def svg_image(path, scene, transparent: bool = False) -> QImage:
    """The SVG rendered by Qt's SVG renderer onto a picture the size of the scene's PNG."""
    w, h = images.png_size(scene, 1.0)
    image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(0, 0, 0, 0) if transparent else QColor("#ffffff"))
    renderer = QSvgRenderer(str(path))
    assert renderer.isValid()
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, scene.bounds.w, scene.bounds.h))
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def difference(a: QImage, b: QImage) -> list[bytes]:
    """|a - b| per colour channel, row by row (3 bytes a pixel)."""
    assert (a.width(), a.height()) == (b.width(), b.height())
    out = QImage(a)
    painter = QPainter(out)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Difference)
    painter.drawImage(0, 0, b)
    painter.end()
    rgb = out.convertToFormat(QImage.Format.Format_RGB888)
    stride, width = rgb.bytesPerLine(), 3 * rgb.width()
    bits = bytes(rgb.constBits())
    return [bits[y * stride:y * stride + width] for y in range(rgb.height())]


def mean_difference(a: QImage, b: QImage) -> float:
    rows = difference(a, b)
    return sum(sum(row) for row in rows) / (len(rows) * len(rows[0]))


def worst_block(a: QImage, b: QImage) -> float:
    """The largest mean difference over BLOCK × BLOCK squares: a local change cannot hide in a big picture."""
    rows = difference(a, b)
    span = 3 * BLOCK
    worst = 0.0
    for y0 in range(0, len(rows), BLOCK):
        band = rows[y0:y0 + BLOCK]
        sums = [0] * math.ceil(len(rows[0]) / span)
        for row in band:
            for i in range(len(sums)):
                sums[i] += sum(row[i * span:(i + 1) * span])
        worst = max(worst, max(sums) / (span * len(band)))
    return worst


def colour_count(image: QImage, colour: str) -> int:
    """How many pixels have exactly this colour (opaque ARGB32: bytes B G R A)."""
    q = QColor(colour)
    return bytes(image.constBits()).count(bytes((q.blue(), q.green(), q.red(), 255)))


def card_colours(image: QImage, scene) -> list[tuple[int, int]]:
    """For each card, how many pixels of its band colour and of its fill colour lie within its box."""
    out = []
    for card in scene.cards:
        r = card.rect
        box = image.copy(math.floor(r.x - scene.bounds.x), math.floor(r.y - scene.bounds.y), math.ceil(r.w) + 1,
                         math.ceil(r.h) + 1)
        out.append((colour_count(box, card.face.band), colour_count(box, card.face.fill)))
    return out


def assert_looks_like(png: QImage, svg: QImage, scene) -> None:
    assert mean_difference(png, svg) < MEAN_LIMIT
    assert worst_block(png, svg) < BLOCK_LIMIT
    for card, a, b in zip(scene.cards, card_colours(png, scene), card_colours(svg, scene)):
        for before, after in zip(a, b):
            assert before > 0, card.id
            assert abs(after - before) <= COUNT_LIMIT * before, card.id


def write(scene, path, **kwargs):
    images.write_svg(scene, path, **kwargs)
    return ET.parse(path).getroot()


def texts(root) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_svg_looks_like_the_png(scene, png, tmp_path):
    path = tmp_path / "map.svg"
    images.write_svg(scene, path)
    assert_looks_like(png, svg_image(path, scene), scene)


def test_a_moved_card_or_a_changed_colour_fails_the_comparison(scene, png, tmp_path):
    card = scene.cards[len(scene.cards) // 2]
    r = card.rect
    moved = Card(card.id, card.kind, Rect(r.x + 30, r.y + 12, r.w, r.h), card.face, card.depth, card.parent)
    recoloured = Card(card.id, card.kind, r, replace(card.face, band="#1565c0"), card.depth, card.parent)

    def drawn(changed: Card) -> QImage:
        path = tmp_path / "changed.svg"
        images.write_svg(replace(scene, cards=[changed if c is card else c for c in scene.cards]), path)
        return svg_image(path, scene)

    svg = drawn(moved)
    assert worst_block(png, svg) > 3 * BLOCK_LIMIT
    with pytest.raises(AssertionError):
        assert_looks_like(png, svg, scene)
    svg = drawn(recoloured)
    i = scene.cards.index(card)
    assert card_colours(svg, scene)[i][0] < 0.1 * card_colours(png, scene)[i][0]
    with pytest.raises(AssertionError):
        assert_looks_like(png, svg, scene)


def test_collapsed_branch_keeps_its_mark_and_count(doc, tmp_path, qapp):
    collapsed = doc.model_copy(deep=True)
    collapsed.view.collapsed = ["c_doha"]
    scene = images.map_scene(collapsed)
    card = scene.by_id["c_doha"]
    assert card.face.toggle == "+" and card.face.hidden > 0
    path = tmp_path / "folded.svg"
    root = write(scene, path)
    assert f"+{card.face.hidden}" in texts(root)
    png = images.render_image(scene, 1.0).convertToFormat(QImage.Format.Format_ARGB32)
    assert_looks_like(png, svg_image(path, scene), scene)


def test_text_is_data_not_markup(tmp_path, qapp):
    tricky = "<b>&\"' x\x01y\x0bz\x7f</b>]]>"
    doc = Document(question="q", title="Title <&> \"quoted\" \x02", nodes=[
        Node(id="q", kind=Kind.QUESTION, title="Tags <b>&\"'", text=tricky),
        Node(id="o", kind=Kind.OPTION, parent="q", text="plain"),
    ])
    scene = images.map_scene(doc)
    root = write(scene, tmp_path / "tricky.svg", title=doc.title)
    assert root.find(f"{SVG}title").text == 'Title <&> "quoted" '
    words = texts(root)
    assert "Tags <b>&\"'" in words
    body = " ".join(words)
    assert "<b>&\"' xyz\x7f</b>]]>" in body
    assert not any(re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", w) for w in words)


def test_escape_drops_what_xml_forbids_and_keeps_the_rest():
    assert svgwrite.escape("a<b>&c") == "a&lt;b&gt;&amp;c"
    assert svgwrite.escape("x\x00\x08\x0c\x1fy\ud800\ufffe") == "xy"
    assert svgwrite.escape("tab\tnew\nline\r") == "tab\tnew\nline&#13;"
    assert svgwrite.escape("ملاحظة «quoted» 你好 🎉") == "ملاحظة «quoted» 你好 🎉"


def test_right_to_left_lines_end_at_the_right_edge(tmp_path, qapp):
    doc = Document(question="q", nodes=[
        Node(id="q", kind=Kind.QUESTION, text="Which road?"),
        Node(id="a", kind=Kind.OPTION, parent="q", text="الطريق الأول هو الأقصر والأكثر أمانا للجميع"),
    ])
    scene = images.map_scene(doc)
    card = scene.by_id["a"]
    rtl = [ln for ln in card.face.lines if ln.rtl]
    assert rtl
    root = write(scene, tmp_path / "rtl.svg")
    by_text = {"".join(t.itertext()): t for t in root.iter(f"{SVG}text")}
    for line in rtl:
        element = by_text[line.text]
        assert "r" in element.get("class").split()
        assert float(element.get("x")) == pytest.approx(line.x + line.w, abs=0.01)
    style = root.find(f"{SVG}style").text
    assert ".r{text-anchor:end}" in style
    # Drawn where the painter draws it: the ink of the line ends at the same column in both pictures.
    png = images.render_image(scene, 1.0).convertToFormat(QImage.Format.Format_ARGB32)
    svg = svg_image(tmp_path / "rtl.svg", scene)
    line = rtl[0]
    y = round(card.rect.y + line.y + 8 - scene.bounds.y)  # through the middle of the line

    def rightmost_ink(image: QImage) -> int:
        xs = [x for x in range(image.width()) for dy in range(-3, 4)
              if QColor(image.pixel(x, y + dy)).lightness() < 100]
        return max(xs)

    assert abs(rightmost_ink(png) - rightmost_ink(svg)) <= 2
    assert_looks_like(png, svg, scene)


def test_links_have_arrowheads_and_bars_from_shared_markers(tmp_path, qapp):
    doc = Document(question="q", nodes=[
        Node(id="q", kind=Kind.QUESTION, text="Which?"),
        Node(id="a", kind=Kind.OPTION, parent="q", text="A"),
        Node(id="b", kind=Kind.OPTION, parent="q", order=1, text="B"),
        Node(id="c", kind=Kind.OPTION, parent="q", order=2, text="C"),
    ], links=[Link(**{"from": "a", "to": "b", "kind": LinkKind.CONTRADICTS}),
              Link(**{"from": "b", "to": "c", "kind": LinkKind.UNDERCUTS}),
              Link(**{"from": "c", "to": "a", "kind": LinkKind.SUPPORTS}),
              Link(**{"from": "a", "to": "c", "kind": LinkKind.SAME_AS})])
    scene = images.map_scene(doc)
    assert len(scene.links) == 4
    path = tmp_path / "links.svg"
    root = write(scene, path)
    curves = [p for p in root.iter(f"{SVG}path") if "C" in p.get("d", "")]
    assert len(curves) == 4
    markers = {m.get("id"): m for m in root.iter(f"{SVG}marker")}
    ends = [p.get("marker-end") for p in curves]
    starts = [p.get("marker-start") for p in curves]
    assert sum(e is not None for e in ends) == 3  # same_as has no arrowhead
    assert sum(s is not None for s in starts) == 1  # contradicts points both ways
    for ref in filter(None, ends + starts):
        assert markers[ref[len("url(#"):-1]] is not None
    assert {"contradicts", "undercuts", "supports", "same as"} <= set(texts(root))
    png = images.render_image(scene, 1.0).convertToFormat(QImage.Format.Format_ARGB32)
    assert_looks_like(png, svg_image(path, scene), scene)


def on_white(image: QImage) -> QImage:
    out = QImage(image.size(), QImage.Format.Format_ARGB32)
    out.fill(QColor("#ffffff"))
    painter = QPainter(out)
    painter.drawImage(0, 0, image)
    painter.end()
    return out


def clear_pixels(image: QImage) -> int:
    """How many pixels are fully transparent (ARGB32: alpha is every fourth byte)."""
    return bytes(image.constBits())[3::4].count(0)


def test_transparent_svg_has_no_background(scene, tmp_path):
    plain, clear = tmp_path / "plain.svg", tmp_path / "clear.svg"
    images.write_svg(scene, plain)
    images.write_svg(scene, clear, transparent=True)
    assert clear_pixels(svg_image(plain, scene, transparent=True)) == 0
    svg = svg_image(clear, scene, transparent=True)
    png = images.render_image(scene, 1.0, transparent=True).convertToFormat(QImage.Format.Format_ARGB32)
    assert svg.pixelColor(0, 0).alpha() == 0
    assert clear_pixels(svg) == pytest.approx(clear_pixels(png), rel=0.01)
    assert clear_pixels(svg) > 0.5 * svg.width() * svg.height()
    assert_looks_like(on_white(png), on_white(svg), scene)


def test_styles_are_shared_and_cards_are_a_few_elements(scene, tmp_path):
    root = write(scene, tmp_path / "map.svg")
    style = root.find(f"{SVG}style").text
    names = re.findall(r"^\.(k\d+)\{", style, re.M)
    assert len(names) == len(set(names)) < 40
    for element in root.iter():
        assert element.get("style") is None
        if element.tag in (f"{SVG}text", f"{SVG}path"):
            assert element.get("fill") is None and element.get("stroke") is None
    groups = [g for g in root.findall(f"{SVG}g") if g.get("transform", "").startswith("translate(")]
    assert len(groups) == len(scene.cards)
    for card, group in zip(scene.cards, groups):
        f = card.face
        # A score: its label, the track, the fill (when weighed) and the mark of 0 at the track's middle.
        expected = 1 + len(f.lines) + 2 * len(f.badges) + (4 if f.score is not None else 3 if f.score_label else 0)
        assert len(list(group)) == expected
        assert group[0].tag == f"{SVG}use"
    assert 'font-family:DejaVu Sans;font:12px DejaVu Sans,Noto Sans,' in style and "Emoji" not in style


def test_text_baselines_follow_the_qt_font_ascent(scene, tmp_path):
    from PySide6.QtGui import QFontMetricsF

    from argmap.render.painter import font

    root = write(scene, tmp_path / "map.svg")
    groups = [g for g in root.findall(f"{SVG}g") if g.get("transform", "").startswith("translate(")]
    card, group = scene.cards[0], groups[0]
    x, y = map(float, re.match(r"translate\(([-\d.]+),([-\d.]+)\)", group.get("transform")).groups())
    assert (x, y) == (pytest.approx(card.rect.x, abs=0.01), pytest.approx(card.rect.y, abs=0.01))
    lines = [e for e in group if e.tag == f"{SVG}text"][:len(card.face.lines)]
    for line, element in zip(card.face.lines, lines):
        ascent = QFontMetricsF(font(line.role)).ascent()
        assert float(element.get("y")) == pytest.approx(line.y + ascent, abs=0.01)
        assert element.get("class").split()[0] == {"title": "t", "text": "x"}[line.role]
    style = root.find(f"{SVG}style").text
    assert f".t{{font-size:{S.FONT_PX['title']}px;font-weight:bold}}" in style
    assert f".x{{font-size:{S.FONT_PX['text']}px}}" in style


def test_cards_are_streamed_in_chunks_with_progress(scene, tmp_path):
    writes: list[int] = []

    class Out(io.StringIO):
        def write(self, s: str) -> int:
            writes.append(len(s))
            return super().write(s)

    out = Out()
    steps = []
    svgwrite.write(scene, out, step=lambda: steps.append(len(writes)), chunk=10)
    assert len(steps) == 1 + math.ceil(len(scene.cards) / 10)
    assert steps == sorted(steps) and len(set(steps)) == len(steps)  # something written between steps
    assert max(writes) < len(out.getvalue()) / 3
    ET.fromstring(out.getvalue().encode("utf-8"))

    progress = []
    images.write_svg(scene, tmp_path / "map.svg", progress=lambda done, total: progress.append((done, total)))
    total = 1 + math.ceil(len(scene.cards) / images.CHUNK)
    assert progress == [(i, total) for i in range(1, total + 1)]


@pytest.mark.parametrize("when", ["before", "during"])
def test_cancel_leaves_no_file(scene, tmp_path, when):
    path = tmp_path / "map.svg"
    path.write_text("old picture")
    cancel = threading.Event()
    if when == "before":
        cancel.set()
    with pytest.raises(images.ExportCancelled):
        images.write_svg(scene, path, progress=lambda done, total: cancel.set(), cancel=cancel)
    assert path.read_text() == "old picture"
    assert [p.name for p in tmp_path.iterdir()] == ["map.svg"]
    new = tmp_path / "new.svg"
    with pytest.raises(images.ExportCancelled):
        images.write_svg(scene, new, progress=lambda done, total: cancel.set(), cancel=cancel)
    assert not new.exists()


def test_numbers_have_few_decimals(scene, tmp_path):
    images.write_svg(scene, tmp_path / "map.svg")
    root = ET.parse(tmp_path / "map.svg").getroot()
    shapes = [e for e in root.iter() if e.tag in (f"{SVG}path", f"{SVG}rect")]
    numbers = [n for e in shapes for k in ("d", "x", "y", "width", "height")
               for n in re.findall(r"[\d.]+", e.get(k, ""))]
    assert numbers and all(len(n.partition(".")[2]) <= 2 for n in numbers)
    # Text is placed exactly (Qt rounds baselines to whole pixels): at most six decimals.
    assert all(len(e.get("y").partition(".")[2]) <= 6 for e in root.iter(f"{SVG}text"))


def _path_points(d: str) -> list[tuple[float, float]]:
    """The end point of every command of path data made of M m h v l (absolute and relative)."""
    points, x, y = [], 0.0, 0.0
    for cmd, args in re.findall(r"([MmhvlL])([^MmhvlL]*)", d):
        nums = [float(n) for n in re.findall(r"-?[\d.]+", args)]
        if cmd in "ML":
            x, y = nums
        elif cmd in "ml":
            x, y = x + nums[0], y + nums[1]
        elif cmd == "h":
            x += nums[0]
        else:
            y += nums[0]
        points.append((x, y))
    return points


def test_relative_path_data_does_not_drift():
    a, b = (0.004, 0.0), (0.004, 10.0)
    edges = [Edge("p", f"c{i}", "supports", (a, b, (i * 7.337, 10.0), (i * 7.337, 30.006)), "#2e7d32", "solid",
                  "", (0.0, 0.0)) for i in range(400)]
    out = io.StringIO()
    svgwrite.write(Scene(edges=edges, bounds=Rect(0, 0, 3000, 40)), out)
    [path] = [p for p in ET.fromstring(out.getvalue()).iter(f"{SVG}path") if p.get("d")]
    points = _path_points(path.get("d"))
    assert len(points) >= 2 * len(edges)
    for e in edges:  # every stem ends where it should, to the hundredth, however far along the path
        end = e.points[-1]
        assert min(abs(x - end[0]) + abs(y - end[1]) for x, y in points) <= 0.0101


def test_colours_are_data_not_css(tmp_path, qapp):
    bad = "red}</style><script>alert(1)</script><style>"
    doc = Document(question="q", perspectives=[Perspective(id="p", name="Party", color="#00f;}zz{fill:red")], nodes=[
        Node(id="q", kind=Kind.QUESTION, text="Which?"),
        Node(id="a", kind=Kind.OPTION, parent="q", text="A", impact={"p": 3}),
        Node(id="b", kind=Kind.OPTION, parent="q", order=1, text="B", impact={"p": -2}),
    ])
    doc.view.colors = {"a": bad, "b": "#7b1fa2"}
    scene = images.map_scene(doc)
    path = tmp_path / "colours.svg"
    root = write(scene, path)
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    style = root.find(f"{SVG}style").text
    assert "<" not in style and "alert" not in style and "zz" not in style
    assert "#7b1fa2" in style
    png = images.render_image(scene, 1.0).convertToFormat(QImage.Format.Format_ARGB32)
    assert_looks_like(png, svg_image(path, scene), scene)
