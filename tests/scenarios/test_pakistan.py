"""The bundled scenario: the map of the article on the US–Taliban talks and Pakistan's stance."""

from __future__ import annotations

import re

import pytest

from argmap.io import jsondoc
from argmap.model import Document, Kind, check
from argmap.model.rules import ALLOWED_CHILDREN, SUM_TOLERANCE
from argmap.paths import SCENARIOS, bundled_scenario

ARTICLE = SCENARIOS / "us-taliban-peace-talks.txt"
PERSPECTIVES = {"pakistan", "us", "taliban", "afghan_gov"}
ARGUMENT_KINDS = {Kind.PRO, Kind.CON, Kind.EVIDENCE}

#: For each tagged item: the heading its numbered list follows, its number, and a phrase only it contains.
NUMBERED_ITEMS = {
    "recommendation-1": ("Recommendations & Implications For Pakistan", 1, "negotiator by being neutral"),
    "recommendation-2": ("Recommendations & Implications For Pakistan", 2, "relations between them becomes more complicated"),
    "recommendation-3": ("Recommendations & Implications For Pakistan", 3, "terrorist activities would intense"),
    "recommendation-4": ("Recommendations & Implications For Pakistan", 4, "Indian Influence in Afghanistan"),
    "recommendation-5": ("Recommendations & Implications For Pakistan", 5, "prefer peace talks first"),
    "us-objective-1": ("Key Objectives By US", 1, "launch terror attacks"),
    "us-objective-2": ("Key Objectives By US", 2, "Mutual agreement on US troop"),
    "us-objective-3": ("Key Objectives By US", 3, "Intra- Aghan dialogues"),
    "us-objective-4": ("Key Objectives By US", 4, "Permanent and comprehensive ceasefire"),
    "taliban-demand-1": ("Demands By Taliban", 1, "within a few months"),
    "taliban-demand-2": ("Demands By Taliban", 2, "abolition of the Afghan Government"),
    "taliban-demand-3": ("Demands By Taliban", 3, "No presence of the Afghan Government"),
    "taliban-demand-4": ("Demands By Taliban", 4, "No ceasefire until"),
}


@pytest.fixture(scope="module")
def doc() -> Document:
    return jsondoc.read(bundled_scenario())


@pytest.fixture(scope="module")
def article() -> str:
    return ARTICLE.read_bytes().decode("utf-8")


def _numbered_item(article: str, heading: str, number: int) -> str:
    """The text of item `number` of the numbered list that follows `heading` in the article."""
    start = article.index("\n" + heading + "\n")
    section = article[start:]
    match = re.search(rf"^{number}\. (.+)$", section, re.MULTILINE)
    assert match, f"item {number} after {heading!r} not found in the article"
    return match.group(1)


def _tagged(doc: Document, tag: str) -> list:
    return [n for n in doc.nodes if tag in n.tags]


def _fork(doc: Document):
    forks = [n for n in doc.nodes if n.kind is Kind.SCENARIO]
    assert forks, "the map has no scenario fork"
    return forks


def test_bundled_map_loads_without_problems(doc):
    assert check(doc) == []
    assert doc.root() is not None and doc.root().kind is Kind.QUESTION
    assert 50 <= len(doc.nodes) <= 80


def test_every_kind_hangs_where_the_rules_allow(doc):
    for node in doc.nodes:
        if node.parent is not None:
            assert node.kind in ALLOWED_CHILDREN[doc.node(node.parent).kind], node.id


def test_source_text_is_the_bundled_article(doc, article):
    source = doc.source("article")
    assert source.text == article
    assert source.author == "Maryam Naveed"
    assert source.title == "US-Taliban Peace Talks & Role Of Pakistan"
    assert article.startswith("US Taliban Peace Talks\n")
    assert "Written by: Maryam Naveed" in article


def test_description_says_the_weights_are_a_reading(doc):
    text = doc.description.lower()
    assert "reading of the article" in text
    assert "yours to change" in text


def test_every_quote_is_at_its_offsets(doc, article):
    count = 0
    for node in doc.nodes:
        for cit in node.citations:
            assert cit.source == "article", node.id
            assert cit.start is not None and cit.end is not None, node.id
            assert article[cit.start:cit.end] == cit.quote, node.id
            count += 1
    assert count >= len(doc.nodes) - 1


def test_every_claim_cites_the_article(doc):
    root = doc.root()
    uncited = [n.id for n in doc.nodes if n is not root and n.kind is not Kind.NOTE and not n.citations]
    assert uncited == []


