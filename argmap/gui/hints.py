"""The first-run hint strip: where the panes are and the main keys, across the window until "Got it".

`install(window)` puts the strip under the toolbar, across the whole window (so it has room even
when the side panes leave the map little width), and adds Help ▸ Show Hints. "Got it" hides it
for good (a settings key); Show Hints brings it back. Settings default to the app's own
(`files.app_settings`); tests pass their own or point QSettings at a temporary folder.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMainWindow, QPushButton, QSizePolicy, QToolBar, QWidget

from argmap.gui import guide, theme
from argmap.gui.files import app_settings

__all__ = ["HintStrip", "install", "is_dismissed", "DISMISSED_KEY", "HINT_HTML"]

#: The settings key that remembers "Got it".
DISMISSED_KEY = "hints/dismissed"

#: What the strip says: the three panes, then the keys.
HINT_HTML = (
    "<b>◀ Left:</b> outline and source &nbsp;·&nbsp; <b>Middle:</b> the map &nbsp;·&nbsp; "
    "<b>Right ▶:</b> inspector and weighing<br>"
    "<b>Tab</b> add a child &nbsp; <b>Enter</b> a sibling &nbsp; <b>+ − E C</b> a pro, con, evidence, "
    "consequence &nbsp; <b>F2</b> edit text &nbsp; <b>Ctrl+Z</b> undo &nbsp; <b>F1</b> the Guide"
)

_STYLE = "QToolBar#hint_strip { spacing: 0px; padding: 0px; }"  # its colours follow the theme


def is_dismissed(settings: QSettings | None = None) -> bool:
    """Whether "Got it" was pressed (in these settings, else the app's)."""
    settings = settings or app_settings()
    return str(settings.value(DISMISSED_KEY, "false")).lower() in ("true", "1")


class HintStrip(QToolBar):
    """A slim bar across the window: the panes and keys, "Open the Guide" and "Got it"."""

    #: "Got it" was pressed.
    dismissed = Signal()

    def __init__(self, settings_of: Callable[[], QSettings] = app_settings, parent: QWidget | None = None) -> None:
        super().__init__("Hints", parent)
        self.setObjectName("hint_strip")
        theme.follow(self, "banner:note:QToolBar#hint_strip")
        self.setStyleSheet(self.styleSheet() + _STYLE)
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)  # it goes by "Got it" and comes back by Help ▸ Show Hints
        self._settings_of = settings_of
        self.label = QLabel(HINT_HTML)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        # Two set lines, never wrapped (a wrapped label makes a toolbar tall): in a very narrow
        # window the ends of the lines are cut off rather than the strip growing.
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.label.setMinimumWidth(80)
        self.label.setToolTip(HINT_HTML)
        self.guide_button = QPushButton("Open the Guide")
        self.guide_button.setToolTip("What everything on the screen means, and all the keys (F1)")
        self.got_it_button = QPushButton("Got it")
        self.got_it_button.setToolTip("Hide these hints for good (Help ▸ Show Hints brings them back)")
        body = QFrame()
        row = QHBoxLayout(body)
        row.setContentsMargins(10, 3, 6, 3)
        row.addWidget(self.label, 1)
        row.addWidget(self.guide_button, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.got_it_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.addWidget(body)
        self.got_it_button.clicked.connect(self.dismiss)

    def dismiss(self) -> None:
        """Hide the strip and remember it: it does not come back in any window until Show Hints."""
        settings = self._settings_of()
        settings.setValue(DISMISSED_KEY, True)
        settings.sync()
        self.hide()
        self.dismissed.emit()

    def bring_back(self) -> None:
        """Forget "Got it" and show the strip again."""
        settings = self._settings_of()
        settings.remove(DISMISSED_KEY)
        settings.sync()
        self.show()


def install(window: QMainWindow, settings: QSettings | None = None) -> HintStrip:
    """Put the hint strip above the map (hidden when dismissed before) and add Help ▸ Show Hints."""
    settings_of = (lambda: settings) if settings is not None else app_settings
    installed = window.findChild(HintStrip, "hint_strip")
    if installed is not None:  # once a window: a second call only changes where "Got it" is kept
        installed._settings_of = settings_of
        installed.setVisible(not is_dismissed(settings_of()))
        return installed
    strip = HintStrip(settings_of, window)
    window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, strip)
    strip.setVisible(not is_dismissed(settings_of()))
    strip.guide_button.clicked.connect(lambda: guide.show(window, "panes"))
    action = QAction("Show &Hints", window)
    action.setObjectName("show_hints_action")
    action.setStatusTip("Show the strip above the map with the panes and the main keys again")
    action.triggered.connect(lambda _=False: strip.bring_back())
    menu = guide.find_help_menu(window)
    if menu is None:
        menu = window.menuBar().addMenu("&Help")
        menu.setObjectName("help_menu")
    guide_action = window.findChild(QAction, "guide_action")
    actions = menu.actions()
    if guide_action is not None and guide_action in actions:
        at = actions.index(guide_action) + 1
        menu.insertAction(actions[at] if at < len(actions) else None, action)
    else:
        menu.addAction(action)
    return strip
