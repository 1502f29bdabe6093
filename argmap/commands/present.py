"""`argmap present FILE`: show the map's tour full screen, one step at a time."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

__all__ = ["register", "run", "KEYS"]

KEYS = ("Right, PageDown, Space or a click: next step; Left, PageUp: back; Home, End: first, last step; "
        "N: show or hide the numbers; B: blank the screen; Esc: quit")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("present", help="present a map's tour full screen, step by step",
                       description="Present a map full screen: its tour (the map's own, or one made from the "
                       "scores: the question, each option, then each option's branches) revealed step by step, "
                       "in large type. Keys: " + KEYS + ".")
    p.add_argument("file", metavar="FILE", help="the map (.argmap.json or .argdown)")
    p.add_argument("--step", type=int, default=1, metavar="N", help="start at step N (default 1)")
    p.add_argument("--numbers", action="store_true", help="start with the numbers shown (default: hidden)")
    p.add_argument("--window", action="store_true", help="in a window instead of full screen")


def run(args: argparse.Namespace) -> int:
    from argmap.cli import UsageError
    from argmap.errors import ArgmapError

    if args.step < 1:
        raise UsageError(f"--step must be 1 or more, not {args.step}")
    if not _has_display():
        raise ArgmapError("there is no display to present on",
                          hint="Run it on a desktop, or write slides instead: argmap export FILE -o slides.pdf --slides")
    from argmap.render.exporter import read_input

    doc = read_input(args.file, _warn)
    from argmap.scoring import score

    try:
        scores = score(doc)
    except ArgmapError as err:
        _warn(f"the map cannot be scored ({err.message}); it is shown without scores")
        scores = None
    from argmap.gui.app import application
    from argmap.gui.present import PresentationView

    app = application()
    view = PresentationView(doc, scores, start=args.step - 1, numbers=args.numbers)
    if view.dropped:
        _warn(f"{args.file}: the tour names {len(view.dropped)} node(s) that are not in the map, "
              f"left out: {', '.join(view.dropped)}")
    if args.step > max(view.count, 1):
        _warn(f"the tour has {view.count} steps; starting at the last")
    if args.window:
        view.resize(1280, 720)
        view.show()
    else:
        view.showFullScreen()
    view.activateWindow()
    view.setFocus()
    return execute(app, view)


def _has_display() -> bool:
    """Whether Qt can open a window here (without a display it would abort the process)."""
    if os.environ.get("QT_QPA_PLATFORM") or not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def execute(app: Any, view: Any) -> int:
    """Run the event loop until the presentation is left."""
    return app.exec()


def _warn(text: str) -> None:
    print(f"warning: {text}", file=sys.stderr)
