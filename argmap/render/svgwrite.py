"""A Scene written as SVG text, streamed: shared CSS classes, reusable card frames, a few elements per card.

It draws what `painter.paint_scene` draws at full detail (level of detail 1), in the
same order: tree edges, their labels, cross-links, then the cards. What repeats is
written once: a `<style>` block (one class per colour, text role and line style) and
`<defs>` (a card's frame, i.e. its rounded box, coloured band and kind label, per
kind colour and height; each edge or link label; arrowheads). A card is then a group
moved into place holding one `<use>` of its frame, its text lines and its badges.

Map text is data: it is escaped, and characters XML 1.0 forbids are dropped.
Text positions follow the painter's: a line's baseline is its top plus the Qt font's
ascent, so the picture matches the PNG when the same fonts are installed.
"""

from __future__ import annotations

import re
from itertools import groupby
from typing import Callable, Iterable, TextIO

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontMetricsF, QStaticText, QTransform

from argmap import textsafe
from argmap.render import style as S
from argmap.render.faces import kind_mark
from argmap.render.painter import FONT_FAMILIES, TRUNK, font, score_fill
from argmap.render.shapes import Card, Edge, LinkPath, Scene

__all__ = ["CHUNK", "write", "escape"]

CHUNK = 400  # cards written between two calls of `step`

#: Qt pen dash patterns, in multiples of the line width.
_DASHES = {"dash": (4, 2), "dot": (1, 2), "dashdot": (4, 2, 1, 2)}
_PLAIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*( [A-Za-z][A-Za-z0-9-]*)*")
_ROLE_CLASS = {"title": "t", "text": "x", "label": "l", "badge": "b", "edge": "e"}

#: Map text as XML character data: markup escaped, characters XML 1.0 forbids dropped (`textsafe.xml`).
escape = textsafe.xml


def _formatter(digits: int) -> Callable[[float], str]:
    """A memoised formatter: at most `digits` decimals, no trailing zeros, no '-0' (a card's offsets repeat)."""
    cache: dict[float, str] = {}
    pattern = f"%.{digits}f"

    def fmt(v: float) -> str:
        s = cache.get(v)
        if s is None:
            s = (pattern % v).rstrip("0").rstrip(".")
            if s == "-0":
                s = "0"
            if len(cache) > 200_000:
                cache.clear()
            cache[v] = s
        return s

    return fmt


#: Shapes: two decimals.
_n = _formatter(2)
#: Text positions, exact to 1/64 px (Qt's font metrics are in 64ths): Qt rounds a text's baseline
#: to whole pixels, so a baseline 0.005 px off one painted at x.5 would land a pixel away from the PNG's.
_y = _formatter(6)


_COLOURS: dict[str, str] = {}


def _colour(name: str) -> str:
    """A colour of the map as CSS, read as the painter's QColor reads it (colours are data, never CSS)."""
    css = _COLOURS.get(name)
    if css is None:
        q = QColor(name)
        if not q.isValid():
            q = QColor(0, 0, 0)  # what the painter fills with for a colour it cannot read
        css = q.name() if q.alpha() == 255 else f"rgba({q.red()},{q.green()},{q.blue()},{_n(q.alphaF())})"
        _COLOURS[name] = css
    return css


class _Styles:
    """CSS classes by declaration, and the shapes of `<defs>` by what they depend on."""

    def __init__(self) -> None:
        self.classes: dict[str, str] = {}
        self.defs: dict[tuple, str] = {}
        self.defs_text: list[str] = []

    def cls(self, declaration: str) -> str:
        name = self.classes.get(declaration)
        if name is None:
            name = self.classes[declaration] = f"k{len(self.classes)}"
        return name

    def fill(self, color: str) -> str:
        return self.cls(f"fill:{_colour(color)}")

    def stroke(self, color: str, width: float, style: str = "solid") -> str:
        dash = _DASHES.get(style)
        # Spaces, not commas: Qt's SVG renderer misreads a comma-separated dash list given in CSS.
        extra = f";stroke-dasharray:{' '.join(_n(d * width) for d in dash)}" if dash else ""
        return self.cls(f"fill:none;stroke:{_colour(color)};stroke-width:{_n(width)}{extra}")

    def define(self, key: tuple, make: Callable[[str], str]) -> str:
        """The id of the shape for `key`, written into the defs by `make(id)` the first time."""
        ident = self.defs.get(key)
        if ident is None:
            ident = self.defs[key] = f"d{len(self.defs)}"
            self.defs_text.append(make(ident))
        return ident


