"""The canvas redraws a later decision's option when only its value changes (an edit below it)."""

from __future__ import annotations

from tests.render.test_later_decisions import _drill_after_test


def test_the_canvas_shows_a_later_value_after_an_edit_below_it(qtbot):
    from argmap.gui.canvas import MapCanvas
    from argmap.gui.scorekeeper import ScoreKeeper
    from argmap.gui.session import Session
    from argmap.model import edits as E

    session = Session(_drill_after_test())
    views = {}
    keeper = ScoreKeeper(session, lambda: views.get("canvas"), lambda: "df-quad")  # scores first, as the window has it
    canvas = views["canvas"] = MapCanvas(session)
    qtbot.addWidget(canvas)
    keeper.recompute()
    assert canvas.item("n_d").card.face.score_label == "score -23.33"
    session.apply(E.SetImpact("n_d", "m", -50.0), "Cheaper drilling")  # the test's leader stays put
    assert canvas.item("n_d").card.face.score_label == "score -3.33"
    session.apply(E.SetLikelihood("n_wet", 0.1), "Worse odds")
    assert canvas.item("n_d").card.face.score_label == "score -30.00"
    session.undo()
    assert canvas.item("n_d").card.face.score_label == "score -3.33"
