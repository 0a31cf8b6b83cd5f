"""Reductions: sum, mean, max, min (whole or along a dimension), logsumexp, softmax.

``axes`` arrive at the Functions normalised (`autograd_lib.tensor.dims.axes`): a tuple of
non-negative dimensions, or None for all of them. The Tensor methods are defined here.
"""

import math
from collections import namedtuple
from collections.abc import Callable
from typing import Any

import numpy as np

from autograd_lib.tensor import dims
from autograd_lib.tensor.errors import DtypeError
from autograd_lib.tensor.function import Function
from autograd_lib.tensor.mode import ieee
from autograd_lib.tensor.ops.arithmetic import pass_where, zero_gradient
from autograd_lib.tensor.ops.vocabulary import exp, expand, reduce_sum
from autograd_lib.tensor.promotion import floating
from autograd_lib.tensor.tensor import Tensor, data_of, method

ValuesIndices = namedtuple("ValuesIndices", ["values", "indices"])  # max(dim), min(dim)


def _kept_shape(shape: tuple, axes: tuple | None) -> tuple:
    """``shape`` with the reduced axes set to 1: the result's shape under keepdim=True."""
    if axes is None:
        return (1,) * len(shape)
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


class Sum(Function):
    @staticmethod
    @ieee
    def forward(ctx, x, axes, keepdim):
        ctx.shape, ctx.kept = x.shape, _kept_shape(x.shape, axes)
        return np.add.reduce(x, axis=axes, keepdims=keepdim)

    @staticmethod
    def backward(ctx, grad):
        return expand(grad.reshape(ctx.kept), ctx.shape), None, None


class Mean(Function):
    @staticmethod
    @ieee  # the mean of nothing is NaN (0 / 0), silently as in PyTorch
    def forward(ctx, x, axes, keepdim):
        ctx.shape, ctx.kept = x.shape, _kept_shape(x.shape, axes)
        ctx.count = x.size // max(math.prod(ctx.kept), 1) if x.size else 0
        return np.add.reduce(x, axis=axes, keepdims=keepdim) / ctx.count

    @staticmethod
    def backward(ctx, grad):
        if ctx.count == 0:  # no elements: an empty gradient, a constant (0 / 0 would be NaN)
            return zero_gradient(grad, ctx.shape), None, None
        return expand(grad.reshape(ctx.kept) / ctx.count, ctx.shape), None, None


class Max(Function):
    """Largest element of the whole tensor. As in PyTorch, the elements equal to it share
    the gradient equally (the NaNs, if it is NaN), and the others get 0, selected: an inf
    gradient does not become NaN there."""

    @staticmethod
    def forward(ctx, x):
        out = (np.maximum if ctx.fn is Max else np.minimum).reduce(x, axis=None)
        if ctx.needs_input_grad[0]:
            mask = np.isnan(x) if np.isnan(out) else x == out
            ctx.count = int(mask.sum())
            ctx.save_for_backward(mask)
        return out

    @staticmethod
    def backward(ctx, grad):
        (mask,) = ctx.saved_tensors
        return pass_where(data_of(mask), expand(grad / ctx.count, mask.shape))

    @classmethod
    def describe_error(cls, x: Any) -> str | None:
        return f"{cls.op_name}: cannot reduce a tensor with no elements (shape {np.shape(x)})"


class Min(Max):
    pass


class MaxDim(Function):
    """Largest element along one dimension, with its index; the gradient goes to that index."""

    op_name = "max"

    @staticmethod
    def forward(ctx, x, dim, keepdim):
        find = np.argmax if ctx.fn is MaxDim else np.argmin
        index = find(x, axis=dim, keepdims=True)
        values = np.take_along_axis(x, index, axis=dim)
        if ctx.needs_input_grad[0]:
            mask = np.zeros(x.shape, dtype=bool)
            np.put_along_axis(mask, index, True, axis=dim)
            ctx.kept = values.shape
            ctx.save_for_backward(mask)
        if not keepdim:
            values, index = values.squeeze(dim), index.squeeze(dim)
        return values, index

    @staticmethod
    def backward(ctx, grad):
        (mask,) = ctx.saved_tensors
        return pass_where(data_of(mask), expand(grad.reshape(ctx.kept), mask.shape)), None, None

    @classmethod
    def describe_error(cls, x: Any, dim: int, keepdim: bool) -> str | None:
        return f"{cls.op_name}: cannot reduce dimension {dim} of shape {np.shape(x)}: it is empty"


class MinDim(MaxDim):
    op_name = "min"


class LogSumExp(Function):
    @staticmethod
    @ieee
    def forward(ctx, x, axes, keepdim):
        # The peak is subtracted for stability; an infinite one (or -inf, the peak of an
        # empty reduction) would give inf - inf, so it is replaced by 0 there.
        peak = np.maximum.reduce(x, axis=axes, keepdims=True, initial=-np.inf)
        peak = np.where(np.isfinite(peak), peak, 0).astype(x.dtype, copy=False)
        out = np.log(np.add.reduce(np.exp(x - peak), axis=axes, keepdims=True)) + peak
        ctx.kept = out.shape
        if not keepdim:
            out = out.reshape(_reduced_shape(x.shape, axes))
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, out = ctx.saved_tensors
        return grad.reshape(ctx.kept) * exp(x - out.reshape(ctx.kept)), None, None


