"""Shapes: reshape, permute, broadcast (views of the same memory), and joining (cat, stack).

Views share their base's version counter (`autograd_lib.tensor.version`), so an in-place
change through either is seen by graphs that saved the other. The Tensor methods are here.
"""

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd_lib.tensor import dims
from autograd_lib.tensor.errors import ShapeError
from autograd_lib.tensor.function import Function
from autograd_lib.tensor.ops.vocabulary import permute, unbroadcast
from autograd_lib.tensor.promotion import KIND_RANK
from autograd_lib.tensor.tensor import Tensor, method


class Reshape(Function):
    returns_view = True

    @staticmethod
    def forward(ctx, x, shape):
        ctx.shape = x.shape
        return x.reshape(shape)

    @staticmethod
    def backward(ctx, grad):
        return grad.reshape(ctx.shape), None

    @classmethod
    def describe_error(cls, x: Any, shape: tuple) -> str | None:
        return (
            f"reshape: cannot reshape a tensor of shape {np.shape(x)} "
            f"({np.size(x)} elements) into shape {tuple(shape)}"
        )


class Permute(Function):
    returns_view = True

    @staticmethod
    def forward(ctx, x, order):
        ctx.inverse = tuple(int(i) for i in np.argsort(order))
        return np.transpose(x, order)

    @staticmethod
    def backward(ctx, grad):
        return permute(grad, ctx.inverse), None


class Expand(Function):
    """Broadcast to a larger shape without copying; backward sums the copies back."""

    returns_view = True

    @staticmethod
    def forward(ctx, x, shape):
        ctx.shape = x.shape
        return np.broadcast_to(x, shape)

    @staticmethod
    def backward(ctx, grad):
        return unbroadcast(grad, ctx.shape), None

    @classmethod
    def describe_error(cls, x: Any, shape: tuple) -> str | None:
        return f"expand: cannot broadcast a tensor of shape {np.shape(x)} to shape {shape}"


