"""The core never imports Qt; PySide6 is a version that does not crash this interpreter."""

from __future__ import annotations

import subprocess
import sys
import textwrap

CORE = ["argmap.model", "argmap.scoring", "argmap.io", "argmap.render.scene", "argmap.render.layout"]


def test_core_imports_no_qt():
    script = textwrap.dedent(
        f"""
        import importlib, pkgutil, sys
        for name in {CORE!r}:
            module = importlib.import_module(name)
            for info in pkgutil.walk_packages(getattr(module, "__path__", []), name + "."):
                importlib.import_module(info.name)
        import argmap.cli, argmap.commands.validate, argmap.commands.show
        bad = sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6")))
        print(",".join(bad))
        """
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "", f"the core loaded Qt: {run.stdout.strip()}"


def test_pyside_void_calls_do_not_abort_the_interpreter():
    # PySide6 6.12.0 corrupts None's reference count on every void C++ call; on
    # Python 3.11 the interpreter then aborts (none_dealloc) after a few thousand calls.
    script = textwrap.dedent(
        """
        from PySide6.QtGui import QPainterPath
        path = QPainterPath()
        for _ in range(200_000):
            path.moveTo(1.0, 1.0)
        print("ok")
        """
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, f"exit {run.returncode}: {run.stderr[-500:]}"
    assert run.stdout.strip() == "ok"
