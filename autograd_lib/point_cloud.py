"""The toy problem of Part I: move a point to the centre of a cloud of points.

Chapter 1 defines the two losses; chapter 2 derives their gradients by hand and the
closed-form (or iterative) minimisers. Points are rows of an ``(N, d)`` array.
"""

import numpy as np


def make_cloud(n: int = 200, d: int = 2, seed: int = 0) -> np.ndarray:
    """A reproducible, slightly skewed cloud, so that its mean and geometric median differ."""
    if n < 1 or d < 1:
        raise ValueError(f"make_cloud: need n >= 1 and d >= 1, got n={n}, d={d}")
    rng = np.random.default_rng(seed)
    core = rng.normal(size=(n, d))
    core[: n // 5] += 4.0  # a minority cluster pulls the mean but barely the median
    return core


def _check(p: np.ndarray, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    p = np.asarray(p, dtype=float)
    points = np.asarray(points, dtype=float)
    if points.ndim != 2 or points.shape[0] == 0:
        raise ValueError(f"points must be a non-empty (N, d) array, got shape {points.shape}")
    if p.shape != (points.shape[1],):
        raise ValueError(f"point p has shape {p.shape} but the cloud's points have "
                         f"{points.shape[1]} coordinates; expected shape ({points.shape[1]},)")
    return p, points


def squared_loss(p: np.ndarray, points: np.ndarray) -> float:
    r"""Mean squared distance $\frac1N\sum_i \|p - x_i\|^2$; minimised by the mean."""
    p, points = _check(p, points)
    return float(np.mean(np.sum((points - p) ** 2, axis=1)))


def euclidean_loss(p: np.ndarray, points: np.ndarray) -> float:
    r"""Mean Euclidean distance $\frac1N\sum_i \|p - x_i\|$; minimised by the geometric median."""
    p, points = _check(p, points)
    return float(np.mean(np.linalg.norm(points - p, axis=1)))


def squared_loss_grad(p: np.ndarray, points: np.ndarray) -> np.ndarray:
    r"""$\nabla_p = \frac2N\sum_i (p - x_i) = 2(p - \bar x)$."""
    p, points = _check(p, points)
    return 2.0 * (p - points.mean(axis=0))


def euclidean_loss_grad(p: np.ndarray, points: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    r"""$\nabla_p = \frac1N\sum_i \frac{p - x_i}{\|p - x_i\|}$.

    The norm is not differentiable where ``p`` sits on a data point; there the term is
    taken as zero (a valid subgradient), which ``eps`` implements without a division by zero.
    """
    p, points = _check(p, points)
    diff = p - points
    norms = np.linalg.norm(diff, axis=1, keepdims=True)
    return np.mean(diff / np.maximum(norms, eps), axis=0)


def geometric_median(points: np.ndarray, tol: float = 1e-10, max_iter: int = 10_000) -> np.ndarray:
    """Weiszfeld's iteration: a weighted mean, re-weighted by inverse distances until it settles.

    Unlike the mean there is no closed form; this fixed-point iteration converges for points
    that are not all on one line, and stops early if it lands on a data point.
    """
    points = np.asarray(points, dtype=float)
    if points.ndim != 2 or points.shape[0] == 0:
        raise ValueError(f"points must be a non-empty (N, d) array, got shape {points.shape}")
    estimate = points.mean(axis=0)
    for _ in range(max_iter):
        distances = np.linalg.norm(points - estimate, axis=1)
        if np.any(distances < tol):
            return estimate
        weights = 1.0 / distances
        new = weights @ points / weights.sum()
        if np.linalg.norm(new - estimate) < tol:
            return new
        estimate = new
    return estimate
