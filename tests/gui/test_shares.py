"""Perspective weights are read as shares of the total: the tornado's flip point is one the table can be set to."""

from __future__ import annotations

import re

import pytest

from argmap.gui import perspectives
from argmap.gui.mainwindow import MainWindow
from argmap.gui.perspectives import share_text, weight_for_share
from argmap.gui.session import Session
from argmap.io import read
from argmap.paths import bundled_scenario


@pytest.fixture
def scenario_window(make_window) -> MainWindow:
    return make_window(Session(read(bundled_scenario())))


def _leader(window: MainWindow) -> str:
    return window.scores.ranking(None)[0].node_id


def _set_weight(qtbot, window: MainWindow, pid: str, value: float) -> None:
    section = window.panels["inspector"].map_section
    row = section._row_ids().index(pid)
    with qtbot.waitSignal(window.scores_changed, timeout=3000):
        section.weight_spin(row).setValue(value)
    assert window.session.document.perspective(pid).weight == pytest.approx(value)


def test_the_weight_the_tornado_names_changes_the_leader(qtbot, scenario_window):
    window = scenario_window
    panel = window.weighing
    with qtbot.waitSignal(panel.sensitivity_updated, timeout=20000):
        panel.tabs.setCurrentWidget(panel.tornado_page)
    assert _leader(window) == "opt_neutral"
    bar = next(b for b in panel.tornado_chart.bars if b.label == "Share of the weight: Taliban")
    # The flip point is a share of the total weight, with the weight to type in the table.
    found = re.fullmatch(r"leader changes at share ([\d.]+) %, weight ([\d.]+) or more → Side with the Taliban", bar.note)
    assert found, bar.note
    share, weight = float(found[1]) / 100, float(found[2])
    assert share == pytest.approx(0.749, abs=0.001)
    assert f"weight {found[2]} or more; now 15 %, weight 0.15" in panel.break_even_label.text()
    assert f"The leader changes when the share passes {share_text(share)}" in bar.tooltip
    # Just short of it the leader holds; at it, the Taliban side leads.
    _set_weight(qtbot, window, "taliban", weight - 0.02)
    assert _leader(window) == "opt_neutral"
    _set_weight(qtbot, window, "taliban", weight)
    assert _leader(window) == "opt_taliban"
    total = sum(p.weight for p in window.session.document.perspectives)
    assert weight / total > share


def test_a_share_typed_in_the_table_sets_the_weight_that_gives_it(qtbot, scenario_window):
    window = scenario_window
    section = window.panels["inspector"].map_section
    row = section._row_ids().index("taliban")
    with qtbot.waitSignal(window.scores_changed, timeout=3000):
        section.table.item(row, perspectives.SHARE).setText("80 %")
    doc = window.session.document
    total = sum(p.weight for p in doc.perspectives)
    assert doc.perspective("taliban").weight / total == pytest.approx(0.8, abs=1e-6)
    assert doc.perspective("pakistan").weight == 0.5  # the others keep their weights
    assert section.table.item(row, perspectives.SHARE).text() == "80 %"
    assert section.weight_spin(row).value() == pytest.approx(3.4)
    assert _leader(window) == "opt_taliban"
    window.session.undo()
    assert doc.perspective("taliban").weight == pytest.approx(0.15)
    # A share no weight gives is refused with the reason, and changes nothing.
    section.table.item(row, perspectives.SHARE).setText("100")
    assert section.message.isVisibleTo(section) and "cannot be reached" in section.message.text()
    assert doc.perspective("taliban").weight == pytest.approx(0.15)
    assert section.table.item(row, perspectives.SHARE).text() == "15 %"


def test_weight_for_share_holds_the_others(session):
    doc = session.document  # Us 1, Them 1
    assert weight_for_share(doc, "us", 0.75) == pytest.approx(3.0)
    assert weight_for_share(doc, "us", 0.0) == 0.0
    assert weight_for_share(doc, "us", 1.0) is None
    assert share_text(0.749) == "74.9 %" and share_text(0.5) == "50 %"
