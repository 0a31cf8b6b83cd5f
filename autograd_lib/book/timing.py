"""Honest wall-clock timing for the book's figures and benchmarks.

A single measurement is at the mercy of everything else the machine does, so
:func:`median_time` warms the function up, calls it in batches long enough for the clock
to resolve, and reports the median batch: robust to the occasional slow outlier.
"""

import gc
import statistics
import time
from collections.abc import Callable

from autograd_lib.book.descent import check_count


def median_time(
    fn: Callable[[], object],
    repeat: int = 5,
    number: int | None = None,
    warmup: int = 1,
    min_batch_s: float = 2e-3,
    timer: Callable[[], float] = time.perf_counter,
) -> float:
    """Seconds one call of ``fn()`` takes: the median over ``repeat`` batches of ``number`` calls.

    ``warmup`` calls run first, untimed (caches, lazy imports, JIT compilation). With
    ``number=None`` the batch size doubles from 1 until a batch lasts ``min_batch_s``, so fast
    functions are not drowned in the clock's resolution. The garbage collector is paused while
    timing, as :mod:`timeit` does. ``timer`` is the clock (swap it for a fake in tests).
    """
    if not callable(fn):
        raise ValueError(f"median_time: fn must be callable, got {type(fn).__name__}")
    check_count("median_time", "repeat", repeat, minimum=1)
    check_count("median_time", "warmup", warmup, minimum=0)
    if number is not None:
        check_count("median_time", "number", number, minimum=1)
    if not min_batch_s >= 0:
        raise ValueError(f"median_time: min_batch_s must be >= 0, got {min_batch_s}")
    for _ in range(warmup):
        fn()
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        if number is None:
            number = _calibrate(fn, min_batch_s, timer)
        batches = [_batch(fn, number, timer) for _ in range(repeat)]
    finally:
        if gc_was_enabled:
            gc.enable()
    return statistics.median(batches) / number


def _batch(fn: Callable[[], object], number: int, timer: Callable[[], float]) -> float:
    """Seconds ``number`` back-to-back calls of ``fn`` take."""
    start = timer()
    for _ in range(number):
        fn()
    return timer() - start


def _calibrate(fn: Callable[[], object], min_batch_s: float, timer: Callable[[], float]) -> int:
    """The smallest power of two of calls whose batch lasts at least ``min_batch_s``."""
    number = 1
    while _batch(fn, number, timer) < min_batch_s:
        number *= 2
    return number

