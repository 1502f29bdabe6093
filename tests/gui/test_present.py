"""Presentation mode, driven through the real widget with key clicks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from argmap.gui.present import PresentationView
from argmap.io import read
from argmap.model.tour import Tour, effective_tour
from argmap.paths import bundled_scenario
from argmap.render.present import FONT_PX, min_scale, title_px
from argmap.scoring import score

from tests.gui.conftest import small_map


@pytest.fixture
def scenario():
    doc = read(bundled_scenario())
    return doc, score(doc)


@pytest.fixture
def show(qtbot):
    """A presentation at 1920 × 1080, shown and focused."""

    def make(doc, scores=None, **kw) -> PresentationView:
        view = PresentationView(doc, scores, **kw)
        qtbot.addWidget(view)
        view.resize(1920, 1080)
        view.show()
        qtbot.waitExposed(view)
        view.setFocus()
        return view

    return make


def _settle(qtbot, view: PresentationView) -> None:
    qtbot.waitUntil(lambda: not view.is_animating, timeout=3000)


def test_step_keys_reveal_the_tour_step_by_step(qtbot, show, scenario):
    doc, scores = scenario
    steps, dropped = effective_tour(doc, scores)
    tour = Tour(doc, steps)
    view = show(doc, scores)
    assert dropped == [] and view.count == len(steps) == 25
    assert view.step == 0 and view.shown_ids() == {doc.question}
    expected = 0
    for key, move in ((Qt.Key.Key_Right, 1), (Qt.Key.Key_PageDown, 1), (Qt.Key.Key_Space, 1), (Qt.Key.Key_Right, 1),
                      (Qt.Key.Key_Left, -1), (Qt.Key.Key_PageUp, -1), (Qt.Key.Key_PageDown, 1)):
        with qtbot.waitSignal(view.step_changed, timeout=1000) as signal:
            qtbot.keyClick(view, key)
        expected += move
        assert signal.args == [expected]
        assert view.step == expected
        assert view.shown_ids() == tour.visible(expected)
        assert view.current().focus == steps[expected]
    assert expected == 3  # the last option: question and all options shown, nothing below them
    assert view.shown_ids() == {doc.question} | {n.id for n in doc.children(doc.question) if n.kind.value == "option"}
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.step == 24 and view.shown_ids() == {n.id for n in doc.nodes}
    qtbot.keyClick(view, Qt.Key.Key_Right)  # past the end: stays
    assert view.step == 24
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.step == 0 and view.shown_ids() == {doc.question}
    qtbot.keyClick(view, Qt.Key.Key_PageUp)  # before the start: stays
    assert view.step == 0


def test_a_step_highlights_what_it_revealed_and_brings_it_into_view(qtbot, show, scenario):
    doc, scores = scenario
    view = show(doc, scores)
    for _ in range(5):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    step = view.current()
    assert view.step == 5 and step.focus == view.steps[5]
    # The branch appears with this step: the focused node and what only it reveals, none of it shown before.
    assert step.focus in step.new and step.new == view.shown_ids() - Tour(doc, view.steps).visible(4)
    _settle(qtbot, view)
    view.grab()  # paints
    cam = view.shown_camera
    card = view.scene.by_id[step.focus].rect
    half_w, half_h = view.width() / cam.scale / 2, view.height() / cam.scale / 2
    assert cam.x - half_w <= card.x and card.right <= cam.x + half_w
    assert cam.y - half_h <= card.y and card.bottom <= cam.y + half_h


def test_numbers_are_hidden_until_N(qtbot, show, scenario):
    doc, scores = scenario
    view = show(doc, scores)
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert not view.is_numbers_shown
    bare = {c.id: c.rect.h for c in view.scene.cards}
    qtbot.keyClick(view, Qt.Key.Key_N)
    assert view.is_numbers_shown
    full = {c.id: c.rect.h for c in view.scene.cards}
    weighed = [c.id for c in view.scene.cards if c.face.badges]
    assert weighed and all(bare[i] < full[i] for i in weighed)  # no room kept for hidden badges
    assert all(full[c.id] == c.face.h for c in view.scene.cards)
    view.grab()
    qtbot.keyClick(view, Qt.Key.Key_N)
    assert not view.is_numbers_shown and {c.id: c.rect.h for c in view.scene.cards} == bare


def test_B_blanks_the_screen_and_a_step_key_or_B_brings_it_back(qtbot, show, scenario):
    doc, scores = scenario
    view = show(doc, scores)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_B)
    assert view.is_blank
    image = view.grab().toImage()
    assert {image.pixelColor(x, y).name() for x, y in ((5, 5), (960, 540), (1900, 1060))} == {"#000000"}
    qtbot.keyClick(view, Qt.Key.Key_Right)  # un-blanks where it was
    assert not view.is_blank and view.step == 1
    qtbot.keyClick(view, Qt.Key.Key_B)
    qtbot.keyClick(view, Qt.Key.Key_B)
    assert not view.is_blank
    _settle(qtbot, view)
    image = view.grab().toImage()
    assert image.pixelColor(5, 5) == QColor("#ffffff")


def test_Esc_leaves(qtbot, show, scenario):
    view = show(*scenario)
    with qtbot.waitSignal(view.closed, timeout=1000):
        qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not view.isVisible()


def test_titles_are_at_least_28_pixels_on_a_1920_by_1080_screen(qtbot, show, scenario):
    doc, scores = scenario
    view = show(doc, scores)
    assert (view.width(), view.height()) == (1920, 1080)
    sizes = []
    for k in range(view.count):
        view.go(k)
        _settle(qtbot, view)
        view.grab()
        sizes.append(title_px(view.shown_camera))
        assert sizes[-1] == pytest.approx(view.title_pixels())
    assert min(sizes) >= 28
    assert min(sizes) == pytest.approx(FONT_PX["title"] * min_scale(1920, 1080))  # the floor is reached


def test_a_tour_step_whose_node_is_gone_is_left_out(qtbot, show):
    doc = small_map()
    doc.tour = ["q1", "ghost", "o2", "c2", "o1"]
    view = show(doc)
    assert view.dropped == ["ghost"]
    assert view.steps == ["q1", "o2", "c2", "o1"] and view.count == 4
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.shown_ids() == {"q1", "o2"}
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.shown_ids() == {"q1", "o2", "c2"}
    qtbot.keyClick(view, Qt.Key.Key_End)  # the last step reveals o1 with its whole branch (no later step has it)
    assert view.shown_ids() == {"q1", "o1", "o2", "c1", "c2", "p1"}
    view.grab()
    assert doc.tour == ["q1", "ghost", "o2", "c2", "o1"]  # reading the tour does not change the map


def test_a_tour_of_only_missing_ids_falls_back_to_the_generated_one(qtbot, show):
    doc = small_map()
    doc.tour = ["gone", "also-gone"]
    view = show(doc)
    assert view.dropped == ["gone", "also-gone"]
    assert view.steps[:3] == ["q1", "o1", "o2"]
    view.grab()


def test_F5_in_the_editor_presents_full_screen_and_Esc_comes_back(qtbot, window, session):
    session.document.tour = ["q1", "nowhere", "o1", "o2"]
    qtbot.keyClick(window, Qt.Key.Key_F5)
    view = window.presentation
    qtbot.waitUntil(view.isVisible, timeout=2000)
    assert view.isFullScreen()
    assert view.steps == ["q1", "o1", "o2"] and view.shown_ids() == {"q1"}
    assert "nowhere" in window.statusBar().currentMessage()
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert view.step == 1 and view.shown_ids() == {"q1", "o1", "c1", "p1"}
    with qtbot.waitSignal(view.closed, timeout=1000):
        qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert window.isVisible()
    assert "Present" in [a.text().replace("&", "") for m in window.menuBar().actions() if m.text() == "&View"
                         for a in m.menu().actions()]


def test_argmap_present_runs_the_tour_and_warns_about_missing_steps(qtbot, tmp_path, capsys, monkeypatch):
    from argmap.cli import main
    from argmap.commands import present
    from argmap.io import jsondoc

    doc = small_map()
    doc.tour = ["q1", "ghost", "o2"]
    path = tmp_path / "m.argmap.json"
    jsondoc.write(doc, path)
    seen = {}

    def execute(app, view):
        qtbot.addWidget(view)
        seen["full"] = view.isFullScreen()
        seen["start"] = view.step
        qtbot.keyClick(view, Qt.Key.Key_Right)
        seen["after"] = view.step
        seen["numbers"] = view.is_numbers_shown
        qtbot.keyClick(view, Qt.Key.Key_Escape)
        seen["open"] = view.isVisible()
        return 0

    monkeypatch.setattr(present, "execute", execute)
    assert main(["present", str(path), "--numbers"]) == 0
    assert seen == {"full": True, "start": 0, "after": 1, "numbers": True, "open": False}
    err = capsys.readouterr().err
    assert "ghost" in err and err.startswith("warning:")
    assert main(["present", str(path), "--step", "0"]) == 2
    assert main(["present", str(tmp_path / "none.argmap.json")]) == 1
    assert "none.argmap.json" in capsys.readouterr().err


def test_the_export_dialog_writes_slides(qtbot, session, tmp_path):
    from pdfminer.pdfpage import PDFPage

    from argmap.gui.exportdialog import SLIDES, ExportDialog

    session.path = tmp_path / "crossing.argmap.json"
    dialog = ExportDialog(session)
    qtbot.addWidget(dialog)
    dialog.set_format(SLIDES)
    assert dialog.path_edit.text() == str(tmp_path / "crossing-slides.pdf")  # never the map picture's name
    assert not dialog.page_box.isEnabled() and not dialog.branch_radio.isEnabled()
    assert dialog.options().slides
    assert dialog.export_now()
    assert dialog.result_text == f"{tmp_path / 'crossing-slides.pdf'}: 5 slides (16:9)"
    with open(tmp_path / "crossing-slides.pdf", "rb") as f:
        boxes = [tuple(p.mediabox) for p in PDFPage.get_pages(f)]
    assert len(boxes) == 5 and set(boxes) == {(0, 0, 960, 540)}
    dialog.set_format("PDF picture")
    assert not dialog.options().slides


def test_argmap_present_without_a_display_says_so(tmp_path, capsys, monkeypatch):
    from argmap.cli import main

    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    assert main(["present", str(bundled_scenario())]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: there is no display to present on") and "--slides" in err
