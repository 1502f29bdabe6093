"""Help ▸ Guide: installed in the Help menu with F1, opens on a section, explains what the panes show."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from argmap.gui import guide
from argmap.model import Document, Kind
from argmap.scoring import score
from argmap.scoring.sensitivity import sensitivity


@pytest.fixture
def guided(window):
    guide.install(window)
    return window


def _guide(window) -> guide.GuideWindow:
    found = window.findChild(guide.GuideWindow)
    assert found is not None, "no Guide window was opened"
    return found


def test_install_puts_guide_first_in_the_help_menu_with_f1(guided):
    menu = guide.find_help_menu(guided)
    first = menu.actions()[0]
    assert first.text().replace("&", "") == "Guide"
    assert first.shortcut() == QKeySequence(Qt.Key.Key_F1)
    # What the menu had before is still there.
    assert any(a.text().replace("&", "").startswith("About") for a in menu.actions())
    first.trigger()
    shown = _guide(guided)
    assert shown.isVisible()
    assert shown.windowModality() == Qt.WindowModality.NonModal and shown.isWindow()
    assert "How weighing works" in shown.text()


@pytest.mark.parametrize("anchor", ["argued-support", "unweighed", "tornado", "likelihood", "kinds"])
def test_show_opens_the_guide_on_the_section_asked_for(qtbot, window, anchor):
    shown = guide.show(window, anchor=anchor)
    qtbot.waitExposed(shown)
    assert shown.section_at_top() == anchor
    assert shown.browser.verticalScrollBar().value() > 0


def test_one_guide_per_window_moves_to_each_section(qtbot, window):
    first = guide.show(window, "tornado")
    qtbot.waitExposed(first)
    again = guide.show(window, "argued-support")
    assert again is first
    assert again.section_at_top() == "argued-support"
    again.contents_button.click()
    assert again.section_at_top() == "top" and again.browser.verticalScrollBar().value() == 0


def test_an_unknown_section_is_refused(window):
    with pytest.raises(ValueError, match="not a section of the Guide"):
        guide.show(window, "no-such-section")


def test_f1_opens_the_section_about_the_focused_field(qtbot, guided, session):
    session.select("c1")
    spin = guided.panels["inspector"].likelihood.spin
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    QTest.keyClick(spin, Qt.Key.Key_F1)
    shown = _guide(guided)
    qtbot.waitUntil(shown.isVisible)
    assert shown.section_at_top() == "likelihood"
    # From the map itself, F1 is about reading the cards.
    guided.activateWindow()
    qtbot.waitUntil(guided.isActiveWindow)
    guided.canvas.setFocus()
    qtbot.waitUntil(guided.canvas.hasFocus)
    QTest.keyClick(guided.canvas, Qt.Key.Key_F1)
    assert shown.section_at_top() == "cards"


def test_the_pack_link_opens_the_pack_and_nothing_goes_online(qtbot, window, monkeypatch):
    opened = []
    monkeypatch.setattr(window, "open_teachers_pack", lambda: opened.append(True))
    shown = guide.show(window, "pack")
    before = shown.browser.source()
    shown.browser.anchorClicked.emit(QUrl(guide.PACK_LINK))
    assert opened == [True]
    shown.browser.anchorClicked.emit(QUrl("https://example.org/page"))
    assert shown.browser.source() == before
    shown.browser.anchorClicked.emit(QUrl("#keys"))
    assert shown.section_at_top() == "keys"


def test_the_guide_explains_every_term_the_panes_show(qtbot, window):
    text = guide.show(window).text()
    weighing = window.weighing
    shown_terms = [weighing.semantics_combo.itemText(i) for i in range(weighing.semantics_combo.count())]
    shown_terms += [weighing.tornado_mode.itemText(i).split("'s ")[-1] for i in range(weighing.tornado_mode.count())]
    shown_terms += ["Difference from the leader", "argued support", "unweighed", "not weighed", "own cost or gain",
                    "vs the leader", "leads", "leader changes at", "the leader holds over", "Break-even shares of the total weight",
                    "Share of the weight", "no share changes the leader", "leader changes at share",
                    "p ?", "s ?", "p rest", "Share", "Weight", "READING", "FACT CHECK", "runner-up", "flip point",
                    "Score for", "Bars show", "Sensitivity", "hot-spots", "median", "mean"]
    shown_terms += [("fork" if k is Kind.SCENARIO else k.value) for k in Kind]
    # Rank by: its label and every choice of its combo.
    rank_by = weighing.ranking_setting
    shown_terms += [rank_by.label.text()] + [rank_by.combo.itemText(i) for i in range(rank_by.combo.count())]
    # The Simulation tab: its tab title, its fields' labels, its button, its table's columns and its drivers list.
    simulation = weighing.simulation
    shown_terms.append(weighing.tabs.tabText(weighing.tabs.indexOf(weighing.simulation_tab)))
    shown_terms += [label.text() for label in simulation.findChildren(QLabel) if label.buddy() is not None]
    shown_terms += [simulation.run_button.text(), simulation.drivers_title.text(), simulation.spread_spin.specialValueText()]
    shown_terms += [simulation.table.horizontalHeaderItem(j).text() for j in range(1, simulation.table.columnCount())]
    # Map tab ▸ Parameters: the columns, the buttons, the ƒ toggle; and the later decisions' tags.
    inspector = window.panels["inspector"]
    parameters = inspector.map_section.parameters
    shown_terms += [parameters.table.horizontalHeaderItem(j).text() for j in range(parameters.table.columnCount())]
    shown_terms += [parameters.add_button.text(), parameters.remove_button.text(), "Parameters",
                    inspector.formula_lines["likelihood"].button.text(), "chosen", "policy"]
    # View ▸ Show Accepted / Rejected and what its marks say.
    from argmap.gui import grounded

    shown_terms.append(grounded.install(window).text().replace("&", ""))
    shown_terms += [tip.split(":")[0] for tip in grounded.TIPS.values()]
    assert "Rank by" in shown_terms and "P(best)" in shown_terms and "Seed" in shown_terms

    def norm(words: str) -> str:  # "Euler based" in a list is "Euler-based" in a sentence
        return " ".join(words.lower().replace("-", " ").split())

    missing = [t for t in shown_terms if norm(t) not in norm(text)]
    assert missing == []


def test_the_guide_lists_the_windows_real_keys(guided):
    text = guide.show(guided, "keys").text()
    actions = guided.edit_actions
    keys = [act.shortcut().toString() for act in actions.add_kind.values()]
    keys += [actions.edit_text.shortcut().toString(), guided.present_action.shortcut().toString(),
             guided.find_next_action.shortcut().toString(), guided.export_action.shortcut().toString(),
             guided.undo_action.shortcut().toString(), guided.redo_action.shortcut().toString(),
             guided.fit_action.shortcut().toString(), guided.copy_image_action.shortcut().toString()]
    keys += ["Tab", "Enter", "Delete", "Alt+Up", "Ctrl+[", "Alt+1", "F1"]
    missing = [k for k in keys if k.replace("-", "−") not in text and k not in text]
    assert missing == []


def _school(pro: bool = False, con: bool = False, support: bool = False) -> Document:
    """The Guide's worked example: cycle or take the bus, weighed for Me (2) and My parents (1)."""
    nodes = [
        {"id": "q", "kind": "question", "text": "How should I get to school?"},
        {"id": "cycle", "kind": "option", "parent": "q", "order": 0, "text": "Cycle"},
        {"id": "bus", "kind": "option", "parent": "q", "order": 1, "text": "Take the bus",
         "impact": {"me": 0, "parents": -1}},
        {"id": "awake", "kind": "consequence", "parent": "cycle", "order": 0, "text": "I arrive awake",
         "likelihood": 0.8, "impact": {"me": 3, "parents": 2}},
        {"id": "soaked", "kind": "consequence", "parent": "cycle", "order": 1, "text": "I get soaked",
         "likelihood": 0.3, "impact": {"me": -8, "parents": -2}},
        {"id": "late", "kind": "consequence", "parent": "bus", "text": "I am late now and then",
         "likelihood": 0.5, "impact": {"me": -2, "parents": -2}},
    ]
    if pro:
        nodes.append({"id": "rain", "kind": "pro", "parent": "soaked", "text": "It rains a lot here", "strength": 0.5})
    if con:
        nodes.append({"id": "jacket", "kind": "con", "parent": "soaked", "order": 1,
                      "text": "I have a good rain jacket", "strength": 0.4})
    if support:
        nodes.append({"id": "exercise", "kind": "pro", "parent": "cycle", "order": 2,
                      "text": "Cycling is good exercise", "strength": 0.6})
        nodes.append({"id": "road", "kind": "con", "parent": "cycle", "order": 3,
                      "text": "The main road is busy", "strength": 0.5})
    return Document.model_validate({"question": "q", "nodes": nodes, "perspectives": [
        {"id": "me", "name": "Me", "weight": 2}, {"id": "parents", "name": "My parents", "weight": 1}]})


