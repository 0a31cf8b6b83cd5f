"""Chapter 12's compiled training step, against hand-written NumPy, PyTorch and the matmul floors.

The step is the chapter's: forward, cross-entropy loss, backward and SGD update of the
digits MLP 64-128-64-10 on the reader's chapter-8 engine, traced and compiled by
``autograd_lib.compiler.jit`` into one Numba function (matrix products to BLAS).
It runs in float32 on one thread, at batch 64 and with the full data set as one batch,
against the steps of ``autograd_lib.book.mlp_steps``: hand-written NumPy, PyTorch eager,
and the step's matrix products alone into preallocated arrays, the two floors: called from
Python through NumPy's BLAS ("floor"), and from one Numba function through the BLAS that
SciPy ships, the one the compiled step uses ("numba floor", like for like); plus
``torch.compile`` of PyTorch's forward and loss (its backward compiled by AOTAutograd),
whose first call is timed too.

Competitors take turns, round after round; each one's median round is reported, by CPU
time of this process (one thread: on a shared machine it counts only the time our code
ran) and by wall time. All start from the same weights and take the same steps; the largest
weight difference from hand-written NumPy at the end is printed as a check. The first
compile (trace, passes, Numba) is timed in a fresh compiler, with Numba already loaded.

Targets (issue 18): at batch 64, compiled <= 0.75x hand NumPy and <= 0.3x PyTorch eager and
within 1.3x of the floor; within 1.1x of the floor at full batch; first compile under 3 s.
Both floors are printed: the target was set against the first.

Run: ``python -m benchmarks compiler``.
"""

import time

import numpy as np

from autograd_lib.book import mlp_steps
from autograd_lib.compiler.fusion import KERNELS
from autograd_lib.compiler.jit import jit
from autograd_lib.compiler.step import train_step


def compiled(layers: list, batches: list) -> tuple:
    """The chapter's step, compiled, under mlp_steps' protocol: ``(step, params)``."""
    params = [a.copy() for layer in layers for a in layer]
    data = [(x, np.eye(10, dtype=x.dtype)[y]) for x, y in batches]
    fn = jit(train_step, donate=(0,))

    def step(i: int) -> None:
        fn(params, *data[i % len(data)], mlp_steps.LR)

    return step, lambda: params


def torch_compiled(layers: list, batches: list) -> tuple:
    """PyTorch with ``torch.compile`` on the forward pass and loss; eager SGD (foreach)."""
    import torch
    import torch.nn.functional as F

    params = [torch.tensor(a, requires_grad=True) for layer in layers for a in layer]
    data = [(torch.from_numpy(x), torch.from_numpy(y)) for x, y in batches]
    pairs = list(zip(params[::2], params[1::2], strict=True))
    optimizer = torch.optim.SGD(params, lr=mlp_steps.LR, foreach=True)

    @torch.compile
    def loss_of(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        h = x
        for k, (w, b) in enumerate(pairs):
            h = F.linear(h, w, b)
            if k < len(pairs) - 1:
                h = F.relu(h)
        return F.cross_entropy(h, y)

    def step(i: int) -> None:
        optimizer.zero_grad(set_to_none=True)
        loss_of(*data[i % len(data)]).backward()
        optimizer.step()

    return step, lambda: [p.detach().numpy() for p in params]


COMPETITORS = {
    "compiled": compiled,
    "numpy": mlp_steps.numpy_by_hand,
    "torch": mlp_steps.pytorch,
    "torch.compile": torch_compiled,
    "floor": mlp_steps.matmul_only,
    "numba floor": mlp_steps.matmul_numba,
}


def first_compile_seconds(layers: list, batches: list) -> float:
    """Seconds of the first call of a fresh compiled step: trace, passes, code, Numba."""
    saved = dict(KERNELS)
    KERNELS.clear()
    try:
        step, _ = compiled(layers, batches)
        start = time.perf_counter()
        step(0)
        return time.perf_counter() - start
    finally:
        KERNELS.update(saved)


def measure(layers: list, batches: list, rounds: int, steps: int) -> tuple[dict, dict, float]:
    """Median seconds per step by clock and competitor; first-call seconds; weight drift."""
    runners, first_call = {}, {}
    for name, make in COMPETITORS.items():
        runners[name] = make(layers, batches)
        start = time.perf_counter()
        runners[name][0](0)
        first_call[name] = time.perf_counter() - start
    for step, _ in runners.values():
        for i in range(1, 3):
            step(i)
    medians = mlp_steps.median_step_seconds(
        {name: step for name, (step, _) in runners.items()}, rounds, steps, first=3)
    reference = runners["numpy"][1]()
    drift = max(float(np.max(np.abs(a - b))) for name in ("compiled", "torch", "torch.compile")
                for a, b in zip(runners[name][1](), reference, strict=True))
    return medians, first_call, drift


def main() -> None:
    import torch
    from threadpoolctl import threadpool_limits

    torch.set_num_threads(1)
    x, y = mlp_steps.digits()
    layers = mlp_steps.init_layers([64, 128, 64, 10])
    configs = [  # label, batches, rounds, steps per round
        ("digits 64-128-64-10, batch 64", mlp_steps.batches(x, y, 64), 31, 60),
        ("digits 64-128-64-10, full batch", [(x, y)], 31, 6),
    ]
    print("Compiled training step (chapter 12), float32, one thread: median of interleaved "
          "rounds")
    ratios = ("numpy", "torch", "torch.compile", "floor", "numba floor")
    print(f"{'':34}{'clock':>6}{'compiled':>10}" + "".join(f"{'c/' + r:>16}" for r in ratios))
    with threadpool_limits(limits=1):
        for label, batches, rounds, steps in configs:
            medians, first_call, drift = measure(layers, batches, rounds, steps)
            for clock, t in medians.items():
                print(f"{label if clock == 'cpu' else '':34}{clock:>6}"
                      f"{t['compiled'] * 1e6:8.0f}us"
                      + "".join(f"{t['compiled'] / t[r]:16.2f}" for r in ratios))
            print(f"{'':34}first calls: compiled {first_call['compiled']:.2f} s, "
                  f"torch.compile {first_call['torch.compile']:.1f} s; "
                  f"largest weight difference from NumPy {drift:.1e}")
        print(f"first compile of a fresh step (trace, passes, Numba): "
              f"{first_compile_seconds(layers, configs[0][1]):.2f} s")


if __name__ == "__main__":
    main()
