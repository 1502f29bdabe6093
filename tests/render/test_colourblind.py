"""The kind colours stay apart for colour-blind readers, and every text on a card has contrast."""

from __future__ import annotations

from itertools import combinations

import pytest

from argmap.model.document import Kind
from argmap.render import style as S
from argmap.render.colourblind import (VISIONS, contrast_ratio, delta_e, lab_delta_e, pair_differences, simulate,
                                       to_lab, worst_pairs)

#: Two kinds' bands (the coloured head of a card, the outline's icon) differ by at least this much
#: (CIEDE2000) under normal vision, protanopia and deuteranopia: told apart at a glance.
BAND_THRESHOLD = 10.0
#: Two kinds' card fills, pale or dark tints, differ by at least this much: clearly seen side by side.
FILL_THRESHOLD = 5.0
#: WCAG AA for normal text.
TEXT_CONTRAST = 4.5


# Pairs from Sharma, Wu and Dalal's CIEDE2000 test data.
@pytest.mark.parametrize("lab1, lab2, expected", [
    ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
    ((50, 3.1571, -77.2803), (50, 0, -82.7485), 2.8615),
    ((50, -1.3802, -84.2814), (50, 0, -82.7485), 1.0000),
    ((50, 0, 0), (50, -1, 2), 2.3669),
    ((50, 2.5, 0), (73, 25, -18), 27.1492),
    ((50, 2.5, 0), (61, -5, 29), 22.8977),
    ((50, 2.5, 0), (56, -27, -3), 31.9030),
    ((50, 2.5, 0), (58, 24, 15), 19.4535),
])
def test_delta_e_matches_the_published_test_pairs(lab1, lab2, expected):
    assert lab_delta_e(lab1, lab2) == pytest.approx(expected, abs=1e-4)
    assert lab_delta_e(lab2, lab1) == pytest.approx(expected, abs=1e-4)


def test_lab_of_white_black_and_a_primary():
    assert to_lab("#ffffff") == pytest.approx((100, 0, 0), abs=1e-3)
    assert to_lab("#000000") == pytest.approx((0, 0, 0), abs=1e-3)
    assert to_lab("#ff0000") == pytest.approx((53.24, 80.09, 67.20), abs=0.02)


def test_simulation_keeps_greys_and_merges_red_with_green():
    for vision in VISIONS:
        for grey in ("#000000", "#777777", "#ffffff"):
            assert delta_e(grey, simulate(grey, vision)) < 1.0
    # A red and a green of the same lightness are far apart for most readers, close for dichromats.
    red, green = "#c0392b", "#5a7d00"
    assert delta_e(red, green) > 40
    assert delta_e(red, green, "deuteranopia") < 15
    assert delta_e(red, green, "protanopia") < 15
    # Blue and yellow stay apart for both.
    assert delta_e("#1f4fd1", "#e0c000", "deuteranopia") > 50
    # Protanopes see red darker than deuteranopes do.
    assert to_lab(simulate("#ff0000", "protanopia"))[0] < to_lab(simulate("#ff0000", "deuteranopia"))[0]
    with pytest.raises(ValueError):
        simulate("#ff0000", "tetrachromacy")


def test_contrast_ratio_follows_wcag():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_the_check_catches_the_colours_it_is_for():
    """The old palette's consequence and note bands were one colour to a deuteranope."""
    old = {"consequence": ("#b26500", "#fdf2e2"), "note": ("#8d7b00", "#fffbe3"), "pro": ("#2e7d32", "#e9f5ea"),
           "con": ("#c62828", "#fcebea")}
    worst = worst_pairs(old, 1)[0]
    assert worst.delta_e < 2 and {worst.first, worst.second} == {"consequence", "note"}
    assert worst.vision == "deuteranopia"


def _as_drawn(look: S.Look) -> dict[str, tuple[str, str]]:
    return {kind: (band, look.card_fill(kind, band, fill)) for kind, (band, fill) in S.KIND_COLORS.items()}


@pytest.mark.parametrize("look", [S.LIGHT, S.DARK], ids=["light", "dark"])
def test_every_two_kinds_stay_apart_for_colour_blind_readers(look):
    diffs = pair_differences(_as_drawn(look))
    assert len(diffs) == 2 * len(VISIONS) * len(list(combinations(S.KIND_COLORS, 2)))
    close = [d for d in diffs if d.delta_e < (BAND_THRESHOLD if d.part == "band" else FILL_THRESHOLD)]
    assert not close, close


def test_every_kind_has_its_own_letter():
    assert set(S.KIND_MARKS) == {k.value for k in Kind} == set(S.KIND_COLORS)
    assert len(set(S.KIND_MARKS.values())) == len(S.KIND_MARKS)


@pytest.mark.parametrize("look", [S.LIGHT, S.DARK], ids=["light", "dark"])
def test_card_text_reads_on_every_kind_of_card(look):
    for kind, (band, fill) in S.KIND_COLORS.items():
        drawn = look.card_fill(kind, band, fill)
        assert contrast_ratio(look.ink, drawn) >= TEXT_CONTRAST, kind
        assert contrast_ratio(look.label, band) >= TEXT_CONTRAST, kind  # the band's label and letter
        assert contrast_ratio(look.ink, look.badge_fill(band)) >= TEXT_CONTRAST, kind
    assert contrast_ratio(look.muted, look.badge_fill("#9e9e9e")) >= TEXT_CONTRAST  # an unweighed badge
    for color in S.SCORE_COLORS:
        assert contrast_ratio(look.line(color), look.canvas) >= 3  # lines and marks: WCAG non-text contrast
    assert contrast_ratio(look.focus, look.canvas) >= 3


def test_a_colour_of_the_users_own_gets_a_dark_fill_that_keeps_contrast():
    fill = S.DARK.card_fill("consequence", "#ffeb3b", S.tint("#ffeb3b"))
    assert contrast_ratio(S.DARK.ink, fill) >= TEXT_CONTRAST
    assert S.LIGHT.card_fill("consequence", "#ffeb3b", S.tint("#ffeb3b")) == S.tint("#ffeb3b")
