"""The Guide's sections on Rank by, parameters, later decisions, undercuts, the grounded marks and the simulation.

Every number those sections quote is worked out here again by the scoring code (and, for the
simulation, by the Simulation tab itself), and F1 over each of those parts opens its section.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from argmap.gui import guide
from argmap.gui.session import Session
from argmap.model import Document
from argmap.model import edits as E
from argmap.scoring import score
from argmap.scoring.sensitivity import sensitivity
from tests.gui.test_guide import _school

NEW = ("ranking-setting", "parameters", "later-decisions", "undercuts", "grounded", "simulation")


def _signed(value: float) -> str:
    return f"{value:+.2f}".replace("-", "−")


def _rainy(value: float = 0.3, distribution: dict | None = None) -> Document:
    """The school map with a parameter rain: "I get soaked" has p = rain, "I am late" p = 0.2 + rain."""
    data = _school().model_dump(by_alias=True)
    for node in data["nodes"]:
        if node["id"] == "soaked":
            node["formulas"] = {"likelihood": "rain"}
        elif node["id"] == "late":
            node["formulas"] = {"likelihood": "0.2 + rain"}
    rain = {"id": "rain", "value": value, "min": 0, "max": 1}
    if distribution is not None:
        rain["distribution"] = distribution
    data["parameters"] = [rain]
    return Document.model_validate(data)


def _bus_full(policy: str | None = None) -> Document:
    """The school map with a later decision under the bus: if it is full, wait or ask for a lift."""
    data = _school().model_dump(by_alias=True)
    data["nodes"] += [
        {"id": "full", "kind": "consequence", "parent": "bus", "order": 1, "text": "The bus is full",
         "likelihood": 0.4, "impact": {"me": -1, "parents": 0}},
        {"id": "then", "kind": "question", "parent": "full", "text": "Then what do I do?"},
        {"id": "wait", "kind": "option", "parent": "then", "order": 0, "text": "Wait for the next one",
         "impact": {"me": -3, "parents": 0}},
        {"id": "lift", "kind": "option", "parent": "then", "order": 1, "text": "Ask my parents for a lift",
         "impact": {"me": 0, "parents": -4}},
    ]
    if policy is not None:
        data["policy"] = {"then": policy}
    return Document.model_validate(data)


def _with(doc: Document, nodes: list[dict], links: list[dict] = ()) -> Document:
    data = doc.model_dump(by_alias=True)
    data["nodes"] += nodes
    data["links"] = [*data.get("links", []), *links]
    return Document.model_validate(data)


@pytest.mark.parametrize("anchor", NEW)
def test_each_new_section_opens_at_its_anchor(qtbot, window, anchor):
    shown = guide.show(window, anchor)
    qtbot.waitExposed(shown)
    assert shown.section_at_top() == anchor
    assert shown.browser.verticalScrollBar().value() > 0


def test_the_contents_link_to_each_new_section(qtbot, window):
    shown = guide.show(window)
    html = shown.browser.toHtml()
    for anchor in NEW:
        assert f'href="#{anchor}"' in html, anchor


def _f1_on(qtbot, window, widget) -> str:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    QTest.keyClick(widget, Qt.Key.Key_F1)
    shown = window.findChild(guide.GuideWindow)
    qtbot.waitUntil(lambda: shown is not None and shown.isVisible())
    return shown.section_at_top()


def test_f1_over_the_simulation_tab_opens_the_simulation_section(qtbot, window):
    weighing = window.weighing
    weighing.tabs.setCurrentWidget(weighing.simulation_tab)
    qtbot.waitUntil(weighing.simulation.samples_spin.isVisible)
    assert _f1_on(qtbot, window, weighing.simulation.samples_spin) == "simulation"
    assert _f1_on(qtbot, window, weighing.simulation.drivers) == "simulation"


def test_f1_over_rank_by_and_the_parameters_opens_their_sections(qtbot, window):
    weighing = window.weighing
    weighing.tabs.setCurrentIndex(0)
    combo = weighing.ranking_setting.combo
    qtbot.waitUntil(combo.isVisible)
    assert _f1_on(qtbot, window, combo) == "ranking-setting"
    inspector = window.panels["inspector"]
    inspector.tabs.setCurrentIndex(1)
    table = inspector.map_section.parameters.table
    qtbot.waitUntil(table.isVisible)
    assert _f1_on(qtbot, window, table) == "parameters"
    window.session.select("c1")
    inspector.tabs.setCurrentIndex(0)
    button = inspector.formula_lines["likelihood"].button
    qtbot.waitUntil(button.isVisible)
    assert _f1_on(qtbot, window, button) == "parameters"
    # The number box beside it is still about likelihood.
    assert _f1_on(qtbot, window, inspector.likelihood.spin) == "likelihood"


def test_the_rank_by_numbers_are_what_argmap_computes(qtbot, window):
    text = guide.show(window, "ranking-setting").text()
    text = " ".join(text.split())
    doc = _school(support=True)
    by_impact = score(doc, ranking="impact")
    assert f"Cycle {_signed(by_impact.option('cycle').standing)}, the bus {_signed(by_impact.option('bus').standing)}" in text
    by_support = score(doc, ranking="support")
    assert (f"Cycle has {by_support.option('cycle').standing:.2f} and the bus "
            f"{by_support.option('bus').standing:.2f}") in text
    scaled = score(doc, ranking="impact-scaled")
    cycle = scaled.option("cycle")
    assert f"0.33 × 2 × {cycle.support:.2f} = {_signed(cycle.standing)}" in text
    assert f"the bus stays at {_signed(scaled.option('bus').standing)}" in text
    assert [o.node_id for o in scaled.ranking()] == ["cycle", "bus"]


def test_the_parameter_example_is_what_argmap_computes(qtbot, window):
    text = " ".join(guide.show(window, "parameters").text().split())
    today, wetter = score(_rainy(0.3)), score(_rainy(0.5))
    assert today.argued["late"] == pytest.approx(0.5)  # "still 0.5 today"
    assert today.option("cycle").overall == pytest.approx(score(_school()).option("cycle").overall)
    assert f"(6.4 − 18 × 0.5) / 3 = {_signed(wetter.option('cycle').overall)}" in text
    assert f"(−2.2 − 6 × 0.5) / 3 = {_signed(wetter.option('bus').overall)}" in text
    row = next(r for r in sensitivity(_rainy()).rows if r.input == "parameter")
    assert f"while rain stays below {row.flip_at:.2f}" in text


def test_a_parameter_change_in_the_table_moves_both_likelihoods_in_one_step(qtbot, make_window):
    window = make_window(Session(_rainy(0.3)))
    table = window.panels["inspector"].map_section.parameters
    with qtbot.waitSignal(window.session.document_changed, timeout=1000):
        table.table.item(0, 1).setText("0.5")
    doc = window.session.document
    assert (doc.node("soaked").likelihood, doc.node("late").likelihood) == (pytest.approx(0.5), pytest.approx(0.7))
    assert window.scores.option("cycle").overall == pytest.approx(score(_rainy(0.5)).option("cycle").overall)
    window.session.undo_stack.undo()
    assert window.session.document.node("late").likelihood == pytest.approx(0.5)


def test_the_later_decision_example_is_what_argmap_computes(qtbot, window):
    text = " ".join(guide.show(window, "later-decisions").text().split())
    free, fixed = score(_bus_full()), score(_bus_full(policy="wait"))
    assert free.decisions == {"then": "lift"} and free.fixed == []
    assert f"Waiting scores {_signed(free.value('wait'))} overall, the lift {_signed(free.value('lift'))}" in text
    assert f"The bus now scores {_signed(free.option('bus').overall)}" in text
    assert fixed.decisions == {"then": "wait"} and fixed.fixed == ["then"]
    assert f"the bus scores {_signed(fixed.option('bus').overall)}" in text


def test_the_later_decision_marks_the_guide_names_are_the_canvas_marks(qtbot, make_window):
    from argmap.gui.decisions import DecisionMarks

    text = " ".join(guide.show(make_window(Session(_school())), "later-decisions").text().split())
    for policy, tag in ((None, "chosen"), ("wait", "policy")):
        window = make_window(Session(_bus_full(policy)))
        window.canvas.set_fold(None)
        marks = next(i for i in window.canvas.scene().items() if isinstance(i, DecisionMarks))
        assert list(marks.shown().values()) == [tag]
        assert f"tagged {tag}" in text


def test_the_undercut_example_is_what_argmap_computes(qtbot, window):
    text = " ".join(guide.show(window, "undercuts").text().split())
    doc = _with(_school(pro=True), [{"id": "night", "kind": "con", "parent": "rain", "order": 0,
                                     "text": "It rains at night, not when I ride", "strength": 0.6}],
                [{"from": "night", "to": "rain", "kind": "undercuts"}])
    cut = score(doc)
    assert f"at strength 0.6, the rain pro's strength drops from 0.50 to 0.5 − 0.5 × 0.6 = {cut.argued['rain']:.2f}" in text
    assert f"p 0.30→{cut.argued['soaked']:.2f} instead of {score(_school(pro=True)).argued['soaked']:.2f}" in text
    assert f"Cycle climbs back to {_signed(cut.option('cycle').overall)}, ahead of the bus again" in text
    assert [o.node_id for o in cut.ranking()] == ["cycle", "bus"]
    # Undercut by a link from elsewhere (not hanging under the reason), it counts the same.
    moved = _with(_school(pro=True), [{"id": "night", "kind": "con", "parent": "awake", "order": 0,
                                       "text": "It rains at night, not when I ride", "strength": 0.6}],
                  [{"from": "night", "to": "rain", "kind": "undercuts"}])
    assert score(moved).argued["rain"] == pytest.approx(cut.argued["rain"])


def test_the_grounded_examples_are_what_argmap_computes(qtbot, window):
    text = " ".join(guide.show(window, "grounded").text().split())
    both = score(_school(pro=True, con=True))
    labels = both.grounded()
    assert (labels["jacket"], labels["soaked"], labels["rain"]) == ("accepted", "rejected", "accepted")
    assert f"its argued likelihood is still {both.argued['soaked']:.2f}" in text
    gran = score(_with(_school(pro=True, con=True), [{"id": "gran", "kind": "con", "parent": "jacket",
                                                     "text": "The jacket is at my gran's", "strength": 0.9}]))
    assert (gran.grounded()["jacket"], gran.grounded()["soaked"]) == ("rejected", "accepted")
    assert "(\"The jacket is at my gran's\") and the jacket is rejected, so \"I get soaked\" is accepted again" in text
    circle = _with(_school(), [
        {"id": "A", "kind": "pro", "parent": "awake", "order": 0, "text": "A", "strength": 0.5},
        {"id": "B", "kind": "pro", "parent": "awake", "order": 1, "text": "B", "strength": 0.5},
        {"id": "C", "kind": "pro", "parent": "awake", "order": 2, "text": "C", "strength": 0.5},
    ], [{"from": "A", "to": "B", "kind": "attacks"}, {"from": "B", "to": "C", "kind": "attacks"},
        {"from": "C", "to": "A", "kind": "attacks"}])
    assert {score(circle).grounded()[k] for k in "ABC"} == {"undecided"}
    assert "are all undecided" in text
    # What the Guide says an undercut and a contradiction do to the marks.
    cut = score(_with(_school(pro=True), [{"id": "night", "kind": "con", "parent": "rain", "text": "At night",
                                            "strength": 0.6}], [{"from": "night", "to": "rain", "kind": "undercuts"}]))
    assert cut.grounded()["rain"] == "rejected"
    clash = score(_with(_school(), [], [{"from": "awake", "to": "soaked", "kind": "contradicts"}]))
    assert clash.grounded()["awake"] == clash.grounded()["soaked"] == "undecided"  # each attacks the other


def test_the_grounded_marks_in_the_guide_are_the_canvas_marks(qtbot, make_window):
    from argmap.gui import grounded

    window = make_window(Session(_school()))
    text = guide.show(window, "grounded").text()
    flat = " ".join(text.split())
    action = grounded.install(window)
    assert action.text().replace("&", "") in text
    for status, (letter, form, _fill, _ink) in grounded.MARKS.items():
        shape = {"circle": "circle", "square": "square", "diamond": "diamond"}[form]
        row = next(line for line in text.splitlines() if line.startswith(letter))
        assert shape in row, row
        assert grounded.TIPS[status].split(":")[0] in text
    assert grounded.TIPS["rejected"].split(": ", 1)[1] in flat


def test_the_simulation_example_is_what_the_simulation_tab_shows(qtbot, make_window):
    from argmap.gui.simulation import DEFAULT_SAMPLES

    doc = _rainy(distribution={"kind": "uniform", "low": 0.1, "high": 0.9})
    window = make_window(Session(doc))
    text = " ".join(guide.show(window, "simulation").text().split())
    panel = window.weighing.simulation
    assert panel.samples_spin.value() == DEFAULT_SAMPLES and f"{DEFAULT_SAMPLES:,}" in text
    assert panel.seed_spin.value() == 1
    with qtbot.waitSignal(panel.finished, timeout=20000):
        panel.run_button.click()
    rows = {panel.table.item(r, 0).text(): [panel.table.item(r, c).text() for c in range(1, 5)]
            for r in range(panel.table.rowCount())}
    cycle, bus = rows["Cycle"], rows["Take the bus"]

    def guide_number(cell: str) -> str:
        return cell.replace("-", "−")

    assert f"Cycle {cycle[0]}, the bus {bus[0]}" in text
    assert f"Cycle {guide_number(cycle[1])}" in text
    assert f"from {guide_number(cycle[2])} to {guide_number(cycle[3])}" in text
    assert f"\"{panel.drivers.item(0).text()}\"" in text
    # The reading of P(best) by the flip point.
    row = next(r for r in sensitivity(doc).rows if r.input == "parameter")
    assert f"while rain is below {row.flip_at:.2f}" in text
    share = (row.flip_at - 0.1) / 0.8
    assert f"about {share:.0%}".replace("%", " %") in text
    assert abs(float(cycle[0].rstrip("%")) / 100 - share) < 0.02
    # After an edit the tab says so, in the Guide's words.
    with qtbot.waitSignal(window.session.document_changed, timeout=1000):
        window.session.apply(E.SetText("cycle", "Cycle to school"), "Text")
    assert panel.is_stale
    stale = panel.status.text().split(". ")[-1]
    assert stale in text
