"""What every bundled scenario must hold, whatever its text: a sound, fully weighed map whose quotes sit
at their offsets, whose readings and fact checks say why, and a teacher's pack whose every entry is sourced."""

from __future__ import annotations

import calendar
import re
from pathlib import Path

import pytest

from argmap.io import jsondoc
from argmap.model import Document, Kind, check
from argmap.model.markers import FACT_CHECK, READING
from argmap.model.rules import ALLOWED_CHILDREN, SUM_TOLERANCE
from argmap.paths import SCENARIOS
from argmap.scoring import score
from argmap.scoring.graph import compile_graph

MAPS = sorted(SCENARIOS.glob("*.argmap.json"))
NAMES = [p.name.removesuffix(".argmap.json") for p in MAPS]
ARGUMENT_KINDS = {Kind.PRO, Kind.CON, Kind.EVIDENCE}
#: "Source: title, publisher, URL" (or the scenario's own text, by its path under scenarios/).
SOURCE_LINE = re.compile(r"^Source: .+, .+, (https?://\S+|.*\(scenarios/[\w.-]+\))$")
PACK_FILES = {"lesson.md": "# Lesson guide: ", "glossary.md": "# Glossary", "timeline.md": "# Timeline",
              "factcheck.md": "# Fact check"}


def test_there_are_at_least_two_scenarios():
    assert len(MAPS) >= 2


