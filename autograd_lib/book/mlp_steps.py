"""One training step of a ReLU MLP, written four ways, for the benchmarks and chapter 12.

Each maker takes ``layers`` (a list of (out, in) weights and biases, float32) and a list of
``batches`` (inputs, class numbers), and returns ``(step, params)``: ``step(i)`` trains on
batch ``i`` (forward, cross-entropy loss, backward, a plain SGD update with rate `LR`), and
``params()`` gives the current weights. All start from copies of the same weights, so their
weights can be compared after the same steps:

- `ours`: the library's tensor engine (chapter 8's ideas, full PyTorch semantics);
- `pytorch`: PyTorch eager, with its fastest plain optimiser (``torch.optim.SGD``, foreach);
- `numpy_by_hand`: the same arithmetic in NumPy with no graph: the no-overhead limit of an
  eager engine;
- `matmul_only`: only the step's matrix products, into preallocated arrays, called from
  Python through NumPy's BLAS: the floor under any implementation that calls BLAS from
  Python once per product;
- `matmul_numba`: the same products made by one Numba function, through the BLAS that SciPy
  ships (the one a Numba step's ``np.dot`` calls): the like-for-like floor of a step that
  Numba compiles whole.

`digits`, `init_layers` and `batches` make the data and weights. ``mark(phase)`` is called
after each phase of a step (see ``benchmarks/bench_tensor.py``). `median_step_seconds` times
steps side by side, the protocol the benchmarks and chapter 12 share.
"""

import functools
import itertools
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from autograd_lib.tensor.ops import cross_entropy, linear
from autograd_lib.tensor.tensor import Tensor

LR = 0.05
CLOCKS = {"cpu": time.process_time, "wall": time.perf_counter}


def median_step_seconds(
    steps: dict[str, Callable[[int], Any]], rounds: int, calls: int, first: int = 0
) -> dict[str, dict[str, float]]:
    """Median seconds per call of each ``step``, by clock (`CLOCKS`), then by name.

    The steps take turns, ``calls`` calls each per round, so that a burst of load on a shared
    machine hits them all alike; the calls get batch indices ``first``, ``first + 1``, ...
    Warm-up calls are the caller's: compilation or allocation is not a step's cost here.
    """
    times = {clock: {name: [] for name in steps} for clock in CLOCKS}
    for r in range(rounds):
        for name, step in steps.items():
            start = {clock: read() for clock, read in CLOCKS.items()}
            for i in range(calls):
                step(first + r * calls + i)
            for clock, read in CLOCKS.items():
                times[clock][name].append((read() - start[clock]) / calls)
    return {clock: {name: float(np.median(t)) for name, t in by_name.items()}
            for clock, by_name in times.items()}


def digits() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_digits

    x, y = load_digits(return_X_y=True)
    return (x / 16.0).astype(np.float32), y.astype(np.int64)


def init_layers(sizes: list[int]) -> list[tuple[np.ndarray, np.ndarray]]:
    """He-initialised (out, in) weights and zero biases, as arrays shared by all three."""
    rng = np.random.default_rng(0)
    return [
        (
            (rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / n_in)).astype(np.float32),
            np.zeros(n_out, dtype=np.float32),
        )
        for n_in, n_out in itertools.pairwise(sizes)
    ]


def batches(x: np.ndarray, y: np.ndarray, size: int) -> list[tuple[np.ndarray, np.ndarray]]:
    order = np.random.default_rng(2).permutation(len(x))
    return [
        (x[order[i : i + size]], y[order[i : i + size]]) for i in range(0, len(x) - size + 1, size)
    ][:16]


def nothing(phase: str) -> None:
    """The default ``mark``: steps call it after each phase (see `phase_split`)."""


def ours(layers: list, batches: list, mark: Callable[[str], None] = nothing) -> tuple:
    params = [Tensor(a.copy(), requires_grad=True) for layer in layers for a in layer]
    data = [(Tensor(x), Tensor(y)) for x, y in batches]
    pairs = list(zip(params[::2], params[1::2], strict=True))

    def step(i: int) -> float:
        x, y = data[i % len(data)]
        h = x
        for k, (w, b) in enumerate(pairs):
            h = linear(h, w, b)
            if k < len(pairs) - 1:
                h = h.relu()
        loss = cross_entropy(h, y)
        mark("forward")
        for p in params:
            p.grad = None
        loss.backward()
        mark("backward")
        for p in params:
            p.data -= LR * p.grad.data
        mark("update")
        return loss

    return step, lambda: [p.data for p in params]


def pytorch(layers: list, batches: list, mark: Callable[[str], None] = nothing) -> tuple:
    import torch
    import torch.nn.functional as F

    params = [torch.tensor(a, requires_grad=True) for layer in layers for a in layer]
    data = [(torch.from_numpy(x), torch.from_numpy(y)) for x, y in batches]
    pairs = list(zip(params[::2], params[1::2], strict=True))
    optimizer = torch.optim.SGD(params, lr=LR, foreach=True)

    def step(i: int) -> float:
        x, y = data[i % len(data)]
        h = x
        for k, (w, b) in enumerate(pairs):
            h = F.linear(h, w, b)
            if k < len(pairs) - 1:
                h = F.relu(h)
        loss = F.cross_entropy(h, y)
        mark("forward")
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        mark("backward")
        optimizer.step()
        mark("update")
        return loss

    return step, lambda: [p.detach().numpy() for p in params]


