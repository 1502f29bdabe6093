"""An undercut read from Argdown is drawn onto the inference it denies, not onto the argument's card."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.io import argdown
from argmap.render.scene import build_scene
from argmap.render.style import CrudeMeasure

SAMPLES = Path(__file__).parent / "argdown"


@pytest.mark.parametrize("direction, layout", [("top-down", "tidy"), ("left-right", "tidy"), ("top-down", "compact")])
def test_an_undercut_ends_across_the_edge_into_the_argument(direction, layout):
    doc = argdown.read(SAMPLES / "pcs.argdown")
    doc.view.direction = direction
    scene = build_scene(doc, measure=CrudeMeasure(), layout=layout)
    cut = next(ln for ln in scene.links if ln.kind == "undercuts" and ln.target == "Cheap")
    assert (cut.style, cut.arrow) == ("dashdot", "bar")
    edge = next(e for e in scene.fans["P"] if e.target == "Cheap")
    (x0, y0), (x1, y1) = edge.points[-2], edge.points[-1]
    assert cut.points[-1] == pytest.approx(((x0 + x1) / 2, (y0 + y1) / 2))
    card = scene.by_id["Cheap"].rect
    for t in (0.25, 0.5, 0.75):  # the curve passes beside the argument's card, not over it
        (ax, ay), (bx, by), (cx, cy), (dx, dy) = cut.points
        u = 1 - t
        x = u ** 3 * ax + 3 * u * u * t * bx + 3 * u * t * t * cx + t ** 3 * dx
        y = u ** 3 * ay + 3 * u * u * t * by + 3 * u * t * t * cy + t ** 3 * dy
        assert not card.contains(x, y)
