"""The source pane: the cited text with quoted spans highlighted; select text to cite it."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from argmap.errors import ArgmapError
from argmap.gui.session import Session
from argmap.model import Citation, Document
from argmap.model import edits as E
from argmap.model.markers import (
    FACT_CHECK,
    READING,
    marker_help,
    marker_label,
    split_note,
)

__all__ = ["SourcePanel", "OffsetMap", "Span", "cited_spans", "fact_check_text"]

_CITED = QColor("#fff1a8")
_CITED_NEXT = QColor("#ffe27a")  # every other span, so that adjacent quotes stay apart
_SELECTED = QColor("#ffcc80")
_CURRENT = QColor("#ff9800")
_FACT_CHECK = QColor("#c62828")  # the wavy underline under a quote that holds a factual slip
# Characters that take two positions in a QTextDocument (astral, as surrogate pairs)
# or whose pair takes one (CRLF becomes a single block separator).
_UNEVEN = re.compile("[\U00010000-\U0010ffff]|\r\n")


class OffsetMap:
    """Converts between Python string indices and QTextDocument positions of one text.

    A QTextDocument counts UTF-16 code units (an emoji is 2) and turns CRLF into
    one block separator; Python counts code points. Citations store Python indices.
    """

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self._at: list[int] = []  # Python index from which `_delta` applies
        self._delta: list[int] = []
        delta = 0
        for match in _UNEVEN.finditer(text):
            delta += -1 if match.group() == "\r\n" else 1
            self._at.append(match.start() + 1)
            self._delta.append(delta)

    def to_qt(self, index: int) -> int:
        """The document position of Python index `index`."""
        k = bisect_right(self._at, index) - 1
        return index + (self._delta[k] if k >= 0 else 0)

    def to_py(self, position: int) -> int:
        """The smallest Python index at or after document position `position`."""
        if not self._at:
            return max(0, min(position, self.length))
        lo, hi = 0, self.length
        while lo < hi:
            mid = (lo + hi) // 2
            if self.to_qt(mid) < position:
                lo = mid + 1
            else:
                hi = mid
        return lo


@dataclass(frozen=True)
class Span:
    """One citation's place in a source text (Python indices)."""

    node_id: str
    index: int  # which citation of the node
    start: int
    end: int


def _locate(citation: Citation, text: str) -> tuple[int, int] | None:
    """Where a citation sits in `text`: its offsets when they hold the quote, else the quote's first match."""
    start, end = citation.start, citation.end
    if start is not None and end is not None and text[start:end] == citation.quote:
        return start, end
    found = text.find(citation.quote)
    return (found, found + len(citation.quote)) if found >= 0 else None


def cited_spans(doc: Document, source_id: str) -> list[Span]:
    """Every cited span of one source, in tree order of the citing nodes."""
    text = next((s.text for s in doc.sources if s.id == source_id), None)
    if not text:
        return []
    out = []
    for node in doc.walk():
        for i, cit in enumerate(node.citations):
            if cit.source == source_id:
                where = _locate(cit, text)
                if where:
                    out.append(Span(node.id, i, *where))
    return out


def fact_check_text(node) -> str:
    """The correction a fact-check node's note gives (from its first 'Fact check:' on), or ''."""
    if not node.tags or FACT_CHECK not in node.tags:
        return ""
    before, after = split_note(node.note)
    return after or before or "see the note"


