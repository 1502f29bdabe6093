"""`argmap score FILE`: rank the options, explain a score, show what it is sensitive to."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Sequence

from argmap.errors import ArgmapError, NotFoundError
from argmap.io.jsondoc import finite
from argmap.model.document import Document
from argmap.scoring import (
    SEMANTICS,
    OptionScore,
    Scores,
    Sensitivity,
    score,
    sensitivity,
)
from argmap.scoring.scores import DIFFERENCES
from argmap.scoring.sensitivity import NARROW
from argmap.scoring.standing import RANKINGS
from argmap.scoring.unweighed import unweighed_inputs
from argmap.textsafe import terminal

__all__ = ["register", "run", "find_option", "find_perspective", "report"]

NA = "n/a"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "score", help="rank a map's options by their weighed expected impact",
        description="Rank the options of a map's question: overall (perspective-weighted) and per perspective, "
        "with each option's argued support and how many of its inputs are unweighed.")
    p.add_argument("file", metavar="FILE", help="a map file")
    p.add_argument("--perspective", metavar="NAME", help="rank from one perspective's view (its id or name)")
    p.add_argument("--semantics", choices=SEMANTICS, default="df-quad",
                   help="how pros and cons move a claim (default: df-quad)")
    p.add_argument("--ranking", choices=RANKINGS, default=None,
                   help="rank by expected impact, argued support, or impact scaled by support "
                   "(default: the map's setting, normally impact)")
    p.add_argument("--baseline", metavar="OPTION",
                   help="show each option's score minus this option's (id or title; default: the leader's)")
    p.add_argument("--explain", metavar="OPTION", help="show the contribution of each branch of an option (id or title)")
    p.add_argument("--sensitivity", action="store_true",
                   help="show the tornado: each input swung over its range, and where the leader changes")
    p.add_argument("--narrow", action="store_true", help="with --sensitivity: swing likelihoods and strengths by ±0.2 only")
    p.add_argument("--top", type=_positive, default=15, metavar="N",
                   help="with --sensitivity: show the N widest rows (default 15)")
    p.add_argument("--simulate", type=_positive, metavar="N",
                   help="draw N samples of every input that has a distribution and report each option's chance "
                   "of being best, its mean and 5th-95th percentiles, and the inputs that drive the lead")
    p.add_argument("--spread", type=_spread, metavar="D",
                   help="with --simulate: also draw every likelihood and strength without a distribution "
                   "from value-D..value+D (triangular, peaked at its value)")
    p.add_argument("--seed", type=int, metavar="S", help="with --simulate: the random seed (default: a new one, shown)")
    p.add_argument("--from-class", action="store_true",
                   help="with --simulate: draw the samples from the students' weighings instead of the "
                   "distributions, each sample one student's whole weighing (a bootstrap of the class)")
    p.add_argument("--mix", action="store_true",
                   help="with --from-class: draw every input from its own random student (who weighed it), "
                   "and the weights as one student's set, so that students' values mix")
    p.add_argument("--json", action="store_true", help="print everything (ranking, contributions, sensitivity) as JSON")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of rows of 1 or more, got '{text}'")
    return value


def _spread(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"expected a spread above 0 and at most 1, got '{text}'")
    return value


def run(args: argparse.Namespace) -> int:
    from argmap.io import read
    from argmap.model.rules import check

    _check_simulation_options(args)
    doc = read(args.file)
    if doc.root() is None:
        raise ArgmapError(f"{args.file}: the map is empty; there is nothing to score")
    if getattr(args, "simulate", None):
        _check_simulation_fits(doc, args)
    perspective = find_perspective(doc, args.perspective) if args.perspective else None
    scores = score(doc, args.semantics, getattr(args, "ranking", None))
    explain = find_option(scores, args.explain) if args.explain else None
    baseline = find_option(scores, args.baseline).node_id if args.baseline else None
    errors = [d for d in check(doc) if d.severity == "error"]
    if errors:
        print(f"warning: {args.file}: {len(errors)} problem(s) in the map; scores may mislead "
              f"(see 'argmap validate {args.file}')", file=sys.stderr)
    span = NARROW if args.narrow else None
    sens = (sensitivity(doc, args.semantics, perspective, span, getattr(args, "ranking", None))
            if (args.sensitivity or args.json) else None)
    sim = None
    if getattr(args, "simulate", None):
        from argmap.scoring.simulate import simulate

        sim = simulate(doc, args.simulate, args.seed, args.semantics, getattr(args, "ranking", None),
                       getattr(args, "spread", None), getattr(args, "from_class", False), getattr(args, "mix", False))
    if args.json:
        data = to_json(doc, scores, sens, perspective, explain, baseline)
        if sim is not None:
            data["simulation"] = simulation_json(sim)
        try:
            text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
        except ValueError:  # a score past the float range: JSON has no NaN or Infinity
            text = json.dumps(finite(data), indent=2, ensure_ascii=False, allow_nan=False)
        print(text)
        return 0
    for line in report(doc, scores, perspective, explain, sens, args.top, baseline):
        print(line)
    if sim is not None:
        print()
        for line in simulation_lines(sim, _Numbers(doc)):
            print(line)
    return 0


def _check_simulation_options(args: argparse.Namespace) -> None:
    from argmap.cli import UsageError

    from_class, mix = getattr(args, "from_class", False), getattr(args, "mix", False)
    if from_class and not getattr(args, "simulate", None):
        raise UsageError("--from-class needs --simulate N")
    if mix and not from_class:
        raise UsageError("--mix needs --from-class")
    if from_class and getattr(args, "spread", None):
        raise UsageError("--spread cannot go with --from-class: the samples are the students' own values")


def _check_simulation_fits(doc: Document, args: argparse.Namespace) -> None:
    """Refuse, before any work, a simulation that memory cannot hold even in chunks; or a class with no students."""
    from argmap.scoring.simulate import (
        SimulationTooLarge,
        class_weighings,
        memory_plan,
        size_text,
    )

    from_class = getattr(args, "from_class", False)
    if from_class and not class_weighings(doc):
        raise ArgmapError(f"{args.file}: the map has no students' weighings to draw from",
                          hint="Collect the class's copies first ('argmap class collect'), or leave out --from-class.")
    try:
        memory_plan(doc, args.simulate, args.semantics, getattr(args, "spread", None), from_class,
                    getattr(args, "mix", False))
    except SimulationTooLarge as err:
        raise ArgmapError(f"{args.file}: --simulate {err.samples} needs about {size_text(err.need)} for "
                          f"{err.inputs:,} inputs; {size_text(err.available)} is available — ask for fewer samples"
                          ) from None


def simulation_json(sim) -> dict[str, Any]:
    """The simulation's summary in the --json shape."""
    return {
        "samples": sim.samples, "seed": sim.seed, "ranked_by": sim.ranked_by, "leader": sim.leader,
        "source": sim.source, "students": sim.students, "chunks": sim.chunks,
        "options": [{"id": o.id, "p_best": o.p_best, "mean": o.mean, "p5": o.p5, "p95": o.p95} for o in sim.options],
        "driver_target": sim.driver_target,
        "drivers": [{"input": d.input, "node": d.node, "correlation": d.correlation} for d in sim.drivers],
    }


