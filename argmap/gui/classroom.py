"""The classroom in the window: a student's name on opening a handout, and File ▸ Class.

Every question these actions ask goes through one function here (`ask_student_name`,
`ask_handout`, ...) so that tests can replace it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from argmap.model.weighings import SetAuthor

if TYPE_CHECKING:
    from argmap.gui.mainwindow import MainWindow

__all__ = ["ask_student_name", "needs_student_name", "ask_name_if_handout"]


def ask_student_name(parent: QWidget | None) -> str | None:
    """Ask a student for their name; None when cancelled."""
    name, ok = QInputDialog.getText(
        parent, "Your name", "This map was handed out for you to weigh.\nYour name (your teacher sees it):",
        QLineEdit.EchoMode.Normal, "")
    return name if ok else None


def needs_student_name(window: "MainWindow") -> bool:
    """Whether the open map is a handout nobody has put their name on yet."""
    doc = window.session.document
    return doc.handout and not doc.author.strip()


def ask_name_if_handout(window: "MainWindow") -> bool:
    """On a handout without a name, ask for the student's and set it (an undo step); True when set.

    Cancel leaves the name empty: the question comes back the next time the file is opened.
    """
    if not needs_student_name(window):
        return False
    name = " ".join((ask_student_name(window) or "").split())
    if not name or not needs_student_name(window):
        return False
    window.session.apply(SetAuthor(name), "Enter your name")
    window.show_status(f"Weighing as {name}: your values are saved with your name.", 10000)
    return True
