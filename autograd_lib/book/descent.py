"""Descent loops that record their trajectory, so the chapters can draw the path they took.

Chapter 1 uses :func:`gradient_descent`, the plain loop. Chapter 3 generalises it twice:
:func:`trajectory` swaps the update rule (momentum, RMSProp, Adam from
:mod:`autograd_lib.book.update_rules`), and :func:`minibatch_descent` estimates the gradient of a
mean-over-points loss from a shuffled subset of the points at each step (full batch,
mini-batch and stochastic gradient descent are the same loop with different batch sizes).
"""

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from autograd_lib.book.arguments import check_count
from autograd_lib.book.update_rules import Plain, UpdateRule

PointGrad = Callable[[np.ndarray, np.ndarray], np.ndarray]
PointLoss = Callable[[np.ndarray, np.ndarray], float]
PLAIN = Plain()


def gradient_descent(
    grad: Callable[[np.ndarray], np.ndarray],
    x0: np.ndarray,
    lr: float,
    steps: int,
) -> np.ndarray:
    """Plain full-batch gradient descent, $x \\leftarrow x - \\eta \\nabla f(x)$.

    Returns every iterate, shape ``(steps + 1, d)``: row 0 is ``x0``, the last row the result.
    """
    if not lr > 0:
        raise ValueError(f"gradient_descent: learning rate must be positive, got {lr}")
    if steps < 0:
        raise ValueError(f"gradient_descent: steps must be >= 0, got {steps}")
    path = np.empty((steps + 1, *np.shape(x0)))
    path[0] = x0
    for t in range(steps):
        path[t + 1] = path[t] - lr * grad(path[t])
    return path


def _check_lr(owner: str, lr: float) -> None:
    if not (lr > 0 and math.isfinite(lr)):
        raise ValueError(f"{owner}: learning rate lr must be positive and finite, got {lr}")


def _check_step(owner: str, g: np.ndarray, x: np.ndarray) -> np.ndarray:
    """A gradient of the wrong shape would broadcast silently into the iterate: refuse it."""
    g = np.asarray(g, dtype=float)
    if g.shape != x.shape:
        raise ValueError(f"{owner}: grad returned shape {g.shape}, expected {x.shape} "
                         "(the shape of the point being optimised)")
    return g


def trajectory(
    grad: Callable[[np.ndarray], np.ndarray],
    x0: np.ndarray,
    lr: float,
    steps: int,
    rule: UpdateRule = PLAIN,
) -> np.ndarray:
    r"""Minimise a function by $x_{t+1} = x_t - \eta\, d_t$, with $d_t$ chosen by ``rule``.

    ``grad(x)`` is the gradient at ``x``, a 1-D array. Returns every iterate, shape
    ``(steps + 1, d)``; with the default :class:`~autograd_lib.book.update_rules.Plain` rule this is
    exactly :func:`gradient_descent`.
    """
    _check_lr("trajectory", lr)
    check_count("trajectory", "steps", steps, 0)
    x0 = np.asarray(x0, dtype=float)
    if x0.ndim != 1:
        raise ValueError(f"trajectory: x0 must be a 1-D point, got shape {x0.shape}")
    path = np.empty((steps + 1, x0.size))
    path[0] = x0
    state: dict = {}
    for t in range(steps):
        g = _check_step("trajectory", grad(path[t]), path[t])
        path[t + 1] = path[t] - lr * rule.direction(g, state)
    return path


@dataclass(frozen=True, eq=False)
class Run:
    """What one run of :func:`minibatch_descent` recorded.

    ``path``: every iterate, shape ``(updates + 1, d)``; ``seconds``: wall-clock time spent in
    updates up to each iterate (loss bookkeeping excluded), shape ``(updates + 1,)``;
    ``losses``: the loss on all the points at the start and after each epoch, shape
    ``(epochs + 1,)``; ``steps_per_epoch``: updates per pass over the data.
    """

    path: np.ndarray
    seconds: np.ndarray
    losses: np.ndarray
    steps_per_epoch: int

    @property
    def final(self) -> np.ndarray:
        """The last iterate: the run's answer."""
        return self.path[-1]

    @property
    def epoch_seconds(self) -> np.ndarray:
        """Time spent updating by the start and the end of each epoch, aligned with ``losses``."""
        return self.seconds[:: self.steps_per_epoch]


