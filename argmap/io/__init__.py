"""Reading and writing maps in text formats (no Qt); one module per format."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from types import ModuleType

from argmap.errors import ArgmapError, Diagnostic, DocumentError, SourceRef

__all__ = ["FORMATS", "NAMES", "detect", "module_for", "read", "read_with_diagnostics", "write"]

#: File suffix -> module (under argmap.io) with `read(path)` and/or `write(doc, path)`.
FORMATS: dict[str, str] = {
    ".argmap.json": "jsondoc",
    ".aif.json": "aif",
    ".json": "jsondoc",
    ".argdown": "argdown",
    ".ad": "argdown",
    ".md": "markdown",
    ".txt": "kialo",
    ".graphml": "graphml",
    ".dot": "dot",
    ".gv": "dot",
    ".csv": "csvdoc",
}
#: Format name (what `detect` returns) -> (module, what to call it in a message).
NAMES: dict[str, tuple[str, str]] = {
    "argmap": ("jsondoc", "argmap JSON"),
    "aif": ("aif", "AIF JSON"),
    "kialo": ("kialo", "a Kialo export"),
    "argdown": ("argdown", "Argdown"),
    "markdown": ("markdown", "Markdown"),
    "graphml": ("graphml", "GraphML"),
    "dot": ("dot", "Graphviz DOT"),
    "csv": ("csvdoc", "CSV"),
}
#: Output suffixes of the formats made for other tools (longest first), and their format names.
DATA_SUFFIXES = {".aif.json": "aif", ".graphml": "graphml", ".dot": "dot", ".gv": "dot", ".csv": "csv"}
_BY_MODULE = {module: name for name, (module, _) in NAMES.items()}
#: How much of a file `detect` looks at.
_HEAD = 1 << 16
_FIRST_KEY = re.compile(r'^\s*\{\s*"((?:[^"\\]|\\.)*)"')
_ARGMAP_KEYS = frozenset({"format", "version", "title", "description", "question", "sources", "perspectives"})


def module_for(path: str | Path) -> ModuleType:
    """The io module for a file name, by its suffix (longest match first)."""
    name = Path(path).name.lower()
    for suffix in sorted(FORMATS, key=len, reverse=True):
        if name.endswith(suffix):
            return importlib.import_module(f"argmap.io.{FORMATS[suffix]}")
    known = ", ".join(sorted(FORMATS))
    raise ArgmapError(f"unknown file type; expected one of {known}", source=SourceRef(path=str(path)))


def _by_suffix(path: str | Path) -> str | None:
    name = Path(path).name.lower()
    for suffix in sorted(FORMATS, key=len, reverse=True):
        if name.endswith(suffix):
            return _BY_MODULE[FORMATS[suffix]]
    return None


def detect(path: str | Path) -> str:
    """The format of a file to read, by its content where it tells, else by its suffix.

    JSON is argmap's own format when its first key is one of the document's (argmap writes
    "format" first) and AIF when it holds AIF nodes ("nodeID"), at the top or under "AIF";
    text is a Kialo export when it starts with "Discussion Title:" or a claim "1. ...";
    anything else goes by its suffix (Argdown, and the formats argmap only writes).
    """
    suffix_format = _by_suffix(path)
    if suffix_format in ("argdown", "markdown", "graphml", "dot", "csv"):
        return suffix_format
    try:
        with open(path, "rb") as f:
            head = f.read(_HEAD)
    except OSError:
        if suffix_format is None:
            raise DocumentError("unknown file type", source=SourceRef(str(path))) from None
        return suffix_format  # the reader says what is wrong with the file
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    if text.lstrip().startswith("{"):
        first = _FIRST_KEY.match(text)
        key = first.group(1) if first else ""
        if key in ("AIF", "aif") or (key not in _ARGMAP_KEYS and '"nodeID"' in text):
            return "aif"
        return "argmap"
    from argmap.io.kialo import is_kialo

    if is_kialo(text):
        return "kialo"
    if suffix_format is None:
        if re.search(r"^\s*(\[[^\]\n]+\]|<[^>\n]+>)\s*:", text, re.MULTILINE):
            return "argdown"  # a statement or argument definition, as Argdown writes them
        known = ", ".join(sorted(FORMATS))
        raise DocumentError(f"cannot tell what kind of map file this is; expected one of {known}",
                            source=SourceRef(str(path)))
    return suffix_format


def read_with_diagnostics(path: str | Path) -> tuple[object, list[Diagnostic]]:
    """Read a map in whatever format `detect` finds, with warnings from importers that give them."""
    fmt = detect(path)
    module = importlib.import_module(f"argmap.io.{NAMES[fmt][0]}")
    if hasattr(module, "read_with_diagnostics"):
        return module.read_with_diagnostics(path)
    if not hasattr(module, "read"):
        raise ArgmapError(f"{NAMES[fmt][1]} can be written but not read", source=SourceRef(path=str(path)))
    return module.read(path), []


def read(path: str | Path):
    """Read a map in whatever format `detect` finds (warnings dropped)."""
    return read_with_diagnostics(path)[0]


def write(doc, path: str | Path) -> None:
    """Write a map in whatever text format its suffix names."""
    module = module_for(path)
    if not hasattr(module, "write"):
        raise ArgmapError("this format can be read but not written", source=SourceRef(path=str(path)))
    module.write(doc, path)


def data_format(path: str | Path) -> str | None:
    """The format for other tools an output name asks for (aif, graphml, dot, csv), or None."""
    name = Path(path).name.lower()
    for suffix in sorted(DATA_SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix):
            return DATA_SUFFIXES[suffix]
    return None


def write_data(doc, path: str | Path, fmt: str | None = None) -> str:
    """Write `doc` for other tools in the format `path` names; returns a one-line description."""
    fmt = fmt or data_format(path)
    relations = sum(1 for n in doc.nodes if n.parent is not None) + len(doc.links)
    if fmt == "aif":
        from argmap.io import aif

        aif.write(doc, path)
        return f"{path}: AIF JSON, {len(doc.nodes)} I-nodes, {relations} relations"
    if fmt == "graphml":
        from argmap.io import graphml

        graphml.write(doc, path)
        return f"{path}: GraphML, {len(doc.nodes)} nodes, {relations} edges"
    if fmt == "dot":
        from argmap.io import dot

        dot.write(doc, path)
        return f"{path}: Graphviz DOT, {len(doc.nodes)} nodes, {relations} edges"
    if fmt == "csv":
        from argmap.io import csvdoc

        nodes_path, links_path = csvdoc.write(doc, path)
        return f"{nodes_path}, {links_path}: CSV, {len(doc.nodes)} nodes and {relations} links"
    raise ArgmapError(f"'{Path(path).name}' names no format for other tools",
                      hint="End the name with " + ", ".join(DATA_SUFFIXES) + ".", source=SourceRef(str(path)))
