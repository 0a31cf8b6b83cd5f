"""Elementwise arithmetic with broadcasting: + - * / **, negation, maximum, minimum, where.

NumPy broadcasting; Python numbers never change a tensor's dtype (see
`autograd_lib.tensor.promotion`). The operators (``x + y``, ``2 * x``, ``x += y``, ``x.add_(y)``)
are generated from one row each in `autograd_lib.tensor.ops.operators`.
"""

from typing import Any

import numpy as np

from autograd_lib.tensor.function import Function
from autograd_lib.tensor.mode import ieee
from autograd_lib.tensor.ops.vocabulary import broadcast_error, log, shape_of, unbroadcast
from autograd_lib.tensor.promotion import promote
from autograd_lib.tensor.tensor import Tensor, data_of, method


class _Broadcasting(Function):
    tensor_slots = (0, 1)  # x * 2 is mul(x, tensor(2)) in PyTorch: two slots in next_functions

    @classmethod
    def describe_error(cls, *args: Any) -> str | None:
        return broadcast_error(cls.op_name, *args)


class Add(_Broadcasting):
    @staticmethod
    @ieee
    def forward(ctx, a, b):
        ctx.shapes = (shape_of(a), shape_of(b))
        return a + b

    @staticmethod
    def backward(ctx, grad):
        (sa, sb), (na, nb) = ctx.shapes, ctx.needs_input_grad
        return (unbroadcast(grad, sa) if na else None, unbroadcast(grad, sb) if nb else None)


class Sub(_Broadcasting):
    @staticmethod
    @ieee
    def forward(ctx, a, b):
        ctx.shapes = (shape_of(a), shape_of(b))
        return a - b

    @staticmethod
    def backward(ctx, grad):
        (sa, sb), (na, nb) = ctx.shapes, ctx.needs_input_grad
        return (unbroadcast(grad, sa) if na else None, unbroadcast(-grad, sb) if nb else None)


class Mul(_Broadcasting):
    @staticmethod
    @ieee
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
            # (a / b) / b, not a / (b * b): b * b over- or underflows where the quotient
            # does not (x / x at 1e-23 in float32), as in PyTorch's formula.
            unbroadcast(-grad * ((a / b) / b), sb) if nb else None,
        )


class Pow(_Broadcasting):
    @staticmethod
    @ieee
    def forward(ctx, a, b):
        ctx.shapes = (shape_of(a), shape_of(b))
        out = a**b
        if np.any(np.equal(b, 0.5)):  # NumPy takes sqrt for **0.5: NaN at -inf, C's pow inf
            out = np.where(np.equal(a, -np.inf) & np.equal(b, 0.5), np.inf, out)
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    @ieee
    def backward(ctx, grad):
        # As in PyTorch, and grouped as it groups them (so that infinities give the same
        # NaNs when differentiated again): d/da is 0 where b == 0 (even at a = 0, where the
        # formula gives 0 * inf), and d/db is grad * 0 where a == 0 and b >= 0 (log a = -inf).
        a, b, out = ctx.saved_tensors
        (sa, sb), (na, nb) = ctx.shapes, ctx.needs_input_grad
        base, exponent = data_of(a), data_of(b)
        return (
            unbroadcast(_base_gradient(grad, a, b, exponent), sa) if na else None,
            unbroadcast(grad * _zero_where((base == 0) & (exponent >= 0), out * log(a)), sb)
            if nb
            else None,
        )


def _base_gradient(grad: Any, a: Any, b: Any, exponent: Any) -> Any:
    """d(a**b)/da times grad. A number exponent 0 gives a constant 0, as PyTorch does, so
    that differentiating again does not meet 0 * inf (the second derivative of x**0.0 * x
    at 0 is 0); a tensor exponent is masked where it is 0."""
    if type(exponent) in (int, float) and exponent == 0:
        return zero_gradient(grad, shape_of(grad))
    return _zero_where(exponent == 0, grad * (b * a ** (b - 1)))


class Neg(Function):
    @staticmethod
    def forward(ctx, a):
        return -a

    @staticmethod
    def backward(ctx, grad):
        return -grad


class Maximum(_Broadcasting):
    """Elementwise maximum. As in PyTorch, the gradient is selected, never multiplied by 0,
    so an inf or NaN arriving from above is blocked where an input lost: each input gets
    it where it wins, half of it at a tie, and all of it where either input is NaN."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = (shape_of(a), shape_of(b))
        ctx.ties, ctx.a_loses = np.equal(a, b), np.less(a, b)
        ctx.b_loses = np.greater(a, b)
        return np.maximum(a, b)

    @staticmethod
    def backward(ctx, grad):
        (sa, sb), (na, nb) = ctx.shapes, ctx.needs_input_grad
        shared = select(ctx.ties, grad * 0.5, grad)
        return (
            unbroadcast(select(ctx.a_loses, 0.0, shared), sa) if na else None,
            unbroadcast(select(ctx.b_loses, 0.0, shared), sb) if nb else None,
        )


class Minimum(Maximum):
    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = (shape_of(a), shape_of(b))
        ctx.ties, ctx.a_loses = np.equal(a, b), np.greater(a, b)
        ctx.b_loses = np.less(a, b)
        return np.minimum(a, b)


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


_SAME_SIZE_INT = {2: np.int16, 4: np.int32, 8: np.int64}


def pass_where(mask: np.ndarray, grad: Any) -> Any:
    """``grad`` where ``mask`` holds, else 0: a blocked gradient, selected rather than
    multiplied by 0, so that an inf or NaN in ``grad`` gives 0 there, as in PyTorch."""
    return _select(mask, grad, passes=True)


def block_where(blocked: np.ndarray, grad: Any) -> Any:
    """``grad`` with 0 where ``blocked`` holds (`pass_where` with the mask negated)."""
    return _select(blocked, grad, passes=False)


def _select(mask: np.ndarray, grad: Any, passes: bool) -> Any:
    """For arrays the selection multiplies each element's bits, read as integers, by the 0/1
    mask: an inf or NaN in ``grad`` is kept or dropped whole, never multiplied by 0, in one
    pass over the gradient. At relu's shapes in the digits benchmark (64 x 128 and
    1,797 x 128, float32) it runs about as fast as a float ``grad * mask`` (which turns inf
    into NaN) and 4 to 7 times faster than ``np.where``, whose selection branches per element.
    """
    if isinstance(grad, Tensor):
        return Where.apply(mask, grad, 0.0) if passes else Where.apply(mask, 0.0, grad)
    bits = _SAME_SIZE_INT.get(grad.itemsize) if type(grad) is np.ndarray else None
    if (
        bits is None
        or type(mask) is not np.ndarray
        or grad.dtype.kind != "f"
        or mask.shape != grad.shape
    ):
        return np.where(mask, grad, 0) if passes else np.where(mask, 0, grad)
    keep = mask if passes else np.logical_not(mask)
    return np.multiply(grad.view(bits), keep).view(grad.dtype)


def zero_gradient(grad: Any, shape: tuple) -> Any:
    """A constant gradient of zeros, of ``grad``'s dtype and kind (a Tensor under
    ``create_graph``): for a gradient that PyTorch defines as 0 rather than computes."""
    zeros = np.zeros(shape, dtype=data_of(grad).dtype)
    return Tensor._wrap(zeros) if isinstance(grad, Tensor) else zeros


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

