"""Elementwise functions of one tensor: exp, log, sqrt, abs, tanh, sigmoid, relu, clamp, casts.

The Tensor methods are defined here too; exp, log, sqrt, tanh and sigmoid of an integer
tensor compute in float32, as in PyTorch (`autograd_lib.tensor.promotion.floating`).
"""

from typing import Any

import numpy as np

from autograd_lib.tensor.function import Function
from autograd_lib.tensor.mode import ieee
from autograd_lib.tensor.ops.arithmetic import pass_where
from autograd_lib.tensor.ops.vocabulary import cast, shape_of, sign, unbroadcast
from autograd_lib.tensor.promotion import floating, promote
from autograd_lib.tensor.tensor import Tensor, data_of, method


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
        return tanh_backward(grad, out)


class TanhBackward(Function):
    """tanh's backward, grad * (1 - out^2), as an operation of its own, differentiated with
    PyTorch's factored formula: an inf gradient then gives the same infinities and NaNs in
    second derivatives (the product rule, term by term, would give inf - inf)."""

    @staticmethod
    def forward(ctx, grad, out):
        ctx.save_for_backward(grad, out)
        return grad * (1 - out * out)

    @staticmethod
    def backward(ctx, gg):
        grad, out = ctx.saved_tensors
        return tanh_backward(gg, out), gg * (-2 * out * grad)


def tanh_backward(grad: Any, out: Any) -> Any:
    if isinstance(grad, Tensor):
        return TanhBackward.apply(grad, out)
    return grad * (1 - out * out)


class Sigmoid(Function):
    @staticmethod
    @ieee  # NaN in, NaN out, silently
    def forward(ctx, x):
        # exp(-log(1 + e^-x)): no overflow warning for large |x|, full relative accuracy.
        out = np.exp(-np.logaddexp(0, -x))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return sigmoid_backward(grad, out)


class SigmoidBackward(Function):
    """sigmoid's backward, grad * (1 - out) * out, as an operation of its own (see
    `TanhBackward`): differentiated with PyTorch's factored formula."""

    @staticmethod
    def forward(ctx, grad, out):
        ctx.save_for_backward(grad, out)
        return grad * (1 - out) * out

    @staticmethod
    def backward(ctx, gg):
        grad, out = ctx.saved_tensors
        return sigmoid_backward(gg, out), grad * gg * (1 - 2 * out)


def sigmoid_backward(grad: Any, out: Any) -> Any:
    if isinstance(grad, Tensor):
        return SigmoidBackward.apply(grad, out)
    return grad * (1 - out) * out


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
        # Selected, not multiplied (an inf from above stays blocked); at a NaN input the
        # output is NaN and the gradient passes, as in PyTorch.
        (out,) = ctx.saved_tensors
        return pass_where(data_of(out) != 0, grad)  # out is positive, inf or NaN there


class Clamp(Function):
    """Limit x to [low, high]; either bound may be None, a number or a tensor (broadcast).

    As in PyTorch: x gets the gradient where low <= x <= high (bounds included; nowhere at
    a NaN), low where x < low < high, high where x > high or high < low (where the two
    bounds cross, the result is high). The gradients are selected, never multiplied by 0.
    """

    @staticmethod
    def forward(ctx, x, low, high):
        nx, nlow, nhigh = ctx.needs_input_grad
        ctx.shapes = (shape_of(x), shape_of(low), shape_of(high))
        if nx:
            ctx.inside = _both(
                None if low is None else x >= low, None if high is None else x <= high
            )
        if nlow:
            ctx.to_low = _both(x < low, None if high is None else low < high)
        if nhigh:
            ctx.to_high = x > high if low is None else (x > high) | (high < low)
        out = x if low is None else np.maximum(x, low)
        return out if high is None else np.minimum(out, high)

    @staticmethod
    def backward(ctx, grad):
        (sx, slow, shigh), (nx, nlow, nhigh) = ctx.shapes, ctx.needs_input_grad
        return (
            unbroadcast(pass_where(ctx.inside, grad), sx) if nx else None,
            unbroadcast(pass_where(ctx.to_low, grad), slow) if nlow else None,
            unbroadcast(pass_where(ctx.to_high, grad), shigh) if nhigh else None,
        )


def _both(a: Any, b: Any) -> Any:
    """``a & b`` where either may be None (no condition)."""
    return a if b is None else b if a is None else a & b


class Cast(Function):
    @staticmethod
    @ieee
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
    """Limit every element to [min, max]: numbers or tensors, either may be None. An
    integer tensor with a float bound gives float32 (PyTorch's default dtype)."""
    if min is None and max is None:
        raise ValueError("clamp: at least one of min and max must be given")
    for name, bound in (("min", min), ("max", max)):
        if not (bound is None or isinstance(bound, Tensor | int | float | np.number)):
            raise TypeError(
                f"clamp: {name} must be a number or a Tensor, got {type(bound).__name__}"
            )
    if min is not None:
        input, min = promote(input, min)
    if max is not None:
        input, max = promote(input, max)
    return Clamp.apply(input, min, max)


@method("to")
@ieee  # NaN or inf to an integer type: an unspecified integer, silently, as in PyTorch
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
