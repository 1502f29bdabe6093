"""Drawing a scene with QPainter: fonts, wrapping with Qt's metrics, cards, level of detail, exposed areas."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QFontInfo, QFontMetricsF, QImage, QPainter

from argmap.model import Document, Kind, Node
from argmap.render.painter import LOD_BOX, QtMeasure, font, paint_card, paint_scene, qt_measure
from argmap.render.scene import build_scene, default_measure


@pytest.fixture
def scene(qapp):
    doc = Document(question="q", nodes=[
        Node(id="q", kind=Kind.QUESTION, text="Which way?"),
        Node(id="o1", kind=Kind.OPTION, text="Take the bridge over the river to town", parent="q"),
        Node(id="o2", kind=Kind.OPTION, text="Take the ferry", parent="q", order=1),
    ])
    return build_scene(doc, measure=qt_measure())


def _render(scene, scale=1.0, exposed=None):
    b = scene.bounds
    image = QImage(int(b.w * scale) + 1, int(b.h * scale) + 1, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.scale(scale, scale)
    painter.translate(-b.x, -b.y)
    paint_scene(painter, scene, exposed)
    painter.end()
    return image


def _pixel(image, scene, x, y, scale=1.0):
    b = scene.bounds
    return image.pixelColor(int((x - b.x) * scale), int((y - b.y) * scale)).name()


def test_fonts_are_dejavu_sans_at_fixed_pixel_sizes(qapp):
    info = QFontInfo(font("text"))
    assert info.family() == "DejaVu Sans"
    assert font("title").bold() and font("text").pixelSize() == 12


def test_qt_measure_wraps_lines_to_the_width(qapp):
    m = qt_measure()
    text = "The talks succeed and trade across the border grows year after year 😀 " * 3
    lines = m.wrap(text, 200, "text")
    fm = QFontMetricsF(font("text"))
    assert len(lines) > 2
    assert all(fm.horizontalAdvance(line) <= 200 + 0.5 for line in lines)
    assert " ".join(lines) == text.strip()  # nothing lost, even past a character outside the BMP
    assert default_measure() is m  # scenes built without a measure use the painter's fonts


def test_cards_are_drawn_with_their_band_and_fill(scene):
    image = _render(scene)
    for card in scene.cards:
        r = card.rect
        assert _pixel(image, scene, r.x + 40, r.y + 4) == card.face.band
        assert _pixel(image, scene, r.right - 4, r.bottom - 4) == card.face.fill
    left = scene.card("o1").rect
    assert _pixel(image, scene, left.x - 6, left.y + 20) == "#ffffff"


def test_card_text_is_drawn_in_ink(scene):
    image = _render(scene)
    card = scene.card("o1")
    line = card.face.lines[0]
    dark = 0
    for dx in range(int(line.w)):
        for dy in range(12):
            c = image.pixelColor(int(card.rect.x + line.x + dx - scene.bounds.x), int(card.rect.y + line.y + dy - scene.bounds.y))
            dark += c.lightness() < 100
    assert dark > 50


def test_far_out_cards_are_plain_boxes(scene):
    scale = LOD_BOX / 2
    image = _render(scene, scale)
    card = scene.card("o2")
    cx, cy = card.rect.center
    assert _pixel(image, scene, cx, cy, scale) == card.face.band
    near = _render(scene, 1.0)
    assert _pixel(near, scene, cx, cy) != card.face.band


def test_only_the_exposed_area_is_drawn(scene):
    o1, o2 = scene.card("o1").rect, scene.card("o2").rect
    image = _render(scene, exposed=o1)
    assert _pixel(image, scene, o1.right - 4, o1.bottom - 4) == scene.card("o1").face.fill
    assert _pixel(image, scene, o2.right - 4, o2.bottom - 4) == "#ffffff"


def test_paint_card_marks_the_selection(scene, qapp):
    card = scene.card("q")
    image = QImage(300, 200, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.translate(-card.rect.x + 10, -card.rect.y + 10)
    paint_card(painter, card, 1.0, selected=True)
    painter.end()
    assert image.pixelColor(10, int(card.rect.h / 2) + 10).name() == "#1976d2"
    assert isinstance(qt_measure(), QtMeasure)


def test_links_end_in_an_arrowhead_and_tree_edges_are_drawn(qapp):
    from argmap.model import Link

    doc = Document(question="q", nodes=[
        Node(id="q", kind=Kind.QUESTION, text="Which way?"),
        Node(id="o1", kind=Kind.OPTION, text="Bridge", parent="q"),
        Node(id="o2", kind=Kind.OPTION, text="Ferry", parent="q", order=1),
        Node(id="c1", kind=Kind.CONSEQUENCE, text="Early", parent="o1"),
        Node(id="c2", kind=Kind.CONSEQUENCE, text="Late", parent="o2"),
    ], links=[Link(**{"from": "c1", "to": "o2", "kind": "attacks"})])
    scene = build_scene(doc, measure=qt_measure())
    image = _render(scene)
    link = scene.links[0]
    (x2, y2), (x3, y3) = link.points[2], link.points[3]
    d = ((x3 - x2) ** 2 + (y3 - y2) ** 2) ** 0.5
    inside = (x3 - (x3 - x2) / d * 5, y3 - (y3 - y2) / d * 5)  # 5 units back from the tip
    assert _pixel(image, scene, *inside) == link.color
    edge = next(e for e in scene.edges if e.target == "c1")
    (x0, y0), (x1, y1) = edge.points[-2], edge.points[-1]  # the stem into the child, under its label
    big = _render(scene, 4.0)  # lines several pixels wide, so their middle is not blended
    assert _pixel(big, scene, x0, y1 - 3, 4.0) == edge.color


def test_arabic_script_text_has_glyphs_and_wraps(qapp):
    fm = QFontMetricsF(font("text"))
    text = "مذاکرات صلح در دوحه ادامه دارد و پاکستان میانجی است"  # Arabic script, as Urdu and Persian use
    assert all(fm.inFontUcs4(ord(ch)) for ch in text if not ch.isspace())
    lines = qt_measure().wrap(text, 120, "text")
    assert len(lines) > 1 and " ".join(lines) == text


def test_plain_wrapping_breaks_lines_exactly_where_qtextlayout_does():
    import random

    from argmap.paths import bundled_scenario
    from argmap.render.painter import _PLAIN

    m = QtMeasure()
    words = (bundled_scenario().parent / "us-taliban-peace-talks.txt").read_text(encoding="utf-8").split()
    rnd = random.Random(7)
    checked = 0
    for _ in range(3000):
        k = rnd.randint(1, 30)
        i = rnd.randint(0, len(words) - k)
        text = " ".join(words[i:i + k])
        if not _PLAIN.match(text):
            continue
        for role, width in (("title", 204.0), ("text", 204.0), ("title", 102.0), ("text", 90.0)):
            fast = m._wrap_plain(text, width, role)
            if fast is not None:
                checked += 1
                assert fast == m._wrap_layout(text, width, role), (text, width, role)
    assert checked > 5000
    # Text with other break opportunities (hyphens, slashes, other scripts) goes to QTextLayout.
    assert not _PLAIN.match("intra-Afghan talks") and not _PLAIN.match("US/Taliban") and not _PLAIN.match("پاکستان")
