"""Loops made by cross-links: leads_to links that make a consequence lead back to itself (an
error: such a map has no expected value) and supports/attacks/undercuts links that close a cycle
of arguments (a warning: the gradual semantics then solve a system that may not settle).

The tree alone has no loop, so every loop passes through links. Each check works on the links
only: after link i (s -> t) the walk reaches what t's value or argument flows into along the tree,
and link j follows link i when its source is among those nodes. That keeps a large map with few
links as cheap as its links.
"""

from __future__ import annotations

from argmap.errors import Diagnostic
from argmap.model.document import Document, Kind, LinkKind, Node

__all__ = ["link_loops"]

K = Kind
#: Which kinds add their value into which (the value graph of WEIGHING.md §2).
_VALUE_CHILDREN = {
    K.OPTION: (K.CONSEQUENCE, K.SCENARIO, K.QUESTION),
    K.CONSEQUENCE: (K.CONSEQUENCE, K.SCENARIO, K.QUESTION),
    K.SCENARIO: (K.CONSEQUENCE,),
    K.QUESTION: (K.OPTION,),
}
_ARGUMENTS = (K.PRO, K.CON, K.EVIDENCE)
_ARGUMENT_LINKS = (LinkKind.SUPPORTS, LinkKind.ATTACKS, LinkKind.UNDERCUTS)
_MAX_REPORTED = 5


def link_loops(doc: Document) -> list[Diagnostic]:
    """An error for each loop of leads_to links, a warning for each cycle of argument links (a few at most)."""
    if not doc.links:
        return []
    index = doc._index()
    value_links: list[tuple[int, Node, Node]] = []
    argument_links: list[tuple[int, Node, Node]] = []
    for i, link in enumerate(doc.links):
        s, t = index.get(link.source), index.get(link.target)
        if s is None or t is None or s is t:
            continue  # reported elsewhere
        if link.kind is LinkKind.LEADS_TO and t.kind in _VALUE_CHILDREN.get(s.kind, ()):
            value_links.append((i, s, t))
        elif link.kind in _ARGUMENT_LINKS:
            argument_links.append((i, s, t))
    out: list[Diagnostic] = []
    # A value flows from a node up to its parent while it is one of the parent's value children;
    # a link's target feeds the source of a later link when that source sits on the target's
    # way down, i.e. the target is on the way up from that source.
    up_value = {id(s): _way_up(doc, s, index, _is_value_step) for _, s, _ in value_links}
    for loop in _loops(value_links, lambda t, s: t.id in up_value[id(s)]):
        out.append(Diagnostic("error", f"links[{loop[0][0]}]",
                              "leads_to links make a loop in which a consequence leads back to itself: "
                              + _names(loop) + "; remove one of them"))
    up_arg = {id(t): _way_up(doc, t, index, _is_argument_step) for _, _, t in argument_links}
    for loop in _loops(argument_links, lambda t, s: s.id in up_arg[id(t)]):
        out.append(Diagnostic("warning", f"links[{loop[0][0]}]",
                              "supports/attacks links close a cycle of arguments: " + _names(loop)
                              + "; their strengths are solved as a system, which may not settle"))
    return out


def _is_value_step(node: Node, parent: Node) -> bool:
    return node.kind in _VALUE_CHILDREN.get(parent.kind, ())


def _is_argument_step(node: Node, parent: Node) -> bool:
    return node.kind in _ARGUMENTS


def _way_up(doc: Document, node: Node, index: dict[str, Node], step) -> set[str]:
    """The node and the ancestors its value (or argument) flows into along the tree."""
    out = {node.id}
    current = node
    while current.parent is not None and current.parent in index:
        parent = index[current.parent]
        if parent.id in out or not step(current, parent):
            break
        out.add(parent.id)
        current = parent
    return out


def _loops(links: list[tuple[int, Node, Node]], feeds) -> list[list[tuple[int, Node, Node]]]:
    """Loops in the graph whose vertices are links and whose edges say 'link a's target feeds link b's source'."""
    n = len(links)
    if n == 0:
        return []
    after = [[j for j in range(n) if feeds(links[i][2], links[j][1])] for i in range(n)]
    state = [0] * n  # 0 unseen, 1 on the path, 2 done
    found: list[list[tuple[int, Node, Node]]] = []
    for start in range(n):
        if state[start]:
            continue
        path = [start]
        state[start] = 1
        work = [iter(after[start])]
        while work and len(found) < _MAX_REPORTED:
            nxt = next(work[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                work.pop()
            elif state[nxt] == 1:
                found.append([links[k] for k in path[path.index(nxt):]])
            elif state[nxt] == 0:
                state[nxt] = 1
                path.append(nxt)
                work.append(iter(after[nxt]))
    return found


def _names(loop: list[tuple[int, Node, Node]]) -> str:
    steps: list[str] = []
    for _, s, t in loop:
        for node in (s, t):
            name = _name(node)
            if not steps or steps[-1] != name:
                steps.append(name)
    if steps[-1] != _name(loop[0][1]):
        steps.append(_name(loop[0][1]))
    return " -> ".join(steps)


def _name(node: Node) -> str:
    label = " ".join(node.label.split())
    label = label if len(label) <= 30 else label[:29] + "…"
    return f"'{label}' ({node.id})" if label and label != node.id else f"'{node.id}'"
