"""median_time: warm-up, batches and the median, checked with a fake clock (never wall time)."""

import gc

import pytest

from autograd_lib.book.timing import median_time


class FakeClock:
    """A clock that advances only when the timed function says how long it 'took'."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def timed_function(clock, durations):
    """A function whose successive calls take the given durations on the fake clock."""
    calls = iter(durations)

    def fn():
        clock.now += next(calls)

    return fn


def test_returns_the_median_batch_divided_by_the_batch_size():
    clock = FakeClock()
    # warm-up 100 s (ignored), then 3 batches of 2 calls: 2 s, 10 s and 4 s per batch
    fn = timed_function(clock, [100.0, 1.0, 1.0, 5.0, 5.0, 2.0, 2.0])
    assert median_time(fn, repeat=3, number=2, timer=clock) == pytest.approx(2.0)


def test_one_slow_outlier_does_not_move_the_result():
    clock = FakeClock()
    fn = timed_function(clock, [0.0, 1.0, 1.0, 1000.0, 1.0, 1.0])
    assert median_time(fn, repeat=5, number=1, timer=clock) == pytest.approx(1.0)


def test_calls_warm_up_then_repeat_times_number():
    calls = []
    median_time(lambda: calls.append(1), repeat=4, number=3, warmup=2)
    assert len(calls) == 2 + 4 * 3


def test_automatic_batch_size_doubles_until_the_batch_is_long_enough():
    clock = FakeClock()
    fn = timed_function(clock, [1e-3] * 1000)
    # batches of 1, 2, 4 calls last 1, 2, 4 ms: 4 calls is the first batch of >= 3 ms
    assert median_time(fn, repeat=2, warmup=0, min_batch_s=3e-3, timer=clock) == pytest.approx(1e-3)


def test_garbage_collector_is_paused_while_timing_and_restored_after():
    states = []
    median_time(lambda: states.append(gc.isenabled()), repeat=2, number=2, warmup=0)
    assert states == [False] * 4
    assert gc.isenabled()


def test_garbage_collector_is_restored_when_the_function_raises():
    def fail():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        median_time(fail, number=1, warmup=0)
    assert gc.isenabled()


def test_real_clock_gives_a_positive_time():
    assert median_time(lambda: sum(range(100)), repeat=3) > 0


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"repeat": 0}, "repeat must be an integer >= 1"),
        ({"number": 0}, "number must be an integer >= 1"),
        ({"number": 2.5}, "number must be an integer >= 1"),
        ({"warmup": -1}, "warmup must be an integer >= 0"),
        ({"min_batch_s": -1.0}, "min_batch_s must be >= 0"),
    ],
)
def test_bad_settings_are_rejected(kwargs, message):
    with pytest.raises(ValueError, match=f"median_time: {message}"):
        median_time(lambda: None, **kwargs)


def test_fn_must_be_callable():
    with pytest.raises(ValueError, match="fn must be callable, got int"):
        median_time(42)
