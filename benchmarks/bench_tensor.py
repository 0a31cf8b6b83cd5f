"""Per-training-step time of the tensor engine, against PyTorch (CPU, eager) and hand-written NumPy.

One step is forward, cross-entropy loss, backward and a plain SGD update of every parameter,
for ReLU MLPs in float32: on scikit-learn's digits (64-128-64-10) at batch 64 and with the full
data set as one batch, and 784-512-512-10 on random data at batch 256. The competitors start
from the same weights and see the same batches; their weights are compared at the end.
A fourth competitor, `formulas_on_a_tape`, runs our own Functions without the engine: it
separates what the engine's bookkeeping costs from what the formulas cost.

Hand-written NumPy is the no-overhead limit: the same arithmetic as our engine with no graph,
no Tensor objects, no checks. PyTorch runs eagerly with its fastest plain optimiser
(``torch.optim.SGD``, foreach). One thread everywhere (``torch.set_num_threads(1)`` and BLAS
limited with threadpoolctl); competitors take turns, round after round, and each one's median
round is reported, so a burst of load on the machine hits all of them alike.

Two clocks: CPU time of this process (``time.process_time``), which on a machine shared with
other programs counts only the time our code actually ran, and wall time
(``time.perf_counter``), which also counts the time others held the core. On an idle machine
the two agree.

After the ratios, a second table splits the batch-64 step into its phases (forward with
the loss; zero_grad and backward; update) for each competitor: where the time goes, and
where ours spends it over hand-written NumPy.

Run: ``python -m benchmarks tensor``.
"""

import time
from collections.abc import Callable
from typing import Any

import numpy as np

from autograd_lib.book.mlp_steps import (
    CLOCKS,
    LR,
    median_step_seconds,
    numpy_by_hand,
    ours,
    pytorch,
)
from autograd_lib.book.mlp_steps import batches as _batches
from autograd_lib.book.mlp_steps import digits as _digits
from autograd_lib.book.mlp_steps import init_layers as _init
from autograd_lib.book.mlp_steps import nothing as _nothing


