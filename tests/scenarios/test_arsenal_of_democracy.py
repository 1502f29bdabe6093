"""The second bundled scenario: the map of Roosevelt's "Arsenal of Democracy" fireside chat (29 December 1940)."""

from __future__ import annotations

import re

import pytest

from argmap.io import jsondoc
from argmap.model import Document, Kind, LinkKind, check
from argmap.model.markers import FACT_CHECK, READING
from argmap.model.rules import SUM_TOLERANCE
from argmap.paths import SCENARIOS
from argmap.scoring import score, sensitivity

MAP = SCENARIOS / "arsenal-of-democracy.argmap.json"
SPEECH = SCENARIOS / "arsenal-of-democracy.txt"
SOURCE_NOTE = SCENARIOS / "arsenal-of-democracy.SOURCE.md"
PACK = SCENARIOS / "arsenal-of-democracy.pack"
PERSPECTIVES = {"us", "home", "britain", "occupied"}
ARGUMENT_KINDS = {Kind.PRO, Kind.CON, Kind.EVIDENCE}
ARSENAL, STAY_OUT, PEACE = "opt_arsenal", "opt_stay_out", "opt_peace"
SOURCE_LINE = re.compile(r"^Source: .+, .+, https?://\S+$")


@pytest.fixture(scope="module")
def doc() -> Document:
    return jsondoc.read(MAP)


@pytest.fixture(scope="module")
def speech() -> str:
    return SPEECH.read_bytes().decode("utf-8")


def _fresh() -> Document:
    return jsondoc.read(MAP)


def _options(doc: Document) -> list:
    return [n for n in doc.children(doc.root().id) if n.kind is Kind.OPTION]


def _own_fork(doc: Document, option_id: str):
    """The scenario fork hanging directly under an option: how the war goes if that course is taken."""
    forks = [n for n in doc.children(option_id) if n.kind is Kind.SCENARIO]
    assert len(forks) == 1, f"{option_id} has {len(forks)} forks of its own"
    return forks[0]


def _outcome(doc: Document, fork_id: str, *, remainder: bool):
    (node,) = [c for c in doc.children(fork_id) if c.kind is Kind.CONSEQUENCE and c.remainder is remainder]
    return node


def _sections(name: str, level: str = "## ") -> dict[str, str]:
    """The file's sections under headings of one level: heading text -> body."""
    text = (PACK / name).read_text(encoding="utf-8")
    parts = re.split(rf"(?m)^{re.escape(level)}(.+)$", text)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


# -- the map ---------------------------------------------------------------------------------------


def test_map_loads_without_problems(doc):
    assert check(doc) == []
    assert doc.root() is not None and doc.root().kind is Kind.QUESTION
    assert 35 <= len(doc.nodes) <= 60
    assert doc.view.direction == "left-right"


def test_source_text_is_the_bundled_speech(doc, speech):
    source = doc.source("speech")
    assert source.text == speech
    assert source.author == "Franklin D. Roosevelt"
    assert source.date == "1940-12-29"
    assert "arsenal-democracy" in source.url
    assert speech.startswith("My friends:\n\nThis is not a fireside chat on war.")
    assert speech.endswith("our common cause will greatly succeed.\n")
    assert 1500 <= len(speech.split()) <= 8000


def test_description_says_the_numbers_are_a_reading(doc):
    text = doc.description.lower()
    assert "a reading of it, not figures it gives" in text
    assert "yours to change" in text
    for p in doc.perspectives:
        assert re.search(rf"(?<![\d.]){re.escape(f'{p.weight:g}')}(?![\d])", text), p.id


def test_every_quote_is_at_its_offsets(doc, speech):
    count = 0
    for node in doc.nodes:
        for cit in node.citations:
            assert cit.source == "speech", node.id
            assert cit.start is not None and cit.end is not None, node.id
            assert speech[cit.start:cit.end] == cit.quote, node.id
            count += 1
    assert count >= len(doc.nodes) - 1