class SourcePanel(QWidget):
    """Shows a source's text with its citations; clicking one selects its node, Cite adds one."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.source_id: str | None = None
        self.spans: list[Span] = []
        self._text = ""
        self._map = OffsetMap("")
        self._scroll_pending = False  # the current quote is to be scrolled to once the pane is in view

        self.source_combo = QComboBox()
        self.source_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.cite_button = QPushButton("Cite")
        self.cite_button.setToolTip("Add the selected text as a citation of the current node")
        self.editor = QPlainTextEdit()
        self.editor.setReadOnly(True)
        self.editor.setPlaceholderText("No source text. Sources with their full text appear here, to quote from.")
        self.editor.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.cite_action = QAction("Cite on the current node", self)
        self.cite_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.cite_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.cite_action)

        self.title_label = QLabel()
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.editor.document().setDocumentMargin(8)
        top = QHBoxLayout()
        top.addWidget(self.source_combo, 1)
        top.addWidget(self.title_label, 1)
        top.addWidget(self.cite_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.message)

        self.source_combo.activated.connect(self._on_source_combo_activated)
        self.cite_button.clicked.connect(self.cite_selection)
        self.cite_action.triggered.connect(self.cite_selection)
        self.editor.customContextMenuRequested.connect(self._on_editor_context_menu)
        self.editor.viewport().installEventFilter(self)
        session.document_changed.connect(self._on_session_document_changed)
        session.document_replaced.connect(self._on_session_document_replaced)
        session.selection_changed.connect(self._on_session_selection_changed)
        self._on_session_document_replaced()
        self._on_session_selection_changed(session.selection)

    # -- the shown source ------------------------------------------------------------

    def show_source(self, source_id: str | None) -> None:
        """Show one source's text (None for none) and its highlights."""
        doc = self.session.document
        source = next((s for s in doc.sources if s.id == source_id), None)
        self.source_id = source.id if source else None
        text = (source.text or "") if source else ""
        if text != self._text or self.editor.document().isEmpty() != (not text):
            self._text = text
            self._map = OffsetMap(text)
            self.editor.setPlainText(text)
        self.cite_button.setEnabled(bool(text))
        index = self.source_combo.findData(self.source_id)
        if index >= 0:
            self.source_combo.setCurrentIndex(index)
        if source is None:
            self._say("This map has no sources." if not doc.sources else "")
        elif not text:
            self._say(f"No text is stored for '{source.title or source.id}'.")
        self.refresh_highlights()

    def _fill_combo(self) -> None:
        doc = self.session.document
        wanted = [(s.id, s.title or s.id) for s in doc.sources]
        have = [(self.source_combo.itemData(i), self.source_combo.itemText(i)) for i in range(self.source_combo.count())]
        if wanted != have:
            self.source_combo.clear()
            for sid, title in wanted:
                self.source_combo.addItem(title, sid)
        self.source_combo.setVisible(len(wanted) > 1)
        self.title_label.setVisible(len(wanted) == 1)
        if len(wanted) == 1:
            source = doc.sources[0]
            self.title_label.setText(" — ".join(x for x in (source.title or source.id, source.author) if x))

    def refresh_highlights(self) -> None:
        """Highlight every cited span; the current node's most strongly, other selected ones less."""
        doc = self.session.document
        self.spans = cited_spans(doc, self.source_id) if self.source_id else []
        selected = set(self.session.selection)
        current = self.session.current
        layers: list[list[QTextEdit.ExtraSelection]] = [[], [], []]
        for n, span in enumerate(sorted(self.spans, key=lambda s: (s.start, s.end))):
            level = 2 if span.node_id == current else 1 if span.node_id in selected else 0
            fmt = QTextCharFormat()
            fmt.setBackground((_CITED_NEXT if n % 2 else _CITED, _SELECTED, _CURRENT)[level])
            if level == 2:
                fmt.setFontUnderline(True)
            node = doc.node(span.node_id)
            tip = f"{node.kind.value}: {node.label}"
            if node.tags and READING in node.tags:
                tip += f"\n{marker_label(READING)}: {marker_help(READING)}"
            check = fact_check_text(node)
            if check:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                fmt.setUnderlineColor(_FACT_CHECK)
                tip += f"\n{marker_label(FACT_CHECK)}: {check}"
            fmt.setToolTip(tip)
            sel = QTextEdit.ExtraSelection()
            sel.cursor = self._cursor(span.start, span.end)
            sel.format = fmt
            layers[level].append(sel)
        self.editor.setExtraSelections(layers[0] + layers[1] + layers[2])

    def _cursor(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(self._map.to_qt(start))
        cursor.setPosition(self._map.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def fact_checks_at(self, index: int) -> list[str]:
        """The corrections shown on the text at Python index `index` (one per fact-checked quote there)."""
        doc = self.session.document
        found = (fact_check_text(doc.node(s.node_id)) for s in self.spans_at(index))
        return [text for text in found if text]

    def spans_at(self, index: int) -> list[Span]:
        """The cited spans that contain Python index `index`."""
        return [s for s in self.spans if s.start <= index < s.end]

    def _say(self, text: str, is_error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b00020;" if is_error else "color: palette(text);")
        self.message.setVisible(bool(text))

    # -- session signals -------------------------------------------------------------

    def _on_session_document_replaced(self) -> None:
        self._fill_combo()
        doc = self.session.document
        first = next((s.id for s in doc.sources if s.text), doc.sources[0].id if doc.sources else None)
        self._text = ""
        self.editor.clear()
        self._say("")
        self.show_source(first)

    def _on_session_document_changed(self, _edit: object) -> None:
        self._fill_combo()
        doc = self.session.document
        keep = self.source_id if any(s.id == self.source_id for s in doc.sources) else None
        if keep is None and doc.sources:
            keep = doc.sources[0].id
        self.show_source(keep)

    def _on_session_selection_changed(self, _ids: list) -> None:
        current = self.session.current
        doc = self.session.document
        if current is not None and doc.has_node(current):
            cited = [c.source for c in doc.node(current).citations]
            if cited and self.source_id not in cited:
                self.show_source(cited[0])
        self.refresh_highlights()
        self._scroll_to_current()

    def _is_seen(self) -> bool:
        """Whether the text is on screen: a dock tab behind another is "visible" but kept out of sight."""
        viewport = self.editor.viewport()
        return viewport.isVisible() and not viewport.visibleRegion().isEmpty()

    def _scroll_to_current(self) -> None:
        """Scroll to the current node's quote; when the pane is out of sight, once it comes into view
        (its width, and so where the quote is, is known only then)."""
        if not self._is_seen():
            self._scroll_pending = True
            return
        self._scroll_pending = False
        mine = [s for s in self.spans if s.node_id == self.session.current]
        if mine:
            self.editor.setTextCursor(self._cursor(mine[0].start, mine[0].start))
            self.editor.centerCursor()

    def _on_viewport_shown_or_resized(self) -> None:
        if self._scroll_pending and self._is_seen():
            self._scroll_to_current()

    def _on_source_combo_activated(self, index: int) -> None:
        self.show_source(self.source_combo.itemData(index))

    # -- clicking a highlight ----------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if (watched is self.editor.viewport() and self._scroll_pending
                and event.type() in (QEvent.Type.Show, QEvent.Type.Resize)):
            # After the layout that comes with it is done: the text is wrapped at the new width by then.
            QTimer.singleShot(0, self._on_viewport_shown_or_resized)
        if (watched is self.editor.viewport() and event.type() == QEvent.Type.MouseButtonRelease
                and event.button() == Qt.MouseButton.LeftButton and not self.editor.textCursor().hasSelection()):
            self.click_at(event.position().toPoint())
        return super().eventFilter(watched, event)

    def click_at(self, point: QPoint) -> str | None:
        """Select the node whose citation is under `point` (viewport coordinates); repeated clicks cycle."""
        cursor = self.editor.cursorForPosition(point)
        position = cursor.position()
        if point.x() < self.editor.cursorRect(cursor).x() and position > 0:
            position -= 1  # the click was on the character before the nearest boundary
        return self.select_at(self._map.to_py(position))

    def select_at(self, index: int) -> str | None:
        """Select a node citing Python index `index`; the next one when its current node already does."""
        ids = list(dict.fromkeys(s.node_id for s in sorted(self.spans_at(index), key=lambda s: s.end - s.start)))
        if not ids:
            return None
        current = self.session.current
        chosen = ids[(ids.index(current) + 1) % len(ids)] if current in ids else ids[0]
        self.session.select(chosen)
        return chosen

    # -- citing ----------------------------------------------------------------------

    def context_menu(self, point: QPoint) -> QMenu:
        """The editor's usual menu (Copy, Select All) with Cite added."""
        menu = self.editor.createStandardContextMenu(point)
        menu.addSeparator()
        menu.addAction(self.cite_action)
        self.cite_action.setEnabled(self.editor.textCursor().hasSelection())
        return menu

    def _on_editor_context_menu(self, point: QPoint) -> None:
        menu = self.context_menu(point)
        menu.exec(self.editor.viewport().mapToGlobal(point))
        self.cite_action.setEnabled(True)
        menu.deleteLater()

    def selected_range(self) -> tuple[int, int] | None:
        """The selected text as Python indices into the source, without surrounding white space."""
        cursor = self.editor.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self._map.to_py(cursor.selectionStart()), self._map.to_py(cursor.selectionEnd())
        while start < end and self._text[start].isspace():
            start += 1
        while end > start and self._text[end - 1].isspace():
            end -= 1
        return (start, end) if start < end else None

    def select_range(self, start: int, end: int) -> None:
        """Select Python indices `start`..`end` of the shown text (as a user's drag would)."""
        self.editor.setTextCursor(self._cursor(start, end))

    def cite_selection(self) -> bool:
        """Add the selected text as a citation of the current node; False (and a message) when refused."""
        node_id = self.session.current
        if self.source_id is None or not self._text:
            self._say("There is no source text to cite from.", is_error=True)
            return False
        if node_id is None:
            self._say("Select a node first: the citation is added to the current node.", is_error=True)
            return False
        where = self.selected_range()
        if where is None:
            self._say("Select the words to quote first.", is_error=True)
            return False
        start, end = where
        citation = Citation(source=self.source_id, quote=self._text[start:end], start=start, end=end)
        try:
            self.session.apply(E.AddCitation(node_id, citation), "Add citation")
        except ArgmapError as err:
            self._say(err.message, is_error=True)
            return False
        self._say(f"Cited on '{_short(self.session.document.node(node_id).label)}'.")
        return True


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
