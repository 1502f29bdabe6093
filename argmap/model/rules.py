"""The rules of a map: which kind may hang under which, and document checks."""

from __future__ import annotations

from argmap.errors import Diagnostic, RuleError
from argmap.model.document import Document, Kind, LinkKind

__all__ = [
    "ALLOWED_CHILDREN",
    "WEIGHTS",
    "SUM_TOLERANCE",
    "UNDERCUT_TARGETS",
    "check_child",
    "structural_problems",
    "check",
]

K = Kind

#: Which kinds may hang directly under each kind.
ALLOWED_CHILDREN: dict[Kind, frozenset[Kind]] = {
    # A scenario under a question is a chance fork before the decision: the decision is taken
    # once its outcome is known, so the options hang under each outcome (as later questions).
    K.QUESTION: frozenset({K.OPTION, K.SCENARIO, K.NOTE}),
    # A question under an option is the next decision, taken once that option is.
    K.OPTION: frozenset({K.CONSEQUENCE, K.SCENARIO, K.QUESTION, K.PRO, K.CON, K.EVIDENCE, K.NOTE}),
    K.CONSEQUENCE: frozenset({K.CONSEQUENCE, K.SCENARIO, K.QUESTION, K.PRO, K.CON, K.EVIDENCE, K.NOTE}),
    K.SCENARIO: frozenset({K.CONSEQUENCE, K.NOTE}),
    K.PRO: frozenset({K.PRO, K.CON, K.EVIDENCE, K.NOTE}),
    K.CON: frozenset({K.PRO, K.CON, K.EVIDENCE, K.NOTE}),
    K.EVIDENCE: frozenset({K.PRO, K.CON, K.NOTE}),
    K.NOTE: frozenset({K.NOTE}),
}

#: Which kinds carry which weight.
WEIGHTS: dict[str, frozenset[Kind]] = {
    "likelihood": frozenset({K.CONSEQUENCE}),
    "impact": frozenset({K.CONSEQUENCE, K.OPTION}),
    "strength": frozenset({K.PRO, K.CON, K.EVIDENCE}),
}

SUM_TOLERANCE = 0.001

#: What an `undercuts` link may target: an argument, whose inference to its parent it denies.
UNDERCUT_TARGETS = frozenset({K.PRO, K.CON, K.EVIDENCE})

_ARTICLE = {k: ("an " if k.value[0] in "aeiou" else "a ") + k.value for k in Kind}


def _kind_list(kinds: frozenset[Kind]) -> str:
    names = sorted(k.value + "s" for k in kinds)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def child_problem(parent_kind: Kind | None, child_kind: Kind) -> str | None:
    """Why `child_kind` may not hang under `parent_kind`, or None when it may."""
    if parent_kind is None:
        return None if child_kind is K.QUESTION else f"The root of a map must be a question, not {_ARTICLE[child_kind]}."
    if child_kind in ALLOWED_CHILDREN[parent_kind]:
        return None
    allowed = ALLOWED_CHILDREN[parent_kind]
    return f"{_ARTICLE[child_kind].capitalize()} cannot hang under {_ARTICLE[parent_kind]}: it takes {_kind_list(allowed)}."


def check_child(parent_kind: Kind | None, child_kind: Kind) -> None:
    """Raise RuleError when `child_kind` may not hang under `parent_kind`."""
    problem = child_problem(parent_kind, child_kind)
    if problem:
        raise RuleError(problem, hint="Choose another parent or change the node's kind.")


def structural_problems(doc: Document) -> list[Diagnostic]:
    """Problems that make the data unusable as a tree: ids, parents, cycles, the question.

    One check for every reader (JSON, Argdown, the editor): `validation.structural_problems`, linear
    and without recursion, so a million-deep chain is checked as fast as a wide map.
    """
    from argmap.model.validation import structural_problems as check_structure

    return check_structure(doc)


