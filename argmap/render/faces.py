"""Card faces: what is drawn on each card (wrapped text, badges, score bar), as plain data (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from argmap.model.markers import MARKERS
from argmap.render import style as S
from argmap.render.style import Measure

__all__ = ["Badge", "TextLine", "Face", "FaceContext", "KindMark", "face_key", "make_face", "kind_mark", "kind_name",
           "FAR_LINES", "FAR_WIDTH"]


@dataclass(frozen=True, slots=True)
class Badge:
    """A small pill on a card; x, y are relative to the card's top-left corner."""

    text: str
    role: str  # likelihood | strength | impact | unweighed
    color: str
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True, slots=True)
class TextLine:
    """One wrapped line of a card's text; x, y (top of the line) are relative to the card."""

    text: str
    role: str  # title | text
    x: float
    y: float
    w: float
    rtl: bool = False


@dataclass(frozen=True, slots=True)
class Face:
    """Everything drawn on a card, independent of where the card is."""

    kind: str
    kind_label: str
    w: float
    h: float
    band: str
    fill: str
    ink: str
    lines: tuple[TextLine, ...]
    badges: tuple[Badge, ...]
    # The score bar's fill, -1..1: the option's score over the largest score (either sign) among the options,
    # drawn from the track's middle: right for a gain, left for a loss, so a small loss is a small red bar.
    score: float | None = None
    score_label: str = ""
    score_y: float = 0.0
    toggle: str = ""  # "" (no children), "-" (expanded) or "+" (collapsed)
    hidden: int = 0  # nodes hidden under a collapsed card
    size: tuple[float, float] = (0.0, 0.0)
    score_color: str = ""  # green for an option that comes out positive overall, red for negative  # (w, h), kept as one object so equal layouts compare fast
    far: float = 0.0  # a face for reading from far: only the title, drawn this many times its size (0: close up)
    scale: float = 1.0  # its text and room, as a multiple of the standard sizes (the canvas follows the system font)


@dataclass(frozen=True, slots=True)
class KindMark:
    """The letter naming a card's kind on a light chip at the left of its band (x, y: the chip's top-left,
    relative to the card), so the kind reads without colour; the band's label starts at `label_x`."""

    letter: str
    x: float
    y: float
    side: float
    label_x: float


def kind_mark(face: Face) -> KindMark | None:
    """Where and what a card's kind letter is (None for a kind without one)."""
    letter = S.KIND_MARKS.get(face.kind)
    if not letter:
        return None
    s = face.scale
    side = (S.BAND_HEIGHT - 6) * s
    return KindMark(letter, 4 * s, 3 * s, side, (4 + 5) * s + side)


def _abbrev(name: str) -> str:
    words = [w for w in name.replace("-", " ").split() if w]
    if len(words) >= 2:
        return "".join(w[0] for w in words[:3]).upper()
    return name[:3] if name else "?"


def _fmt(v: float) -> str:
    return f"{v:.2f}"


def _num(v: float) -> str:
    if v == 0:
        return "0"
    return f"{v:+g}" if v == int(v) else f"{v:+.1f}"


_TOKENS: dict[tuple, int] = {}


class FaceContext:
    """What every card's face depends on besides its node, computed once per build."""

    def __init__(self, doc: Any, scores: Any, measure: Measure) -> None:
        self.measure = measure
        self.perspectives = tuple((p.id, _abbrev(p.name or p.id), p.color) for p in doc.perspectives)
        # A small number standing for the perspectives in the face cache's keys (cheaper to hash).
        self.perspectives_token = _TOKENS.setdefault(self.perspectives, len(_TOKENS))
        self.colors = dict(doc.view.colors)
        self.argued: dict[str, float] = dict(getattr(scores, "argued", None) or {}) if scores is not None else {}
        self.options: dict[str, Any] = {}
        lo = hi = None
        if scores is not None:
            for opt in getattr(scores, "options", ()) or ():
                self.options[opt.node_id] = opt
                if opt.overall is not None:
                    lo = opt.overall if lo is None else min(lo, opt.overall)
                    hi = opt.overall if hi is None else max(hi, opt.overall)
        self.range = (lo, hi)
        self.has_scores = scores is not None
        self.far = 0.0  # see Face.far
        self.far_width = S.CARD_WIDTH  # the width of a far face


_KIND_NAMES: dict[Any, str] = {}


def kind_name(kind: Any) -> str:
    name = _KIND_NAMES.get(kind)
    if name is None:
        name = _KIND_NAMES[kind] = kind.value if hasattr(kind, "value") else str(kind)
    return name


def kind_label(node: Any, kind: str) -> str:
    """The band's label: the kind, then the node's markers ('CONSEQUENCE · READING')."""
    label = S.KIND_LABELS.get(kind, kind.upper())
    tags = node.tags
    if tags:
        for marker, (short, _) in MARKERS.items():
            if marker in tags:
                label += " · " + short
    return label


def face_key(node: Any, ctx: FaceContext, toggle: str, hidden: int) -> tuple:
    """Everything a card's face depends on: equal keys give equal faces."""
    nid = node.id
    opt = ctx.options.get(nid) if ctx.options else None
    impact = node.impact
    kind = node.kind
    return (
        getattr(kind, "_value_", kind),  # an enum member's hash is computed in Python; its value's is not
        node.title,
        node.text,
        node.likelihood,
        node.remainder,
        tuple(impact.items()) if impact else None,
        node.strength,
        ctx.argued.get(nid) if ctx.argued else None,
        (opt.overall, ctx.range) if opt is not None else ctx.has_scores,
        toggle,
        hidden,
        ctx.colors.get(nid) if ctx.colors else None,
        ctx.perspectives_token,
        ctx.far,
        ctx.far_width,
        tuple(node.tags) if node.tags else None,
    )


