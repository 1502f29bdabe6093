"""Markdown outline: structure, quotes, and escaping of hostile text (the brief: test_brief.py)."""

from __future__ import annotations

import re

import pytest

from argmap.io import jsondoc, markdown
from argmap.model.document import Citation, Document, Kind, Node, Source
from argmap.paths import bundled_scenario

HOSTILE = [
    "# heading", "* star item", "[a](javascript:alert(1))", "<script>alert(1)</script>", "`code` and ```fence",
    "1. ordered", "| a | b |", "- dash", "> quote", "**bold** _it_ ~~strike~~", "![img](x.png)", "&amp; &lt;b&gt;",
    "line one\n\n# line two", "=====", "+ plus", "2) paren",
]


@pytest.fixture(scope="module")
def scenario() -> Document:
    return jsondoc.read(bundled_scenario())


def hostile_doc() -> Document:
    nodes = [Node(id="q", kind=Kind.QUESTION, text=HOSTILE[0], title=HOSTILE[3])]
    for i, text in enumerate(HOSTILE):
        nodes.append(Node(id=f"o{i}", kind=Kind.OPTION, parent="q", order=i, text=text, note=text, tags=[text],
                          citations=[Citation(source="s", quote=text)]))
        nodes.append(Node(id=f"p{i}", kind=Kind.PRO, parent=f"o{i}", text=text, strength=0.5))
    return Document(title=HOSTILE[2], description=HOSTILE[5], question="q", nodes=nodes,
                    sources=[Source(id="s", title=HOSTILE[3], author=HOSTILE[8])])


@pytest.mark.parametrize("text", HOSTILE)
def test_escape_leaves_no_markup(text):
    out = markdown.escape(text)
    assert "\n" not in out
    unescaped = re.sub(r"\\.", "", out)
    assert not re.search(r"[`*_\[\]<>|~&#!\\]", unescaped)
    assert not re.match(r"[-+=>]|\d+[.)]", out)


def rendered(qapp, text: str):
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setMarkdown(text)
    return doc


def test_hostile_text_renders_as_plain_text(qapp):
    out = markdown.outline(hostile_doc())
    page = rendered(qapp, out)
    html = page.toHtml()
    assert "<script" not in html and "javascript:" not in html.split("<body", 1)[1].replace(
        "[a](javascript:alert(1))", "")
    assert "href" not in html and "<img" not in html and "<table" not in html
    plain = page.toPlainText()
    for text in HOSTILE:
        assert " ".join(text.split()) in plain
    # Only the headings the writer makes are headings.
    headings = [b.text() for b in _blocks(page) if b.blockFormat().headingLevel()]
    assert all(h.startswith(("Option:", "Question:", "Cross-links"))
               or h == HOSTILE[2] for h in headings), headings


def _blocks(page):
    block = page.begin()
    while block.isValid():
        yield block
        block = block.next()


def test_outline_has_headings_lists_weights_and_quotes(scenario):
    out = markdown.outline(scenario)
    assert out.startswith(f"# {markdown.escape(scenario.title)}\n")
    assert out.count("\n### Option: ") == 3
    assert "- **Consequence** (p = 0.60; impact Pakistan +2" in out
    assert "- **Pro** (strength 0.60)" in out
    # Every citation is a block quote followed by its source.
    quotes = sum(len(n.citations) for n in scenario.nodes)
    assert len(re.findall(r"^\s*> — US-Taliban Peace Talks \\& Role Of Pakistan, Maryam Naveed$", out, re.M)) == quotes
    assert "## Cross-links" in out and "*leads to*" in out


def test_write_outline_to_a_file(tmp_path, scenario):
    path = tmp_path / "map.md"
    markdown.write(scenario, path)
    assert path.read_text(encoding="utf-8") == markdown.outline(scenario)
