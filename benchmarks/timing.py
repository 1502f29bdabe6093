"""The one way the benchmark scripts time a step: the median of several runs."""

from __future__ import annotations

import statistics
import time
from typing import Callable

__all__ = ["median_seconds", "median_ms"]


def median_seconds(fn: Callable[[], object], runs: int, setup: Callable[[], object] | None = None) -> float:
    """The median wall-clock time of `fn` over `runs` runs; `setup` runs untimed before each."""
    times = []
    for _ in range(runs):
        if setup is not None:
            setup()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def median_ms(fn: Callable[[], object], runs: int, setup: Callable[[], object] | None = None) -> float:
    """`median_seconds` in milliseconds."""
    return median_seconds(fn, runs, setup) * 1000
