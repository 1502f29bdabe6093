"""Big maps stay within bounds: show caps its indentation and streams, SVG streams, a PDF is drawn page by page
and joined into one page (their speed and memory: benchmarks/bench_scale.py)."""

from __future__ import annotations

import io
import re

import pytest
from pdfminer.high_level import extract_pages

from argmap.commands import show
from argmap.io import jsondoc
from argmap.model.document import Document, Kind, Node
from argmap.paths import bundled_scenario
from argmap.render import images, svgwrite
from argmap.render.textpdf import count_pages


def chain(n: int) -> Document:
    """A question, an option and a chain of consequences: n nodes, n levels deep."""
    nodes = [Node(id="n0", kind=Kind.QUESTION, text="Which course?"), Node(id="n1", kind=Kind.OPTION, parent="n0", text="Go")]
    nodes += [Node(id=f"n{i}", kind=Kind.CONSEQUENCE, parent=f"n{i - 1}", text=f"Step {i}", likelihood=0.5)
              for i in range(2, n)]
    return Document(title="Chain", question="n0", nodes=nodes)


class Writes(io.StringIO):
    """A text stream that records the size of every write."""

    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[int] = []

    def write(self, text: str) -> int:
        self.sizes.append(len(text))
        return super().write(text)


# -- show -------------------------------------------------------------------------------


def test_show_caps_indentation_and_numbers_deeper_lines():
    out = io.StringIO()
    show.print_outline(chain(100), out)
    lines = out.getvalue().splitlines()[1:]  # after the title
    assert len(lines) == 100
    indents = [len(line) - len(line.lstrip(" ")) for line in lines]
    assert indents[:show.MAX_INDENT] == [2 * i for i in range(show.MAX_INDENT)]
    assert set(indents[show.MAX_INDENT:]) == {2 * (show.MAX_INDENT - 1)}
    assert lines[show.MAX_INDENT - 1].lstrip().startswith("- [consequence] Step 39")
    for depth in range(show.MAX_INDENT + 1, 101):
        assert lines[depth - 1].lstrip() == f"(depth {depth}) - [consequence] Step {depth - 1}  (p = 0.50)"
    assert max(len(line) for line in lines) < 2 * show.MAX_INDENT + 60


def test_show_writes_as_it_goes():
    out = Writes()
    doc = chain(10_000)
    show.print_outline(doc, out)
    assert len(out.getvalue().splitlines()) == 10_001
    assert len(out.sizes) >= 5  # in pieces, not one string of the whole outline
    assert max(out.sizes) < 2 * len(out.getvalue()) / 5


def test_show_outline_is_lazy():
    lines = show.outline_lines(chain(1000))
    assert next(lines) == "Chain"
    assert next(lines) == "- [question] Which course?"  # made on demand: nothing before it is built


# -- SVG --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scene(qapp):
    return images.map_scene(jsondoc.read(bundled_scenario()))


def test_svg_is_written_in_pieces_of_bounded_size(scene):
    whole = io.StringIO()
    svgwrite.write(scene, whole, title="map")
    out = Writes()
    svgwrite.write(scene, out, title="map", chunk=10)
    assert out.getvalue() == whole.getvalue()  # the pieces make the same document
    cards = [size for size in out.sizes]
    assert len(cards) >= len(scene.cards) / 10
    per_card = len(whole.getvalue()) / len(scene.cards)
    assert max(out.sizes[-len(scene.cards) // 10:]) < 40 * per_card  # a piece holds about ten cards


# -- PDF --------------------------------------------------------------------------------


def layout_objects(path) -> list[tuple]:
    """Everything pdfminer finds on the pages: kind, position and, for characters, the text."""
    out = []

    def walk(item):
        if hasattr(item, "bbox"):  # not the line breaks pdfminer adds between text lines
            kind = type(item).__name__
            out.append((kind, *(round(v, 2) for v in item.bbox), item.get_text() if kind == "LTChar" else ""))
        if hasattr(item, "__iter__"):
            for child in item:
                walk(child)

    for page in extract_pages(str(path)):
        walk(page)
    return out


def test_pdf_drawn_in_pages_is_joined_into_one_page_that_looks_the_same(scene, tmp_path, monkeypatch):
    one = tmp_path / "one.pdf"
    images.write_pdf(scene, one, page="fit")
    monkeypatch.setattr(images, "CHUNK", 7)
    monkeypatch.setattr(images, "PDF_PAGE_CARDS", 14)
    joined = tmp_path / "joined.pdf"
    steps = []
    images.write_pdf(scene, joined, page="fit", progress=lambda done, total: steps.append(done))
    data = joined.read_bytes()
    assert count_pages(data) == 1
    [contents] = re.findall(rb"/Contents\s*\[([^\]]*)\]", data)
    streams = re.findall(rb"(\d+) 0 R", contents)
    assert len(streams) == 3 * -(-len(scene.cards) // 14)  # q, a page's drawing, Q for each page drawn
    assert layout_objects(joined) == layout_objects(one)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["joined.pdf", "one.pdf"]  # no page file left behind
    assert steps[-1] == 1 + -(-len(scene.cards) // 7)


def test_pdf_join_keeps_every_font_and_a_valid_cross_reference(scene, tmp_path, monkeypatch):
    monkeypatch.setattr(images, "CHUNK", 5)
    monkeypatch.setattr(images, "PDF_PAGE_CARDS", 5)
    path = tmp_path / "map.pdf"
    images.write_pdf(scene, path)
    data = path.read_bytes()
    start = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    assert data[start:start + 4] == b"xref"
    count = int(re.match(rb"xref\s+0\s+(\d+)", data[start:]).group(1))
    rows = data[start:].split(b"\n", 2)[2][:20 * count]
    for i in range(1, count):
        row = rows[20 * i:20 * i + 20]
        if row[17:18] == b"n":  # each object in use is where the table says
            assert data[int(row[:10]):].startswith(b"%d 0 obj" % i)
    fonts = set(re.findall(rb"/(F\d+) \d+ 0 R", data))
    [resources] = [m for m in re.findall(rb"/Font <<(.*?)>>", data, re.S)]
    assert fonts and fonts == set(re.findall(rb"/(F\d+)", resources))
