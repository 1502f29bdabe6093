"""The class report: what a class's weighings of one map say, as JSON, Markdown, or a PDF with charts.

The report holds the class's ranking (each option's median, mean, range and how many
students it leads for), the spread of each option's scores, the hot-spots (the inputs the
class splits on that move the decision, from `class_view`), the structural changes the
students suggest, the files left out when the class was collected, and debate pairs.

Debate pairs: of the students not yet paired, the two with different leaders whose scores
differ most are paired next. The difference is the distance between their score vectors
once each is taken relative to the student's own average over the options, so a shift that
every option shares (a shared branch weighed higher) does not count as disagreement.

Anonymous: every student is shown by a code (`code_for`) and no file name appears.
Every piece of map or student text in the Markdown is escaped (`markdown.escape`).
Qt is imported only to draw the PDF's charts, so the JSON and the Markdown need no display.
"""

from __future__ import annotations

import json
import math
import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from argmap.errors import ExportError, SourceRef
from argmap.io.jsondoc import finite
from argmap.io.markdown import escape
from argmap.model.document import Change, Document
from argmap.model.weighings import code_for
from argmap.scoring.classroom import (
    ClassView,
    Hotspot,
    OptionStats,
    StudentResult,
    class_view,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

__all__ = ["TOP_HOTSPOTS", "debate_pairs", "report_data", "report_markdown", "write_report"]

#: How many hot-spots the Markdown and the PDF show (the JSON holds all of them).
TOP_HOTSPOTS = 10
_BLOCKS = "▁▂▃▄▅▆▇█"
_STRIP_BINS = 20
_HIST_BINS = 10
_INPUT_WORDS = {"likelihood": "likelihood", "strength": "strength", "impact": "impact", "weight": "weight"}
_VERBS = {"added": "adds", "deleted": "deletes", "reworded": "rewords", "moved": "moves"}
_STRIP_ROWS = 12  # options per strip chart, so that a chart fits on a page


# -- data --------------------------------------------------------------------------


def _stem(file: str) -> str:
    name = Path(file).name
    for suffix in (".argmap.json", ".json", ".argdown"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _names(view: ClassView, anonymous: bool) -> dict[str, str]:
    """Each student's name as the report shows it (a code when anonymous), one per weighing, all different."""
    out: dict[str, str] = {}
    seen: dict[str, int] = {}
    for s in view.students:
        name = " ".join(s.name.split()) or _stem(s.file) or s.weighing_id
        shown = code_for(name) if anonymous else name
        seen[shown] = seen.get(shown, 0) + 1
        out[s.weighing_id] = shown if seen[shown] == 1 else f"{shown} ({seen[shown]})"
    return out


def _skipped(doc: Document, anonymous: bool) -> list[dict[str, Any]]:
    """The files left out when the class was collected, and why (no file names when anonymous)."""
    out = []
    for item in getattr(doc, "skipped", None) or []:
        file = str(item.get("file", "") if isinstance(item, dict) else getattr(item, "file", ""))
        reason = str(item.get("reason", "") if isinstance(item, dict) else getattr(item, "reason", ""))
        if anonymous:
            for word in sorted({file, Path(file).name, _stem(file)} - {""}, key=len, reverse=True):
                reason = reason.replace(word, "the file")
        out.append({"file": None if anonymous else file, "reason": reason})
    return out


def _change_label(doc: Document, change: Change) -> str:
    """What the change is about, in the map's or the student's words."""
    if change.kind == "added" and change.branch:
        return change.branch[0].label
    if doc.has_node(change.node):
        return doc.node(change.node).label
    return change.detail or change.node


def _suggestions(doc: Document, view: ClassView, names: dict[str, str]) -> list[dict[str, Any]]:
    stored = {w.id: w for w in doc.weighings}
    out = []
    for s in view.students:
        w = stored.get(s.weighing_id)
        for c in w.changes if w is not None else []:
            parent = doc.node(c.parent).label if c.parent and doc.has_node(c.parent) else None
            out.append({"student": names[s.weighing_id], "change": c.kind, "node": c.node, "label": _change_label(doc, c),
                        "parent": c.parent, "parent_label": parent, "detail": c.detail})
    return out


def _centred(s: StudentResult) -> dict[str, float]:
    xs = {o: v for o, v in s.scores.items() if v is not None and math.isfinite(v)}
    mean = sum(xs.values()) / len(xs) if xs else 0.0
    return {o: v - mean for o, v in xs.items()}


Pair = tuple[StudentResult, StudentResult, float]


def _greedy(led: list[StudentResult], used: set[int], different: bool) -> list[Pair]:
    """Of the students not in `used`, pair the most different two next (with different leaders if asked)."""
    centred = [_centred(s) for s in led]
    candidates = []
    for i in range(len(led)):
        for j in range(i + 1, len(led)):
            if i in used or j in used or (led[i].leader != led[j].leader) != different:
                continue
            common = centred[i].keys() & centred[j].keys()
            candidates.append((-math.sqrt(sum((centred[i][o] - centred[j][o]) ** 2 for o in common)), i, j))
    candidates.sort()
    pairs = []
    for d, i, j in candidates:
        if i not in used and j not in used:
            used |= {i, j}
            pairs.append((led[i], led[j], -d))
    return pairs


def debate_pairs(view: ClassView) -> tuple[list[Pair], list[Pair], list[StudentResult]]:
    """Debate pairs: students with different leaders, the most different first (greedy, no one twice); then the
    rest, who share a leader with everyone left, paired the same way; then who is left without a partner."""
    led = [s for s in view.students if s.leader is not None]
    used: set[int] = set()
    across = _greedy(led, used, different=True)
    within = _greedy(led, used, different=False)
    return across, within, [s for i, s in enumerate(led) if i not in used] + [s for s in view.students
                                                                               if s.leader is None]


def report_data(doc: Document, view: ClassView | None = None, anonymous: bool = False) -> dict[str, Any]:
    """The report as plain data (the `--json` object): students, options, hot-spots, skipped files, suggestions."""
    view = view if view is not None else class_view(doc)
    names = _names(view, anonymous)
    students = []
    for s in view.students:
        entry: dict[str, Any] = {"name": names[s.weighing_id], "file": None if anonymous else s.file,
                                 "leader": s.leader, "scores": dict(s.scores), "unweighed": s.unweighed,
                                 "error": s.error or None}
        if not anonymous:  # a weighing's id may be made from the student's name
            entry["weighing"] = s.weighing_id
        students.append(entry)
    rank = {oid: i + 1 for i, oid in enumerate(view.by_median)}
    options = [{"id": o.id, "label": o.label, "mean": o.mean, "median": o.median, "min": o.min, "max": o.max,
                "leads": o.leads, "lead_share": o.lead_share, "rank": rank.get(o.id)} for o in view.options]
    hotspots = [{"node": h.node, "input": h.input, "perspective": h.perspective, "label": h.label, "mean": h.mean,
                 "spread": h.spread, "swing": h.swing, "score": h.score, "rank": h.rank, "values": list(h.values)}
                for h in view.hotspots]
    across, within, alone = debate_pairs(view)
    return finite({
        "title": doc.title,
        "semantics": view.semantics,
        "students": students,
        "options": options,
        "hotspots": hotspots,
        "skipped": _skipped(doc, anonymous),
        "suggestions": _suggestions(doc, view, names),
        "pairs": [{"students": [names[a.weighing_id], names[b.weighing_id]], "leaders": [a.leader, b.leader],
                   "difference": d, "same_leader": a.leader == b.leader} for a, b, d in across + within],
        "unpaired": [names[s.weighing_id] for s in alone],
    })


# -- Markdown ----------------------------------------------------------------------


class _Numbers:
    """Scores on the map's impact scale, and input values in their own units."""

    def __init__(self, doc: Document) -> None:
        scale = doc.impact_scale
        self.scale = (scale.min, scale.max)
        self.big = max(abs(scale.min), abs(scale.max)) >= 1000

    def score(self, x: float | None) -> str:
        if x is None or not math.isfinite(x):
            return "–"
        return f"{x:+,.0f}" if self.big else f"{x:+.2f}"

    def value(self, what: str, x: float) -> str:
        if what == "weight":
            return f"{x:.0%}"
        if what == "impact":
            return f"{x:+,.0f}" if self.big else f"{x:+.1f}"
        return f"{x:.2f}"

    def span(self, what: str) -> tuple[float, float]:
        return self.scale if what == "impact" else (0.0, 1.0)


def _bins(xs: list[float], lo: float, hi: float, n: int) -> list[int]:
    counts = [0] * n
    for x in xs:
        k = int((x - lo) / (hi - lo) * n) if hi > lo else 0
        counts[min(n - 1, max(0, k))] += 1
    return counts


def _sparkline(counts: list[int]) -> str:
    top = max(counts) or 1
    return "".join("·" if c == 0 else _BLOCKS[max(0, math.ceil(c / top * len(_BLOCKS)) - 1)] for c in counts)


def _score_range(view: ClassView) -> tuple[float, float]:
    xs = [x for o in view.options for x in o.scores if math.isfinite(x)]
    if not xs:
        return 0.0, 1.0
    lo, hi = min(xs), max(xs)
    return (lo - 1.0, hi + 1.0) if hi - lo < 1e-9 else (lo, hi)


def _hotspot_input(doc: Document, h: Hotspot) -> str:
    """'Likelihood: <node>' or 'Impact for <party>: <node>' or 'Weight of <party>', escaped."""
    names = {p.id: p.name for p in doc.perspectives}
    party = escape(names.get(h.perspective or "", h.perspective or ""))
    if h.input == "weight":
        return f"Weight of {party}"
    label = escape(doc.node(h.node).label) if h.node and doc.has_node(h.node) else escape(h.node or "")
    what = f"Impact for {party}" if h.input == "impact" else h.input.capitalize()
    return f"{what}: {label}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _markdown(doc: Document, view: ClassView, anonymous: bool, charts: bool) -> str:
    num = _Numbers(doc)
    names = _names(view, anonymous)
    labels = {o.id: escape(o.label) for o in view.options}
    n = len(view.students)
    out = [f"# Class report: {escape(doc.title) or 'untitled map'}", "",
           f"{_plural(n, 'student')} weighed this map. Report of {date.today().isoformat()}.", ""]
    if n == 0:
        out += ["No student has weighed this map yet: collect the class's files into it first "
                "(File ▸ Class ▸ Collect, or `argmap class collect`).", ""]
    else:
        out += _ranking(view, num, labels, names)
        out += _distribution(view, num, labels, charts)
        out += _hotspots(doc, view, num, charts)
        out += _suggested(doc, view, names)
    out += ["## Skipped files", ""]
    skipped = _skipped(doc, anonymous)
    if not skipped:
        out += ["No file was left out when the class was collected.", ""]
    for item in skipped:
        where = "A file" if item["file"] is None else f"`{item['file'].replace('`', '')}`"
        out.append(f"- {where}: {escape(item['reason']) or 'no reason given'}")
    if skipped:
        out.append("")
    if n:
        out += _pairs(view, labels, names)
    return "\n".join(out).rstrip() + "\n"


def _ranking(view: ClassView, num: _Numbers, labels: dict[str, str], names: dict[str, str]) -> list[str]:
    stats = {o.id: o for o in view.options}
    led = sum(1 for s in view.students if s.leader is not None)
    out = ["## Class ranking", "",
           "Options ranked by the class's median overall score. “Leads for” counts the students whose own "
           f"weighing puts the option first (share of the {_plural(led, 'student')} with a leader). Only differences "
           "between options mean something: a branch every option shares moves all their scores alike.", "",
           "| # | Option | Median | Mean | Min to max | Leads for |", "| --- | --- | --- | --- | --- | --- |"]
    for i, oid in enumerate(view.by_median, 1):
        o = stats[oid]
        span = f"{num.score(o.min)} to {num.score(o.max)}" if o.min is not None else "–"
        out.append(f"| {i if o.median is not None else '–'} | {labels[oid]} | {num.score(o.median)} | "
                   f"{num.score(o.mean)} | {span} | {_plural(o.leads, 'student')} ({o.lead_share:.0%}) |")
    out.append("")
    for s in view.students:
        if s.error:
            out.append(f"- {escape(names[s.weighing_id])}'s weighing could not be scored: {escape(s.error)}")
        elif s.leader is None:
            out.append(f"- {escape(names[s.weighing_id])}'s weighing leaves every option unscored.")
    if out[-1] != "":
        out.append("")
    return out


def _distribution(view: ClassView, num: _Numbers, labels: dict[str, str], charts: bool) -> list[str]:
    lo, hi = _score_range(view)
    out = ["## Distribution of scores", ""]
    if charts:
        return out + ["Each dot is one student's overall score for the option; the black bar marks the class's "
                      "median.", ""] + [f"![Scores of the options]({name})\n" for name in _strip_names(view)]
    out += [f"Each strip splits the scores from {num.score(lo)} to {num.score(hi)} into {_STRIP_BINS} equal bins; "
            "the taller the block, the more students gave the option a score there.", "",
            "| Option | Students' scores, low to high | Lowest | Median | Highest |", "| --- | --- | --- | --- | --- |"]
    for o in view.options:
        strip = f"`{_sparkline(_bins(o.scores, lo, hi, _STRIP_BINS))}`" if o.scores else "no scores"
        out.append(f"| {labels[o.id]} | {strip} | {num.score(o.min)} | {num.score(o.median)} | {num.score(o.max)} |")
    return out + [""]


def _hotspots(doc: Document, view: ClassView, num: _Numbers, charts: bool) -> list[str]:
    out = ["## Hot-spots: where the class disagrees", ""]
    if len(view.students) < 2:
        return out + ["Hot-spots compare weighings: they need at least two students.", ""]
    top = view.hotspots[:TOP_HOTSPOTS]
    if not top:
        return out + ["The class weighed every input alike, or the map could not be scored on the class's mean.", ""]
    out += ["The inputs the class weighed most differently *and* that move the decision most, ranked by spread × "
            "swing. Spread: the standard deviation of the students' values, as a share of the input's range. "
            "Swing: how far the leader's margin moves when the input goes from one end of its range to the other, "
            "on the class's mean weighing.", ""]
    head = "| # | Input | Class mean | Spread | Swing |"
    out += [head + ("" if charts else " Students' values |"), "| --- " * (5 if charts else 6) + "|"]
    for h in top:
        row = (f"| {h.rank} | {_hotspot_input(doc, h)} | {num.value(h.input, h.mean)} | {h.spread:.2f} | "
               f"{h.swing:.2f} |")
        if not charts:
            lo, hi = num.span(h.input)
            row += f" `{num.value(h.input, lo)} {_sparkline(_bins(h.values, lo, hi, _HIST_BINS))} {num.value(h.input, hi)}` |"
        out.append(row)
    out.append("")
    if charts:
        out += ["How the class's values spread over each input's range (bars: students; dashed line: the class mean).",
                ""]
        for k in range(0, len(top), 2):
            out += [" ".join(f"![Hot-spot {h.rank}](hotspot-{h.rank}.png)" for h in top[k:k + 2]), ""]
    return out


def _suggested(doc: Document, view: ClassView, names: dict[str, str]) -> list[str]:
    out = ["## Suggested changes to the map", ""]
    suggestions = _suggestions(doc, view, names)
    if not suggestions:
        return out + ["No student changed the map's structure.", ""]
    out += ["Changes to the map's structure found in the students' copies; none is in the map until it is adopted.",
            ""]
    by_student: dict[str, list[dict[str, Any]]] = {}
    for s in suggestions:
        by_student.setdefault(s["student"], []).append(s)
    for student, items in by_student.items():
        out.append(f"- **{escape(student)}**")
        for s in items:
            text = f"{_VERBS.get(s['change'], s['change'])} “{escape(s['label'])}”"
            if s["change"] == "added" and s["parent_label"]:
                text += f" under “{escape(s['parent_label'])}”"
            if s["detail"] and s["detail"] != s["label"]:
                text += f": {escape(s['detail'])}"
            out.append(f"  - {text} (`{s['node'].replace('`', '')}`)")
    return out + [""]


def _pairs(view: ClassView, labels: dict[str, str], names: dict[str, str]) -> list[str]:
    out = ["## Debate pairs", "",
           "Of the students not yet paired, the two with different leaders whose scores differ most (each taken "
           "relative to the student's own average, so a shift shared by every option does not count) are paired "
           "next.", ""]
    across, within, alone = debate_pairs(view)

    def table(pairs: list[Pair]) -> list[str]:
        rows = ["| Student | Leads with | Partner | Leads with | Difference |", "| --- | --- | --- | --- | --- |"]
        for a, b, d in pairs:
            rows.append(f"| {escape(names[a.weighing_id])} | {labels.get(a.leader or '', '–')} | "
                        f"{escape(names[b.weighing_id])} | {labels.get(b.leader or '', '–')} | {d:.2f} |")
        return rows + [""]

    if across:
        out += table(across)
    else:
        out += ["No student's weighing puts a different option first from another's, so no pair argues for "
                "different options.", ""]
    if within:
        out += ["Everyone left leads with the same option; they are paired the same way, to argue over how far "
                "ahead it is:", ""] + table(within)
    if alone:
        who = ", ".join(escape(names[s.weighing_id]) for s in alone)
        out += [f"Without a partner: {who}.", ""]
    return out


def report_markdown(doc: Document, view: ClassView | None = None, anonymous: bool = False) -> str:
    """The class report as Markdown (text strips and histograms where the PDF has charts)."""
    return _markdown(doc, view if view is not None else class_view(doc), anonymous, charts=False)


# -- files -------------------------------------------------------------------------


def write_report(doc: Document, path: str | os.PathLike[str], anonymous: bool = False,
                 view: ClassView | None = None) -> str:
    """Write the report as .md, .pdf (with charts) or .json, by the file's suffix; returns a one-line summary."""
    from argmap.io.jsondoc import write_bytes_atomic

    suffix = Path(path).suffix.lower()
    if suffix not in (".md", ".pdf", ".json"):
        raise ExportError(f"'{Path(path).name}' is not a report format: a class report is .md, .pdf or .json.",
                          hint="End the output name with .md, .pdf or .json.", source=SourceRef(str(path)))
    view = view if view is not None else class_view(doc)
    who = _plural(len(view.students), "student")
    if suffix == ".md":
        write_bytes_atomic(_markdown(doc, view, anonymous, charts=False).encode("utf-8"), path)
        return f"{path}: class report, {who} (Markdown)"
    if suffix == ".json":
        text = json.dumps(report_data(doc, view, anonymous), indent=2, ensure_ascii=False, allow_nan=False)
        write_bytes_atomic((text + "\n").encode("utf-8"), path)
        return f"{path}: class report, {who} (JSON)"
    from argmap.render.textpdf import write_markdown_pdf_with_images

    images = _charts(doc, view)
    pages = write_markdown_pdf_with_images(_markdown(doc, view, anonymous, charts=True), images, path,
                                           title=f"Class report: {doc.title or 'untitled map'}")
    return f"{path}: class report, {who}, {_plural(pages, 'page')}"


# -- charts (Qt) -------------------------------------------------------------------

_DPI = 300
_PX = _DPI / 72.0  # pixels per point: charts are drawn in points
_INK, _GRID, _MUTED, _DOT, _BAR = "#1d1f23", "#d5d8dc", "#5f6368", "#5e35b1", "#b26500"
_LABEL_PT, _SMALL_PT = 9.0, 8.0


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """Round values between lo and hi for an axis, about n of them."""
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step - 1e-9)
    return [round(k * step, 10) for k in range(first, math.floor(hi / step + 1e-9) + 1)]


def _tick_text(x: float, step: float, big: bool) -> str:
    if big:
        return f"{x:,.0f}"
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0
    return f"{x:.{decimals + (1 if step in (0.25, 2.5) else 0)}f}"


class _Canvas:
    """A chart `w` × `h` points at 300 dpi; the painter draws in points and fonts in points."""

    def __init__(self, w: float, h: float) -> None:
        from PySide6.QtGui import QColor, QImage, QPainter

        from argmap.render.images import ensure_gui

        ensure_gui()
        self.image = QImage(math.ceil(w * _PX), math.ceil(h * _PX), QImage.Format.Format_RGB32)
        # Drawn at 72 dpi so that a point is one unit under the painter's scale, then marked 300 dpi.
        self.image.setDotsPerMeterX(round(72 / 0.0254))
        self.image.setDotsPerMeterY(round(72 / 0.0254))
        self.image.fill(QColor("#ffffff"))
        self.p = QPainter(self.image)
        self.p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.p.scale(_PX, _PX)

    def font(self, size: float, bold: bool = False):
        from PySide6.QtGui import QFont

        f = QFont("DejaVu Sans")
        f.setPointSizeF(size)
        f.setBold(bold)
        self.p.setFont(f)
        return self.p.fontMetrics()

    def pen(self, color: str, width: float = 0.6, dashed: bool = False) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QColor, QPen

        pen = QPen(QColor(color), width)
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.p.setPen(pen)

    def text(self, x: float, y: float, text: str, align: str = "left", width: float = 0.0) -> None:
        """Text with its baseline at y: from x (left), centred on x (centre) or ending at x (right), elided to width."""
        from PySide6.QtCore import QPointF, Qt

        fm = self.p.fontMetrics()
        if width > 0:
            text = fm.elidedText(text, Qt.TextElideMode.ElideRight, int(width))
        w = fm.horizontalAdvance(text)
        x0 = x if align == "left" else x - w / 2 if align == "centre" else x - w
        self.p.drawText(QPointF(x0, y), text)

    def lines(self, text: str, width: float, most: int = 2) -> list[str]:
        """The text broken at spaces into lines of the current font no wider than width, the last elided."""
        from PySide6.QtCore import Qt

        fm = self.p.fontMetrics()
        out: list[str] = []
        words = text.split()
        while words and len(out) < most:
            line = words.pop(0)
            while words and fm.horizontalAdvance(f"{line} {words[0]}") <= width:
                line += " " + words.pop(0)
            out.append(line)
        if words:
            out[-1] = fm.elidedText(f"{out[-1]} {' '.join(words)}", Qt.TextElideMode.ElideRight, int(width))
        return [fm.elidedText(x, Qt.TextElideMode.ElideRight, int(width)) for x in out]

    def done(self) -> QImage:
        self.p.end()
        self.image.setDotsPerMeterX(round(_DPI / 0.0254))
        self.image.setDotsPerMeterY(round(_DPI / 0.0254))
        return self.image


def _charts(doc: Document, view: ClassView) -> dict[str, QImage]:
    """The PDF's pictures by the names its Markdown gives them."""
    if not view.students:
        return {}
    num = _Numbers(doc)
    names = _strip_names(view)
    images = {name: _strip_chart(doc, view, view.options[k * _STRIP_ROWS:(k + 1) * _STRIP_ROWS], num)
              for k, name in enumerate(names)}
    if len(view.students) >= 2:
        for h in view.hotspots[:TOP_HOTSPOTS]:
            images[f"hotspot-{h.rank}.png"] = _histogram(doc, h, num)
    return images


def _strip_names(view: ClassView) -> list[str]:
    return [f"class-scores-{k + 1}.png" for k in range(math.ceil(len(view.options) / _STRIP_ROWS))]


def _strip_chart(doc: Document, view: ClassView, options: list[OptionStats], num: _Numbers) -> QImage:
    """One row per option: a dot per student's score, the median as a bar, on the class's shared axis."""
    from PySide6.QtCore import QLineF, QPointF
    from PySide6.QtGui import QColor

    lo, hi = _score_range(view)
    pad = (hi - lo) * 0.04
    lo, hi = lo - pad, hi + pad
    ticks = _ticks(lo, hi, 6)
    W, left, right, top = 420.0, 138.0, 12.0, 6.0
    probe = _Canvas(1, 1)
    probe.font(_LABEL_PT, bold=True)
    labels = [probe.lines(o.label, left - 10) for o in options]
    probe.done()
    row = 44.0 if any(len(x) > 1 for x in labels) else 34.0
    H = top + row * len(options) + 46
    c = _Canvas(W, H)
    p = c.p
    x_of = lambda x: left + (x - lo) / (hi - lo) * (W - left - right)
    bottom = top + row * len(options)
    for t in ticks:
        c.pen(_INK if abs(t) < 1e-12 else _GRID, 0.8 if abs(t) < 1e-12 else 0.5)
        p.drawLine(QLineF(x_of(t), top, x_of(t), bottom))
    for k, o in enumerate(options):
        y = top + row * k + row / 2
        c.font(_LABEL_PT, bold=True)
        p.setPen(QColor(_INK))
        first = y - 5.5 * len(labels[k]) + 5
        for i, line in enumerate(labels[k]):
            c.text(4, first + 11 * i, line)
        c.font(_SMALL_PT)
        p.setPen(QColor(_MUTED))
        c.text(4, first + 11 * len(labels[k]), f"leads for {o.leads} ({o.lead_share:.0%})", width=left - 10)
        c.pen(_GRID, 0.5)
        p.drawLine(QLineF(left, top + row * (k + 1), W - right, top + row * (k + 1)))
        dot = QColor(_DOT)
        dot.setAlpha(150)
        p.setPen(QColor(_DOT).darker(130))
        p.setBrush(dot)
        for i, x in enumerate(o.scores):
            if math.isfinite(x):
                jitter = ((i * 0.6180339887) % 1.0 - 0.5) * (row - 14)
                p.drawEllipse(QPointF(x_of(x), y + jitter), 2.6, 2.6)
        if o.median is not None:
            c.pen(_INK, 2.2)
            p.drawLine(QLineF(x_of(o.median), y - row / 2 + 3, x_of(o.median), y + row / 2 - 3))
    c.pen(_INK, 0.8)
    p.drawLine(QLineF(left, bottom, W - right, bottom))
    c.font(_SMALL_PT)
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    for t in ticks:
        p.drawLine(QLineF(x_of(t), bottom, x_of(t), bottom + 3))
        c.text(x_of(t), bottom + 13, _tick_text(t, step, num.big), align="centre")
    c.font(_LABEL_PT)
    c.text(left + (W - left - right) / 2, bottom + 27, f"overall score ({doc.impact_scale.unit or 'points'})",
           align="centre")
    c.font(_SMALL_PT)
    dot = QColor(_DOT)
    dot.setAlpha(150)
    p.setPen(QColor(_DOT).darker(130))
    p.setBrush(dot)
    p.drawEllipse(QPointF(left + 3, bottom + 39), 2.6, 2.6)
    p.setPen(QColor(_MUTED))
    c.text(left + 9, bottom + 42, "one student")
    c.pen(_INK, 2.2)
    p.drawLine(QLineF(left + 90, bottom + 34, left + 90, bottom + 44))
    p.setPen(QColor(_MUTED))
    c.text(left + 96, bottom + 42, "the class's median")
    return c.done()


def _histogram(doc: Document, h: Hotspot, num: _Numbers) -> QImage:
    """How the class's values of one input spread over its range: bars of students, the mean dashed."""
    from PySide6.QtCore import QLineF, QRectF
    from PySide6.QtGui import QColor

    lo, hi = num.span(h.input)
    counts = _bins(h.values, lo, hi, _HIST_BINS)
    W, H, left, right, top, bottom = 205.0, 124.0, 24.0, 14.0, 32.0, 100.0
    c = _Canvas(W, H)
    p = c.p
    c.font(_LABEL_PT, bold=True)
    p.setPen(QColor(_INK))
    names = {pp.id: pp.name for pp in doc.perspectives}
    party = names.get(h.perspective or "", h.perspective or "")
    label = doc.node(h.node).label if h.node and doc.has_node(h.node) else f"Weight of {party}"
    c.text(2, 11, f"{h.rank}. {label}", width=W - 4)
    c.font(_SMALL_PT)
    p.setPen(QColor(_MUTED))
    what = f"impact for {party}" if h.input == "impact" else _INPUT_WORDS.get(h.input, h.input)
    c.text(2, 23, f"{what}; class mean {num.value(h.input, h.mean)}", width=W - 4)
    x_of = lambda x: left + (x - lo) / (hi - lo) * (W - left - right)
    top_count = max(counts) or 1
    y_of = lambda n: bottom - n / top_count * (bottom - top)
    for n in sorted({0, top_count, *([top_count // 2] if top_count >= 4 else [])}):
        c.pen(_GRID, 0.5)
        p.drawLine(QLineF(left, y_of(n), W - right, y_of(n)))
        p.setPen(QColor(_INK))
        c.text(left - 3, y_of(n) + 3, str(n), align="right")
    bw = (W - left - right) / _HIST_BINS
    p.setPen(QColor(_BAR).darker(130))
    p.setBrush(QColor(_BAR))
    for k, n in enumerate(counts):
        if n:
            p.drawRect(QRectF(left + k * bw + 0.6, y_of(n), bw - 1.2, bottom - y_of(n)))
    c.pen(_INK, 1.2, dashed=True)
    p.drawLine(QLineF(x_of(h.mean), top - 2, x_of(h.mean), bottom))
    c.pen(_INK, 0.8)
    p.drawLine(QLineF(left, bottom, W - right, bottom))
    ticks = _ticks(lo, hi, 4)
    for t in ticks:
        p.drawLine(QLineF(x_of(t), bottom, x_of(t), bottom + 3))
        text = num.value(h.input, t) if h.input != "impact" else _tick_text(t, ticks[1] - ticks[0], num.big)
        c.text(x_of(t), bottom + 12, text, align="centre")
    return c.done()
