"""argmap never writes what it cannot read.

Any map that loads or imports, saved in every text format argmap reads (JSON, Argdown,
AIF) and read back, loads again as the same map, or the save is refused with one clean
line before anything is written. Markdown is written but not read, so it is not in the
loop; the exports for other tools (GraphML, DOT, CSV) are checked to be well formed
(GraphML parses as XML, every CSV row has the header's columns and no cell a spreadsheet
would run, DOT is a statement per line and reads in Graphviz) or refused the same way.
"""

from __future__ import annotations

import csv
import io
import math
import random
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any, Callable

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from argmap.errors import ArgmapError
from argmap.io import aif, argdown, csvdoc, dot, graphml, jsondoc, kialo
from argmap.model.document import (
    Citation,
    Document,
    ImpactScale,
    Kind,
    Link,
    LinkKind,
    Node,
    NodeValues,
    Perspective,
    Source,
    ViewSettings,
    Weighing,
)
from argmap.model.rules import structural_problems
from benchmarks.fuzz import corpus, mutate

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
RAW = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\ufeff]")
#: (name, file suffix, write, read) of every text format argmap both writes and reads.
FORMATS: list[tuple[str, str, Callable[[Document, Path], None], Callable[[Path], Document]]] = [
    ("json", ".argmap.json", jsondoc.write, jsondoc.read),
    ("argdown", ".argdown", argdown.write, argdown.read),
    ("aif", ".aif.json", aif.write, aif.read),
]
PROPERTY = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def assert_saves_and_reads_back(doc: Document) -> None:
    """Save `doc` in every format: each reads back equal, or is refused in one line with no file left."""
    expected = doc.model_copy(deep=True)
    expected.invalidate()
    expected.normalize_order()  # the native reader numbers siblings 0, 1, ...
    with tempfile.TemporaryDirectory() as folder:
        for name, suffix, write, read in FORMATS:
            path = Path(folder) / f"map{suffix}"
            try:
                write(doc, path)
            except ArgmapError as err:
                text = str(err)
                assert not RAW.search(text) and len(text) <= 400, f"{name}: {text!r}"
                assert text.startswith(f"{path}:"), f"{name}: {text!r}"
                assert not path.exists() and list(Path(folder).iterdir()) == [], f"{name}: a refused save left files"
                continue
            back = read(path)
            # JSON and AIF number siblings 0, 1, ...; an Argdown import keeps its numbers
            assert back == (doc if name == "argdown" else expected), f"{name}: the map read back differs"
            path.unlink()
    assert_exports_are_well_formed(doc)


# -- exports for other tools --------------------------------------------------------------------

_QUOTED = r'"(?:[^"\\\n\r]|\\.)*"'
_DOT_LINES = [re.compile(p) for p in (
    rf"digraph {_QUOTED} {{",
    r'  graph \[rankdir=TB, charset="UTF-8"\];',
    r'  node \[shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10\];',
    r'  edge \[color="#78909c", arrowsize=0.7\];',
    rf'  n\d+ \[label={_QUOTED}, fillcolor="#[0-9a-f]{{6}}", tooltip={_QUOTED}\];',
    r"  n\d+ -> n\d+;",
    rf'  n\d+ -> n\d+ \[label={_QUOTED}, color="#[0-9a-f]{{6}}", fontcolor="#[0-9a-f]{{6}}", style=\w+, constraint=false\];',
    r"}")]
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _relations(doc: Document) -> int:
    ids = {n.id for n in doc.nodes}
    return sum(1 for n in doc.nodes if n.parent in ids) + sum(1 for ln in doc.links if ln.source in ids and ln.target in ids)


def check_graphml(doc: Document, path: Path) -> None:
    root = ET.fromstring(path.read_bytes())  # well-formed XML, or ParseError
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    graph = root.find(f"{ns}graph")
    assert graph is not None and len(graph.findall(f"{ns}node")) == len(doc.nodes)
    assert len(graph.findall(f"{ns}edge")) == _relations(doc)