def test_every_claim_cites_the_speech_or_is_a_reading(doc):
    root = doc.root()
    claims = [n for n in doc.nodes if n is not root and n.kind not in (Kind.OPTION, Kind.NOTE)]
    assert [n.id for n in claims if not n.citations and READING not in n.tags] == []
    assert all(n.citations for n in _options(doc))


def test_the_three_courses_are_options_of_the_question(doc):
    options = {n.id: n.label.lower() for n in _options(doc)}
    assert set(options) == {ARSENAL, STAY_OUT, PEACE}
    assert "arsenal of democracy" in options[ARSENAL]
    assert "stay out" in options[STAY_OUT]
    assert "negotiated peace" in options[PEACE]
    assert [n.id for n in _options(doc) if "recommendation" in n.tags] == [ARSENAL]


def test_perspectives_are_weighed_and_coloured(doc):
    weights = {p.id: p.weight for p in doc.perspectives}
    assert set(weights) == PERSPECTIVES
    assert abs(sum(weights.values()) - 1) <= 1e-9
    assert weights["us"] == max(weights.values())
    colours = [p.color for p in doc.perspectives]
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colours)
    assert len(set(colours)) == len(colours)


def test_every_fork_sums_to_one(doc):
    forks = [n for n in doc.nodes if n.kind is Kind.SCENARIO]
    assert len(forks) == 3
    for fork in forks:
        outcomes = [c for c in doc.children(fork.id) if c.kind is Kind.CONSEQUENCE]
        assert len(outcomes) >= 2, fork.id
        rest = [o for o in outcomes if o.remainder]
        stated = sum(o.likelihood for o in outcomes if not o.remainder)
        assert len(rest) <= 1, fork.id
        if rest:
            assert 0 < stated < 1, fork.id
        else:
            assert abs(stated - 1) <= SUM_TOLERANCE, fork.id


def test_every_argument_has_a_strength(doc):
    arguments = [n for n in doc.nodes if n.kind in ARGUMENT_KINDS]
    assert len(arguments) >= 20
    assert all(n.strength is not None for n in arguments)


def test_every_side_has_material_on_both_sides(doc):
    """Each option has points for it and against it, and the main attacks on each carry a rebuttal."""
    for option in _options(doc):
        under = list(doc.walk(option.id))[1:]
        values = [n for n in under if n.kind is Kind.CONSEQUENCE and n.impact]
        good = [n for n in values if sum(n.impact.values()) > 0]
        bad = [n for n in values if sum(n.impact.values()) < 0]
        assert good and bad, option.id
        attacks = [n for n in doc.children(option.id) if n.kind is Kind.CON]
        assert attacks, option.id
        rebutted = [a for a in attacks if any(c.kind is Kind.CON for c in doc.children(a.id))]
        assert rebutted, f"no attack on {option.id} carries a rebuttal"


# -- the ranking and the central claim ----------------------------------------------------------------


def test_the_arsenal_leads_as_the_speech_argues(doc):
    scores = score(doc)
    assert [o.node_id for o in scores.options] == [ARSENAL, STAY_OUT, PEACE]
    assert scores.ranking("us")[0].node_id == ARSENAL
    # The reading is not one-sided: for the workers and families who would carry the effort, staying out comes first.
    assert scores.ranking("home")[0].node_id == STAY_OUT


def test_each_option_carries_its_own_chance_of_what_the_choice_changes(doc):
    """Every option has its own fork on how the war goes; the Axis-victory branch is shared through links."""
    holds = {o: _outcome(doc, _own_fork(doc, o).id, remainder=False) for o in (ARSENAL, STAY_OUT, PEACE)}
    assert holds[ARSENAL].likelihood > holds[STAY_OUT].likelihood > holds[PEACE].likelihood
    assert all("central-claim" in _own_fork(doc, o).tags for o in holds)
    central = " ".join(c.quote for c in _own_fork(doc, ARSENAL).citations)
    assert "far less chance of the United States getting into war" in central

    axis = next(n for n in doc.nodes if "axis-victory" in n.tags)
    reached_from = {ln.source for ln in doc.links if ln.target == axis.id and ln.kind is LinkKind.LEADS_TO}
    for option in (ARSENAL, STAY_OUT, PEACE):
        falls = _outcome(doc, _own_fork(doc, option).id, remainder=True)
        assert falls.id == axis.parent or falls.id in reached_from, option

    # Shared by all three, the branch still weighs differently in each, because each reaches it with its own odds.
    shares = {o.node_id: o.per_perspective["us"] for o in score(doc).options}
    assert len({round(v, 6) for v in shares.values()}) == 3


