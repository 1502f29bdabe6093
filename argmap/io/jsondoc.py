"""The native file format, `*.argmap.json`: lossless reading and atomic writing."""

from __future__ import annotations

import errno
import gc
import math
import os
import re
import secrets
import stat
import time
from functools import cache
from itertools import compress
from operator import attrgetter
from pathlib import Path
from typing import Any, Callable, get_args, get_origin

try:
    import fcntl
except ImportError:  # Windows: saves are not locked, and temporary files are not cleaned up
    fcntl = None  # type: ignore[assignment]

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticSerializationError, from_json

from argmap.errors import Diagnostic, DocumentError, SourceRef
from argmap.model.document import FORMAT, VERSION, Document
from argmap.model.validation import describe, structural_problems

__all__ = ["read", "write", "loads", "dumps", "write_bytes_atomic", "remove_stale_temporaries", "schema",
           "find_non_finite", "finite", "unsavable", "MAX_BYTES", "SUFFIX"]

SUFFIX = ".argmap.json"
MAX_BYTES = 1 << 30  # 1 GiB: far above any real map, below what would exhaust memory

#: Upgrades from an older version's data to the next one: MIGRATIONS[v] turns v into v + 1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}
#: Versions whose data is already valid in the current model (later versions only added
#: optional fields): they are read by the fast, safe JSON validator and then marked current.
ADDITIVE = frozenset({1})  # 1 -> 2 added weighings, active_weighing and author


class LoadError(DocumentError):
    """A file that cannot be loaded; `problems` lists every problem found."""

    def __init__(self, message: str, path: str | None, json_path: str | None = None,
                 hint: str = "", problems: list[Diagnostic] | None = None) -> None:
        super().__init__(message, hint=hint, source=SourceRef(path=path, json_path=json_path))
        self.problems = problems or [Diagnostic("error", json_path or "", message)]


def read(path: str | os.PathLike[str]) -> Document:
    """Load a map from a file; raise DocumentError naming the file and the place."""
    name = str(path)
    p = Path(path)
    try:
        if p.is_dir():
            raise LoadError("is a folder, not a map file", name, hint="Give the path of a .argmap.json file.")
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise LoadError(f"the file is {size / 2**20:.0f} MiB; maps above {MAX_BYTES >> 20} MiB are refused", name)
        data = p.read_bytes()
    except FileNotFoundError:
        raise LoadError("no such file", name, hint="Check the path.") from None
    except PermissionError:
        raise LoadError("permission denied", name, hint="Check the file's permissions.") from None
    except OSError as exc:
        raise LoadError(f"cannot be read ({exc.strerror or exc})", name) from None
    return loads(data, name)


def loads(data: bytes | str, path: str | None = None) -> Document:
    """Parse and validate a map from bytes; `path` names it in errors."""
    enabled = gc.isenabled()
    gc.disable()  # the collector more than doubles the time of a large load
    try:
        return _loads(data, path)
    finally:
        if enabled:
            gc.enable()


def _loads(data: bytes | str, path: str | None) -> Document:
    if isinstance(data, str):
        try:
            data = data.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise LoadError(f"the text holds a lone surrogate (U+{ord(data[exc.start]):04X}) at offset {exc.start}, "
                            "which is not Unicode", path) from None
    if not data or data.isspace():  # (not `strip`, which would copy a large file)
        raise LoadError("the file is empty; expected an argmap JSON document", path)
    if b"\x00" in data[:8192]:
        raise LoadError("the file is binary, not an argmap JSON document", path)
    # The text is not decoded as a whole: the JSON parser refuses bytes that are not UTF-8,
    # and only then is the file decoded, to say so first and where.
    try:
        version = _peek_version(_head(data), path)
        if version is not None and version < VERSION and version not in ADDITIVE:
            doc = _validate_python(_migrate(_parse(data, path), version, path), path)
        else:
            doc = _validate_json(data, path)
    except LoadError:
        _check_utf8(data, path)
        raise
    if doc.version in ADDITIVE:  # the file's own version, wherever it stands in the file
        doc.version = VERSION
    bad = find_non_finite(doc, validated=True)
    if bad is not None:
        raise LoadError(_non_finite_message(bad[1]), path, bad[0],
                        hint="Give a finite number there, or remove the value to leave it unweighed.")
    problems = structural_problems(doc)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise LoadError(first.message + more, path, first.path, problems=problems)
    doc.normalize_order()
    return doc


