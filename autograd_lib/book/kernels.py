r"""Chapter 6: the Euclidean loss of Part I and its gradient, five ways, from NumPy to Numba.

Every ``loss_and_grad_*`` function takes a point ``p`` of shape ``(2,)`` and a cloud ``points``
of shape ``(N, 2)``, both float64, and returns the pair

$$L(p) = \frac1N\sum_i \|p - x_i\|, \qquad
\nabla L(p) = \frac1N\sum_i \frac{p - x_i}{\|p - x_i\|},$$

equal (to rounding) to :func:`autograd_lib.book.point_cloud.mean_distance` and
:func:`~autograd_lib.book.point_cloud.mean_distance_grad`, whose ``eps`` rule (a point that ``p``
sits on contributes nothing to the gradient) they share. They differ only in how they run:

- :func:`loss_and_grad_numpy`: vectorised NumPy, with temporaries as big as the data;
- :func:`loss_and_grad_torch`: PyTorch's autograd (forward pass, then backward pass);
- :func:`loss_and_grad_loop`: a plain loop compiled by Numba (:data:`loop_kernel`);
- :func:`loss_and_grad_parallel`: the same loop split across threads (:data:`parallel_kernel`);
- :func:`loss_and_grad_fused`: one parallel pass computing both, vectorised (:data:`fused_kernel`).

The ``*_kernel`` functions are the compiled loops themselves: they trust their input (a wrong
shape reads the wrong memory), so call them through the checked ``loss_and_grad_*`` wrappers.
The kernels are written for the book's 2-D points; :data:`EPS` is the gradient's guard.

No implementation can beat the time it takes to read the points once: :func:`copy_bandwidth`
measures how fast this machine moves bytes, which turns that into a bound.
"""

from collections.abc import Callable

import numba
import numpy as np

from autograd_lib.book.timing import median_time

EPS = 1e-12  # as in point_cloud.mean_distance_grad: distances below it count as EPS

LossAndGrad = Callable[[np.ndarray, np.ndarray], tuple[float, np.ndarray]]


def _jit(**options) -> Callable:
    """``numba.njit(cache=True, **options)``, or without the cache where it cannot be written.

    The cache stores the machine code next to this file (or in the user's cache directory) so a
    new process loads it instead of compiling again. Where neither is writable, Numba refuses
    ``cache=True`` at import; then each process compiles afresh instead of failing.
    """
    def decorate(function: Callable) -> Callable:
        try:
            return numba.njit(cache=True, **options)(function)
        except RuntimeError:  # "cannot cache function ...: no locator available"
            return numba.njit(**options)(function)

    return decorate


def _check(p: np.ndarray, points: np.ndarray, caller: str) -> tuple[np.ndarray, np.ndarray]:
    """``p`` and ``points`` as C-contiguous float64 arrays of shapes ``(2,)`` and ``(N, 2)``.

    The kernels are compiled for float64, so other dtypes are refused rather than silently
    copied (a hidden conversion of a large cloud would cost more than the kernel itself).
    """
    p, points = np.asarray(p), np.asarray(points)
    for name, array in (("p", p), ("points", points)):
        if array.dtype != np.float64:
            raise TypeError(f"{caller}: {name} must be a float64 array, got dtype {array.dtype}; "
                            f"convert it with np.asarray({name}, dtype=np.float64)")
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"{caller}: points must have shape (N, 2), one 2-D point per row; "
                         f"got shape {points.shape}")
    if points.shape[0] == 0:
        raise ValueError(f"{caller}: points is empty (shape {points.shape}); the mean distance "
                         "to no points is undefined")
    if p.shape != (2,):
        raise ValueError(f"{caller}: p must have shape (2,), like one row of points; "
                         f"got shape {p.shape}")
    return np.ascontiguousarray(p), np.ascontiguousarray(points)


def loss_and_grad_numpy(p: np.ndarray, points: np.ndarray) -> tuple[float, np.ndarray]:
    """Vectorised NumPy: each line is a pass over the data, and most write a new array.

    The gradient, a mean of unit vectors, is the weighted sum ``weights @ diff / N`` with
    weights ``1 / distance``: one matrix-vector product instead of an ``(N, 2)`` temporary.
    """
    p, points = _check(p, points, "loss_and_grad_numpy")
    diff = p - points                            # (N, 2)
    distances = np.linalg.norm(diff, axis=1)     # (N,)
    weights = 1.0 / np.maximum(distances, EPS)  # (N,)
    return float(distances.mean()), weights @ diff / len(points)


def loss_and_grad_torch(p: np.ndarray, points: np.ndarray) -> tuple[float, np.ndarray]:
    """PyTorch's autograd: the forward pass records a graph, ``backward`` walks it back.

    PyTorch is imported here, not at the top, because the package does not depend on it.
    """
    import torch

    p, points = _check(p, points, "loss_and_grad_torch")
    p_t = torch.tensor(p, requires_grad=True)
    loss = torch.linalg.vector_norm(p_t - torch.from_numpy(points), dim=1).mean()
    loss.backward()
    return loss.item(), p_t.grad.numpy()


