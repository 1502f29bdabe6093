"""Colours, sizes and text measuring shared by the scene and the painter (no Qt)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "CARD_WIDTH",
    "PAD",
    "BAND_HEIGHT",
    "FONT_PX",
    "KIND_COLORS",
    "KIND_LABELS",
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
BOLD_ROLES = frozenset({"title", "label", "edge"})

#: kind -> (band colour, card fill)
KIND_COLORS: dict[str, tuple[str, str]] = {
    "question": ("#34495e", "#e9eef4"),
    "option": ("#5e35b1", "#efeaf8"),
    "consequence": ("#b26500", "#fdf2e2"),
    "scenario": ("#00796b", "#e2f3f1"),
    "pro": ("#2e7d32", "#e9f5ea"),
    "con": ("#c62828", "#fcebea"),
    "evidence": ("#546e7a", "#edf1f3"),
    "note": ("#8d7b00", "#fffbe3"),
}
KIND_LABELS = {k: k.upper() for k in KIND_COLORS}
#: Score bar fill by sign of the option's overall score: (negative, positive).
SCORE_COLORS = ("#c62828", "#2e7d32")
INK = "#1d1f23"

#: tree relation -> (colour, line style, label)
EDGE_STYLES: dict[str, tuple[str, str, str]] = {
    "answers": ("#34495e", "solid", ""),
    "leads_to": ("#8a5a1c", "solid", "leads to"),
    "outcome": ("#00796b", "dash", "outcome"),
    "supports": ("#2e7d32", "solid", "supports"),
    "attacks": ("#c62828", "solid", "attacks"),
    "evidence": ("#546e7a", "solid", "evidence"),
    "raises": ("#34495e", "dash", "raises"),
    "note": ("#9e9e9e", "dot", ""),
}

#: link kind -> (colour, line style, arrow: "end" | "both" | "bar" | "none", label)
LINK_STYLES: dict[str, tuple[str, str, str, str]] = {
    "supports": ("#2e7d32", "dash", "end", "supports"),
    "attacks": ("#c62828", "dash", "end", "attacks"),
    "undercuts": ("#8e24aa", "dashdot", "bar", "undercuts"),
    "contradicts": ("#c62828", "dot", "both", "contradicts"),
    "leads_to": ("#8a5a1c", "dash", "end", "leads to"),
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