def _check_points(points: np.ndarray, x0: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    points = np.asarray(points, dtype=float)
    x0 = np.asarray(x0, dtype=float)
    if points.ndim != 2 or points.shape[0] == 0:
        raise ValueError(
            f"minibatch_descent: points must be a non-empty (N, d) array, got shape {points.shape}"
        )
    if x0.shape != (points.shape[1],):
        raise ValueError(f"minibatch_descent: x0 has shape {x0.shape}, but the points have "
                         f"{points.shape[1]} coordinates; expected shape ({points.shape[1]},)")
    return points, x0


def minibatch_descent(
    grad: PointGrad,
    loss: PointLoss,
    points: np.ndarray,
    x0: np.ndarray,
    lr: float,
    epochs: int,
    batch_size: int,
    rule: UpdateRule = PLAIN,
    decay: float = 0.0,
    seed: int = 0,
) -> Run:
    r"""Minimise a loss that is a mean over ``points``, one batch of points per update.

    ``grad(x, batch)`` and ``loss(x, batch)`` take the current point and an ``(n, d)`` array
    of data points, like :func:`autograd_lib.book.point_cloud.mean_squared_distance_grad`.
    Because the loss is a *mean* over points, the same formula applied to a random batch is an
    unbiased estimate of the full gradient. Each epoch shuffles the points with
    ``np.random.default_rng(seed)`` and visits them once, in batches of ``batch_size``:
    ``batch_size=len(points)`` is full-batch gradient descent, ``batch_size=1`` is stochastic
    gradient descent. If ``batch_size`` does not divide the data, the last batch is smaller
    but its update counts as much as a full one, so its points weigh more in that epoch.

    Why ``decay``: a batch gradient is noisy, and its noise does not vanish at the minimum
    (each point still pulls its own way), so with a constant learning rate the iterate never
    settles; it jitters in a ball whose size grows with $\eta$. The learning rate of update $k$
    (counting from 0 over the whole run) is $\eta_k = \eta / (1 + \text{decay}\cdot k)$; with
    ``decay > 0`` the steps shrink like $1/k$, fast enough to average the noise away
    ($\sum \eta_k^2 < \infty$) yet slow enough to reach the minimum from any start
    ($\sum \eta_k = \infty$). Counting updates, not epochs, makes one ``decay`` mean the
    same for every batch size.
    """
    owner = "minibatch_descent"
    points, x0 = _check_points(points, x0)
    _check_lr(owner, lr)
    check_count(owner, "epochs", epochs, 1)
    check_count(owner, "batch_size", batch_size, 1)
    n = points.shape[0]
    if batch_size > n:
        raise ValueError(f"{owner}: batch_size {batch_size} is larger than the data ({n} points)")
    if not (decay >= 0 and math.isfinite(decay)):
        raise ValueError(f"{owner}: decay must be >= 0 and finite, got {decay}")

    rng = np.random.default_rng(seed)
    steps_per_epoch = math.ceil(n / batch_size)
    path = np.empty((epochs * steps_per_epoch + 1, x0.size))
    seconds = np.zeros(len(path))
    losses = np.empty(epochs + 1)
    path[0], losses[0] = x0, loss(x0, points)
    state: dict = {}
    t = 0
    for epoch in range(epochs):
        order = rng.permutation(n)
        spent, start = seconds[t], time.perf_counter()
        for first in range(0, n, batch_size):
            # A full batch is the whole data: a shuffled copy of it would only cost time.
            batch = points if batch_size == n else points[order[first:first + batch_size]]
            g = _check_step(owner, grad(path[t], batch), x0)
            path[t + 1] = path[t] - lr / (1.0 + decay * t) * rule.direction(g, state)
            seconds[t + 1] = spent + (time.perf_counter() - start)
            t += 1
        losses[epoch + 1] = loss(path[t], points)
    return Run(path, seconds, losses, steps_per_epoch)
