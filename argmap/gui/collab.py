"""Live co-editing in the editor: File > Share… and File > Join…, a status-bar connection state,
the others' selections on the canvas, and a participants dock.

Nothing here is imported or hooked until `install(window)` is called, and no network code is
loaded until a map is shared or joined. Remote edits reach the document as `RemoteEdit`s
emitted through the session (so canvas, outline and scores follow as for any edit) but never go
on its undo stack: Undo takes back only this participant's own edits.
"""

from __future__ import annotations

import asyncio
import getpass
import hashlib
import threading
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QDockWidget, QFormLayout, QGraphicsItem, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QSpinBox, QWidget)

from argmap.textsafe import qt_plain

if TYPE_CHECKING:
    from argmap.gui.mainwindow import MainWindow

__all__ = ["install", "LiveSession", "PresenceOverlay", "ask_share", "ask_join", "run_joined", "colour_for"]

_PALETTE = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#9a6324",
            "#469990", "#800000", "#808000", "#000075"]


def colour_for(name: str) -> str:
    """A participant's colour, the same on every screen for the same name."""
    return _PALETTE[int(hashlib.sha1(name.encode()).hexdigest(), 16) % len(_PALETTE)]


# -- dialogs (module functions, so tests can replace them) -------------------------------------

def _form(parent: QWidget | None, title: str, fields: list[tuple[str, QWidget]]) -> bool:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    form = QFormLayout(dialog)
    for label, widget in fields:
        form.addRow(label, widget)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    return dialog.exec() == QDialog.DialogCode.Accepted


def ask_share(parent: QWidget | None) -> tuple[int, str | None, str] | None:
    """Port, token (None: none) and name for sharing this window's map, or None when cancelled."""
    port, token, name = QSpinBox(), QLineEdit(), QLineEdit(getpass.getuser())
    port.setRange(1024, 65535)
    port.setValue(8765)
    token.setPlaceholderText("optional: a word participants must give")
    if not _form(parent, "Share this map live", [("Port:", port), ("Token:", token), ("Your name:", name)]):
        return None
    return port.value(), token.text() or None, name.text() or getpass.getuser()


def ask_join(parent: QWidget | None) -> tuple[str, str | None, str] | None:
    """Address, token and name for joining a shared map, or None when cancelled."""
    url, token, name = QLineEdit("ws://127.0.0.1:8765/"), QLineEdit(), QLineEdit(getpass.getuser())
    if not _form(parent, "Join a shared map", [("Address:", url), ("Token:", token), ("Your name:", name)]):
        return None
    return url.text().strip(), token.text() or None, name.text() or getpass.getuser()


# -- the others' selections on the canvas ------------------------------------------------------

class PresenceOverlay(QGraphicsItem):
    """Outlines the cards other participants have selected, in their colour, with their name."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[tuple[QRectF, str, str]] = []  # card rect, colour, name
        self._bounds = QRectF()
        self.setZValue(50)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_marks(self, marks: list[tuple[QRectF, str, str]]) -> None:
        self.prepareGeometryChange()
        self.marks = marks
        bounds = QRectF()
        for rect, _, _ in marks:
            bounds = bounds.united(rect.adjusted(-8, -26, 8, 8))
        self._bounds = bounds
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, _option: Any, _widget: Any = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(painter.font())
        font.setPointSizeF(8)
        font.setBold(True)
        painter.setFont(font)
        seen: dict[tuple[float, float], int] = {}
        for rect, colour, name in self.marks:
            stack = seen.get((rect.x(), rect.y()), 0)  # several people on one card: rings outward
            seen[(rect.x(), rect.y())] = stack + 1
            ring = rect.adjusted(-4 - 3 * stack, -4 - 3 * stack, 4 + 3 * stack, 4 + 3 * stack)
            painter.setPen(QPen(QColor(colour), 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(ring, 6, 6)
            text = qt_plain(name)[:24]
            width = painter.fontMetrics().horizontalAdvance(text) + 8
            tag = QRectF(ring.x() + 4 + stack * (width + 2), ring.y() - 16, width, 15)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawRoundedRect(tag, 3, 3)
            painter.setPen(QColor("white"))
            painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, text)


# -- the live session --------------------------------------------------------------------------

class _Bridge(QObject):
    """Carries the network thread's events to the GUI thread (a queued signal)."""

    event = Signal(str, object)


