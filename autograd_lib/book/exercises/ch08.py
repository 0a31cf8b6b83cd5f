"""Chapter 8's checker: the backward of broadcasting (un-broadcasting a gradient)."""

from collections.abc import Callable

import numpy as np

from autograd_lib.book.exercises.cases import SEED, Case, compare_values, run_cases

__all__ = ["check_unbroadcast"]


def check_unbroadcast(your_unbroadcast: Callable[[np.ndarray, tuple], np.ndarray]) -> bool:
    """Check ``your_unbroadcast(grad, shape)``: sum a gradient back to an input's shape.

    An input of ``shape`` was broadcast to ``grad.shape``; every copy of an input element
    received a gradient, and the element's gradient is their sum. The answer has ``shape``.
    """
    rng = np.random.default_rng(SEED)
    settings = [
        ("a bias of shape (3,) added to every row of a (4, 3) matrix", (3,), (4, 3)),
        ("a column of shape (4, 1) broadcast along axis 1", (4, 1), (4, 3)),
        ("a row of shape (1, 3) broadcast along axis 0", (1, 3), (4, 3)),
        ("a scalar (shape ()) broadcast to (2, 3)", (), (2, 3)),
        ("no broadcasting: the gradient passes through unchanged", (2, 3), (2, 3)),
        ("a new leading axis and a size-1 axis at once", (3, 1, 5), (2, 3, 4, 5)),
        ("a new leading axis, and a size-1 axis that stays size 1", (5, 1), (2, 5, 1)),
    ]
    cases = []
    for title, shape, grad_shape in settings:
        grad = np.round(rng.normal(size=grad_shape), 2)
        cases.append(Case(f"{title}: input shape {shape}, grad shape {grad_shape}",
                          {"grad": grad, "shape": shape}, _sum_copies(grad, shape)))
    return run_cases("check_unbroadcast", your_unbroadcast, cases, compare_values)


def _sum_copies(grad: np.ndarray, shape: tuple) -> np.ndarray:
    """The reference: label each input element, broadcast the labels, sum grad per label."""
    size = int(np.prod(shape))
    source = np.broadcast_to(np.arange(size).reshape(shape), grad.shape)
    return np.bincount(source.ravel(), weights=grad.ravel(), minlength=size).reshape(shape)
