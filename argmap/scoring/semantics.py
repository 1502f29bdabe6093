"""Gradual semantics for bipolar argumentation: DF-QuAD, quadratic energy, Euler-based, QuAD, h-categorizer.

With base score w, attackers' strengths a_i and supporters' strengths s_j:
- DF-QuAD (Rago, Toni, Aurisicchio, Baroni, KR 2016): F(v) = 1 - Π(1 - v_i),
  F() = 0; va = F(a), vs = F(s); σ = w - w·(va - vs) if va ≥ vs,
  else w + (1 - w)·(vs - va).
- Quadratic energy (Potyka, KR 2018): E = Σ s_j - Σ a_i,
  h(x) = max(x, 0)² / (1 + max(x, 0)²); σ = w - w·h(-E) + (1 - w)·h(E).
- Euler-based (Amgoud & Ben-Naim, IJCAI 2018): E = Σ s_j - Σ a_i,
  σ = 1 - (1 - w²) / (1 + w·e^E). It keeps σ = w at E = 0 and stays in (w², 1);
  a base of 0 stays 0.
- QuAD (Baroni, Romano, Toni, Aurisicchio, Bertanza, Argument & Computation 2015):
  va = w·Π(1 - a_i) (attacks fold v ← v - v·a), vs = 1 - (1 - w)·Π(1 - s_j)
  (supports fold v ← v + (1 - v)·s); σ = va with attackers only, vs with supporters
  only, (va + vs) / 2 with both, w with neither.
- h-categorizer (Besnard & Hunter, AIJ 2001; with base scores as in the weighted
  h-categorizer): σ = w / (1 + Σ a_i). It is a semantics of attacks only: supporters
  are left out (ATTACK_ONLY), and the scores say how many were.

`strengths` works on plain ids; `solve` is the same over integer node indices and
is what map scoring uses. Acyclic graphs are evaluated exactly in one pass in
topological order. Strongly connected parts (cycles made by cross-links) are
solved as the continuous system dσ/dt = update(σ) − σ with RK4, and an
unsettled system raises NotConverged instead of returning a last guess.
"""

from __future__ import annotations

import math
from typing import Callable, Iterable, Sequence

from argmap.errors import NotConverged

__all__ = [
    "SEMANTICS",
    "ATTACK_ONLY",
    "STEP",
    "TOLERANCE",
    "MAX_STEPS",
    "strengths",
    "solve",
    "aggregate",
    "components",
    "check_semantics",
]

SEMANTICS = ("df-quad", "quadratic-energy", "euler-based", "quad", "h-categorizer")
#: Semantics that read attackers only: supporters make no difference under them.
ATTACK_ONLY = frozenset({"h-categorizer"})
STEP = 0.1
TOLERANCE = 1e-9
MAX_STEPS = 5_000  # time 500: a system settling at rate 0.05 is within 1e-9 by then


def check_semantics(semantics: str) -> None:
    """Raise ValueError-like ArgmapError for an unknown semantics name."""
    if semantics not in SEMANTICS:
        from argmap.errors import ArgmapError

        raise ArgmapError(
            f"unknown semantics '{semantics}'",
            hint="Use one of: " + ", ".join(SEMANTICS) + ".",
        )


def _dfquad(w: float, att: Iterable[float], sup: Iterable[float]) -> float:
    pa = 1.0
    for v in att:
        pa *= 1.0 - v
    ps = 1.0
    for v in sup:
        ps *= 1.0 - v
    va = 1.0 - pa
    vs = 1.0 - ps
    if va >= vs:
        return w - w * (va - vs)
    return w + (1.0 - w) * (vs - va)


def _energy(w: float, att: Iterable[float], sup: Iterable[float]) -> float:
    e = sum(sup) - sum(att)
    if e > 0:
        h = e * e / (1.0 + e * e)
        return w + (1.0 - w) * h
    if e < 0:
        h = e * e / (1.0 + e * e)
        return w - w * h
    return w


_EXP_LIMIT = 700.0  # e^700 is near the float range's end; beyond it σ is 1 to the last digit