class _Fonts:
    """The ascent (top of a line to its baseline) and text sizes of the painter's fonts."""

    def __init__(self) -> None:
        self.metrics = {role: QFontMetricsF(font(role)) for role in S.FONT_PX}
        self.ascent = {role: fm.ascent() for role, fm in self.metrics.items()}
        self.mark_ascent = QFontMetricsF(font("mark")).ascent()

    def static_size(self, text: str, role: str) -> tuple[float, float]:
        """The size the painter gives a line of text (QStaticText's, as it draws labels and scores)."""
        st = QStaticText(text)
        st.setTextFormat(Qt.TextFormat.PlainText)
        st.prepare(QTransform(), font(role))
        size = st.size()
        return size.width(), size.height()


def _hundredths(d: int) -> str:
    """An integer count of hundredths as a decimal number, e.g. -250 -> '-2.5'."""
    if d % 100 == 0:
        return str(d // 100)
    sign, d = ("-", -d) if d < 0 else ("", d)
    return f"{sign}{d // 100}.{d % 100:02d}".rstrip("0")


class _Path:
    """Path data with relative moves, kept in whole hundredths so that rounding never adds up."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.x: int | None = None
        self.y = 0

    def _to(self, x: float, y: float, move: bool) -> None:
        hx, hy = round(x * 100), round(y * 100)
        if self.x is None:
            self.parts.append(f"M{_hundredths(hx)} {_hundredths(hy)}")
        else:
            dx, dy = hx - self.x, hy - self.y
            if move:
                self.parts.append(f"m{_hundredths(dx)} {_hundredths(dy)}")
            elif dy == 0:
                self.parts.append(f"h{_hundredths(dx)}")
            elif dx == 0:
                self.parts.append(f"v{_hundredths(dy)}")
            else:
                self.parts.append(f"l{_hundredths(dx)} {_hundredths(dy)}")
        self.x, self.y = hx, hy

    def move(self, p: tuple[float, float]) -> None:
        self._to(p[0], p[1], True)

    def line(self, p: tuple[float, float]) -> None:
        self._to(p[0], p[1], False)

    def text(self) -> str:
        return "".join(self.parts)


def _edge_paths(edges: Iterable[Edge]) -> dict[tuple[str, str], _Path]:
    """Tree edges as one path per (colour, line style), the way `painter.edge_path` groups them.

    A fan of solid lines has its trunk and crossbar written once (the painter draws them once per
    child, on top of each other); when the children differ in relation they take the neutral trunk style.
    """
    out: dict[tuple[str, str], _Path] = {}

    def path_for(key: tuple[str, str]) -> _Path:
        path = out.get(key)
        if path is None:
            path = out[key] = _Path()
        return path

    for _, group in groupby(edges, key=lambda e: e.source):
        fan = list(group)
        mixed = any(e.relation != fan[0].relation for e in fan)
        if any(len(e.points) != 4 for e in fan) or (not mixed and fan[0].style != "solid"):
            # Whole, like the painter's: a dashed line's dashes start where its subpath starts.
            for e in fan:
                path = path_for((e.color, e.style))
                path.move(e.points[0])
                for p in e.points[1:]:
                    path.line(p)
            continue
        first = fan[0]
        a, b = first.points[0], first.points[1]
        trunk = path_for(TRUNK if mixed else (first.color, first.style))
        trunk.move(a)
        trunk.line(b)
        ends = [e.points[2] for e in fan]
        lo, hi = min([b, *ends]), max([b, *ends])
        if lo != hi:
            trunk.move(lo)
            trunk.line(hi)
        for e in fan:
            path = path_for((e.color, e.style))
            path.move(e.points[2])
            path.line(e.points[3])
    return out


def _label_def(styles: _Styles, fonts: _Fonts, text: str, color: str) -> str:
    """A label's white box and text centred on the origin, as the painter draws edge and link labels."""

    def make(ident: str) -> str:
        tw, th = fonts.static_size(text, "edge")
        w, h = tw + 6, th + 2
        x, y = -w / 2, -h / 2
        return (f'<g id="{ident}"><rect class="{styles.fill("#ffffff")}" x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" '
                f'height="{_n(h)}" rx="3"/><text class="e {styles.fill(color)}" x="{_n(x + 3)}" '
                f'y="{_y(y + 1 + fonts.ascent["edge"])}">{escape(text)}</text></g>')

    return styles.define(("label", text, color), make)


def _arrow_def(styles: _Styles, color: str, kind: str) -> str:
    """An arrowhead (or, for 'bar', a crossbar) as a marker, drawn like the painter's `_arrow`."""

    def make(ident: str) -> str:
        if kind == "bar":
            shape = f'<path class="{styles.stroke(color, 2.4)}" d="M0 -7V7"/>'
        elif kind == "start":  # at the start of a path, pointing back along it
            shape = f'<path class="{styles.fill(color)}" d="M0 0L10 -4.5V4.5z"/>'
        else:
            shape = f'<path class="{styles.fill(color)}" d="M0 0L-10 -4.5V4.5z"/>'
        return (f'<marker id="{ident}" markerUnits="userSpaceOnUse" orient="auto" overflow="visible" '
                f'markerWidth="1" markerHeight="1">{shape}</marker>')

    return styles.define(("arrow", color, kind), make)


def _frame_def(styles: _Styles, fonts: _Fonts, card: Card) -> str:
    """A card's frame at the origin: box (with the edge of a folded branch peeking out), band, kind label, toggle."""
    f = card.face
    w, h = card.rect.w, card.rect.h

    def make(ident: str) -> str:
        box = styles.cls(f"fill:{_colour(f.fill)};stroke:{_colour(S.tint(f.band, 0.35))}")
        parts = [f'<g id="{ident}">']
        if f.toggle == "+":
            parts.append(f'<rect class="{box}" x="3" y="3" width="{_n(w)}" height="{_n(h)}" rx="6"/>')
        parts.append(f'<rect class="{box}" width="{_n(w)}" height="{_n(h)}" rx="6"/>')
        band = S.BAND_HEIGHT
        parts.append(f'<path class="{styles.fill(f.band)}" d="M0 {_n(band)}V6a6 6 0 0 1 6-6H{_n(w - 6)}'
                     f'a6 6 0 0 1 6 6V{_n(band)}z"/>')
        label_top = (band - S.FONT_PX["label"] * 1.2) / 2
        mark = kind_mark(f)
        if mark is not None:  # the kind's letter on a white chip, as the painter draws it
            parts.append(f'<rect class="{styles.fill("#ffffff")}" x="{_n(mark.x)}" y="{_n(mark.y)}" '
                         f'width="{_n(mark.side)}" height="{_n(mark.side)}" rx="3"/>')
            mw, mh = fonts.static_size(mark.letter, "mark")
            top = mark.y + (mark.side - mh) / 2
            parts.append(f'<text class="m {styles.fill(f.band)}" x="{_n(mark.x + (mark.side - mw) / 2)}" '
                         f'y="{_y(top + fonts.mark_ascent)}">{escape(mark.letter)}</text>')
        label_x = mark.label_x if mark is not None else S.PAD
        parts.append(f'<text class="l" x="{_n(label_x)}" y="{_y(label_top + fonts.ascent["label"])}">'
                     f'{escape(f.kind_label)}</text>')
        if f.toggle:
            t = card.toggle_rect
            tx, ty = t.x - card.rect.x, t.y - card.rect.y
            cx, cy = tx + t.w / 2, ty + t.h / 2
            parts.append(f'<rect class="{styles.fill("#ffffff")}" x="{_n(tx)}" y="{_n(ty)}" width="{_n(t.w)}" '
                         f'height="{_n(t.h)}" rx="3"/>')
            mark = f"M{_n(cx - 4)} {_n(cy)}h8"
            if f.toggle == "+":
                mark += f"M{_n(cx)} {_n(cy - 4)}v8"
            parts.append(f'<path class="{styles.stroke(f.band, 1.6)}" d="{mark}"/>')
        parts.append("</g>")
        return "".join(parts)

    return styles.define(("frame", f.band, f.fill, f.kind_label, w, h, f.toggle), make)


class _CardWriter:
    """Writes cards, with every class and shape they use registered up front by `prepare`."""

    def __init__(self, styles: _Styles, fonts: _Fonts) -> None:
        self.styles = styles
        self.fonts = fonts
        self.frames: dict[int, str] = {}
        a = fonts.ascent
        self.label_base = (S.BAND_HEIGHT - S.FONT_PX["label"] * 1.2) / 2 + a["label"]
        self.badge_base = (S.BADGE_HEIGHT - S.FONT_PX["badge"] * 1.2) / 2 + a["badge"]
        self.grey_ink = styles.fill("#616161")
        self.track = styles.cls("fill:#ffffff;stroke:#9e9e9e")

    def prepare(self, card: Card) -> None:
        f = card.face
        self.frames[id(card)] = _frame_def(self.styles, self.fonts, card)
        if f.ink != S.INK:
            self.styles.fill(f.ink)
        for b in f.badges:
            self._badge_class(b.color)
        if f.score is not None:
            self.styles.fill(f.score_color or f.band)

    def _badge_class(self, color: str) -> str:
        return self.styles.cls(f"fill:{_colour(S.tint(color, 0.82))};stroke:{_colour(color)}")

    def card(self, card: Card) -> str:
        r = card.rect
        f = card.face
        a = self.fonts.ascent
        out = [f'<g transform="translate({_y(r.x)},{_y(r.y)})"><use href="#{self.frames[id(card)]}"/>']
        ink = "" if f.ink == S.INK else f" {self.styles.fill(f.ink)}"
        for line in f.lines:
            role = _ROLE_CLASS[line.role]
            y = _y(line.y + a[line.role])
            if line.rtl:  # right-aligned, as the painter places a right-to-left line
                out.append(f'<text class="{role} r{ink}" x="{_n(line.x + line.w)}" y="{y}">{escape(line.text)}</text>')
            else:
                out.append(f'<text class="{role}{ink}" x="{_n(line.x)}" y="{y}">{escape(line.text)}</text>')
        for b in f.badges:
            out.append(f'<rect class="{self._badge_class(b.color)}" x="{_n(b.x)}" y="{_n(b.y)}" width="{_n(b.w)}" '
                       f'height="{_n(b.h)}" rx="{_n(b.h / 2)}"/><text class="b'
                       f'{" " + self.grey_ink if b.role == "unweighed" else ""}" x="{_n(b.x + 5)}" '
                       f'y="{_y(b.y + self.badge_base)}">{escape(b.text)}</text>')
        if f.score_label:
            out.append(self._score(card))
        if f.toggle == "+" and f.hidden:
            t = card.toggle_rect
            out.append(f'<text class="l r" x="{_n(t.x - r.x - 6)}" y="{_y(self.label_base)}">+{f.hidden}</text>')
        out.append("</g>")
        return "".join(out)

    def _score(self, card: Card) -> str:
        r = card.rect
        f = card.face
        y = f.score_y
        w = self.fonts.static_size(f.score_label, "badge")[0]
        x0 = S.PAD + max(w, 70) + 6
        x1 = r.w - S.PAD
        tw = max(x1 - x0, 10)
        out = (f'<text class="b" x="{_n(S.PAD)}" y="{_y(y + 2 + self.fonts.ascent["badge"])}">'
               f'{escape(f.score_label)}</text><rect class="{self.track}" x="{_n(x0)}" y="{_n(y + 4)}" '
               f'width="{_n(tw)}" height="9" rx="3"/>')
        mid = x0 + tw / 2
        if f.score is not None:
            x, fw = score_fill(mid, tw / 2, f.score)
            out += (f'<rect class="{self.styles.fill(f.score_color or f.band)}" x="{_n(x)}" y="{_n(y + 4)}" '
                    f'width="{_n(fw)}" height="9" rx="3"/>')
        out += f'<path class="{self.track}" d="M{_n(mid)} {_n(y + 3)}V{_n(y + 14)}"/>'
        return out


def _links(styles: _Styles, fonts: _Fonts, links: Iterable[LinkPath]) -> list[str]:
    out = []
    for ln in links:
        p0, c1, c2, p3 = ln.points
        ends = ""
        if ln.arrow in ("end", "both", "bar"):
            ends += f' marker-end="url(#{_arrow_def(styles, ln.color, "bar" if ln.arrow == "bar" else "end")})"'
        if ln.arrow == "both":
            ends += f' marker-start="url(#{_arrow_def(styles, ln.color, "start")})"'
        d = "M{} {}C{} {} {} {} {} {}".format(*(_n(v) for p in (p0, c1, c2, p3) for v in p))
        out.append(f'<path class="{styles.stroke(ln.color, 1.8, ln.style)}" d="{d}"{ends}/>')
        if ln.label:
            ident = _label_def(styles, fonts, ln.label, ln.color)
            out.append(f'<use href="#{ident}" x="{_y(ln.label_at[0])}" y="{_y(ln.label_at[1])}"/>')
    return out


def _write_lines(out: TextIO, lines: list[str], end: str = "\n", batch: int = 1000) -> None:
    """Write each of `lines` followed by `end`, `batch` lines to a write."""
    for i in range(0, len(lines), batch):
        out.write(end.join(lines[i:i + batch]) + end)


def write(scene: Scene, out: TextIO, title: str = "", transparent: bool = False,
          step: Callable[[], object] | None = None, chunk: int = CHUNK) -> None:
    """Write `scene` to `out` as an SVG document; `step()` is called after the edges and after each chunk of cards."""
    styles = _Styles()
    fonts = _Fonts()
    # What everything uses is registered first, so that the style block and the defs come before it.
    paths = _edge_paths(scene.edges)
    edge_classes = {key: styles.stroke(key[0], 1.6, key[1]) for key in paths}
    labels = [(_label_def(styles, fonts, e.label, e.color), e.label_at) for e in scene.edges if e.label]
    links = _links(styles, fonts, scene.links)
    cards = _CardWriter(styles, fonts)
    for card in scene.cards:
        cards.prepare(card)
    background = styles.fill("#ffffff")

    b = scene.bounds
    # The painter's families, less the emoji font: named in a list, librsvg (Pango) draws every digit
    # with it; any renderer finds an emoji font for emoji on its own.
    families = ",".join(name if _PLAIN_NAME.fullmatch(name) else f'"{name}"' for name in FONT_FAMILIES
                        if "emoji" not in name.lower())
    first = families.split(",")[0]
    sizes = "".join(f".{cls}{{font-size:{S.FONT_PX[role]}px{';font-weight:bold' if role in S.BOLD_ROLES else ''}}}"
                    for role, cls in _ROLE_CLASS.items())
    out.write(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(b.w)}" height="{_n(b.h)}" '
        f'viewBox="{_n(b.x)} {_n(b.y)} {_n(b.w)} {_n(b.h)}" xml:space="preserve">\n'
        f"<title>{escape(title or 'argument map')}</title>\n<desc>Made with argmap</desc>\n<style>\n"
        # Qt's SVG renderer takes a family list for one unknown name and ignores the 'font' shorthand;
        # browsers take the shorthand's list (the role classes then set size and weight).
        f"text{{font-family:{first};font:12px {families};fill:{S.INK}}}\n{sizes}\n"
        f".l{{fill:#ffffff}}\n.r{{text-anchor:end}}\n.m{{font-size:{S.MARK_PX}px;font-weight:bold}}\n"
        "path{stroke-linejoin:bevel;stroke-linecap:square}\n"  # Qt's pens: square caps, also on each dash
        + "".join(f".{name}{{{decl}}}\n" for decl, name in styles.classes.items())
        + "</style>\n<defs>\n"
    )
    # What is as long as the map is written a piece at a time, never joined into one string.
    _write_lines(out, styles.defs_text)
    out.write("</defs>\n")
    if not transparent:
        out.write(f'<rect class="{background}" x="{_n(b.x)}" y="{_n(b.y)}" width="{_n(b.w)}" height="{_n(b.h)}"/>\n')
    for key, path in paths.items():
        out.write(f'<path class="{edge_classes[key]}" d="')
        _write_lines(out, path.parts, end="")
        out.write('"/>\n')
    _write_lines(out, [f'<use href="#{ident}" x="{_y(x)}" y="{_y(y)}"/>' for ident, (x, y) in labels])
    _write_lines(out, links)
    if step is not None:
        step()
    all_cards = scene.cards
    for i in range(0, len(all_cards), chunk):
        out.write("\n".join([cards.card(c) for c in all_cards[i:i + chunk]]))
        out.write("\n")
        if step is not None:
            step()
    out.write("</svg>\n")
