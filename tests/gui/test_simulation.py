"""The Simulation tab: run a seeded simulation in the background and fill the table and drivers."""

from __future__ import annotations

import pytest

from argmap.gui import simulation
from argmap.gui.session import Session
from argmap.gui.weighing import WeighingPanel
from argmap.io import read
from argmap.model import edits as E
from argmap.paths import bundled_scenario
from argmap.scoring.simulate import simulate
from argmap.scoring.terms import TERMS
from argmap.textsafe import qt_tooltip


@pytest.fixture
def session() -> Session:
    return Session(read(bundled_scenario()))


@pytest.fixture
def pane(qtbot, session) -> WeighingPanel:
    widget = WeighingPanel(session)
    qtbot.addWidget(widget)
    widget.resize(460, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _table(panel) -> list[list[str]]:
    t = panel.table
    return [[t.item(i, j).text() for j in range(t.columnCount())] for i in range(t.rowCount())]


def test_a_seeded_run_of_the_bundled_map_fills_the_table(qtbot, session, pane):
    panel = simulation.mount(pane, session)
    assert pane.tabs.tabText(pane.tabs.indexOf(pane.simulation_tab)) == "Simulation"
    pane.tabs.setCurrentWidget(pane.simulation_tab)
    panel.samples_spin.setValue(10_000)
    panel.seed_spin.setValue(7)
    panel.spread_spin.setValue(0.2)
    with qtbot.waitSignal(panel.finished, timeout=20_000):
        qtbot.mouseClick(panel.run_button, simulation.Qt.MouseButton.LeftButton)
        assert panel.is_running and not panel.run_button.isEnabled()
    assert panel.run_button.isEnabled() and panel.error == ""
    sim = panel.result
    assert sim.samples == 10_000 and sim.seed == 7
    assert sum(o.p_best for o in sim.options) == pytest.approx(1.0)
    rows = _table(panel)
    options = [n for n in session.document.nodes if n.parent == session.document.question and n.kind.value == "option"]
    assert len(rows) == len(options)
    assert sum(float(r[1].rstrip("%")) for r in rows) == pytest.approx(100.0, abs=0.2)
    labels = {n.id: " ".join(n.label.split()) for n in options}
    assert [r[0] for r in rows] == [labels[o.id] for o in sim.options]
    # the same seed gives the same numbers as the scoring engine
    again = simulate(session.document, 10_000, seed=7, semantics=pane.semantics, spread=0.2)
    assert [(o.id, o.p_best, o.mean) for o in again.options] == [(o.id, o.p_best, o.mean) for o in sim.options]
    assert panel.drivers.count() == len(sim.drivers) > 0
    assert "10,000 samples (seed 7)" in panel.status.text()


def test_an_edit_marks_the_result_stale(qtbot, session, pane):
    panel = simulation.mount(pane, session)
    panel.samples_spin.setValue(500)
    with qtbot.waitSignal(panel.finished, timeout=20_000):
        panel.run()
    assert not panel.is_stale
    session.apply(E.SetRanking("support"), "Rank by argued support")
    assert panel.is_stale and "press Run again" in panel.status.text()
    with qtbot.waitSignal(panel.finished, timeout=20_000):
        panel.run()
    assert not panel.is_stale and panel.result.ranked_by == "support"


def test_inputs_and_columns_explain_themselves(qtbot, session):
    panel = simulation.SimulationPanel(session)
    qtbot.addWidget(panel)
    assert panel.samples_spin.toolTip() == qt_tooltip(TERMS["samples"])
    assert panel.seed_spin.toolTip() == qt_tooltip(TERMS["seed"])
    assert panel.spread_spin.toolTip() == qt_tooltip(TERMS["spread"])
    assert panel.table.horizontalHeaderItem(1).toolTip() == qt_tooltip(TERMS["p-best"])
    assert panel.drivers_title.toolTip() == qt_tooltip(TERMS["driver"])


def test_a_map_that_cannot_be_simulated_says_why(qtbot, session):
    panel = simulation.SimulationPanel(session)
    qtbot.addWidget(panel)
    from argmap.model.document import Distribution

    doc = session.document
    node = next(n for n in doc.nodes if n.likelihood is not None)
    node.uncertainty = {"likelihood": Distribution(kind="beta", low=0.0, high=1.0)}  # no alpha, beta
    with qtbot.waitSignal(panel.finished, timeout=20_000):
        panel.run()
    assert panel.result is None and "beta distribution needs alpha and beta" in panel.error
    assert panel.table.rowCount() == 0 and panel.status.text() == panel.error