def test_the_central_claim_decides_the_leader(doc):
    """If arming Britain did not raise its chance of holding, staying out would lead."""
    aid_holds = _outcome(doc, _own_fork(doc, ARSENAL).id, remainder=False)
    out_holds = _outcome(doc, _own_fork(doc, STAY_OUT).id, remainder=False)
    changed = _fresh()
    changed.node(aid_holds.id).likelihood = out_holds.likelihood
    assert score(changed).options[0].node_id == STAY_OUT

    flips = {row.node_id: row for row in sensitivity(doc).flips if row.input == "likelihood"}
    row = flips[aid_holds.id]
    assert row.new_leader == STAY_OUT
    assert out_holds.likelihood < row.flip_at < aid_holds.likelihood


def test_raising_britains_chances_without_aid_hands_the_lead_to_staying_out(doc):
    out_holds = _outcome(doc, _own_fork(doc, STAY_OUT).id, remainder=False)
    changed = _fresh()
    changed.node(out_holds.id).likelihood = 0.9
    assert score(changed).options[0].node_id == STAY_OUT


# -- readings and fact checks ----------------------------------------------------------------------


def test_each_reading_says_why_it_is_one(doc):
    readings = [n for n in doc.nodes if READING in n.tags]
    assert len(readings) >= 5
    for node in readings:
        assert node.note.startswith("Reading: "), node.id
        assert len(node.note) > 60, node.id


def test_each_fact_check_gives_a_correction_and_a_source(doc, speech):
    checks = [n for n in doc.nodes if FACT_CHECK in n.tags]
    assert checks
    for node in checks:
        match = re.fullmatch(r"Fact check: (.+) Source: (.+), (.+), (https?://\S+)\.", node.note, re.DOTALL)
        assert match, node.id
        assert node.citations and all(c.quote in speech for c in node.citations)


def test_weights_that_are_not_obvious_carry_a_reason(doc):
    """Every likelihood or strength away from the middle of its range says why in the node's note."""
    for node in doc.nodes:
        value = node.likelihood if node.likelihood is not None else node.strength
        if value is not None and not 0.3 <= value <= 0.5:
            assert re.search(rf"(?<![\d.]){re.escape(f'{value:g}')}(?![\d])", node.note), node.id


# -- the source note and the teacher's pack ---------------------------------------------------------


def test_source_note_names_the_licence_and_the_copy_used():
    text = SOURCE_NOTE.read_text(encoding="utf-8")
    assert "17 U.S.C. § 105" in text
    assert "public domain" in text
    assert "millercenter.org" in text
    assert "kfogel/presidential-speeches" in text


def test_pack_has_the_lesson_guide(doc):
    text = (PACK / "lesson.md").read_text(encoding="utf-8")
    assert text.startswith(f"# Lesson guide: {doc.title}\n")
    sections = _sections("lesson.md")
    assert {"Goal", "Plan (45 minutes)", "Roles"} <= set(sections)
    rows = re.findall(r"^\| (\d+)–(\d+) \|", sections["Plan (45 minutes)"], re.MULTILINE)
    assert rows and rows[0][0] == "0" and rows[-1][1] == "45"
    assert all(int(b) == int(c) for (_, b), (c, _) in zip(rows, rows[1:]))
    assert sum(int(b) - int(a) for a, b in rows) == 45
    assert re.search(r"^- \*\*", sections["Roles"], re.MULTILINE)
    for option in _options(doc):
        assert f'--side "{option.label}"' in text

