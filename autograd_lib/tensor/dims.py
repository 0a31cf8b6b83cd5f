"""Dimension arguments as PyTorch accepts them, checked once: ``dim=-1``, ``dim=(0, 2)``,
``reshape(2, 3)`` or ``reshape((2, 3))``; errors name the operation and the valid range.
Also the flags (``keepdim``) and plain numbers (a learning rate, a dropout rate) that
operations, losses and optimisers take beside them."""

from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd_lib.tensor.errors import ShapeError


def axis(dim: Any, ndim: int, op: str) -> int:
    """One dimension index, negative allowed, checked against ``ndim``."""
    if isinstance(dim, bool) or not isinstance(dim, int | np.integer):
        raise TypeError(f"{op}: dim must be an integer, got {dim!r}")
    if not -max(ndim, 1) <= dim < max(ndim, 1):
        raise IndexError(
            f"{op}: dimension {dim} is out of range for a tensor with {ndim} dimensions "
            f"(expected {-max(ndim, 1)} to {max(ndim, 1) - 1})"
        )
    return int(dim) % max(ndim, 1)


def all_if_empty(dim: Any) -> Any:
    """``dim=()`` (or ``[]``) asks sum and mean for every dimension, as in torch 2."""
    return None if isinstance(dim, tuple | list) and not dim else dim


def axes(dim: Any, ndim: int, op: str) -> tuple[int, ...] | None:
    """Dimensions to reduce as a tuple of non-negative ints, or None for all of them. A 0-d
    tensor accepts dim 0 or -1 (as in torch) and then nothing is reduced."""
    if dim is None:
        return None
    if isinstance(dim, int | np.integer):
        dims = (dim,)
    elif isinstance(dim, tuple | list):
        dims = tuple(dim)
    else:
        raise TypeError(f"{op}: dim must be an integer or a tuple of integers, got {dim!r}")
    found = tuple(axis(d, ndim, op) for d in dims)
    if len(set(found)) != len(found):
        raise ShapeError(f"{op}: dimension repeated in {tuple(dims)}")
    return () if ndim == 0 else found


def shape_arg(shape: tuple, op: str = "shape") -> tuple:
    """Accept ``f(2, 3)`` and ``f((2, 3))`` alike, as torch does."""
    if len(shape) == 1 and isinstance(shape[0], Sequence | np.ndarray) and not isinstance(
        shape[0], str
    ):
        shape = tuple(shape[0])
    for n in shape:
        if isinstance(n, bool) or not isinstance(n, int | np.integer):
            raise TypeError(f"{op}: sizes must be integers, got {shape!r}")
    return tuple(int(n) for n in shape)



def flag(value: Any, op: str, name: str) -> bool:
    """A bool argument (``keepdim``), refused when it is anything else, as torch does:
    ``keepdim='no'`` would otherwise count as True."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{op}: {name} must be a bool, got {value!r}")
    return bool(value)


def is_number(x: Any) -> bool:
    """A real number and not a bool (``lr=True`` is a mistake, not 1.0)."""
    return isinstance(x, int | float | np.integer | np.floating) and not isinstance(x, bool)
