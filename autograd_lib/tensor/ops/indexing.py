"""Indexing: ``x[index]`` and ``x[index] = value``, with their backward (a scatter).

The Tensor methods ``__getitem__``, ``__setitem__``, ``fill_``, ``zero_`` and ``copy_`` are here.
"""

from typing import Any

import numpy as np

from autograd_lib.tensor.errors import ShapeError
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

    @classmethod
    def describe_error(cls, x: Any, index: Any) -> str | None:
        return f"getitem: {index_problem(np.shape(x), index)}"


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




def index_problem(shape: tuple, index: Any) -> str:
    """What is wrong with ``index`` for a tensor of ``shape``, in the words of dimensions
    and sizes (NumPy's message speaks of axes and arrays)."""
    parts = index if type(index) is tuple else (index,)
    for p in parts:
        kind = np.asarray(p).dtype.kind if isinstance(p, np.ndarray | list) else None
        if kind not in (None, "b", "i", "u"):
            return f"index arrays must hold integers or bools, got {np.asarray(p).dtype}"
    widths = [np.ndim(p) if _is_mask(p) else int(p is not None and p is not Ellipsis)
              for p in parts]
    if sum(widths) > len(shape):
        return f"too many indices ({sum(widths)}) for a tensor of shape {shape}"
    dim = 0
    for i, (p, width) in enumerate(zip(parts, widths, strict=True)):
        if p is Ellipsis:
            dim = len(shape) - sum(widths[i + 1 :])
        elif _is_mask(p) and np.shape(p) != shape[dim : dim + width]:
            return (
                f"a boolean mask of shape {np.shape(p)} does not match the tensor's sizes "
                f"{shape[dim : dim + width]} from dimension {dim}"
            )
        elif width == 1 and type(p) is not slice:
            wrong = _out_of_range(p, shape[dim])
            if wrong is not None:
                return f"index {wrong} is out of bounds for dimension {dim} with size {shape[dim]}"
        dim += width
    return f"index {index!r} is not valid for a tensor of shape {shape}"


def _is_mask(p: Any) -> bool:
    return isinstance(p, np.ndarray | list) and np.asarray(p).dtype == bool


def _out_of_range(p: Any, size: int) -> int | None:
    """The first entry of an integer index outside -size..size-1, or None."""
    values = np.asarray(p)
    if values.dtype.kind not in "iu":
        return None
    bad = values[(values < -size) | (values >= size)]
    return int(bad.flat[0]) if bad.size else None


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
    """``x[index]`` with PyTorch's rules where they differ from NumPy's: a negative slice
    step is refused, and integers are applied before index arrays (``x[0, :, [0, 1]]`` of a
    (3, 4, 5) tensor is (4, 2), where NumPy moves the indexed dimension first: (2, 4))."""
    index = _index(index)
    if type(index) is tuple:
        _check_steps(index)
        first, rest = _split_integers(index)
        if first is not None:
            return GetItem.apply(GetItem.apply(input, first), rest)
    elif type(index) is slice and index.step is not None:
        _check_steps((index,))
    return GetItem.apply(input, index)


def _check_steps(parts: tuple) -> None:
    for p in parts:
        if type(p) is slice and p.step is not None and p.step <= 0:
            raise ValueError(
                f"getitem: slice step must be positive, got {p.step} (PyTorch has no negative "
                "steps; reverse with an index array such as x[range(n - 1, -1, -1)])"
            )


def _split_integers(parts: tuple) -> tuple[Any, Any]:
    """An index mixing integers with index arrays, as two indices applied one after the
    other, PyTorch's order: the integers (with full slices elsewhere), then the rest.
    (None, None) for any other index, which NumPy applies as PyTorch does."""
    ints = [type(p) is int or isinstance(p, np.integer) for p in parts]
    arrays = [isinstance(p, list | np.ndarray) and np.ndim(p) > 0 for p in parts]
    if not any(ints) or not any(arrays):
        return None, None
    first, rest = [], []
    for p, is_int, is_array in zip(parts, ints, arrays, strict=True):
        if is_int:
            first.append(p)
        elif p is None:  # a new dimension: made by the first index, kept by the second
            first.append(None)
            rest.append(slice(None))
        elif p is Ellipsis:
            first.append(p)
            rest.append(p)
        else:  # a slice, or an array: kept for the second index
            width = np.ndim(p) if is_array and np.asarray(p).dtype == bool else 1
            first.extend([slice(None)] * width)
            rest.append(p)
    return tuple(first), tuple(rest)


@method("__setitem__")
def _setitem(target: Tensor, index: Any, value: Any) -> None:
    _check_value(value, "setitem")
    index = _index(index)
    if tracks_inplace(target, value, "setitem"):
        rebase(target, IndexPut.apply(before(target), value, index), "setitem")
        return
    try:
        target.data[index] = data_of(value)
    except IndexError:
        raise IndexError(f"setitem: {index_problem(target.shape, index)}") from None
    except ValueError:
        raise ShapeError(
            f"setitem: a value of shape {np.shape(data_of(value))} cannot be written into "
            f"the part of shape {target.data[index].shape} that index {index!r} selects"
        ) from None
    target._bump_version()


@method("fill_")
def _fill(target: Tensor, value: Any) -> Tensor:
    _check_value(value, "fill_")
    if np.ndim(data_of(value)) != 0:
        raise ShapeError(f"fill_: the value must be a number or a 0-d tensor, got shape "
                         f"{np.shape(data_of(value))}")
    target[...] = value
    return target


@method("copy_")
def _copy(target: Tensor, src: Any) -> Tensor:
    _check_value(src, "copy_")
    target[...] = src
    return target


def _check_value(value: Any, op: str) -> None:
    """Refuse a value that is not a Tensor, a NumPy array or a number, as torch does (NumPy
    would turn a list into an array, and a string would fail in its words)."""
    if not isinstance(value, Tensor | np.ndarray | np.generic | int | float):
        raise TypeError(
            f"{op}: the value is {'None' if value is None else 'a ' + type(value).__name__}, "
            "but only a Tensor, a NumPy array or a number can be written into a Tensor"
        )


@method("zero_")
def _zero(target: Tensor) -> Tensor:
    return _fill(target, 0)