def _signed(value: float) -> str:
    return f"{value:+.2f}".replace("-", "−")


def test_the_worked_example_in_the_guide_is_what_argmap_computes(qtbot, window):
    text = guide.show(window).text()
    plain = score(_school())
    cycle, bus = plain.option("cycle"), plain.option("bus")
    assert f"= {_signed(cycle.overall)}" in text and f"= {_signed(bus.overall)}" in text
    assert f"by {cycle.overall - bus.overall:.2f}" in text
    awake, soaked = cycle.contributions
    assert f"\"I arrive awake\" {_signed(awake.overall)}" in text
    assert f"\"I get soaked\" {_signed(soaked.overall)}" in text

    rained = score(_school(pro=True))
    assert f"p 0.30→{rained.argued['soaked']:.2f}" in text
    assert rained.ranking()[0].node_id == "bus"
    assert f"Cycle drops to {_signed(rained.option('cycle').overall)}" in text
    both = score(_school(pro=True, con=True))
    assert f"p 0.30→{both.argued['soaked']:.2f}" in text
    assert f"Cycle is back at {_signed(both.option('cycle').overall)}" in text
    energy = score(_school(pro=True), "quadratic-energy")
    assert f"p 0.30→{energy.argued['soaked']:.2f}" in text
    for semantics, phrase in (("euler-based", "p 0.30→{}"), ("quad", "= p 0.30→{}"), ("h-categorizer", "= p 0.30→{}")):
        jacket = score(_school(pro=True, con=True), semantics).argued["soaked"]
        assert phrase.format(f"{jacket:.2f}") in text or f"as well: {jacket:.2f}" in text, semantics
    assert f"rain pro: still {score(_school(pro=True), 'h-categorizer').argued['soaked']:.2f}" in text
    assert f"rain pro: {score(_school(pro=True), 'quad').argued['soaked']:.2f}" in text
    assert f"p 0.30→{score(_school(pro=True), 'euler-based').argued['soaked']:.2f}" in text
    argued = score(_school(support=True))
    assert f"argued support {argued.option('cycle').support:.2f}" in text
    assert argued.option("cycle").overall == pytest.approx(cycle.overall)  # shown beside, never added

    sens = sensitivity(_school())
    flip = next(r for r in sens.rows if r.node_id == "soaked" and r.input == "likelihood")
    assert f"leader changes at p={flip.flip_at:.2f} → Take the bus" in text


def test_the_guides_share_example_is_the_bundled_maps(qtbot, window):
    import math

    from argmap.gui.perspectives import share_text, weight_for_share
    from argmap.io import jsondoc
    from argmap.paths import bundled_scenario

    text = guide.show(window, "flip-point").text()
    doc = jsondoc.read(bundled_scenario())
    row = next(r for r in sensitivity(doc).rows if r.input == "weight" and r.perspective == "taliban")
    weight = math.ceil(weight_for_share(doc, "taliban", row.flip_at) * 100 + 1e-6) / 100
    label = doc.node(row.new_leader).label
    assert f"leader changes at share {share_text(row.flip_at)}, weight {weight:.2f} or more → {label}" in text
