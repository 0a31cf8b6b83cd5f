r"""Chapter 6's implementations of the mean distance and its gradient, checked, for benchmarks.

Every ``loss_and_grad_*`` function takes a point ``p`` of shape ``(2,)`` and a cloud ``points``
of shape ``(N, 2)``, both float64, and returns the pair

$$L(p) = \frac1N\sum_i \|p - x_i\|, \qquad
\nabla L(p) = \frac1N\sum_i \frac{p - x_i}{\|p - x_i\|},$$

equal (to rounding) to :func:`autograd_lib.book.point_cloud.mean_distance` and
:func:`~autograd_lib.book.point_cloud.mean_distance_grad`, whose ``eps`` rule (a point that ``p``
sits on contributes nothing to the gradient) they share. They differ only in how they run:

- :func:`loss_and_grad_numpy`: vectorised NumPy, with temporaries as big as the data;
- :func:`loss_and_grad_torch`: PyTorch's autograd (forward pass, then backward pass);
- :func:`loss_and_grad_loop`: a plain loop compiled by Numba, two passes;
- :func:`loss_and_grad_parallel`: the same loop split across threads;
- :func:`loss_and_grad_fused`: one parallel pass computing both, vectorised.

The NumPy version and the Numba kernels are the reader's, written in chapter 6 and exported
by nbdev into :mod:`autograd_lib.reader.kernels`; this module adds what a library needs and
the page leaves out: argument checks (a kernel trusts its input, and a wrong shape reads the
wrong memory) and plain ``float`` results.

No implementation can beat the time it takes to read the points once: :func:`copy_bandwidth`
measures how fast this machine moves bytes, which turns that into a bound.
"""

from collections.abc import Callable

import numba
import numpy as np

from autograd_lib.book.timing import median_time
from autograd_lib.reader.kernels import (
    EPS,
    fused_parallel_kernel,
    loop_kernel,
    numpy_loss_grad,
    parallel_kernel,
)

__all__ = ["EPS", "IMPLEMENTATIONS", "copy_bandwidth", "loss_and_grad_fused",
           "loss_and_grad_loop", "loss_and_grad_numpy", "loss_and_grad_parallel",
           "loss_and_grad_torch", "parallel_copy"]

LossAndGrad = Callable[[np.ndarray, np.ndarray], tuple[float, np.ndarray]]


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
    """Chapter 6's vectorised NumPy version on checked input."""
    loss, grad = numpy_loss_grad(*_check(p, points, "loss_and_grad_numpy"))
    return float(loss), grad


def loss_and_grad_torch(p: np.ndarray, points: np.ndarray) -> tuple[float, np.ndarray]:
    """PyTorch's autograd, as chapter 6 writes it: the forward pass records a graph, ``backward``
    walks it back. PyTorch is imported here, not at the top: the package does not need it.
    """
    import torch

    p, points = _check(p, points, "loss_and_grad_torch")
    p_t = torch.tensor(p, requires_grad=True)
    loss = torch.linalg.vector_norm(p_t - torch.from_numpy(points), dim=1).mean()
    loss.backward()
    return loss.item(), p_t.grad.numpy()


def loss_and_grad_loop(p: np.ndarray, points: np.ndarray) -> tuple[float, np.ndarray]:
    """Chapter 6's two-pass loop, compiled for one thread, on checked input."""
    loss, grad = loop_kernel(*_check(p, points, "loss_and_grad_loop"))
    return float(loss), grad


def loss_and_grad_parallel(p: np.ndarray, points: np.ndarray) -> tuple[float, np.ndarray]:
    """Chapter 6's two-pass loop, compiled for all threads, on checked input."""
    loss, grad = parallel_kernel(*_check(p, points, "loss_and_grad_parallel"))
    return float(loss), grad


def loss_and_grad_fused(p: np.ndarray, points: np.ndarray) -> tuple[float, np.ndarray]:
    """Chapter 6's one-pass kernel on all threads, on checked input.

    ``_check`` makes ``points`` contiguous, so ``reshape(-1)`` is a view, not a copy.
    """
    p, points = _check(p, points, "loss_and_grad_fused")
    loss, grad = fused_parallel_kernel(p, points.reshape(-1))
    return float(loss), grad


@numba.njit(parallel=True)
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
