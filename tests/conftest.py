import os
import sys

# Qt must run offscreen in tests, and this must be set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_sessionfinish(session, exitstatus):
    # Qt's offscreen clipboard crashes the interpreter at exit while it holds data that
    # a test copied; the application itself empties it the same way when it quits.
    if "PySide6.QtGui" in sys.modules:
        from argmap.gui.clipboard import release_clipboard

        release_clipboard()
