"""Indexing: ``x[index]`` and ``x[index] = value``, with their backward (a scatter).

The Tensor methods ``__getitem__``, ``__setitem__``, ``fill_``, ``zero_`` and ``copy_`` are here.
"""

from typing import Any

import numpy as np

from autograd_lib.tensor.function import Function
from autograd_lib.tensor.ops.arithmetic import pass_where
from autograd_lib.tensor.ops.inplace import before, rebase, tracks_inplace
from autograd_lib.tensor.ops.vocabulary import shape_of, unbroadcast
from autograd_lib.tensor.tensor import Tensor, data_of, method


class GetItem(Function):
    """Indexing and slicing; the gradient is scattered back, summing repeated indices."""

    returns_view = True

    @staticmethod
    def forward(ctx, x, index):
        ctx.shape, ctx.index = x.shape, index
        return x[index]

    @staticmethod
    def backward(ctx, grad):
        return scatter(grad, ctx.index, ctx.shape), None


class Scatter(Function):
    """The backward of indexing as an operation, so that it can be differentiated again."""

    @staticmethod
    def forward(ctx, grad, index, shape):
        ctx.index = index
        return _scatter_array(grad, index, shape)

    @staticmethod
    def backward(ctx, grad):
        return grad[ctx.index], None, None


class IndexPut(Function):
    """``x[index] = value`` as an operation, for in-place assignment inside a graph."""

    op_name = "setitem"

    @staticmethod
    def forward(ctx, x, value, index):
        ctx.index, ctx.value_shape = index, shape_of(value)
        out = x.copy()
        out[index] = value
        kept = np.ones(x.shape, dtype=bool)
        kept[index] = False
        ctx.save_for_backward(kept)
        return out

    @staticmethod
    def backward(ctx, grad):
        # x's gradient is blocked where it was overwritten: selected, not multiplied by 0,
        # so an inf or NaN from above gives 0 there, as in PyTorch.
        (kept,) = ctx.saved_tensors
        nx, nv, _ = ctx.needs_input_grad
        return (
            pass_where(data_of(kept), grad) if nx else None,
            unbroadcast(grad[ctx.index], ctx.value_shape) if nv else None,
            None,
        )



def scatter(grad: Any, index: Any, shape: tuple) -> Any:
    """A zero tensor of ``shape`` with ``grad`` added at ``index`` (repeats accumulate):
    the backward of indexing."""
    if isinstance(grad, Tensor):
        return Scatter.apply(grad, index, shape)
    return _scatter_array(grad, index, shape)


def _scatter_array(grad: np.ndarray, index: Any, shape: tuple) -> np.ndarray:
    out = np.zeros(shape, dtype=grad.dtype)
    if _is_basic_index(index):
        out[index] = grad  # a basic index never repeats an element: plain assignment
    else:
        np.add.at(out, index, grad)
    return out


def _is_basic_index(index: Any) -> bool:
    parts = index if type(index) is tuple else (index,)
    return all(
        p is None or p is Ellipsis or type(p) in (int, slice) or isinstance(p, np.integer)
        for p in parts
    )




def _index(index: Any) -> Any:
    """An index with the arrays inside any Tensors in it."""
    if isinstance(index, Tensor):
        return index.data
    if type(index) is tuple:
        return tuple(i.data if isinstance(i, Tensor) else i for i in index)
    return index


# ------------------------------------------------------------------ Tensor methods


@method("__getitem__")
def _getitem(input: Tensor, index: Any) -> Tensor:
    return GetItem.apply(input, _index(index))


@method("__setitem__")
def _setitem(target: Tensor, index: Any, value: Any) -> None:
    index = _index(index)
    if tracks_inplace(target, value, "setitem"):
        rebase(target, IndexPut.apply(before(target), value, index), "setitem")
        return
    try:
        target.data[index] = data_of(value)
    except (ValueError, IndexError, TypeError) as err:
        raise type(err)(f"setitem: {err} (tensor shape {target.shape})") from None
    target._bump_version()


@method("fill_")
def _fill(target: Tensor, value: Any) -> Tensor:
    target[...] = value
    return target


@method("copy_")
def _copy(target: Tensor, src: Any) -> Tensor:
    target[...] = src
    return target


@method("zero_")
def _zero(target: Tensor) -> Tensor:
    return _fill(target, 0)
