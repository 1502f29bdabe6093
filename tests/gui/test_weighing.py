"""The weighing pane ranks options live, explains the selected one and shows the tornado."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from argmap.gui.session import Session
from argmap.gui.weighing import WeighingPanel
from argmap.model import Document, Link, LinkKind
from argmap.model import edits as E

# By hand (DF-QuAD, weights 1:1):
#   o1: c1 σ = .5 + .5·.4 = .7 → pk .7·6 − .2·2 = 3.8, us .7·4 − .2·1 = 2.6, overall 3.2
#   o2: c2 .6 → pk 1.8, us 4.8, overall 3.3; its pro gives argued support .5 + .5·.8 = .9
#   o3: c3 has no likelihood → not weighed, 1 unweighed
O1, O2 = {"pk": 3.8, "us": 2.6, None: 3.2}, {"pk": 1.8, "us": 4.8, None: 3.3}


def _map() -> Document:
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
def panel(qtbot, session: Session) -> WeighingPanel:
    widget = WeighingPanel(session)
    qtbot.addWidget(widget)
    widget.resize(420, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _order(panel: WeighingPanel) -> list[str]:
    return [r.key for r in panel.ranking_chart.rows]


def _values(panel: WeighingPanel) -> dict[str, float | None]:
    return {r.key: r.value for r in panel.ranking_chart.rows}


def test_options_in_score_order(panel):
    assert _order(panel) == ["o2", "o1", "o3"]
    values = _values(panel)
    assert values["o2"] == pytest.approx(O2[None])
    assert values["o1"] == pytest.approx(O1[None])
    assert values["o3"] is None


def test_support_and_unweighed_counts_shown(panel):
    details = {r.key: r.detail for r in panel.ranking_chart.rows}
    assert details["o2"] == "leads · argued support 0.90"
    assert details["o3"] == "1 unweighed"
    assert details["o1"] == "−0.10 vs the leader"


def test_bars_show_differences_from_the_leader_or_a_chosen_option(qtbot, session, panel):
    assert panel.baseline == "scores"
    assert "Only the differences" in panel.differences_note.text()
    labels = [panel.compare_combo.itemText(i) for i in range(panel.compare_combo.count())]
    assert labels == ["Scores", "Difference from the leader", "Difference from “Neutral”",
                      "Difference from “Side with the US”", "Difference from “Side with the Taliban”"]
    panel.compare_combo.setCurrentIndex(1)
    values = _values(panel)
    assert _order(panel) == ["o2", "o1", "o3"]
    assert values["o2"] == pytest.approx(0.0) and values["o1"] == pytest.approx(O1[None] - O2[None])
    assert values["o3"] is None
    panel.set_baseline("o1")
    values = _values(panel)
    assert values["o1"] == pytest.approx(0.0) and values["o2"] == pytest.approx(O2[None] - O1[None])
    assert "against “Neutral”" in next(r.tooltip for r in panel.ranking_chart.rows if r.key == "o2")
    # An edit keeps the chosen baseline and moves the differences with it.
    session.apply(E.SetLikelihood("c1", 0.9), "Edit likelihood")
    qtbot.waitUntil(lambda: _values(panel)["o2"] != pytest.approx(O2[None] - O1[None]))
    assert panel.baseline == "o1" and _values(panel)["o1"] == pytest.approx(0.0)


def test_likelihood_edit_reorders(qtbot, session, panel):
    with qtbot.waitSignal(panel.scores_updated, timeout=1000):
        session.apply(E.SetLikelihood("c2", 0.4), "Set likelihood")
    assert _order(panel) == ["o1", "o2", "o3"]
    assert _values(panel)["o2"] == pytest.approx(0.4 * 5.5)
    with qtbot.waitSignal(panel.scores_updated, timeout=1000):
        session.undo()
    assert _order(panel) == ["o2", "o1", "o3"]


def test_bursts_of_edits_are_scored_once(qtbot, session, panel):
    updates = []
    panel.scores_updated.connect(lambda: updates.append(1))
    for value in (0.1, 0.2, 0.3, 0.35):
        session.apply(E.SetLikelihood("c2", value), "Set likelihood", merge=True)
    qtbot.waitUntil(lambda: len(updates) > 0, timeout=1000)
    assert len(updates) == 1
    assert _values(panel)["o2"] == pytest.approx(0.35 * 5.5)


def test_perspective_picker_changes_the_order(panel):
    panel.perspective_combo.setCurrentIndex(panel.perspective_combo.findData("pk"))
    assert _order(panel) == ["o1", "o2", "o3"]
    assert _values(panel)["o1"] == pytest.approx(O1["pk"])
    panel.perspective_combo.setCurrentIndex(panel.perspective_combo.findData("us"))
    assert _order(panel) == ["o2", "o1", "o3"]
    assert _values(panel)["o2"] == pytest.approx(O2["us"])
    assert [panel.perspective_combo.itemText(i) for i in range(3)] == ["Overall", "Pakistan", "United States"]


def test_weight_edit_changes_the_ranking(qtbot, session, panel):
    with qtbot.waitSignal(panel.scores_updated, timeout=1000):
        session.apply(E.SetPerspectiveWeight("pk", 3.0), "Set weight")
    assert _order(panel) == ["o1", "o2", "o3"]
    assert _values(panel)["o1"] == pytest.approx((3 * 3.8 + 2.6) / 4)


@pytest.mark.parametrize("perspective", [None, "pk", "us"])
def test_contributions_sum_to_the_score(session, panel, perspective):
    panel.perspective_combo.setCurrentIndex(panel.perspective_combo.findData(perspective))
    session.select("p1")  # inside o1: its option is explained
    rows = panel.contributions_chart.rows
    assert {r.key for r in rows} == {"c1", "c4"}
    assert sum(r.value for r in rows) == pytest.approx(O1[perspective])
    assert "Neutral" in panel.contributions_title.text()


def test_contributions_default_to_the_leader(session, panel):
    session.select(None)
    assert {r.key for r in panel.contributions_chart.rows} == {"c2"}
    assert panel.contributions_chart.rows[0].value == pytest.approx(O2[None])


def test_clicking_an_option_selects_it(qtbot, session, panel):
    chart = panel.ranking_chart
    y = 4 + int(1.5 * chart.row_height())  # the middle of the second row
    with qtbot.waitSignal(session.selection_changed, timeout=1000):
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(20, y))
    assert session.current == "o1"
    assert chart.selected == "o1"
    assert {r.key for r in panel.contributions_chart.rows} == {"c1", "c4"}


def test_a_cycle_shows_a_message_not_a_crash(qtbot, session, panel):
    with qtbot.waitSignal(panel.scores_updated, timeout=1000):
        session.apply(E.Batch((
            E.AddLink(Link(source="c1", target="c4", kind=LinkKind.LEADS_TO)),
            E.AddLink(Link(source="c4", target="c1", kind=LinkKind.LEADS_TO)),
        )), "Link")
    assert panel.error
    assert panel.message.text() == panel.error
    assert not panel.message.isHidden()
    assert panel.ranking_chart.rows == []
    with qtbot.waitSignal(panel.scores_updated, timeout=1000):
        session.undo()
    assert panel.message.isHidden()
    assert _order(panel) == ["o2", "o1", "o3"]


def test_new_perspective_appears_in_the_picker(qtbot, session, panel):
    from argmap.model import Perspective

    with qtbot.waitSignal(panel.scores_updated, timeout=1000):
        session.apply(E.AddPerspective(Perspective(id="tb", name="Taliban")), "Add perspective")
    assert panel.perspective_combo.findData("tb") == 3


def _flip_map() -> Document:
    # Overall with weights 1:1: o1 = .5·p·10 = 5p (p = c1's likelihood, now .5), o2 = .5·4 = 2.
    # The lead passes to o2 at p = .4; at a weight share of 4/9 for Pakistan (5s = 4(1 − s)).
    return Document.model_validate({
        "question": "q",
        "perspectives": [{"id": "pk", "name": "Pakistan", "weight": 1}, {"id": "us", "name": "United States", "weight": 1}],
        "nodes": [
            {"id": "q", "kind": "question", "text": "Stance?"},
            {"id": "o1", "kind": "option", "parent": "q", "text": "Neutral"},
            {"id": "o2", "kind": "option", "parent": "q", "order": 1, "text": "Side with the US"},
            {"id": "c1", "kind": "consequence", "parent": "o1", "text": "Talks succeed", "likelihood": 0.5,
             "impact": {"pk": 10, "us": 0}},
            {"id": "c2", "kind": "consequence", "parent": "o2", "text": "Aid", "likelihood": 1.0,
             "impact": {"pk": 0, "us": 4}},
        ],
    })


@pytest.fixture
def flip_panel(qtbot) -> WeighingPanel:
    widget = WeighingPanel(Session(_flip_map()))
    qtbot.addWidget(widget)
    widget.resize(420, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _open_tornado(qtbot, panel: WeighingPanel) -> None:
    with qtbot.waitSignal(panel.sensitivity_updated, timeout=5000):
        panel.tabs.setCurrentWidget(panel.tornado_page)


def test_tornado_is_computed_only_when_shown(qtbot, flip_panel):
    with qtbot.waitSignal(flip_panel.scores_updated, timeout=1000):
        flip_panel.session.apply(E.SetLikelihood("c1", 0.6), "Set likelihood")
    assert flip_panel.sensitivity is None
    _open_tornado(qtbot, flip_panel)
    assert flip_panel.sensitivity is not None
    assert flip_panel.sensitivity.leader_score == pytest.approx(3.0)  # 5p at p = .6


def test_tornado_lists_inputs_with_the_flip_point(qtbot, flip_panel):
    _open_tornado(qtbot, flip_panel)
    bars = flip_panel.tornado_chart.bars
    assert 0 < len(bars) <= 12
    by_label = {b.label: b for b in bars}
    likelihood = by_label["Likelihood: Talks succeed"]
    assert likelihood.note == "leader changes at p=0.40 → Side with the US"
    assert (likelihood.at_low, likelihood.at_high) == (pytest.approx(-2.0), pytest.approx(3.0))  # margins
    assert flip_panel.tornado_chart.base == pytest.approx(0.5)
    assert "Impact for United States: Aid" in by_label
    text = flip_panel.break_even_label.text()
    # Weights are spoken of as shares of the total, with the weight to type to get there.
    assert "Pakistan: the leader changes when the share falls below 44.4 % (weight 0.79 or less; now 50 %, weight 1)" in text
    flip_panel.tornado_mode.setCurrentIndex(flip_panel.tornado_mode.findData("leader"))
    likelihood = next(b for b in flip_panel.tornado_chart.bars if b.label == "Likelihood: Talks succeed")
    assert (likelihood.at_low, likelihood.at_high) == (pytest.approx(0.0), pytest.approx(5.0))
    assert flip_panel.tornado_chart.base == pytest.approx(2.5)


def test_tornado_follows_edits_and_drops_stale_results(qtbot, flip_panel):
    _open_tornado(qtbot, flip_panel)
    first = flip_panel.sensitivity
    stale = flip_panel._generation
    with qtbot.waitSignal(flip_panel.sensitivity_updated, timeout=5000):
        flip_panel.session.apply(E.SetLikelihood("c2", 0.5), "Set likelihood")  # o2 = 1: no flip at .4 now
    assert flip_panel.sensitivity is not first
    likelihood = next(r for r in flip_panel.sensitivity.rows if r.node_id == "c1" and r.input == "likelihood")
    assert likelihood.flip_at == pytest.approx(0.2)
    latest = flip_panel.sensitivity
    flip_panel._on_worker_done(stale, first, "")  # a result for an older document arrives late
    assert flip_panel.sensitivity is latest


def test_tornado_shows_a_scoring_error(qtbot, flip_panel):
    flip_panel.tabs.setCurrentWidget(flip_panel.tornado_page)
    with qtbot.waitSignal(flip_panel.scores_updated, timeout=1000):
        flip_panel.session.apply(E.Batch((
            E.AddLink(Link(source="c1", target="c2", kind=LinkKind.LEADS_TO)),
            E.AddLink(Link(source="c2", target="c1", kind=LinkKind.LEADS_TO)),
        )), "Link")
    assert flip_panel.error
    assert flip_panel.tornado_chart.bars == []
    assert flip_panel.tornado_chart.empty_text == flip_panel.error


def test_a_new_document_is_ranked(qtbot, session, panel):
    with qtbot.waitSignal(panel.scores_updated, timeout=1000):
        session.set_document(_flip_map())
    assert _order(panel) == ["o1", "o2"]
    assert [panel.perspective_combo.itemText(i) for i in range(panel.perspective_combo.count())] == [
        "Overall", "Pakistan", "United States"]


def test_rows_explain_themselves_in_tooltips(panel):
    tips = {r.key: r.tooltip for r in panel.ranking_chart.rows}
    assert tips["o1"].endswith("\n\nNeutral\nOverall: +3.20\nPakistan: +3.80\nUnited States: +2.60")
    assert tips["o1"].startswith("Neutral is number 2.\nIts score overall is +3.20: ")
    assert "Pakistan: not weighed" in tips["o3"]


def test_clicking_a_tornado_bar_selects_its_node(qtbot, flip_panel):
    _open_tornado(qtbot, flip_panel)
    chart = flip_panel.tornado_chart
    row = next(i for i, b in enumerate(chart.bars) if b.label == "Likelihood: Talks succeed")
    y = 4 + int((row + 0.5) * chart.row_height())
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(20, y))
    assert flip_panel.session.current == "c1"
