"""Numerical gradients by finite differences: the reference every other gradient is checked against.

This is the one numerical-gradient function of the library; later chapters' gradient checks
call it rather than writing their own loop.
"""

from collections.abc import Callable

import numpy as np


def numerical_gradient(
    f: Callable[[np.ndarray], float],
    x: np.ndarray,
    h: float = 1e-6,
    method: str = "central",
) -> np.ndarray:
    r"""Estimate $\nabla f(x)$ one coordinate at a time.

    ``forward``: $(f(x + h e_i) - f(x)) / h$, error $O(h)$, $d + 1$ evaluations.
    ``central``: $(f(x + h e_i) - f(x - h e_i)) / 2h$, error $O(h^2)$, $2d$ evaluations.
    ``x`` may have any shape; the result has the same shape and is float64.
    """
    if method not in ("central", "forward"):
        raise ValueError(
            f"numerical_gradient: method must be 'central' or 'forward', got {method!r}"
        )
    if not h > 0:
        raise ValueError(f"numerical_gradient: step h must be positive, got {h}")
    x = np.array(x, dtype=np.float64)
    grad = np.empty_like(x)
    flat, out = x.reshape(-1), grad.reshape(-1)
    base = float(f(x)) if method == "forward" else 0.0
    for i in range(flat.size):
        original = flat[i]
        flat[i] = original + h
        ahead = float(f(x))
        if method == "forward":
            out[i] = (ahead - base) / h
        else:
            flat[i] = original - h
            out[i] = (ahead - float(f(x))) / (2 * h)
        flat[i] = original
    return grad