def _random_data(n: int, features: int, classes: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    return rng.standard_normal((n, features), dtype=np.float32), rng.integers(0, classes, n)


def formulas_on_a_tape(
    layers: list, batches: list, mark: Callable[[str], None] = _nothing
) -> tuple:
    """Our own Functions (forward, backward, Context), driven by a bare list instead of the
    engine: no Tensors, no graph walk, no checks. The gap to `ours` is what the engine's
    bookkeeping costs (Function.apply, backward's walk and checks, Tensor objects); the gap
    to NumPy by hand is what the formulas and their Context cost."""
    from autograd_lib.tensor import mode
    from autograd_lib.tensor.function import Context
    from autograd_lib.tensor.ops import CrossEntropy, Linear, ReLU

    params = [a.copy() for layer in layers for a in layer]
    pairs = list(zip(params[::2], params[1::2], strict=True))

    def record(tape: list, function: type, needs: tuple, *args: Any) -> Any:
        ctx = object.__new__(Context)
        ctx.fn, ctx.needs_input_grad, ctx._stamp = function, needs, mode.clock
        tape.append(ctx)
        return function.forward(ctx, *args)

    def step(i: int) -> float:
        x, y = batches[i % len(batches)]
        tape: list = []
        h = x
        for k, (w, b) in enumerate(pairs):
            h = record(tape, Linear, (k > 0, True, True), h, w, b)
            if k < len(pairs) - 1:
                h = record(tape, ReLU, (True,), h)
        loss = record(tape, CrossEntropy, (True, False, None), h, y, "mean")
        mark("forward")
        g, grads = np.ones((), h.dtype), []
        for ctx in reversed(tape):
            out = ctx.fn.backward(ctx, g)
            g = out[0] if type(out) is tuple else out
            if ctx.fn is Linear:
                grads.append(out[1:])
        mark("backward")
        for (w, b), (grad_w, grad_b) in zip(pairs[::-1], grads, strict=True):
            w -= LR * grad_w
            b -= LR * grad_b
        mark("update")
        return loss

    return step, lambda: params


COMPETITORS = {"ours": ours, "torch": pytorch, "numpy": numpy_by_hand, "tape": formulas_on_a_tape}


def measure(layers: list, batches: list, rounds: int, steps: int) -> dict[str, dict[str, float]]:
    """Median seconds per step of each competitor, interleaved round by round, by clock."""
    runners = {name: make(layers, batches) for name, make in COMPETITORS.items()}
    for step, _ in runners.values():  # warm up: allocations, caches, lazy imports
        for i in range(3):
            step(i)
    medians = median_step_seconds({name: step for name, (step, _) in runners.items()},
                                  rounds, steps)
    finals = {name: params() for name, (_, params) in runners.items()}
    drift = max(
        float(np.max(np.abs(a - b)))
        for other in ("torch", "numpy", "tape")
        for a, b in zip(finals["ours"], finals[other], strict=True)
    )
    medians["drift"] = {"ours": drift}
    return medians


PHASES = ("forward", "backward", "update")  # forward includes the loss; backward, zero_grad


def phase_split(
    layers: list, batches: list, rounds: int, steps: int
) -> dict[str, dict[str, float]]:
    """Median seconds of each phase of a step, per competitor, taking turns round by round as
    in `measure`: where the time goes. Each step reports the end of its phases through
    ``mark``; the clock readings cost the same for everyone and stay out of `measure`."""
    times = {name: {phase: [] for phase in PHASES} for name in COMPETITORS}
    runners = {}
    for name, make in COMPETITORS.items():
        last = [0.0]

        def mark(phase: str, spent: dict = times[name], last: list = last) -> None:
            now = time.perf_counter()
            spent[phase].append(now - last[0])
            last[0] = now

        runners[name] = (make(layers, batches, mark)[0], last)
    for r in range(rounds):
        for step, last in runners.values():
            for i in range(steps):
                last[0] = time.perf_counter()
                step(r * steps + i)
    return {
        name: {phase: float(np.median(t[steps:])) for phase, t in by_phase.items()}
        for name, by_phase in times.items()
    }


def print_phase_split(label: str, split: dict[str, dict[str, float]]) -> None:
    print(f"\nWhere the time goes, {label} (median us per phase, wall clock)")
    print(f"{'':14}" + "".join(f"{phase:>10}" for phase in PHASES))
    gaps = {
        f"ours - {other}": {p: split["ours"][p] - split[other][p] for p in PHASES}
        for other in ("numpy", "tape")
    }
    rows = {**split, **gaps}
    for name, by_phase in rows.items():
        print(f"{name:14}" + "".join(f"{by_phase[p] * 1e6:10.1f}" for p in PHASES))


def main() -> None:
    import torch
    from threadpoolctl import threadpool_limits

    torch.set_num_threads(1)
    digits_x, digits_y = _digits()
    big_x, big_y = _random_data(256 * 8, 784, 10)
    digits_batches = _batches(digits_x, digits_y, 64)
    configs = [  # label, layer sizes, batches, rounds, steps per round
        ("digits 64-128-64-10, batch 64", [64, 128, 64, 10], digits_batches, 31, 60),
        ("digits 64-128-64-10, full batch", [64, 128, 64, 10], [(digits_x, digits_y)], 41, 6),
        (
            "784-512-512-10, random, batch 256",
            [784, 512, 512, 10],
            _batches(big_x, big_y, 256),
            15,
            2,
        ),
    ]
    print("Per-step time: median of interleaved rounds; one thread everywhere")
    names = list(COMPETITORS)
    print(
        f"{'':36}{'clock':>6}" + "".join(f"{name:>10}" for name in names)
        + "".join(f"{'ours/' + name:>12}" for name in names[1:])
    )
    with threadpool_limits(limits=1):
        for label, sizes, batches, rounds, steps in configs:
            m = measure(_init(sizes), batches, rounds, steps)
            for clock in CLOCKS:
                t = m[clock]
                print(
                    f"{label if clock == 'cpu' else '':36}{clock:>6}"
                    + "".join(f"{t[name] * 1e6:8.0f}us" for name in names)
                    + "".join(f"{t['ours'] / t[name]:12.2f}" for name in names[1:])
                )
            print(f"{'':36}largest weight difference after training: {m['drift']['ours']:.1e}")
        label, sizes, batches = configs[0][:3]
        print_phase_split(label, phase_split(_init(sizes), batches, rounds=31, steps=60))


if __name__ == "__main__":
    main()
