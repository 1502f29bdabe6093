"""Reading the whole map: semantic zoom, folding by depth, Fit to Window and the opening view."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtTest import QTest

from argmap.gui.mainwindow import MainWindow
from argmap.gui.session import Session
from argmap.io import read
from argmap.model import Kind, Node
from argmap.model.edits import AddNode
from argmap.paths import bundled_scenario
from argmap.render import painter as P
from argmap.render.scene import build_scene
from argmap.render.style import FONT_PX


@pytest.fixture
def scenario_window(qtbot, recovery_dir):
    """The bundled scenario in a 1600 × 1000 window, as a user first sees it."""
    session = Session(read(bundled_scenario()))
    window = MainWindow(session, recovery_dir=recovery_dir)
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def tidy_window(qtbot, recovery_dir):
    """The bundled scenario drawn in the tidy layout (it ships compact), in a 1600 × 1000 window."""
    doc = read(bundled_scenario())
    doc.view.layout = "tidy"
    window = MainWindow(Session(doc), recovery_dir=recovery_dir)
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    return window


def _title_px(canvas) -> float:
    """How tall a card title is drawn on screen at the canvas's zoom (font pixel size)."""
    z = canvas.zoom()
    return FONT_PX["title"] * (canvas.far or P.title_scale(z)) * z


def _visible(canvas) -> QRectF:
    return canvas.mapToScene(canvas.viewport().rect()).boundingRect()


def test_the_scenario_opens_on_its_question_options_and_their_consequences(scenario_window):
    canvas = scenario_window.canvas
    doc = scenario_window.session.document
    options = [n for n in doc.children(doc.question) if n.kind == Kind.OPTION]
    wanted = [doc.question] + [o.id for o in options] + [c.id for o in options for c in doc.children(o.id)]
    assert len(options) == 3 and len(wanted) > 10
    view = _visible(canvas)
    for nid in wanted:
        item = canvas.item(nid)
        assert item is not None, nid
        assert view.contains(item.sceneBoundingRect().adjusted(4, 4, -4, -4)), nid
    assert canvas.zoom() >= P.LOD_READABLE and _title_px(canvas) >= 11
    assert canvas.fold == 3 and canvas.folded_count() == len(doc.nodes) - len(canvas.scene_data.cards)
    # Seen from this far, each card is its title alone, enlarged, and whole (nothing cut off with '…').
    assert canvas.far == P.FAR_SCALE
    for card in canvas.scene_data.cards:
        assert card.face.far and not card.face.badges and {ln.role for ln in card.face.lines} == {"title"}
        node = doc.node(card.id)
        assert " ".join(ln.text for ln in card.face.lines) == " ".join((node.title or node.text).split())
    # Opening folded is the view's doing: the map is not changed, and the file keeps no fold.
    assert not scenario_window.session.is_modified and scenario_window.session.undo_stack.count() == 0
    assert doc.view.fold is None


def test_far_cards_show_only_their_title_enlarged_to_stay_legible(monkeypatch):
    far, full = [], []
    monkeypatch.setattr(P, "_paint_far", lambda painter, card, lod: far.append((card.id, lod)))
    real_draw = P._draw_text
    monkeypatch.setattr(P, "_draw_text", lambda painter, text, role, x, y: full.append(role) or real_draw(
        painter, text, role, x, y))
    doc = read(bundled_scenario())
    card = build_scene(doc, measure=P.qt_measure()).card("opt_neutral")
    image = QImage(400, 400, QImage.Format.Format_ARGB32_Premultiplied)
    for lod, expect_far in ((1.0, False), (0.69, True), (0.35, True)):
        far.clear()
        full.clear()
        p = QPainter(image)
        p.scale(lod, lod)
        P.paint_card(p, card, lod)
        p.end()
        assert bool(far) == expect_far, lod
        assert ("text" in full) == (not expect_far), lod  # body text only close up
    # From far the title is drawn at least 11 px tall, and it is the card's own title.
    for lod in (0.31, 0.4, 0.5, 0.69):
        assert FONT_PX["title"] * P.title_scale(lod) * lod >= 11
    assert P.far_title(card) == doc.node("opt_neutral").title
    narrow = [c for c in build_scene(doc, measure=P.qt_measure()).cards
              if any(ln.text.endswith("-") for ln in c.face.lines if ln.role == "title")]
    assert narrow  # "After a ceasefire and intra- / Afghan talks"
    for c in narrow:  # a title broken after a hyphen comes back whole
        assert P.far_title(c) == doc.node(c.id).title
    assert P.title_scale(1.0) == 1.0 and P.title_scale(P.LOD_TEXT) == 1.0


