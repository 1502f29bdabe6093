"""The bundled scenario: the map of the article on the US–Taliban talks and Pakistan's stance."""

from __future__ import annotations

import re

import pytest

from argmap.io import jsondoc
from argmap.model import Document, Kind, check
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


def _options(doc: Document) -> list:
    return [n for n in doc.children(doc.root().id) if n.kind is Kind.OPTION]


def _exit_fork(doc: Document, option_id: str):
    """The option's own fork on how the US leaves (tagged central-claim)."""
    forks = [n for n in doc.children(option_id) if n.kind is Kind.SCENARIO and "central-claim" in n.tags]
    assert len(forks) == 1, f"{option_id} has {len(forks)} exit forks"
    return forks[0]


def _orderly(doc: Document, option_id: str):
    fork = _exit_fork(doc, option_id)
    return next(o for o in doc.children(fork.id) if not o.remainder)


def _with(doc: Document, likelihoods: dict | None = None, strengths: dict | None = None) -> Document:
    copy = doc.model_copy(deep=True)
    copy.invalidate()
    for node_id, value in (likelihoods or {}).items():
        copy.node(node_id).likelihood = value
    for node_id, value in (strengths or {}).items():
        copy.node(node_id).strength = value
    return copy


def test_bundled_map_loads_without_problems(doc):
    assert check(doc) == []
    assert doc.root() is not None and doc.root().kind is Kind.QUESTION
    assert 70 <= len(doc.nodes) <= 100


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
    assert count >= len(doc.nodes) - 2  # the question and the heading of the history notes


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


def test_each_stance_has_its_own_exit_fork_that_sums_to_one(doc):
    for option in _options(doc):
        fork = _exit_fork(doc, option.id)
        outcomes = [c for c in doc.children(fork.id) if c.kind is Kind.CONSEQUENCE]
        assert len(outcomes) == 2, option.id
        rest = [o for o in outcomes if o.remainder]
        assert len(rest) == 1 and sum(o.likelihood for o in outcomes if not o.remainder) < 1, option.id


def test_the_stances_differ_in_their_chance_of_an_orderly_exit_as_the_article_argues(doc):
    chance = {o.id: _orderly(doc, o.id).likelihood for o in _options(doc)}
    assert chance["opt_neutral"] > chance["opt_us"] > chance["opt_taliban"]


def test_every_exit_reaches_the_same_effects(doc):
    """Each way of leaving brings the same effects whatever the stance: the other forks link to the neutral one's."""
    from argmap.scoring.graph import compile_graph

    graph = compile_graph(doc)
    index = {node_id: i for i, node_id in enumerate(graph.ids)}

    def effects(node_id: str) -> set[str]:
        return {graph.ids[k] for k in graph.vkids[index[node_id]]}

    for option in _options(doc):
        fork = _exit_fork(doc, option.id)
        orderly, disorderly = sorted(doc.children(fork.id), key=lambda o: o.remainder)
        assert effects(orderly.id) >= {"c_stability"}, option.id
        assert effects(disorderly.id) == {"w_vacuum", "w_terror", "w_india"}, option.id


def test_the_dangers_the_article_warns_of_follow_an_exit_without_a_settlement(doc):
    disorderly = doc.node("o_disorderly")
    warnings = [n for n in doc.walk(disorderly.id) if "warning" in n.tags]
    quotes = " ".join(c.quote for n in warnings for c in n.citations)
    for phrase in ("terrorist activities would intense", "Indian Influence", "withdrawal of the Soviet Union",
                   "18 years of GWOT"):
        assert phrase in quotes
    # The article states recommendations 3 and 4 of the withdrawal as such: filing them here is the map's reading.
    for node_id in ("w_terror", "w_india"):
        assert "reading" in doc.node(node_id).tags


def test_each_stance_score_depends_on_its_own_exit_likelihood(doc):
    from argmap.scoring import score

    before = {o.node_id: o.overall for o in score(doc).options}
    for option in _options(doc):
        orderly = _orderly(doc, option.id)
        after = {o.node_id: o.overall for o in score(_with(doc, {orderly.id: orderly.likelihood + 0.2})).options}
        assert after[option.id] > before[option.id] + 0.5, option.id
        assert all(abs(after[k] - before[k]) < 1e-9 for k in before if k != option.id), option.id


def test_the_central_claim_decides_neutrality_lead(doc):
    """Half of neutrality's lead over siding with the US comes from its chance of an orderly exit."""
    from argmap.scoring import score

    def gap(d: Document) -> float:
        s = {o.node_id: o.overall for o in score(d).options}
        return s["opt_neutral"] - s["opt_us"]

    stance_arguments = {"pro_rec5": 0.0, "pro_broker": 0.0, "con_no_channel": 0.0}
    same = {_orderly(doc, o.id).id: 0.3 for o in _options(doc)}
    assert gap(_with(doc, same, stance_arguments)) < 0.7 * gap(doc)


def test_reversing_the_central_claim_changes_the_leader(doc):
    """A reader who holds that siding with the US, not neutrality, brings the orderly exit gets the US side ahead."""
    from argmap.scoring import score

    assert score(doc).options[0].node_id == "opt_neutral"
    reversed_claim = _with(doc, {"o_orderly": 0.1, "o_orderly_us": 0.9})
    assert score(reversed_claim).options[0].node_id == "opt_us"