def numpy_by_hand(layers: list, batches: list, mark: Callable[[str], None] = nothing) -> tuple:
    params = [(w.copy(), b.copy()) for w, b in layers]

    def step(i: int) -> float:
        x, y = batches[i % len(batches)]
        activations = [x]
        h = x
        for k, (w, b) in enumerate(params):
            h = h @ w.T
            h += b
            if k < len(params) - 1:
                h = np.maximum(h, 0)
            activations.append(h)
        n = len(y)
        rows = np.arange(n)
        # Row max and row sum over the transposed copy, as our cross-entropy does (see
        # ops.losses.row_reduce): NumPy reduces short rows one at a time, slowly.
        shifted = h - h.T.copy().max(axis=0)[:, None]
        e = np.exp(shifted)
        total = e.T.copy().sum(axis=0)
        loss = (np.log(total) - shifted[rows, y]).sum() / n
        g = e / total[:, None]  # softmax
        g[rows, y] -= 1  # minus one-hot
        g /= n
        mark("forward")
        grads = []
        for k in range(len(params) - 1, -1, -1):
            a = activations[k]
            grads.append((g.T @ a, g.sum(axis=0)))
            if k > 0:
                g = g @ params[k][0]
                g *= a > 0
        mark("backward")
        for (w, b), (grad_w, grad_b) in zip(params[::-1], grads, strict=True):
            w -= LR * grad_w
            b -= LR * grad_b
        mark("update")
        return loss

    return step, lambda: [a for layer in params for a in layer]


def matmul_only(layers: list, batches: list, mark: Callable[[str], None] = nothing) -> tuple:
    """The matrix products of `numpy_by_hand`'s step and nothing else: three forward, and
    backward one weight gradient per layer plus one input gradient per layer but the first,
    each written into an array allocated once."""
    params = [(w.copy(), b.copy()) for w, b in layers]
    n = len(batches[0][0])
    outs = [np.empty((n, w.shape[0]), w.dtype) for w, _ in params]
    grad_w = [np.empty_like(w) for w, _ in params]
    grad_in = [np.empty((n, w.shape[1]), w.dtype) for w, _ in params]

    def step(i: int) -> None:
        x, _ = batches[i % len(batches)]
        inputs = [x, *outs[:-1]]
        for (w, _), a, out in zip(params, inputs, outs, strict=True):
            np.matmul(a, w.T, out=out)
        mark("forward")
        g = outs[-1]  # stands in for the gradient of the logits: same shape, same cost
        for k in range(len(params) - 1, -1, -1):
            np.matmul(g.T, inputs[k], out=grad_w[k])
            if k > 0:
                g = np.matmul(g, params[k][0], out=grad_in[k])
        mark("backward")
        mark("update")

    return step, lambda: [a for layer in params for a in layer]


def matmul_numba(layers: list, batches: list, mark: Callable[[str], None] = nothing) -> tuple:
    """`matmul_only`'s products, made by one Numba function with ``np.dot(a, b, out)`` into
    arrays allocated once: one call from Python per step, as a step compiled whole makes."""
    params = [(w.copy(), b.copy()) for w, b in layers]
    weights = tuple(w for w, _ in params)
    n = len(batches[0][0])
    outs = tuple(np.empty((n, w.shape[0]), w.dtype) for w in weights)
    grad_w = tuple(np.empty_like(w) for w in weights)
    grad_in = tuple(np.empty((n, w.shape[1]), w.dtype) for w in weights)
    products = numba_products()

    def step(i: int) -> None:
        x, _ = batches[i % len(batches)]
        products(x, weights, outs, grad_w, grad_in)
        mark("forward")
        mark("backward")
        mark("update")

    return step, lambda: [a for layer in params for a in layer]


@functools.cache
def numba_products() -> Callable:
    """Compiled once per process (Numba loads only here): the forward products
    ``outs[k] = inputs[k] @ w[k].T``, then, from the last output (standing in for the
    gradient of the logits), ``grad_w[k] = g.T @ inputs[k]`` and ``g = g @ w[k]``."""
    import numba

    @numba.njit
    def products(x, weights, outs, grad_w, grad_in):
        depth = len(weights)
        for k in range(depth):
            a = x if k == 0 else outs[k - 1]
            np.dot(a, weights[k].T, outs[k])
        g = outs[depth - 1]
        for k in range(depth - 1, -1, -1):
            a = x if k == 0 else outs[k - 1]
            np.dot(g.T, a, grad_w[k])
            if k > 0:
                np.dot(g, weights[k], grad_in[k])
                g = grad_in[k]

    return products
