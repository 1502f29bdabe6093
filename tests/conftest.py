import os

# Qt must run offscreen in tests, and this must be set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
