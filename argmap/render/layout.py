"""Tidy-tree layout in linear time, with cards of different sizes.

Walker's algorithm as improved by Buchheim, Juenger and Leipert (2002), written
without recursion so that a chain thousands of levels deep lays out. Nodes at one
depth share a layer; along the layer each card takes its own breadth (its width
top-down, its height left-right). Parents are centred over their children and
sibling order is kept, so tree edges never cross.

Pure Python, no Qt.
"""

from __future__ import annotations

from bisect import bisect_left
from operator import add, sub
from typing import Literal, Mapping, Sequence

__all__ = ["Direction", "Placement", "tidy_layout"]

Direction = Literal["top-down", "left-right"]
_NO_KIDS: list[int] = []


class Placement:
    """Where each node goes: top-left corners, layer of each node and the layers' spans."""

    __slots__ = ("pos", "depth", "layer_start", "layer_size", "width", "height")

    def __init__(self, pos: dict[str, tuple[float, float]], depth: dict[str, int],
                 layer_start: list[float], layer_size: list[float], width: float, height: float) -> None:
        self.pos = pos
        self.depth = depth
        self.layer_start = layer_start  # where each layer begins along the depth axis
        self.layer_size = layer_size  # the largest card extent along the depth axis in each layer
        self.width = width
        self.height = height


def tidy_layout(
    root: str,
    children: Mapping[str, Sequence[str]],
    sizes: Mapping[str, tuple[float, float]],
    direction: Direction = "top-down",
    sibling_gap: float = 24.0,
    subtree_gap: float = 40.0,
    layer_gap: float = 56.0,
) -> Placement:
    """Lay out the tree under `root`; `children` gives each node's visible children in order.

    `sizes` maps every node to (width, height). Returns top-left positions with the
    drawing's top-left corner at (0, 0).
    """
    # Number the nodes breadth-first; all per-node state lives in flat lists, which is
    # several times faster in CPython than objects with attributes.
    ids: list[str] = [root]
    parent: list[int] = [-1]
    kids: list[list[int]] = []
    number: list[int] = [0]  # 1-based index among siblings
    depth: list[int] = [0]
    get = children.get
    for i, nid in enumerate(ids):  # the list grows while it is walked: breadth-first
        cs = get(nid)
        if cs:
            k = len(cs)
            start = len(ids)
            kids.append(list(range(start, start + k)))
            ids.extend(cs)
            parent.extend([i] * k)
            number.extend(range(1, k + 1))
            depth.extend([depth[i] + 1] * k)
        else:
            kids.append(_NO_KIDS)
    n = len(ids)
    across = 0 if direction == "top-down" else 1
    # Each card's breadth along its layer and extent across it (C-level loops: this runs per edit).
    widths, heights = (list(t) for t in zip(*map(sizes.__getitem__, ids)))
    breadth, extent = (widths, heights) if across == 0 else (heights, widths)

    prelim = [0.0] * n
    mod = [0.0] * n
    shift = [0.0] * n
    change = [0.0] * n
    thread = [-1] * n
    ancestor = list(range(n))
    mid: list[float | None] = [None] * n

    def apportion(v: int, left: int, leftmost: int, default_ancestor: int) -> int:
        vir = vor = v
        vil = left
        vol = leftmost
        sir = mod[vir]
        sor = mod[vor]
        sil = mod[vil]
        sol = mod[vol]
        p = parent[v]
        c = kids[vil]
        nr = c[-1] if c else thread[vil]
        c = kids[vir]
        nl = c[0] if c else thread[vir]
        while nr >= 0 and nl >= 0:
            vil = nr
            vir = nl
            c = kids[vol]
            vol = c[0] if c else thread[vol]
            c = kids[vor]
            vor = c[-1] if c else thread[vor]
            ancestor[vor] = v
            s = (prelim[vil] + sil) - (prelim[vir] + sir) + (breadth[vil] + breadth[vir]) * 0.5 + subtree_gap
            if s > 0:
                a = ancestor[vil]
                wl = a if parent[a] == p else default_ancestor
                subtrees = number[v] - number[wl]
                change[v] -= s / subtrees
                shift[v] += s
                change[wl] += s / subtrees
                prelim[v] += s
                mod[v] += s
                sir += s
                sor += s
            sil += mod[vil]
            sir += mod[vir]
            sol += mod[vol]
            sor += mod[vor]
            c = kids[vil]
            nr = c[-1] if c else thread[vil]
            c = kids[vir]
            nl = c[0] if c else thread[vir]
        if nr >= 0:
            c = kids[vor]
            if not c and thread[vor] < 0:
                thread[vor] = nr
                mod[vor] += sil - sor
        if nl >= 0:
            c = kids[vol]
            if not c and thread[vol] < 0:
                thread[vol] = nl
                mod[vol] += sir - sol
                default_ancestor = v
        return default_ancestor

    # First walk, children before parents: breadth-first numbering, reversed.
    # A child's prelim is set from its left sibling just before apportioning it, as in the
    # recursive original (where that happens at the end of the child's own first walk).
    for v in range(n - 1, -1, -1):
        c = kids[v]
        if not c:
            continue
        leftmost = c[0]
        default_ancestor = leftmost
        m = mid[leftmost]
        prelim[leftmost] = m if m is not None else 0.0
        left = leftmost
        for k in range(1, len(c)):
            w = c[k]
            p = prelim[left] + (breadth[left] + breadth[w]) * 0.5 + sibling_gap
            prelim[w] = p
            m = mid[w]
            if m is not None:
                mod[w] = p - m
            default_ancestor = apportion(w, left, leftmost, default_ancestor)
            left = w
        # Execute the accumulated shifts, right to left.
        s = 0.0
        ch = 0.0
        for w in reversed(c):
            prelim[w] += s
            mod[w] += s
            ch += change[w]
            s += shift[w] + ch
        mid[v] = (prelim[c[0]] + prelim[c[-1]]) * 0.5
    m = mid[0]
    prelim[0] = m if m is not None else 0.0

    # Second walk, parents before children: a node's position is its prelim plus its ancestors' mods.
    x = [0.0] * n
    msum = [0.0] * n
    x[0] = prelim[0]
    for v in range(n):
        m = msum[v] + mod[v]
        for w in kids[v]:
            msum[w] = m
            x[w] = prelim[w] + m

    # Layers along the depth axis: each as deep as its deepest card. Breadth-first numbering
    # puts each layer's nodes in one run, in order of depth.
    layers = depth[-1] + 1
    cut = [bisect_left(depth, d) for d in range(layers)] + [n]
    layer_size = [max(0.0, max(extent[cut[d]:cut[d + 1]])) for d in range(layers)]
    layer_start = [0.0] * layers
    for d in range(1, layers):
        layer_start[d] = layer_start[d - 1] + layer_size[d - 1] + layer_gap

    low = list(map(sub, x, [b * 0.5 for b in breadth]))
    lo = min(low)
    hi = max(map(add, low, breadth))
    across_pos = [lv - lo for lv in low]
    along_pos = list(map(layer_start.__getitem__, depth))
    if across == 0:
        pos = dict(zip(ids, zip(across_pos, along_pos)))
        w_total, h_total = hi - lo, layer_start[-1] + layer_size[-1]
    else:
        pos = dict(zip(ids, zip(along_pos, across_pos)))
        w_total, h_total = layer_start[-1] + layer_size[-1], hi - lo
    return Placement(pos, dict(zip(ids, depth)), layer_start, layer_size, w_total, h_total)
