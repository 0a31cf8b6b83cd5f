"""Descent loops that record their trajectory, so the chapters can draw the path they took."""

from collections.abc import Callable

import numpy as np


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