def test_the_three_stances_are_options_of_the_question(doc):
    options = {n.label.lower() for n in doc.children(doc.root().id) if n.kind is Kind.OPTION}
    assert any("neutral" in o for o in options)
    assert any("side with the us" in o for o in options)
    assert any("side with the taliban" in o for o in options)
    assert len(options) >= 3


@pytest.mark.parametrize("tag", sorted(NUMBERED_ITEMS))
def test_numbered_item_appears_once_with_its_quote(doc, article, tag):
    heading, number, phrase = NUMBERED_ITEMS[tag]
    item = _numbered_item(article, heading, number)
    assert phrase in item, f"the phrase for {tag} is not in item {number} of {heading!r}"
    nodes = _tagged(doc, tag)
    assert len(nodes) == 1, f"{tag} is on {len(nodes)} nodes"
    quotes = [c.quote for c in nodes[0].citations]
    assert any(phrase in q and q in item for q in quotes), f"{tag}: no quote from item {number} with {phrase!r}"


def test_perspectives_are_weighed_with_pakistan_first(doc):
    weights = {p.id: p.weight for p in doc.perspectives}
    assert set(weights) == PERSPECTIVES
    assert all(w > 0 for w in weights.values())
    assert weights["pakistan"] == max(weights.values())
    assert all(weights["pakistan"] > w for k, w in weights.items() if k != "pakistan")


def test_withdrawal_fork_sums_to_one_and_carries_the_warnings(doc):
    fork = next(f for f in _fork(doc) if any("warning" in n.tags for n in doc.walk(f.id)))
    outcomes = [c for c in doc.children(fork.id) if c.kind is Kind.CONSEQUENCE]
    assert len(outcomes) >= 2
    rest = [o for o in outcomes if o.remainder]
    stated = sum(o.likelihood for o in outcomes if not o.remainder)
    assert len(rest) <= 1
    if rest:
        assert stated < 1
    else:
        assert abs(stated - 1) <= SUM_TOLERANCE
    warnings = [n for n in doc.walk(fork.id) if "warning" in n.tags]
    quotes = " ".join(c.quote for n in warnings for c in n.citations)
    for phrase in ("terrorist activities would intense", "Indian Influence", "withdrawal of the Soviet Union",
                   "18 years of GWOT"):
        assert phrase in quotes


def test_every_option_reaches_the_withdrawal(doc):
    fork = _fork(doc)[0]
    withdrawal = doc.parent(fork.id)
    reach = {ln.source for ln in doc.links if ln.target == withdrawal.id and ln.kind.value == "leads_to"}
    for option in doc.children(doc.root().id):
        if option.kind is Kind.OPTION:
            in_tree = any(a.id == option.id for a in doc.ancestors(withdrawal.id))
            assert in_tree or option.id in reach, option.id


def test_every_consequence_is_weighed_for_every_perspective(doc):
    for node in doc.nodes:
        if node.kind is Kind.CONSEQUENCE:
            assert node.likelihood is not None or node.remainder, node.id
            assert set(node.impact) == PERSPECTIVES, node.id


def test_every_argument_has_a_strength(doc):
    arguments = [n for n in doc.nodes if n.kind in ARGUMENT_KINDS]
    assert arguments
    assert all(n.strength is not None for n in arguments)


def test_scores_with_no_unweighed_inputs(doc):
    from argmap.scoring import score

    scores = score(doc)
    assert len(scores.options) == 3
    assert all(o.overall is not None and o.unweighed == 0 for o in scores.options)
    assert all(v is not None for o in scores.options for v in o.per_perspective.values())


def test_neutrality_leads_as_the_article_argues(doc):
    from argmap.scoring import score

    scores = score(doc)
    neutral = next(n.id for n in doc.children(doc.root().id) if "recommendation-1" in n.tags)
    assert scores.options[0].node_id == neutral
    assert scores.ranking("pakistan")[0].node_id == neutral
    # The reading is not one-sided: the Taliban would rather Pakistan sided with them.
    assert "taliban" in scores.ranking("taliban")[0].label.lower()


def test_shared_withdrawal_weighs_the_same_in_every_option(doc):
    from argmap.scoring import score

    withdrawal = doc.parent(_fork(doc)[0].id).id
    shares = {round(c.overall, 9) for o in score(doc).options for c in o.contributions if c.node_id == withdrawal}
    assert len(shares) == 1
