"""The native file format, `*.argmap.json`: lossless reading and atomic writing."""

from __future__ import annotations

import gc
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any, Callable

from pydantic import ValidationError

from argmap.errors import Diagnostic, DocumentError, SourceRef
from argmap.model.document import FORMAT, VERSION, Document
from argmap.model.rules import structural_problems
from argmap.model.validation import describe

__all__ = ["read", "write", "loads", "dumps", "write_bytes_atomic", "schema", "MAX_BYTES", "SUFFIX"]

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
        data = data.encode("utf-8")
    if not data.strip():
        raise LoadError("the file is empty; expected an argmap JSON document", path)
    if b"\x00" in data[:8192]:
        raise LoadError("the file is binary, not an argmap JSON document", path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LoadError(f"the file is not UTF-8 text (bad byte at offset {exc.start})", path) from None
    version = _peek_version(text, path)
    if version is not None and version < VERSION and version not in ADDITIVE:
        doc = _validate_python(_migrate(json.loads(text), version, path), path)
    else:
        doc = _validate_json(data, path)
        if version in ADDITIVE:
            doc.version = VERSION
    problems = structural_problems(doc)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise LoadError(first.message + more, path, first.path, problems=problems)
    doc.normalize_order()
    return doc


_VERSION_RE = re.compile(r'"version"\s*:\s*(-?\d+)')


def _peek_version(text: str, path: str | None) -> int | None:
    """Check that the text is a JSON object; return its version when it is near the start."""
    start = text.lstrip()[:1]
    if start != "{":
        if start in "[\"0123456789-tfn":
            raise LoadError("expected a JSON object with \"format\": \"argmap\"", path)
        raise LoadError("the file is not JSON (it does not start with '{')", path)
    match = _VERSION_RE.search(text, 0, 400)
    return int(match.group(1)) if match else None


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


def _load_error(exc: ValidationError, path: str | None, data: bytes | None) -> LoadError:
    errors = exc.errors(include_url=False)
    first = errors[0]
    if first["type"] == "json_invalid":
        msg = first.get("ctx", {}).get("error", first["msg"])
        where = _line_col(data or b"", msg)
        if "EOF" in msg:
            text = f"the JSON ends early at line {where}; the file may be truncated" if where else "the JSON ends early"
        else:
            text = f"invalid JSON at line {where}: {msg.split(' at line ')[0]}" if where else f"invalid JSON: {msg}"
        return LoadError(text, path, hint="Open the file in a text editor, or restore it from a backup.")
    if first["type"] == "model_type" and not first["loc"]:
        return LoadError("expected a JSON object with \"format\": \"argmap\"", path)
    problems = [Diagnostic("error", _json_path(tuple(e["loc"])), describe(e)) for e in errors]
    if first["loc"] and first["loc"][0] == "format":
        problems = [Diagnostic("error", "format", f"{problems[0].message.split(' is not')[0]} is not \"argmap\"; this is not an argmap file")]
    head = problems[0]
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return LoadError(head.message + more, path, head.path, problems=problems)


def dumps(doc: Document) -> bytes:
    """The document as UTF-8 JSON bytes, `format` and `version` first."""
    # Serialised straight to bytes: a large map's text is never copied as a str.
    body = Document.__pydantic_serializer__.to_json(
        doc, indent=1, by_alias=True, exclude_defaults=True, exclude={"format", "version"})
    head = f'{{\n "format": "{FORMAT}",\n "version": {doc.version}'.encode()
    if body == b"{}":
        return head + b"\n}\n"
    return head + b"," + body[1:] + b"\n"


def write(doc: Document, path: str | os.PathLike[str]) -> None:
    """Save a map atomically: a crash mid-save leaves the old file whole."""
    write_bytes_atomic(dumps(doc), path)


def write_bytes_atomic(data: bytes, path: str | os.PathLike[str]) -> None:
    """Write to a temporary file in the same folder, flush, fsync, then rename over `path`."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp_name, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp_name, 0o666 & ~_umask())
        os.replace(tmp_name, target)
        tmp_name = None
        _fsync_dir(folder)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise DocumentError(f"cannot be written ({reason.lower()})", hint="Choose another folder or file name.",
                            source=SourceRef(path=str(path))) from None
    finally:
        if tmp_name is not None and os.path.exists(tmp_name):
            os.unlink(tmp_name)


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
