"""Compact layout: leaves stacked in columns under their parent, subtrees packed in rows or columns.

A tidy tree puts every node of a depth on one layer, so a bushy map becomes a ribbon
many times wider than tall. Here each node heads a block: its card at the block's
top-left corner and, below it, its children, in one of two ways:
- in rows, read left to right and row by row, each child entered from above by a drop
  off its row's bar; runs of two or more sibling leaves are stacked in columns (read
  down, then across) beside a spine, as in an org chart;
- in columns, read down and then across, each child entered from the side by a stub
  off its column's spine.

Each block keeps a few shapes it can take, from narrow and tall to wide and flat (the
ones no other shape beats in both width and height). A parent builds its shapes from
its children's, so children in one row can be made about as tall as each other, and
the root takes the shape nearest the asked aspect ratio with the least area.

The drawing is always top-down, whatever the view's direction: the cards' text reads
across, and the aspect ratio already gives the drawing its shape. Pure Python, no Qt.
"""

from __future__ import annotations

import math
from operator import itemgetter
from typing import Mapping, Sequence

from argmap.render.layout import Direction, Placement

__all__ = ["CompactPlacement", "compact_layout", "TRUNK", "STUB", "ROW_GAP", "STACK_GAP"]

TRUNK = 14.0  # a parent's trunk leaves its card this far from the card's left edge
STUB = 16.0  # from a spine across to its stacked cards
COLUMN_GAP = 12.0  # from a stacked card (or block) to the spine of the next column
STACK_GAP = 14.0  # between stacked cards: room for an edge label
BLOCK_STACK_GAP = 18.0  # below a block in a column
BLOCK_GAP = 16.0  # between blocks side by side in a row
ROW_GAP = 36.0  # from a card to its first row, and between rows; the bar runs in the middle
SIDE_BAR = 14.0  # a bar leaving a card's right side runs this far below the card's top
SIDE_TOP = 32.0  # columns beside their parent's card start this far below its top
SIDE_DROP = 20.0  # the column under a card whose other columns are beside it starts this far below it
INDENT = 28.0  # wrapped rows start this far right of their parent's card, clear of its trunk
_BUCKET = math.log(1.2)  # shapes kept per block: the smallest of each range of aspect ratios this wide
_FAR = math.log(12.0)  # of the shapes flatter (or taller) than this, only the smallest stays
#: Row heights (column widths) tried per block, at most: the few blocks of many nodes (or of a sixteenth of
#: the map) try many, the many small ones few.
_BUDGETS = ((30, 8), (100, 24), (math.inf, 64))
_MAX_STACK = 6  # columns a stack of leaves may take
_AREA = 2.0  # the drawing may take this many times the least area to come nearer the asked aspect


class CompactPlacement(Placement):
    """A `Placement` with what the edges need: for each child, the y of the bar it hangs from.

    `stacked` holds the ids of the children entered from the side: their edge runs down
    a spine `STUB` left of the card and into it by a stub; the others drop from the bar
    into the card's top, `TRUNK` right of its left edge. The bars of the children in
    `side` leave the parent's right side instead of its bottom.
    """

    __slots__ = ("bar", "stacked", "side", "memo")

    def __init__(self, pos: dict[str, tuple[float, float]], depth: dict[str, int], layer_start: list[float],
                 layer_size: list[float], width: float, height: float, bar: dict[str, float],
                 stacked: set[str], side: set[str]) -> None:
        super().__init__(pos, depth, layer_start, layer_size, width, height)
        self.bar = bar
        self.stacked = stacked
        self.side = side  # stacked children whose bar leaves the parent's right side, not its bottom
        self.memo: dict[str, tuple] = {}  # each block's shapes, for the next layout (see `_Tree.shapes`)