def check_dot(doc: Document, path: Path) -> None:
    lines = path.read_text(encoding="utf-8").removesuffix("\n").split("\n")  # (not splitlines: U+2028 is text)
    for line in lines:
        assert any(p.fullmatch(line) for p in _DOT_LINES), f"not a DOT statement argmap writes: {line[:200]!r}"
    assert lines[0].startswith("digraph ") and lines[-1] == "}"
    assert sum(1 for line in lines if re.match(r"  n\d+ \[", line)) == len(doc.nodes)
    assert sum(1 for line in lines if re.match(r"  n\d+ -> n\d+[;\s]", line)) == _relations(doc)


def check_csv(doc: Document, path: Path) -> None:
    nodes_path, links_path = csvdoc.paths_for(path)
    for table, rows_expected in ((nodes_path, len(doc.nodes)), (links_path, None)):
        rows = list(csv.reader(io.StringIO(table.read_bytes().decode("utf-8"), newline="")))
        header, body = rows[0], rows[1:]
        assert all(len(row) == len(header) for row in body), f"{table.name}: a row without the header's columns"
        if rows_expected is not None:
            assert len(body) == rows_expected
        for row in body:
            for cell in row:
                if cell.startswith(_FORMULA):  # only a number may start so; text gets a leading apostrophe
                    float(cell)


#: (name, file suffix, write, check) of every export for other tools.
EXPORTS: list[tuple[str, str, Callable[[Document, Path], Any], Callable[[Document, Path], None]]] = [
    ("graphml", ".graphml", graphml.write, check_graphml),
    ("dot", ".dot", dot.write, check_dot),
    ("csv", ".csv", csvdoc.write, check_csv),
]


def assert_exports_are_well_formed(doc: Document) -> None:
    """Export `doc` for other tools: each file is well formed, or the export is refused in one line with no file left."""
    with tempfile.TemporaryDirectory() as folder:
        for name, suffix, write, check_file in EXPORTS:
            path = Path(folder) / f"map{suffix}"
            try:
                write(doc, path)
            except ArgmapError as err:
                text = str(err)
                assert not RAW.search(text) and len(text) <= 400, f"{name}: {text!r}"
                assert text.startswith(f"{path}:"), f"{name}: {text!r}"
                assert list(Path(folder).iterdir()) == [], f"{name}: a refused export left files"
                continue
            check_file(doc, path)
            for made in Path(folder).iterdir():
                made.unlink()


# -- generated maps ---------------------------------------------------------------------------

_ODD = ["\x00", "\x07", "\x1b[31m", "\t", "\n", "\r", "\x85", "\u2028", "\u2029", "\u200b", "\u200e", "\u202e",
        "\u2066", "\ufeff", "\ufffe", "\uffff", "🎉", "\U0001fae8", "👩\u200d👩\u200d👧", "é", "e\u0301", "你", "ع",
        "שָׁלוֹם", "[", "]", "<", ">", "{", "}", "#", "@", "\\", "/", "//", "/*", "==", "===", "---", ".y.", ":smile:",
        "+ ", "- ", "<+ ", "(1) ", "*", "_", "'", '"', ":", ",", " ", "  "]
_TEXT = st.lists(st.sampled_from(_ODD) | st.text(max_size=4), max_size=8).map("".join)
_ID = st.lists(st.sampled_from(_ODD) | st.text(min_size=1, max_size=4), min_size=1, max_size=6).map("".join)
_FINITE = st.floats(allow_nan=False, allow_infinity=False)
_ODD_NUMBER = st.sampled_from([math.nan, math.inf, -math.inf])
_EXTRA_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | _FINITE | _TEXT,
                             lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
                             max_leaves=8)
_EXTRA = st.dictionaries(st.sampled_from(["x", "since", "by", "link", "link_data", "weight", "meta"]),
                         _EXTRA_VALUES, max_size=2)


