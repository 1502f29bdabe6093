"""Markdown outline and debate brief: structure, quotes, numbers, and escaping of hostile text."""

from __future__ import annotations

import re

import pytest

from argmap.errors import NotFoundError
from argmap.io import jsondoc, markdown
from argmap.model.document import Citation, Document, Kind, Node, Source
from argmap.paths import bundled_scenario
from argmap.scoring import score

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
    out = markdown.outline(hostile_doc()) + markdown.brief(hostile_doc(), "o3")
    page = rendered(qapp, out)
    html = page.toHtml()
    assert "<script" not in html and "javascript:" not in html.split("<body", 1)[1].replace(
        "[a](javascript:alert(1))", "")
    assert "href" not in html and "<img" not in html and "<table" not in html.split("The numbers")[0]
    plain = page.toPlainText()
    for text in HOSTILE:
        assert " ".join(text.split()) in plain
    # Only the headings the writer makes are headings.
    headings = [b.text() for b in _blocks(page) if b.blockFormat().headingLevel()]
    assert all(h.startswith(("Option:", "Question:", "Debate brief:", "The motion", "Our case", "Attacks",
                             "Against our", "The other", "Rebuttals", "The numbers", "Cross-links"))
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
    assert "- **Consequence** (p = 0.60; impact Pakistan +3" in out
    assert "- **Pro** (strength 0.60)" in out
    # Every citation is a block quote followed by its source.
    quotes = sum(len(n.citations) for n in scenario.nodes)
    assert len(re.findall(r"^\s*> — US-Taliban Peace Talks \\& Role Of Pakistan, Maryam Naveed$", out, re.M)) == quotes
    assert "## Cross-links" in out and "*leads to*" in out


def test_write_outline_to_a_file(tmp_path, scenario):
    path = tmp_path / "map.md"
    markdown.write(scenario, path)
    assert path.read_text(encoding="utf-8") == markdown.outline(scenario)


@pytest.mark.parametrize("side", ["opt_neutral", "opt_us", "opt_taliban"])
def test_brief_for_each_side_has_its_sections_and_quotes(scenario, side):
    scores = score(scenario)
    text = markdown.brief(scenario, side, scores)
    option = scenario.node(side)
    sections = ["## The motion", "## Our case", "## Attacks to expect", "### Against our side",
                "### The other sides' strongest points", "## Rebuttals", "## The numbers"]
    positions = [text.index(s) for s in sections]
    assert positions == sorted(positions)
    assert f"**Our side:** **{markdown.escape(option.title)}.**" in text
    case = text[text.index("## Our case"):text.index("## Attacks to expect")]
    assert "> “" in case and "> — US-Taliban" in case
    # The case lists this side's branches that add to its score, best first.
    mine = scores.option(side)
    good = sorted([c for c in mine.contributions if (c.overall or 0) > 0], key=lambda c: -c.overall)
    if not good:  # a side with no positive branch argues from those good for some party
        good = [max((c for c in mine.contributions if any(v > 0 for v in scenario.node(c.node_id).impact.values())),
                    key=lambda c: c.overall)]
    found = [case.index(markdown.escape(c.label)) for c in good if markdown.escape(c.label) in case]
    assert found == sorted(found) and len(found) == len(good)
    # Harmful branches are listed as attacks with their contribution.
    attacks = text[text.index("## Attacks to expect"):text.index("## Rebuttals")]
    for c in mine.contributions:
        if c.overall is not None and c.overall < 0 and c not in good:
            assert f"contributes {c.overall:+.2f}" in attacks
    numbers = text[text.index("## The numbers"):]
    assert f"**{markdown.escape(option.label)}**" in numbers
    assert f"{mine.overall:+.2f}" in numbers


def test_brief_side_by_title_and_unknown_side(scenario):
    by_title = markdown.brief(scenario, "side with the us")
    assert by_title == markdown.brief(scenario, "opt_us")
    with pytest.raises(NotFoundError) as info:
        markdown.brief(scenario, "nobody")
    assert "opt_neutral" in info.value.hint


def test_brief_rebuttals_answer_attacks(scenario):
    text = markdown.brief(scenario, "opt_us")
    rebuttals = text[text.index("## Rebuttals"):text.index("## The numbers")]
    for node in scenario.nodes:
        cons = [c for c in scenario.children(node.id) if c.kind is Kind.CON]
        header = f"**Against “{markdown.escape(node.label)}”**"
        if header in rebuttals:
            assert all(markdown.escape(c.label) in rebuttals for c in cons)
