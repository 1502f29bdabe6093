"""The tour editor: the presentation's steps, edited through the session and saved in the file."""

from __future__ import annotations

import pytest

from argmap.gui.tourdock import TourPanel
from argmap.io import jsondoc
from argmap.model.edits import SetTour
from argmap.model.tour import generate_tour
from argmap.errors import NotFoundError, RuleError


@pytest.fixture
def panel(qtbot, session):
    p = TourPanel(session)
    qtbot.addWidget(p)
    p.show()
    return p


def _rows(panel: TourPanel) -> list[str]:
    return [panel.list.item(i).text() for i in range(panel.list.count())]


def test_a_map_without_a_tour_shows_the_generated_one(panel, session):
    doc = session.document
    assert doc.tour == []
    assert panel.is_generated and "Generated" in panel.status_label.text()
    assert panel.steps == generate_tour(doc) == ["q1", "o1", "o2", "c1", "c2"]
    assert _rows(panel)[0] == "1. Which way to go?  (question)"
    assert _rows(panel)[3] == "4. We arrive early  (consequence)"
    assert not panel.reset_button.isEnabled()


def test_the_first_change_stores_the_tour_and_undo_takes_it_back(qtbot, panel, session):
    before = session.document.model_dump()
    panel.list.setCurrentRow(3)  # c1
    with qtbot.waitSignal(session.document_changed, timeout=1000):
        panel.remove_button.click()
    assert session.document.tour == ["q1", "o1", "o2", "c2"]
    assert not panel.is_generated and panel.steps == session.document.tour
    assert panel.current_step() == "c2"
    assert session.undo_stack.undoText() == "Remove Tour Step"
    session.undo()
    assert session.document.tour == [] and panel.is_generated
    assert session.document.model_dump() == before
    session.redo()
    assert session.document.tour == ["q1", "o1", "o2", "c2"]
    assert _rows(panel)[3] == "4. We see the harbour  (consequence)"


def test_add_puts_the_selected_node_after_the_chosen_step(qtbot, panel, session):
    session.apply(SetTour(("q1", "o1", "o2")), "Set tour")
    panel.list.setCurrentRow(1)
    assert not panel.add_button.isEnabled()  # nothing selected on the map
    session.select("o1")
    assert not panel.add_button.isEnabled()  # a step already
    session.select("p1")
    assert panel.add_button.isEnabled()
    panel.add_button.click()
    assert session.document.tour == ["q1", "o1", "p1", "o2"]
    assert panel.current_step() == "p1"
    panel.list.setCurrentRow(-1)
    session.select("c2")
    panel.add_button.click()  # no chosen step: at the end
    assert session.document.tour == ["q1", "o1", "p1", "o2", "c2"]
    session.undo()
    session.undo()
    assert session.document.tour == ["q1", "o1", "o2"]


def test_move_up_and_down_reorder_steps_and_stop_at_the_ends(panel, session):
    panel.list.setCurrentRow(0)
    assert not panel.up_button.isEnabled() and panel.down_button.isEnabled()
    panel.down_button.click()
    assert session.document.tour == ["o1", "q1", "o2", "c1", "c2"]
    assert panel.current_step() == "q1"
    panel.up_button.click()
    assert session.document.tour == ["q1", "o1", "o2", "c1", "c2"]
    panel.list.setCurrentRow(4)
    assert not panel.down_button.isEnabled()
    panel.up_button.click()
    assert session.document.tour == ["q1", "o1", "o2", "c2", "c1"]
    assert [session.undo_stack.text(i) for i in range(session.undo_stack.count())] == [
        "Move Tour Step", "Move Tour Step", "Move Tour Step"]
    session.undo()
    assert session.document.tour == ["q1", "o1", "o2", "c1", "c2"]


def test_reset_goes_back_to_the_generated_tour(panel, session):
    session.apply(SetTour(("q1", "o2")), "Set tour")
    assert panel.steps == ["q1", "o2"] and panel.reset_button.isEnabled()
    panel.reset_button.click()
    assert session.document.tour == [] and panel.is_generated
    assert panel.steps == generate_tour(session.document)
    session.undo()
    assert session.document.tour == ["q1", "o2"] and panel.steps == ["q1", "o2"]


def test_double_click_selects_the_node(qtbot, panel, session):
    item = panel.list.item(2)
    with qtbot.waitSignal(panel.node_activated, timeout=1000) as signal:
        panel.list.itemDoubleClicked.emit(item)
    assert signal.args == ["o2"] and session.selection == ["o2"]


def test_the_tour_is_saved_in_the_file_and_nothing_else_changes(tmp_path, panel, session):
    path = tmp_path / "before.argmap.json"
    jsondoc.write(session.document, path)
    panel.list.setCurrentRow(2)
    panel.up_button.click()
    after = tmp_path / "after.argmap.json"
    jsondoc.write(session.document, after)
    old, new = jsondoc.read(path), jsondoc.read(after)
    assert new.tour == ["q1", "o2", "o1", "c1", "c2"]
    assert new.model_dump(exclude={"tour"}) == old.model_dump(exclude={"tour"})


def test_steps_naming_deleted_nodes_are_skipped_and_undo_restores_them(panel, session):
    session.document.tour = ["q1", "gone", "o2"]
    session.document_replaced.emit()
    assert panel.steps == ["q1", "o2"] and "deleted" in panel.status_label.text()
    panel.list.setCurrentRow(1)
    panel.up_button.click()
    assert session.document.tour == ["o2", "q1"]
    session.undo()
    assert session.document.tour == ["q1", "gone", "o2"]


def test_set_tour_refuses_unknown_or_repeated_nodes(session):
    doc = session.document
    with pytest.raises(NotFoundError):
        SetTour(("q1", "nope")).apply(doc)
    with pytest.raises(RuleError, match="already"):
        SetTour(("q1", "o1", "q1")).apply(doc)
    assert doc.tour == []
    inverse = SetTour(("o1", "q1")).apply(doc)
    assert doc.tour == ["o1", "q1"]
    inverse.apply(doc)
    assert doc.tour == []
    doc.tour = ["ghost", "q1"]  # as read from a file, after "ghost" was deleted
    inverse = SetTour(("q1",)).apply(doc)
    assert inverse.apply(doc) == SetTour(("q1",), checked=False) and doc.tour == ["ghost", "q1"]


def test_the_window_has_a_tour_dock_in_the_view_menu(window, session):
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert "Tour" in [a.text() for a in view_menu.actions()]
    generated = generate_tour(session.document, window.scores)
    assert window.scores is not None and window.tour_panel.steps == generated
    assert generated[1] == window.scores.ranking()[0].node_id  # the leading option first
    window.tour_panel.list.setCurrentRow(4)
    window.tour_panel.remove_button.click()
    assert session.document.tour == generated[:4]
    assert window.isWindowModified()


def test_the_tour_dock_is_hidden_until_view_tour(qtbot, window):
    dock = window.docks["tour"]
    assert not dock.isVisible()
    dock.toggleViewAction().trigger()
    qtbot.waitUntil(dock.isVisible, timeout=1000)
    assert window.tabifiedDockWidgets(dock) == [window.docks["weighing"]]
