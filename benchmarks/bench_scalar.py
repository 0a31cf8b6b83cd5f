"""Scalar engines: one training step of micrograd's moons MLP, ours against micrograd's.

The step is micrograd's demo: MLP(2, [16, 16, 1]) on 100 two-moons points, max-margin loss
plus L2, backward, SGD update; both engines build the same graph from the same weights (the
losses are checked equal). Timed with Python's cyclic garbage collector as it is, then with
it disabled in both, since most of micrograd's step is the collector chasing its reference
cycles. Needs the benchmark-only dependency ``micrograd`` (PyPI, 0.1.0).

The collector's cost grows with everything the process holds (a full collection visits every
tracked object), so the measurement runs in a fresh interpreter that imports only the two
engines: the result does not depend on which benchmarks ran before (PyTorch alone adds some
200,000 objects). Even scikit-learn, which makes the data set, stays out of it: it adds some
70,000 objects. The data is made here and handed over as JSON. In a process that has more
loaded, both engines are slower with the collector on, since every full collection also
walks those objects.
"""

import gc
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from autograd_lib.scalar.mlp import MLP, max_margin_loss
from autograd_lib.scalar.value import Value

ROUNDS = 7  # alternating rounds; each engine's median round is reported, and its best
STEPS = 4  # timed training steps per round


def moons() -> tuple[list[list[float]], list[int]]:
    """The 100 points of micrograd's demo, labels -1 and +1."""
    from sklearn.datasets import make_moons  # here, not at the top: see the module docstring

    X, y = make_moons(n_samples=100, noise=0.1, random_state=1)
    return X.tolist(), (2 * y - 1).tolist()


def train_step(model, X, y, value) -> float:
    loss, _ = max_margin_loss(model, X, y, value=value)
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data -= 0.5 * p.grad
    return loss.data


def seconds_per_step(model, X, y, value) -> float:
    """Mean time of a few steps, in the steady state of a long training run.

    The collector first clears what the other engine left behind (no engine pays for the
    other's garbage); one untimed step then leaves the garbage that a previous step of a long
    run would have left, which the timed steps collect (or, with gc disabled, keep).
    """
    gc.collect()
    train_step(model, X, y, value)
    start = time.perf_counter()
    for _ in range(STEPS):
        train_step(model, X, y, value)
    return (time.perf_counter() - start) / STEPS


def compare(X: list[list[float]], y: list[int], collector_on: bool) -> dict[str, list[float]]:
    """Seconds per step of each engine in each of the alternating rounds.

    Both engines get the same number of rounds, interleaved, so a slow spell of the machine
    hits both. The median round is the typical one; the best round, often quoted, also
    leaves out most of the collector's work that happened to fall in other rounds, work a
    long training run does pay (and micrograd pays far more of it).
    """
    import micrograd.engine
    import micrograd.nn

    ours = MLP(2, [16, 16, 1], rng=0)
    theirs = micrograd.nn.MLP(2, [16, 16, 1])
    for mine, other in zip(ours.parameters(), theirs.parameters(), strict=True):
        other.data = mine.data
    first = (train_step(theirs, X, y, micrograd.engine.Value), train_step(ours, X, y, Value))
    assert abs(first[0] - first[1]) < 1e-12, f"the engines disagree: {first}"
    times: dict[str, list[float]] = {"micrograd": [], "ours": []}
    gc.enable() if collector_on else gc.disable()
    try:
        for _ in range(ROUNDS):
            times["micrograd"].append(seconds_per_step(theirs, X, y, micrograd.engine.Value))
            times["ours"].append(seconds_per_step(ours, X, y, Value))
    finally:
        gc.enable()
        gc.collect()
    return times


def main() -> None:
    """Make the data, measure in a fresh interpreter (see the module docstring), print."""
    root = Path(__file__).resolve().parent.parent
    subprocess.run(
        [sys.executable, "-c", "from benchmarks.bench_scalar import report; report()"],
        input=json.dumps(moons()),
        text=True,
        cwd=root,
        check=True,
    )


def report() -> None:
    """Time both engines on the data set read from standard input, as JSON ``[X, y]``."""
    X, y = json.load(sys.stdin)
    for collector_on in (True, False):
        times = compare(X, y, collector_on)
        theirs, ours = statistics.median(times["micrograd"]), statistics.median(times["ours"])
        best = min(times["micrograd"]) / min(times["ours"])
        state = "gc enabled " if collector_on else "gc disabled"
        print(
            f"moons MLP step, {state}: micrograd {theirs * 1e3:7.1f} ms, "
            f"autograd_lib {ours * 1e3:6.1f} ms, ratio {theirs / ours:5.1f}x "
            f"(median of {ROUNDS} rounds; best rounds: {best:4.1f}x)"
        )


if __name__ == "__main__":
    main()
