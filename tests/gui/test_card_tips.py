"""Hovering the numbers and marks on a card says, in a sentence, what they are."""

from __future__ import annotations

import html
import re

import pytest
from PySide6.QtCore import QEvent, QPointF
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from argmap.gui import theme
from argmap.gui.session import Session
from argmap.io import jsondoc
from argmap.paths import bundled_scenario


@pytest.fixture
def window(make_window, qtbot):
    win = make_window(Session(jsondoc.read(bundled_scenario())))
    theme.install_canvas(win.canvas)
    win.canvas.set_fold(3)  # the question, the options and what hangs under them; deeper levels folded
    win.canvas.set_zoom(1.0)  # close up: cards show their badges
    qtbot.waitUntil(lambda: win.canvas.scores is not None)
    return win


def _tip(canvas, node_id: str, x: float, y: float) -> str:
    """The tooltip shown when the pointer rests at (x, y) on a card (relative to its top-left corner)."""
    canvas.center_on(node_id)
    r = canvas.scene_data.card(node_id).rect
    at = canvas.mapFromScene(QPointF(r.x + x, r.y + y))
    QToolTip.hideText()
    QApplication.sendEvent(canvas.viewport(), QHelpEvent(QEvent.Type.ToolTip, at, canvas.viewport().mapToGlobal(at)))
    return html.unescape(re.sub(r"<[^>]+>", "\n", QToolTip.text())).strip()


def _badge_tips(canvas, node_id: str) -> dict[str, str]:
    card = canvas.scene_data.card(node_id)
    return {b.text: _tip(canvas, node_id, b.x + b.w / 2, b.y + b.h / 2) for b in card.face.badges}


def test_a_consequences_badges_name_its_likelihood_and_impacts(window):
    tips = _badge_tips(window.canvas, "c_doha")  # likelihood 0.60, argued up by its pros; impacts +2 +3 +1 0
    likelihood = next(t for text, t in tips.items() if text.startswith("p 0.60→"))
    argued = window.canvas.scores.argued["c_doha"]
    assert f"Likelihood 0.60 as weighed, {argued:.2f} after its pros and cons" in likelihood
    assert "how likely this consequence is to follow from the option above it" in likelihood
    assert "Impact for Pakistan +2: how good (+) or bad (−) this consequence is for Pakistan" in tips["Pak +2"]
    assert "Impact for United States +3" in tips["US +3"]
    assert "Impact for Taliban +1" in tips["Tal +1"]
    assert "Impact for Afghan government 0" in tips["AG 0"]
    assert "from -10 to +10 points" in tips["AG 0"]
    for text in tips.values():
        assert text.endswith(".") and ". " not in text  # one sentence


def test_a_pros_strength_badge_says_what_strength_is(window):
    (tip,) = _badge_tips(window.canvas, "pro_no_side").values()
    assert "Strength 0.60" in tip and "how strongly this pro supports the claim it hangs under" in tip


def test_an_options_score_says_what_the_score_is(window):
    canvas = window.canvas
    face = canvas.scene_data.card("opt_neutral").face
    tip = _tip(canvas, "opt_neutral", 20, face.score_y + 8)
    overall = next(o.overall for o in canvas.scores.options if o.node_id == "opt_neutral")
    assert f"Score {overall:+.2f}: this option's overall value" in tip


def test_the_kind_letter_and_the_fold_count_explain_themselves(window):
    canvas = window.canvas
    card = canvas.scene_data.card("c_doha")
    assert "C marks a consequence" in _tip(canvas, "c_doha", 10, 10)
    assert card.face.toggle == "+" and card.face.hidden
    assert f"{card.face.hidden} cards are folded under this one" in _tip(canvas, "c_doha", card.rect.w - 12, 10)


def test_elsewhere_on_a_card_the_tooltip_is_still_its_full_text(window):
    canvas = window.canvas
    card = canvas.scene_data.card("c_doha")
    tip = _tip(canvas, "c_doha", card.rect.w / 2, card.face.lines[0].y + 4)
    assert "Facilitates the Doha talks" in tip and "Impact for" not in tip
