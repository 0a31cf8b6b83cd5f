"""Elementwise arithmetic with broadcasting: + - * / **, negation, maximum, minimum, where.

NumPy broadcasting; Python numbers never change a tensor's dtype (see
`autograd_lib.tensor.promotion`). The operators (``x + y``, ``2 * x``, ``x += y``, ``x.add_(y)``)
are generated from one row each in `autograd_lib.tensor.ops.operators`.
"""

from typing import Any

import numpy as np

from autograd_lib.tensor.function import Function
from autograd_lib.tensor.ops.vocabulary import broadcast_error, ieee, log, shape_of, unbroadcast
from autograd_lib.tensor.promotion import promote
from autograd_lib.tensor.tensor import Tensor, data_of, method


class _Broadcasting(Function):
    tensor_slots = (0, 1)  # x * 2 is mul(x, tensor(2)) in PyTorch: two slots in next_functions

    @classmethod
    def describe_error(cls, *args: Any) -> str | None:
        return broadcast_error(cls.op_name, *args)


class Add(_Broadcasting):
    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = (shape_of(a), shape_of(b))
        return a + b

    @staticmethod
    def backward(ctx, grad):
        (sa, sb), (na, nb) = ctx.shapes, ctx.needs_input_grad
        return (unbroadcast(grad, sa) if na else None, unbroadcast(grad, sb) if nb else None)


class Sub(_Broadcasting):
    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = (shape_of(a), shape_of(b))
        return a - b

    @staticmethod
    def backward(ctx, grad):
        (sa, sb), (na, nb) = ctx.shapes, ctx.needs_input_grad
        return (unbroadcast(grad, sa) if na else None, unbroadcast(-grad, sb) if nb else None)


class Mul(_Broadcasting):
    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = (shape_of(a), shape_of(b))
        ctx.save_for_backward(a, b)
        return a * b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        (sa, sb), (na, nb) = ctx.shapes, ctx.needs_input_grad
        return (
            unbroadcast(grad * b, sa) if na else None,
            unbroadcast(grad * a, sb) if nb else None,
        )


class Div(_Broadcasting):
    op_name = "div"

    @staticmethod
    @ieee
    def forward(ctx, a, b):
        ctx.shapes = (shape_of(a), shape_of(b))
        ctx.save_for_backward(a, b)
        return a / b

    @staticmethod
    @ieee
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        (sa, sb), (na, nb) = ctx.shapes, ctx.needs_input_grad
        return (
            unbroadcast(grad / b, sa) if na else None,
            unbroadcast(-grad * a / (b * b), sb) if nb else None,
        )


class Pow(_Broadcasting):
    @staticmethod
    @ieee
    def forward(ctx, a, b):
        ctx.shapes = (shape_of(a), shape_of(b))
        out = a**b
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    @ieee
    def backward(ctx, grad):
        # As in PyTorch: d/da is 0 where b == 0 (even at a = 0, where the formula gives
        # 0 * inf), and d/db is 0 where a == 0 and b >= 0 (where log a is -inf).
        a, b, out = ctx.saved_tensors
        (sa, sb), (na, nb) = ctx.shapes, ctx.needs_input_grad
        base, exponent = data_of(a), data_of(b)
        return (
            unbroadcast(_zero_where(exponent == 0, grad * b * a ** (b - 1)), sa) if na else None,
            unbroadcast(_zero_where((base == 0) & (exponent >= 0), grad * out * log(a)), sb)
            if nb
            else None,
        )


class Neg(Function):
    @staticmethod
    def forward(ctx, a):
        return -a

    @staticmethod
    def backward(ctx, grad):
        return -grad


class Maximum(_Broadcasting):
    """Elementwise maximum; where the two are equal, each gets half the gradient (as torch)."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = (shape_of(a), shape_of(b))
        out = np.maximum(a, b)
        ctx.save_for_backward(_share(a, b, np.greater, out.dtype))
        return out

    @staticmethod
    def backward(ctx, grad):
        (share,), (sa, sb), (na, nb) = ctx.saved_tensors, ctx.shapes, ctx.needs_input_grad
        return (
            unbroadcast(grad * share, sa) if na else None,
            unbroadcast(grad * (1 - share), sb) if nb else None,
        )


class Minimum(Maximum):
    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = (shape_of(a), shape_of(b))
        out = np.minimum(a, b)
        ctx.save_for_backward(_share(a, b, np.less, out.dtype))
        return out


def _share(a: Any, b: Any, wins: np.ufunc, dtype: np.dtype) -> np.ndarray:
    """The fraction of the gradient that goes to ``a``: 1 where it wins, 1/2 at ties."""
    return np.where(np.equal(a, b), 0.5, wins(a, b)).astype(dtype, copy=False)


class Where(Function):
    tensor_slots = (1, 2)

    @staticmethod
    def forward(ctx, condition, a, b):
        ctx.shapes = (shape_of(a), shape_of(b))
        ctx.save_for_backward(condition)
        return np.where(condition, a, b)

    @staticmethod
    def backward(ctx, grad):
        (condition,), (sa, sb) = ctx.saved_tensors, ctx.shapes
        _, na, nb = ctx.needs_input_grad
        return (
            None,
            unbroadcast(select(condition, grad, 0), sa) if na else None,
            unbroadcast(select(condition, 0, grad), sb) if nb else None,
        )

    @classmethod
    def describe_error(cls, *args: Any) -> str | None:
        return broadcast_error("where", *args)




def select(condition: Any, a: Any, b: Any) -> Any:
    """``a`` where ``condition`` holds, else ``b``: for arrays and Tensors alike."""
    if isinstance(a, Tensor) or isinstance(b, Tensor):
        return Where.apply(condition, a, b)
    return np.where(condition, a, b)


def _zero_where(mask: Any, x: Any) -> Any:
    """``x`` with zeros where ``mask`` (a bool or a bool array) holds; ``x`` itself where it
    holds nowhere, the usual case."""
    if mask is False or not np.any(mask):
        return x
    return select(mask, 0.0, x)



@method("neg", "__neg__")
def neg(input: Tensor) -> Tensor:
    return Neg.apply(input)


def where(condition: Any, input: Any, other: Any) -> Tensor:
    """``input`` where ``condition`` holds, else ``other`` (broadcast), as ``torch.where``."""
    condition = np.asarray(data_of(condition))
    if condition.dtype != np.bool_:
        raise TypeError(f"where: condition must be boolean, got dtype {condition.dtype}")
    return Where.apply(condition, *promote(input, other))


def maximum(input: Any, other: Any) -> Tensor:
    """Elementwise maximum, as ``torch.maximum`` (ties split the gradient)."""
    return Maximum.apply(*promote(input, other))


def minimum(input: Any, other: Any) -> Tensor:
    """Elementwise minimum, as ``torch.minimum`` (ties split the gradient)."""
    return Minimum.apply(*promote(input, other))

