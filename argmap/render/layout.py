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
from typing import Iterable, Literal, Mapping, Sequence

__all__ = ["Direction", "Placement", "tidy_layout", "grow_layout", "shrink_layout"]

Direction = Literal["top-down", "left-right"]
_NO_KIDS: list[int] = []


class Placement:
    """Where each node goes: top-left corners, layer of each node and the layers' spans."""

    __slots__ = ("pos", "depth", "layer_start", "layer_size", "width", "height", "_state")

    def __init__(self, pos: dict[str, tuple[float, float]], depth: dict[str, int],
                 layer_start: list[float], layer_size: list[float], width: float, height: float,
                 state: "_State | None" = None) -> None:
        self._state = state  # the walk's data, for `grow_layout`
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
    st = _State(root, children, sizes, direction, sibling_gap, subtree_gap, layer_gap)
    kids = st.kids
    _first_walk(st, [v for v in range(len(kids) - 1, -1, -1) if kids[v]])
    return _placement(st)


def grow_layout(place: Placement, parent: str, added: str, children: Mapping[str, Sequence[str]],
                sizes: Mapping[str, tuple[float, float]], resized: Iterable[str] = ()) -> Placement | None:
    """The layout of `place`'s tree with one new leaf `added` under `parent`, equal to a full `tidy_layout`.

    `children` and `sizes` describe the new tree; `resized` names the other nodes whose size
    may have changed. Only the first-walk steps of the nodes above a change are done again
    (see `_State`); None when `place` was not made by this module or the tree changed otherwise.
    """
    old = place._state
    if old is None or added in old.index or children.get(added) or parent not in old.index:
        return None
    p = old.index[parent]
    ids = old.ids
    new_kids = list(children[parent])
    if [k for k in new_kids if k != added] != [ids[k] for k in old.kids[p]]:
        return None
    st = old.copy()
    i = len(st.ids)
    w, h = sizes[added]
    b, e = (w, h) if st.across == 0 else (h, w)
    for seq, value in ((st.ids, added), (st.parent, p), (st.kids, _NO_KIDS), (st.number, 0),
                       (st.depth, st.depth[p] + 1), (st.breadth, b), (st.extent, e), (st.prelim, 0.0),
                       (st.mod, 0.0), (st.shift, 0.0), (st.change, 0.0), (st.thread, -1), (st.ancestor, i),
                       (st.mid, None), (st.thread_by, -1), (st.mod_pre, 0.0)):
        seq.append(value)  # type: ignore[attr-defined]
    st.index[added] = i
    row = [st.index[k] for k in new_kids]
    st.kids[p] = row
    for j, v in enumerate(row, start=1):
        st.number[v] = j
    st.is_bfs = False
    return _redo(st, _steps_above(st, p, resized, sizes))


def shrink_layout(place: Placement, removed: str, children: Mapping[str, Sequence[str]],
                  sizes: Mapping[str, tuple[float, float]], resized: Iterable[str] = ()) -> Placement | None:
    """The layout of `place`'s tree without the leaf `removed`, equal to a full `tidy_layout`.

    Only the node numbered last (the newest) can go; None otherwise, or when the tree
    changed in another way.
    """
    old = place._state
    i = old.index.get(removed, 0) if old is not None else 0
    if old is None or i != len(old.ids) - 1 or i == 0 or old.kids[i]:
        return None
    p = old.parent[i]
    ids = old.ids
    if list(children.get(ids[p], ())) != [ids[k] for k in old.kids[p] if k != i]:
        return None
    st = old.copy()
    steps = _steps_above(st, p, resized, sizes)
    st.undo_steps(steps)  # while the leaf is still there: what they wrote may point at it
    row = [k for k in st.kids[p] if k != i]
    st.kids[p] = row if row else _NO_KIDS
    for j, v in enumerate(row, start=1):
        st.number[v] = j
    st.mid[p] = None
    for name in _State._LISTS:
        getattr(st, name).pop()
    del st.index[removed]
    return _redo(st, steps)


