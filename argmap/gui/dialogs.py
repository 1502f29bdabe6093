"""Every modal dialog of the editor, each behind one function so tests can replace it."""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from argmap import __version__
from argmap.errors import ArgmapError

__all__ = [
    "RecoveryInfo",
    "show_error",
    "show_message",
    "ask_save_changes",
    "ask_confirm",
    "ask_open_path",
    "ask_save_path",
    "ask_restore_recovery",
    "show_about",
]

FILE_FILTER = "Argument maps (*.argmap.json *.json);;All files (*)"
OPEN_FILTER = ("Maps and imports (*.argmap.json *.json *.argdown *.ad *.txt);;Argument maps (*.argmap.json *.json);;"
               "AIF (*.json);;Argdown (*.argdown *.ad);;Kialo export (*.txt);;All files (*)")


@dataclass(frozen=True)
class RecoveryInfo:
    """What the recovery prompt tells the user about an unsaved map."""

    original_path: str | None
    saved_at: str
    title: str


def show_error(parent: QWidget | None, err: BaseException) -> None:
    """Show an error: the message, the hint as informative text; a traceback only for bugs."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("argmap")
    if isinstance(err, ArgmapError):
        box.setText(str(err))
        if err.hint:
            box.setInformativeText(err.hint)
    else:
        box.setText(f"Something went wrong: {err}")
        box.setInformativeText("This is a bug in argmap; the details below help to fix it.")
        box.setDetailedText("".join(traceback.format_exception(type(err), err, err.__traceback__)))
    box.exec()


def show_message(parent: QWidget | None, title: str, text: str) -> None:
    """A plain information box."""
    QMessageBox.information(parent, title, text)


def ask_save_changes(parent: QWidget | None, name: str) -> Literal["save", "discard", "cancel"]:
    """Ask what to do with unsaved changes to `name`."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("argmap")
    box.setText(f"Save the changes to “{name}”?")
    box.setInformativeText("Your changes are lost if you don't save them.")
    box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                           | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return "save"
    if answer == QMessageBox.StandardButton.Discard:
        return "discard"
    return "cancel"


def ask_confirm(parent: QWidget | None, text: str) -> bool:
    """A yes/no question; True for yes."""
    answer = QMessageBox.question(parent, "argmap", text)
    return answer == QMessageBox.StandardButton.Yes


def ask_open_path(parent: QWidget | None, directory: str = "") -> str | None:
    """Ask for a map file to open; None when cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, "Open map", directory, OPEN_FILTER)
    return path or None


def ask_save_path(parent: QWidget | None, suggested: str = "") -> str | None:
    """Ask where to save the map; None when cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, "Save map as", suggested, FILE_FILTER)
    return path or None


def ask_restore_recovery(parent: QWidget | None, info: RecoveryInfo) -> bool:
    """Offer to restore a map that was not saved when argmap last stopped."""
    where = f"“{Path(info.original_path).name}”" if info.original_path else "an untitled map"
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("argmap")
    box.setText(f"argmap stopped with unsaved changes to {where}.")
    box.setInformativeText(f"Restore the version kept at {info.saved_at}? If you don't, it is deleted.")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.Yes).setText("Restore")
    box.button(QMessageBox.StandardButton.No).setText("Delete")
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    return box.exec() == QMessageBox.StandardButton.Yes


def show_about(parent: QWidget | None) -> None:
    QMessageBox.about(
        parent,
        "About argmap",
        f"<b>argmap {__version__}</b><p>Build, weigh and present argument maps of decisions: "
        "options, their consequences, the reasons for and against them, and the evidence behind them.</p>",
    )