@st.composite
def maps(draw: Any) -> Document:
    """A structurally sound map (it would load) with odd text, numbers and unknown fields anywhere."""
    count = draw(st.integers(1, 8))
    ids = draw(st.lists(_ID, min_size=count, max_size=count, unique=True))
    pids = draw(st.lists(_ID, max_size=2, unique=True))
    nodes = []
    for i, node_id in enumerate(ids):
        fields: dict[str, Any] = {
            "id": node_id, "kind": draw(st.sampled_from(list(Kind))),
            "parent": draw(st.sampled_from(ids[:i])) if i and draw(st.integers(0, 5)) else None,
            "text": draw(_TEXT), "title": draw(st.none() | _TEXT), "note": draw(_TEXT),
            "order": draw(st.integers(-3, 3)), "tags": draw(st.lists(_ID, max_size=2, unique=True)),
            "likelihood": draw(st.none() | st.floats(0, 1)), "strength": draw(st.none() | st.floats(0, 1)),
            "remainder": draw(st.booleans()),
            "impact": draw(st.dictionaries(st.sampled_from(pids) if pids else _ID, _FINITE, max_size=2)),
        }
        if draw(st.booleans()):
            fields["citations"] = [Citation(source="s", quote=draw(_ID), start=draw(st.none() | st.integers(0, 9)))]
        fields.update(draw(_EXTRA))
        nodes.append(Node.model_validate(fields))
    links = [Link.model_validate({"from": a, "to": b, "kind": k, **extra}) for a, b, k, extra in draw(st.lists(
        st.tuples(st.sampled_from(ids), st.sampled_from(ids), st.sampled_from(list(LinkKind)), _EXTRA), max_size=3))]
    weighings = [Weighing(id=draw(_ID), name=draw(_TEXT), values={
        ids[0]: NodeValues(likelihood=draw(st.none() | st.floats(0, 1)))})] if draw(st.booleans()) else []
    doc = Document.model_validate({
        "title": draw(_TEXT), "description": draw(_TEXT), "author": draw(_TEXT),
        "question": draw(st.none() | st.sampled_from(ids)),
        "nodes": draw(st.permutations(nodes)), "links": links, "weighings": weighings,
        "perspectives": [Perspective(id=p, name=draw(_TEXT), weight=draw(st.floats(0, 1e6))) for p in pids],
        "sources": [Source(id="s", title=draw(_TEXT), text=draw(st.none() | _TEXT))],
        "impact_scale": ImpactScale(min=draw(_FINITE), max=draw(_FINITE), unit=draw(_TEXT)),
        "view": ViewSettings(fold=draw(st.none() | st.integers(1, 99)), collapsed=draw(st.lists(_ID, max_size=2))),
        "tour": draw(st.lists(st.sampled_from(ids), max_size=3)),
        **draw(_EXTRA),
    })
    return doc


@PROPERTY
@given(maps())
def test_any_sound_map_saves_in_every_format_and_reads_back(doc):
    assume(not structural_problems(doc))
    assert_saves_and_reads_back(doc)


@st.composite
def maps_an_edit_or_an_escape_broke(draw: Any) -> Document:
    """A sound map given what no file can hold: a NaN or infinite number, or a lone surrogate.

    The model refuses such numbers on assignment; they are put in around its validation, as a
    map built without it (or by a bug) would hold them.
    """
    doc = draw(maps())
    node = draw(st.sampled_from(doc.nodes))
    broken = draw(st.sampled_from(["impact", "text", "tag", "extra", "weight", "scale"]))
    surrogate = chr(draw(st.integers(0xD800, 0xDFFF)))
    if broken == "impact":
        node.__dict__["impact"] = {**node.impact, "p": draw(_ODD_NUMBER)}
    elif broken == "text":
        node.text = node.text + surrogate
    elif broken == "tag":
        node.tags = [*node.tags, surrogate]
    elif broken == "extra":
        node.__pydantic_extra__["x"] = draw(_ODD_NUMBER | st.just(surrogate))
    elif broken == "weight":
        doc.perspectives = [*doc.perspectives, Perspective.model_construct(id="p-inf", name="P", weight=math.inf,
                                                                            color="#808080")]
    else:
        doc.impact_scale.__dict__["max"] = draw(_ODD_NUMBER)
    return doc