def compact_layout(
    root: str,
    children: Mapping[str, Sequence[str]],
    sizes: Mapping[str, tuple[float, float]],
    direction: Direction = "top-down",
    aspect: float = 4 / 3,
    previous: Placement | None = None,
) -> CompactPlacement:
    """Lay out the tree under `root` compactly, aiming at `aspect` (width / height).

    `children` gives each node's shown children in order, `sizes` each node's (width,
    height). `direction` is accepted for the caller's sake: the compact drawing is
    top-down always. Returns top-left positions with the drawing's top-left corner at (0, 0).
    With `previous` (an earlier compact layout, of this aspect) the blocks that did not
    change are not worked out again; the result is the same as without it.
    """
    if not aspect > 0:
        raise ValueError(f"aspect must be above 0, not {aspect!r}")
    tree = _Tree(root, children, sizes)
    shapes = tree.shapes(getattr(previous, "memo", None))
    target = math.log(aspect)

    def cost(s: tuple) -> float:  # the area, and much more for a worse aspect
        return math.log(s[0] * s[1]) + 4.0 * max(0.0, abs(math.log(s[0] / s[1]) - target) - 0.2)

    # Never more than twice the least area, whatever the aspect: a long chain of cards (with a
    # leaf at each step) would rather be a staircase of the asked shape, far bigger than a column.
    least = min(s[0] * s[1] for s in shapes)
    place = tree.place(min((s for s in shapes if s[0] * s[1] <= _AREA * least), key=cost))
    place.memo = tree.memo
    return place


# A shape is (width, height, plan). A plan says how a block's children go:
#   ("rows", x0, rows): rows of items (child, shape) or (leaves, None, columns of leaves)
#   ("columns", columns): columns of (child, shape), each child entered from the side
#   ("side", columns): the same with the first column under the card and the others beside it
#   None: a leaf


