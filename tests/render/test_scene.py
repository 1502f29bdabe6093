"""The scene: a card per visible node, badges, score bars, collapsed branches, edges and links."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from argmap.model import Document, Kind, Link, Node, Perspective
from argmap.model.edits import SetLikelihood, SetText
from argmap.render.scene import build_scene
from argmap.render.style import CARD_WIDTH, PAD, CrudeMeasure


def sample() -> Document:
    nodes = [
        Node(id="q", kind=Kind.QUESTION, text="Which stance should be taken in the talks?"),
        Node(id="o1", kind=Kind.OPTION, text="Stay neutral", parent="q", order=0, impact={"pk": 2.0}),
        Node(id="o2", kind=Kind.OPTION, text="Side with one party", parent="q", order=1),
        Node(id="c1", kind=Kind.CONSEQUENCE, text="The talks succeed and trade across the border grows", parent="o1",
             likelihood=0.6, impact={"pk": 6.0, "us": -3.0}),
        Node(id="p1", kind=Kind.PRO, text="It has hosted talks before", parent="c1", strength=0.7),
        Node(id="k1", kind=Kind.CON, text="Trust is thin", parent="c1", order=1),
        Node(id="e1", kind=Kind.EVIDENCE, text="A quote", parent="p1", strength=0.5),
        Node(id="s1", kind=Kind.SCENARIO, text="How the other side reacts", parent="o2"),
        Node(id="c2", kind=Kind.CONSEQUENCE, text="They accept", parent="s1", likelihood=0.3),
        Node(id="c3", kind=Kind.CONSEQUENCE, text="They refuse", parent="s1", order=1, remainder=True),
        Node(id="n1", kind=Kind.NOTE, text="A remark", parent="o2", order=1),
    ]
    return Document(question="q", nodes=nodes,
                    perspectives=[Perspective(id="pk", name="Pakistan", color="#2e7d32"),
                                  Perspective(id="us", name="United States", color="#1565c0")],
                    links=[Link(**{"from": "c3", "to": "c1", "kind": "attacks"}),
                           Link(**{"from": "c2", "to": "e1", "kind": "same_as"})])


def test_scene_has_a_card_per_node_with_wrapped_text():
    doc = sample()
    scene = build_scene(doc)
    assert [c.id for c in scene.cards] == [n.id for n in doc.walk()]
    measure = CrudeMeasure()
    c1 = build_scene(doc, measure=measure).card("c1")
    assert c1.kind == "consequence" and c1.kind_label == "CONSEQUENCE"
    assert len(c1.text_lines) >= 2
    assert " ".join(c1.text_lines) == doc.node("c1").text
    assert all(measure.width(line, "text") <= CARD_WIDTH - 2 * PAD for line in c1.text_lines)
    assert c1.rect.w == CARD_WIDTH


def test_long_text_is_cut_with_an_ellipsis():
    doc = sample()
    doc.node("c2").text = "word " * 200
    card = build_scene(doc).card("c2")
    assert 1 < len(card.text_lines) <= 7 and card.text_lines[-1].endswith("…")


def test_badges_show_weights_and_compact_impacts():
    scene = build_scene(sample())
    texts = lambda nid: [b.text for b in scene.card(nid).badges]  # noqa: E731
    assert texts("c1") == ["p 0.60", "Pak +6", "US -3"]
    assert texts("p1") == ["s 0.70"]
    assert texts("k1") == ["s ?"]
    assert texts("c3") == ["p rest"]
    assert texts("o1") == ["Pak +2"]
    for card in scene.cards:
        for b in card.badges:
            assert 0 <= b.x and b.x + b.w <= card.rect.w and b.y + b.h <= card.rect.h


def test_argued_likelihood_and_option_score_bars_come_from_the_scores():
    options = [SimpleNamespace(node_id="o1", overall=3.0), SimpleNamespace(node_id="o2", overall=-1.0)]
    scores = SimpleNamespace(argued={"c1": 0.45, "p1": 0.7}, options=options)
    scene = build_scene(sample(), scores)
    assert scene.card("c1").badges[0].text == "p 0.60→0.45"
    assert scene.card("p1").badges[0].text == "s 0.70"
    o1, o2 = scene.card("o1").face, scene.card("o2").face
    assert (o1.score, o1.score_label) == (1.0, "score +3.00")
    assert (o2.score, o2.score_label) == (pytest.approx(-1 / 3), "score -1.00")  # a third of the gain, as a loss
    assert (o1.score_color, o2.score_color) == ("#2e7d32", "#c62828")
    assert build_scene(sample()).card("o1").face.score_label == ""


def test_collapsed_branch_hides_descendants_and_counts_them():
    doc = sample()
    doc.view.collapsed = ["c1"]
    scene = build_scene(doc)
    assert {c.id for c in scene.cards} == {n.id for n in doc.nodes} - {"p1", "k1", "e1"}
    card = scene.card("c1")
    assert card.hidden_count == 3 and card.face.toggle == "+"
    assert scene.card("o1").face.toggle == "-" and scene.card("c2").face.toggle == ""
    assert card.toggle_rect is not None and card.rect.contains(*card.toggle_rect.center)
    assert all(e.target not in {"p1", "k1", "e1"} for e in scene.edges)
    # A link to a hidden node ends on the collapsed card that hides it.
    assert [(ln.source, ln.target, ln.kind) for ln in scene.links] == [("c3", "c1", "attacks"), ("c2", "e1", "same_as")]
    assert scene.card("c1").rect.adjusted(0.01).contains(*scene.links[1].points[-1])
    doc.view.collapsed = ["o1"]
    assert [ln.kind for ln in build_scene(doc).links] == ["attacks", "same_as"]
    assert [ln.kind for ln in build_scene(doc, root="o2").links] == []


def test_root_limits_the_scene_to_one_branch():
    scene = build_scene(sample(), root="o2")
    assert {c.id for c in scene.cards} == {"o2", "s1", "c2", "c3", "n1"}
    assert scene.root == "o2" and scene.card("o2").parent is None


def test_edges_are_styled_by_relation():
    scene = build_scene(sample())
    rel = {(e.source, e.target): (e.relation, e.label) for e in scene.edges}
    assert rel[("o1", "c1")] == ("leads_to", "leads to")
    assert rel[("c1", "p1")] == ("supports", "supports")
    assert rel[("c1", "k1")] == ("attacks", "attacks")
    assert rel[("s1", "c2")][0] == "outcome"
    assert rel[("o2", "n1")][0] == "note"
    styles = {e.relation: (e.color, e.style) for e in scene.edges}
    assert len(set(styles.values())) == len(styles)
    for e in scene.edges:  # parent's bottom to child's top
        assert e.points[0] == (scene.card(e.source).rect.center[0], scene.card(e.source).rect.bottom)
        assert e.points[-1] == (scene.card(e.target).rect.center[0], scene.card(e.target).rect.y)


def test_links_are_curves_ending_on_the_cards():
    scene = build_scene(sample())
    by_kind = {ln.kind: ln for ln in scene.links}
    attack, same = by_kind["attacks"], by_kind["same_as"]
    assert len(attack.points) == 4 and attack.arrow == "end" and same.arrow == "none"
    assert (attack.color, attack.style) != (same.color, same.style)
    start, end = attack.points[0], attack.points[-1]
    assert scene.card("c3").rect.adjusted(0.01).contains(*start)
    assert scene.card("c1").rect.adjusted(0.01).contains(*end)
    b = scene.bounds
    for card in scene.cards:
        assert b.x <= card.rect.x and card.rect.right <= b.right and card.rect.bottom <= b.bottom


def test_colour_overrides_and_left_right_direction():
    doc = sample()
    doc.view.colors = {"c1": "#123456"}
    doc.view.direction = "left-right"
    scene = build_scene(doc)
    assert scene.card("c1").face.band == "#123456"
    assert scene.card("c2").face.band != "#123456"
    q, o1 = scene.card("q"), scene.card("o1")
    assert o1.rect.x >= q.rect.right
    for e in scene.edges:
        assert e.points[0] == (scene.card(e.source).rect.right, scene.card(e.source).rect.center[1])


def test_rebuilding_after_one_edit_reuses_the_other_cards_faces():
    doc = sample()
    measure = CrudeMeasure()
    before = build_scene(doc, measure=measure)
    SetLikelihood("c2", 0.4).apply(doc)
    SetText("n1", "Another remark").apply(doc)
    after = build_scene(doc, measure=measure)
    changed = {c.id for c in after.cards if c.face is not before.card(c.id).face}
    assert changed == {"c2", "n1"}


def test_empty_document_gives_an_empty_scene():
    scene = build_scene(Document())
    assert scene.cards == [] and scene.bounds.w == 0


@pytest.mark.parametrize("text", ["مذاکرات امن در دوحه ادامه دارد و طرفین توافق کردند", "和平谈判在多哈继续进行双方同意" * 3])
def test_text_without_spaces_or_right_to_left_wraps_inside_the_card(text):
    doc = sample()
    doc.node("c2").text = text
    measure = CrudeMeasure()
    card = build_scene(doc, measure=measure).card("c2")
    assert len(card.text_lines) > 1
    assert all(measure.width(line, "text") <= CARD_WIDTH - 2 * PAD for line in card.text_lines)
    assert card.face.lines[0].rtl == ("م" in text)


def test_a_chain_ten_thousand_deep_builds_and_collapses():
    n = 10_000
    nodes = [Node(id="q", kind=Kind.QUESTION, text="Deep?"), Node(id="o", kind=Kind.OPTION, text="Go", parent="q")]
    nodes += [Node(id=f"c{i}", kind=Kind.CONSEQUENCE, text=f"Step {i}", parent=f"c{i - 1}" if i else "o")
              for i in range(n)]
    doc = Document(question="q", nodes=nodes)
    scene = build_scene(doc)
    assert len(scene.cards) == n + 2 and len(scene.edges) == n + 1
    assert scene.card(f"c{n - 1}").depth == n + 1
    doc.view.collapsed = ["c0"]
    folded = build_scene(doc, previous=scene)
    assert len(folded.cards) == 3 and folded.card("c0").hidden_count == n - 1


def _same(a, b) -> bool:
    cards = [(c.id, c.kind, c.rect, c.face, c.depth, c.parent) for c in a.cards]
    return (cards == [(c.id, c.kind, c.rect, c.face, c.depth, c.parent) for c in b.cards]
            and a.edges == b.edges and a.fans == b.fans and a.links == b.links and a.bounds == b.bounds)


def test_rebuilding_only_the_changed_cards_gives_the_full_result():
    from argmap.model.edits import SetImpact, SetKind, SetStrength

    doc = sample()
    measure = CrudeMeasure()
    scores = SimpleNamespace(argued={"c1": 0.45}, options=[SimpleNamespace(node_id="o1", overall=3.0),
                                                          SimpleNamespace(node_id="o2", overall=-1.0)])
    scene = build_scene(doc, scores, measure=measure)
    steps = [
        (SetLikelihood("c2", 0.4), {"c2"}, scores),
        (SetStrength("p1", 0.9), {"p1"}, scores),
        (SetImpact("c1", "pk", -4.0), {"c1"}, scores),
        (SetText("n1", "x"), {"n1"}, scores),
        (SetKind("k1", Kind.PRO), {"k1"}, scores),  # the edge into it changes style too
        (SetText("c3", "A much longer text that takes more lines than before " * 3), {"c3"}, scores),  # grows
        (SetLikelihood("c2", 0.5), {"c2", "c1"}, SimpleNamespace(argued={"c1": 0.2}, options=scores.options)),
    ]
    quick = 0
    for edit, changed, shown in steps:
        edit.apply(doc)
        fast = build_scene(doc, shown, measure=measure, previous=scene, changed=changed, same_tree=True)
        full = build_scene(doc, shown, measure=measure)
        assert _same(fast, full), edit
        untouched = [c for c in fast.cards if c.id not in changed]
        if fast._layout_input is scene._layout_input:  # no card grew: the others are the very same objects
            quick += 1
            assert all(c is scene.card(c.id) for c in untouched)
        scene = fast
    assert quick == len(steps) - 1  # all but the card that grew    assert scene.card("k1").kind == "pro"
    assert next(e for e in scene.edges if e.target == "k1").relation == "supports"
