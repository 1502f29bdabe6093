"""`argmap join ws://HOST:PORT/ROOM`: open an editor window on a map shared with `argmap serve`."""

from __future__ import annotations

import argparse

from argmap.errors import ArgmapError

__all__ = ["register", "run"]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("join", help="edit a map shared live with 'argmap serve'",
                       description="Open an editor window on a shared map; everyone's edits show as they are made.")
    p.add_argument("url", metavar="URL", help="the address 'argmap serve' printed, ws://HOST:PORT/ROOM")
    p.add_argument("--token", default=None, help="the word the server was started with")
    p.add_argument("--name", default=None, help="the name the others see (default: your user name)")


def run(args: argparse.Namespace) -> int:
    if not args.url.startswith(("ws://", "wss://")):
        raise ArgmapError(f"'{args.url}' is not a ws:// address", hint="Give the address 'argmap serve' printed.")
    from argmap.cli import _has_display

    if not _has_display():
        raise ArgmapError("there is no display to open the editor on",
                          hint="Run it on a desktop or under xvfb-run.")
    from argmap.gui.collab import run_joined

    return run_joined(args.url, args.token, args.name)