def _steps_above(st: _State, p: int, resized: Iterable[str], sizes: Mapping[str, tuple[float, float]]) -> set[int]:
    """Node p and the parents of resized nodes whose breadth changed, and all above them (sizes taken in)."""
    redo = {p}
    for nid in resized:
        r = st.index.get(nid)
        if r is None:
            continue
        w, h = sizes[nid]
        b, e = (w, h) if st.across == 0 else (h, w)
        st.extent[r] = e
        if b != st.breadth[r]:
            st.breadth[r] = b
            if st.parent[r] >= 0:
                redo.add(st.parent[r])
    for v in list(redo):  # and everything above
        a = st.parent[v]
        while a >= 0 and a not in redo:
            redo.add(a)
            a = st.parent[a]
    return redo


def _redo(st: _State, steps: set[int]) -> Placement:
    """Undo the steps of these nodes, do again those that still have children, and place the nodes."""
    st.undo_steps(steps)
    depth, kids = st.depth, st.kids
    _first_walk(st, sorted((v for v in steps if kids[v]), key=lambda v: -depth[v]))
    return _placement(st)


class _State:
    """The per-node data of Walker's first walk, in flat lists by node number.

    Nodes are numbered breadth-first; a node added later takes the next number, so a parent's
    number is always below its children's. The step of node v (placing v's children side by
    side) reads and writes only nodes in v's subtree, so after a change only the steps of the
    nodes above it need doing again, once what those steps wrote is undone:
    - its children's prelim, mod, shift, change, thread and ancestor start afresh;
    - a thread (and the mod that comes with it) is set once, by the step `thread_by` records,
      over `mod_pre`;
    - `ancestor` entries written by a step point at that step's children; elsewhere only the
      children of the step reading them are told apart, so they go back to the node itself.
    """

    def __init__(self, root: str, children: Mapping[str, Sequence[str]], sizes: Mapping[str, tuple[float, float]],
                 direction: str, sibling_gap: float, subtree_gap: float, layer_gap: float) -> None:
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
        self.across = 0 if direction == "top-down" else 1
        self.sibling_gap, self.subtree_gap, self.layer_gap = sibling_gap, subtree_gap, layer_gap
        # Each card's breadth along its layer and extent across it (C-level loops: this runs per edit).
        widths, heights = (list(t) for t in zip(*map(sizes.__getitem__, ids)))
        self.breadth, self.extent = (widths, heights) if self.across == 0 else (heights, widths)
        self.ids, self.parent, self.kids, self.number, self.depth = ids, parent, kids, number, depth
        self.index = dict(zip(ids, range(n)))
        self.prelim = [0.0] * n
        self.mod = [0.0] * n
        self.shift = [0.0] * n
        self.change = [0.0] * n
        self.thread = [-1] * n
        self.ancestor = list(range(n))
        self.mid: list[float | None] = [None] * n
        self.thread_by = [-1] * n
        self.mod_pre = [0.0] * n
        self.is_bfs = True  # numbered breadth-first, so each layer is one run of numbers

    _LISTS = ("ids", "parent", "kids", "number", "depth", "breadth", "extent", "prelim", "mod", "shift", "change",
              "thread", "ancestor", "mid", "thread_by", "mod_pre")

    def copy(self) -> "_State":
        other = _State.__new__(_State)
        for name in self._LISTS:
            setattr(other, name, list(getattr(self, name)))
        other.index = dict(self.index)
        other.across, other.is_bfs = self.across, self.is_bfs
        other.sibling_gap, other.subtree_gap, other.layer_gap = self.sibling_gap, self.subtree_gap, self.layer_gap
        return other

    def undo_steps(self, steps: set[int]) -> None:
        """Take back what the steps of these nodes wrote (they will be done again)."""
        thread, mod, thread_by, mod_pre, ancestor, parent = (
            self.thread, self.mod, self.thread_by, self.mod_pre, self.ancestor, self.parent)
        for x in [x for x, by in enumerate(thread_by) if by in steps]:
            thread[x] = -1
            mod[x] = mod_pre[x]
            thread_by[x] = -1
        for x in [x for x, q in enumerate(map(parent.__getitem__, ancestor)) if q in steps]:
            ancestor[x] = x
        prelim, shift, change = self.prelim, self.shift, self.change
        for v in steps:
            for w in self.kids[v]:
                prelim[w] = mod[w] = shift[w] = change[w] = 0.0
                thread[w] = thread_by[w] = -1
                ancestor[w] = w


