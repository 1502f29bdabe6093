"""Hostile map text in the newer views: the Guide, the hint strip, the new-map bar, Rank by, the Simulation
tab, decision marks, card tooltips, the weighing pane's tooltips and the outline's tooltips.

Map text is data: wherever it is shown it reads as the characters it holds. A tooltip or a
rich-text label holds it escaped (no tag, image or link of its own); a plain view holds it
without control characters; and neither lets a right-to-left override in a name run on
into the text after it.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QPointF, Qt
from PySide6.QtGui import QHelpEvent, QTextDocument
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QToolTip,
    QWidget,
)
from test_textsafe import HOSTILE, hostile_doc

from argmap.gui import decisions, hints, rankingsetting, simulation
from argmap.gui.session import Session
from argmap.model.document import Distribution, Document, Parameter, Perspective

#: What no view may hold: C0 and C1 controls but tab and line breaks, DEL, lone surrogates.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
OPENS = {"\u202a": "e", "\u202b": "e", "\u202d": "e", "\u202e": "e", "\u2066": "i", "\u2067": "i", "\u2068": "i"}
#: A perspective id and a parameter id as hostile as the texts (ids are shown where no name is).
PERSPECTIVE = "\u202eP<b>x</b>\x1b[31m"
PARAMETER = "\u202erate<img src=x>"


def bidi_closed(text: str) -> bool:
    """Whether every embedding, override and isolate `text` opens is closed within it."""
    stack: list[str] = []
    for c in text:
        if c in OPENS:
            stack.append(OPENS[c])
        elif c == "\u202c" and stack and stack[-1] == "e":
            stack.pop()
        elif c == "\u2069" and "i" in stack:
            while stack.pop() != "i":
                pass
    return not stack


def assert_plain(text: str, where: str) -> None:
    """Text of a plain view (a table cell, a list item, a combo item, a plain label)."""
    assert not CONTROL.search(text), f"{where}: a control character in {text!r}"
    assert bidi_closed(text), f"{where}: a bidirectional override runs on past {text!r}"


def assert_inert_rich(text: str, where: str) -> str:
    """A tooltip or label Qt may read as rich text: it shows text, not markup; returns what it shows."""
    page = QTextDocument()
    if QtGuiNamespace.mightBeRichText(text):
        page.setHtml(text)
    else:
        page.setPlainText(text)
    body = page.toHtml().split("<body", 1)[1]
    for tag in ("<img", "<a ", "<script", "<b>x</b>"):
        assert tag not in body, f"{where}: {tag} made from map text in {text[:200]!r}"
    shown = page.toPlainText()
    assert_plain(shown, where)
    return shown


def doc_with_hostile_inputs() -> Document:
    """The hostile map, with a hostile perspective id and parameter id, and uncertain inputs (for simulation)."""
    doc = hostile_doc()
    doc.perspectives.append(Perspective(id=PERSPECTIVE, name=HOSTILE[5], weight=1.0))
    for node in doc.nodes:
        if node.kind.value == "consequence":
            node.impact = {**node.impact, PERSPECTIVE: 2.0}
            node.uncertainty = {f"impact.{PERSPECTIVE}": Distribution(kind="uniform", low=-5, high=5),
                                "likelihood": Distribution(kind="uniform", low=0, high=1)}
    doc.parameters = [Parameter(id=PARAMETER, value=0.5, distribution=Distribution(kind="uniform", low=0, high=1))]
    return doc


@pytest.fixture
def window(make_window, qtbot):
    win = make_window(Session(doc_with_hostile_inputs()))
    win.canvas.set_zoom(1.0)  # close up: cards show their badges
    qtbot.waitUntil(lambda: win.canvas.scores is not None)
    return win


def widget_texts(root: QWidget) -> list[tuple[str, str, bool]]:
    """(where, text, may be rich) of every tooltip, label, button and combo item under `root`."""
    out: list[tuple[str, str, bool]] = []
    for w in [root, *root.findChildren(QWidget)]:
        name = f"{type(w).__name__} {w.objectName()}".strip()
        if w.toolTip():
            out.append((f"{name} tooltip", w.toolTip(), True))
        if isinstance(w, QLabel) and w.text():
            out.append((f"{name} text", w.text(), w.textFormat() != Qt.TextFormat.PlainText))
        if isinstance(w, QAbstractButton) and w.text():
            out.append((f"{name} text", w.text(), False))
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                out.append((f"{name} item {i}", w.itemText(i), False))
                tip = w.itemData(i, Qt.ItemDataRole.ToolTipRole)
                if tip:
                    out.append((f"{name} item {i} tooltip", tip, True))
    return out


def assert_widgets_inert(root: QWidget) -> str:
    shown = []
    for where, text, rich in widget_texts(root):
        shown.append(assert_inert_rich(text, where) if rich else text)
        if not rich:
            assert_plain(text, where)
    return "\n".join(shown)


# -- the Simulation tab -------------------------------------------------------------------------


def test_the_simulation_table_and_drivers_show_names_as_plain_text(window, qtbot):
    panel: simulation.SimulationPanel = window.weighing.simulation
    panel.samples_spin.setValue(2000)
    panel.spread_spin.setValue(0.2)
    with qtbot.waitSignal(panel.finished, timeout=60_000):
        panel.run_button.click()
    assert panel.error == "" and panel.table.rowCount() > 0 and panel.drivers.count() > 0
    cells = [panel.table.item(i, j).text() for i in range(panel.table.rowCount())
             for j in range(panel.table.columnCount())]
    drivers = [panel.drivers.item(i).text() for i in range(panel.drivers.count())]
    for text in cells + drivers:
        assert_plain(text, "simulation")
    assert any("<script>alert(1)</script>" in text for text in cells)  # markup characters kept, as text
    assert any("P<b>x</b>[31m" in text for text in drivers)  # the perspective id, its ESC dropped
    assert_widgets_inert(panel)


# -- card tooltips, the weighing pane, the outline ---------------------------------------------------


def _card_tip(canvas, node_id: str, x: float, y: float) -> str:
    canvas.center_on(node_id)
    r = canvas.scene_data.card(node_id).rect
    at = canvas.mapFromScene(QPointF(r.x + x, r.y + y))
    QToolTip.hideText()
    QApplication.sendEvent(canvas.viewport(), QHelpEvent(QEvent.Type.ToolTip, at, canvas.viewport().mapToGlobal(at)))
    return QToolTip.text()


def test_card_tooltips_show_map_text_as_text(window):
    canvas = window.canvas
    shown = []
    cards = [c for c in canvas.scene_data.cards if c.face.badges][:12]
    assert len(cards) >= 6
    for card in cards:
        node_id = card.id
        for b in card.face.badges:
            tip = _card_tip(canvas, node_id, b.x + b.w / 2, b.y + b.h / 2)
            shown.append(assert_inert_rich(tip, f"badge {b.text!r} on {node_id}"))
        tip = _card_tip(canvas, node_id, card.rect.w / 2, card.rect.h - 8)  # the card's body: its full text
        if tip:
            shown.append(assert_inert_rich(tip, f"body of {node_id}"))
    text = "\n".join(shown)
    assert "Impact for <script>alert(1)</script>" in text  # a perspective's name, as text


def test_the_weighing_pane_shows_map_text_as_text(window, qtbot):
    pane = window.weighing
    shown = ""
    for tab in range(pane.tabs.count()):  # each tab fills its parts when it is shown
        pane.tabs.setCurrentIndex(tab)
        qtbot.wait(50)
        shown += assert_widgets_inert(pane)
    assert "<script>alert(1)</script>" in shown or "<img src=x onerror=alert(1)>" in shown
    assert "Leader: " in shown and "Difference from “" in shown  # the sensitivity tab and the compare list


def _indexes(model, parent: QModelIndex | None = None) -> list[QModelIndex]:
    parent = parent if parent is not None else QModelIndex()
    out = []
    for row in range(model.rowCount(parent)):
        for col in range(model.columnCount(parent)):
            index = model.index(row, col, parent)
            out.append(index)
            if col == 0:
                out += _indexes(model, index)
    return out


def test_outline_tooltips_and_cells_show_map_text_as_text(window):
    model = window.outline.model()
    indexes = _indexes(model)
    assert len(indexes) > len(window.session.document.nodes)
    shown = []
    for index in indexes:
        text = model.data(index, Qt.ItemDataRole.DisplayRole)
        if isinstance(text, str):
            assert not CONTROL.search(text), repr(text)
        tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
        if tip:
            shown.append(assert_inert_rich(tip, f"outline row {index.row()} column {index.column()}"))
    for section in range(model.columnCount()):
        tip = model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        if tip:
            shown.append(assert_inert_rich(tip, f"outline header {section}"))
    assert any("<img src=x onerror=alert(1)>" in text for text in shown)


# -- Rank by, decision marks, the Guide, the hint strip ----------------------------------------------


def test_rank_by_lists_its_choices_only(window):
    setting = window.weighing.ranking_setting
    items = [setting.combo.itemText(i) for i in range(setting.combo.count())]
    assert items == [text for _value, text in rankingsetting.CHOICES]
    assert_widgets_inert(setting)


def test_decision_marks_draw_their_own_tags_only(window):
    item = decisions.mark_decisions(window.canvas, window.canvas.scores)
    assert set(item.marks.values()) <= {"chosen", "policy"}  # no map text is drawn by the marks


def test_the_guide_and_the_hint_strip_show_no_map_text(window, qtbot):
    from argmap.gui import guide

    window.session.select("o1")  # the Guide opens at the part of the window in focus: nothing of the map is shown
    shown = guide.show(window)
    strip = window.findChild(hints.HintStrip)
    assert strip is not None and len(shown.browser.toPlainText()) > 1000
    texts = [strip.label.text(), strip.label.toolTip(), shown.browser.toPlainText(), shown.windowTitle()]
    for text in texts:
        for hostile in HOSTILE:
            assert hostile.strip() not in text
    assert_widgets_inert(strip)


# -- the new-map bar ----------------------------------------------------------------------------------


def test_the_new_map_bar_keeps_typed_markup_as_text(make_window, qtbot):
    from argmap.gui import newmap

    win = make_window(Session(Document()))
    bar = newmap.install(win)
    bar.ask()
    bar.question_edit.setText("<b>Which</b> <img src=x> \u202eway?")
    bar.options_edit.setPlainText("[link](javascript:alert(1))\n&amp; \x1b[31mred")
    bar.parties_edit.setPlainText("<i>us</i>\n" + "w" * 3000)
    assert bar.start()
    doc = win.session.document
    assert doc.root().label == "<b>Which</b> <img src=x> \u202eway?"  # stored as typed: data
    assert [n.label for n in doc.children(doc.root().id)] == ["[link](javascript:alert(1))", "&amp; \x1b[31mred"]
    assert [p.name for p in doc.perspectives][:2] == ["<i>us</i>", "w" * 3000]
    assert bar.message.textFormat() == Qt.TextFormat.PlainText
    QApplication.processEvents()
    assert_widgets_inert(bar)
    assert_widgets_inert(win.weighing)


def test_plain_qt_text_closes_the_overrides_it_leaves_open():
    from argmap.textsafe import qt_plain, qt_rich

    assert qt_plain("a\u202eb") == "a\u202eb\u202c"
    assert qt_plain("a\u202eb\u202cc \u2067d\u2069") == "a\u202eb\u202cc \u2067d\u2069"  # closed already: as it is
    assert qt_plain("\u2067x\u202ey") == "\u2067x\u202ey\u202c\u2069"  # innermost first
    assert qt_plain("\u2067x\u202ey\u2069z\u202b") == "\u2067x\u202ey\u2069z\u202b\u202c"  # a PDI closes inside it
    assert qt_plain("\u202c\u2069plain") == "\u202c\u2069plain"
    assert qt_rich("<b>\u202e</b>") == "&lt;b&gt;\u202e&lt;/b&gt;\u202c"
    for text in HOSTILE:
        assert bidi_closed(qt_plain(text)), repr(text)