def _euler(w: float, att: Iterable[float], sup: Iterable[float]) -> float:
    e = sum(sup) - sum(att)
    return 1.0 - (1.0 - w * w) / (1.0 + w * math.exp(min(e, _EXP_LIMIT)))


def _quad(w: float, att: Iterable[float], sup: Iterable[float]) -> float:
    va = w
    has_att = False
    for v in att:
        va *= 1.0 - v
        has_att = True
    rest = 1.0 - w
    has_sup = False
    for v in sup:
        rest *= 1.0 - v
        has_sup = True
    vs = 1.0 - rest
    if has_att and has_sup:
        return 0.5 * (va + vs)
    if has_att:
        return va
    return vs if has_sup else w


def _hcat(w: float, att: Iterable[float], sup: Iterable[float]) -> float:
    return w / (1.0 + sum(att))


_UPDATES = {"df-quad": _dfquad, "quadratic-energy": _energy, "euler-based": _euler, "quad": _quad,
            "h-categorizer": _hcat}


def aggregate(semantics: str) -> Callable[[float, Iterable[float], Iterable[float]], float]:
    """The update σ = f(base, attacker strengths, supporter strengths) of a semantics."""
    check_semantics(semantics)
    return _UPDATES[semantics]


def components(n: int, preds: Sequence[Sequence[int]]) -> list[list[int]]:
    """Strongly connected components, each listed after every component it depends on.

    `preds[i]` are the nodes whose value node i reads (its attackers and
    supporters). Iterative Tarjan, so ten-thousand-deep chains are fine.
    """
    index = [-1] * n
    low = [0] * n
    on_stack = [False] * n
    stack: list[int] = []
    out: list[list[int]] = []
    counter = 0
    for start in range(n):
        if index[start] != -1:
            continue
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack[start] = True
        work = [(start, 0)]
        while work:
            v, i = work[-1]
            succ = preds[v]
            if i < len(succ):
                work[-1] = (v, i + 1)
                u = succ[i]
                if index[u] == -1:
                    index[u] = low[u] = counter
                    counter += 1
                    stack.append(u)
                    on_stack[u] = True
                    work.append((u, 0))
                elif on_stack[u] and index[u] < low[v]:
                    low[v] = index[u]
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                if low[v] < low[parent]:
                    low[parent] = low[v]
            if low[v] == index[v]:
                comp = []
                while True:
                    u = stack.pop()
                    on_stack[u] = False
                    comp.append(u)
                    if u == v:
                        break
                out.append(comp)
    return out


def _is_cyclic(comp: list[int], preds: Sequence[Sequence[int]]) -> bool:
    if len(comp) > 1:
        return True
    v = comp[0]
    return v in preds[v]


def solve(
    base: Sequence[float | None],
    attackers: Sequence[Sequence[int]],
    supporters: Sequence[Sequence[int]],
    semantics: str = "df-quad",
    names: Sequence[str] | None = None,
    readers: Sequence[Sequence[int]] | None = None,
) -> list[float | None]:
    """Final strengths of nodes 0..n-1; a node with base None has none and counts for nothing.

    Attackers and supporters with no base are ignored. `names` label nodes in
    the NotConverged message; `readers[i]`, when given, lists the nodes that
    node i attacks or supports (it saves building that index again).
    """
    f = aggregate(semantics)
    n = len(base)
    att: list[list[int]] = [[]] * n
    sup: list[list[int]] = [[]] * n
    pending = [0] * n
    build = readers is None
    if build:
        readers = [[] for _ in range(n)]
    for i in range(n):
        if base[i] is None:
            continue
        a = [x for x in attackers[i] if base[x] is not None] if attackers[i] else []
        s = [x for x in supporters[i] if base[x] is not None] if supporters[i] else []
        att[i], sup[i] = a, s
        pending[i] = len(a) + len(s)
        if build:
            for x in a:
                readers[x].append(i)  # type: ignore[index]
            for x in s:
                readers[x].append(i)  # type: ignore[index]
    sigma: list[float | None] = list(base)
    # Kahn: a node is final once every attacker and supporter is.
    ready = [i for i in range(n) if pending[i] == 0]
    done = 0
    while ready:
        v = ready.pop()
        done += 1
        if att[v] or sup[v]:
            sigma[v] = f(base[v], [sigma[a] for a in att[v]], [sigma[s] for s in sup[v]])  # type: ignore[arg-type]
        if base[v] is None:
            continue  # it counts for no one
        for r in readers[v]:  # type: ignore[index]
            if base[r] is None:
                continue
            pending[r] -= 1
            if pending[r] == 0:
                ready.append(r)
    if done == n:
        return sigma
    # Cycles: solve each strongly connected part once everything it reads is known.
    preds = [att[i] + sup[i] for i in range(n)]
    for comp in components(n, preds):
        if all(pending[v] == 0 for v in comp):
            continue  # settled by the pass above
        if not _is_cyclic(comp, preds):
            v = comp[0]
            sigma[v] = f(base[v], [sigma[a] for a in att[v]], [sigma[s] for s in sup[v]])  # type: ignore[arg-type]
        else:
            _solve_cycle(comp, base, att, sup, sigma, f, names)
        for v in comp:
            pending[v] = 0
    return sigma


