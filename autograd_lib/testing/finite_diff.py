"""Numerical gradients by finite differences: the reference every other gradient is checked against.

This is the one numerical-gradient function of the library; later chapters' gradient checks
call it rather than writing their own loop.
"""

from collections.abc import Callable
from numbers import Real

import numpy as np

METHODS = ("central", "forward")


def numerical_gradient(
    f: Callable[[np.ndarray], float],
    x: np.ndarray,
    h: float = 1e-6,
    method: str = "central",
) -> np.ndarray:
    r"""Estimate $\nabla f(x)$ one coordinate at a time.

    ``forward``: $(f(x + h e_i) - f(x)) / h$, error $O(h)$, $d + 1$ evaluations.
    ``central``: $(f(x + h e_i) - f(x - h e_i)) / 2h$, error $O(h^2)$, $2d$ evaluations.
    ``x`` may have any shape; the result has the same shape and is float64. ``x`` itself is
    never modified: ``f`` sees a float64 copy, nudged one coordinate at a time.
    """
    if method not in METHODS:
        raise ValueError(
            f"numerical_gradient: method must be 'central' or 'forward', got {method!r}"
        )
    if isinstance(h, bool) or not isinstance(h, Real) or not 0 < h < np.inf:
        raise ValueError(f"numerical_gradient: step h must be a positive finite number, got {h!r}")
    x = np.array(x, dtype=np.float64)
    grad = np.empty_like(x)
    flat, out = x.reshape(-1), grad.reshape(-1)
    base = _scalar(f, x) if method == "forward" else 0.0
    for i in range(flat.size):
        original = flat[i]
        flat[i] = original + h
        ahead = _scalar(f, x)
        if method == "forward":
            out[i] = (ahead - base) / h
        else:
            flat[i] = original - h
            out[i] = (ahead - _scalar(f, x)) / (2 * h)
        flat[i] = original
    return grad


def _scalar(f: Callable[[np.ndarray], float], x: np.ndarray) -> float:
    """``f(x)`` as a float, or a ValueError if ``f`` does not return one number."""
    value = np.asarray(f(x))
    if value.size != 1:
        raise ValueError(
            f"numerical_gradient: f must return a scalar, got an array of shape {value.shape}"
        )
    return float(value.reshape(()))