def check(doc: Document) -> list[Diagnostic]:
    """Every problem in a structurally sound document: kinds, weights, sums, citations, links."""
    out: list[Diagnostic] = []
    index = doc._index()
    perspectives = {p.id for p in doc.perspectives}
    sources = {s.id: s for s in doc.sources}
    scale = doc.impact_scale
    if scale.min >= scale.max:
        out.append(Diagnostic("error", "impact_scale", f"min {scale.min:g} is not below max {scale.max:g}"))
    if len(perspectives) != len(doc.perspectives):
        out.append(Diagnostic("error", "perspectives", "two perspectives share an id"))
    if len(sources) != len(doc.sources):
        out.append(Diagnostic("error", "sources", "two sources share an id"))

    roots = doc.roots()
    if doc.nodes and len(roots) != 1:
        names = ", ".join(f"'{r.id}'" for r in roots[:5])
        out.append(Diagnostic("error", "nodes", f"a map has one root question; found {len(roots)} nodes without a parent: {names}"))
    if doc.question is not None and doc.question in index and index[doc.question].parent is not None:
        out.append(Diagnostic("error", "question", f"'{doc.question}' has a parent; the map's question must be its root"))

    lo, hi = scale.min, scale.max
    weighed_kinds = [(field, kinds) for field, kinds in WEIGHTS.items()]
    for i, node in enumerate(doc.nodes):
        # The common case (a node that breaks no rule) is checked with no string built.
        kind = node.kind
        parent = index.get(node.parent) if node.parent is not None else None
        parent_kind = parent.kind if parent is not None else None
        if (kind is not K.QUESTION) if parent_kind is None else (kind not in ALLOWED_CHILDREN[parent_kind]):
            out.append(Diagnostic("error", f"nodes[{i}].kind", child_problem(parent_kind, kind) or ""))
        if node.likelihood is not None or node.strength is not None or node.impact:
            for field, kinds in weighed_kinds:
                value = getattr(node, field)
                if value is not None and value != {} and kind not in kinds:
                    out.append(Diagnostic("warning", f"nodes[{i}].{field}", f"{_ARTICLE[kind]} has no {field}; it is ignored"))
            for pid, value in node.impact.items():
                if pid in perspectives and lo <= value <= hi:
                    continue
                at = f"nodes[{i}].impact.{pid}"
                if pid not in perspectives:
                    out.append(Diagnostic("error", at, f"'{pid}' is not a perspective of this map"))
                elif value > hi:
                    out.append(Diagnostic("error", at, f"{value:g} is above the impact scale's maximum {hi:g}"))
                else:
                    out.append(Diagnostic("error", at, f"{value:g} is below the impact scale's minimum {lo:g}"))
        if node.remainder:
            if parent_kind is not K.SCENARIO:
                out.append(Diagnostic("error", f"nodes[{i}].remainder", "only an outcome of a scenario fork can be 'the rest'"))
            if node.likelihood is not None:
                out.append(Diagnostic("error", f"nodes[{i}].likelihood", "'the rest' takes what the stated outcomes leave (shared equally among several); leave its likelihood unset"))
        for j, cit in enumerate(node.citations):
            out.extend(_check_citation(cit, sources, f"nodes[{i}].citations[{j}]"))

    for i, node in enumerate(doc.nodes):
        if node.kind is K.SCENARIO:
            out.extend(_check_fork(doc, node, i))
        elif node.kind is K.QUESTION:
            kids = {c.kind for c in doc.children(node.id)}
            if K.SCENARIO in kids and K.OPTION in kids:
                out.append(Diagnostic("error", f"nodes[{i}]", f"question '{node.id}' has options and a chance fork; "
                                      "the fork comes first, so put the options under its outcomes as later questions"))
    out.extend(_check_policy(doc, index))

    keys: set[tuple[str, str, str]] = set()
    for i, link in enumerate(doc.links):
        at = f"links[{i}]"
        for end, value in (("from", link.source), ("to", link.target)):
            if value not in index:
                out.append(Diagnostic("error", f"{at}.{end}", f"'{value}' is not the id of any node"))
        if link.source == link.target:
            out.append(Diagnostic("error", at, f"a link from '{link.source}' to itself"))
        if link.key in keys:
            out.append(Diagnostic("warning", at, "the same link appears twice"))
        target = index.get(link.target)
        if link.kind is LinkKind.UNDERCUTS and target is not None and target.kind not in UNDERCUT_TARGETS:
            out.append(Diagnostic("warning", at, f"an undercut denies an argument's inference; '{link.target}' is "
                                  f"{_ARTICLE[target.kind]}, so it is weighed as a plain attack"))
        keys.add(link.key)
    return out


def _check_policy(doc: Document, index) -> list[Diagnostic]:
    out = []
    root = doc.root()
    for q, o in doc.policy.items():
        at = f"policy.{q}"
        question, option = index.get(q), index.get(o)
        if question is None or question.kind is not K.QUESTION:
            out.append(Diagnostic("error", at, f"'{q}' is not the id of a question"))
        elif option is None or option.kind is not K.OPTION or option.parent != q:
            out.append(Diagnostic("error", at, f"'{o}' is not an option of question '{q}'"))
        elif root is not None and q == root.id:
            out.append(Diagnostic("warning", at, "the map's question ranks every option; a policy fixes later decisions only"))
    return out


def _check_citation(cit, sources, at: str) -> list[Diagnostic]:
    if cit.source not in sources:
        return [Diagnostic("error", f"{at}.source", f"'{cit.source}' is not a source of this map")]
    text = sources[cit.source].text
    if text is None:
        return []
    if cit.start is not None and cit.end is not None:
        if text[cit.start:cit.end] != cit.quote:
            found = text.find(cit.quote)
            where = f"; it occurs at {found}..{found + len(cit.quote)}" if found >= 0 else ""
            return [Diagnostic("error", f"{at}.start", f"the quote is not at {cit.start}..{cit.end} of source '{cit.source}'{where}")]
    elif cit.quote not in text:
        return [Diagnostic("error", f"{at}.quote", f"the quote does not occur in source '{cit.source}'")]
    return []


def _check_fork(doc: Document, fork, i: int) -> list[Diagnostic]:
    outcomes = [c for c in doc.children(fork.id) if c.kind is K.CONSEQUENCE]
    if not outcomes:
        return []
    rest = [o for o in outcomes if o.remainder]
    stated = [o.likelihood for o in outcomes if not o.remainder]
    at = f"nodes[{i}]"
    if any(v is None for v in stated):
        return []  # unweighed: shown as such, not an error
    total = sum(stated)  # type: ignore[arg-type]
    if rest:
        if total > 1 + SUM_TOLERANCE:
            return [Diagnostic("error", at, f"the outcomes of scenario '{fork.id}' sum to {total:.3g} before 'the rest'; at most 1 expected")]
    elif abs(total - 1) > SUM_TOLERANCE:
        return [Diagnostic("error", at, f"the outcomes of scenario '{fork.id}' have likelihoods summing to {total:.4g}; 1 expected")]
    return []
