"""Chapter 2's checkers: the gradients of the point-cloud losses."""

from collections.abc import Callable

import numpy as np

from autograd_lib.book.exercises.cases import SEED, Case, compare_values, run_cases
from autograd_lib.book.point_cloud import make_cloud, mean_distance_grad, mean_squared_distance_grad

__all__ = ["check_mean_distance_grad", "check_mean_squared_distance_grad"]


def check_mean_squared_distance_grad(
    your_grad: Callable[[np.ndarray, np.ndarray], np.ndarray],
) -> bool:
    r"""Check ``your_grad(p, points)``, the gradient of $\frac1N \sum_i \lVert p - x_i \rVert^2$.

    ``p`` has shape ``(d,)``, ``points`` shape ``(N, d)``; the answer has shape ``(d,)``.
    The reference is `autograd_lib.book.point_cloud.mean_squared_distance_grad`.
    """
    cases = _cloud_cases(mean_squared_distance_grad)
    return run_cases("check_mean_squared_distance_grad", your_grad, cases, compare_values)


def check_mean_distance_grad(your_grad: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> bool:
    r"""Check ``your_grad(p, points)``, the gradient of $\frac1N \sum_i \lVert p - x_i \rVert$.

    Where ``p`` sits on a data point, that point's term must be the zero vector (the
    subgradient the library takes), computed without dividing by zero. The reference is
    `autograd_lib.book.point_cloud.mean_distance_grad`.
    """
    return run_cases("check_mean_distance_grad", your_grad, _cloud_cases(mean_distance_grad),
                     compare_values)


def _cloud_cases(reference: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> list[Case]:
    rng = np.random.default_rng(SEED)
    small = np.array([[0.0, 0.0], [3.0, 0.0], [0.0, 4.0]])
    settings = [
        ("three points in 2-D", np.array([1.0, 2.0]), small),
        ("200 points in 2-D, two clusters", rng.normal(size=2), make_cloud(200, 2, seed=SEED)),
        ("50 points on a line (d = 1)", rng.normal(size=1), rng.normal(size=(50, 1))),
        ("a single point in 3-D (N = 1)", rng.normal(size=3), rng.normal(size=(1, 3))),
        ("30 points in 5-D, p far away", 1e3 * rng.normal(size=5), rng.normal(size=(30, 5))),
    ]
    on_point = rng.normal(size=(20, 3))
    settings.append((
        "p sits exactly on data point 7 of 20 in 3-D: for the Euclidean loss that point's "
        "term is the zero vector (a subgradient), with no division by zero",
        on_point[7].copy(), on_point,
    ))
    return [Case(title, {"p": p, "points": points}, reference(p, points))
            for title, p, points in settings]
