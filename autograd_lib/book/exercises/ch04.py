"""Chapter 4's checker: the gradient of logistic regression with binary cross-entropy."""

from collections.abc import Callable

import numpy as np

from autograd_lib.book.exercises.cases import SEED, Case, compare_values, run_cases
from autograd_lib.testing.finite_diff import numerical_gradient

__all__ = ["check_logistic_regression_grad"]


def check_logistic_regression_grad(your_grad: Callable) -> bool:
    r"""Check ``your_grad(w, b, X, y)``, returning ``(dL_dw, dL_db)`` of the mean BCE loss.

    The model is $p = \sigma(Xw + b)$ with ``X`` of shape ``(N, d)``, ``w`` of shape ``(d,)``,
    a number ``b`` and labels ``y`` in {0, 1} of shape ``(N,)``; ``dL_dw`` has shape ``(d,)``
    and ``dL_db`` is a number. The reference is `numerical_gradient` of the loss.
    """
    return run_cases("check_logistic_regression_grad", your_grad, _logistic_cases(),
                     lambda expected, got: compare_values(expected, got, ("dL/dw", "dL/db")))


def _logistic_cases() -> list[Case]:
    rng = np.random.default_rng(SEED)
    settings = [("three points with 2 features", 3, 2, None),
                ("100 points with 2 features", 100, 2, None),
                ("40 points with 1 feature (d = 1)", 40, 1, None),
                ("60 points with 5 features", 60, 5, None),
                ("confident predictions: z = Xw + b reaches 45, where p = sigmoid(z) rounds to "
                 "exactly 1 in floating point", 30, 3, 45.0)]
    cases = []
    for title, n, d, largest_z in settings:
        X = np.round(rng.normal(size=(n, d)), 3)
        w, b = rng.normal(size=d), float(rng.normal())
        if largest_z is not None:  # scale the model until its largest z is largest_z
            scale = largest_z / np.max(X @ w + b)
            w, b = scale * w, scale * b
        w, b = np.round(w, 3), round(b, 3)
        y = rng.integers(0, 2, size=n).astype(np.float64)  # random labels: confident mistakes
        theta = np.append(w, b)
        gradient = numerical_gradient(lambda t, X=X, y=y: _bce_loss(t[:-1], t[-1], X, y), theta)
        cases.append(Case(title, {"w": w, "b": b, "X": X, "y": y},
                          (gradient[:-1], gradient[-1])))
    return cases


def _bce_loss(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray) -> float:
    """Mean binary cross-entropy from logits, $\\log(1 + e^z) - yz$, safe for any z."""
    z = X @ w + b
    return float(np.mean(np.logaddexp(0.0, z) - y * z))
