"""Loss functions, named and reduced as in ``torch.nn.functional``.

Each takes the model's output (``input``) and the ``target`` and returns the mean over all
elements (``reduction="mean"``, the default), the sum (``"sum"``) or one loss per element
(``"none"``). They are written to survive any input: the cross-entropies work from logits
through log-sum-exp, so a logit of 1000 gives a large finite loss instead of ``inf`` or NaN,
and `binary_cross_entropy` on probabilities clamps its logarithms at -100 as PyTorch does.
`cross_entropy` is the engine's fused operation (``autograd_lib.tensor.functions``).
"""

from typing import Any

import numpy as np

from autograd_lib.tensor.function import Function
from autograd_lib.tensor.ops import cross_entropy, maximum
from autograd_lib.tensor.tensor import ShapeError, Tensor

__all__ = ["binary_cross_entropy", "binary_cross_entropy_with_logits", "cross_entropy", "mse_loss"]

REDUCTIONS = ("mean", "sum", "none")
LOG_FLOOR = -100.0  # PyTorch's clamp for log(p) in binary_cross_entropy: log(0) is -100
EPSILON = 1e-12  # PyTorch's floor for p(1 - p) in the gradient of binary_cross_entropy


def mse_loss(input: Tensor, target: Any, reduction: str = "mean") -> Tensor:
    """Squared error $(x - y)^2$, as ``torch.nn.functional.mse_loss``."""
    target = _matching_target("mse_loss", input, target, reduction)
    return _reduce((input - target) ** 2, reduction)


def binary_cross_entropy(input: Tensor, target: Any, reduction: str = "mean") -> Tensor:
    """$-[y \\log p + (1 - y) \\log(1 - p)]$ for probabilities ``input`` $p$ in [0, 1], as
    ``torch.nn.functional.binary_cross_entropy``: each log is clamped at -100, so a
    confident wrong answer (p = 0 for y = 1) costs 100 rather than infinity."""
    target = _matching_target("binary_cross_entropy", input, target, reduction)
    p = input.data
    if p.size and not (p.min() >= 0 and p.max() <= 1):  # also catches NaN
        raise ValueError(
            "binary_cross_entropy: input must hold probabilities in [0, 1], got values from "
            f"{p.min()} to {p.max()}; for logits use binary_cross_entropy_with_logits"
        )
    return _reduce(BinaryCrossEntropy.apply(input, target), reduction)


def binary_cross_entropy_with_logits(
    input: Tensor, target: Any, reduction: str = "mean"
) -> Tensor:
    """Binary cross-entropy of logits $z$ (the probability is $\\sigma(z)$), computed as
    $\\max(z, 0) - z y + \\log(1 + e^{-|z|})$: never an overflow, never log(0). As
    ``torch.nn.functional.binary_cross_entropy_with_logits``."""
    target = _matching_target("binary_cross_entropy_with_logits", input, target, reduction)
    return _reduce(BinaryCrossEntropyWithLogits.apply(input, target), reduction)


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


def _sigmoid(z: Any) -> Any:
    """$\\sigma(z) = e^{-\\log(1 + e^{-z})}$: no overflow for any z."""
    return z.sigmoid() if isinstance(z, Tensor) else np.exp(-np.logaddexp(0, -z))


def _at_least(x: Any, floor: float) -> Any:
    return maximum(x, floor) if isinstance(x, Tensor) else np.maximum(x, floor)


def _matching_target(name: str, input: Tensor, target: Any, reduction: str) -> Tensor:
    """Check the reduction and that ``target`` has ``input``'s shape; return it as a Tensor
    of input's dtype (a float32 network trained on float64 targets stays float32)."""
    if reduction not in REDUCTIONS:
        raise ValueError(f"{name}: reduction must be one of {REDUCTIONS}, got {reduction!r}")
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}: input must be a Tensor, got {type(input).__name__}")
    if input.dtype.kind != "f":
        raise TypeError(f"{name}: input must be floating point, got dtype {input.dtype}")
    if not isinstance(target, Tensor):
        target = Tensor(np.asarray(target, dtype=input.dtype))
    elif target.dtype != input.dtype:
        target = target.to(input.dtype)
    if target.shape != input.shape:
        raise ShapeError(
            f"{name}: target shape {target.shape} differs from input shape {input.shape}; "
            "reshape one of them (a (N, 1) output against (N,) targets would broadcast to "
            "(N, N) and silently compute the wrong loss)"
        )
    return target


def _reduce(losses: Tensor, reduction: str) -> Tensor:
    if reduction == "mean":
        return losses.mean()
    return losses.sum() if reduction == "sum" else losses
