"""Each card's band carries its kind's letter, in exports too, so kinds read apart printed in grey."""

from __future__ import annotations

from itertools import combinations

import pytest
from PySide6.QtGui import QImage

from argmap.io import jsondoc
from argmap.paths import bundled_scenario
from argmap.render import images
from argmap.render.faces import kind_mark
from argmap.render.style import KIND_COLORS


@pytest.fixture(scope="module")
def drawn(qapp):
    scene = images.map_scene(jsondoc.read(bundled_scenario()))
    image = images.render_image(scene, 1.0).convertToFormat(QImage.Format.Format_Grayscale8)
    return scene, image


def _chip(scene, image, card) -> list[int]:
    """The grey levels of a card's letter chip, as exported."""
    mark = kind_mark(card.face)
    b = scene.bounds
    x0, y0 = round(card.rect.x + mark.x - b.x), round(card.rect.y + mark.y - b.y)
    side = round(mark.side)
    return [image.pixelColor(x0 + i, y0 + j).red() for j in range(1, side - 1) for i in range(1, side - 1)]


def test_every_kind_shows_its_letter_in_grey(drawn):
    scene, image = drawn
    chips = {}
    for card in scene.cards:
        if card.kind not in chips and card.face.kind == card.kind:
            chips[card.kind] = _chip(scene, image, card)
    assert set(chips) == set(KIND_COLORS)
    for kind, chip in chips.items():
        light = sum(v > 225 for v in chip)
        dark = sum(v < 150 for v in chip)
        # A pale chip holding a dark letter (the minus sign is the smallest, a bar of a few pixels).
        assert light > len(chip) / 3 and dark > 5, kind
    # Printed in grey, no two kinds' chips look alike.
    for a, b in combinations(chips, 2):
        differ = sum(abs(p - q) > 60 for p, q in zip(chips[a], chips[b]))
        assert differ > 8, (a, b)
