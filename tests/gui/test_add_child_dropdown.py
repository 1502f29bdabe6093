"""The Add Child button drops down the kinds the selected node can hold; picking one adds it."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu, QToolButton

from argmap.model.document import Kind


def _menu(window) -> QMenu:
    button = window.toolbar.widgetForAction(window.edit_actions.add_child)
    assert isinstance(button, QToolButton)
    assert button.popupMode() == QToolButton.ToolButtonPopupMode.MenuButtonPopup
    menu = button.menu()
    menu.aboutToShow.emit()
    return menu


def _kinds(window) -> list[str]:
    return [a.text().replace("&", "") for a in _menu(window).actions()]


def test_the_drop_down_offers_what_fits_under_a_consequence_and_under_the_question(window, session):
    session.select("c1")
    under_consequence = _kinds(window)
    assert {"Add Pro", "Add Con", "Add Evidence", "Add Consequence"} <= set(under_consequence)
    session.select("q1")
    under_question = _kinds(window)
    assert "Add Option" in under_question and "Add Pro" not in under_question
    assert under_consequence != under_question


def test_picking_a_kind_in_the_drop_down_adds_that_kind_under_the_selection(qtbot, window, session):
    session.select("c1")
    before = {n.id for n in session.document.nodes}
    con = next(a for a in _menu(window).actions() if a.text().replace("&", "") == "Add Con")
    con.trigger()
    added = [n for n in session.document.nodes if n.id not in before]
    assert len(added) == 1 and added[0].kind is Kind.CON and added[0].parent == "c1"
