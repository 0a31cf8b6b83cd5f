"""Linear algebra: the matrix product (``a @ b``) and the fused linear layer (``linear``)."""

from typing import Any

import numpy as np

from autograd_lib.tensor.errors import DtypeError
from autograd_lib.tensor.function import Function
from autograd_lib.tensor.mode import ieee
from autograd_lib.tensor.ops.vocabulary import reduce_sum, swap_last, unbroadcast
from autograd_lib.tensor.tensor import Tensor


class MatMul(Function):
    """Matrix product with NumPy/torch rules: 1-D arguments are vectors, leading dimensions
    broadcast. For C = A B: dA = dC B^T and dB = A^T dC."""

    @staticmethod
    @ieee
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a @ b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        na, nb = ctx.needs_input_grad
        if a.ndim == 2 and b.ndim == 2:
            return (grad @ b.T if na else None, a.T @ grad if nb else None)
        # Vectors act as matrices: a (k,) as (1, k), b (k,) as (k, 1).
        a2 = a.reshape(1, -1) if a.ndim == 1 else a
        b2 = b.reshape(-1, 1) if b.ndim == 1 else b
        out_shape = (*np.broadcast_shapes(a2.shape[:-2], b2.shape[:-2]), a2.shape[-2], b2.shape[-1])
        grad = grad.reshape(out_shape)
        ga = unbroadcast(grad @ swap_last(b2), a2.shape).reshape(a.shape) if na else None
        gb = unbroadcast(swap_last(a2) @ grad, b2.shape).reshape(b.shape) if nb else None
        return ga, gb

    @classmethod
    def describe_error(cls, a: Any, b: Any) -> str | None:
        sa, sb = np.shape(a), np.shape(b)
        if not sa or not sb:
            return f"matmul: both arguments need at least one dimension, got {sa} @ {sb}"
        k1, k2 = sa[-1], sb[-2] if len(sb) > 1 else sb[0]
        if k1 != k2:
            return f"matmul: {sa} @ {sb}: {k1} != {k2}"
        return f"matmul: {sa} @ {sb}: batch dimensions {sa[:-2]} and {sb[:-2]} do not broadcast"



class Linear(Function):
    """``x @ weight.T + bias`` (weight is (out, in), as in torch.nn.Linear), one node.

    Backward: dx = g W, dW = g^T x, db = sum of g over the batch; a gradient nobody needs
    (the input batch's, usually) is not computed at all.
    """

    @staticmethod
    @ieee
    def forward(ctx, x, weight, bias):
        out = x @ weight.T
        if bias is not None:
            out += bias
        ctx.save_for_backward(x, weight)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        nx, nw, nb = ctx.needs_input_grad
        gx = grad @ weight if nx else None
        if grad.ndim != 2:
            grad, x = grad.reshape(-1, grad.shape[-1]), x.reshape(-1, x.shape[-1])
        gw = grad.T @ x if nw else None
        gb = column_sums(grad) if nb else None
        return gx, gw, gb

    @classmethod
    def describe_error(cls, x: Any, weight: Any, bias: Any) -> str | None:
        sx, sw, sb = np.shape(x), np.shape(weight), np.shape(bias)
        if len(sw) != 2 or not sx or sx[-1] != sw[-1]:
            return f"linear: input {sx} and weight {sw} (out, in) do not match"
        return f"linear: bias of shape {sb} does not match weight {sw} (out, in)"


def column_sums(grad: Any) -> Any:
    """The sums down the columns of a 2-D gradient: the bias's gradient. For an array, a row
    of ones times the gradient: BLAS reads it in one pass, where NumPy's sum over axis 0 pays
    per row (1,797 rows of 10 float32: 61 -> 4 us; of 128: 53 -> 13 us)."""
    if isinstance(grad, Tensor):
        return reduce_sum(grad, 0)
    return np.ones(grad.shape[0], grad.dtype) @ grad


def matmul_operands(a: Any, b: Any, true_division: bool = False, op: str = "matmul") -> tuple:
    """The operands of ``a @ b``, checked as PyTorch checks them: Tensors (or NumPy arrays)
    of one dtype. Matmul does not promote: float32 @ float64 would silently compute in
    float64, and int64 @ float32 too, so both are refused with the two dtypes named."""
    if type(a) is Tensor and type(b) is Tensor and a.data.dtype is b.data.dtype:
        return a, b  # the common case, checked in the fewest steps
    for x in (a, b):
        if not isinstance(x, Tensor | np.ndarray):
            raise TypeError(
                f"{op}: an operand is a {type(x).__name__}; both sides of @ must be Tensors "
                "(as in PyTorch): wrap it as Tensor([...]) first"
            )
    if a.dtype != b.dtype:
        raise DtypeError(
            f"{op}: both operands must have the same dtype, got {a.dtype} @ {b.dtype}; "
            "convert one with .to(dtype) (PyTorch does not promote in a matrix product either)"
        )
    return a, b


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """``input @ weight.T + bias``, as ``torch.nn.functional.linear``; one graph node.
    The input must be a Tensor of the weight's dtype, as in PyTorch (a NumPy array or an
    int64 batch is refused, rather than computed in a dtype nobody chose)."""
    if type(input) is not Tensor or input.data.dtype is not weight.data.dtype:
        _refuse_linear(input, weight)
    return Linear.apply(input, weight, bias)


def _refuse_linear(input: Any, weight: Tensor) -> None:
    """Raise the error for an input `linear` refuses (a Tensor subclass is let through)."""
    if not isinstance(input, Tensor):
        what = "a NumPy array" if isinstance(input, np.ndarray) else f"a {type(input).__name__}"
        raise TypeError(f"linear: input must be a Tensor, got {what}; wrap it as Tensor(...)")
    if input.data.dtype != weight.data.dtype:
        raise DtypeError(
            f"linear: input has dtype {input.dtype} but weight has dtype {weight.dtype}; "
            f"convert the input first (x.to(np.{weight.dtype}), as PyTorch requires)"
        )