# At most 18 digits: a longer "version" is left to the validator, which refuses it in words.
_VERSION_RE = re.compile(r'"version"\s*:\s*(-?\d{1,18})(?!\d)')
_HEAD = 1600  # bytes: at least the 400 characters in which the version is looked for


def _head(data: bytes) -> str:
    """The start of the text, enough to peek at; bytes that are not UTF-8 become U+FFFD (refused later)."""
    head = data[:_HEAD].decode("utf-8", "replace")
    if len(data) > _HEAD and head.isspace():  # a long run of white space: the first character is further on
        return data.decode("utf-8", "replace")
    return head


def _check_utf8(data: bytes, path: str | None) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LoadError(f"the file is not UTF-8 text (bad byte at offset {exc.start})", path) from None


def _peek_version(text: str, path: str | None) -> int | None:
    """Check that the text is a JSON object; return its version when it is near the start."""
    start = text.lstrip()[:1]
    if start != "{":
        if start in "[\"0123456789-tfn":
            raise LoadError("expected a JSON object with \"format\": \"argmap\"", path)
        raise LoadError("the file is not JSON (it does not start with '{')", path)
    match = _VERSION_RE.search(text, 0, 400)
    return int(match.group(1)) if match else None


def _parse(data: bytes, path: str | None) -> Any:
    """JSON data by the validator's own parser: its limits on nesting and numbers, and its errors."""
    try:
        return from_json(data)
    except ValueError as exc:
        raise _json_error(str(exc), path) from None


def _validate_json(data: bytes, path: str | None) -> Document:
    try:
        return Document.model_validate_json(data)
    except ValidationError as exc:
        raise _load_error(exc, path, data) from None


def _validate_python(obj: Any, path: str | None) -> Document:
    try:
        return Document.model_validate(obj)
    except ValidationError as exc:
        raise _load_error(exc, path, None) from None


def _migrate(obj: dict[str, Any], version: int, path: str | None) -> dict[str, Any]:
    while version < VERSION:
        if version not in MIGRATIONS:
            raise LoadError(f"{version} is not a version of the format that argmap knows", path, "version")
        obj = MIGRATIONS[version](obj)
        version += 1
        obj["version"] = version
    return obj


def _json_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _line_col(data: bytes, message: str) -> str:
    return message.split(" at line ", 1)[-1] if " at line " in message else ""


def _json_error(msg: str, path: str | None) -> LoadError:
    where = _line_col(b"", msg)
    if "EOF" in msg:
        text = f"the JSON ends early at line {where}; the file may be truncated" if where else "the JSON ends early"
    else:
        text = f"invalid JSON at line {where}: {msg.split(' at line ')[0]}" if where else f"invalid JSON: {msg}"
    return LoadError(text, path, hint="Open the file in a text editor, or restore it from a backup.")


def _load_error(exc: ValidationError, path: str | None, data: bytes | None) -> LoadError:
    errors = exc.errors(include_url=False)
    first = errors[0]
    if first["type"] == "json_invalid":
        return _json_error(first.get("ctx", {}).get("error", first["msg"]), path)
    if first["type"] == "model_type" and not first["loc"]:
        return LoadError("expected a JSON object with \"format\": \"argmap\"", path)
    problems = [Diagnostic("error", _json_path(tuple(e["loc"])), describe(e)) for e in errors]
    if first["loc"] and first["loc"][0] == "format":
        problems = [Diagnostic("error", "format", f"{problems[0].message.split(' is not')[0]} is not \"argmap\"; this is not an argmap file")]
    head = problems[0]
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return LoadError(head.message + more, path, head.path, problems=problems)


