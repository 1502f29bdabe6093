"""The desktop editor (PySide6)."""
