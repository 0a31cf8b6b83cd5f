"""The graph nodes behind the binary cross-entropies: each loss is one `Function`, so its
gradient is the short closed form below instead of a chain of logs and divisions."""

import numpy as np

from autograd_lib.tensor.functions import Function
from autograd_lib.tensor.tensor import Tensor, maximum

LOG_FLOOR = -100.0  # PyTorch's clamp for log(p) in binary_cross_entropy: log(0) is -100
EPSILON = 1e-12  # PyTorch's floor for p(1 - p) in the gradient of binary_cross_entropy


class BinaryCrossEntropy(Function):
    """Elementwise binary cross-entropy of probabilities; the gradient as in PyTorch,
    $(p - y) / \\max(p(1 - p), 10^{-12})$, finite even at p = 0 or 1."""

    op_name = "binary_cross_entropy"

    @staticmethod
    def forward(ctx, p, y):
        with np.errstate(divide="ignore"):  # log(0) = -inf, clamped just below
            log_p = np.maximum(np.log(p), LOG_FLOOR)
            log_q = np.maximum(np.log1p(-p), LOG_FLOOR)
        ctx.save_for_backward(p, y)
        return -(y * log_p + (1 - y) * log_q)

    @staticmethod
    def backward(ctx, grad):
        p, y = ctx.saved_tensors
        return grad * (p - y) / _at_least(p * (1 - p), EPSILON), None


class BinaryCrossEntropyWithLogits(Function):
    """Elementwise binary cross-entropy of logits; its gradient is $\\sigma(z) - y$."""

    op_name = "binary_cross_entropy_with_logits"

    @staticmethod
    def forward(ctx, z, y):
        ctx.save_for_backward(z, y)
        return np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))

    @staticmethod
    def backward(ctx, grad):
        z, y = ctx.saved_tensors
        return grad * (_sigmoid(z) - y), None


# Backward formulas run on arrays, or on Tensors under create_graph: helpers for both.


def _sigmoid(z):
    """$\\sigma(z) = e^{-\\log(1 + e^{-z})}$: no overflow for any z."""
    return z.sigmoid() if isinstance(z, Tensor) else np.exp(-np.logaddexp(0, -z))


def _at_least(x, floor: float):
    return maximum(x, floor) if isinstance(x, Tensor) else np.maximum(x, floor)
