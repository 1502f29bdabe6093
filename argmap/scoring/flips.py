"""Finding where the leading option changes as one input moves over its range.

Exact where every option's score is a line in the input, by bisection where
the score moves one way only, and by scanning a grid first otherwise (an input
shared by several options, or under a later decision, can cross and cross back).
"""

from __future__ import annotations

from typing import Callable

__all__ = ["FlipSearch", "GRID", "Scores_"]

GRID = 8  # intervals scanned for a flip when the score need not move one way only
_BISECT_STEPS = 48

Scores_ = dict[int, float | None]


class FlipSearch:
    """Flip-point search over `options`, given the current `leader`, `base` scores and `_leader(scores)`."""

    options: list[int]
    leader: int | None
    base: Scores_

    def _leader(self, scores: Scores_) -> int | None:
        """The best-scored option (ties go to the earlier one); the analysis defines it."""
        raise NotImplementedError

    def _flip_linear(self, x0, lo, hi, at_lo: Scores_, at_hi: Scores_) -> tuple[float | None, int | None]:
        """Where another option's line first crosses the leader's, moving away from x0."""
        L = self.leader
        if at_lo[L] is None or at_hi[L] is None:
            return None, None
        lines = {}
        for o in self.options:
            a, b = at_lo[o], at_hi[o]
            if a is None or b is None:
                continue
            slope = (b - a) / (hi - lo)
            lines[o] = (a - slope * lo, slope)
        aL, bL = lines[L]
        best: tuple[float, float, int, bool] | None = None  # (distance, x, option, passed going up)
        for o, (a, b) in lines.items():
            if o == L or b == bL:
                continue
            x = (aL - a) / (b - bL)
            if not lo - 1e-12 <= x <= hi + 1e-12:
                continue
            if (b > bL and x >= hi - 1e-12) or (b < bL and x <= lo + 1e-12):
                continue  # it only ties the leader at the end of the range, never gets ahead inside it
            if (b > bL and x >= x0 - 1e-12) or (b < bL and x <= x0 + 1e-12):
                d = abs(x - x0)
                if best is None or d < best[0]:
                    best = (d, x, o, b > bL)
        if best is None:
            return None, None
        x = min(hi, max(lo, best[1]))
        step = 1e-9 * (hi - lo)
        # The side past the crossing is the one where the other line is above the leader's: up when
        # it climbs faster. (Judged from x against x0 it goes the wrong way when they tie at x0.)
        past = x + step if best[3] else x - step
        scores = {o: a + b * past for o, (a, b) in lines.items()}
        scores.update({o: None for o in self.options if o not in lines})
        return x, self._leader(scores)

    def _flip_search(self, x0: float, lo: float, hi: float, at_lo: Scores_, at_hi: Scores_,
                     scores_at: Callable[[float], Scores_], monotone: bool) -> tuple[float | None, int | None]:
        L = self.leader
        if monotone:
            points = [(lo, at_lo), (x0, self.base), (hi, at_hi)]
        else:
            xs = sorted({lo + (hi - lo) * j / GRID for j in range(1, GRID)} | {x0})
            points = [(lo, at_lo)] + [(x, self.base if x == x0 else scores_at(x)) for x in xs if lo < x < hi] + [(hi, at_hi)]
        leaders = [self._leader(s) for _, s in points]
        start = next(j for j, (x, _) in enumerate(points) if x == x0) if any(x == x0 for x, _ in points) else None
        if start is None:
            return None, None
        found: list[tuple[float, float, int]] = []
        for step in (1, -1):
            j = start
            while 0 <= j + step < len(points):
                if leaders[j + step] != L:
                    x, new = self._bisect(points[j][0], points[j + step][0], scores_at)
                    found.append((abs(x - x0), x, new))
                    break
                j += step
        if not found:
            return None, None
        _, x, new = min(found)
        return x, new

    def _bisect(self, inside: float, outside: float, scores_at: Callable[[float], Scores_]) -> tuple[float, int | None]:
        """Narrow [inside, outside] (leader kept at inside, lost at outside) to the change."""
        L = self.leader
        new = self._leader(scores_at(outside))
        tol = 1e-10 * max(1.0, abs(outside - inside))
        for _ in range(_BISECT_STEPS):
            if abs(outside - inside) <= tol:
                break
            mid = 0.5 * (inside + outside)
            who = self._leader(scores_at(mid))
            if who == L:
                inside = mid
            else:
                outside, new = mid, who
        return 0.5 * (inside + outside), new