def dumps(doc: Document) -> bytes:
    """The document as UTF-8 JSON bytes, `format` and `version` first.

    A map that could not be read back is refused with DocumentError before any byte is
    made: a number that is not finite (JSON has none; it would be saved as null), text that
    is not Unicode (a lone surrogate), data nested too deeply for the reader.
    """
    bad = find_non_finite(doc)
    if bad is not None:
        raise DocumentError(_non_finite_message(bad[1]) + "; the map cannot be saved with it",
                            hint="Give a finite number there, or remove the value, then save again.",
                            source=SourceRef(json_path=bad[0]))
    # Serialised straight to bytes: a large map's text is never copied as a str.
    try:
        body = Document.__pydantic_serializer__.to_json(
            doc, indent=1, by_alias=True, exclude_defaults=True, exclude={"format", "version"})
    except PydanticSerializationError as exc:
        raise unsavable(doc, str(exc)) from None
    head = f'{{\n "format": "{FORMAT}",\n "version": {doc.version}'.encode()
    if body == b"{}":
        return head + b"\n}\n"
    return head + b"," + body[1:] + b"\n"


def write(doc: Document, path: str | os.PathLike[str]) -> None:
    """Save a map atomically: a crash mid-save leaves the old file whole."""
    try:
        data = dumps(doc)
    except DocumentError as exc:
        json_path = exc.source.json_path if exc.source else None
        raise DocumentError(exc.message, hint=exc.hint, source=SourceRef(path=str(path), json_path=json_path)) from None
    write_bytes_atomic(data, path)


# -- numbers and text that a file cannot hold ------------------------------------------------

#: How deep saved data may nest: the reader's parser stops at 200 levels, the document's own included.
MAX_DEPTH = 190
_SURROGATE = re.compile("[\ud800-\udfff]")


def _non_finite_message(value: float) -> str:
    return "NaN is not a number" if math.isnan(value) else f"{value} is not a finite number (JSON has no infinity)"


def _may_hold_float(annotation: Any) -> bool:
    if annotation is float or annotation is Any:
        return True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return get_origin(annotation) is not None and any(_may_hold_float(arg) for arg in get_args(annotation))


def _is_bounded(info: Any) -> bool:
    """A number field with a lower and an upper bound: the validator already refuses NaN and infinity there."""
    bounds = {type(m).__name__ for m in info.metadata}
    return bool(bounds & {"Ge", "Gt"}) and bool(bounds & {"Le", "Lt"})


