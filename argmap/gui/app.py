"""Starting the editor: the application, the first window, and recovery after a crash."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QApplication

from argmap.errors import ArgmapError
from argmap.gui import dialogs, recoveryhistory, theme
from argmap.gui.autosave import find_recoveries, remove_stale_temporaries
from argmap.gui.clipboard import release_clipboard
from argmap.gui.mainwindow import MainWindow
from argmap.gui.outline import KIND_COLORS
from argmap.model.document import Kind
from argmap.paths import bundled_scenario

__all__ = ["run", "application", "app_icon", "offer_recovery"]

def app_icon() -> QIcon:
    """argmap's icon, drawn: a question card above two option cards, joined."""
    icon = QIcon()
    for size in (16, 32, 64, 128):
        pix = QPixmap(size, size)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        u = size / 16
        p.setPen(QPen(QColor("#34495e"), max(1.0, u)))
        p.drawLine(QPointF(8 * u, 5 * u), QPointF(4 * u, 10 * u))
        p.drawLine(QPointF(8 * u, 5 * u), QPointF(12 * u, 10 * u))
        p.setPen(Qt.PenStyle.NoPen)
        for x, y, color in ((4, 1, KIND_COLORS[Kind.QUESTION]), (0.5, 9.5, KIND_COLORS[Kind.OPTION]),
                            (8.5, 9.5, KIND_COLORS[Kind.PRO])):
            p.setBrush(QColor(color))
            p.drawRoundedRect(QRectF(x * u, y * u, 7 * u, 5.5 * u), 1.5 * u, 1.5 * u)
        p.end()
        icon.addPixmap(pix)
    return icon


def application() -> QApplication:
    """The running QApplication, created with argmap's names when there is none."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setOrganizationName("argmap")
        app.setApplicationName("argmap")
        app.setApplicationDisplayName("argmap")
        app.setWindowIcon(app_icon())
        theme.apply(app)  # light or dark as the system is, and card text as large as its font
    return app  # type: ignore[return-value]


def offer_recovery(window: MainWindow, folder: str | Path | None = None) -> list[MainWindow]:
    """Offer each map left unsaved by a crash; restored ones open as modified, with their file's path.

    The first restored map replaces the window's own (untouched) map; others open in new
    windows, each with the undo history it had where that was kept. Temporary files of
    killed saves are removed first. Returns the windows holding restored maps.
    """
    folder = folder or window.autosaver.folder
    recoveries = find_recoveries(folder)
    near = [r.original_path and Path(r.original_path).parent for r in recoveries]
    remove_stale_temporaries([folder, window.session.path and window.session.path.parent, *near])
    restored: list[MainWindow] = []
    for rec in recoveries:
        info = dialogs.RecoveryInfo(rec.original_path, rec.saved_at.replace("T", " "), rec.title)
        if not dialogs.ask_restore_recovery(window, info):
            rec.discard()
            continue
        try:
            doc = rec.load()
        except ArgmapError as err:
            rec.release()
            dialogs.show_error(window, err)
            continue
        steps = rec.load_history()
        target = window
        if restored or window.session.is_modified:
            target = window.new_window()
        target.session.set_document(doc, rec.original_path)
        recoveryhistory.restore(target.session, steps)
        target.session.undo_stack.resetClean()  # modified until saved: the file on disk is older
        target.autosaver.adopt(rec)
        target.show_status("Restored unsaved changes; save to keep them."
                           + (" Undo takes back the edits made before." if steps else ""))
        restored.append(target)
    return restored


def run(path: str | None = None) -> int:
    """Open the editor on `path` (or the bundled scenario) and run until it closes."""
    app = application()
    window = MainWindow()
    window.show_window()  # maximised the first time, then as it was left
    if path:
        window.files.open_path(path)
    elif bundled_scenario().exists():
        window.files.open_path(bundled_scenario(), as_copy=True)
    offer_recovery(window)
    window.canvas.setFocus()
    status = app.exec()
    release_clipboard()
    return status