def simulation_lines(sim, num) -> list[str]:
    """The simulation as a table, with its drivers."""
    fmt = (lambda v: f"{v:.2f}" if v is not None else NA) if sim.ranked_by == "support" else num
    drawn = {"students": f" drawn from the class's {sim.students} weighings, whole students",
             "mixed": f" drawn from the class's {sim.students} weighings, input by input"}.get(sim.source, "")
    lines = [f"Simulation: {sim.samples} samples{drawn} (seed {sim.seed}); standing by {sim.ranked_by}."]
    rows = [[_short(o.label), f"{o.p_best:.1%}", fmt(o.mean), fmt(o.p5), fmt(o.p95)] for o in sim.options]
    lines += _table(["Option", "P(best)", "Mean", "5%", "95%"], rows, left=1)
    if not sim.drivers:
        same = ("The students agree on every input, so every sample is the same." if sim.source != "distributions"
                else "No input has a distribution, so every sample is the same.")
        lines.append(same if sim.leader else "")
        return [line for line in lines if line]
    what = "the leader changing" if sim.driver_target == "leader changes" else "the leader's margin shrinking"
    lines.append(f"Drivers (correlation with {what}):")
    lines += [f"  {terminal(d.node)} {d.input}: {d.correlation:+.2f}" if d.input != "weight"
              else f"  weight of {terminal(d.node)} (share of the total): {d.correlation:+.2f}" for d in sim.drivers]
    return lines


