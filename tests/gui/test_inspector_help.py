"""The inspector explains itself: a tooltip on every field, and an unweighed slider that is plainly empty.

Runs on the bundled scenario (scenarios/pakistan-peace-talks.argmap.json).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractSpinBox, QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QSlider, QTextEdit

from argmap.gui.inspector import InspectorPanel
from argmap.gui.session import Session
from argmap.io import jsondoc
from argmap.paths import bundled_scenario

_FIELDS = (QLabel, QAbstractSpinBox, QSlider, QCheckBox, QComboBox, QLineEdit, QTextEdit, QPlainTextEdit)


@pytest.fixture
def session() -> Session:
    return Session(jsondoc.read(bundled_scenario()))


@pytest.fixture
def panel(qtbot, session: Session) -> InspectorPanel:
    widget = InspectorPanel(session)
    qtbot.addWidget(widget)
    widget.resize(440, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _tip(widget) -> str:
    """A widget's tooltip as the reader sees it (rich text turned back into plain words)."""
    return QTextDocumentFragment.fromHtml(widget.toolTip()).toPlainText()


def _untipped(panel: InspectorPanel) -> list[str]:
    """Every field or label on the Node tab that is shown and has no tooltip (its own or its editor's)."""
    page = panel.node_page
    missing = []
    for widget in [w for kind in _FIELDS for w in page.findChildren(kind)]:
        if not widget.isVisibleTo(page) or isinstance(widget.parentWidget(), QAbstractSpinBox):
            continue  # a spin box's own line edit: the spin box carries the tip
        if isinstance(widget, QLabel) and not widget.text().strip():
            continue  # an empty error line
        if not widget.toolTip().strip():
            missing.append(f"{type(widget).__name__} {widget.text() if hasattr(widget, 'text') else ''}".strip())
    return missing


@pytest.mark.parametrize("node_id", ["c_doha", "pro_no_side", "opt_neutral", "o_orderly", "ev_baradar"])
def test_every_field_and_label_shown_has_a_tooltip(session, panel, node_id):
    session.select(node_id)
    assert _untipped(panel) == []


def test_a_consequence_explains_its_likelihood_and_each_impact(session, panel):
    session.select("c_doha")  # "Facilitates the Doha talks": p 0.6, impacts for four perspectives
    box = panel.likelihood
    assert "how likely this is to happen" in _tip(box).lower()
    assert "how likely this is to happen" in _tip(panel.form.labelForField(box)).lower()
    assert "weighed" in _tip(box.check) and "not the same as 0" in _tip(box.check)
    assert "from 0 to 1" in _tip(box.spin)
    assert "drag" in _tip(box.slider).lower() and "likelihood" in _tip(box.slider)
    names = {"pakistan": "Pakistan", "us": "United States", "taliban": "Taliban", "afghan_gov": "Afghan government"}
    for pid, editor in panel.impact_editors.items():
        label = panel.impact_form.labelForField(editor)
        tip = _tip(label)
        assert tip == (f"Impact for {names[pid]}: how good (+) or bad (−) this is for {names[pid]} if it happens, "
                       "from −10 to 10 points.")
        assert f"impact for {names[pid]}" in _tip(editor.slider)
        assert "from −10 to 10" in _tip(editor.spin)
    assert "each perspective" in _tip(panel.form.labelForField(panel.impact_box))


def test_an_option_says_its_impact_is_the_cost_or_gain_of_taking_it(session, panel):
    session.select("opt_neutral")
    label = panel.impact_form.labelForField(panel.impact_editors["pakistan"])
    assert "of taking this option at all" in _tip(label)
    session.select("c_doha")
    assert "if it happens" in _tip(label)


def test_an_outcome_of_a_fork_says_the_outcomes_add_up_to_one(session, panel):
    session.select("o_orderly")
    assert "outcome of the fork" in _tip(panel.likelihood) and "add up to 1" in _tip(panel.likelihood)
    assert "1 minus the fork's other outcomes" in _tip(panel.rest_check)
    session.select("c_doha")
    assert "outcome" not in _tip(panel.likelihood)


