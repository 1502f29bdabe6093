"""The source pane shows the current node's quote when it comes into view, even if the node was
selected while the pane was hidden."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget

from argmap.gui.session import Session
from argmap.gui.sourcepane import SourcePanel
from argmap.io import read
from argmap.model import Document
from argmap.paths import SCENARIOS

# Long paragraphs: how many lines each takes depends on the pane's width.
LINES = [" ".join(f"Line {i}.{k} of a long article about the talks and what each side wants from them."
                  for k in range(6)) for i in range(120)]


def _long_map() -> Document:
    text = "\n".join(LINES)
    late = text.index("Line 110.3 of")
    early = text.index("Line 3.2 of")
    return Document.model_validate({
        "question": "q",
        "sources": [{"id": "s1", "title": "Article", "text": text}],
        "nodes": [
            {"id": "q", "kind": "question", "text": "What stance?"},
            {"id": "o1", "kind": "option", "parent": "q", "text": "Early",
             "citations": [{"source": "s1", "quote": "Line 3.2 of", "start": early, "end": early + 11}]},
            {"id": "o2", "kind": "option", "parent": "q", "order": 1, "text": "Late",
             "citations": [{"source": "s1", "quote": "Line 110.3 of", "start": late, "end": late + 13}]},
        ],
    })


def _quote_is_in_view(panel: SourcePanel, node_id: str) -> bool:
    span = next(s for s in panel.spans if s.node_id == node_id)
    editor = panel.editor
    rect = editor.cursorRect(panel._cursor(span.start, span.end))
    return editor.viewport().isVisible() and editor.viewport().rect().contains(rect.center())


def test_a_quote_selected_before_the_pane_was_ever_shown_is_scrolled_to_when_it_is_shown(qtbot):
    session = Session(_long_map())
    holder = QWidget()
    qtbot.addWidget(holder)
    panel = SourcePanel(session, holder)
    panel.hide()
    panel.resize(120, 100)  # as a dock tab that was never up
    holder.resize(500, 400)
    holder.show()
    qtbot.waitExposed(holder)
    session.select("o2")
    panel.resize(500, 400)
    panel.show()
    qtbot.waitUntil(lambda: _quote_is_in_view(panel, "o2"))


def test_a_quote_selected_while_the_pane_was_hidden_is_scrolled_to_when_it_is_shown(qtbot):
    session = Session(_long_map())
    holder = QWidget()
    qtbot.addWidget(holder)
    holder.resize(500, 400)
    panel = SourcePanel(session, holder)
    panel.resize(500, 400)
    holder.show()
    qtbot.waitExposed(holder)
    session.select("o1")
    qtbot.waitUntil(lambda: _quote_is_in_view(panel, "o1"))
    panel.hide()
    panel.resize(150, 300)
    session.select("o2")
    panel.resize(500, 300)
    panel.show()
    qtbot.waitUntil(lambda: _quote_is_in_view(panel, "o2"))
    # Shown again later, it does not jump away from where the reader scrolled to.
    panel.editor.verticalScrollBar().setValue(0)
    panel.hide()
    panel.show()
    qtbot.waitUntil(lambda: panel.editor.viewport().isVisible())
    QApplication.processEvents()  # any scroll waiting for the pane to show would run now
    assert panel.editor.verticalScrollBar().value() == 0


def test_the_source_tab_shows_the_quote_of_a_node_selected_while_the_outline_tab_was_up(qtbot, make_window):
    doc = read(SCENARIOS / "pakistan-peace-talks.argmap.json")
    window = make_window(Session(doc))
    panel = window.panels["source"]
    window.outline_dock.raise_()
    qtbot.waitUntil(lambda: panel.visibleRegion().isEmpty())  # a tab behind another: out of sight
    source = next(s for s in doc.sources if s.text)
    cited = [(c.start if c.start is not None else source.text.find(c.quote), n.id)
             for n in doc.nodes for c in n.citations if c.source == source.id]
    cited.sort()
    _, late = cited[len(cited) * 2 // 3]  # a node quoting well into the article (not at its end)
    window.session.select(late)
    window.docks["source"].raise_()
    qtbot.waitUntil(lambda: _quote_is_in_view(panel, late))