def find_perspective(doc: Document, name: str) -> str:
    """A perspective id from its id or its name (case-insensitive)."""
    for p in doc.perspectives:
        if p.id == name:
            return p.id
    folded = name.casefold()
    for p in doc.perspectives:
        if p.name.casefold() == folded:
            return p.id
    known = ", ".join(f"{p.name} ({p.id})" for p in doc.perspectives) or "none"
    raise NotFoundError(f"no perspective '{name}' in this map", hint=f"Perspectives: {known}.")


def find_option(scores: Scores, name: str) -> OptionScore:
    """An option of the question from its id, its title, or a unique part of its title."""
    for o in scores.options:
        if o.node_id == name:
            return o
    folded = name.casefold()
    exact = [o for o in scores.options if o.label.casefold() == folded]
    if len(exact) == 1:
        return exact[0]
    partial = [o for o in scores.options if folded in o.label.casefold()]
    if len(partial) == 1:
        return partial[0]
    known = "; ".join(f"{o.label} ({o.node_id})" for o in scores.options) or "none"
    if len(partial) > 1:
        raise NotFoundError(f"'{name}' matches {len(partial)} options", hint=f"Give the id. Options: {known}.")
    raise NotFoundError(f"no option '{name}' under the map's question", hint=f"Options: {known}.")


# -- text --------------------------------------------------------------------------


def _short(text: str, width: int = 44) -> str:
    """Map text as one terminal-safe cell: escapes for what a terminal would act on, cut at `width`."""
    text = terminal(" ".join(text.split()))
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."


class _Numbers:
    """Formats values on the map's impact scale: points with 2 decimals, large units grouped."""

    def __init__(self, doc: Document) -> None:
        scale = doc.impact_scale
        self.big = max(abs(scale.min), abs(scale.max)) >= 1000

    def __call__(self, value: float | None, signed: bool = True) -> str:
        if value is None:
            return NA
        if self.big:
            return f"{value:+,.0f}" if signed else f"{value:,.0f}"
        return f"{value:+.2f}" if signed else f"{value:.2f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], left: int = 2) -> list[str]:
    """Aligned columns: the first `left` columns flush left, the others flush right."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        parts = [str(c).ljust(w) if i < left else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths))]
        return "  ".join(parts).rstrip()

    return [line(header), "  ".join("-" * w for w in widths)] + [line(r) for r in rows]


def difference_heading(scores: Scores, baseline: str | None) -> str:
    """The difference column's heading: 'vs leader' or 'vs <baseline option>'."""
    if baseline is None:
        return "vs leader"
    return "vs " + _short(scores.option(baseline).label, 24)


