"""In-place changes (``x += y``, ``x.mul_(2)``, ``x[i] = v``), as PyTorch makes them.

Outside a graph an in-place change writes into the data and bumps the version counter.
Inside one, the change is an operation like any other: the old value becomes a node of its
own (`before`), the operation runs out of place, and its result is written back into the
tensor, which takes the result's history (`rebase`). On a leaf that requires grad it is
refused, and so it is while another live tensor shows the same memory (a view).
"""

from typing import Any

import numpy as np

from autograd_lib.tensor import mode, version
from autograd_lib.tensor.errors import DtypeError, ShapeError
from autograd_lib.tensor.promotion import promote
from autograd_lib.tensor.tensor import Tensor, data_of


@mode.ieee  # inf - inf in place is NaN, quietly, as out of place
def inplace(target: Tensor, other: Any, ufunc: np.ufunc, function: type, name: str) -> Tensor:
    """``target op= other`` for an elementwise ``function`` (``ufunc`` without a graph)."""
    if not isinstance(other, Tensor | np.ndarray | np.generic | int | float):
        raise TypeError(
            f"{name}: the operand is a {type(other).__name__}, but only a Tensor, a NumPy "
            "array or a number can be combined with a Tensor (as in PyTorch)"
        )
    if tracks_inplace(target, other, name):
        rebase(target, function.apply(*promote(before(target), other)), name)
        return target
    try:
        ufunc(target.data, data_of(other), out=target.data)
    except (ValueError, TypeError) as err:
        raise _inplace_error(name, target, other, err) from None
    target._bump_version()
    return target


def tracks_inplace(target: Tensor, other: Any, name: str) -> bool:
    """Whether an in-place change must enter the graph; refuses it on a leaf that
    requires grad (its .grad would no longer describe its value), as PyTorch does."""
    if not mode.enabled:
        return False
    if target._requires_grad and target.grad_fn is None:
        raise RuntimeError(
            f"{name}: a leaf Tensor that requires grad is being used in an in-place "
            "operation; update it inside `with no_grad():` or through .data"
        )
    tracked = target._requires_grad or (isinstance(other, Tensor) and other._requires_grad)
    if tracked and version.shares_memory_with_a_live_view(target):
        raise RuntimeError(
            f"{name}: this tensor shares its memory with a view (made by indexing, "
            "reshape, transpose or expand) that is still alive, as the view or as its "
            "base. An in-place "
            "operation that records a gradient would change both, but only this "
            "tensor's history; PyTorch rewrites the other's, this engine refuses. "
            "Compute out of place, or modify a .clone()"
        )
    return tracked


def before(target: Tensor) -> Tensor:
    """The tensor's current value as a graph node of its own, before an in-place change."""
    old = Tensor._wrap(target.data.copy(), target.grad_fn)
    old._requires_grad = target._requires_grad
    return old


def rebase(target: Tensor, result: Tensor, name: str) -> None:
    """Write ``result`` into the tensor's data and make it the tensor's new history."""
    if result.shape != target.shape:
        raise ShapeError(
            f"{name}: the result has shape {result.shape}, which cannot be written into "
            f"a tensor of shape {target.shape}"
        )
    try:
        np.copyto(target.data, result.data, casting="same_kind")
    except (ValueError, TypeError) as err:
        raise _inplace_error(name, target, result, err) from None
    target._bump_version()
    target.grad_fn = result.grad_fn
    target._requires_grad = True


def _inplace_error(name: str, target: Tensor, other: Any, err: Exception) -> Exception:
    other_shape, other_dtype = np.shape(data_of(other)), np.result_type(data_of(other))
    if isinstance(err, TypeError):
        return DtypeError(
            f"{name}: the result would have dtype {np.result_type(target.data, other_dtype)}, "
            f"which cannot be stored in place in a {target.dtype} tensor"
        )
    return ShapeError(
        f"{name}: cannot write the result of shapes {target.shape} and {other_shape} in place "
        f"into a tensor of shape {target.shape} ({err})"
    )
