"""Errors the user sees, and diagnostics that do not stop a load."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from argmap.textsafe import terminal

__all__ = [
    "one_line",
    "MAX_LINE",
    "ArgmapError",
    "DocumentError",
    "RuleError",
    "NotFoundError",
    "NotConverged",
    "ArgdownSyntaxError",
    "ExportError",
    "SourceRef",
    "Diagnostic",
]


#: The longest message an error shows; longer ones are cut with "…".
MAX_LINE = 200
#: How much of a quoted value a message shows before cutting it with "…".
MAX_QUOTED = 60

_DOUBLE_QUOTED = re.compile(r'"([^"]{%d,})"' % (MAX_QUOTED + 1))
_SINGLE_QUOTED = re.compile(r"(?<!\w)'([^']{%d,})'(?!\w)" % (MAX_QUOTED + 1))
#: Beyond this a message is cut before anything else looks at it (a 50 MB value stays out of memory twice).
_HUGE = 20_000


def _clip(match: re.Match[str]) -> str:
    q = match.group(0)[0]
    return f"{q}{match.group(1)[:MAX_QUOTED]}…{q}"


def one_line(text: str, limit: int = MAX_LINE) -> str:
    """Text made safe for one line of a terminal or a message box.

    Control, format and bidirectional characters (and line breaks) are shown as escapes by
    `textsafe.terminal`, quoted values longer than MAX_QUOTED characters are cut with "…",
    and the whole is cut to `limit` characters.
    """
    if len(text) > _HUGE:
        text = text[:_HUGE // 2] + "…" + text[-(_HUGE // 2):]
    if len(text) > MAX_QUOTED + 2:
        if '"' in text:
            text = _DOUBLE_QUOTED.sub(_clip, text)
        if "'" in text:
            text = _SINGLE_QUOTED.sub(_clip, text)
    if not text.isprintable():  # what a terminal acts on is all unprintable; most messages have none
        text = terminal(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _shown_path(path: str, limit: int = 120) -> str:
    """A file name for one line: escaped, and cut at the front (the end names the file)."""
    text = terminal(path[-4 * limit:])
    return text if len(text) <= limit and len(path) <= 4 * limit else "…" + text[-(limit - 1):]


@dataclass(frozen=True)
class SourceRef:
    """Where a problem is: a file, and a line/column or a JSON path inside it."""

    path: str | None = None
    line: int | None = None
    column: int | None = None
    json_path: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.path:
            parts.append(_shown_path(str(self.path)))
        if self.line is not None:
            parts.append(f"{self.line}:{self.column}" if self.column is not None else str(self.line))
        text = ":".join(parts)
        if self.json_path:
            json_path = one_line(self.json_path, 120)
            text = f"{text}: {json_path}" if text else json_path
        return text


class ArgmapError(Exception):
    """An expected failure: a message in the user's terms, a hint, and where.

    The message and the hint are kept to one line each (see `one_line`): they may quote
    anything a file holds.
    """

    def __init__(self, message: str, hint: str = "", source: SourceRef | None = None) -> None:
        message = one_line(message)
        super().__init__(message)
        self.message = message
        self.hint = one_line(hint, 2 * MAX_LINE)
        self.source = source

    def __str__(self) -> str:
        where = str(self.source) if self.source else ""
        return f"{where}: {self.message}" if where else self.message


class DocumentError(ArgmapError):
    """A file that is not a valid argmap document."""


class RuleError(ArgmapError):
    """An edit or a document that breaks a rule of the model (kinds, ranges, ids)."""


class NotFoundError(ArgmapError):
    """A node, perspective, source or link that does not exist."""


class NotConverged(ArgmapError):
    """An iterative computation that did not settle."""


class ArgdownSyntaxError(ArgmapError):
    """An Argdown file that cannot be read."""


class ExportError(ArgmapError):
    """An export that cannot be done as asked."""


@dataclass(frozen=True)
class Diagnostic:
    """A problem found in a loaded document that does not stop the load."""

    severity: Literal["error", "warning"]
    path: str
    message: str
    hint: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", one_line(self.message))
        object.__setattr__(self, "hint", one_line(self.hint, 2 * MAX_LINE))

    def __str__(self) -> str:
        return f"{one_line(self.path, 120)}: {self.message}" if self.path else self.message