def report(doc: Document, scores: Scores, perspective: str | None = None, explain: OptionScore | None = None,
           sens: Sensitivity | None = None, top: int = 15, baseline: str | None = None) -> list[str]:
    """The ranking (and the explanation and tornado when asked) as lines of text.

    The difference column holds each option's score minus the leader's, or minus `baseline`'s.
    """
    num = _Numbers(doc)
    root = doc.root()
    unit = doc.impact_scale.unit
    names = scores.perspectives
    lines = [_short(root.label, 100) if root is not None else "(no question)"]
    weights = ", ".join(f"{names[p]} {w:g}" for p, w in scores.weights.items())
    scale = doc.impact_scale
    lines.append(f"Semantics {scores.semantics}; impacts in {unit} ({scale.min:g} to {scale.max:g})"
                 + (f"; weights: {weights}" if weights else ""))
    if perspective is not None:
        lines.append(f"Ranked from the view of {names[perspective]}.")
    else:
        lines.append(ranking_line(scores))
    lines.append("")
    ranked = scores.ranking(perspective)
    gap = scores.relative(baseline, perspective)
    versus = difference_heading(scores, baseline)
    if perspective is None:
        by_impact = scores.ranked_by == "impact"
        standing = [] if by_impact else ["Standing"]
        header = ["#", "Option", "Overall", versus, *names.values(), "Support", *standing, "Unweighed"]
        rows = [[str(i + 1) if o.standing is not None else "-", _short(o.label), num(o.overall), num(gap[o.node_id]),
                 *(num(o.per_perspective[p]) for p in names), num(o.support, False) if o.support is not None else NA,
                 *([] if by_impact else [_standing(scores, o, num)]), str(o.unweighed)] for i, o in enumerate(ranked)]
    else:
        header = ["#", "Option", names[perspective], versus, "Overall", "Support", "Unweighed"]
        rows = [[str(i + 1) if o.per_perspective[perspective] is not None else "-", _short(o.label),
                 num(o.per_perspective[perspective]), num(gap[o.node_id]), num(o.overall),
                 num(o.support, False) if o.support is not None else NA, str(o.unweighed)]
                for i, o in enumerate(ranked)]
    if rows:
        lines += _table(header, rows)
    elif scores.decisions:
        lines.append(f"The question opens with a chance fork: its expected value is {num(scores.tree_value)}, "
                     "with each later decision taking the option below.")
    else:
        lines.append("The question has no options to score yet.")
    if len(rows) > 1:
        lines.append(DIFFERENCES)
    if not names:
        lines.append("The map has no perspectives, so no impact can be weighed: add the parties whose interests count.")
    elif not any(scores.weights.values()) and perspective is None:
        lines.append("Every perspective's weight is 0, so there is no overall score; "
                     "see one party's view with --perspective NAME.")
    unweighed = sum(o.unweighed for o in scores.options)
    if unweighed:
        lines.append(f"{unweighed} input(s) unweighed: left out of the scores, not counted as 0.")
        lines += unweighed_lines(doc, scores)
    lines += scores.notes
    lines += decision_lines(scores, num)
    lines += grounded_lines(scores, doc)
    if explain is not None:
        lines += [""] + explain_lines(scores, explain, num)
    if sens is not None:
        labels = {n.id: n.label for n in doc.nodes}
        lines += [""] + sensitivity_lines(sens, names, num, top, labels)
    return lines


UNWEIGHED_SHOWN = 10


def unweighed_lines(doc: Document, scores: Scores) -> list[str]:
    """One line per unweighed node (the first UNWEIGHED_SHOWN): its name and what it lacks."""
    found = unweighed_inputs(doc, (nid for o in scores.options for nid in o.unweighed_nodes))
    lines = [f"  {_short(u.label, 40)} ({terminal(u.node_id)}): {u.sentence(scores.perspectives)}"
             for u in found[:UNWEIGHED_SHOWN]]
    if len(found) > UNWEIGHED_SHOWN:
        lines.append(f"  ... and {len(found) - UNWEIGHED_SHOWN} more (see --json)")
    return lines


def decision_lines(scores: Scores, num) -> list[str]:
    """The option each later decision takes, with its value; none when the map has no later decision."""
    if not scores.decisions:
        return []
    labels = {n.id: n.label for n in scores.graph.nodes} if scores.graph is not None else {}
    fixed = set(scores.fixed)
    lines = ["Later decisions (each takes its best option by expected impact"
             + ("; * fixed by the map's policy):" if fixed else "):")]
    for q, o in scores.decisions.items():
        mark = "*" if q in fixed else ""
        took = f"{_short(labels.get(o, o), 36)} ({terminal(o)})" if o is not None else "no weighed option"
        lines.append(f"  {_short(labels.get(q, q), 36)} ({terminal(q)}){mark} -> {took}: {num(scores.value(q))}")
    return lines


def grounded_lines(scores: Scores, doc: Document) -> list[str]:
    """The grounded (Dung) reading of the attacks in one line, naming the options it rejects; none without attacks."""
    labels = scores.grounded()
    counts = {k: 0 for k in ("accepted", "rejected", "undecided")}
    for status in labels.values():
        counts[status] += 1
    if not counts["rejected"] and not counts["undecided"]:
        return []
    line = (f"Grounded (Dung) reading of the attacks: {counts['accepted']} accepted, {counts['rejected']} rejected, "
            f"{counts['undecided']} undecided")
    out = [o for o in scores.options if labels.get(o.node_id) != "accepted"]
    if out:
        line += "; options not accepted: " + ", ".join(f"{_short(o.label, 30)} ({labels[o.node_id]})" for o in out)
    return [line + "."]


