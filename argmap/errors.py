"""Errors the user sees, and diagnostics that do not stop a load."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
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
            parts.append(str(self.path))
        if self.line is not None:
            parts.append(f"{self.line}:{self.column}" if self.column is not None else str(self.line))
        text = ":".join(parts)
        if self.json_path:
            text = f"{text}: {self.json_path}" if text else self.json_path
        return text


class ArgmapError(Exception):
    """An expected failure: a message in the user's terms, a hint, and where."""

    def __init__(self, message: str, hint: str = "", source: SourceRef | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
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

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message