@pytest.fixture(scope="module", params=NAMES)
def name(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def doc(name: str) -> Document:
    return jsondoc.read(SCENARIOS / f"{name}.argmap.json")


def _pack(name: str) -> Path:
    return SCENARIOS / f"{name}.pack"


def _sections(path: Path) -> dict[str, str]:
    """A Markdown file's '## ' sections: heading -> body."""
    parts = re.split(r"(?m)^## (.+)$", path.read_text(encoding="utf-8"))
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


def test_map_is_valid_and_rooted_in_a_question_with_options(doc):
    assert check(doc) == []
    assert doc.root().kind is Kind.QUESTION
    assert len([n for n in doc.children(doc.root().id) if n.kind is Kind.OPTION]) >= 3


def test_every_kind_hangs_where_the_rules_allow(doc):
    for node in doc.nodes:
        if node.parent is not None:
            assert node.kind in ALLOWED_CHILDREN[doc.node(node.parent).kind], node.id


def test_the_map_carries_its_source_text_and_every_quote_sits_at_its_offsets(name, doc):
    (source,) = doc.sources
    texts = [p.read_bytes().decode("utf-8") for p in sorted(SCENARIOS.glob("*.txt"))]
    assert source.text and source.text in texts  # the text is kept beside the map, word for word
    for node in doc.nodes:
        for cit in node.citations:
            assert cit.source == source.id and cit.start is not None and cit.end is not None, node.id
            assert source.text[cit.start:cit.end] == cit.quote, node.id


def test_every_claim_cites_its_source_or_is_a_reading(doc):
    claims = [n for n in doc.nodes if n.kind not in (Kind.QUESTION, Kind.NOTE)]
    assert [n.id for n in claims if not n.citations and READING not in n.tags] == []


def test_every_fork_sums_to_one(doc):
    for fork in (n for n in doc.nodes if n.kind is Kind.SCENARIO):
        outcomes = [c for c in doc.children(fork.id) if c.kind is Kind.CONSEQUENCE]
        rest = [o for o in outcomes if o.remainder]
        stated = sum(o.likelihood for o in outcomes if not o.remainder)
        assert len(outcomes) >= 2 and len(rest) <= 1, fork.id
        assert 0 < stated < 1 if rest else abs(stated - 1) <= SUM_TOLERANCE, fork.id


def test_every_input_is_weighed(doc):
    graph = compile_graph(doc)
    index = {node_id: i for i, node_id in enumerate(graph.ids)}
    perspectives = {p.id for p in doc.perspectives}
    for node in doc.nodes:
        if node.kind is Kind.CONSEQUENCE:
            assert node.likelihood is not None or node.remainder, node.id
            if node.impact or not graph.vkids[index[node.id]]:  # an outcome may take its value from its effects
                assert set(node.impact) == perspectives, node.id
        if node.kind in ARGUMENT_KINDS:
            assert node.strength is not None, node.id
    scores = score(doc)
    assert all(o.overall is not None and o.unweighed == 0 for o in scores.options)


def test_each_option_carries_its_own_fork(doc):
    """The text's central claim is what the choice changes: every option weighs it with its own likelihood."""
    for option in (n for n in doc.children(doc.root().id) if n.kind is Kind.OPTION):
        assert [n for n in doc.children(option.id) if n.kind is Kind.SCENARIO], option.id


def test_readings_say_why_and_fact_checks_give_a_correction_and_a_source(doc):
    readings = [n for n in doc.nodes if READING in n.tags]
    assert len(readings) >= 5
    assert all(n.note.startswith("Reading: ") for n in readings), [n.id for n in readings if
                                                                   not n.note.startswith("Reading: ")]
    checks = [n for n in doc.nodes if FACT_CHECK in n.tags]
    assert checks
    for node in checks:
        assert re.search(r"Fact check: .+ Source: .+, https?://\S+", node.note, re.DOTALL), node.id
        assert node.citations, node.id


def test_the_description_says_what_is_the_texts_and_what_the_maps(doc):
    assert "READING" in doc.description and "FACT CHECK" in doc.description
    assert "yours to change" in doc.description


# -- the teacher's pack -------------------------------------------------------------------------------


def test_the_pack_has_its_four_files(name, doc):
    for file, title in PACK_FILES.items():
        text = (_pack(name) / file).read_text(encoding="utf-8")
        assert text.startswith(title), file
    assert (_pack(name) / "lesson.md").read_text(encoding="utf-8").startswith(f"# Lesson guide: {doc.title}\n")


def test_the_lesson_plan_fills_45_minutes_with_roles(name):
    sections = _sections(_pack(name) / "lesson.md")
    assert {"Goal", "Plan (45 minutes)", "Roles"} <= set(sections)
    rows = re.findall(r"^\| (\d+)–(\d+) \|", sections["Plan (45 minutes)"], re.MULTILINE)
    assert rows and rows[0][0] == "0" and rows[-1][1] == "45"
    assert all(b == c for (_, b), (c, _) in zip(rows, rows[1:]))
    assert re.search(r"^- \*\*", sections["Roles"], re.MULTILINE)


@pytest.mark.parametrize("file", ["glossary.md", "timeline.md", "factcheck.md"])
def test_every_pack_entry_names_its_source(name, file):
    sections = _sections(_pack(name) / file)
    assert sections or file == "factcheck.md"
    for heading, body in sections.items():
        lines = [ln for ln in body.strip().splitlines() if ln.strip()]
        assert SOURCE_LINE.match(lines[-1]), f"{file}: {heading}"


def _period(heading: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """The first and last day a timeline heading's date can mean ('2019' is all of 2019)."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))? — .+", heading)
    assert match, heading
    year, month, day = (int(x) if x else None for x in match.groups())
    first = (year, month or 1, day or 1)
    last_month = month or 12
    return first, (year, last_month, day or calendar.monthrange(year, last_month)[1])


def test_the_timeline_runs_in_order_and_places_the_text(name, doc):
    periods = [_period(h) for h in _sections(_pack(name) / "timeline.md")]
    assert len(periods) >= 8
    for (before, _), (_, last) in zip(periods, periods[1:]):  # each entry can come after the one before
        assert last >= before
    text_date = doc.sources[0].date
    headings = list(_sections(_pack(name) / "timeline.md"))
    assert any(h.startswith(text_date[:4]) and ("article" in h or "speech" in h.lower() or text_date in h)
               for h in headings)


def test_the_fact_check_sheet_quotes_the_text_and_agrees_with_the_map(doc, name):
    text = doc.sources[0].text
    quotes = []
    for heading, body in _sections(_pack(name) / "factcheck.md").items():
        quote = re.search(r"^> (.+)$", body, re.MULTILINE)
        assert quote and re.search(r"^Correction: .+", body, re.MULTILINE), heading
        assert quote.group(1) in text, heading
        quotes.append(quote.group(1))
    marked = [c.quote for n in doc.nodes if FACT_CHECK in n.tags for c in n.citations]
    for quote in quotes:
        assert any(quote in m or m in quote for m in marked), quote
    for m in marked:
        assert any(quote in m or m in quote for quote in quotes), m
