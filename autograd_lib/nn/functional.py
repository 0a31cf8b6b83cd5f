"""Functions named and called as in ``torch.nn.functional``: ``F.relu(x)``, ``F.cross_entropy(
logits, labels)``. The layers and loss modules of `autograd_lib.nn` are these, with state.

The losses reduce to the mean over all elements (``reduction="mean"``, the default), the sum
(``"sum"``) or one loss per element (``"none"``). They survive any input: the
cross-entropies work from logits through log-sum-exp, so a logit of 1000 gives a large finite
loss instead of ``inf`` or NaN, and `binary_cross_entropy` on probabilities clamps its
logarithms at -100 as PyTorch does. `linear` and `cross_entropy` are single fused nodes of
the tensor engine.
"""

from typing import Any

import numpy as np

from autograd_lib.nn.generator import resolve
from autograd_lib.tensor.dims import is_number
from autograd_lib.tensor.ops import linear
from autograd_lib.tensor.ops.losses import (
    REDUCTIONS,
    BinaryCrossEntropy,
    BinaryCrossEntropyWithLogits,
    check_reduction,
)
from autograd_lib.tensor.ops.losses import cross_entropy as fused_ce
from autograd_lib.tensor.tensor import ShapeError, Tensor

__all__ = [
    "REDUCTIONS",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "dropout",
    "linear",
    "log_softmax",
    "mse_loss",
    "relu",
    "sigmoid",
    "softmax",
    "tanh",
]

# ---------------------------------------------------------------------- activations


def relu(input: Tensor) -> Tensor:
    """$\\max(x, 0)$, elementwise; its gradient at 0 is 0, as PyTorch's."""
    return input.relu()


def sigmoid(input: Tensor) -> Tensor:
    """$1 / (1 + e^{-x})$, elementwise."""
    return input.sigmoid()


def tanh(input: Tensor) -> Tensor:
    return input.tanh()


def softmax(input: Tensor, dim: int) -> Tensor:
    """$e^{x_i} / \\sum_j e^{x_j}$ along ``dim``: probabilities that sum to 1."""
    return input.softmax(dim)


def log_softmax(input: Tensor, dim: int) -> Tensor:
    """$x_i - \\log \\sum_j e^{x_j}$ along ``dim``, without computing the softmax first (whose
    log would be $-\\infty$ where it underflows)."""
    return input.log_softmax(dim)


def dropout(
    input: Tensor,
    p: float = 0.5,
    training: bool = True,
    *,
    generator: np.random.Generator | None = None,
) -> Tensor:
    """In training, zero each element with probability ``p`` and scale the survivors by
    $1/(1 - p)$ ("inverted" dropout), so the expected output equals the input and evaluation
    needs no correction: with ``training=False`` the input comes back unchanged. The mask is
    drawn from ``generator``, or from the generator that `autograd_lib.nn.manual_seed` seeds."""
    check_probability("dropout", p)
    if not training or p == 0:
        return input
    if p == 1:
        return input * 0
    keep = resolve(generator).random(input.shape) >= p
    return input * (keep * (1 / (1 - p))).astype(input.dtype)


def check_probability(name: str, p: float) -> None:
    if not is_number(p):
        raise TypeError(f"{name}: p must be a number, got {p!r}")
    if not 0 <= p <= 1:
        raise ValueError(f"{name}: p must be a probability in [0, 1], got {p}")


# ---------------------------------------------------------------------- losses


def cross_entropy(
    input: Tensor, target: Any, *, reduction: str = "mean", label_smoothing: float = 0.0
) -> Tensor:
    """Cross-entropy of logits ``input`` (N, C) against class indices ``target`` (N,), or
    of one sample (C,) against a 0-d target, or of (N, C, d1, ...) against (N, d1, ...).

    With ``label_smoothing`` $\\varepsilon$ the target is the mixture $(1 - \\varepsilon)$
    one-hot $+ \\varepsilon$ uniform over the C classes, so the loss adds $\\varepsilon$ times
    the cross-entropy against the uniform distribution: confident logits cost a little.
    """
    if type(label_smoothing) is not float and not is_number(label_smoothing):
        raise TypeError(f"cross_entropy: label_smoothing must be a number, got {label_smoothing!r}")
    if not 0 <= label_smoothing <= 1:
        raise ValueError(f"cross_entropy: label_smoothing must be in [0, 1], got {label_smoothing}")
    loss = fused_ce(input, target, reduction)
    if label_smoothing == 0:
        return loss
    classes = 1 if input.ndim > 1 else 0  # the dimension of class scores
    uniform = -input.log_softmax(classes).mean(dim=classes)
    return (1 - label_smoothing) * loss + label_smoothing * _reduce(uniform, reduction)


def mse_loss(input: Tensor, target: Any, *, reduction: str = "mean") -> Tensor:
    """Squared error $(x - y)^2$."""
    target = _matching_target("mse_loss", input, target, reduction)
    return _reduce((input - target) ** 2, reduction)


def binary_cross_entropy(input: Tensor, target: Any, *, reduction: str = "mean") -> Tensor:
    """$-[y \\log p + (1 - y) \\log(1 - p)]$ for probabilities ``input`` $p$ in [0, 1]: each
    log is clamped at -100, so a confident wrong answer (p = 0 for y = 1) costs 100 rather
    than infinity."""
    target = _matching_target("binary_cross_entropy", input, target, reduction)
    p = input.data
    if p.size and not (p.min() >= 0 and p.max() <= 1):  # also catches NaN
        raise ValueError(
            "binary_cross_entropy: input must hold probabilities in [0, 1], got values from "
            f"{p.min()} to {p.max()}; for logits use binary_cross_entropy_with_logits"
        )
    return _reduce(BinaryCrossEntropy.apply(input, target), reduction)


def binary_cross_entropy_with_logits(
    input: Tensor, target: Any, *, reduction: str = "mean"
) -> Tensor:
    """Binary cross-entropy of logits $z$ (the probability is $\\sigma(z)$), computed as
    $\\max(z, 0) - z y + \\log(1 + e^{-|z|})$: never an overflow, never log(0)."""
    target = _matching_target("binary_cross_entropy_with_logits", input, target, reduction)
    return _reduce(BinaryCrossEntropyWithLogits.apply(input, target), reduction)


def _matching_target(name: str, input: Tensor, target: Any, reduction: str) -> Tensor:
    """Check the reduction and that ``target`` has ``input``'s shape; return it as a Tensor
    of input's dtype (a float32 network trained on float64 targets stays float32)."""
    check_reduction(name, reduction)
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
