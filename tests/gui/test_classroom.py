"""The classroom in the window: which weighing is shown, a student's name, the class view, its tint, File ▸ Class."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtWidgets import QApplication

from argmap.gui import classroom
from argmap.gui.session import Session
from argmap.io import jsondoc
from argmap.model import Document
from argmap.model import edits as E
from argmap.model import weighings as W
from argmap.scoring.classroom import class_view
from tests.gui.conftest import small_map

NAMES = {"s1": "Ada Lovelace", "s2": "Ben Okri", "s3": "Cleo Park"}


def class_map() -> Document:
    """The small map with three students' weighings: they split on c1 (the bridge's consequence)."""
    doc = small_map()
    values = {"s1": (0.1, 0.9, 0.2), "s2": (0.95, 0.3, 0.9), "s3": (0.5, 0.6, 0.5)}
    for wid, (c1, c2, p1) in values.items():
        w = W.capture(doc, wid, NAMES[wid], file=f"{wid}.argmap.json")
        w.values["c1"].likelihood = c1
        w.values["c2"].likelihood = c2
        w.values["p1"].strength = p1
        W.AddWeighing(w).apply(doc)
    return doc


@pytest.fixture
def class_window(make_window):
    return make_window(Session(class_map()))


def _show_class(qtbot, window):
    panel = window.weighing.class_panel
    with qtbot.waitSignal(panel.updated, timeout=2000):
        window.weighing.show_class_view()
    return panel


# -- which weighing is active ---------------------------------------------------------------------


def test_weighing_combo_switches_and_undo_switches_back(qtbot, class_window):
    row = class_window.weighing.weighing_row
    doc = class_window.session.document
    assert row.isVisible()
    assert [row.combo.itemText(i) for i in range(row.combo.count())] == ["Author's values", *NAMES.values()]
    authors = class_window.scores.option("o1").overall
    row.combo.setCurrentIndex(2)
    row.combo.activated.emit(2)
    assert doc.active_weighing == "s2"
    assert doc.node("c1").likelihood == 0.95 and doc.node("p1").strength == 0.9
    assert class_window.weighing_label.text() == "Showing Ben Okri's weighing"
    qtbot.waitUntil(lambda: class_window.scores.option("o1").overall != pytest.approx(authors))  # the scores follow
    class_window.session.undo()
    assert doc.active_weighing is None
    assert doc.node("c1").likelihood == 0.6 and doc.node("p1").strength == 0.5
    assert row.combo.currentIndex() == 0
    assert not class_window.weighing_label.isVisible()


def test_editing_a_value_while_a_student_is_active_edits_that_weighing_only(class_window):
    session = class_window.session
    doc = session.document
    class_window.weighing.weighing_row.switch_to("s1")
    session.apply(E.SetLikelihood("c1", 0.33), "Set likelihood")
    class_window.weighing.weighing_row.switch_to(W.AUTHOR)
    assert doc.active_weighing is None
    assert doc.node("c1").likelihood == 0.6
    assert W.find(doc, "s1").values["c1"].likelihood == 0.33
    assert W.find(doc, "s2").values["c1"].likelihood == 0.95
    assert W.find(doc, "s3").values["c1"].likelihood == 0.5


def test_a_map_without_weighings_shows_no_selector_and_no_class_choice(window):
    panel = window.weighing
    assert not panel.weighing_row.isVisible()
    assert panel.perspective_combo.findText("Class") < 0
    assert window.canvas.tint == {}


# -- a student's name -----------------------------------------------------------------------------


def _handout(tmp_path, author: str = "") -> str:
    doc = small_map()
    doc.handout, doc.author = True, author
    path = tmp_path / "crossing.argmap.json"
    jsondoc.write(doc, path)
    return str(path)


def test_opening_a_handout_asks_the_students_name_once(qtbot, monkeypatch, make_window, tmp_path):
    asked: list[str] = []
    answers = [None, "  Zoë   Ahmed "]
    monkeypatch.setattr(classroom, "ask_student_name", lambda parent: asked.append("?") or answers.pop(0))
    window = make_window()
    path = _handout(tmp_path)
    assert window.files.open_path(path)
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert window.session.document.author == "" and not window.session.is_modified  # cancelled: no name
    assert window.files.open_path(path)  # asked again the next time
    qtbot.waitUntil(lambda: window.session.document.author == "Zoë Ahmed")
    assert len(asked) == 2
    assert window.weighing_label.text() == "Weighing as Zoë Ahmed"
    assert "Weighing as Zoë Ahmed" in window.statusBar().currentMessage()
    assert window.session.is_modified  # the name is an edit, saved with the student's values
    window.session.undo()
    assert window.session.document.author == ""


def test_a_handout_with_a_name_or_a_plain_map_is_not_asked(qtbot, monkeypatch, make_window, tmp_path):
    asked: list[str] = []
    monkeypatch.setattr(classroom, "ask_student_name", lambda parent: asked.append("?") or "Someone")
    window = make_window()
    assert window.files.open_path(_handout(tmp_path, author="Zoë Ahmed"))
    plain = tmp_path / "plain.argmap.json"
    jsondoc.write(small_map(), plain)
    assert window.files.open_path(plain)
    QApplication.processEvents()
    QApplication.processEvents()
    assert asked == []
    assert window.session.document.author == ""


# -- the class view -------------------------------------------------------------------------------


def test_class_choice_shows_the_class_views_numbers(qtbot, class_window):
    panel = _show_class(qtbot, class_window)
    weighing = class_window.weighing
    assert weighing.is_class_view and weighing.perspective is None
    assert panel.isVisible() and not weighing.tabs.isVisible()
    expected = class_view(class_window.session.document)
    rows = panel.strip_chart.rows
    assert [r.option.id for r in rows] == ["o1", "o2"]
    for row, o in zip(rows, expected.options):
        assert row.option.median == pytest.approx(o.median)
        assert row.option.mean == pytest.approx(o.mean)
        assert row.option.leads == o.leads
        assert sorted(v for _, _, v, _ in row.dots) == pytest.approx(sorted(o.scores))
    leaders = {s.weighing_id: s.leader for s in expected.students}
    assert {wid: picked for wid, _, _, picked in rows[0].dots} == {w: leaders[w] == "o1" for w in NAMES}
    assert sum(r.option.leads for r in rows) == 3
    assert [r.rank_median for r in rows] == [expected.by_median.index(o) + 1 for o in ("o1", "o2")]
    assert panel.hotspot_chart.hotspots[0].label == expected.hotspots[0].label


def test_the_class_view_follows_edits(qtbot, class_window):
    panel = _show_class(qtbot, class_window)
    before = panel.strip_chart.rows[0].option.median
    with qtbot.waitSignal(panel.updated, timeout=2000):
        class_window.weighing.weighing_row.switch_to("s3")
    with qtbot.waitSignal(panel.updated, timeout=2000):
        class_window.session.apply(E.SetLikelihood("c1", 1.0), "Set likelihood")
    after = panel.strip_chart.rows[0].option.median
    assert after > before
    assert after == pytest.approx(class_view(class_window.session.document).options[0].median)
    assert panel.strip_chart.active == "s3"


def test_clicking_a_students_dot_shows_their_weighing(qtbot, class_window):
    panel = _show_class(qtbot, class_window)
    chart = panel.strip_chart
    qtbot.waitUntil(lambda: bool(chart.dot_centres("s2")))
    spot = chart.dot_centres("s2")[0]
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(round(spot.x()), round(spot.y())))
    doc = class_window.session.document
    assert doc.active_weighing == "s2"
    assert doc.node("c1").likelihood == 0.95
    assert "Ben Okri" in class_window.statusBar().currentMessage()
    class_window.session.undo()
    assert doc.active_weighing is None


def test_clicking_a_hotspot_selects_its_node(qtbot, class_window):
    panel = _show_class(qtbot, class_window)
    chart = panel.hotspot_chart
    row = next(i for i, h in enumerate(chart.hotspots) if h.node is not None and h.node != class_window.session.current)
    y = 4 + row * chart.row_height() + chart.row_height() // 2
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(20, y))
    assert class_window.session.current == chart.hotspots[row].node
    assert chart.selected == chart.hotspots[row].node


def test_anonymous_mode_shows_codes_instead_of_names(qtbot, class_window):
    panel = _show_class(qtbot, class_window)
    class_window.weighing.weighing_row.switch_to("s1")
    qtbot.waitUntil(lambda: panel.strip_chart.active == "s1")
    panel.anonymous_check.setChecked(True)
    codes = {W.code_for(n) for n in NAMES.values()}
    shown = {name for row in panel.strip_chart.rows for _, name, _, _ in row.dots}
    assert shown == codes
    combo = class_window.weighing.weighing_row.combo
    assert {combo.itemText(i) for i in range(1, combo.count())} == codes
    texts = [panel.summary.text(), class_window.weighing_label.text(), panel.rankings.text(),
             *(combo.itemText(i) for i in range(combo.count()))]
    assert not any(n in t for n in NAMES.values() for t in texts)
    assert W.code_for("Ada Lovelace") in class_window.weighing_label.text()
    panel.anonymous_check.setChecked(False)
    assert "Ada Lovelace" in class_window.weighing_label.text()


def test_cards_are_tinted_only_while_the_class_view_is_shown(qtbot, class_window):
    canvas = class_window.canvas
    canvas.set_fold(None)
    assert canvas.tint == {}
    plain = canvas.viewport().grab().toImage()
    panel = _show_class(qtbot, class_window)
    contested = class_view(class_window.session.document).contested
    assert contested and canvas.tint == contested
    top = max(contested, key=contested.get)
    assert canvas.shown_tint()[top] == (pytest.approx(1.0), True)
    card = canvas.scene_data.card(top)
    canvas.centerOn(card.rect.x + card.rect.w / 2, card.rect.y + card.rect.h / 2)
    plain = canvas.viewport().grab().toImage()
    class_window.weighing.show_class_view(False)
    assert canvas.tint == {} and not panel.is_active
    untinted = canvas.viewport().grab().toImage()
    with qtbot.waitSignal(panel.updated, timeout=2000):
        class_window.weighing.show_class_view()
    tinted = canvas.viewport().grab().toImage()
    box = canvas.mapFromScene(QRectF(card.rect.x, card.rect.y, card.rect.w, card.rect.h)).boundingRect()
    assert tinted.copy(box) != untinted.copy(box)  # the card itself is tinted
    assert plain == tinted


def test_a_folded_card_is_ringed_for_what_is_contested_under_it(qtbot, class_window):
    canvas = class_window.canvas
    canvas.set_fold(2)  # the question and the options: every consequence is folded
    _show_class(qtbot, class_window)
    contested = class_view(class_window.session.document).contested
    shown = canvas.shown_tint()
    assert set(shown) == {"o1", "o2"}
    assert shown["o2"] == (pytest.approx(contested["c2"]), False)
    assert shown["o1"] == (pytest.approx(max(contested["c1"], contested["p1"])), False)
    canvas.set_fold(None)
    assert canvas.shown_tint()["c2"] == (pytest.approx(contested["c2"]), True)


def test_the_tint_never_reaches_an_image_of_the_map(qtbot, class_window):
    class_window.copy_image_action.trigger()
    plain = QApplication.clipboard().image()
    _show_class(qtbot, class_window)
    assert class_window.canvas.tint
    class_window.copy_image_action.trigger()
    assert not plain.isNull() and QApplication.clipboard().image() == plain


def test_the_class_choice_goes_when_the_last_student_weighing_does(qtbot, class_window):
    _show_class(qtbot, class_window)
    session = class_window.session
    for wid in NAMES:
        session.apply(W.RemoveWeighing(wid), "Remove weighing")
    weighing = class_window.weighing
    qtbot.waitUntil(lambda: weighing.perspective_combo.findText("Class") < 0)
    assert not weighing.is_class_view and weighing.tabs.isVisible()
    assert class_window.canvas.tint == {}
    assert not weighing.weighing_row.isVisible()
