"""The undo history kept beside a recovery file, so a restored map can still be undone step by step.

Edits are frozen dataclasses of plain values and model objects, so each undo step is kept as
its edit and its inverse, written as JSON that names their classes. Reading back is guarded:
only classes from `argmap.model` are rebuilt, a history is used only with the map it was
written with (the SHA-256 of the map file), and only as far back as its inverses apply to
that map. Steps that cannot be kept (an edit of another kind, a history over the size
budget) cut the history there: the newest steps are kept, the older ones are lost.
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from PySide6.QtGui import QUndoCommand, QUndoStack

from argmap.gui.commands import EditCommand
from argmap.gui.session import Session
from argmap.io import jsondoc
from argmap.model import edits as E

__all__ = ["Step", "HistoryWriter", "read_steps", "applicable", "restore", "MAX_BYTES"]

FORMAT = "argmap-history"
VERSION = 1
#: The most a history takes in the recovery folder; older steps beyond it are dropped.
MAX_BYTES = 16 << 20
_MODULE_PREFIX = "argmap.model."


@dataclass(frozen=True)
class Step:
    """One undo step: its menu text, the edit that was done, and the edit that undoes it."""

    text: str
    edit: Any
    inverse: Any


class _Unkeepable(Exception):
    """A value the history format cannot hold."""


def _class_name(cls: type) -> str:
    if not cls.__module__.startswith(_MODULE_PREFIX):
        raise _Unkeepable(cls.__qualname__)
    return f"{cls.__module__}:{cls.__qualname__}"


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)) and not isinstance(value, enum.Enum):
        return value
    if isinstance(value, enum.Enum):
        return {"$enum": _class_name(type(value)), "value": _encode(value.value)}
    if isinstance(value, tuple):
        return {"$tuple": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {"$dict": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, BaseModel):
        return {"$model": _class_name(type(value)), "json": value.model_dump_json(by_alias=True)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return {"$data": _class_name(type(value)), "fields": fields}
    raise _Unkeepable(type(value).__qualname__)


def _resolve(name: Any, base: type) -> type:
    if not isinstance(name, str) or ":" not in name:
        raise _Unkeepable(repr(name)[:80])
    module_name, qualname = name.split(":", 1)
    if not module_name.startswith(_MODULE_PREFIX):
        raise _Unkeepable(module_name[:80])
    try:
        obj: Any = importlib.import_module(module_name)
        for part in qualname.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError):
        raise _Unkeepable(name[:80]) from None
    if not isinstance(obj, type) or not issubclass(obj, base):
        raise _Unkeepable(name[:80])
    return obj


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "$tuple" in value:
        return tuple(_decode(v) for v in value["$tuple"])
    if "$dict" in value:
        return {_decode(k): _decode(v) for k, v in value["$dict"]}
    if "$enum" in value:
        return _resolve(value["$enum"], enum.Enum)(_decode(value["value"]))
    if "$model" in value:
        return _resolve(value["$model"], BaseModel).model_validate_json(value["json"])
    if "$data" in value:
        cls = _resolve(value["$data"], object)
        if not dataclasses.is_dataclass(cls) or not callable(getattr(cls, "apply", None)):
            raise _Unkeepable(value["$data"][:80])
        return cls(**{str(k): _decode(v) for k, v in value["fields"].items()})
    raise _Unkeepable("an object of unknown kind")


def _step_of(command: QUndoCommand) -> Step:
    """The step an undo command holds: one edit, or a macro of several as one batch."""
    if isinstance(command, EditCommand):
        return Step(command.text(), command.edit, command.inverse)
    children = [command.child(i) for i in range(command.childCount())]
    if not children or not all(isinstance(c, EditCommand) for c in children):
        raise _Unkeepable(type(command).__qualname__)
    edit = E.Batch(tuple(c.edit for c in children))
    inverse = E.Batch(tuple(c.inverse for c in reversed(children)))
    return Step(command.text(), edit, inverse)


def _same(a: Any, b: Any) -> bool:
    # Edits are immutable: the same object holds the same values. A macro's batch is made
    # anew each time, so it is compared by value.
    return a is b or (isinstance(b, E.Batch) and a == b)


class HistoryWriter:
    """Encodes an undo stack's done steps; a step already encoded is not encoded again."""

    def __init__(self) -> None:
        # id(command) -> (edit, inverse, text, encoded, command): the command is kept so its id stays its own.
        self._cache: dict[int, tuple[Any, Any, str, str, QUndoCommand]] = {}

    def encode(self, stack: QUndoStack, digest: str) -> bytes:
        """The history file's bytes for the steps below the stack's index, for the map with this digest."""
        kept: list[str] = []
        size = 0
        cache: dict[int, tuple[Any, Any, str, str, QUndoCommand]] = {}
        for i in range(stack.index() - 1, -1, -1):
            command = stack.command(i)
            try:
                step = _step_of(command)
                hit = self._cache.get(id(command))
                if hit and hit[2] == step.text and _same(hit[0], step.edit) and _same(hit[1], step.inverse):
                    text = hit[3]
                else:
                    text = json.dumps({"text": step.text, "edit": _encode(step.edit),
                                       "inverse": _encode(step.inverse)}, ensure_ascii=False)
            except (_Unkeepable, ValueError, TypeError):
                break
            size += len(text) + 2
            if size > MAX_BYTES:
                break
            cache[id(command)] = (step.edit, step.inverse, step.text, text, command)
            kept.append(text)
        self._cache = cache
        head = json.dumps({"format": FORMAT, "version": VERSION, "document": digest})
        return (head[:-1] + ', "steps": [\n' + ",\n".join(reversed(kept)) + "\n]}\n").encode("utf-8")


def read_steps(data: bytes, digest: str) -> list[Step]:
    """The steps of a history file written for the map with this digest (oldest first).

    A history of another map, or one that cannot be read, gives no steps; a step that cannot
    be rebuilt drops it and all older ones.
    """
    try:
        info = json.loads(data)
    except (ValueError, RecursionError):
        return []
    if not isinstance(info, dict) or info.get("format") != FORMAT or info.get("version") != VERSION:
        return []
    if info.get("document") != digest or not isinstance(info.get("steps"), list):
        return []
    steps: list[Step] = []
    for raw in reversed(info["steps"]):
        try:
            step = Step(str(raw["text"]), _decode(raw["edit"]), _decode(raw["inverse"]))
        except (_Unkeepable, KeyError, TypeError, ValueError, RecursionError):
            break
        steps.append(step)
    steps.reverse()
    return steps


def applicable(steps: list[Step], data: bytes) -> list[Step]:
    """The newest steps whose inverses undo, one after another, the map saved as `data`."""
    try:
        doc = jsondoc.loads(data)
    except Exception:  # noqa: BLE001 - a map that does not load has no history to check
        return []
    count = 0
    for step in reversed(steps):
        try:
            step.inverse.apply(doc)
        except Exception:  # noqa: BLE001 - any failure ends the usable history here
            break
        count += 1
    return steps[len(steps) - count:]


def restore(session: Session, steps: list[Step]) -> None:
    """Put steps on the session's undo stack as done, so Undo takes them back one by one."""
    for step in steps:
        session.undo_stack.push(EditCommand(session, step.edit, step.inverse, step.text))