def test_every_option_reaches_the_shared_withdrawal(doc):
    withdrawal = doc.node("c_withdraw")
    reach = {ln.source for ln in doc.links if ln.target == withdrawal.id and ln.kind.value == "leads_to"}
    for option in _options(doc):
        in_tree = any(a.id == option.id for a in doc.ancestors(withdrawal.id))
        assert in_tree or option.id in reach, option.id


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

    shares = {round(c.overall, 9) for o in score(doc).options for c in o.contributions if c.node_id == "c_withdraw"}
    assert len(shares) == 1


# -- what is the article's, and what is the map's --------------------------------------------------


def test_description_says_which_parts_are_the_articles_and_which_the_reading(doc):
    assert "READING" in doc.description and "FACT CHECK" in doc.description
    assert "only the differences" in doc.description


def test_every_reading_says_why_in_its_note(doc):
    readings = [n for n in doc.nodes if "reading" in n.tags]
    assert len(readings) >= 15
    for node in readings:
        assert node.note.startswith("Reading:"), node.id


@pytest.mark.parametrize("node_id", ["c_partner", "c_aid_back_neutral", "c_aid_back_us", "c_leverage", "c_aid_cut",
                                     "c_instability", "w_terror", "w_india", "c_image", "c_stability"])
def test_claims_beyond_their_quotes_are_marked_as_readings(doc, node_id):
    assert "reading" in doc.node(node_id).tags


def test_claims_the_article_makes_are_not_marked_as_readings(doc):
    for tag in NUMBERED_ITEMS:
        if tag.startswith(("us-objective", "taliban-demand")) or tag in ("recommendation-1", "recommendation-2",
                                                                         "recommendation-5"):
            assert all("reading" not in n.tags for n in _tagged(doc, tag)), tag


def test_the_us_conditions_quote_the_sentence_that_states_them(doc):
    assert [c.quote for c in doc.node("pro_us_conditions").citations] == ["But the USA said after Intra Afghan talks."]


def test_weights_agree_with_the_text(doc):
    # A Taliban-ruled neighbour is a threat to Pakistan in the article: no gain for it.
    assert doc.node("c_leverage").impact["pakistan"] < 0
    # The two clauses of recommendation 1 are worded with equal certainty.
    assert doc.node("c_threat").likelihood == doc.node("c_problem").likelihood
    # Siding with the US does not both hurt and help the Afghan government through Pakistan's standing.
    assert doc.node("c_relations").impact["afghan_gov"] < 0 <= doc.node("c_relations").impact["afghan_gov"] + 2
    assert doc.node("c_partner").impact["afghan_gov"] == 0


def test_the_us_side_carries_its_best_material(doc):
    us_side = {n.id for n in doc.walk("opt_us")}
    assert {"c_aid_back_us", "ev_passage", "ev_best_choice"} <= us_side
    assert any(c.quote.endswith("Washington needs the help of Islamabad.") for c in doc.node("c_partner").citations)
    rebuttals = {n.id for n in doc.children("c_threat") if n.kind is Kind.CON} | \
        {n.id for n in doc.children("c_relations") if n.kind is Kind.CON}
    assert len(rebuttals) >= 2


def test_the_taliban_side_has_a_case(doc):
    good = [n for n in doc.walk("opt_taliban")
            if n.kind is Kind.PRO or (n.kind is Kind.CONSEQUENCE and n.impact.get("pakistan", 0) > 0)]
    assert len(good) >= 2
    assert any(n.kind is Kind.CON for n in doc.children("c_problem"))


def test_past_events_are_not_claimed_as_future_effects(doc):
    assert doc.node("c_aid_cut").title == "Suspended aid stays suspended"
    assert "already" in doc.node("c_instability").text
    assert not doc.has_node("ev_uturn")


# -- fact check ---------------------------------------------------------------------------------------

FACT_CHECKS = {
    # node id: (the slip in its quote, a word the correction must contain)
    "n_911": ("September 09, 2001", "11 September 2001"),
    "n_911 ": ("4 plans", "four airliners"),
    "n_recognition": ("1994", "1997"),
    "n_bin_laden": ("captured", "killed"),
    "n_oef": ("2016", "2014"),
    "n_khalilzad": ("Sep 2019", "2018"),
    "pro_5000": ("Panwar", "Parwan"),
    "ev_baradar": ("Mullah Abdul Ghani", "Baradar"),
    "us_obj_3": ("Aghan", "intra-Afghan"),
    "ev_20000": ("20000 troops of the USA", "13,000"),
    "con_us_shield": ("20000 troops of the USA", "13,000"),
    "con_kabul_backer": ("20000 troops of the USA", "13,000"),
}


def test_every_fact_check_is_marked_and_only_those(doc):
    marked = {n.id for n in doc.nodes if "fact-check" in n.tags}
    assert marked == {k.strip() for k in FACT_CHECKS}


@pytest.mark.parametrize("node_id", sorted(FACT_CHECKS))
def test_fact_check_note_gives_the_correction_and_its_source(doc, node_id):
    slip, correction = FACT_CHECKS[node_id]
    node = doc.node(node_id.strip())
    assert any(slip in c.quote for c in node.citations), node_id
    assert "Fact check:" in node.note and correction in node.note, node_id
    assert "Source:" in node.note and "http" in node.note, node_id


def test_fact_checks_agree_with_the_teachers_pack(doc):
    sheet = (SCENARIOS / "pakistan-peace-talks.pack" / "factcheck.md").read_text(encoding="utf-8")
    quotes = [line[2:].strip() for line in sheet.splitlines() if line.startswith("> ")]
    assert len(quotes) >= 8
    marked = [n for n in doc.nodes if "fact-check" in n.tags]
    for quote in quotes:  # every slip on the sheet is marked on a node that quotes it
        assert any(quote in c.quote or c.quote in quote for n in marked for c in n.citations), quote