@_jit()
def loop_kernel(p: np.ndarray, points: np.ndarray) -> tuple[float, np.ndarray]:
    """The formulas as loops: one pass for the loss, a second for the gradient."""
    n = points.shape[0]
    loss = 0.0
    for i in range(n):
        dx = p[0] - points[i, 0]
        dy = p[1] - points[i, 1]
        loss += np.sqrt(dx * dx + dy * dy)
    g0 = 0.0
    g1 = 0.0
    for i in range(n):
        dx = p[0] - points[i, 0]
        dy = p[1] - points[i, 1]
        r = max(np.sqrt(dx * dx + dy * dy), EPS)
        g0 += dx / r
        g1 += dy / r
    return loss / n, np.array([g0 / n, g1 / n])


@_jit(parallel=True)
def parallel_kernel(p: np.ndarray, points: np.ndarray) -> tuple[float, np.ndarray]:
    """:data:`loop_kernel` with ``prange``: each thread sums a share of the points."""
    n = points.shape[0]
    loss = 0.0
    for i in numba.prange(n):
        dx = p[0] - points[i, 0]
        dy = p[1] - points[i, 1]
        loss += np.sqrt(dx * dx + dy * dy)
    g0 = 0.0
    g1 = 0.0
    for i in numba.prange(n):
        dx = p[0] - points[i, 0]
        dy = p[1] - points[i, 1]
        r = max(np.sqrt(dx * dx + dy * dy), EPS)
        g0 += dx / r
        g1 += dy / r
    return loss / n, np.array([g0 / n, g1 / n])


@_jit(parallel=True, fastmath={"reassoc"})
def fused_kernel(p: np.ndarray, flat: np.ndarray) -> tuple[float, np.ndarray]:
    """Loss and gradient in one parallel pass over ``flat = points.reshape(-1)``.

    Each point is read once and its distance computed once. The flat view (point i at
    ``flat[2i], flat[2i + 1]``) and ``reassoc`` (permission to reorder the sums, so that they
    can be split across the lanes of a vector register) together let LLVM vectorise the loop.
    """
    n = flat.size // 2
    loss = 0.0
    g0 = 0.0
    g1 = 0.0
    for i in numba.prange(n):
        dx = p[0] - flat[2 * i]
        dy = p[1] - flat[2 * i + 1]
        r = np.sqrt(dx * dx + dy * dy)
        inv = 1.0 / max(r, EPS)
        loss += r
        g0 += dx * inv
        g1 += dy * inv
    return loss / n, np.array([g0 / n, g1 / n])


def loss_and_grad_loop(p: np.ndarray, points: np.ndarray) -> tuple[float, np.ndarray]:
    """:data:`loop_kernel` on checked input."""
    loss, grad = loop_kernel(*_check(p, points, "loss_and_grad_loop"))
    return float(loss), grad


def loss_and_grad_parallel(p: np.ndarray, points: np.ndarray) -> tuple[float, np.ndarray]:
    """:data:`parallel_kernel` on checked input."""
    loss, grad = parallel_kernel(*_check(p, points, "loss_and_grad_parallel"))
    return float(loss), grad


def loss_and_grad_fused(p: np.ndarray, points: np.ndarray) -> tuple[float, np.ndarray]:
    """:data:`fused_kernel` on checked input (``reshape(-1)`` of a contiguous array is a view)."""
    p, points = _check(p, points, "loss_and_grad_fused")
    loss, grad = fused_kernel(p, points.reshape(-1))
    return float(loss), grad


@_jit(parallel=True)
def parallel_copy(source: np.ndarray, target: np.ndarray) -> None:
    """``target[:] = source`` for 1-D arrays, every Numba thread copying a share."""
    for i in numba.prange(source.size):
        target[i] = source[i]


def copy_bandwidth(nbytes: int, parallel: bool = False, repeat: int = 5) -> float:
    """Bytes per second this machine moves when it copies an array of ``nbytes`` bytes.

    A copy reads every byte and writes it again, so it moves ``2 * nbytes`` (the convention
    of the STREAM benchmark). ``parallel=False`` copies with ``np.copyto`` on one thread;
    ``parallel=True`` with :func:`parallel_copy` on all of Numba's threads, which share the
    memory system. Measure with an array as large as the data you compare against: a small
    one stays in cache, where bytes move faster.
    """
    if nbytes < 8:
        raise ValueError(f"copy_bandwidth: nbytes must be >= 8 (one float64), got {nbytes}")
    source = np.ones(nbytes // 8)
    target = np.empty_like(source)
    if parallel:
        seconds = median_time(lambda: parallel_copy(source, target), repeat=repeat)
    else:
        seconds = median_time(lambda: np.copyto(target, source), repeat=repeat)
    return 2 * source.nbytes / seconds


IMPLEMENTATIONS: dict[str, LossAndGrad] = {
    "NumPy": loss_and_grad_numpy,
    "PyTorch autograd": loss_and_grad_torch,
    "Numba loop": loss_and_grad_loop,
    "Numba parallel": loss_and_grad_parallel,
    "Numba fused": loss_and_grad_fused,
}
"""Every implementation by display name, in the order the chapter builds them."""