class Cat(Function):
    @staticmethod
    def forward(ctx, dim, *arrays):
        ctx.dim, ctx.sizes = dim, [a.shape[dim] for a in arrays]
        return np.concatenate(arrays, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        grads, start, lead = [None], 0, (slice(None),) * ctx.dim
        for size, wanted in zip(ctx.sizes, ctx.needs_input_grad[1:], strict=True):
            grads.append(grad[(*lead, slice(start, start + size))] if wanted else None)
            start += size
        return tuple(grads)

    @classmethod
    def describe_error(cls, dim: int, *arrays: Any) -> str | None:
        shapes = ", ".join(str(np.shape(a)) for a in arrays)
        return f"cat: tensors must have equal shapes except in dimension {dim}; got {shapes}"


class Stack(Function):
    @staticmethod
    def forward(ctx, dim, *arrays):
        ctx.dim = dim
        return np.stack(arrays, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        lead = (slice(None),) * ctx.dim
        return (
            None,
            *(
                grad[(*lead, i)] if wanted else None
                for i, wanted in enumerate(ctx.needs_input_grad[1:])
            ),
        )

    @classmethod
    def describe_error(cls, dim: int, *arrays: Any) -> str | None:
        shapes = ", ".join(str(np.shape(a)) for a in arrays)
        return f"stack: tensors must all have the same shape; got {shapes}"



# ------------------------------------------------------------------ Tensor methods


@method("reshape")
def _reshape(input: Tensor, *shape: Any) -> Tensor:
    """Same data in a new shape (one dimension may be -1); shape as ints or a tuple."""
    shape = dims.shape_arg(shape, "reshape")
    if shape == input.shape:
        if input.grad_fn is None and not input._requires_grad:
            return input
        return Reshape.apply(input, input.shape)  # a view: a node of its own, as in torch
    if min(shape, default=0) < -1:
        raise ShapeError(
            f"reshape: invalid size {min(shape)} in shape {shape}; sizes must be >= 0, "
            "or -1 for the one size to infer"
        )
    return Reshape.apply(input, shape)


@method("view")
def _view(input: Tensor, *shape: Any) -> Tensor:
    """`reshape` that never copies: refused (as in torch) where the data's layout (after a
    transpose, say) cannot show the new shape without moving elements."""
    if not input.data.flags.c_contiguous:
        try:
            np.reshape(input.data, dims.shape_arg(shape, "view"), copy=False)
        except ValueError:
            raise ShapeError(
                f"view: a tensor of shape {input.shape} whose elements are not laid out in "
                f"order (a transpose or a strided slice) cannot be viewed as shape "
                f"{dims.shape_arg(shape)} without a copy; use .reshape(...) instead"
            ) from None
    try:
        return _reshape(input, *shape)
    except (ShapeError, TypeError) as err:  # reshape's message, under this method's name
        raise type(err)(str(err).replace("reshape:", "view:", 1)) from None


@method("flatten")
def _flatten(input: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    if input.ndim == 0:
        return input.reshape(1)
    start = dims.axis(start_dim, input.ndim, "flatten")
    end = dims.axis(end_dim, input.ndim, "flatten")
    if start > end:
        raise ShapeError(
            f"flatten: start_dim {start_dim} comes after end_dim {end_dim} "
            f"for a tensor of shape {input.shape}"
        )
    merged = math.prod(input.shape[start : end + 1])  # not -1: an empty batch has no size to infer
    return input.reshape(*input.shape[:start], merged, *input.shape[end + 1 :])


@method("permute")
def _permute(input: Tensor, *order: Any) -> Tensor:
    order = dims.shape_arg(order, "permute")
    axes = dims.axes(order, input.ndim, "permute")
    if len(axes) != input.ndim:
        raise ShapeError(
            f"permute: needs one entry per dimension ({input.ndim}), got {tuple(order)}"
        )
    return Permute.apply(input, axes)


@method("transpose")
def _transpose(input: Tensor, dim0: int, dim1: int) -> Tensor:
    order = list(range(input.ndim))
    a, b = dims.axis(dim0, input.ndim, "transpose"), dims.axis(dim1, input.ndim, "transpose")
    if order:  # a 0-d tensor accepts dims 0 and -1 and stays as it is, as in torch
        order[a], order[b] = order[b], order[a]
    return Permute.apply(input, tuple(order))


def _reversed_dims(input: Tensor) -> Tensor:
    """All dimensions reversed (the matrix transpose for 2-D tensors)."""
    return Permute.apply(input, tuple(range(input.ndim - 1, -1, -1)))


Tensor.T = property(_reversed_dims)


@method("unsqueeze")
def _unsqueeze(input: Tensor, dim: int) -> Tensor:
    at = dims.axis(dim, input.ndim + 1, "unsqueeze")
    return Reshape.apply(input, (*input.shape[:at], 1, *input.shape[at:]))


@method("squeeze")
def _squeeze(input: Tensor, dim: Any = None) -> Tensor:
    """Drop dimensions of size 1 (all of them, or those in ``dim`` that have size 1)."""
    axes = range(input.ndim) if dim is None else dims.axes(dim, input.ndim, "squeeze")
    drop = {a for a in axes if input.shape[a] == 1}
    return Reshape.apply(input, tuple(n for i, n in enumerate(input.shape) if i not in drop))


@method("expand")
def _expand(input: Tensor, *sizes: Any) -> Tensor:
    """Broadcast to ``sizes`` without copying; -1 keeps a dimension's size."""
    sizes = dims.shape_arg(sizes, "expand")
    lead = len(sizes) - input.ndim
    if lead < 0:
        raise ShapeError(f"expand: cannot expand shape {input.shape} to fewer dimensions {sizes}")
    shape = tuple(
        input.shape[i - lead] if n == -1 and i >= lead else n for i, n in enumerate(sizes)
    )
    return input.broadcast_to(shape)


@method("broadcast_to")
def _broadcast_to(input: Tensor, shape: Sequence[int]) -> Tensor:
    shape = tuple(shape)
    if shape == input.shape:
        return input
    return Expand.apply(input, shape)


# ------------------------------------------------------------------ module functions


def cat(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Join tensors along an existing dimension, as ``torch.cat``; mixed dtypes are
    promoted as in torch (int64 with float32 gives float32)."""
    tensors = _tensor_list(tensors, "cat")
    for i, t in enumerate(tensors):
        if t.ndim == 0:
            raise ShapeError(
                f"cat: tensor {i} is 0-d (a single number), and 0-d tensors cannot be "
                "concatenated (they have no dimension to join along); use stack instead"
            )
    return Cat.apply(dims.axis(dim, tensors[0].ndim, "cat"), *tensors)


def stack(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Join tensors along a new dimension, as ``torch.stack``."""
    tensors = _tensor_list(tensors, "stack")
    return Stack.apply(dims.axis(dim, tensors[0].ndim + 1, "stack"), *tensors)


def _tensor_list(tensors: Sequence[Any], op: str) -> list[Tensor]:
    """The tensors to join, in one dtype: PyTorch's promotion (the widest kind wins, bool <
    integer < floating; within it, NumPy's widest dtype), by a differentiable ``to``."""
    if isinstance(tensors, Tensor) or not isinstance(tensors, Sequence):
        raise TypeError(
            f"{op}: expected a list or tuple of tensors, got a {type(tensors).__name__}"
        )
    tensors = list(tensors)
    if not tensors:
        raise ValueError(f"{op}: expected a non-empty sequence of tensors")
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"{op}: element {i} is a {type(t).__name__}, not a Tensor")
    if len({t.data.dtype for t in tensors}) == 1:
        return tensors
    top = max(KIND_RANK[t.data.dtype.kind] for t in tensors)
    dtype = np.result_type(*(t.dtype for t in tensors if KIND_RANK[t.dtype.kind] == top))
    return [t if t.data.dtype == dtype else t.to(dtype) for t in tensors]
