"""The classroom in the window: which weighing is shown, a student's name, the class view, its tint, File ▸ Class."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtWidgets import QApplication

from argmap.gui import classroom
from argmap.gui.session import Session
from argmap.io import jsondoc
from argmap.model import Document, Kind, Node
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
    class_window.resize(900, 820)  # tall enough for every pane's least height, with or without the class view
    qtbot.waitUntil(lambda: class_window.size().toTuple() == (900, 820))
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
    QApplication.processEvents()  # the pane widened for the class view: let the window lay itself out
    plain = canvas.viewport().grab().toImage()
    class_window.weighing.show_class_view(False)
    assert canvas.tint == {} and not panel.is_active
    untinted = canvas.viewport().grab().toImage()
    with qtbot.waitSignal(panel.updated, timeout=2000):
        class_window.weighing.show_class_view()
    QApplication.processEvents()
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


# -- File ▸ Class -------------------------------------------------------------------------------------


def _student_copy(folder, file: str, author: str, c1: float, extra: Node | None = None) -> None:
    from argmap.io.classroom import handout

    copy = handout(small_map())
    copy.author = author
    copy.node("c1").likelihood = c1
    if extra is not None:
        E.AddNode(extra).apply(copy)
    jsondoc.write(copy, folder / file)


@pytest.fixture
def class_folder(tmp_path):
    """A teacher's map and, beside it, three students' files, one of them broken and one a second Ada."""
    folder = tmp_path / "class"
    folder.mkdir()
    jsondoc.write(small_map(), folder / "teacher.argmap.json")
    _student_copy(folder, "ada.argmap.json", "Ada Lovelace", 0.2)
    _student_copy(folder, "ben.argmap.json", "Ben Okri", 0.9,
                  Node(id="x1", kind=Kind.CON, text="The bridge may close for repairs", parent="c1", strength=0.7))
    _student_copy(folder, "ada2.argmap.json", "Ada Lovelace", 0.4)
    (folder / "broken.argmap.json").write_text("{ not a map", encoding="utf-8")
    return folder


def test_hand_out_writes_a_student_copy(monkeypatch, window, tmp_path):
    choices = [classroom.HandoutChoice(str(tmp_path / "blank"), blank=True),
               classroom.HandoutChoice(str(tmp_path / "kept.argmap.json"), blank=False)]
    monkeypatch.setattr(classroom, "ask_handout", lambda parent, suggested: choices.pop(0))
    window.handout_action.trigger()
    blank = jsondoc.read(tmp_path / "blank.argmap.json")
    assert blank.handout and blank.author == "" and blank.weighings == []
    assert all(n.likelihood is None and n.strength is None and not n.impact for n in blank.nodes)
    assert "blank.argmap.json" in window.statusBar().currentMessage()
    window.handout_action.trigger()
    kept = jsondoc.read(tmp_path / "kept.argmap.json")
    assert kept.handout and kept.node("c1").likelihood == 0.6 and kept.node("p1").strength == 0.5
    assert not window.session.is_modified and not window.session.document.handout


def test_collect_opens_the_class_map_unsaved_in_the_class_view(qtbot, monkeypatch, make_window, class_folder):
    window = make_window()
    assert window.files.open_path(class_folder / "teacher.argmap.json")
    reports: list[list[str]] = []

    def report(parent, run):
        from argmap.io.classroom import collect_report

        skipping, keeping = run(False), run(True)
        reports.extend([collect_report(skipping), collect_report(keeping)])
        return keeping

    monkeypatch.setattr(classroom, "ask_collect_paths", lambda parent, directory: [str(class_folder)])
    monkeypatch.setattr(classroom, "ask_collect_report", report)
    window.collect_action.trigger()
    skipping, keeping = reports
    assert any(line.startswith("skipped  broken.argmap.json") for line in skipping)
    assert any(line.startswith("skipped  ada2.argmap.json") for line in skipping)
    assert not any("teacher.argmap.json" in line for line in skipping + keeping)  # the open map is the base
    assert any(line.startswith("note     ada2.argmap.json") for line in keeping)
    doc = window.session.document
    assert [w.name for w in doc.weighings] == ["Ada Lovelace", "Ada Lovelace (2)", "Ben Okri"]
    assert [s.file for s in doc.skipped] == ["broken.argmap.json"]
    assert window.session.path is None and window.session.is_modified
    qtbot.waitUntil(lambda: window.weighing.class_panel.view is not None)
    assert window.weighing.is_class_view
    assert len(window.weighing.class_panel.strip_chart.rows[0].dots) == 3
    assert "Collected 3 students' weighings (1 file skipped)" in window.statusBar().currentMessage()


def test_collect_cancelled_leaves_the_open_map(monkeypatch, make_window, class_folder):
    window = make_window()
    assert window.files.open_path(class_folder / "teacher.argmap.json")
    monkeypatch.setattr(classroom, "ask_collect_paths", lambda parent, directory: [str(class_folder)])
    monkeypatch.setattr(classroom, "ask_collect_report", lambda parent, run: run(False) and None)
    window.collect_action.trigger()
    assert window.session.document.weighings == []
    assert window.session.path == (class_folder / "teacher.argmap.json").resolve()


def test_report_writes_markdown_and_pdf_with_names_or_codes(qtbot, monkeypatch, class_window, tmp_path):
    paths = [str(tmp_path / "class.md"), str(tmp_path / "anonymous.md"), str(tmp_path / "class.pdf")]
    monkeypatch.setattr(classroom, "ask_report_path", lambda parent, suggested: paths.pop(0))
    class_window.class_report_action.trigger()
    text = (tmp_path / "class.md").read_text(encoding="utf-8")
    assert all(name in text for name in NAMES.values())
    panel = _show_class(qtbot, class_window)
    panel.anonymous_check.setChecked(True)
    class_window.class_report_action.trigger()
    text = (tmp_path / "anonymous.md").read_text(encoding="utf-8")
    assert not any(name in text for name in NAMES.values())
    assert all(W.code_for(name) in text for name in NAMES.values())
    assert "codes instead of names" in class_window.statusBar().currentMessage()
    class_window.class_report_action.trigger()
    assert (tmp_path / "class.pdf").read_bytes().startswith(b"%PDF")


def test_report_without_students_says_what_to_do(monkeypatch, window, dialog_log):
    monkeypatch.setattr(classroom, "ask_report_path", lambda parent, suggested: pytest.fail("asked for a path"))
    window.update_class_actions()
    assert not window.class_report_action.isEnabled() and not window.suggestions_action.isEnabled()
    window.class_report_action.setEnabled(True)
    window.class_report_action.trigger()
    assert "no students' weighings" in str(dialog_log.errors[0])


def test_adopting_a_suggested_branch_is_undoable(qtbot, make_window, class_folder):
    from argmap.io.classroom import collect

    collected = collect([class_folder / "ada.argmap.json", class_folder / "ben.argmap.json"],
                        base=class_folder / "teacher.argmap.json")
    window = make_window(Session(collected.doc))
    window.update_class_actions()
    assert window.suggestions_action.isEnabled()
    window.suggestions_action.trigger()
    dialog = window.suggestions_dialog
    assert [(s.student, s.kind, s.label) for s in dialog.rows] == [
        ("Ben Okri", "added", "The bridge may close for repairs")]
    dialog.table.selectRow(0)
    assert dialog.adopt_button.isEnabled()
    qtbot.mouseClick(dialog.adopt_button, Qt.MouseButton.LeftButton)
    doc = window.session.document
    added = next(n for n in doc.nodes if n.text == "The bridge may close for repairs")
    assert added.parent == "c1" and window.session.current == added.id
    assert W.find(doc, "s2").changes == [] and dialog.rows == []
    window.session.undo()
    assert not any(n.text == "The bridge may close for repairs" for n in doc.nodes)
    assert len(W.find(doc, "s2").changes) == 1 and dialog.table.rowCount() == 1
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    assert window.session.current == "c1"  # where the branch would hang
