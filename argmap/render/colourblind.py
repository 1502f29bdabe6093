"""Colour checks for the map's palette (no Qt): colour-blind simulation, colour difference, contrast.

- `simulate(color, vision)` shows a colour as a protanope or deuteranope sees it, by the
  full-severity matrices of Machado, Oliveira and Fernandes (2009) applied to linear RGB.
- `delta_e(a, b)` is the CIEDE2000 difference of two colours (CIELAB under D65); about 2 is
  just noticeable side by side, about 10 tells two things apart at a glance.
- `contrast_ratio(a, b)` is the WCAG 2 contrast ratio of two colours (1 to 21).

Colours are '#rrggbb' strings throughout.
"""

from __future__ import annotations

import math
from itertools import combinations
from typing import Iterable, Mapping, NamedTuple

__all__ = [
    "VISIONS",
    "simulate",
    "to_lab",
    "lab_delta_e",
    "delta_e",
    "relative_luminance",
    "contrast_ratio",
    "PairDifference",
    "pair_differences",
    "worst_pairs",
]

#: Linear-RGB matrices for dichromats (Machado et al. 2009, severity 1.0); None is normal vision.
_MATRICES: dict[str, tuple[tuple[float, float, float], ...] | None] = {
    "normal": None,
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
}
#: The visions a palette is checked under.
VISIONS = tuple(_MATRICES)


def _rgb(color: str) -> tuple[int, int, int]:
    c = color.lstrip("#")
    if len(c) == 3:
        c = "".join(ch * 2 for ch in c)
    if len(c) != 6:
        raise ValueError(f"colour {color!r}: expected '#rrggbb'")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def _to_linear(v: float) -> float:
    """An sRGB channel (0..1) to linear light."""
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _to_srgb(v: float) -> float:
    """Linear light (0..1) to an sRGB channel."""
    v = min(1.0, max(0.0, v))
    return v * 12.92 if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055


def _linear(color: str) -> tuple[float, float, float]:
    r, g, b = _rgb(color)
    return _to_linear(r / 255), _to_linear(g / 255), _to_linear(b / 255)


def simulate(color: str, vision: str) -> str:
    """`color` as seen with `vision` ("normal", "protanopia" or "deuteranopia")."""
    if vision not in _MATRICES:
        raise ValueError(f"vision {vision!r}: expected one of {', '.join(VISIONS)}")
    matrix = _MATRICES[vision]
    if matrix is None:
        return "#{:02x}{:02x}{:02x}".format(*_rgb(color))
    lin = _linear(color)
    out = [sum(m * v for m, v in zip(row, lin)) for row in matrix]
    return "#{:02x}{:02x}{:02x}".format(*(round(_to_srgb(v) * 255) for v in out))


# D65 white point of CIE XYZ (Y = 1).
_WHITE = (0.95047, 1.0, 1.08883)


def to_lab(color: str) -> tuple[float, float, float]:
    """CIELAB (L*, a*, b*) of an sRGB colour, D65 white."""
    r, g, b = _linear(color)
    xyz = (
        0.4124564 * r + 0.3575761 * g + 0.1804375 * b,
        0.2126729 * r + 0.7151522 * g + 0.0721750 * b,
        0.0193339 * r + 0.1191920 * g + 0.9503041 * b,
    )

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = (f(v / w) for v, w in zip(xyz, _WHITE))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def lab_delta_e(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    """CIEDE2000 colour difference of two CIELAB colours (kL = kC = kH = 1)."""
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7)))
    a1p, a2p = a1 * (1 + g), a2 * (1 + g)
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0

    dl = l2 - l1
    dc = c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    else:
        dh = h2p - h1p
        if dh > 180:
            dh -= 360
        elif dh < -180:
            dh += 360
    dH = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh) / 2)

    l_mean = (l1 + l2) / 2
    cp_mean = (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        h_mean = (h1p + h2p + 360) / 2
    else:
        h_mean = (h1p + h2p - 360) / 2

    t = (1 - 0.17 * math.cos(math.radians(h_mean - 30)) + 0.24 * math.cos(math.radians(2 * h_mean))
         + 0.32 * math.cos(math.radians(3 * h_mean + 6)) - 0.20 * math.cos(math.radians(4 * h_mean - 63)))
    d_theta = 30 * math.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_mean ** 7 / (cp_mean ** 7 + 25 ** 7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt((dl / s_l) ** 2 + (dc / s_c) ** 2 + (dH / s_h) ** 2 + r_t * (dc / s_c) * (dH / s_h))


def delta_e(a: str, b: str, vision: str = "normal") -> float:
    """CIEDE2000 difference of two colours as seen with `vision`."""
    return lab_delta_e(to_lab(simulate(a, vision)), to_lab(simulate(b, vision)))


def relative_luminance(color: str) -> float:
    """WCAG 2 relative luminance (0 black .. 1 white)."""
    r, g, b = _linear(color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours: 1 (none) to 21 (black on white)."""
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


class PairDifference(NamedTuple):
    """How far apart two kinds' colours of one part (band or fill) are under one vision."""

    part: str
    vision: str
    first: str
    second: str
    delta_e: float


def pair_differences(colors: Mapping[str, tuple[str, str]], visions: Iterable[str] = VISIONS
                     ) -> list[PairDifference]:
    """Every pair of kinds, for each part ("band", "fill") and vision: the CIEDE2000 difference.

    `colors` maps a kind to its (band colour, fill colour), as `style.KIND_COLORS` does.
    """
    visions = tuple(visions)
    labs = {(kind, part, vision): to_lab(simulate(pair[i], vision))
            for kind, pair in colors.items() for i, part in enumerate(("band", "fill")) for vision in visions}
    out = []
    for part in ("band", "fill"):
        for vision in visions:
            for a, b in combinations(colors, 2):
                out.append(PairDifference(part, vision, a, b,
                                          lab_delta_e(labs[(a, part, vision)], labs[(b, part, vision)])))
    return out


def worst_pairs(colors: Mapping[str, tuple[str, str]], count: int = 5, part: str = "band",
                vision: str | None = None) -> list[PairDifference]:
    """The `count` closest pairs of kinds for one part, under one vision or (None) any of them."""
    diffs = [d for d in pair_differences(colors) if d.part == part and (vision is None or d.vision == vision)]
    return sorted(diffs, key=lambda d: d.delta_e)[:count]
