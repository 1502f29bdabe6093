"""The `argmap` command line: headless subcommands, and the editor when given a file or nothing."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import NoReturn, Sequence

from argmap import __version__
from argmap.errors import ArgmapError, SourceRef

__all__ = ["main", "fail"]

#: Modules under argmap.commands with `register(subparsers)` and `run(args) -> int`; each is the
#: subcommand of its name, or of the name NAMES gives it.
COMMANDS = ["validate", "show", "score", "export", "convert", "brief", "present", "classroom", "serve", "join"]
#: Subcommands typed under another name than their module's ("class" is a Python keyword).
NAMES = {"classroom": "class"}


class UsageError(Exception):
    """A bad command line (exit status 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not argparse's usage dump
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _available() -> list[str]:
    names = []
    for name in COMMANDS:
        try:
            importlib.import_module(f"argmap.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"argmap.commands.{name}":
                raise
            continue
        names.append(name)
    return names


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="argmap",
        description="Build, weigh and present argument maps of decisions. "
        "With no command, opens the editor (on FILE, or on the bundled scenario).",
        epilog="Run 'argmap COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"argmap {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in _available():
        importlib.import_module(f"argmap.commands.{name}").register(sub)
    return parser


def fail(message: str, hint: str = "") -> int:
    """Print a one-line error (and a hint) to stderr; return the failure status."""
    print(f"error: {message}", file=sys.stderr)
    if hint:
        print(f"hint: {hint}", file=sys.stderr)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if not args_list or not (args_list[0].startswith("-") or args_list[0] in COMMANDS
                                 or args_list[0] in NAMES.values()):
            return _open_editor(args_list)
        parser = build_parser()
        args = parser.parse_args(args_list)
        if args.command is None:
            parser.print_help()
            return 2
        modules = {typed: module for module, typed in NAMES.items()}
        module = importlib.import_module(f"argmap.commands.{modules.get(args.command, args.command)}")
        return module.run(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ArgmapError as exc:
        return fail(str(exc), exc.hint)
    except KeyboardInterrupt:
        return 130


def _open_editor(args: list[str]) -> int:
    if len(args) > 1:
        raise UsageError("give one map file to open, or a command (see 'argmap --help')")
    if args and not os.path.exists(args[0]):
        raise ArgmapError("no such file", hint="Check the path.", source=SourceRef(path=args[0]))
    if not _has_display():
        raise ArgmapError(
            "there is no display to open the editor on",
            hint="Run it on a desktop or under xvfb-run; 'argmap --help' lists the commands that need no display.",
        )
    from argmap.gui.app import run

    return run(args[0] if args else None)


def _has_display() -> bool:
    """Whether Qt can open a window here (without a display it would abort the process)."""
    if os.environ.get("QT_QPA_PLATFORM") or not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


if __name__ == "__main__":
    sys.exit(main())
