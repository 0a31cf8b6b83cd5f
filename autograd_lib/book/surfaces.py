r"""Two-dimensional test functions for watching optimisers move, with their gradients.

A point cloud's loss is a round bowl, where every optimiser looks alike. These surfaces are
chosen to separate them: an *elongated bowl* (a quadratic whose curvatures differ by a factor
of 25, so plain gradient descent zig-zags across the valley) and Rosenbrock's *banana* (a
narrow curved valley, steep across and nearly flat along). Every function takes an array of
points of shape ``(..., 2)``, so one call evaluates a whole plotting grid.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


def _xy(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    points = np.asarray(points, dtype=float)
    if points.ndim == 0 or points.shape[-1] != 2:
        raise ValueError(f"surface: points must have shape (..., 2), got {points.shape}")
    return points[..., 0], points[..., 1]


BOWL_STEEPNESS = 25.0


def elongated_bowl(points: np.ndarray) -> np.ndarray:
    r"""$f(x, y) = \tfrac12 (x^2 + 25 y^2)$: curvature 1 along $x$, 25 along $y$."""
    x, y = _xy(points)
    return 0.5 * (x**2 + BOWL_STEEPNESS * y**2)


def elongated_bowl_grad(points: np.ndarray) -> np.ndarray:
    r"""$\nabla f = (x,\ 25 y)$."""
    x, y = _xy(points)
    return np.stack([x, BOWL_STEEPNESS * y], axis=-1)


def rosenbrock(points: np.ndarray) -> np.ndarray:
    r"""$f(x, y) = (1 - x)^2 + 100 (y - x^2)^2$, minimum 0 at $(1, 1)$."""
    x, y = _xy(points)
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def rosenbrock_grad(points: np.ndarray) -> np.ndarray:
    r"""$\nabla f = \bigl(-2(1 - x) - 400 x (y - x^2),\ 200 (y - x^2)\bigr)$."""
    x, y = _xy(points)
    return np.stack([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)], axis=-1)


@dataclass(frozen=True, eq=False)
class Surface:
    """A test function with what it takes to optimise it and to draw it.

    ``levels`` are contour heights that show its shape (log-spaced where values span decades);
    ``start`` is a starting point that makes the optimisers' differences visible.
    """

    name: str
    value: Callable[[np.ndarray], np.ndarray]
    grad: Callable[[np.ndarray], np.ndarray]
    minimum: tuple[float, float]
    start: tuple[float, float]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    levels: tuple[float, ...]

    def grid(self, n: int = 120) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``X, Y, Z`` on an ``n`` by ``n`` grid over the window, ready for ``ax.contour``."""
        X, Y = np.meshgrid(np.linspace(*self.xlim, n), np.linspace(*self.ylim, n))
        return X, Y, self.value(np.stack([X, Y], axis=-1))


BOWL = Surface(
    name="elongated bowl",
    value=elongated_bowl,
    grad=elongated_bowl_grad,
    minimum=(0.0, 0.0),
    start=(-4.5, 1.2),
    xlim=(-5.0, 1.5),
    ylim=(-1.5, 1.5),
    levels=tuple(0.5 * np.linspace(0.5, 6.0, 10) ** 2),
)

ROSENBROCK = Surface(
    name="Rosenbrock",
    value=rosenbrock,
    grad=rosenbrock_grad,
    minimum=(1.0, 1.0),
    start=(-1.2, 1.0),
    xlim=(-2.0, 2.0),
    ylim=(-1.0, 3.0),
    levels=tuple(np.logspace(-1, 3.5, 12)),
)