def test_show_levels_folds_the_map_without_an_edit(qtbot, scenario_window):
    w = scenario_window
    canvas, session = w.canvas, w.session
    w.fold_actions[2].trigger()
    doc = session.document
    shown = {c.id for c in canvas.scene_data.cards}
    assert shown == {doc.question} | {n.id for n in doc.children(doc.question)}
    folded = {c.id: c.face.hidden for c in canvas.scene_data.cards if c.face.toggle == "+"}
    assert folded["opt_neutral"] == sum(1 for n in doc.nodes if "opt_neutral" in {a.id for a in doc.ancestors(n.id)})
    assert doc.view.fold == 2 and w.fold_actions[2].isChecked()
    assert session.undo_stack.count() == 0 and not session.is_modified
    assert w.statusBar().currentMessage() == f"levels 1–2 shown; {sum(folded.values())} cards folded"
    # The keys: Alt+4 shows four levels, Alt+0 every level.
    canvas.setFocus()
    QTest.keyClick(canvas, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert canvas.fold == 4 and w.fold_actions[4].isChecked()
    assert max(c.depth for c in canvas.scene_data.cards) == 3
    QTest.keyClick(canvas, Qt.Key.Key_0, Qt.KeyboardModifier.AltModifier)
    assert canvas.fold is None and len(canvas.scene_data.cards) == len(doc.nodes)
    levels = 1 + max(sum(1 for _ in doc.ancestors(n.id)) for n in doc.nodes)
    assert w.statusBar().currentMessage().startswith(f"all {levels} levels shown")
    assert session.undo_stack.count() == 0 and not session.is_modified


def test_fit_to_window_picks_the_deepest_legible_level_and_says_so(qtbot, scenario_window):
    w = scenario_window
    canvas = w.canvas
    canvas.set_fold(None)
    canvas.set_zoom(1.0)
    w.fit_action.trigger()
    assert canvas.fold == 3
    assert _title_px(canvas) >= 11
    b = canvas.scene_data.bounds
    assert _visible(canvas).contains(QRectF(b.x + 30, b.y + 30, b.w - 60, b.h - 60))
    hidden = canvas.folded_count()
    assert hidden == len(w.session.document.nodes) - len(canvas.scene_data.cards) > 0
    assert w.statusBar().currentMessage() == f"levels 1–3 shown; {hidden} cards folded"
    # One level deeper would not read: its fitted zoom leaves titles below the legible size.
    vp = canvas.viewport().rect()
    for far, least in ((P.FAR_SCALE, P.LOD_READABLE), (0.0, P.LOD_TEXT)):
        deeper = build_scene(w.session.document, canvas.scores, measure=canvas._measure, fold=4, far=far)
        assert min(vp.width() / deeper.bounds.w, vp.height() / deeper.bounds.h) < least


def test_zooming_out_past_the_text_threshold_rebuilds_cards_as_titles(qtbot, tidy_window):
    scenario_window = tidy_window
    canvas = scenario_window.canvas
    canvas.set_fold(None)
    canvas.set_zoom(1.0)
    canvas.center_on("opt_us")
    assert canvas.far == 0.0 and canvas.scene_data.card("opt_us").face.score_label
    before = canvas.mapFromScene(canvas.scene_data.card("opt_us").rect.center[0],
                                 canvas.scene_data.card("opt_us").rect.center[1])
    canvas.set_zoom(P.LOD_TEXT - 0.05)
    card = canvas.scene_data.card("opt_us")
    assert canvas.far == P.FAR_SCALE and card.face.far and not card.face.score_label
    assert canvas.item("opt_us").card is card
    # The card the view was centred on stays where it was on screen.
    after = canvas.mapFromScene(card.rect.center[0], card.rect.center[1])
    assert abs(after.x() - before.x()) < 3 and abs(after.y() - before.y()) < 3
    canvas.set_zoom(P.LOD_TEXT + 0.05)
    assert canvas.far == 0.0 and canvas.scene_data.card("opt_us").face.score_label
    assert scenario_window.session.undo_stack.count() == 0


def test_a_small_map_fits_whole(qtbot, session, recovery_dir):
    window = MainWindow(session, recovery_dir=recovery_dir)
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    window.fit_action.trigger()
    assert window.canvas.fold is None
    assert len(window.canvas.scene_data.cards) == len(session.document.nodes)
    assert window.statusBar().currentMessage() == "all 4 levels shown"


def test_a_big_map_opens_on_its_question_and_options(qtbot, session, recovery_dir):
    for i in range(60):
        session.apply(AddNode(Node(id=f"w{i}", kind=Kind.OPTION, text=f"Option {i}", parent="q1")), "Add")
        for j in range(3):
            session.apply(AddNode(Node(id=f"w{i}c{j}", kind=Kind.CONSEQUENCE, text=f"Effect {j}",
                                       parent=f"w{i}")), "Add")
    window = MainWindow(session, recovery_dir=recovery_dir)
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    canvas = window.canvas
    assert canvas.fold == 2
    assert {c.depth for c in canvas.scene_data.cards} == {0, 1}
    assert _visible(canvas).contains(canvas.item("q1").sceneBoundingRect())
    assert _title_px(canvas) >= 11


def test_a_folded_card_opens_one_level_and_selection_reveals_its_node(qtbot, scenario_window):
    w = scenario_window
    canvas, session = w.canvas, w.session
    canvas.set_fold(2)
    assert canvas.is_folded_by_depth("opt_us")
    canvas.toggle_collapsed("opt_us")
    kids = {n.id for n in session.document.children("opt_us")}
    assert kids <= set(canvas.scene_data.by_id)
    assert all(canvas.scene_data.card(k).face.toggle in ("+", "") for k in kids)
    canvas.toggle_collapsed("opt_us")
    assert not kids & set(canvas.scene_data.by_id)
    # Selecting a node hidden by the fold opens the way to it.
    session.select("ev_uturn" if session.document.has_node("ev_uturn") else session.document.nodes[-1].id)
    assert canvas.item(session.current) is not None
    assert session.undo_stack.count() == 0 and not session.is_modified


def test_the_fold_level_is_kept_in_the_file_but_never_marks_it_changed(qtbot, scenario_window, tmp_path):
    w = scenario_window
    session = w.session
    path = tmp_path / "m.argmap.json"
    w.fold_actions[3].trigger()
    assert not session.is_modified
    session.path = path
    w.files.save()
    assert json.loads(path.read_text(encoding="utf-8"))["view"]["fold"] == 3
    reopened = Session(read(path))
    other = MainWindow(reopened, recovery_dir=tmp_path / "rec")
    qtbot.addWidget(other)
    other.resize(1600, 1000)
    other.show()
    qtbot.waitExposed(other)
    assert other.canvas.fold == 3 and other.fold_actions[3].isChecked()


def test_compact_layout_is_a_view_setting(qtbot, tidy_window):
    w = tidy_window
    before = {c.id: c.rect for c in w.canvas.scene_data.cards}
    w.compact_action.trigger()
    assert w.session.document.view.layout == "compact" and w.canvas.scene_data.layout == "compact"
    assert {c.id: c.rect for c in w.canvas.scene_data.cards} != before
    assert w.session.undo_stack.count() == 0 and not w.session.is_modified
    w.compact_action.trigger()
    assert w.session.document.view.layout == "tidy"


def test_choosing_a_tree_direction_leaves_the_compact_layout(qtbot, tidy_window):
    w = tidy_window
    w.compact_action.trigger()
    assert w.session.document.view.layout == "compact"
    w.direction_actions["top-down"].trigger()
    assert w.session.document.view.layout == "tidy" and not w.compact_action.isChecked()
    assert w.session.document.view.direction == "top-down" and w.canvas.scene_data.layout == "tidy"


def test_arrow_keys_follow_the_compact_drawing_top_down(qtbot, tidy_window):
    w = tidy_window
    canvas, session = w.canvas, w.session
    assert session.document.view.direction == "left-right"
    w.compact_action.trigger()
    canvas.set_fold(None)
    session.select("opt_us")
    canvas.setFocus()
    QTest.keyClick(canvas, Qt.Key.Key_Down)
    assert session.current == session.document.children("opt_us")[0].id
    QTest.keyClick(canvas, Qt.Key.Key_Up)
    assert session.current == "opt_us"
    QTest.keyClick(canvas, Qt.Key.Key_Right)
    assert session.current == "opt_taliban"


def test_the_export_dialog_starts_at_the_levels_the_canvas_shows(qtbot, scenario_window, monkeypatch):
    from argmap.gui import exportdialog

    seen = []
    monkeypatch.setattr(exportdialog, "exec_dialog", lambda dialog: seen.append(dialog) or False)
    assert scenario_window.canvas.fold == 3 and scenario_window.session.document.view.fold is None
    exportdialog.export_map(scenario_window, scenario_window.session)
    assert seen[0].fold_box.currentData() == 3
    scenario_window.canvas.set_fold(None)
    exportdialog.export_map(scenario_window, scenario_window.session)
    assert seen[1].fold_box.currentData() == "all"
    for dialog in seen:
        dialog.deleteLater()
