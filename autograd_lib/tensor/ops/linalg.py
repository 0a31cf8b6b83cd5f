"""Linear algebra: the matrix product (``a @ b``) and the fused linear layer (``linear``)."""

from typing import Any

import numpy as np

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
        gb = reduce_sum(grad, 0) if nb else None
        return gx, gw, gb

    @classmethod
    def describe_error(cls, x: Any, weight: Any, bias: Any) -> str | None:
        sx, sw, sb = np.shape(x), np.shape(weight), np.shape(bias)
        if len(sw) != 2 or not sx or sx[-1] != sw[-1]:
            return f"linear: input {sx} and weight {sw} (out, in) do not match"
        return f"linear: bias of shape {sb} does not match weight {sw} (out, in)"


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """``input @ weight.T + bias``, as ``torch.nn.functional.linear``; one graph node."""
    return Linear.apply(input, weight, bias)