def _solve_cycle(comp, base, att, sup, sigma, f, names) -> None:
    """RK4 on dσ/dt = update(σ) − σ over one strongly connected component, in place."""
    pos = {v: i for i, v in enumerate(comp)}
    m = len(comp)
    w = [base[v] for v in comp]
    # Each reader: (index in comp or -1, outside value) per attacker and supporter.
    att_in = [[(pos.get(a, -1), sigma[a]) for a in att[v]] for v in comp]
    sup_in = [[(pos.get(s, -1), sigma[s]) for s in sup[v]] for v in comp]

    def deriv(x: list[float]) -> list[float]:
        out = [0.0] * m
        for i in range(m):
            a = [x[j] if j >= 0 else val for j, val in att_in[i]]
            s = [x[j] if j >= 0 else val for j, val in sup_in[i]]
            out[i] = f(w[i], a, s) - x[i]
        return out

    x = list(w)
    h = STEP
    for _ in range(MAX_STEPS):
        k1 = deriv(x)
        if max(abs(d) for d in k1) < TOLERANCE:
            for i, v in enumerate(comp):
                sigma[v] = min(1.0, max(0.0, x[i]))
            return
        k2 = deriv([x[i] + 0.5 * h * k1[i] for i in range(m)])
        k3 = deriv([x[i] + 0.5 * h * k2[i] for i in range(m)])
        k4 = deriv([x[i] + h * k3[i] for i in range(m)])
        x = [x[i] + h / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) for i in range(m)]
    shown = [names[v] if names else str(v) for v in comp[:6]]
    more = f" and {len(comp) - 6} more" if len(comp) > 6 else ""
    raise NotConverged(
        f"the strengths of the arguments in a cycle ({', '.join(shown)}{more}) did not settle "
        f"after {MAX_STEPS} steps",
        hint="Remove one of the supports/attacks links that close the cycle, or try the other semantics.",
    )


def strengths(
    base: dict[str, float],
    attacks: Iterable[tuple[str, str]],
    supports: Iterable[tuple[str, str]],
    semantics: str = "df-quad",
) -> dict[str, float]:
    """Final strength of every id in `base` (id -> base score in [0, 1]).

    `attacks` and `supports` are (source, target) pairs; a pair whose source or
    target has no base is ignored.
    """
    ids = list(base)
    at = {k: i for i, k in enumerate(ids)}
    att: list[list[int]] = [[] for _ in ids]
    sup: list[list[int]] = [[] for _ in ids]
    for edges, into in ((attacks, att), (supports, sup)):
        for src, dst in edges:
            if src in at and dst in at:
                into[at[dst]].append(at[src])
    sigma = solve([float(base[k]) for k in ids], att, sup, semantics, ids)
    return {k: sigma[i] for i, k in enumerate(ids)}  # type: ignore[misc]