def ranking_line(scores: Scores) -> str:
    """One sentence saying what the options are ranked by."""
    said = {
        "impact": "Ranked by expected impact (Overall); Support, the argued strength of each option's own pros "
                  "and cons, is shown beside it and not added.",
        "support": "Ranked by argued support (Standing: each option's own pros and cons by the semantics, 0.50 "
                   "when it has none).",
        "impact-scaled": "Ranked by expected impact scaled by argued support (Standing = Overall x 2*Support for "
                         "a gain, x 2*(1 - Support) for a loss; Support 0.50 when unargued).",
    }[scores.ranked_by]
    if scores.ranked_by != scores.ranking_setting:
        said += (f" No option has an expected impact, so the '{scores.ranking_setting}' ranking falls back "
                 "to support.")
    return said


def _standing(scores: Scores, o: OptionScore, num) -> str:
    if o.standing is None:
        return NA
    return f"{o.standing:.2f}" if scores.ranked_by == "support" else num(o.standing)


def explain_lines(scores: Scores, option: OptionScore, num=None) -> list[str]:
    """Each branch's share of an option's score; the rows add up to the total."""
    num = num or (lambda v, signed=True: NA if v is None else f"{v:+.2f}")
    names = scores.perspectives
    lines = [f"Why '{_short(option.label, 60)}' scores {num(option.overall)} overall:"]
    header = ["Branch", "Kind", "Overall", *names.values(), "Unweighed"]
    rows = [[_short(c.label), c.kind, num(c.overall), *(num(c.per_perspective[p]) for p in names), str(c.unweighed)]
            for c in option.contributions]
    rows.append(["Total", "", num(option.overall), *(num(option.per_perspective[p]) for p in names), str(option.unweighed)])
    lines += _table(header, rows)
    if option.support is not None:
        lines.append(f"Argued support of the option (pros and cons under it, not added to the score): "
                     f"{option.support:.2f}")
    return lines


def _support_number(value: float | None, signed: bool = True) -> str:
    if value is None:
        return NA
    return f"{value:+.2f}" if signed else f"{value:.2f}"


def sensitivity_lines(sens: Sensitivity, names: dict[str, str], num, top: int = 15,
                      labels: dict[str, str] | None = None) -> list[str]:
    """The tornado rows, widest first, and the break-even weights."""
    labels = labels or {}

    def name(node_id: str | None, width: int = 44) -> str:
        return _short(labels.get(node_id, node_id or ""), width)

    if sens.leader is None:
        return ["Sensitivity: no option is weighed, so there is no leader to test."]
    if sens.ranked_by == "support":
        num = _support_number
    lead = f"Sensitivity of the leader '{name(sens.leader)}' ({num(sens.leader_score)}"
    lines = [lead + (f"; margin {num(sens.margin)} over '{name(sens.runner_up)}')" if sens.runner_up else "; no runner-up)")]
    if not sens.rows:
        return lines + [f"No weighed input reaches what the options are ranked by ({sens.ranked_by}), "
                        "so no input can change the leader."]
    lines.append("Each input swung over its range with the others held; widest swing of the margin first."
                 + {"impact": "", "support": " Scores are argued support (the ranking setting): argument strengths swing.",
                    "impact-scaled": " Scores are standings, impact scaled by support (the ranking setting): "
                    "impacts, likelihoods, weights and argument strengths swing."}[sens.ranked_by])

    def value(r, x: float) -> str:
        if r.input == "parameter":
            return f"{x:.4g}"
        return f"{x:.0%}" if r.input == "weight" else (num(x) if r.input == "impact" else f"{x:.2f}")

    header = ["Input", "For", "Kind", "Value", "Range", "Leader score", "Margin", "Leader changes at"]
    rows = []
    for r in sens.rows[:top]:
        flip = f"{value(r, r.flip_at)} -> {name(r.new_leader, 28)}" if r.flip_at is not None else "-"
        what = (f"weight of {names.get(r.perspective, r.perspective)}" if r.input == "weight"
                else _short(r.label) if r.input == "parameter" else name(r.node_id))
        who = names.get(r.perspective, r.perspective) if r.input == "impact" else ""
        rows.append([what, who, r.input, value(r, r.value), f"{value(r, r.low)}..{value(r, r.high)}",
                     f"{num(r.leader_low)}..{num(r.leader_high)}", f"{num(r.margin_low)}..{num(r.margin_high)}", flip])
    lines += _table(header, rows, left=3)
    if len(sens.rows) > top:
        lines.append(f"({len(sens.rows) - top} narrower rows not shown; use --top N)")
    flips = [r for r in sens.rows if r.flip_at is not None]
    lines.append(f"{len(flips)} of {len(sens.rows)} inputs can change the leader on their own.")
    if sens.break_even:
        lines.append("Break-even weight (share of the total at which the leader changes): " + ", ".join(
            f"{names.get(p, p)} {x:.1%}" if x is not None else f"{names.get(p, p)} none"
            for p, x in sens.break_even.items()))
    if sens.parameter_break_even:
        lines.append("Break-even parameter values (where the leader changes): " + ", ".join(
            f"{_short(p, 30)} {x:.4g}" if x is not None else f"{_short(p, 30)} none"
            for p, x in sens.parameter_break_even.items()))
    return lines


