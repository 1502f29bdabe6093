"""One safe text path: each target's escaping, and hostile text in every field through every view and export."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pytest

from argmap import textsafe
from argmap.commands.show import print_outline
from argmap.io import brief, markdown
from argmap.model.document import Citation, Document, ImpactScale, Kind, Link, LinkKind, Node, Perspective, Source

# What a terminal acts on: ESC, NUL, BEL, other C0 and C1 controls, DEL, bidirectional overrides and isolates.
TERMINAL_ACTIVE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![pic](file:///etc/passwd)",
    "see https://evil.example/x and www.evil.example or mail@evil.example",
    "<https://evil.example/angle>",
    "<a href=\"javascript:alert(2)\">a</a>",
    "\x1b[31mred\x1b[0m \x1b]8;;http://x\x07link\x1b]8;;\x07",
    "nul\x00byte bell\x07 del\x7f c1\x85\x9b",
    "bidi \u202eevil\u202c \u2066iso\u2069 \u202a\u202b\u202d\u2067\u2068",
    "ctl \x01\x08\x0b\x0c\x1f tab\tend",
    "nonchar \ufffe\uffff",
    "# heading", "| a | b |", "- dash", "1. ordered", "> quote", "**bold** _it_ `code` ~~s~~",
    "&amp; &lt;b&gt; &#60;", "line one\n\n# line two\r\n",
]
#: Not in a map (the model refuses it) but possible in text from elsewhere.
LONE_SURROGATE = "lone \ud800 surrogate"
#: Each hostile string's plain words, which must still be readable wherever it is shown.
WORDS = ["alert", "onerror", "click", "passwd", "evil", "angle", "red", "byte", "bidi", "ctl", "nonchar", "heading", "dash", "ordered", "quote", "bold", "amp", "line"]


def hostile_doc() -> Document:
    """A scorable map with hostile text in every field: titles, texts, notes, tags, perspectives, unit, sources."""
    h = HOSTILE
    perspectives = [Perspective(id=f"p{i}", name=text, weight=1.0) for i, text in enumerate(h[:4])]
    nodes = [Node(id="q", kind=Kind.QUESTION, title=h[0], text=h[1], note=h[2], tags=[h[3]])]
    for i, text in enumerate(h):
        o, c, p = f"o{i}", f"c{i}", f"a{i}"
        nodes.append(Node(id=o, kind=Kind.OPTION, parent="q", order=i, title=text, text=h[i - 1], note=text,
                          tags=[text, h[i - 2]], citations=[Citation(source="s", quote=text)],
                          impact={"p0": 1.0}))
        nodes.append(Node(id=c, kind=Kind.CONSEQUENCE, parent=o, text=text, note=h[i - 3], likelihood=0.5,
                          impact={f"p{k}": float(k - i % 3) for k in range(4)}, tags=[text],
                          citations=[Citation(source="s", quote=h[i - 4])]))
        nodes.append(Node(id=p, kind=Kind.PRO, parent=c, title=h[i - 5], text=text, strength=0.5, note=text))
    return Document(
        title=h[7], description=h[2], question="q", nodes=nodes, perspectives=perspectives,
        impact_scale=ImpactScale(unit="[click](javascript:alert(1)) <img src=x onerror=alert(1)> https://evil.example"),
        sources=[Source(id="s", title=h[4], author=h[8], url="javascript:alert(3)")],
        links=[Link(source="a0", target="c1", kind=LinkKind.SUPPORTS)],
    )


def unescaped(text: str) -> str:
    """Markdown with every backslash escape removed: what is left could act as markup."""
    return re.sub(r"\\.", "", text, flags=re.S)


def check_markdown(text: str) -> None:
    bare = re.sub(r"^ *>( |$)", "", unescaped(text), flags=re.M)  # a quotation block is argmap's own
    assert "<" not in bare and ">" not in bare
    assert not re.search(r"\]\(", bare)
    assert not re.search(r"[A-Za-z]://", bare), "a bare URL an autolinker would turn into a link"
    assert not re.search(r"(?<![\w.\\])www\.", text), "a www. address an autolinker would turn into a link"
    assert "\x00" not in text and "\x1b" not in text and not re.search("[\ud800-\udfff]", text)


def rendered_links(qapp, text: str) -> list[str]:
    from PySide6.QtGui import QTextDocument

    page = QTextDocument()
    page.setMarkdown(text)
    html = page.toHtml().split("<body", 1)[1]
    assert "<script" not in html and "<img" not in html
    return re.findall(r'href="([^"]*)"', html)


# -- each target ------------------------------------------------------------------------


def test_terminal_shows_controls_and_bidi_as_escapes():
    out = textsafe.terminal("a\x1b[2Jb\x00c\x07\x85\x9b\u202eX\u202c\u2066Y\u2069\nZ\ud800\x7f")
    assert out == "a\\x1b[2Jb\\x00c\\x07\\x85\\x9b\\u202eX\\u202c\\u2066Y\\u2069\\nZ\\ud800\\x7f"
    assert textsafe.terminal("plain ملاحظة 你好 🎉 – ok") == "plain ملاحظة 你好 🎉 – ok"


@pytest.mark.parametrize("text", [*HOSTILE, LONE_SURROGATE])
def test_markdown_leaves_no_markup_and_no_autolink(text):
    out = textsafe.markdown(text)
    assert "\n" not in out
    check_markdown(out)
    assert markdown.escape is textsafe.markdown


def test_markdown_defuses_bare_urls_for_qt(qapp):
    out = textsafe.markdown("see https://evil.example/x, WWW.evil.example and mail@evil.example")
    assert rendered_links(qapp, out) == []
    assert rendered_links(qapp, "see https://evil.example/x") == ["https://evil.example/x"]  # what it prevents


def test_xml_is_well_formed_for_any_text():
    for text in [*HOSTILE, LONE_SURROGATE]:
        root = ET.fromstring(f'<t a="{textsafe.xml(text, quote=True)}">{textsafe.xml(text)}</t>')
        assert root.text is None or "<" not in text or "<" in root.text
    assert textsafe.xml('a<b>&"c"\r') == 'a&lt;b&gt;&amp;"c"&#13;'
    assert textsafe.xml('"', quote=True) == "&quot;"
    assert textsafe.xml("x\x00\x1f\ufffe\uffff\ud800y") == "xy"


def test_qt_text_is_escaped_or_cleaned():
    assert textsafe.qt_rich("<img src='file:///x'>&\nnext") == "&lt;img src=&#39;file:///x&#39;&gt;&amp;<br>next"
    assert textsafe.qt_plain("a\x00b\x1b\x85c\ud800") == "abc\ufffd"
    assert textsafe.qt_tooltip("<b>x</b>") == "<p>&lt;b&gt;x&lt;/b&gt;</p>"


def test_qt_rich_text_shows_the_text_itself(qapp):
    from PySide6.QtGui import QTextDocument

    for text in HOSTILE[:7]:
        page = QTextDocument()
        page.setHtml(textsafe.qt_tooltip(text))
        assert page.toPlainText() == textsafe.qt_plain(text)
        body = page.toHtml().split("<body", 1)[1]
        assert "<img" not in body and "<a " not in body


# -- every view and export --------------------------------------------------------------


@pytest.fixture(scope="module")
def doc() -> Document:
    return hostile_doc()


def test_outline_markdown_has_no_markup(doc, qapp):
    text = markdown.outline(doc)
    for line in text.splitlines():
        check_markdown(line)
    assert rendered_links(qapp, text) == []
    assert all(word in text for word in WORDS)
    assert "javascript\\:alert(1)" not in text or "\\[click\\]" in text


@pytest.mark.parametrize("side", ["o0", "o2", "o4", "o9"])
def test_brief_markdown_has_no_markup(doc, qapp, side):
    text = brief.brief(doc, side)
    for line in text.splitlines():
        check_markdown(line)
    assert rendered_links(qapp, text) == []
    assert "onerror=alert(1)" in text  # the unit is shown, as text


def test_brief_pdf_has_no_links(doc, qapp, tmp_path):
    from argmap.render.exporter import ExportOptions, export

    for side in ("o2", "o4"):
        out = tmp_path / f"brief-{side}.pdf"
        export(doc, out, ExportOptions(brief_side=side))
        data = out.read_bytes()
        assert data.startswith(b"%PDF") and b"/URI" not in data and b"/Link" not in data


def test_markdown_pdf_keeps_only_web_links(qapp, tmp_path):
    from argmap.render.textpdf import write_markdown_pdf

    out = tmp_path / "links.pdf"
    write_markdown_pdf("[x](javascript:alert(1)) [y](file:///etc/passwd) <https://example.org/ok>", out)
    data = out.read_bytes()
    assert b"javascript" not in data and b"file:" not in data
    assert data.count(b"/URI (") == 1 and b"/URI (https://example.org/ok)" in data


def test_svg_is_well_formed_and_shows_the_text(doc, qapp, tmp_path):
    from argmap.render.exporter import export

    out = tmp_path / "map.svg"
    export(doc, out)
    root = ET.parse(out).getroot()
    tags = {el.tag.split("}")[-1] for el in root.iter()}
    assert tags <= {"svg", "title", "desc", "style", "defs", "g", "rect", "path", "text", "use", "marker"}
    texts = " ".join(el.text or "" for el in root.iter() if el.tag.endswith("text"))
    assert "<script>" in texts  # markup characters come back as text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", texts)


def test_show_prints_one_inert_line_per_node(doc):
    out = io.StringIO()
    print_outline(doc, out)
    lines = out.getvalue().split("\n")[:-1]
    assert len(lines) == 2 + len(doc.nodes)  # title, perspectives, one line per node
    for line in lines:
        assert not TERMINAL_ACTIVE.search(line), repr(line)
    text = out.getvalue()
    assert "\\x1b[31mred" in text and "\\u202eevil" in text and "nul\\x00byte" in text and "\\x85" in text
    assert "onerror=alert(1)" in text  # the unit, shown as it reads
    text.encode("utf-8")  # nothing a terminal could not be sent


def test_show_command_on_a_hostile_file(doc, tmp_path, capsys):
    from argmap.cli import main
    from argmap.io import jsondoc

    path = tmp_path / "hostile.argmap.json"
    jsondoc.write(doc, path)
    assert main(["show", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 2 + len(doc.nodes)
    assert not TERMINAL_ACTIVE.search(out.replace("\n", ""))
    assert "\\x1b]8;;http://x\\x07link" in out  # a terminal hyperlink, shown as its characters
