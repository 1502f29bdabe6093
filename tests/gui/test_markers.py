"""Reading and fact-check markers show wherever a node is shown: cards, exports, outline, inspector, tooltips."""

from __future__ import annotations

import io

import pytest
from PySide6.QtCore import Qt

from argmap.gui.canvasinput import _tooltip
from argmap.gui.inspector import InspectorPanel
from argmap.gui.outline import OutlineModel
from argmap.gui.session import Session
from argmap.model import Document
from argmap.model.edits import SetTags
from argmap.render import svgwrite
from argmap.render.scene import build_scene


def _map() -> Document:
    return Document.model_validate({
        "question": "q",
        "nodes": [
            {"id": "q", "kind": "question", "text": "Which road?"},
            {"id": "o", "kind": "option", "parent": "q", "text": "Coastal road"},
            {"id": "r", "kind": "consequence", "parent": "o", "title": "Tourists come", "text": "More visitors.",
             "tags": ["reading", "roads"], "note": "Reading: the plan does not say so."},
            {"id": "f", "kind": "evidence", "parent": "r", "text": "Opened in 1994.", "tags": ["fact-check"],
             "note": "Fact check: it opened in 1997. Source: Road atlas, https://example.org."},
            {"id": "p", "kind": "pro", "parent": "o", "order": 1, "text": "Cheaper"},
        ],
    })


@pytest.fixture
def session() -> Session:
    return Session(_map())


def test_cards_carry_their_markers_in_the_band(session):
    scene = build_scene(session.document, None)
    labels = {c.id: c.face.kind_label for c in scene.cards}
    assert labels["r"] == "CONSEQUENCE · READING"
    assert labels["f"] == "EVIDENCE · FACT CHECK"
    assert labels["p"] == "PRO"
    far = build_scene(session.document, None, far=2.0)
    assert {c.id: c.face.kind_label for c in far.cards}["r"] == "CONSEQUENCE · READING"


def test_an_edit_of_the_tags_redraws_the_card(session):
    before = build_scene(session.document, None)
    session.apply(SetTags("p", ["reading"]), "Mark")
    after = build_scene(session.document, None, previous=before, changed={"p"}, same_tree=True)
    assert after.card("p").face.kind_label == "PRO · READING"


def test_exports_show_the_markers(session):
    out = io.StringIO()
    svgwrite.write(build_scene(session.document, None), out)
    svg = out.getvalue()
    assert "CONSEQUENCE · READING" in svg and "EVIDENCE · FACT CHECK" in svg


def test_the_outline_names_the_markers(qtbot, session):
    model = OutlineModel(session)
    index = model.index_of("r")
    assert model.data(index, Qt.ItemDataRole.DisplayRole) == "Tourists come  [READING]"
    assert "READING: The map authors&#39; inference" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index_of("p"), Qt.ItemDataRole.DisplayRole) == "Cheaper"
    assert model.data(model.index_of("f"), Qt.ItemDataRole.DisplayRole).endswith("[FACT CHECK]")


def test_the_inspector_header_names_the_markers(qtbot, session):
    panel = InspectorPanel(session)
    qtbot.addWidget(panel)
    session.select("f")
    assert "FACT CHECK" in panel.header.text() and "correction" in panel.header.toolTip()
    session.select("p")
    assert "FACT CHECK" not in panel.header.text() and "READING" not in panel.header.text()


def test_card_tooltips_explain_the_markers(session):
    tip = _tooltip(session.document.node("r"))
    assert "READING: The map authors' inference from the source" in tip
    assert tip.index("READING") < tip.index("Note: Reading: the plan does not say so.")


def test_far_faces_keep_room_for_the_markers_pill(session):
    from argmap.model.edits import SetText

    session.apply(SetText("p", "More visitors."), "Same words")
    session.apply(SetTags("p", []), "No marker")
    doc = session.document
    doc.node("p").title = "Tourists come"
    far = {c.id: c for c in build_scene(doc, None, far=2.0).cards}
    assert far["r"].face.lines == far["p"].face.lines
    assert far["r"].face.h > far["p"].face.h


def test_map_text_never_renders_as_markup_in_labels_and_tooltips(qtbot, make_window, session):
    """A title holding tags shows as those characters: outline tooltip, inspector header, leader label, 'Why' title."""
    from PySide6.QtGui import QTextDocument

    from argmap.model.edits import SetLikelihood, SetText, SetTitle

    hostile = "<img src='file:///etc/passwd'><b>bold</b>"
    session.apply(SetTitle("o", hostile), "Title")
    session.apply(SetText("o", hostile), "Text")
    session.apply(SetLikelihood("r", 0.5), "p")
    window = make_window(session)

    def shown(rich: str) -> str:
        doc = QTextDocument()
        doc.setHtml(rich)
        return doc.toPlainText()

    model = OutlineModel(session)
    assert hostile in shown(model.data(model.index_of("o"), Qt.ItemDataRole.ToolTipRole))
    assert window.leader_label.textFormat() == Qt.TextFormat.PlainText
    session.select("o")
    weighing = window.weighing
    weighing.recompute()
    assert hostile in shown(weighing.contributions_title.text())
    assert "<img" not in weighing.contributions_title.text()
