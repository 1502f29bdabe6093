"""Reading and writing maps in text formats (no Qt); one module per format."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from argmap.errors import ArgmapError, SourceRef

__all__ = ["FORMATS", "module_for", "read", "write"]

#: File suffix -> module (under argmap.io) with `read(path)` and/or `write(doc, path)`.
FORMATS: dict[str, str] = {
    ".argmap.json": "jsondoc",
    ".json": "jsondoc",
    ".argdown": "argdown",
    ".ad": "argdown",
    ".md": "markdown",
}


def module_for(path: str | Path) -> ModuleType:
    """The io module for a file name, by its suffix (longest match first)."""
    name = Path(path).name.lower()
    for suffix in sorted(FORMATS, key=len, reverse=True):
        if name.endswith(suffix):
            return importlib.import_module(f"argmap.io.{FORMATS[suffix]}")
    known = ", ".join(sorted(FORMATS))
    raise ArgmapError(f"unknown file type; expected one of {known}", source=SourceRef(path=str(path)))


def read(path: str | Path):
    """Read a map in whatever text format its suffix names."""
    module = module_for(path)
    if not hasattr(module, "read"):
        raise ArgmapError("this format can be written but not read", source=SourceRef(path=str(path)))
    return module.read(path)


def write(doc, path: str | Path) -> None:
    """Write a map in whatever text format its suffix names."""
    module = module_for(path)
    if not hasattr(module, "write"):
        raise ArgmapError("this format can be read but not written", source=SourceRef(path=str(path)))
    module.write(doc, path)
