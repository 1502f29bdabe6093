"""Help ▸ Guide: an offline page that explains the map's kinds, the weighing, the panes and the keys.

`install(window)` adds Help ▸ Guide (F1) to a main window; `show(window, anchor)` opens the
Guide on one section, so that a tooltip or a button can point at the part it is about. F1
opens the section about the widget that has the focus: the nearest ancestor carrying a
`guide_anchor` property names it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QMainWindow,
    QMenu,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from argmap.paths import RESOURCES

__all__ = ["GuideWindow", "GUIDE_PATH", "ANCHORS", "ANCHOR_PROPERTY", "TIPS", "install", "show", "context_anchor",
           "find_help_menu", "set_anchor", "impact_tip"]

GUIDE_PATH = RESOURCES / "guide" / "guide.html"
#: The dynamic property that says which section of the Guide a widget (and what is inside it) is about.
ANCHOR_PROPERTY = "guide_anchor"
#: The Guide's sections, in page order.
ANCHORS = ("top", "panes", "kinds", "markers", "weighing", "likelihood", "impact", "perspectives",
           "expected-impact", "strength", "argued-support", "semantics", "ranking-setting", "unweighed",
           "parameters", "later-decisions", "undercuts", "grounded", "cards", "ranking", "contributions", "tornado",
           "flip-point", "simulation", "class", "keys", "pack")
#: The link in the page that opens the map's teacher's pack.
PACK_LINK = "argmap:pack"

#: One sentence per field, in the Guide's words: the tooltips of the inspector's fields.
TIPS: dict[str, str] = {
    "header": "The node's kind and its id (the id never changes, so links and files can name the node).",
    "kind": "What the node is: the question, an option, a consequence, a fork of outcomes, a pro, a con, "
            "evidence or a note; the map's rules say which kind may hang under which.",
    "title": "A short title for the card (optional): the card shows it above the text.",
    "text": "What the node claims, in full.",
    "likelihood": "Likelihood (p): how likely this is to happen if what it hangs under happens, "
                  "from 0 (never) to 1 (certain).",
    "outcome": "Likelihood (p) of this outcome of the fork, from 0 to 1: only one outcome happens, "
               "so the fork's outcomes add up to 1.",
    "rest": "Make this outcome the rest: its likelihood is 1 minus the fork's other outcomes, so they always add up to 1.",
    "impact": "Impact: how good (+) or bad (−) this is for each perspective if it happens, on the map's impact scale.",
    "option-impact": "Impact of the option itself: the cost (−) or gain (+) of taking it at all, "
                     "for each perspective, on the map's impact scale.",
    "strength": "Strength (s): how convincing this is on its own, from 0 (not at all) to 1 (settles it), "
                "before the pros and cons under it move it.",
    "tags": "Words to group and find nodes by, separated by commas.",
    "note": "Notes on this node (a READING's reason, a FACT CHECK's correction); they never change a score.",
    "citations": "Quotes from the source behind this node: select text in the Source pane and press Ctrl+Shift+C to add one.",
    "remove-citation": "Remove the citation selected in the list from this node.",
    "no-parties": "Impacts are given per perspective (a party whose interests count), and this map has none yet.",
    "add-party": "Add a perspective on the Map tab, then give this node an impact for it.",
    "node-tab": "The selected node: its kind, text, numbers, notes and citations.",
    "map-tab": "The map itself: its title, description and perspectives with their weights.",
    "check": "Ticked: the {field} is weighed; untick it to leave it unweighed, which leaves it out of the score "
             "and counts it (not the same as 0).",
    "spin": "The {field} as a number from {lo} to {hi}; click into the box first to change it with the wheel.",
    "slider": "Drag to set the {field}; dragging or clicking an unweighed {field} weighs it in the same undoable step.",
}


def impact_tip(name: str, lo: float, hi: float, unit: str, is_option: bool = False) -> str:
    """One sentence on the impact for the perspective `name` (on an option: its own cost or gain)."""
    scale = f"from {lo:g} to {hi:g} {unit}".replace("-", "−")
    if is_option:
        return f"Impact for {name} of taking this option at all: its cost (−) or gain (+), {scale}."
    return f"Impact for {name}: how good (+) or bad (−) this is for {name} if it happens, {scale}."


def set_anchor(widget: QWidget, anchor: str) -> None:
    """Make F1 over `widget` (or anything inside it) open the Guide at `anchor`."""
    if anchor not in ANCHORS:
        raise ValueError(f"'{anchor}' is not a section of the Guide; expected one of {', '.join(ANCHORS)}")
    widget.setProperty(ANCHOR_PROPERTY, anchor)


def context_anchor(widget: QWidget | None) -> str | None:
    """The section about `widget`: its own or its nearest ancestor's `guide_anchor`, else None."""
    while widget is not None:
        anchor = widget.property(ANCHOR_PROPERTY)
        if isinstance(anchor, str) and anchor:
            return anchor
        widget = widget.parentWidget()
    return None