@PROPERTY
@given(maps_an_edit_or_an_escape_broke())
def test_a_map_no_file_can_hold_is_refused_before_anything_is_written(doc):
    assume(not structural_problems(doc))
    with tempfile.TemporaryDirectory() as folder:
        for name, suffix, write, _read in FORMATS:
            path = Path(folder) / f"map{suffix}"
            try:
                write(doc, path)
            except ArgmapError as err:
                assert not RAW.search(str(err)) and str(err).startswith(f"{path}:"), f"{name}: {err}"
            else:
                raise AssertionError(f"{name}: a map with NaN, infinity or a lone surrogate was saved")
            assert list(Path(folder).iterdir()) == [], f"{name}: a refused save left files"


# -- the fuzz corpus --------------------------------------------------------------------------


@cache
def seeds(fmt: str) -> tuple[Any, ...]:
    return tuple(corpus(fmt))


def _loaded(fmt: str, data: Any) -> Document | None:
    try:
        if fmt == "json":
            return jsondoc.loads(data)
        if fmt == "aif":
            return aif.loads(data)
        if fmt == "kialo":
            return kialo.loads(data)
        return argdown.loads(data)
    except ArgmapError:
        return None


def test_every_map_of_the_fuzz_corpus_saves_and_reads_back():
    loaded = [doc for fmt in ("json", "argdown", "aif", "kialo") for data in seeds(fmt)
              if (doc := _loaded(fmt, data)) is not None]
    assert len(loaded) >= 40
    for doc in loaded:
        assert_saves_and_reads_back(doc)


@PROPERTY
@given(st.sampled_from(["json", "argdown", "aif", "kialo"]), st.integers(0, 2**32 - 1), st.integers(0, 2**16))
def test_mutated_maps_that_load_save_and_read_back(fmt, seed, pick):
    doc = _loaded(fmt, mutate(fmt, seeds(fmt)[pick % len(seeds(fmt))], random.Random(seed)))
    assume(doc is not None)
    assert_saves_and_reads_back(doc)


def test_a_link_to_nothing_is_refused_by_the_aif_export_before_anything_is_written(tmp_path):
    doc = jsondoc.read(HOSTILE / "link-to-nothing.argmap.json")  # such a map loads; AIF edges join two nodes
    path = tmp_path / "map.aif.json"
    try:
        aif.write(doc, path)
    except ArgmapError as err:
        assert str(err) == (f"{path}: links[0].to: 'gone' is not the id of any node; AIF cannot hold a link to or "
                            "from nothing")
    else:
        raise AssertionError("a link AIF cannot hold was exported (and lost on reading back)")
    assert list(tmp_path.iterdir()) == []
    assert_saves_and_reads_back(doc)  # JSON and Argdown keep it; the exports for other tools leave it out


def test_graphviz_reads_every_dot_export_of_the_fuzz_corpus(tmp_path):
    exe = shutil.which("dot")
    maps = [doc for fmt in ("json", "aif", "kialo") for data in seeds(fmt)[:8] if (doc := _loaded(fmt, data))]
    assert len(maps) >= 12
    if exe is None:  # Graphviz is optional: the statement check above still runs on every export
        return
    for i, doc in enumerate(maps):
        path = tmp_path / f"m{i}.dot"
        dot.write(doc, path)
        plain = subprocess.run([exe, "-Tplain", str(path)], capture_output=True, text=True, timeout=120, check=False)
        assert plain.returncode == 0, plain.stderr[:300]
        assert sum(1 for line in plain.stdout.splitlines() if line.startswith("node ")) == len(doc.nodes)


def test_a_newer_version_number_survives_the_aif_round_trip(tmp_path):
    doc = jsondoc.read(HOSTILE / "version-3.argmap.json")  # the JSON reader keeps a newer version as it is
    assert doc.version == 3
    path = tmp_path / "map.aif.json"
    aif.write(doc, path)
    assert aif.read(path).version == 3  # was: read back as the current version, another map
    assert_saves_and_reads_back(doc)
