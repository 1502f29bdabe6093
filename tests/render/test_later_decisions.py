"""Cards of a later decision's options show their values, on the canvas's scene and in exports."""

from __future__ import annotations

import pytest

from argmap.model import Document
from argmap.render.scene import build_scene, later_values
from argmap.scoring import score


def _drill_after_test() -> Document:
    """Test the site (cost 10), then decide to drill (cost 70) or not, on a map in $ thousand.

    Without the test drilling pays .5·0 + .5·200 − 70 = 30. A positive test (p .4) leaves a
    wet well at .9: drilling is worth .9·200 − 70 = 110; a negative one (p .6) leaves .2333…:
    drilling is worth 46.67 − 70 = −23.33, so not drilling (0) is best there. Testing is worth
    −10 + .4·110 + .6·0 = 34; not testing is worth 30.
    """
    def drill(prefix: str, parent: str, wet: float) -> list[dict]:
        return [
            {"id": f"{prefix}q", "kind": "question", "parent": parent, "text": "Drill?"},
            {"id": f"{prefix}d", "kind": "option", "parent": f"{prefix}q", "order": 0, "text": "Drill",
             "impact": {"m": -70}},
            {"id": f"{prefix}w", "kind": "scenario", "parent": f"{prefix}d", "text": "The well"},
            {"id": f"{prefix}wet", "kind": "consequence", "parent": f"{prefix}w", "order": 0, "text": "Wet",
             "likelihood": wet, "impact": {"m": 200}},
            {"id": f"{prefix}dry", "kind": "consequence", "parent": f"{prefix}w", "order": 1, "text": "Dry",
             "remainder": True, "impact": {"m": 0}},
            {"id": f"{prefix}n", "kind": "option", "parent": f"{prefix}q", "order": 1, "text": "Do not drill",
             "impact": {"m": 0}},
        ]

    return Document.model_validate({
        "question": "q", "impact_scale": {"min": -100, "max": 300, "unit": "$ thousand"},
        "perspectives": [{"id": "m", "name": "Money"}],
        "nodes": [
            {"id": "q", "kind": "question", "text": "Test the site first?"},
            {"id": "no", "kind": "option", "parent": "q", "order": 0, "text": "Do not test"},
            *drill("a_", "no", 0.5),
            {"id": "yes", "kind": "option", "parent": "q", "order": 1, "text": "Test", "impact": {"m": -10}},
            {"id": "r", "kind": "scenario", "parent": "yes", "text": "The test says"},
            {"id": "pos", "kind": "consequence", "parent": "r", "order": 0, "text": "Wet", "likelihood": 0.4},
            *drill("p_", "pos", 0.9),
            {"id": "neg", "kind": "consequence", "parent": "r", "order": 1, "text": "Dry", "remainder": True},
            *drill("n_", "neg", 0.7 / 3),
        ],
    })


LATER = {"a_d": 30.0, "a_n": 0.0, "p_d": 110.0, "p_n": 0.0, "n_d": -70 + 200 * 0.7 / 3, "n_n": 0.0}


def test_later_options_are_valued_by_the_scores():
    doc = _drill_after_test()
    s = score(doc)
    assert {o.node_id: o.overall for o in s.options} == {"no": pytest.approx(30), "yes": pytest.approx(34)}
    assert later_values(doc, s) == {k: pytest.approx(v) for k, v in LATER.items()}


def test_later_option_cards_show_their_values_not_unweighed():
    doc = _drill_after_test()
    s = score(doc)
    scene = build_scene(doc, s)
    reach = max(abs(v) for v in (*LATER.values(), 34))
    for nid, value in LATER.items():
        face = scene.by_id[nid].face
        assert face.score_label == f"score {value:+.2f}"
        assert face.score == pytest.approx(value / reach)
    # The map's own options share the one scale, so every bar is on the same scale.
    assert scene.by_id["yes"].face.score == pytest.approx(34 / reach)
    assert scene.by_id["a_d"].face.score_color != scene.by_id["n_d"].face.score_color  # + and −


def test_an_edit_under_a_later_option_moves_its_card():
    from argmap.model import edits as E

    doc = _drill_after_test()
    before = build_scene(doc, score(doc))
    E.SetLikelihood("p_wet", 0.8).apply(doc)
    after = build_scene(doc, score(doc), previous=before, changed={"p_wet"}, same_tree=True)
    assert after.by_id["p_d"].face.score_label == "score +90.00"


def test_exports_show_the_later_values(qapp, tmp_path):
    from argmap.render.images import map_scene, write_svg

    doc = _drill_after_test()
    path = tmp_path / "tree.svg"
    write_svg(map_scene(doc), path)
    text = path.read_text(encoding="utf-8")
    assert "unweighed" not in text
    for value in LATER.values():
        assert f"score {value:+.2f}" in text
