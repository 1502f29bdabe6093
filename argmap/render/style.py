"""Colours, sizes and text measuring shared by the scene and the painter (no Qt)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "CARD_WIDTH",
    "PAD",
    "BAND_HEIGHT",
    "FONT_PX",
    "KIND_COLORS",
    "KIND_LABELS",
    "KIND_MARKS",
    "DARK_FILLS",
    "Look",
    "LIGHT",
    "DARK",
    "mix",
    "EDGE_STYLES",
    "LINK_STYLES",
    "Measure",
    "CrudeMeasure",
    "tint",
    "is_rtl",
]

CARD_WIDTH = 220.0
PAD = 8.0
BAND_HEIGHT = 20.0
TOGGLE_SIZE = 14.0
BADGE_HEIGHT = 16.0
BADGE_GAP = 4.0
SCORE_HEIGHT = 20.0
MAX_TITLE_LINES = 3
MAX_TEXT_LINES = 7

#: Pixel sizes of the text roles; the painter's fonts use exactly these.
FONT_PX = {"title": 13, "text": 12, "label": 9, "badge": 10, "edge": 10}
BOLD_ROLES = frozenset({"title", "label", "edge", "mark"})
#: Pixel size of the kind letter in a card's band (drawn by the painter only).
MARK_PX = 12

#: kind -> (band colour, card fill). Chosen so that every two kinds stay apart for protanopes and
#: deuteranopes too (bands at least 10 CIEDE2000 apart, fills at least 5; see argmap.render.colourblind),
#: and so that the white band label and the dark card text read (WCAG contrast 4.5 or more).
KIND_COLORS: dict[str, tuple[str, str]] = {
    "question": ("#34495e", "#d6e1ea"),
    "option": ("#5e35b1", "#e4dffd"),
    "consequence": ("#a85f00", "#f7e6ca"),
    "scenario": ("#377e6a", "#c3d7c5"),
    "pro": ("#15571c", "#dee7df"),
    "con": ("#7f3a49", "#d6cccf"),
    "evidence": ("#546e7a", "#eff4f6"),
    "note": ("#807149", "#f7f4e4"),
}
KIND_LABELS = {k: k.upper() for k in KIND_COLORS}
#: kind -> the letter in a card's head that names its kind without colour (as in the outline's icons).
KIND_MARKS = {"question": "?", "option": "O", "consequence": "C", "scenario": "S", "pro": "+", "con": "\u2212",
              "evidence": "E", "note": "N"}
#: kind -> card fill on a dark canvas (the bands stay as they are), as far apart as the light fills.
DARK_FILLS = {
    "question": "#232b35",
    "option": "#2f244c",
    "consequence": "#453117",
    "scenario": "#243b38",
    "pro": "#182a1a",
    "con": "#312226",
    "evidence": "#313d47",
    "note": "#39362d",
}
#: Score bar fill by sign of the option's overall score: (negative, positive).
SCORE_COLORS = ("#c62828", "#2e7d32")
INK = "#1d1f23"
_PRO, _CON, _SCENARIO, _LEADS = (KIND_COLORS[k][0] for k in ("pro", "con", "scenario", "consequence"))

#: tree relation -> (colour, line style, label); a relation into a kind of card takes that kind's colour
EDGE_STYLES: dict[str, tuple[str, str, str]] = {
    "answers": ("#34495e", "solid", ""),
    "leads_to": (_LEADS, "solid", "leads to"),
    "outcome": (_SCENARIO, "dash", "outcome"),
    "supports": (_PRO, "solid", "supports"),
    "attacks": (_CON, "solid", "attacks"),
    "evidence": ("#546e7a", "solid", "evidence"),
    "raises": ("#34495e", "dash", "raises"),
    "note": ("#9e9e9e", "dot", ""),
}

#: link kind -> (colour, line style, arrow: "end" | "both" | "bar" | "none", label)
LINK_STYLES: dict[str, tuple[str, str, str, str]] = {
    "supports": (_PRO, "dash", "end", "supports"),
    "attacks": (_CON, "dash", "end", "attacks"),
    "undercuts": ("#8e24aa", "dashdot", "bar", "undercuts"),
    "contradicts": (_CON, "dot", "both", "contradicts"),
    "leads_to": (_LEADS, "dash", "end", "leads to"),
    "same_as": ("#1565c0", "dot", "none", "same as"),
}


@lru_cache(maxsize=4096)
def tint(color: str, amount: float = 0.86) -> str:
    """`color` mixed with white: 0 keeps it, 1 gives white."""
    c = color.lstrip("#")
    if len(c) == 3:
        c = "".join(ch * 2 for ch in c)
    try:
        r, g, b = int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
    except ValueError:
        return "#f4f4f4"
    mix = [round(v + (255 - v) * amount) for v in (r, g, b)]
    return "#{:02x}{:02x}{:02x}".format(*mix)


@lru_cache(maxsize=4096)
def mix(color: str, other: str, amount: float) -> str:
    """`color` mixed with `other`: 0 keeps `color`, 1 gives `other`."""
    a, b = _rgb(color), _rgb(other)
    return "#{:02x}{:02x}{:02x}".format(*(round(x + (y - x) * amount) for x, y in zip(a, b)))


def _rgb(color: str) -> tuple[int, int, int]:
    c = color.lstrip("#")
    if len(c) == 3:
        c = "".join(ch * 2 for ch in c)
    try:
        return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
    except ValueError:
        return (0x9e, 0x9e, 0x9e)


def _luminance(color: str) -> float:
    def lin(v: int) -> float:
        x = v / 255
        return x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4

    r, g, b = _rgb(color)
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def _contrast(a: str, b: str) -> float:
    la, lb = _luminance(a), _luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


@dataclass(frozen=True)
class Look:
    """The colours cards, edges and marks are drawn in on one kind of background.

    `LIGHT` is the faces' own colours (the canvas in a light theme, and every export);
    `DARK` keeps the bands and gives cards dark fills and light text.
    """

    name: str
    canvas: str  # the background behind the map
    ink: str  # card text
    muted: str  # the text of an unweighed badge
    label: str  # the band's label and kind letter
    focus: str  # the ring round a selected card
    target: str  # the ring round a drop target
    surface: str  # toggle boxes, score tracks, edge label backs
    track_edge: str  # the outline of a score track
    fills: tuple[tuple[str, str], ...] = ()  # kind -> fill in place of the light one (none: keep it)
    badge_amount: float = 0.82  # how far a badge's fill is mixed from its colour toward `badge_base`
    badge_base: str = "#ffffff"
    border_amount: float = 0.35  # how far a card's outline is mixed from its band toward `border_base`
    border_base: str = "#ffffff"

    def __post_init__(self) -> None:
        object.__setattr__(self, "_fills", dict(self.fills))  # looked up on every card paint

    @property
    def is_dark(self) -> bool:
        return _luminance(self.canvas) < 0.2

    def card_fill(self, kind: str, band: str, fill: str) -> str:
        """The fill of a card drawn in this look (`fill` is the face's, for a light background)."""
        if not self.fills:
            return fill
        light = KIND_COLORS.get(kind)
        if light is not None and band == light[0] and fill == light[1]:
            return self._fills.get(kind, fill)  # type: ignore[attr-defined]
        return mix(band, self.canvas, 0.72)  # a colour of the user's own

    def border(self, band: str) -> str:
        """A card's outline: its band's colour, paler (light) or darker (dark)."""
        if self.border_base == "#ffffff":
            return tint(band, self.border_amount)
        return mix(band, self.border_base, self.border_amount)

    def badge_fill(self, color: str) -> str:
        if self.badge_base == "#ffffff":
            return tint(color, self.badge_amount)
        return mix(color, self.badge_base, self.badge_amount)

    def line(self, color: str) -> str:
        """An edge or link colour that stands out from the canvas (contrast 3 or more)."""
        return _line(color, self.canvas)


@lru_cache(maxsize=1024)
def _line(color: str, canvas: str) -> str:
    if _contrast(color, canvas) >= 3:
        return color
    toward = "#ffffff" if _luminance(canvas) < 0.2 else "#000000"
    for step in range(1, 11):
        out = mix(color, toward, step / 10)
        if _contrast(out, canvas) >= 3:
            return out
    return toward


LIGHT = Look("light", canvas="#fafafa", ink=INK, muted="#616161", label="#ffffff", focus="#1976d2",
             target="#ff8f00", surface="#ffffff", track_edge="#9e9e9e")
DARK = Look("dark", canvas="#151619", ink="#e8eaed", muted="#c4c8ce", label="#ffffff", focus="#8ab4f8",
            target="#ffb74d", surface="#26282c", track_edge="#80868b", fills=tuple(DARK_FILLS.items()),
            badge_amount=0.62, badge_base="#151619", border_amount=0.25)


def is_rtl(text: str) -> bool:
    """Whether the first strongly directional character of `text` is right-to-left."""
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi in ("R", "AL"):
            return True
        if bidi == "L":
            return False
    return False


_WORD = re.compile(r"\S+\s*|\s+")


class Measure:
    """Measures and wraps text for the card layout; wrapped lines are cached per (text, width, role).

    Subclasses give `_width` (and may give a better `_wrap` and `line_height`). Being
    long-lived, a measure also keeps the scene's per-card cache (`faces`).
    """

    def __init__(self) -> None:
        self._widths: dict[tuple[str, str], float] = {}
        self._wraps: dict[tuple[str, float, str, int], tuple[str, ...]] = {}
        self.faces: dict[tuple, object] = {}

    def line_height(self, role: str) -> float:
        return round(FONT_PX[role] * 1.25)

    def width(self, text: str, role: str) -> float:
        key = (text, role)
        w = self._widths.get(key)
        if w is None:
            if len(self._widths) > 200_000:
                self._widths.clear()
            w = self._widths[key] = self._width(text, role)
        return w

    def wrap(self, text: str, width: float, role: str, max_lines: int = 0) -> tuple[str, ...]:
        """`text` broken into lines no wider than `width`; with `max_lines`, the last kept line ends in '…'."""
        key = (text, width, role, max_lines)
        lines = self._wraps.get(key)
        if lines is None:
            if len(self._wraps) > 600_000:  # room for every text of a 100,000-node map
                self._wraps.clear()
            out: list[str] = []
            for para in text.split("\n"):
                out.extend(self._wrap(para, width, role) if para.strip() else [""])
            while out and not out[-1]:
                out.pop()
            if max_lines and len(out) > max_lines:
                out = out[:max_lines]
                out[-1] = self._elide(out[-1], width, role)
            lines = self._wraps[key] = tuple(out)
        return lines

    __call__ = wrap

    def _elide(self, line: str, width: float, role: str) -> str:
        line = line.rstrip()
        while line and self._width(line + "…", role) > width:
            line = line[:-1].rstrip()
        return line + "…"

    def _width(self, text: str, role: str) -> float:
        raise NotImplementedError

    def _wrap(self, text: str, width: float, role: str) -> list[str]:
        """Greedy wrapping at spaces; a word wider than the line is broken between characters."""
        lines: list[str] = []
        line = ""
        for word in _WORD.findall(text):
            trial = line + word
            if self._width(trial.rstrip(), role) <= width:
                line = trial
                continue
            if line.strip():
                lines.append(line.rstrip())
            line = ""
            while self._width(word.rstrip(), role) > width:
                cut = 1
                while cut < len(word) and self._width(word[: cut + 1], role) <= width:
                    cut += 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        if line.strip():
            lines.append(line.rstrip())
        return lines


class CrudeMeasure(Measure):
    """A deterministic estimate of text widths for use without Qt (average glyph widths)."""

    def _width(self, text: str, role: str) -> float:
        px = FONT_PX[role]
        factor = 0.62 if role in BOLD_ROLES else 0.56
        total = 0.0
        for ch in text:
            if ord(ch) < 0x1100:
                total += 0.3 if ch in " il.,:;'|!" else 1.0
            elif unicodedata.east_asian_width(ch) in ("W", "F"):
                total += 1.8
            else:
                total += 1.0
        return total * px * factor
