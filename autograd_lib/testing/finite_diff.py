"""The numerical gradient every other gradient is checked against, with its arguments checked.

The central-difference loop itself is the reader's, written in chapter 1 and exported to
:mod:`autograd_lib.reader.finite_diff`: the numerical gradient is written once. This module adds
what a testing tool needs around it: a step that is a positive number, and a function that
returns one number, both refused in the caller's words rather than deep inside the loop.
Later chapters' gradient checks (:mod:`autograd_lib.testing.gradcheck`) call it.
"""

from collections.abc import Callable
from numbers import Real

import numpy as np

from autograd_lib.reader import finite_diff


def numerical_gradient(
    f: Callable[[np.ndarray], float],
    x: np.ndarray,
    h: float = 1e-6,
) -> np.ndarray:
    r"""Estimate $\nabla f(x)$ by central differences, $(f(x + h e_i) - f(x - h e_i)) / 2h$.

    The error is $O(h^2)$ and the cost $2d$ evaluations of ``f``. ``x`` may have any shape;
    the result has the same shape and is float64. ``x`` itself is never modified: ``f`` sees
    a float64 copy, nudged one coordinate at a time.
    """
    if isinstance(h, bool) or not isinstance(h, Real) or not 0 < h < np.inf:
        raise ValueError(f"numerical_gradient: step h must be a positive finite number, got {h!r}")
    return finite_diff.numerical_gradient(lambda v: _scalar(f, v), x, h)


def _scalar(f: Callable[[np.ndarray], float], x: np.ndarray) -> float:
    """``f(x)`` as a float, or a ValueError if ``f`` does not return one number."""
    value = np.asarray(f(x))
    if value.size != 1:
        raise ValueError(
            f"numerical_gradient: f must return a scalar, got an array of shape {value.shape}"
        )
    return float(value.reshape(()))
