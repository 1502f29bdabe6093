"""The main window's menu bar and toolbar, built from its actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolBar, QToolButton

if TYPE_CHECKING:
    from argmap.gui.mainwindow import MainWindow

__all__ = ["build_menus", "build_toolbar", "build_context_menu"]


def build_menus(window: "MainWindow") -> None:
    """The menu bar: File, Edit, View, Map, Help."""
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([window.new_action, window.new_window_action, window.open_action])
    window.recent_menu = file_menu.addMenu("Open &Recent")
    window.recent_menu.aboutToShow.connect(window.fill_recent_menu)
    window.scenario_menu = file_menu.addMenu("Open &Scenario")
    window.fill_scenario_menu()
    file_menu.addSeparator()
    file_menu.addActions([window.save_action, window.save_as_action, window.revert_action])
    file_menu.addSeparator()
    file_menu.addAction(window.export_action)
    file_menu.addActions([window.print_action, window.print_preview_action])
    file_menu.addSeparator()
    window.class_menu = file_menu.addMenu("C&lass")
    window.class_menu.addActions([window.handout_action, window.collect_action])
    window.class_menu.addSeparator()
    window.class_menu.addActions([window.class_report_action, window.suggestions_action])
    window.class_menu.aboutToShow.connect(window.update_class_actions)
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)

    ea = window.edit_actions
    edit_menu = bar.addMenu("&Edit")
    edit_menu.addActions([window.undo_action, window.redo_action])
    edit_menu.addSeparator()
    edit_menu.addActions([ea.cut, ea.copy, ea.paste, window.copy_image_action, ea.delete])
    edit_menu.addSeparator()
    edit_menu.addActions([window.find_action, window.find_next_action, window.find_prev_action])
    edit_menu.addSeparator()
    edit_menu.addAction(window.history_dock.toggleViewAction())

    view_menu = bar.addMenu("&View")
    view_menu.addActions([window.zoom_in_action, window.zoom_out_action, window.fit_action])
    view_menu.addSeparator()
    layout_menu = view_menu.addMenu("&Layout")
    layout_menu.addActions(list(window.direction_actions.values()))
    layout_menu.addSeparator()
    layout_menu.addAction(window.compact_action)
    levels_menu = view_menu.addMenu("Show &Levels")
    levels_menu.addActions(list(window.fold_actions.values()))
    view_menu.addSeparator()
    for key, dock in window.docks.items():
        if key != "history":
            view_menu.addAction(dock.toggleViewAction())
    view_menu.addSeparator()
    view_menu.addActions([window.next_pane_action, window.previous_pane_action])
    view_menu.addSeparator()
    view_menu.addAction(window.present_action)

    map_menu = bar.addMenu("&Map")
    map_menu.addActions([ea.add_child, ea.add_sibling, ea.edit_text])
    add_menu = map_menu.addMenu("&Add Child of Kind")
    add_menu.addActions(list(ea.add_kind.values()))
    map_menu.addSeparator()
    map_menu.addActions([ea.move_up, ea.move_down, ea.collapse, ea.expand])
    kind_menu = map_menu.addMenu("Change &Kind")
    kind_menu.addActions(list(ea.kinds.values()))

    help_menu = bar.addMenu("&Help")
    help_menu.setObjectName("help_menu")  # guide.install and hints.install add their entries to it
    help_menu.addAction(window.pack_action)
    help_menu.addSeparator()
    help_menu.addAction(window.about_action)


def build_toolbar(window: "MainWindow") -> QToolBar:
    """The main toolbar: files, undo, the commonest edits, find and zoom."""
    bar = QToolBar("Main", window)
    bar.setObjectName("main_toolbar")
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    ea = window.edit_actions
    for act in (window.new_action, window.open_action, window.save_action, window.export_action, None,
                window.undo_action, window.redo_action, None, ea.add_child, ea.add_sibling, ea.delete, None,
                window.find_action):
        if act is None:
            bar.addSeparator()
        elif act is window.undo_action or act is window.redo_action:
            bar.addAction(_steady(bar, act, "Undo" if act is window.undo_action else "Redo"))
        else:
            bar.addAction(act)
    # Add Child drops down the kinds that fit the selected node (a pro, a con, evidence…).
    add_button = bar.widgetForAction(ea.add_child)
    if isinstance(add_button, QToolButton):
        kinds = QMenu(add_button)
        kinds.setObjectName("add_child_kinds")
        kinds.aboutToShow.connect(lambda: ea.fill_add_menu(kinds))
        add_button.setMenu(kinds)
        add_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
    bar.addSeparator()
    for act in (window.zoom_out_action, window.zoom_in_action, window.fit_action):
        bar.addAction(act)
    window.addToolBar(bar)
    _fix_button_sizes(bar)
    return bar


def _fix_button_sizes(bar: QToolBar) -> None:
    """Give every button one height and a width of its own that nothing changes later.

    A button without an icon would be shorter than its neighbours, and one whose label or
    state changed could change width and shift the buttons after it. Buttons that do not fit
    the window go behind the toolbar's » button, whole (never cut).
    """
    buttons = [b for b in (bar.widgetForAction(a) for a in bar.actions() if not a.isSeparator())
               if isinstance(b, QToolButton)]
    if not buttons:
        return
    height = max(b.sizeHint().height() for b in buttons)
    for button in buttons:
        button.setFixedSize(button.sizeHint().width(), height)
        action = button.defaultAction()
        if action is not None and not action.toolTip().strip("& "):
            action.setToolTip(action.text().replace("&", ""))


def _steady(bar: QToolBar, action: QAction, label: str) -> QAction:
    """A toolbar stand-in for Undo/Redo whose label stays put ("Undo"); the step it undoes is in its tooltip.

    The menu's action says "Undo Edit text": on the toolbar that label would change width with
    every edit and shift the buttons after it.
    """
    steady = QAction(action.icon(), label, bar)
    steady.setObjectName(f"toolbar_{label.lower()}")
    steady.triggered.connect(action.trigger)

    def follow() -> None:
        try:
            steady.setEnabled(action.isEnabled())
            steady.setToolTip(action.text().replace("&", "") + (f" ({action.shortcut().toString()})"
                                                                   if not action.shortcut().isEmpty() else ""))
        except RuntimeError:  # the window is being torn down: one of the two is gone already
            pass

    action.changed.connect(follow)
    follow()
    return steady


def build_context_menu(window: "MainWindow") -> QMenu:
    """The right-click menu of a node on the canvas or in the outline."""
    ea = window.edit_actions
    menu = QMenu(window)
    menu.addActions([ea.add_child, ea.add_sibling, ea.edit_text])
    menu.addSeparator()
    menu.addActions([ea.cut, ea.copy, ea.paste, ea.delete])
    menu.addSeparator()
    menu.addActions([ea.move_up, ea.move_down, ea.collapse, ea.expand])
    kind_menu = menu.addMenu("Change &Kind")
    kind_menu.addActions(list(ea.kinds.values()))
    return menu