# -- JSON --------------------------------------------------------------------------


def to_json(doc: Document, scores: Scores, sens: Sensitivity | None, perspective: str | None = None,
            explain: OptionScore | None = None, baseline: str | None = None) -> dict[str, Any]:
    """Everything `argmap score` knows, as plain JSON-ready data ('difference': the score minus the
    baseline option's, or the leader's)."""
    ranked = scores.ranking(perspective)
    gap = scores.relative(baseline, perspective)
    data: dict[str, Any] = {
        "title": doc.title,
        "question": doc.root().label if doc.root() is not None else None,
        "semantics": scores.semantics,
        "ranking_setting": scores.ranking_setting,
        "ranked_by": scores.ranked_by,
        "perspective": perspective,
        "impact_scale": {"min": doc.impact_scale.min, "max": doc.impact_scale.max, "unit": doc.impact_scale.unit},
        "perspectives": [{"id": p, "name": n, "weight": scores.weights[p]} for p, n in scores.perspectives.items()],
        "ranking": [o.node_id for o in ranked],
        "baseline": baseline,
        "options": [dict(_option_json(o, rank=i + 1), difference=gap[o.node_id]) for i, o in enumerate(ranked)],
        "notes": scores.notes,
        "unweighed_inputs": [{"node": u.node_id, "label": u.label, "missing": u.missing,
                              "blank_outcome": u.blank_outcome}
                             for u in unweighed_inputs(doc, (n for o in scores.options for n in o.unweighed_nodes))],
        "grounded": scores.grounded(),
        "tree_value": scores.tree_value,
        "decisions": scores.decisions,
        "fixed": scores.fixed,
        "values": {node: scores.value(node) for node in scores.values},
    }
    if explain is not None:
        data["explain"] = explain.node_id
    if sens is not None:
        data["sensitivity"] = {
            "leader": sens.leader, "runner_up": sens.runner_up, "ranked_by": sens.ranked_by,
            "leader_score": sens.leader_score, "margin": sens.margin,
            "span": sens.span,
            "break_even": sens.break_even,
            "parameter_break_even": sens.parameter_break_even,
            "rows": [{
                "label": r.label, "input": r.input, "node": r.node_id, "perspective": r.perspective,
                "value": r.value, "low": r.low, "high": r.high,
                "leader_low": r.leader_low, "leader_high": r.leader_high,
                "margin_low": r.margin_low, "margin_high": r.margin_high,
                "flip_at": r.flip_at, "new_leader": r.new_leader, "width": r.width, "exact": r.exact,
            } for r in sens.rows],
        }
    return data


def _option_json(o: OptionScore, rank: int) -> dict[str, Any]:
    return {
        "id": o.node_id, "label": o.label, "rank": rank,
        "overall": o.overall, "per_perspective": o.per_perspective,
        "expected_impact": o.overall, "support": o.support, "standing": o.standing, "unweighed": o.unweighed, "unweighed_nodes": o.unweighed_nodes,
        "contributions": [{
            "node": c.node_id, "label": c.label, "kind": c.kind, "overall": c.overall,
            "per_perspective": c.per_perspective, "unweighed": c.unweighed,
        } for c in o.contributions],
    }
