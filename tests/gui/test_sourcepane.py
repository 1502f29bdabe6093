"""The source pane highlights citations, selects their nodes on click and cites selected text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from argmap.gui import sourcepane
from argmap.gui.session import Session
from argmap.gui.sourcepane import OffsetMap, SourcePanel
from argmap.model import Document

TEXT = (
    "Pakistan should stay neutral.\n"
    "Talks 😀 may fail if the US leaves early; 🇵🇰 flags fly.\n"
    "The Taliban gain ground.\n"
)
OTHER = "A second source about aid."


def _map() -> Document:
    fail = TEXT.index("may fail")
    return Document.model_validate({
        "question": "q",
        "sources": [{"id": "s1", "title": "Article", "text": TEXT}, {"id": "s2", "title": "Report", "text": OTHER}],
        "nodes": [
            {"id": "q", "kind": "question", "text": "What stance?"},
            {"id": "o1", "kind": "option", "parent": "q", "text": "Stay neutral",
             "citations": [{"source": "s1", "quote": "Pakistan should stay neutral.", "start": 0, "end": 29}]},
            {"id": "o2", "kind": "option", "parent": "q", "order": 1, "text": "Side with the US"},
            {"id": "c1", "kind": "consequence", "parent": "o1", "text": "Talks fail",
             "citations": [{"source": "s1", "quote": "may fail", "start": fail, "end": fail + 8}]},
            {"id": "c2", "kind": "consequence", "parent": "o1", "order": 1, "text": "Talks fail early",
             "citations": [{"source": "s1", "quote": "fail if the US leaves early"}]},
            {"id": "c3", "kind": "consequence", "parent": "o2", "text": "Aid",
             "citations": [{"source": "s2", "quote": "aid"}]},
        ],
    })


@pytest.fixture
def session() -> Session:
    return Session(_map())


@pytest.fixture
def panel(qtbot, session: Session) -> SourcePanel:
    widget = SourcePanel(session)
    qtbot.addWidget(widget)
    widget.resize(500, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _normal(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2029", "\n").replace("\u2028", "\n")


@pytest.mark.parametrize("text", ["plain\ntext", "a😀b\r\nc\u2028d😀😀e\rf\n🇵🇰!", "😀", "\r\n\r\n😀\r\n"])
def test_offsets_match_qt_positions(qtbot, session, text):
    panel = SourcePanel(Session(Document.model_validate({"sources": [{"id": "s", "text": text}]})))
    qtbot.addWidget(panel)
    omap = OffsetMap(text)
    doc = panel.editor.document()
    assert omap.to_qt(len(text)) == doc.characterCount() - 1
    inside_crlf = {i for i in range(1, len(text)) if text[i - 1] == "\r" and text[i] == "\n"}
    for i in range(len(text) + 1):
        if i in inside_crlf:
            continue
        assert omap.to_py(omap.to_qt(i)) == i
        for j in range(i, len(text) + 1):
            if j in inside_crlf:
                continue
            cursor = QTextCursor(doc)
            cursor.setPosition(omap.to_qt(i))
            cursor.setPosition(omap.to_qt(j), QTextCursor.MoveMode.KeepAnchor)
            assert _normal(cursor.selectedText()) == _normal(text[i:j])


def test_every_citation_is_highlighted(session, panel):
    selections = panel.editor.extraSelections()
    quotes = sorted(s.cursor.selectedText() for s in selections)
    assert quotes == sorted(["Pakistan should stay neutral.", "may fail", "fail if the US leaves early"])
    assert {s.node_id for s in panel.spans} == {"o1", "c1", "c2"}


def test_current_node_is_highlighted_more_strongly(session, panel):
    session.select("c1")
    by_quote = {s.cursor.selectedText(): s.format.background().color() for s in panel.editor.extraSelections()}
    assert by_quote["may fail"] == sourcepane._CURRENT
    assert by_quote["Pakistan should stay neutral."] == sourcepane._CITED


def _point_at(panel: SourcePanel, index: int) -> QPoint:
    cursor = QTextCursor(panel.editor.document())
    cursor.setPosition(OffsetMap(panel._text).to_qt(index))
    rect = panel.editor.cursorRect(cursor)
    return QPoint(rect.x() + 3, rect.center().y())


def test_click_on_a_highlight_selects_its_node(qtbot, session, panel):
    with qtbot.waitSignal(session.selection_changed, timeout=1000):
        qtbot.mouseClick(panel.editor.viewport(), Qt.MouseButton.LeftButton, pos=_point_at(panel, 3))
    assert session.current == "o1"
    qtbot.mouseClick(panel.editor.viewport(), Qt.MouseButton.LeftButton, pos=_point_at(panel, TEXT.index("US")))
    assert session.current == "c2"


def test_overlapping_citations_cycle_on_repeated_clicks(qtbot, session, panel):
    point = _point_at(panel, TEXT.index("fail") + 1)  # inside both 'may fail' and 'fail if the US...'
    picked = []
    for _ in range(3):
        qtbot.mouseClick(panel.editor.viewport(), Qt.MouseButton.LeftButton, pos=point)
        picked.append(session.current)
    assert picked == ["c1", "c2", "c1"]


def test_click_outside_highlights_keeps_selection(qtbot, session, panel):
    session.select("o2")
    qtbot.mouseClick(panel.editor.viewport(), Qt.MouseButton.LeftButton, pos=_point_at(panel, TEXT.index("Taliban")))
    assert session.current == "o2"


def _select_py(panel: SourcePanel, start: int, end: int) -> None:
    # Select as a user would: by document positions, which count an emoji as two.
    omap = OffsetMap(panel._text)
    cursor = panel.editor.textCursor()
    cursor.setPosition(omap.to_qt(start))
    cursor.setPosition(omap.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    panel.editor.setTextCursor(cursor)


def _select_found(panel: SourcePanel, first: str, last: str) -> None:
    # Select as a user would, from the start of `first` to the end of `last`, found by Qt itself.
    doc = panel.editor.document()
    start, end = doc.find(first).selectionStart(), doc.find(last).selectionEnd()
    cursor = panel.editor.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    panel.editor.setTextCursor(cursor)


def test_cite_after_an_emoji_stores_exact_offsets(session, panel):
    session.select("o2")
    start = TEXT.index("flags fly")
    _select_found(panel, " flags", "fly")  # the leading space is trimmed
    panel.cite_button.click()
    citation = session.document.node("o2").citations[-1]
    assert (citation.source, citation.start, citation.end) == ("s1", start, start + 9)
    assert citation.quote == TEXT[citation.start:citation.end] == "flags fly"
    assert any(s.cursor.selectedText() == "flags fly" for s in panel.editor.extraSelections())
    session.undo()
    assert session.document.node("o2").citations == []


def test_cite_across_lines_and_emoji(session, panel):
    session.select("c1")
    start, end = TEXT.index("neutral"), TEXT.index(" may")
    _select_found(panel, "neutral", "Talks 😀")
    panel.cite_action.trigger()
    citation = session.document.node("c1").citations[-1]
    assert citation.quote == TEXT[start:end] == "neutral.\nTalks 😀"
    assert (citation.start, citation.end) == (start, end)


def test_cite_without_a_node_is_refused(session, panel):
    session.select(None)
    _select_py(panel, 0, 8)
    before = session.document.model_copy(deep=True)
    assert panel.cite_selection() is False
    assert session.document == before
    assert "Select a node" in panel.message.text()
    assert not panel.message.isHidden()


def test_cite_without_a_text_selection_is_refused(session, panel):
    session.select("o2")
    assert panel.cite_selection() is False
    assert session.document.node("o2").citations == []
    assert "Select the words" in panel.message.text()


def test_selecting_a_node_shows_the_source_it_cites(session, panel):
    assert panel.source_id == "s1"
    session.select("c3")
    assert panel.source_id == "s2"
    assert panel.editor.toPlainText() == OTHER
    assert panel.source_combo.currentData() == "s2"
    assert [s.cursor.selectedText() for s in panel.editor.extraSelections()] == ["aid"]


def test_highlights_follow_undo(session, panel):
    count = len(panel.editor.extraSelections())
    session.select("o2")
    _select_py(panel, 0, 8)
    assert panel.cite_selection()
    assert len(panel.editor.extraSelections()) == count + 1
    session.undo()
    assert len(panel.editor.extraSelections()) == count


def test_a_new_document_shows_its_source(session, panel):
    other = Document.model_validate({
        "question": "q",
        "sources": [{"id": "x", "title": "Other", "text": "Only this text."}],
        "nodes": [{"id": "q", "kind": "question", "text": "Q",
                   "citations": [{"source": "x", "quote": "this"}]}],
    })
    session.set_document(other)
    assert panel.editor.toPlainText() == "Only this text."
    assert [s.cursor.selectedText() for s in panel.editor.extraSelections()] == ["this"]
    assert panel.source_combo.isHidden()
    assert panel.title_label.text() == "Other"


def test_context_menu_offers_cite(session, panel):
    session.select("o2")
    start = TEXT.index("The Taliban")
    _select_py(panel, start, start + len("The Taliban"))
    menu = panel.context_menu(QPoint(5, 5))
    assert panel.cite_action in menu.actions()
    assert any(a.text().replace("&", "").startswith("Copy") for a in menu.actions())
    panel.cite_action.trigger()
    assert session.document.node("o2").citations[-1].quote == "The Taliban"
    menu.deleteLater()


def test_selecting_a_node_scrolls_its_quote_into_view(qtbot):
    text = "".join(f"Line {i} of filler text.\n" for i in range(300)) + "The decisive sentence.\n"
    doc = Document.model_validate({
        "question": "q",
        "sources": [{"id": "s", "text": text}],
        "nodes": [{"id": "q", "kind": "question", "text": "Q"},
                  {"id": "o", "kind": "option", "parent": "q", "text": "O",
                   "citations": [{"source": "s", "quote": "The decisive sentence."}]}],
    })
    session = Session(doc)
    panel = SourcePanel(session)
    qtbot.addWidget(panel)
    panel.resize(400, 300)
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.editor.verticalScrollBar().value() == 0
    session.select("o")
    span = panel.spans[0]
    rect = panel.editor.cursorRect(panel._cursor(span.start, span.start))
    assert panel.editor.viewport().rect().contains(rect.center())
    assert panel.editor.verticalScrollBar().value() > 0


def test_a_source_without_text_cannot_be_cited(qtbot):
    doc = Document.model_validate({
        "question": "q",
        "sources": [{"id": "s", "title": "Paper only"}],
        "nodes": [{"id": "q", "kind": "question", "text": "Q"}],
    })
    session = Session(doc)
    panel = SourcePanel(session)
    qtbot.addWidget(panel)
    session.select("q")
    assert not panel.cite_button.isEnabled()
    assert panel.message.text() == "No text is stored for 'Paper only'."
    assert panel.cite_selection() is False
    assert session.document.node("q").citations == []


def test_a_fact_checked_quote_shows_its_correction_on_the_text(qtbot, session, panel):
    from argmap.model.edits import SetNote, SetTags

    session.apply(SetTags("c1", ["fact-check"]), "Mark")
    session.apply(SetNote("c1", "Fact check: the talks did not fail. Source: Example, https://example.org."), "Note")
    where = TEXT.index("may fail") + 2
    assert panel.fact_checks_at(where) == ["the talks did not fail. Source: Example, https://example.org."]
    assert panel.fact_checks_at(TEXT.index("Pakistan")) == []
    underlined = [sel for sel in panel.editor.extraSelections()
                  if sel.format.underlineStyle() == sel.format.UnderlineStyle.WaveUnderline]
    assert len(underlined) == 1
    cursor = underlined[0].cursor
    assert cursor.selectedText() == "may fail"
    assert "FACT CHECK: the talks did not fail" in underlined[0].format.toolTip()
    # Taking the marker off takes the correction off the text.
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert panel.fact_checks_at(where) == []
    assert not any(sel.format.underlineStyle() == sel.format.UnderlineStyle.WaveUnderline
                   for sel in panel.editor.extraSelections())


def test_the_bundled_scenario_shows_its_fact_checks_in_the_article(qtbot):
    from argmap.io import read
    from argmap.paths import bundled_scenario

    session = Session(read(bundled_scenario()))
    widget = SourcePanel(session)
    qtbot.addWidget(widget)
    text = session.document.source("article").text
    assert "11 September 2001" in " ".join(widget.fact_checks_at(text.index("September 09, 2001")))
    assert "Parwan" in " ".join(widget.fact_checks_at(text.index("Panwar")))
    assert widget.fact_checks_at(text.index("The stability in Afghanistan")) == []
