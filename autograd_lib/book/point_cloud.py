"""The toy problem of Part I: move a point to the centre of a cloud of points.

Chapter 1 defines the two losses, the mean squared distance and the mean distance (named so
that they are not mistaken for PyTorch's ``MSELoss`` and ``L1Loss``); chapter 2 derives their
gradients by hand and the closed-form (or iterative) minimisers. Points are rows of an
``(N, d)`` array; the point being moved is a ``(d,)`` vector.
"""

import numpy as np

from autograd_lib.book.arguments import check_count


def make_cloud(n: int = 200, d: int = 2, seed: int = 0) -> np.ndarray:
    """A reproducible, slightly skewed cloud, so that its mean and geometric median differ.

    Standard normal points, of which the first fifth are shifted by 4 in every coordinate:
    a minority cluster that pulls the mean towards it but barely moves the median.
    """
    check_count("make_cloud", "n (number of points)", n, 1)
    check_count("make_cloud", "d (dimension)", d, 1)
    rng = np.random.default_rng(seed)
    cloud = rng.normal(size=(n, d))
    cloud[: n // 5] += 4.0
    return cloud


def check_cloud(points: np.ndarray, caller: str) -> np.ndarray:
    """``points`` as a float64 ``(N, d)`` array, or a ValueError saying what is wrong with it."""
    points = np.asarray(points, dtype=np.float64)
    if points.ndim != 2:
        raise ValueError(
            f"{caller}: points must be a 2-D (N, d) array, one point per row; "
            f"got shape {points.shape}"
        )
    if points.shape[0] == 0:
        raise ValueError(f"{caller}: the cloud is empty (points has shape {points.shape})")
    if points.shape[1] == 0:
        raise ValueError(f"{caller}: points have no coordinates (shape {points.shape})")
    if not np.all(np.isfinite(points)):
        raise ValueError(f"{caller}: points contain NaN or infinity")
    return points


def _check(p: np.ndarray, points: np.ndarray, caller: str) -> tuple[np.ndarray, np.ndarray]:
    points = check_cloud(points, caller)
    p = np.asarray(p, dtype=np.float64)
    d = points.shape[1]
    if p.shape != (d,):
        raise ValueError(
            f"{caller}: point p has shape {p.shape} but the cloud's points have {d} "
            f"coordinates; expected shape ({d},)"
        )
    if not np.all(np.isfinite(p)):
        raise ValueError(f"{caller}: point p contains NaN or infinity")
    return p, points


def mean_squared_distance(p: np.ndarray, points: np.ndarray) -> float:
    r"""Mean squared distance $\frac1N\sum_i \|p - x_i\|^2$; minimised by the mean."""
    p, points = _check(p, points, "mean_squared_distance")
    return float(np.mean(np.sum((points - p) ** 2, axis=1)))


def mean_distance(p: np.ndarray, points: np.ndarray) -> float:
    r"""Mean (Euclidean) distance $\frac1N\sum_i \|p - x_i\|$; minimised by the geometric median."""
    p, points = _check(p, points, "mean_distance")
    return float(np.mean(np.linalg.norm(points - p, axis=1)))


def mean_squared_distance_grad(p: np.ndarray, points: np.ndarray) -> np.ndarray:
    r"""$\nabla_p = \frac2N\sum_i (p - x_i) = 2(p - \bar x)$: one mean, no loop over points."""
    p, points = _check(p, points, "mean_squared_distance_grad")
    return 2.0 * (p - points.mean(axis=0))


def mean_distance_grad(p: np.ndarray, points: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    r"""$\nabla_p = \frac1N\sum_i \frac{p - x_i}{\|p - x_i\|}$, the mean of unit vectors.

    The norm is not differentiable where ``p`` sits on a data point; there that point's term
    is taken as zero (a valid subgradient), which ``eps`` implements without dividing by zero.
    """
    p, points = _check(p, points, "mean_distance_grad")
    diff = p - points
    norms = np.linalg.norm(diff, axis=1, keepdims=True)
    return np.mean(diff / np.maximum(norms, eps), axis=0)


def weiszfeld_step(estimate: np.ndarray, points: np.ndarray, tol: float = 1e-12) -> np.ndarray:
    r"""One step of Weiszfeld's iteration: the mean of the points weighted by $1/\|p - x_i\|$.

    Setting the mean distance's gradient to zero gives $p = \sum_i w_i x_i / \sum_i w_i$ with
    $w_i = 1/\|p - x_i\|$; the step evaluates the right-hand side at the current estimate.
    Points closer than ``tol`` are left out of the weights, and the step towards the weighted
    mean is shortened as Vardi and Zhang propose, so an estimate that lands on a data point
    can still leave it when that point is not the median.
    """
    estimate, points = _check(estimate, points, "weiszfeld_step")
    diff = points - estimate
    distances = np.linalg.norm(diff, axis=1)
    far = distances >= tol
    if not np.any(far):
        return estimate
    weights = 1.0 / distances[far]
    weighted_mean = weights @ points[far] / weights.sum()
    coincident = np.count_nonzero(~far)
    if coincident == 0:
        return weighted_mean
    pull = np.linalg.norm(weights @ diff[far])  # the far points' summed unit vectors
    if pull <= coincident:  # they cannot drag the estimate off the data point: it is optimal
        return estimate
    shrink = coincident / pull
    return (1.0 - shrink) * weighted_mean + shrink * estimate


def geometric_median(
    points: np.ndarray,
    tol: float = 1e-10,
    max_iter: int = 10_000,
    start: np.ndarray | None = None,
) -> np.ndarray:
    """The minimiser of the mean distance, by Weiszfeld's iteration.

    Unlike the mean it has no closed form: the fixed-point iteration repeats
    :func:`weiszfeld_step` from ``start`` (by default the mean, usually close) until a step
    moves the estimate by less than ``tol``.
    """
    points = check_cloud(points, "geometric_median")
    if not tol > 0:
        raise ValueError(f"geometric_median: tol must be positive, got {tol}")
    if max_iter < 1:
        raise ValueError(f"geometric_median: max_iter must be >= 1, got {max_iter}")
    if start is None:
        estimate = points.mean(axis=0)
    else:
        estimate, _ = _check(start, points, "geometric_median (start)")
    for _ in range(max_iter):
        new = weiszfeld_step(estimate, points)
        if np.linalg.norm(new - estimate) < tol:
            return new
        estimate = new
    return estimate