def _reduced_shape(shape: tuple, axes: tuple) -> tuple:
    return tuple(n for i, n in enumerate(shape) if i not in axes)


class Softmax(Function):
    @staticmethod
    @ieee  # a row of infinities gives NaN (inf - inf), silently as in PyTorch
    def forward(ctx, x, axes):
        ctx.axes = axes
        out = _softmax_array(x, axes)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return out * (grad - reduce_sum(grad * out, ctx.axes, keepdim=True)), None


class LogSoftmax(Function):
    @staticmethod
    @ieee
    def forward(ctx, x, axes):
        ctx.axes = axes
        out = _log_softmax_array(x, axes)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad - exp(out) * reduce_sum(grad, ctx.axes, keepdim=True), None


def _peak(x: np.ndarray, axes: tuple) -> np.ndarray:
    """The maximum along ``axes``, kept; -inf for an empty dimension (whose softmax is an
    empty tensor, as in PyTorch)."""
    return np.maximum.reduce(x, axis=axes, keepdims=True, initial=-np.inf)


def _softmax_array(x: np.ndarray, axes: tuple) -> np.ndarray:
    e = np.exp(x - _peak(x, axes))
    e /= np.add.reduce(e, axis=axes, keepdims=True)
    return e


def _log_softmax_array(x: np.ndarray, axes: tuple) -> np.ndarray:
    shifted = x - _peak(x, axes)
    shifted -= np.log(np.add.reduce(np.exp(shifted), axis=axes, keepdims=True))
    return shifted


# ------------------------------------------------------------------ Tensor methods


@method("sum")
def _sum(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
    axes = dims.axes(dims.all_if_empty(dim), input.ndim, "sum")
    if keepdim is not False:
        keepdim = dims.flag(keepdim, "sum", "keepdim")
    return Sum.apply(input, axes, keepdim)


@method("mean")
def _mean(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
    if input.data.dtype.kind != "f":
        raise DtypeError(f"mean: needs a floating-point tensor, got dtype {input.dtype}")
    axes = dims.axes(dims.all_if_empty(dim), input.ndim, "mean")
    if keepdim is not False:
        keepdim = dims.flag(keepdim, "mean", "keepdim")
    return Mean.apply(input, axes, keepdim)


@method("max")
def _max(input: Tensor, dim: int | None = None, keepdim: bool = False) -> Any:
    """The largest element, or with ``dim`` a ``(values, indices)`` pair, as torch."""
    return _extreme(input, Max, MaxDim, dim, keepdim)


@method("min")
def _min(input: Tensor, dim: int | None = None, keepdim: bool = False) -> Any:
    return _extreme(input, Min, MinDim, dim, keepdim)


def _extreme(x: Tensor, whole: type, along: type, dim: int | None, keepdim: bool) -> Any:
    if keepdim is not False:
        dims.flag(keepdim, along.op_name, "keepdim")
    if dim is None:
        return whole.apply(x)
    if x.ndim == 0:  # as torch: dim 0 (or -1) of a 0-d tensor is the tensor itself
        dims.axis(dim, 0, along.op_name)
        return ValuesIndices(*along.apply(x.reshape(1), 0, False))
    return ValuesIndices(*along.apply(x, dims.axis(dim, x.ndim, along.op_name), keepdim))


@method("argmax")
def _argmax(input: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    return _arg(input, np.argmax, dim, keepdim)


@method("argmin")
def _argmin(input: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    return _arg(input, np.argmin, dim, keepdim)


def _arg(x: Tensor, find: Callable, dim: int | None, keepdim: bool) -> Tensor:
    if dim is None:
        return Tensor._wrap(np.asarray(find(x.data)))
    found = find(x.data, axis=dims.axis(dim, x.ndim, find.__name__), keepdims=keepdim)
    return Tensor._wrap(np.asarray(found))


@method("logsumexp")
def _logsumexp(input: Tensor, dim: Any, keepdim: bool = False) -> Tensor:
    return LogSumExp.apply(floating(input), dims.axes(dim, input.ndim, "logsumexp"), keepdim)


@method()
def softmax(input: Tensor, dim: int) -> Tensor:
    return Softmax.apply(_floating_only(input, "softmax"), dims.axes(dim, input.ndim, "softmax"))


@method()
def log_softmax(input: Tensor, dim: int) -> Tensor:
    x = _floating_only(input, "log_softmax")
    return LogSoftmax.apply(x, dims.axes(dim, input.ndim, "log_softmax"))


def _floating_only(x: Tensor, op: str) -> Tensor:
    """``x``, which must be floating point: PyTorch has no integer softmax (it raises
    NotImplementedError) rather than promoting, so neither do we."""
    if x.data.dtype.kind != "f":
        raise NotImplementedError(
            f"{op}: not implemented for dtype {x.dtype}; convert the tensor first, e.g. "
            f"x.float()"
        )
    return x
