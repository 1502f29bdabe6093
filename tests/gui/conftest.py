"""Fixtures for the editor's tests: a small map, a session, a shown main window.

Every test gets its own settings folder and recovery folder, and every modal dialog
is replaced by a recorder (tests that need an answer set it), so no test can block.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths

from argmap.gui import classroom, dialogs
from argmap.gui.session import Session
from argmap.model import Document, Kind, Node, Perspective


def small_map() -> Document:
    """q1 → options o1, o2; o1 → consequence c1 → pro p1; o2 → consequence c2."""
    nodes = [
        Node(id="q1", kind=Kind.QUESTION, text="Which way to go?"),
        Node(id="o1", kind=Kind.OPTION, text="Take the bridge", parent="q1", order=0),
        Node(id="o2", kind=Kind.OPTION, text="Take the ferry", parent="q1", order=1),
        Node(id="c1", kind=Kind.CONSEQUENCE, text="We arrive early", parent="o1", order=0,
             likelihood=0.6, impact={"us": 4.0, "them": -2.0}),
        Node(id="p1", kind=Kind.PRO, text="The bridge is open all night", parent="c1", order=0, strength=0.5),
        Node(id="c2", kind=Kind.CONSEQUENCE, text="We see the harbour", parent="o2", order=0,
             likelihood=0.9, impact={"us": 2.0, "them": 1.0}),
    ]
    return Document(title="Crossing", question="q1", nodes=nodes,
                    perspectives=[Perspective(id="us", name="Us"), Perspective(id="them", name="Them")])


@dataclass
class DialogLog:
    """What the replaced dialogs were asked, and what they answer."""

    errors: list[BaseException] = field(default_factory=list)
    messages: list[tuple[str, str]] = field(default_factory=list)
    save_questions: list[str] = field(default_factory=list)
    recovery_offers: list[Any] = field(default_factory=list)
    save_answer: str = "discard"
    open_path: str | None = None
    save_path: str | None = None
    restore: bool = False
    confirm: bool = True
    student_name: str | None = None  # the answer to a handout's "Your name" (None: cancelled)
    name_questions: int = 0


@pytest.fixture(autouse=True)
def dialog_log(monkeypatch) -> DialogLog:
    log = DialogLog()
    monkeypatch.setattr(dialogs, "show_error", lambda parent, err: log.errors.append(err))
    monkeypatch.setattr(dialogs, "show_message", lambda parent, title, text: log.messages.append((title, text)))
    monkeypatch.setattr(dialogs, "show_about", lambda parent: log.messages.append(("about", "")))

    def ask_save(parent: Any, name: str) -> str:
        log.save_questions.append(name)
        return log.save_answer

    def ask_restore(parent: Any, info: Any) -> bool:
        log.recovery_offers.append(info)
        return log.restore

    monkeypatch.setattr(dialogs, "ask_save_changes", ask_save)
    monkeypatch.setattr(dialogs, "ask_restore_recovery", ask_restore)
    monkeypatch.setattr(dialogs, "ask_open_path", lambda parent, directory="": log.open_path)
    monkeypatch.setattr(dialogs, "ask_save_path", lambda parent, suggested="": log.save_path)
    monkeypatch.setattr(dialogs, "ask_confirm", lambda parent, text: log.confirm)

    def ask_name(parent: Any) -> str | None:
        log.name_questions += 1
        return log.student_name

    monkeypatch.setattr(classroom, "ask_student_name", ask_name)
    return log


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory, qapp):
    """Preferences and recent files in a fresh folder for each test."""
    folder = tmp_path_factory.mktemp("settings")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QStandardPaths.setTestModeEnabled(True)
    QCoreApplication.setOrganizationName("argmap-test")
    QCoreApplication.setApplicationName("argmap-test")
    yield folder


@pytest.fixture
def doc() -> Document:
    return small_map()


@pytest.fixture
def session(doc: Document) -> Session:
    return Session(doc)


@pytest.fixture
def recovery_dir(tmp_path):
    return tmp_path / "recovery"


@pytest.fixture
def make_window(qtbot, recovery_dir):
    """Build shown, active main windows (closed without questions at the end)."""
    from argmap.gui.mainwindow import MainWindow

    def make(session: Session | None = None) -> MainWindow:
        window = MainWindow(session, recovery_dir=recovery_dir)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        return window

    return make


@pytest.fixture
def window(make_window, session):
    return make_window(session)
