"""The Simulation tab draws from the class's weighings when the map holds them, and says why not otherwise."""

from __future__ import annotations

import random

import pytest

from argmap.gui import simulation
from argmap.gui.session import Session
from argmap.gui.weighing import WeighingPanel
from argmap.io import read
from argmap.model import weighings as W
from argmap.paths import bundled_scenario
from argmap.scoring.classroom import class_view
from argmap.scoring.simulate import simulate
from argmap.textsafe import qt_tooltip


@pytest.fixture
def session() -> Session:
    return Session(read(bundled_scenario()))


@pytest.fixture
def pane(qtbot, session) -> WeighingPanel:
    widget = WeighingPanel(session)
    qtbot.addWidget(widget)
    widget.resize(460, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _add_class(session: Session, size: int = 6) -> None:
    """Students who move the author's values about, some weighing the Taliban's view heavily; each an undoable edit."""
    rng = random.Random(2)
    for i in range(size):
        w = W.capture(session.document, f"s{i}", f"Student {i}")
        for v in w.values.values():
            for k in v.impact:
                v.impact[k] = round(max(-10.0, min(10.0, v.impact[k] + rng.uniform(-10, 10))), 1)
        w.weights["taliban"] = rng.choice([0.1, 3.0])
        session.apply(W.AddWeighing(w), f"Add {w.name}")


def test_without_students_the_choice_is_disabled_and_says_why(qtbot, session, pane):
    panel = simulation.mount(pane, session)
    assert not panel.has_class
    assert not panel.source_combo.isEnabled() and panel.source == simulation.DISTRIBUTIONS
    assert panel.source_combo.toolTip() == qt_tooltip(simulation._NO_CLASS_TIP)
    assert "no students' weighings" in simulation._NO_CLASS_TIP
    assert [panel.source_combo.itemText(i) for i in range(panel.source_combo.count())] == [
        "distributions", "the class's weighings"]
    assert not panel.mix_check.isEnabled() and panel.spread_spin.isEnabled()


def test_a_run_drawn_from_the_class_gives_each_option_its_share_of_students(qtbot, session, pane):
    panel = simulation.mount(pane, session)
    _add_class(session)
    assert panel.has_class and panel.source_combo.isEnabled()
    assert panel.source_combo.toolTip() == qt_tooltip(simulation._SOURCE_TIP)
    panel.source_combo.setCurrentIndex(panel.source_combo.findData(simulation.CLASS))
    assert panel.mix_check.isEnabled() and not panel.spread_spin.isEnabled()
    panel.spread_spin.setValue(0.3)  # ignored when drawing from the class
    panel.samples_spin.setValue(6000)
    panel.seed_spin.setValue(5)
    with qtbot.waitSignal(panel.finished, timeout=20_000):
        panel.run()
    assert panel.error == ""
    sim = panel.result
    assert (sim.source, sim.students, sim.samples, sim.seed) == ("students", 6, 6000, 5)
    shares = {o.id: o.lead_share for o in class_view(session.document).options}
    assert len({s for s in shares.values() if s > 0}) >= 2  # the class splits
    for o in sim.options:
        assert o.p_best == pytest.approx(shares[o.id], abs=0.03)
    again = simulate(session.document, 6000, seed=5, semantics=pane.semantics, from_class=True)
    assert [(o.id, o.p_best) for o in again.options] == [(o.id, o.p_best) for o in sim.options]
    assert "6,000 samples drawn from the class's 6 weighings, whole students (seed 5)" in panel.status.text()
    assert panel.table.rowCount() == len(sim.options)
    # the map document itself is untouched by a run
    assert session.undo_stack.count() == 6 and len(session.document.weighings) == 6


def test_mixing_students_names_weights_by_their_perspective(qtbot, session, pane):
    panel = simulation.mount(pane, session)
    _add_class(session)
    panel.source_combo.setCurrentIndex(panel.source_combo.findData(simulation.CLASS))
    panel.mix_check.setChecked(True)
    panel.samples_spin.setValue(4000)
    with qtbot.waitSignal(panel.finished, timeout=20_000):
        panel.run()
    sim = panel.result
    assert sim.source == "mixed" and "input by input" in panel.status.text()
    texts = [panel.drivers.item(i).text() for i in range(panel.drivers.count())]
    assert len(texts) == len(sim.drivers) > 0
    weights = [d for d in sim.drivers if d.input == "weight"]
    assert weights, "the Taliban's weight differs across students and should drive the lead"
    name = session.document.perspective(weights[0].node).name
    assert any(t.startswith(f"weight of {name}:") for t in texts)


def test_removing_the_class_falls_back_to_distributions(qtbot, session, pane):
    panel = simulation.mount(pane, session)
    _add_class(session, size=2)
    panel.source_combo.setCurrentIndex(panel.source_combo.findData(simulation.CLASS))
    assert not panel.spread_spin.isEnabled()
    session.undo()
    assert panel.has_class and panel.source == simulation.CLASS
    session.undo()
    assert not panel.has_class
    assert panel.source == simulation.DISTRIBUTIONS and not panel.source_combo.isEnabled()
    assert panel.spread_spin.isEnabled() and not panel.mix_check.isEnabled()
    with qtbot.waitSignal(panel.finished, timeout=20_000):
        panel.run()
    assert panel.result.source == "distributions"
