"""Every number in the weighing pane, the outline and the perspective table explains itself in a tooltip."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from argmap.gui import perspectives
from argmap.gui.outline import OutlineView
from argmap.gui.perspectives import MapSection
from argmap.gui.session import Session
from argmap.gui.weighing import WeighingPanel
from argmap.model import Document


def _map() -> Document:
    # By hand (DF-QuAD, weights 1:1): o1 = +3.20 (c1 σ .7: pk 3.8, us 2.6), o2 = +3.30 with argued
    # support .90 (its pro, strength .8), o3 not weighed (c3 has no likelihood).
    return Document.model_validate({
        "question": "q",
        "perspectives": [{"id": "pk", "name": "Pakistan", "weight": 1}, {"id": "us", "name": "United States", "weight": 1}],
        "nodes": [
            {"id": "q", "kind": "question", "text": "Stance?"},
            {"id": "o1", "kind": "option", "parent": "q", "order": 0, "text": "Neutral"},
            {"id": "o2", "kind": "option", "parent": "q", "order": 1, "text": "Side with the US"},
            {"id": "o3", "kind": "option", "parent": "q", "order": 2, "text": "Side with the Taliban"},
            {"id": "c1", "kind": "consequence", "parent": "o1", "text": "Talks succeed", "likelihood": 0.5,
             "impact": {"pk": 6, "us": 4}},
            {"id": "p1", "kind": "pro", "parent": "c1", "text": "Trusted", "strength": 0.4},
            {"id": "c4", "kind": "consequence", "parent": "o1", "order": 1, "text": "Costs", "likelihood": 0.2,
             "impact": {"pk": -2, "us": -1}},
            {"id": "c2", "kind": "consequence", "parent": "o2", "text": "Aid", "likelihood": 0.6,
             "impact": {"pk": 3, "us": 8}},
            {"id": "a1", "kind": "pro", "parent": "o2", "order": 1, "text": "Old allies", "strength": 0.8},
            {"id": "c3", "kind": "consequence", "parent": "o3", "text": "Unknown", "impact": {"pk": 5, "us": 1}},
        ],
    })


@pytest.fixture
def session() -> Session:
    return Session(_map())


@pytest.fixture
def panel(qtbot, session) -> WeighingPanel:
    widget = WeighingPanel(session)
    qtbot.addWidget(widget)
    widget.resize(440, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _tip(chart, key: str) -> str:
    rows = getattr(chart, "rows", None) or chart.bars
    return next(r.tooltip for r in rows if r.key == key)


def test_ranking_rows_say_what_each_number_is(panel):
    o1, o2, o3 = (_tip(panel.ranking_chart, k) for k in ("o1", "o2", "o3"))
    assert "Its score overall is +3.20: each consequence's good or bad effect for each side times its chance" in o1
    assert "It is 0.10 behind the leader." in o1
    assert "Argued support 0.90: how convincing the case for it is once the pros and cons" in o2
    assert "It is not added to the score." in o2
    assert "1 branch under it has no numbers yet, so it is left out of the score, not counted as 0." in o3
    assert "has no score overall yet" in o3
    panel.perspective_combo.setCurrentIndex(panel.perspective_combo.findData("pk"))
    assert "Its score for Pakistan is +3.80: each consequence's good or bad effect for this side" in \
        _tip(panel.ranking_chart, "o1")


def test_contribution_rows_say_what_they_add(qtbot, session, panel):
    session.select("o1")
    tip = _tip(panel.contributions_chart, "c1")
    # c1's argued likelihood .7: Pakistan .7 · 6 = 4.2, the US .7 · 4 = 2.8, overall 3.5.
    assert tip.startswith("Talks succeed adds +3.50 to the score of Neutral: its good or bad effect for each side "
                          "times its chance of happening")
    assert tip.endswith("Overall: +3.50\nPakistan: +4.20\nUnited States: +2.80")
    assert panel.contributions_title.toolTip().startswith("How much each branch under this option adds")


def test_semantics_name_and_pickers_explain_themselves(panel):
    combo = panel.semantics_combo
    assert combo.currentText() == "DF-QuAD"
    assert combo.toolTip().startswith("DF-QuAD is the rule that turns the pros and cons under a claim into how "
                                      "believable it ends up")
    for i in range(combo.count()):
        assert combo.itemData(i, Qt.ItemDataRole.ToolTipRole)
    combo.setCurrentIndex(combo.findData("quadratic-energy"))
    assert combo.toolTip().startswith("Quadratic energy is a smoother rule")
    assert panel.perspective_combo.toolTip().startswith("Whose point of view the scores are for")
    for widget in (panel.compare_combo, panel.tornado_mode, panel.tornado_range, panel.break_even_label):
        assert widget.toolTip()
    assert all(panel.tabs.tabToolTip(i) for i in range(panel.tabs.count()))


def test_tornado_bars_and_labels_explain_themselves(qtbot, panel):
    with qtbot.waitSignal(panel.sensitivity_updated, timeout=5000):
        panel.tabs.setCurrentWidget(panel.tornado_page)
    bars = {b.label: b for b in panel.tornado_chart.bars}
    likelihood = bars["Likelihood: Talks succeed"].tooltip
    assert likelihood.startswith("Likelihood: Talks succeed: now 0.5, changed from 0 to 1 with everything else held.")
    assert "\nAt 0, the leader's lead over the second option is " in likelihood
    share = next(b for label, b in bars.items() if label.startswith("Share of the weight: ")).tooltip
    assert "its share of the total weight, now 50 %, changed from 0 % to 100 %" in share
    assert all(b.tooltip for b in bars.values())
    assert "Each number of the map is changed on its own" in panel.tornado_status.toolTip()


def test_outline_headers_and_cells_explain_themselves(qtbot, session):
    view = OutlineView(session)
    qtbot.addWidget(view)
    model = view.outline
    tips = [model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) for c in range(3)]
    assert all(tips)
    assert tips[2].startswith("The numbers typed on the card: p is the chance it happens")
    kind = model.index_of("c1", 1).data(Qt.ItemDataRole.ToolTipRole)
    assert kind == "A consequence: something that may happen if the card above it happens."
    weights = model.index_of("c1", 2).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index_of("c1", 2).data() == "p 0.50 · Pak +6 Uni +4"
    assert "p 0.50: the chance this happens if the card above it happens (50%)." in weights
    assert "Pak +6: how good this is for Pakistan if it happens, on a scale from -10 to 10 points." in weights
    assert "s 0.40: how strong this argument is on its own" in model.index_of("p1", 2).data(Qt.ItemDataRole.ToolTipRole)
    assert "No numbers on this card yet" in model.index_of("q", 2).data(Qt.ItemDataRole.ToolTipRole)


def test_perspective_table_headers_and_cells_explain_themselves(qtbot, session):
    section = MapSection(session)
    qtbot.addWidget(section)
    table = section.table
    tips = [table.horizontalHeaderItem(c).toolTip() for c in range(table.columnCount())]
    assert all(tips)
    assert "as a plain number" in tips[perspectives.WEIGHT]
    assert "part of all the weights added up" in tips[perspectives.SHARE]
    share = table.item(0, perspectives.SHARE)
    assert share.text() == "50 %"
    assert share.toolTip().startswith("Pakistan's weight 1 is 50 % of all the weights together (2).")
    assert section.weight_spin(0).toolTip().startswith("How much Pakistan's view counts: 1.")