@cache
def _float_fields(cls: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(attribute, JSON name) of a model's fields that can hold a NaN or infinity, directly or inside."""
    return tuple((name, info.alias or name) for name, info in cls.model_fields.items()
                 if _may_hold_float(info.annotation) and not _is_bounded(info))


def _may_hold_unvalidated(annotation: Any, floats: bool) -> bool:
    """Whether a field can hold data the validator takes as it is: Any, a model (its unknown fields), or a float."""
    if annotation is Any or annotation is object or (floats and annotation is float):
        return True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return get_origin(annotation) is not None and any(_may_hold_unvalidated(arg, floats) for arg in get_args(annotation))


@cache
def _unvalidated_fields(cls: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """Like `_float_fields`, leaving out numbers the validator refuses NaN and infinity in (`allow_inf_nan=False`)."""
    refused = cls.model_config.get("allow_inf_nan", True) is False
    return tuple((name, info.alias or name) for name, info in cls.model_fields.items()
                 if _may_hold_unvalidated(info.annotation, floats=not refused or any(
                     getattr(m, "allow_inf_nan", False) for m in info.metadata)))


@cache
def _getters(cls: type[BaseModel], validated: bool) -> tuple[Callable[[Any], Any], ...]:
    fields = _unvalidated_fields(cls) if validated else _float_fields(cls)
    return (attrgetter("__pydantic_extra__"), *(attrgetter(name) for name, _ in fields))


def finite(value: Any) -> Any:
    """Plain JSON data with every NaN or infinite number replaced by None (null): JSON has no such numbers."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def find_non_finite(doc: Document, *, validated: bool = False) -> tuple[str, float] | None:
    """The JSON path and value of a number in the map that is NaN or infinite, or None.

    Pydantic takes NaN, Infinity and 1e999 from JSON in unknown fields (and would in number
    fields without `allow_inf_nan=False`) and would write them back as null: such a number is
    refused on load and on save instead. `validated`: the document comes straight from the
    validator, so the number fields it checked are skipped and only what it took as it is
    (unknown fields) is searched; a document changed since may hold anything, so saving
    searches everything.
    """
    fields = _unvalidated_fields if validated else _float_fields
    # (container, where): `where` is (parent's where, key), so a path is spelled out only when needed.
    stack: list[tuple[Any, Any]] = []
    found = _scan_model(doc, None, stack, fields)
    while found is None and stack:
        value, where = stack.pop()
        if isinstance(value, BaseModel):
            found = _scan_model(value, where, stack, fields)
            continue
        kind = type(value)
        if (kind is list or kind is dict) and len(value) > _FEW:
            items = _marked(value, validated)
        else:
            items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, (list, tuple)) else ()
        for key, item in items:
            kind = type(item)
            if kind is float:
                if not math.isfinite(item):
                    return _spelled((where, key)), item
            elif isinstance(item, BaseModel):
                found = _scan_model(item, (where, key), stack, fields)
                if found is not None:
                    break
            elif item and kind is not str and kind is not int and kind is not bool:
                stack.append((item, (where, key)))
    return found


_FEW = 32  # a longer list or dict of models is first sifted in C


def _marked(value: list[Any] | dict[Any, Any], validated: bool) -> Any:
    """(key, item) of a container's items; of a list or dict of one model class, only those with something to search.

    A model with no unknown fields and no searched field that is set (empty, zero, None)
    holds no number that is not finite: a million nodes are sifted in a few passes in C.
    """
    keys = list(value) if type(value) is dict else range(len(value))
    items = list(value.values()) if type(value) is dict else value
    kinds = set(map(type, items))
    if len(kinds) != 1 or not issubclass(cls := kinds.pop(), BaseModel):
        return zip(keys, items)
    marked: set[int] = set()
    for getter in _getters(cls, validated):
        marked.update(compress(range(len(items)), map(getter, items)))
    return ((keys[i], items[i]) for i in sorted(marked))


def _scan_model(model: BaseModel, where: Any, stack: list[tuple[Any, Any]],
                fields: Callable[[type[BaseModel]], tuple[tuple[str, str], ...]]) -> tuple[str, float] | None:
    """Check a model's own float fields; put its containers (and unknown fields) on the stack."""
    values = model.__dict__
    for name, key in fields(type(model)):
        item = values[name]
        if type(item) is float:
            if not math.isfinite(item):
                return _spelled((where, key)), item
        elif item:
            stack.append((item, (where, key)))
    extra = model.__pydantic_extra__
    if extra:
        stack.append((extra, where))
    return None


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _spelled(where: Any) -> str:
    keys = []
    while where is not None:
        where, key = where
        keys.append(key)
    path = ""
    for key in reversed(keys):
        path = f"{path}[{key}]" if isinstance(key, int) else _join(path, str(key))
    return path


def unsavable(doc: Document, reason: str) -> DocumentError:
    """Why a map cannot be serialized (a lone surrogate, data nested too deeply), naming the place."""
    hint = "Change the value there, then save again."
    stack: list[tuple[str, Any, int]] = [("", doc.model_dump(by_alias=True, exclude_defaults=True), 0)]
    while stack:
        path, value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return DocumentError(f"the data is nested more than {MAX_DEPTH} levels deep; the map cannot be saved",
                                 hint=hint, source=SourceRef(json_path=path))
        if isinstance(value, str) and _SURROGATE.search(value):
            return DocumentError("the text holds a lone surrogate, which is not Unicode; the map cannot be saved",
                                 hint=hint, source=SourceRef(json_path=path))
        if isinstance(value, dict):
            for k, v in reversed(value.items()):
                if _SURROGATE.search(str(k)):
                    return DocumentError("a key holds a lone surrogate, which is not Unicode; the map cannot be saved",
                                         hint=hint, source=SourceRef(json_path=path))
                stack.append((_join(path, str(k)), v, depth + 1))
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", value[i], depth + 1) for i in range(len(value) - 1, -1, -1))
    return DocumentError(f"the map cannot be saved ({reason.splitlines()[0]})", hint=hint)


def write_bytes_atomic(data: bytes, path: str | os.PathLike[str]) -> None:
    """Write to a temporary file in the target's folder, flush, fsync, then rename over the target.

    A symlink is followed: the file it points to is replaced and the link stays a link. A file
    without write permission is refused, not replaced. The temporary file has a short name of
    its own, so a target name at the file system's length limit still saves, and it is locked
    while it is written, so that `remove_stale_temporaries` knows one left by a killed save.
    """
    name = str(path)
    target = Path(os.path.realpath(path))
    tmp_name = None
    fd = -1
    try:
        if target.is_symlink():
            raise OSError(errno.ELOOP, "too many levels of symbolic links")
        try:
            old = target.stat()
        except FileNotFoundError:
            old = None
        if old is not None and stat.S_ISREG(old.st_mode) and _is_read_only(target, old):
            raise DocumentError("is read-only", hint="Save under another name, or make the file writable first.",
                                source=SourceRef(path=name))
        fd, tmp_name = _open_temporary(target.parent)
        with os.fdopen(fd, "wb", closefd=False) as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp_name, stat.S_IMODE(old.st_mode) if old is not None else 0o666 & ~_umask())
        os.replace(tmp_name, target)
        tmp_name = None
        _fsync_dir(target.parent)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise DocumentError(f"cannot be written ({reason.lower()})", hint="Choose another folder or file name.",
                            source=SourceRef(path=name)) from None
    finally:
        if tmp_name is not None and os.path.lexists(tmp_name):
            os.unlink(tmp_name)
        if fd >= 0:
            os.close(fd)  # after the rename: until then the lock marks the temporary file as in use


#: Temporary files of `write_bytes_atomic`: ".argmap-" and 12 hex digits, whatever the target's name.
_TEMP_RE = re.compile(r"\.argmap-[0-9a-f]{12}\.tmp")
#: Those of earlier versions: ".<target name>.<8 characters>.tmp", never locked.
_OLD_TEMP_RE = re.compile(r"\..+\.(json|argdown|ad|md|svg)\.[a-z0-9_]{8}\.tmp")
_OLD_TEMP_AGE = 3600.0  # seconds without a write after which such a file's save is taken as dead
_OPEN_FLAGS = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)