class LiveSession(QObject):
    """Keeps a window's session in step with a shared map."""

    #: The connection's state changed: ("connecting" | "online" | "offline" | "failed", line).
    status_changed = Signal(str, str)
    #: The other participants changed: {client id: awareness state}.
    participants_changed = Signal(object)
    #: The first full map arrived (the window shows the shared map from now on).
    joined = Signal()

    def __init__(self, window: "MainWindow", name: str | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.name = name or getpass.getuser()
        self.colour = colour_for(self.name)
        self.mirror: Any = None
        self.client: Any = None
        self.server: Any = None
        self._server_loop: asyncio.AbstractEventLoop | None = None
        self._server_task: Any = None
        self._server_thread: threading.Thread | None = None
        self._keep_document = False
        self._applying = False
        self._backlog: tuple[dict, int] | None = None
        self._undo_texts: dict[int, tuple[Any, ...]] = {}
        self.state = ("offline", "")
        self.participants: dict[int, dict] = {}
        self._bridge = _Bridge()
        self._bridge.event.connect(self._on_event, Qt.ConnectionType.QueuedConnection)
        self.overlay: PresenceOverlay | None = None
        self.session.document_changed.connect(self._on_document_changed)
        self.session.selection_changed.connect(self._on_selection_changed)
        self.session.document_replaced.connect(self._on_document_replaced)

    # -- starting and stopping ---------------------------------------------------------

    def join(self, url: str, token: str | None = None) -> None:
        """Connect to a shared map; the window shows it once it has arrived (`joined`)."""
        self._keep_document = False
        self._connect(url, token)

    def share(self, port: int = 8765, token: str | None = None, host: str = "127.0.0.1") -> str:
        """Share this window's map from a server in this process; returns its address."""
        from argmap.collab.server import MapServer, ServerOptions

        options = ServerOptions(host=host, port=port, token=token, persist=False, say=lambda _line: None)
        self.server = MapServer(self.session.document.model_copy(deep=True), None, options,
                                room=_room_of(self.window))
        self._server_loop = asyncio.new_event_loop()
        self._server_task = self._server_loop.create_task(self.server.run())
        self._server_thread = threading.Thread(target=self._run_server, name="argmap-share", daemon=True)
        self._server_thread.start()
        ready = threading.Event()
        self._server_loop.call_soon_threadsafe(lambda: asyncio.ensure_future(_wait_ready(self.server, ready)))
        if not ready.wait(10) or not self._server_thread.is_alive():
            self._stop_server()
            from argmap.errors import ArgmapError

            raise ArgmapError(f"Could not share on port {port}: it may be in use.", hint="Choose another port.")
        self._keep_document = True
        self._connect(self.server.url, token)
        return self.server.url

    def _run_server(self) -> None:
        assert self._server_loop is not None
        try:
            self._server_loop.run_until_complete(self._server_task)
        except (asyncio.CancelledError, OSError):
            pass

    def _connect(self, url: str, token: str | None) -> None:
        from argmap.collab.client import LiveClient

        self.url = url
        self.client = LiveClient(url, self._bridge.event.emit, token,
                                 presence={"user": {"name": self.name, "color": self.colour},
                                           "selection": self.session.selection})
        self.client.start()

    def leave(self) -> None:
        """Stop taking part (and stop sharing, for the one who shared); the map stays open."""
        if self.client is not None:
            self.client.stop()
            self.client = None
        self._stop_server()
        self.mirror = None
        self.participants = {}
        self._refresh_overlay()
        self._set_state("offline", "Not shared")
        self.participants_changed.emit({})

    def _stop_server(self) -> None:
        if self._server_loop is not None and self._server_task is not None:
            self._server_loop.call_soon_threadsafe(self._server_task.cancel)
            if self._server_thread is not None:
                self._server_thread.join(5)
        self._server_loop = self._server_task = self._server_thread = None
        self.server = None

    @property
    def is_live(self) -> bool:
        return self.mirror is not None

    # -- events from the network ----------------------------------------------------------

    def _on_event(self, kind: str, data: Any) -> None:
        if kind == "status":
            self._set_state(*data)
        elif kind == "synced" and self.mirror is None:
            from argmap.collab.mirror import Mirror
            from argmap.model.document import Document

            if self._keep_document:
                self.mirror = Mirror(self.session.document)
            else:
                self.mirror = Mirror(Document(), data)
                self._applying = True
                try:
                    self.session.set_document(self.mirror.doc)
                finally:
                    self._applying = False
            self._show_messages()
            self.joined.emit()
        elif kind == "change" and self.mirror is not None:
            # Changes that arrive together are taken together, after the last of them.
            from argmap.collab.mirror import merge_changes

            if self._backlog is None:
                self._backlog = data
                QTimer.singleShot(0, self._take_backlog)
            else:
                self._backlog = merge_changes(self._backlog, data)
        elif kind == "presence":
            self.participants = data
            self._refresh_overlay()
            self.participants_changed.emit(data)

    def _take_backlog(self) -> None:
        from argmap.collab.remote import announcement

        data, self._backlog = self._backlog, None
        if data is None or self.mirror is None:
            return
        change, acked = data
        edit = self.mirror.take(change, acked)
        if edit is not None:
            self._applying = True
            try:
                inverse = edit.apply(self.session.document)
                self.session.announce_remote(announcement(edit, inverse))
            finally:
                self._applying = False
            self._forget_stale_undo({nid for nid, fields in edit.nodes if fields is None})
        self._show_messages()

    def _forget_stale_undo(self, deleted: set[str]) -> None:
        """Clear the undo history when someone else deleted a node one of its steps works on.

        Such a step could not be undone or redone any more; keeping it would make Undo fail.
        """
        if not deleted:
            return
        stack = self.session.undo_stack
        quoted = [f"'{nid}'" for nid in deleted]
        # A step's text is made once (the repr of a branch's nodes is slow), not on every deletion.
        texts: dict[int, tuple[Any, ...]] = {}
        for i in range(stack.count()):
            command = stack.command(i)
            edit, inverse = getattr(command, "edit", None), getattr(command, "inverse", None)
            cached = self._undo_texts.get(id(command))
            if cached is None or cached[0] is not command or cached[1] is not edit or cached[2] is not inverse:
                cached = (command, edit, inverse, repr(edit) + repr(inverse))
            texts[id(command)] = cached
        self._undo_texts = texts
        for *_step, text in texts.values():
            if any(q in text for q in quoted):
                stack.clear()
                self.window.show_status("Undo history cleared: another participant deleted what it works on.", 10000)
                return

    def _set_state(self, state: str, line: str) -> None:
        self.state = (state, line)
        self.status_changed.emit(state, line)

    def _show_messages(self) -> None:
        if self.mirror is not None and self.mirror.messages:
            self.window.show_status("Merged: " + self.mirror.messages[-1], 10000)
            self.mirror.messages.clear()

    # -- local changes out ------------------------------------------------------------------

    def _on_document_changed(self, edit: Any) -> None:
        if self.mirror is None:  # not shared: nothing to do, so a map edited alone pays nothing
            return
        if not self._applying and self.client is not None:
            ops = self.mirror.local_ops(edit)
            if ops:
                self.client.send_ops(ops)
        if self.participants:
            QTimer.singleShot(0, self._refresh_overlay)  # the cards may have moved

    def _on_selection_changed(self, ids: list) -> None:
        if self.client is not None:
            self.client.set_presence(selection=list(ids))

    def _on_document_replaced(self) -> None:
        if not self._applying and self.mirror is not None:  # another map was opened: stop sharing
            self.leave()
        elif self.participants:
            QTimer.singleShot(0, self._refresh_overlay)  # the canvas was rebuilt

    # -- the canvas overlay -------------------------------------------------------------------

    def _refresh_overlay(self) -> None:
        canvas = getattr(self.window, "canvas", None)
        if canvas is None or (self.overlay is None and not self.participants):
            return
        scene = canvas.scene()
        # A new map clears the canvas's scene, and the overlay with it.
        if self.overlay is None or not shiboken6.isValid(self.overlay) or self.overlay.scene() is not scene:
            self.overlay = PresenceOverlay()
            scene.addItem(self.overlay)
        cards = {c.id: c for c in canvas.scene_data.cards}
        marks = []
        for cid in sorted(self.participants):
            state = self.participants[cid]
            user = state.get("user") or {}
            name = str(user.get("name") or f"guest {cid % 1000}")
            colour = user.get("color") if QColor.isValidColorName(str(user.get("color"))) else colour_for(name)
            for nid in state.get("selection") or []:
                card = cards.get(nid) if isinstance(nid, str) else None
                if card is not None:
                    r = card.rect
                    marks.append((QRectF(r.x, r.y, r.w, r.h), colour, name))
        self.overlay.set_marks(marks)


async def _wait_ready(server: Any, ready: threading.Event) -> None:
    await server.ready.wait()
    ready.set()


def _room_of(window: "MainWindow") -> str:
    from argmap.collab.server import room_name

    path = window.session.path
    return room_name(path) if path else "map"


# -- the window's menu, status bar and dock ---------------------------------------------------

class _Participants(QListWidget):
    def __init__(self, live: LiveSession) -> None:
        super().__init__()
        self.live = live
        live.participants_changed.connect(self.refill)
        live.joined.connect(self.refill)
        self.refill()

    def refill(self, *_: Any) -> None:
        self.clear()
        if not self.live.is_live:
            self.addItem("Not shared")
            return
        me = QListWidgetItem(f"● {qt_plain(self.live.name)} (you)")
        me.setForeground(QColor(self.live.colour))
        self.addItem(me)
        doc = self.live.session.document
        for cid in sorted(self.live.participants):
            state = self.live.participants[cid]
            user = state.get("user") or {}
            name = qt_plain(str(user.get("name") or f"guest {cid % 1000}"))
            picked = [n for n in (state.get("selection") or []) if isinstance(n, str) and doc.has_node(n)]
            where = f" — on {qt_plain(doc.node(picked[0]).label)[:40]}" if picked else ""
            item = QListWidgetItem(f"● {name}{where}")
            colour = str(user.get("color"))
            item.setForeground(QColor(colour if QColor.isValidColorName(colour) else colour_for(name)))
            self.addItem(item)


def install(window: "MainWindow") -> LiveSession:
    """Add File > Share…, Join… and Leave, the status-bar state and the Participants dock."""
    live = LiveSession(window)
    window.live = live  # type: ignore[attr-defined]
    share = QAction("S&hare Live…", window)
    share.setStatusTip("Let others edit this map with you at the same time")
    join = QAction("&Join Live…", window)
    join.setStatusTip("Edit a map someone is sharing")
    leave = QAction("&Leave Live Session", window)
    leave.setEnabled(False)
    share.triggered.connect(lambda: _share(window, live))
    join.triggered.connect(lambda: _join(window, live))
    leave.triggered.connect(live.leave)
    window.share_action, window.join_action, window.leave_action = share, join, leave  # type: ignore[attr-defined]
    file_menu = next((a.menu() for a in window.menuBar().actions() if a.menu() and a.text() == "&File"), None)
    if file_menu is not None:
        before = window.quit_action if window.quit_action in file_menu.actions() else None
        for action in (share, join, leave):
            file_menu.insertAction(before, action)
        file_menu.insertSeparator(before)
    label = QLabel("")
    window.statusBar().addPermanentWidget(label)
    window.live_label = label  # type: ignore[attr-defined]

    def show_state(state: str, line: str) -> None:
        count = len(live.participants) + 1
        text = {"online": f"● Live: {count} editing", "connecting": "○ Live: connecting…",
                "offline": "○ Live: offline, edits kept" if live.is_live else "",
                "failed": "✕ Live: failed"}.get(state, "")
        colour = {"online": "#2e7d32", "connecting": "#8a6d00", "offline": "#b26a00", "failed": "#c62828"}[state]
        label.setText(text)
        label.setStyleSheet(f"color: {colour}")
        label.setToolTip(qt_plain(line))
        if line and state in ("offline", "failed"):
            window.show_status(line)
        live_now = live.client is not None
        share.setEnabled(not live_now)
        join.setEnabled(not live_now)
        leave.setEnabled(live_now)

    live.status_changed.connect(show_state)
    live.participants_changed.connect(lambda _p: show_state(*live.state) if live.state[0] == "online" else None)
    dock = QDockWidget("Participants", window)
    dock.setObjectName("participants_dock")
    dock.setWidget(_Participants(live))
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.hide()
    live.joined.connect(dock.show)
    window.participants_dock = dock  # type: ignore[attr-defined]
    return live


def _share(window: "MainWindow", live: LiveSession) -> None:
    from argmap.errors import ArgmapError
    from argmap.gui import dialogs

    answer = ask_share(window)
    if answer is None:
        return
    port, token, name = answer
    live.name, live.colour = name, colour_for(name)
    try:
        url = live.share(port, token)
    except ArgmapError as err:
        dialogs.show_error(window, err)
        return
    window.show_status(f"Sharing at {url}" + (" (with a token)" if token else ""), 20000)


def _join(window: "MainWindow", live: LiveSession) -> None:
    answer = ask_join(window)
    if answer is None:
        return
    url, token, name = answer
    live.name, live.colour = name, colour_for(name)
    live.join(url, token)


def run_joined(url: str, token: str | None, name: str | None, timeout: float = 10.0) -> int:
    """`argmap join`: connect first (a failure is one line on stderr), then open the window."""
    import sys

    from argmap.errors import one_line
    from argmap.gui.app import application
    from argmap.gui.mainwindow import MainWindow

    app = application()
    window = MainWindow()
    live = install(window)
    live.name = name or live.name
    live.colour = colour_for(live.name)
    loop = QEventLoop()
    outcome: list[str] = []
    live.joined.connect(lambda: (outcome.append("joined"), loop.quit()))
    live.status_changed.connect(lambda state, line: (outcome.append(line), loop.quit()) if state == "failed" else None)
    QTimer.singleShot(int(timeout * 1000), loop.quit)
    live.join(url, token)
    if not outcome:
        loop.exec()
    if "joined" not in outcome:
        live.leave()
        window.close()
        window.deleteLater()
        line = outcome[0] if outcome else f"No answer from {url} in time."
        print(f"error: {one_line(line)}", file=sys.stderr)
        return 1
    window.show_window()
    status = app.exec()
    live.leave()
    return status
