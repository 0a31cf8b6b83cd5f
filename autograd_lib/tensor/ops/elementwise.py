"""Elementwise functions of one tensor: exp, log, sqrt, abs, tanh, sigmoid, relu, clamp, casts.

The Tensor methods are defined here too; exp, log, sqrt, tanh and sigmoid of an integer
tensor compute in float32, as in PyTorch (`autograd_lib.tensor.promotion.floating`).
"""

from typing import Any

import numpy as np

from autograd_lib.tensor.function import Function
from autograd_lib.tensor.ops.vocabulary import cast, ieee, sign
from autograd_lib.tensor.promotion import floating
from autograd_lib.tensor.tensor import Tensor, method


class Exp(Function):
    @staticmethod
    @ieee
    def forward(ctx, x):
        out = np.exp(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    @ieee
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * out


class Log(Function):
    @staticmethod
    @ieee
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.log(x)

    @staticmethod
    @ieee
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad / x


class Sqrt(Function):
    @staticmethod
    @ieee
    def forward(ctx, x):
        out = np.sqrt(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    @ieee
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad / (2 * out)


class Abs(Function):
    """|x|; its derivative at 0 is taken to be 0, as in PyTorch."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.abs(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * sign(x)


class Tanh(Function):
    @staticmethod
    def forward(ctx, x):
        out = np.tanh(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * (1 - out * out)


class Sigmoid(Function):
    @staticmethod
    def forward(ctx, x):
        # exp(-log(1 + e^-x)): no overflow warning for large |x|, full relative accuracy.
        out = np.exp(-np.logaddexp(0, -x))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * out * (1 - out)


class ReLU(Function):
    """max(x, 0); its derivative at 0 is taken to be 0, as in PyTorch."""

    op_name = "relu"

    @staticmethod
    def forward(ctx, x):
        out = np.maximum(x, 0)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * (out > 0)


class Clamp(Function):
    """Limit x to [low, high] (either may be None); the gradient passes where x is inside,
    bounds included, and is 0 outside, as in PyTorch."""

    @staticmethod
    def forward(ctx, x, low, high):
        ctx.inside = (True if low is None else x >= low) & (True if high is None else x <= high)
        out = np.clip(x, low, high)
        return out.astype(x.dtype) if x.dtype.kind == "f" else out  # NumPy scalars: no upcast

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.inside, None, None


class Cast(Function):
    @staticmethod
    def forward(ctx, x, dtype):
        ctx.dtype = x.dtype
        return x.astype(dtype)

    @staticmethod
    def backward(ctx, grad):
        return cast(grad, ctx.dtype), None


class Clone(Function):
    @staticmethod
    def forward(ctx, x):
        return x.copy()

    @staticmethod
    def backward(ctx, grad):
        return grad




# ------------------------------------------------------------------ Tensor methods


@method("exp")
def _exp(input: Tensor) -> Tensor:
    return Exp.apply(floating(input))


@method("log")
def _log(input: Tensor) -> Tensor:
    return Log.apply(floating(input))


@method("sqrt")
def _sqrt(input: Tensor) -> Tensor:
    return Sqrt.apply(floating(input))


@method("abs", "__abs__")  # __abs__: the built-in abs(t), as in torch
def _abs(input: Tensor) -> Tensor:
    return Abs.apply(input)


@method()
def tanh(input: Tensor) -> Tensor:
    return Tanh.apply(floating(input))


@method()
def sigmoid(input: Tensor) -> Tensor:
    return Sigmoid.apply(floating(input))


@method()
def relu(input: Tensor) -> Tensor:
    return ReLU.apply(input)


@method("clamp")
def _clamp(input: Tensor, min: Any = None, max: Any = None) -> Tensor:
    """Limit every element to [min, max] (numbers; either may be None)."""
    if min is None and max is None:
        raise ValueError("clamp: at least one of min and max must be given")
    return Clamp.apply(input, min, max)


@method("to")
def _to(input: Tensor, dtype: Any) -> Tensor:
    """A copy converted to ``dtype``; differentiable between floating-point types."""
    dtype = np.dtype(dtype)
    if dtype == input.dtype:
        return input
    if dtype.kind != "f":
        return Tensor._wrap(input.data.astype(dtype))
    return Cast.apply(input, dtype)


@method("float")
def _float(input: Tensor) -> Tensor:
    return input.to(np.float32)


@method("double")
def _double(input: Tensor) -> Tensor:
    return input.to(np.float64)


@method("long")
def _long(input: Tensor) -> Tensor:
    return input.to(np.int64)


@method("clone")
def _clone(input: Tensor) -> Tensor:
    """A copy of the data that stays in the graph."""
    return Clone.apply(input)
