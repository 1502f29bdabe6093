"""The window's scores, kept up to date edit by edit, equal a fresh score of the document;
and the canvas, grown card by card, equals a canvas built afresh."""

from __future__ import annotations

import random

from argmap.model import Kind
from argmap.model import edits as E
from argmap.render.scene import build_scene
from argmap.scoring import score
from benchmarks.generate import generate


def _shown(scene):
    return ([(c.id, c.rect, c.face, c.parent) for c in scene.cards], scene.edges, scene.links, scene.bounds)


def test_edits_undos_and_redos_keep_the_window_scores_and_canvas_exact(window, session):
    session.set_document(generate(200, seed=7))
    doc = session.document
    rng = random.Random(7)
    consequences = [n.id for n in doc.nodes if n.kind is Kind.CONSEQUENCE]
    arguments = [n.id for n in doc.nodes if n.kind in (Kind.PRO, Kind.CON)]
    window.canvas.setFocus()
    for step in range(40):
        r = rng.random()
        if r < 0.3:
            session.select(rng.choice(consequences))
            window.edit_actions.do_add_child()
            window.canvas._close_editor(commit=False)
        elif r < 0.5:
            session.apply(E.SetLikelihood(rng.choice(consequences), round(rng.random(), 2)), "Likelihood")
        elif r < 0.6:
            session.apply(E.SetStrength(rng.choice(arguments), round(rng.random(), 2)), "Strength")
        elif r < 0.7:
            session.apply(E.SetImpact(rng.choice(consequences), "p1", round(rng.uniform(-9, 9), 1)), "Impact")
        elif r < 0.75:
            session.apply(E.SetPerspectiveWeight("p2", rng.choice([0.0, 1.0, 4.0])), "Weight")
        elif r < 0.9:
            session.undo()
        else:
            session.redo()
        assert window.scores == score(doc), step
        assert window.canvas.scores is window.scores
        fresh = build_scene(doc, window.scores, measure=window.canvas._measure, fold=window.canvas.fold,
                            unfold=window.canvas.unfolded, far=window.canvas.far)
        assert _shown(window.canvas.scene_data) == _shown(fresh), step
    assert window.score_keeper.live.recompiled < 20  # most edits did not compile the map again