class GuideWindow(QWidget):
    """The Guide in a window of its own, beside the map (not modal); links inside it stay offline."""

    def __init__(self, parent: QWidget | None = None, open_pack: Callable[[], Any] | None = None,
                 path: Path = GUIDE_PATH) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("guide_window")
        self.setWindowTitle("argmap Guide")
        self.resize(760, 860)
        self._open_pack = open_pack
        self._pending: str | None = None
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)  # every link is handled here: nothing is fetched
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([str(path.parent)])
        self.browser.setHtml(path.read_text(encoding="utf-8"))
        self.browser.anchorClicked.connect(self._on_browser_anchor_clicked)
        self.contents_button = QPushButton("Contents")
        self.contents_button.setToolTip("Back to the top of the Guide")
        self.contents_button.clicked.connect(lambda: self.go_to("top"))
        close_button = QPushButton("Close")
        close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.contents_button)
        buttons.addStretch(1)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(buttons)

    def go_to(self, anchor: str | None) -> None:
        """Scroll so that the section `anchor` starts at the top (None or "top": the beginning)."""
        if anchor is not None and anchor not in ANCHORS:
            raise ValueError(f"'{anchor}' is not a section of the Guide; expected one of {', '.join(ANCHORS)}")
        self._pending = anchor or "top"
        self._scroll()

    def _scroll(self) -> None:
        if self._pending is None:
            return
        # The layout, and so the anchor's height, depends on the width: lay the page out at the view's width now.
        self.browser.document().setTextWidth(self.browser.viewport().width())
        if self._pending == "top":
            self.browser.verticalScrollBar().setValue(0)
        else:
            self.browser.scrollToAnchor(self._pending)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self._scroll()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._scroll()  # keep the chosen section at the top while the window finds its size

    def text(self) -> str:
        """The Guide's text, without markup."""
        return self.browser.toPlainText()

    def section_at_top(self) -> str:
        """The section shown at the top of the view: the last anchor at or above its first line."""
        top = self.browser.cursorForPosition(QPoint(4, 4)).position()
        block = self.browser.document().begin()
        found = "top"
        while block.isValid() and block.position() <= top:
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                if fragment.position() > top:
                    break
                names = [n for n in fragment.charFormat().anchorNames() if n in ANCHORS]
                if names:
                    found = names[-1]
                it += 1
            block = block.next()
        return found

    def _on_browser_anchor_clicked(self, url: QUrl) -> None:
        self._pending = None  # the reader moved: a resize no longer pulls the view back
        if url.toString() == PACK_LINK:
            if self._open_pack is not None:
                self._open_pack()
        elif url.hasFragment() and not url.path():
            self.go_to(url.fragment())
        # Any other link (the page has none) is ignored: the Guide never goes online.

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self._pending = None
        super().wheelEvent(event)


def find_help_menu(window: QMainWindow) -> QMenu | None:
    """The menu bar's Help menu: by object name "help_menu", else by its title."""
    found = window.menuBar().findChild(QMenu, "help_menu")
    if found is not None:
        return found
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and menu.title().replace("&", "").strip().lower() == "help":
            return menu
    return None


def _guide_of(window: QWidget) -> GuideWindow | None:
    return window.findChild(GuideWindow, "guide_window", Qt.FindChildOption.FindDirectChildrenOnly)


def show(window: QWidget, anchor: str | None = None) -> GuideWindow:
    """Open (or raise) the window's Guide at `anchor`; one Guide per main window."""
    guide = _guide_of(window)
    if guide is None:
        guide = GuideWindow(window, getattr(window, "open_teachers_pack", None))
    guide.go_to(anchor)
    guide.show()
    guide.raise_()
    guide.activateWindow()
    return guide


def _tag(owner: Any, parts: tuple[tuple[str, str], ...]) -> None:
    """Tag each widget `owner.<attr>` that exists with its section."""
    for attr, anchor in parts:
        widget = getattr(owner, attr, None)
        if isinstance(widget, QWidget):
            set_anchor(widget, anchor)


def _tag_panes(window: Any) -> None:
    """Point the window's panes at their sections (the inspector tags its own fields).

    Called at install and again on each F1: parts mounted after the Guide was installed (the
    Simulation tab, Rank by, formula lines made for a new perspective) are tagged by then.
    """
    _tag(window, (("canvas", "cards"), ("outline", "cards")))
    panels = getattr(window, "panels", {})
    weighing = panels.get("weighing")
    if weighing is not None:
        set_anchor(weighing, "ranking")
        _tag(weighing, (("semantics_combo", "semantics"), ("contributions_chart", "contributions"),
                        ("tornado_page", "tornado"), ("class_panel", "class"), ("ranking_setting", "ranking-setting"),
                        ("simulation_tab", "simulation"), ("simulation", "simulation")))
    inspector = panels.get("inspector")
    if inspector is not None:
        _tag(getattr(inspector, "map_section", None), (("parameters", "parameters"),))
        for line in getattr(inspector, "formula_lines", {}).values():
            _tag(line, (("button", "parameters"),))
            if isinstance(line, QWidget):
                set_anchor(line, "parameters")
    source = panels.get("source")
    if source is not None:
        set_anchor(source, "panes")


def _on_f1(window: QMainWindow) -> None:
    _tag_panes(window)
    show(window, context_anchor(QApplication.focusWidget()))


def install(window: QMainWindow) -> QAction:
    """Add Help ▸ Guide (F1) to a built main window; F1 opens the section about the focused widget.

    Once a window: a second call returns the action the first one added.
    """
    installed = window.findChild(QAction, "guide_action")
    if installed is not None:
        return installed
    action = QAction("&Guide", window)
    action.setObjectName("guide_action")
    action.setShortcut(QKeySequence(Qt.Key.Key_F1))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setStatusTip("What the map's kinds, numbers and panes mean, and the keys")
    action.triggered.connect(lambda _=False: _on_f1(window))
    menu = find_help_menu(window)
    if menu is None:
        menu = window.menuBar().addMenu("&Help")
        menu.setObjectName("help_menu")
    first = menu.actions()[0] if menu.actions() else None
    menu.insertAction(first, action)
    if first is not None:
        menu.insertSeparator(first)
    window.addAction(action)  # F1 works even with the menu bar hidden
    _tag_panes(window)
    return action