def _first_walk(st: _State, steps: Sequence[int]) -> None:
    """Walker's first walk: the steps of `steps` (children before parents), then the root's prelim."""
    parent, kids, number, breadth = st.parent, st.kids, st.number, st.breadth
    prelim, mod, shift, change = st.prelim, st.mod, st.shift, st.change
    thread, ancestor, mid, thread_by, mod_pre = st.thread, st.ancestor, st.mid, st.thread_by, st.mod_pre
    sibling_gap, subtree_gap = st.sibling_gap, st.subtree_gap

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
                thread_by[vor] = p
                mod_pre[vor] = mod[vor]
                thread[vor] = nr
                mod[vor] += sil - sor
        if nl >= 0:
            c = kids[vol]
            if not c and thread[vol] < 0:
                thread_by[vol] = p
                mod_pre[vol] = mod[vol]
                thread[vol] = nl
                mod[vol] += sir - sol
                default_ancestor = v
        return default_ancestor

    # A child's prelim is set from its left sibling just before apportioning it, as in the
    # recursive original (where that happens at the end of the child's own first walk).
    for v in steps:
        c = kids[v]
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


def _placement(st: _State) -> Placement:
    """The second walk (a node's position is its prelim plus its ancestors' mods) and the layers."""
    ids, kids, prelim, mod, depth, breadth, extent = st.ids, st.kids, st.prelim, st.mod, st.depth, st.breadth, st.extent
    n = len(ids)
    x = [0.0] * n
    msum = [0.0] * n
    x[0] = prelim[0]
    for v in range(n):  # parents have lower numbers than their children
        m = msum[v] + mod[v]
        for w in kids[v]:
            msum[w] = m
            x[w] = prelim[w] + m

    # Layers along the depth axis: each as deep as its deepest card.
    if st.is_bfs:  # each layer is one run of numbers, in order of depth
        layers = depth[-1] + 1
        cut = [bisect_left(depth, d) for d in range(layers)] + [n]
        layer_size = [max(0.0, max(extent[cut[d]:cut[d + 1]])) for d in range(layers)]
    else:
        layers = max(depth) + 1
        layer_size = [0.0] * layers
        for d, e in zip(depth, extent):
            if e > layer_size[d]:
                layer_size[d] = e
    layer_start = [0.0] * layers
    layer_gap = st.layer_gap
    for d in range(1, layers):
        layer_start[d] = layer_start[d - 1] + layer_size[d - 1] + layer_gap

    low = list(map(sub, x, [b * 0.5 for b in breadth]))
    lo = min(low)
    hi = max(map(add, low, breadth))
    across_pos = [lv - lo for lv in low]
    along_pos = list(map(layer_start.__getitem__, depth))
    if st.across == 0:
        pos = dict(zip(ids, zip(across_pos, along_pos)))
        w_total, h_total = hi - lo, layer_start[-1] + layer_size[-1]
    else:
        pos = dict(zip(ids, zip(along_pos, across_pos)))
        w_total, h_total = layer_start[-1] + layer_size[-1], hi - lo
    return Placement(pos, dict(zip(ids, depth)), layer_start, layer_size, w_total, h_total, st)