def test_an_argument_explains_its_strength(session, panel):
    session.select("pro_no_side")
    assert "how convincing this is on its own" in _tip(panel.strength).lower()
    assert "strength" in _tip(panel.strength.slider)


def _press_at(slider, fraction: float) -> QPoint:
    point = QPoint(int(slider.width() * fraction), slider.height() // 2)
    QTest.mousePress(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    return point


def test_an_unweighed_slider_is_empty_and_a_press_weighs_it_in_one_undo_step(session, panel):
    session.select("opt_neutral")  # the option's own impacts are unweighed
    editor = panel.impact_editors["pakistan"]
    slider = editor.slider
    assert slider.is_empty and not editor.check.isChecked() and editor.spin.text() == "not weighed"
    steps = session.undo_stack.count()
    _press_at(slider, 0.8)
    value = session.document.node("opt_neutral").impact["pakistan"]
    assert value > 0  # the value under the pointer, to the right of the middle of -10..10
    assert editor.check.isChecked() and editor.spin.isEnabled() and not slider.is_empty
    assert editor.spin.value() == pytest.approx(value)
    # The drag goes on from there and stays in the same step.
    end = QPoint(int(slider.width() * 0.3), slider.height() // 2)
    QTest.mouseMove(slider, end)
    QTest.mouseRelease(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    dragged = session.document.node("opt_neutral").impact["pakistan"]
    assert dragged < value
    assert session.undo_stack.count() == steps + 1
    session.undo()
    assert "pakistan" not in session.document.node("opt_neutral").impact
    assert slider.is_empty and not editor.check.isChecked() and editor.spin.text() == "not weighed"


def test_pressing_an_unweighed_slider_at_its_default_still_weighs_it(session, panel):
    session.select("opt_neutral")
    editor = panel.impact_editors["us"]
    slider = editor.slider
    middle = slider.value()  # the handle's place when it is drawn: the default, 0
    point = _press_at(slider, 0.5)
    QTest.mouseRelease(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert "us" in session.document.node("opt_neutral").impact
    assert abs(slider.value() - middle) <= 10  # within a point of the middle
    assert editor.check.isChecked()


def test_keys_on_an_unweighed_slider_weigh_it(qtbot, session, panel):
    session.select("opt_neutral")
    slider = panel.impact_editors["taliban"].slider
    slider.setFocus()
    qtbot.waitUntil(slider.hasFocus)
    QTest.keyClick(slider, Qt.Key.Key_Right)
    assert session.document.node("opt_neutral").impact["taliban"] == pytest.approx(0.1)
    assert not slider.is_empty


def test_the_wheel_over_an_unweighed_slider_scrolls_and_weighs_nothing(session, panel):
    from test_inspector import _wheel

    session.select("opt_neutral")
    editor = panel.impact_editors["pakistan"]
    _wheel(editor.slider)
    _wheel(editor.spin)
    assert session.document.node("opt_neutral").impact == {}
    assert session.undo_stack.count() == 0 and editor.slider.is_empty


def test_a_weighed_slider_draws_its_handle_and_the_rest_outcome_is_empty(session, panel):
    session.select("c_doha")
    assert not panel.likelihood.slider.is_empty
    session.select("o_disorderly")  # "the rest": its likelihood is computed, not typed
    assert not panel.likelihood.isEnabled()
    assert panel.likelihood.slider.is_empty


def test_a_press_on_the_rest_outcomes_slider_changes_nothing(session, panel):
    session.select("o_disorderly")
    point = _press_at(panel.likelihood.slider, 0.8)
    QTest.mouseRelease(panel.likelihood.slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    node = session.document.node("o_disorderly")
    assert node.likelihood is None and node.remainder
    assert session.undo_stack.count() == 0 and panel.likelihood.slider.is_empty