class _Tree:
    """The tree as flat lists in pre-order, each inner node's children grouped into items.

    An item is a child heading its own block, or a run of two or more sibling leaves
    (a list), which is stacked.
    """

    def __init__(self, root: str, children: Mapping[str, Sequence[str]],
                 sizes: Mapping[str, tuple[float, float]]) -> None:
        ids: list[str] = []
        kids: list[list[int]] = []
        depth: list[int] = []
        get = children.get
        stack = [(root, -1, 0)]
        while stack:  # pre-order, without recursion: a chain thousands deep lays out
            nid, p, d = stack.pop()
            i = len(ids)
            ids.append(nid)
            depth.append(d)
            kids.append([])
            if p >= 0:
                kids[p].append(i)
            cs = get(nid)
            if cs:
                stack.extend((c, i, d + 1) for c in reversed(cs))
        self.ids, self.kids, self.depth = ids, kids, depth
        self.w, self.h = (list(t) for t in zip(*map(sizes.__getitem__, ids)))
        self.inner = [v for v in range(len(ids) - 1, -1, -1) if kids[v]]  # children before parents
        self.count = count = [1] * len(ids)  # nodes in each block
        for v in self.inner:
            count[v] += sum(count[c] for c in kids[v])
        self.gap = [BLOCK_STACK_GAP if k else STACK_GAP for k in kids]  # below each in a column
        self.items: dict[int, list[int | list[int]]] = {}  # by place among the node's children
        for v in self.inner:
            out: list[int | list[int]] = []
            run: list[int] = []
            for j, c in enumerate(kids[v]):
                if kids[c]:
                    if run:
                        out.append(run if len(run) > 1 else run[0])
                        run = []
                    out.append(j)
                else:
                    run.append(j)
            if run:
                out.append(run if len(run) > 1 else run[0])
            self.items[v] = out
        self.front: list[list[tuple]] = [[(w, h, None)] for w, h in zip(self.w, self.h)]
        self.memo: dict[str, tuple] = {}  # node id -> (what its shapes were made from, its shapes)

    def shapes(self, known: dict[str, tuple] | None = None) -> list[tuple]:
        """Every block's shapes, children first; returns the root's.

        `known` is the `memo` of an earlier layout: a block whose card and children are as
        they were then, each unchanged in turn, takes its shapes from there. Shapes name
        children by their place among their siblings, so they stay good when other nodes
        come or go.
        """
        ids, kids, w, h, front = self.ids, self.kids, self.w, self.h, self.front
        memo = self.memo
        same = [False] * len(ids)
        for v in range(len(ids) - 1, -1, -1):  # children before parents
            nid = ids[v]
            ks = kids[v]
            key = (w[v], h[v], tuple(ids[c] for c in ks), self._most(v) if ks else 0)
            old = known.get(nid) if known is not None else None
            if old is not None and old[0] == key and all(same[c] for c in ks):
                same[v] = True
                front[v] = old[1]
            elif ks:
                front[v] = self._shapes_of(v)
            memo[nid] = (key, front[v])
        return front[0]

    def _most(self, v: int) -> int:
        """How many row heights (column widths) the block of v tries."""
        count = self.count[v] if self.count[v] * 16 < self.count[0] else 10**9
        return next(k for size, k in _BUDGETS if count < size)

    def _stack(self, v: int, run: list[int]) -> list[tuple]:
        """The shapes of a stack of v's leaves `run` in 1 to `_MAX_STACK` columns: (width, height, columns)."""
        out = []
        for k in range(1, min(len(run), _MAX_STACK) + 1):
            per = -(-len(run) // k)
            cols = [[(j, 0) for j in run[i:i + per]] for i in range(0, len(run), per)]
            if len(cols) < k:
                break
            cw, ch = _columns_size(cols, self.kids[v], self.front, self.gap)
            out.append((cw, ch, cols))
        return _pareto(out)

    def _shapes_of(self, v: int) -> list[tuple]:
        front, gap = self.front, self.gap
        w0, h0 = self.w[v], self.h[v]
        items = self.items[v]
        if len(items) == 1 and isinstance(items[0], list):
            items = []  # leaves alone: the columns below give the same shapes
        options = []  # per item: its shapes, narrowest first
        kids = self.kids[v]
        for it in items:
            if isinstance(it, list):
                options.append([(sw, sh, (it, None, cols)) for sw, sh, cols in self._stack(v, it)])
            else:
                options.append([(sw, sh, (it, k)) for k, (sw, sh, _) in enumerate(front[kids[it]])])
        out = []
        seen = set()
        # In rows: for a row height, each item takes its narrowest shape no taller.
        least = max((min(o[1] for o in opts) for opts in options), default=0.0)
        most = self._most(v)
        for budget in _budgets([o[1] for opts in options for o in opts], least, most) if options else ():
            chosen = [_narrowest(opts, budget) for opts in options]
            key = tuple(map(id, chosen))
            if key in seen:
                continue
            seen.add(key)
            for width, height, x0, rows in _wrappings(chosen, w0, h0):
                out.append((width, height, 0, x0, rows))
        # In columns: for a column width, each child takes its lowest shape no wider.
        if len(kids) > 1:
            kid_opts = [[(sw, sh, k) for k, (sw, sh, _) in enumerate(front[c])] for c in kids]
            seen.clear()
            least = max(opts[0][0] for opts in kid_opts)
            for budget in _budgets([o[0] for opts in kid_opts for o in opts], least, most):
                chosen = [_lowest(opts, budget) for opts in kid_opts]
                key = tuple(map(id, chosen))
                if key in seen:
                    continue
                seen.add(key)
                widths = [o[0] for o in chosen]
                heights = [o[1] + gap[c] for c, o in zip(kids, chosen)]
                for cut in _splits(heights):
                    cws = [max(widths[a:b]) for a, b in cut]
                    chs = [sum(heights[a:b]) - gap[kids[b - 1]] for a, b in cut]
                    cw = TRUNK + STUB + (COLUMN_GAP + STUB) * (len(cut) - 1) + sum(cws)
                    out.append((max(w0, cw), h0 + ROW_GAP + max(chs), 1, cut, chosen))
                    if len(cut) > 1:  # the first under the card, the others beside it
                        sw = max(w0, TRUNK + STUB + cws[0]) + sum(cws[1:]) + (COLUMN_GAP + STUB) * (len(cut) - 1)
                        out.append((sw, max(h0 + SIDE_DROP + chs[0], SIDE_TOP + max(chs[1:])), 2, cut, chosen))
        # The plans of the shapes that stay only: most are beaten.
        shapes = []
        for width, height, how, a, b in _pareto(out):
            if how == 0:
                plan: tuple = ("rows", a, [[e[2] for e in row] for row in b])
            else:
                plan = ("columns" if how == 1 else "side", [[(i, b[i][2]) for i in range(x, y)] for x, y in a])
            shapes.append((width, height, plan))
        return shapes

    def place(self, shape: tuple) -> CompactPlacement:
        """Every card's position with the root in `shape`, and the bars the edges hang from."""
        ids, w, h, front, gap = self.ids, self.w, self.h, self.front, self.gap
        n = len(ids)
        xs = [0.0] * n
        ys = [0.0] * n
        bar: dict[str, float] = {}
        stacked: set[str] = set()
        side: set[str] = set()
        half = ROW_GAP / 2
        todo = [(0, shape)]
        while todo:  # parents before children: a block's origin is its card's place
            v, (_, _, plan) = todo.pop()
            if plan is None:
                continue
            ox, oy = xs[v], ys[v]
            kids = self.kids[v]
            y = oy + h[v] + ROW_GAP
            columns = []  # (x, y, bar, columns of (child, shape index))
            if plan[0] == "columns":
                columns.append((ox, y, y - half, plan[1]))
            elif plan[0] == "side":
                cols = plan[1]
                columns.append((ox, oy + h[v] + SIDE_DROP, oy + h[v], cols[:1]))
                fw, _ = _columns_size(cols[:1], kids, front, gap)
                columns.append((ox + max(w[v], fw) + COLUMN_GAP - TRUNK, oy + SIDE_TOP, oy + min(SIDE_BAR, h[v] / 2),
                                cols[1:]))
                side.update(ids[kids[j]] for col in cols[1:] for j, _ in col)
            else:
                for row in plan[2]:
                    x = ox + plan[1]
                    rh = 0.0
                    for item in row:
                        if item[1] is None:  # a stack of leaves
                            cols = item[2]
                            ew, eh = _columns_size(cols, kids, front, gap)
                            columns.append((x, y, y - half, cols))
                        else:
                            c, k = kids[item[0]], item[1]
                            ew, eh, _ = s = front[c][k]
                            xs[c], ys[c] = x, y
                            bar[ids[c]] = y - half
                            todo.append((c, s))
                        x += ew + BLOCK_GAP
                        if eh > rh:
                            rh = eh
                    y += rh + ROW_GAP
            for x, y, by, cols in columns:  # down a spine each
                cx = x + TRUNK + STUB
                for col in cols:
                    cy = y
                    cw = 0.0
                    for j, k in col:
                        c = kids[j]
                        s = front[c][k]
                        xs[c], ys[c] = cx, cy
                        bar[ids[c]] = by
                        stacked.add(ids[c])
                        todo.append((c, s))
                        cy += s[1] + gap[c]
                        if s[0] > cw:
                            cw = s[0]
                    cx += cw + COLUMN_GAP + STUB
        depth = self.depth
        layers = max(depth) + 1
        layer_start = [math.inf] * layers
        layer_size = [0.0] * layers
        for d, y, hh in zip(depth, ys, h):
            if y < layer_start[d]:
                layer_start[d] = y
            if hh > layer_size[d]:
                layer_size[d] = hh
        return CompactPlacement(dict(zip(ids, zip(xs, ys))), dict(zip(ids, depth)), layer_start, layer_size,
                                shape[0], shape[1], bar, stacked, side)


def _columns_size(cols: list[list[tuple[int, int]]], kids: list[int], front: list[list[tuple]],
                  gap: list[float]) -> tuple[float, float]:
    """The (width, height) of columns of (child's place in `kids`, shape index) side by side, each down its spine."""
    width = TRUNK + STUB + (COLUMN_GAP + STUB) * (len(cols) - 1)
    height = 0.0
    for col in cols:
        cw = ch = 0.0
        for j, k in col:
            c = kids[j]
            s = front[c][k]
            ch += s[1] + gap[c]
            if s[0] > cw:
                cw = s[0]
        width += cw
        height = max(height, ch - gap[kids[col[-1][0]]])
    return width, height


def _pareto(shapes: list[tuple]) -> list[tuple]:
    """The shapes no other beats in both width and height, narrowest first, thinned.

    Of the shapes of about one aspect ratio (within a factor of 1.2), the smallest stays.
    """
    shapes.sort(key=itemgetter(0))
    out = []
    for s in shapes:
        if not out or s[1] < out[-1][1]:
            out.append(s)
    if len(out) > 2:
        best: dict[int, tuple] = {}
        for s in out:
            key = round(min(_FAR, max(-_FAR, math.log(s[0] / s[1]))) / _BUCKET)
            kept = best.get(key)
            if kept is None or s[0] * s[1] < kept[0] * kept[1]:
                best[key] = s
        out = sorted(best.values(), key=lambda s: s[0])
    return out


def _budgets(values: list[float], least: float, most: int) -> list[float]:
    """Up to `most` of `values` from `least` up, spread over the range."""
    vals = sorted({x for x in values if x >= least} | {least})
    if len(vals) <= most:
        return vals
    return [vals[round(i * (len(vals) - 1) / (most - 1))] for i in range(most)]


def _narrowest(options: list[tuple], height: float) -> tuple:
    """The narrowest option no taller than `height`, else the lowest (options narrowest first)."""
    for o in options:  # heights fall as widths grow
        if o[1] <= height:
            return o
    return options[-1]


def _lowest(options: list[tuple], width: float) -> tuple:
    """The lowest option no wider than `width`, else the narrowest (options narrowest first)."""
    for o in reversed(options):  # heights fall as widths grow
        if o[0] <= width:
            return o
    return options[0]


def _counts(m: int) -> range | list[int]:
    return range(1, m + 1) if m <= 16 else sorted({max(1, round(m ** (i / 12))) for i in range(13)})


def _splits(heights: list[float]) -> list[list[tuple[int, int]]]:
    """Ways to cut a sequence into columns, as (start, end) pairs: for each count, columns about equally tall."""
    m = len(heights)
    total = sum(heights)
    tallest = max(heights)
    out = []
    seen = set()
    for k in _counts(m):
        limit = max(tallest, total / k) + 0.5
        cut = []
        start = 0
        used = 0.0
        for i, t in enumerate(heights):
            if i > start and used + t > limit:
                cut.append((start, i))
                start, used = i, 0.0
            used += t
        cut.append((start, m))
        key = tuple(cut)
        if key not in seen:
            seen.add(key)
            out.append(cut)
    return out


def _wrappings(entries: list[tuple], w0: float, h0: float) -> list[tuple[float, float, float, list[list[tuple]]]]:
    """Ways to break `entries` (width, height, ...) into rows under a card w0 × h0: for each row count,
    rows about equally wide. Each as (block width, block height, x of the rows, rows)."""
    m = len(entries)
    total = sum(e[0] for e in entries) + BLOCK_GAP * (m - 1)
    widest = max(e[0] for e in entries)
    out = []
    seen = set()
    for r in _counts(m):
        limit = max(widest, total / r) + 0.5
        rows: list[list[tuple]] = [[]]
        used = -BLOCK_GAP
        most = tall = height = 0.0
        for e in entries:
            ew = e[0]
            if rows[-1] and used + BLOCK_GAP + ew > limit:
                rows.append([])
                most = max(most, used)
                height += tall + ROW_GAP
                used, tall = -BLOCK_GAP, 0.0
            rows[-1].append(e)
            used += BLOCK_GAP + ew
            if e[1] > tall:
                tall = e[1]
        key = tuple(map(len, rows))
        if key in seen:
            continue
        seen.add(key)
        x0 = INDENT if len(rows) > 1 else 0.0
        out.append((max(w0, x0 + max(most, used)), h0 + height + tall + ROW_GAP, x0, rows))
        if len(rows) == m:
            break
    return out
