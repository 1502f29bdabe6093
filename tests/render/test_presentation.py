"""Presentation steps (render/present.py): what each reveals, where the camera looks, cards without numbers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from argmap.io import read
from argmap.model.document import Document, Kind, Node
from argmap.model.tour import Tour, effective_tour
from argmap.paths import bundled_scenario
from argmap.render.present import FONT_PX, camera_for, make_step, min_scale, paint_step, title_px
from argmap.render.projector import bare_height
from argmap.scoring import score


@pytest.fixture(autouse=True)
def _application(qapp):
    return qapp


@pytest.fixture(scope="module")
def scenario():
    doc = read(bundled_scenario())
    scores = score(doc)
    steps, _ = effective_tour(doc, scores)
    return doc, scores, steps


def _inside(card_rect, cam, w, h) -> bool:
    half_w, half_h = w / cam.scale / 2, h / cam.scale / 2
    return (cam.x - half_w <= card_rect.x and card_rect.right <= cam.x + half_w
            and cam.y - half_h <= card_rect.y and card_rect.bottom <= cam.y + half_h)


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720), (960, 540)])
def test_every_step_shows_its_focused_card_whole_and_titles_large(scenario, size):
    doc, scores, steps = scenario
    w, h = size
    tour = Tour(doc, steps)
    for k in range(len(steps)):
        step = make_step(doc, scores, steps, k)
        assert set(step.scene.by_id) == tour.visible(k)
        assert step.focus == steps[k] and step.focus in step.new
        cam = camera_for(step, w, h)
        assert cam.scale >= min_scale(w, h)
        assert title_px(cam) >= 30 * h / 1080 - 1e-9
        assert _inside(step.scene.by_id[step.focus].rect, cam, w, h), k


def test_a_small_neighbourhood_is_fitted_but_not_blown_up(scenario):
    doc, scores, steps = scenario
    step = make_step(doc, scores, steps, 0)  # the question alone
    cam = camera_for(step, 1920, 1080)
    assert cam.scale == pytest.approx(min_scale(1920, 1080) * 1.3)
    assert (cam.x, cam.y) == pytest.approx(step.scene.by_id[doc.question].rect.center)


def test_cards_without_numbers_shrink_to_their_text_and_edges_follow():
    nodes = [Node(id="q", kind=Kind.QUESTION, text="Go?"),
             Node(id="o", kind=Kind.OPTION, text="Yes", parent="q", impact={"p": 3.0}),
             Node(id="c", kind=Kind.CONSEQUENCE, text="It rains", parent="o", likelihood=0.4, impact={"p": -2.0}),
             Node(id="pro", kind=Kind.PRO, text="Clouds", parent="c", strength=0.5)]
    from argmap.model.document import Perspective

    doc = Document(question="q", nodes=nodes, perspectives=[Perspective(id="p", name="People")])
    step = make_step(doc, score(doc), ["q", "o", "c", "pro"], 3)
    full, bare = step.shown(True), step.shown(False)
    assert full is step.scene
    for nid in ("o", "c", "pro"):
        f, b = full.by_id[nid], bare.by_id[nid]
        assert f.face.badges and b.rect.h == bare_height(f.face) < f.rect.h
        assert (b.rect.x, b.rect.y, b.rect.w) == (f.rect.x, f.rect.y, f.rect.w)
    for e in bare.edges:  # top-down: each stem starts at its parent's new bottom
        parent = bare.by_id[e.source].rect
        assert e.points[0] == (parent.x + parent.w / 2, parent.bottom)
        assert e.points[-1] == (bare.by_id[e.target].rect.x + bare.by_id[e.target].rect.w / 2, bare.by_id[e.target].rect.y)


def test_a_collapsed_branch_is_still_revealed():
    nodes = [Node(id="q", kind=Kind.QUESTION, text="Go?"),
             Node(id="o", kind=Kind.OPTION, text="Yes", parent="q"),
             Node(id="c", kind=Kind.CONSEQUENCE, text="It rains", parent="o")]
    doc = Document(question="q", nodes=nodes)
    doc.view.collapsed = ["o"]
    step = make_step(doc, None, ["q", "o", "c"], 2)
    assert set(step.scene.by_id) == {"q", "o", "c"}
    assert doc.view.collapsed == ["o"]  # the map is not changed


def test_an_empty_map_or_tour_draws_a_blank_page():
    step = make_step(Document(), None, [], 0)
    assert step.count == 0 and step.scene.cards == []
    image = QImage(320, 180, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    paint_step(painter, QRectF(0, 0, 320, 180), step)
    painter.end()
    assert image.pixelColor(160, 90) == QColor("#ffffff")


def test_paint_step_draws_into_its_rectangle_only(scenario):
    doc, scores, steps = scenario
    step = make_step(doc, scores, steps, 3)
    image = QImage(400, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("#00ff00"))
    painter = QPainter(image)
    cam = paint_step(painter, QRectF(100, 50, 200, 150), step, numbers=True)
    painter.end()
    assert image.pixelColor(50, 25) == QColor("#00ff00") and image.pixelColor(350, 280) == QColor("#00ff00")
    inside = {image.pixelColor(x, y).name() for x in range(100, 300, 7) for y in range(50, 200, 7)}
    assert "#00ff00" not in inside and len(inside) > 3  # background and card colours
    assert title_px(cam) == pytest.approx(FONT_PX["title"] * cam.scale)


def test_cross_links_appear_only_once_both_ends_are_revealed(scenario):
    doc, scores, steps = scenario
    seen_any = False
    for k in range(len(steps)):
        step = make_step(doc, scores, steps, k)
        for numbers in (True, False):
            links = step.shown(numbers).links
            assert all(ln.source in step.scene.by_id and ln.target in step.scene.by_id for ln in links)
        expected = [ln for ln in doc.links if ln.source in step.scene.by_id and ln.target in step.scene.by_id]
        assert len(step.scene.links) == len(expected)
        seen_any = seen_any or bool(expected)
    assert seen_any and len(step.scene.links) == len(doc.links)  # the last step shows them all


def test_paint_tour_step_draws_step_k(scenario):
    from argmap.render.present import paint_tour_step

    doc, scores, steps = scenario
    pictures = []
    for numbers in (False, True):
        image = QImage(480, 270, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        cam = paint_tour_step(painter, QRectF(0, 0, 480, 270), doc, scores, steps, 4, numbers)
        painter.end()
        pictures.append(image)
    assert cam == camera_for(make_step(doc, scores, steps, 4), 480, 270)
    assert pictures[0] != pictures[1]  # the badges come and go


def test_edges_of_a_compact_map_without_numbers_start_on_their_shrunk_cards():
    from argmap.render.present import _without_numbers
    from argmap.render.scene import build_scene

    doc = read(bundled_scenario())
    scene = build_scene(doc, score(doc), layout="compact")
    bare = _without_numbers(scene, doc)
    for e in bare.edges:
        r = bare.by_id[e.source].rect
        x, y = e.points[0]
        assert r.x - 0.5 <= x <= r.x + r.w + 0.5 and r.y - 0.5 <= y <= r.y + r.h + 0.5, (e.source, e.points[0], r)