def _is_read_only(path: Path, st: os.stat_result) -> bool:
    # The mode bits count even for root, who could write anyway: like an editor, we do not
    # replace a file its owner marked read-only.
    return not st.st_mode & 0o222 or not os.access(path, os.W_OK)


def _lock(fd: int) -> bool | None:
    """Lock an open file without waiting: True if locked, False if another holder has it, None if unsupported."""
    if fcntl is None:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        return None  # a file system without locks (some network mounts)
    return True


def _open_temporary(folder: Path) -> tuple[int, str]:
    """Create, open and lock a new temporary file in `folder`; return its descriptor and path."""
    for _ in range(100):
        name = os.path.join(folder, f".argmap-{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(name, os.O_RDWR | os.O_CREAT | os.O_EXCL | _OPEN_FLAGS, 0o600)
        except FileExistsError:
            continue
        # A cleaner may have taken the file between its creation and our lock: then it
        # removes it (or already has), and we start again under a new name.
        if _lock(fd) is False or os.fstat(fd).st_nlink == 0:
            os.close(fd)
            continue
        return fd, name
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file")


def remove_stale_temporaries(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove the temporary files that saves killed mid-write left in `folder`; return their paths.

    Only files named like argmap's temporary files are touched, and only when no running
    save holds them (their lock is free; for unlocked ones of earlier versions, an hour old).
    """
    removed: list[Path] = []
    if fcntl is None:
        return removed
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        is_new = bool(_TEMP_RE.fullmatch(entry.name))
        if not is_new and not _OLD_TEMP_RE.fullmatch(entry.name):
            continue
        try:
            fd = os.open(entry.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | _OPEN_FLAGS)
        except OSError:
            continue
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or _lock(fd) is not True:
                continue
            if not is_new and now - st.st_mtime < _OLD_TEMP_AGE:
                continue
            here = os.stat(entry.path, follow_symlinks=False)
            if (here.st_dev, here.st_ino) != (st.st_dev, st.st_ino):
                continue  # replaced since we opened it
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            continue
        finally:
            os.close(fd)
    return removed


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems do not support fsync on folders; the rename is still atomic
    finally:
        os.close(fd)


def schema() -> dict[str, Any]:
    """The JSON Schema of the file format, generated from the model."""
    out = Document.model_json_schema(by_alias=True, mode="validation")
    out["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    out["title"] = "argmap document"
    return out