def make_face(node: Any, ctx: FaceContext, toggle: str, hidden: int) -> Face:
    """The face of `node`'s card; every size is the measure's `scale` times the standard one."""
    m = ctx.measure
    k = getattr(m, "scale", 1.0)
    kind = kind_name(node.kind)
    band, fill = S.KIND_COLORS.get(kind, ("#607d8b", "#eceff1"))
    override = ctx.colors.get(node.id)
    if override:
        band, fill = override, S.tint(override)
    if ctx.far:
        return _far_face(node, ctx, kind, band, fill, toggle, hidden)
    w = S.CARD_WIDTH * k
    pad = S.PAD * k
    inner = w - 2 * pad
    y = (S.BAND_HEIGHT + 6) * k
    lines: list[TextLine] = []
    for role, text, cap in (("title", node.title or "", S.MAX_TITLE_LINES), ("text", node.text, S.MAX_TEXT_LINES)):
        if not text.strip():
            continue
        lh = m.line_height(role)
        rtl = S.is_rtl(text)
        for line in m.wrap(text, inner, role, cap):
            lines.append(TextLine(line, role, pad, y, inner, rtl))
            y += lh
        y += 3 * k
    if not lines:
        lines.append(TextLine("(empty)", "text", pad, y, inner))
        y += m.line_height("text") + 3 * k

    pills: list[tuple[str, str, str]] = []
    nid = node.id
    if kind == "consequence":
        if node.remainder:
            base = "rest"
        elif node.likelihood is None:
            base = None
        else:
            base = _fmt(node.likelihood)
        argued = ctx.argued.get(nid)
        if base is None and argued is None:
            pills.append(("p ?", "unweighed", "#9e9e9e"))
        elif argued is not None and (node.likelihood is None or abs(argued - node.likelihood) > 0.005):
            pills.append((f"p {base}→{_fmt(argued)}" if base else f"p {_fmt(argued)}", "likelihood", band))
        else:
            pills.append((f"p {base}", "likelihood", band))
    if kind in ("pro", "con", "evidence"):
        argued = ctx.argued.get(nid)
        if node.strength is None:
            pills.append(("s ?", "unweighed", "#9e9e9e"))
        elif argued is not None and abs(argued - node.strength) > 0.005:
            pills.append((f"s {_fmt(node.strength)}→{_fmt(argued)}", "strength", band))
        else:
            pills.append((f"s {_fmt(node.strength)}", "strength", band))
    if node.impact:
        for pid, abbr, color in ctx.perspectives:
            v = node.impact.get(pid)
            if v is not None:
                pills.append((f"{abbr} {_num(v)}", "impact", color))

    badges: list[Badge] = []
    if pills:
        y += 2 * k
        x = pad
        bh = S.BADGE_HEIGHT * k
        gap = S.BADGE_GAP * k
        for text, role, color in pills:
            bw = m.width(text, "badge") + 10 * k
            if x > pad and x + bw > w - pad:
                x = pad
                y += bh + gap
            badges.append(Badge(text, role, color, x, y, bw, bh))
            x += bw + gap
        y += bh + 4 * k

    score = None
    label = ""
    score_y = 0.0
    score_color = ""
    if kind == "option" and ctx.has_scores:
        opt = ctx.options.get(nid)
        lo, hi = ctx.range
        score_y = y + 2 * k
        if opt is None or opt.overall is None:
            label = "unweighed"
        else:
            label = f"score {opt.overall:+.2f}"
            score_color = S.SCORE_COLORS[opt.overall >= 0]
            reach = max(abs(lo), abs(hi)) if lo is not None and hi is not None else 0.0
            score = 0.0 if reach < 1e-12 else max(-1.0, min(1.0, opt.overall / reach))
        y += (S.SCORE_HEIGHT + 2) * k
    h = y + (S.PAD - 2) * k
    return Face(kind, kind_label(node, kind), w, h, band, fill, S.INK,
                tuple(lines), tuple(badges), score, label, score_y, toggle, hidden, (w, h), score_color, 0.0, k)


#: A face for reading from far holds this many lines of its enlarged title at most.
FAR_LINES = 4
#: How wide far faces are by layout direction: left to right, a layer has room across, not down.
FAR_WIDTH = {"top-down": S.CARD_WIDTH, "left-right": 1.6 * S.CARD_WIDTH}


def _far_face(node: Any, ctx: FaceContext, kind: str, band: str, fill: str, toggle: str, hidden: int) -> Face:
    """The card seen from far: its title (or its text when it has none) wrapped at `ctx.far` times the
    title size, and the count of what is folded under it; no body text, badges or score bar."""
    m = ctx.measure
    k = ctx.far
    s = getattr(m, "scale", 1.0)
    w = ctx.far_width * s
    pad = S.PAD * s
    inner = w - 2 * pad
    words = (node.title or "").strip() or node.text.strip() or "(empty)"
    y = (S.BAND_HEIGHT + 4) * s
    lh = m.line_height("title") * k
    rtl = S.is_rtl(words)
    lines = []
    for line in m.wrap(words, inner / k, "title", FAR_LINES):
        lines.append(TextLine(line, "title", pad, y, inner / k, rtl))
        y += lh
    if (toggle == "+" and hidden) or (node.tags and any(m in node.tags for m in MARKERS)):
        y += (S.FONT_PX["label"] * 1.2 + 4) * k * s  # room for the "+12" pill and the markers' pill
    h = y + pad
    return Face(kind, kind_label(node, kind), w, h, band, fill, S.INK, tuple(lines), (),
                None, "", 0.0, toggle, hidden, (w, h), "", k, s)
