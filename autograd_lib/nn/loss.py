"""Loss modules named as in ``torch.nn``: each holds its ``reduction`` and calls its function in
`autograd_lib.nn.functional`."""

from typing import Any

from autograd_lib.nn import functional as F
from autograd_lib.nn.module import Module
from autograd_lib.tensor.tensor import Tensor


class _Loss(Module):
    """A loss function with its ``reduction`` fixed; subclasses name the ``function``."""

    def __init__(self, reduction: str = "mean") -> None:
        super().__init__()
        F.check_reduction(type(self).__name__, reduction)
        self.reduction = reduction

    def forward(self, input: Tensor, target: Any) -> Tensor:
        return self.function(input, target, reduction=self.reduction)

    def extra_repr(self) -> str:
        return "" if self.reduction == "mean" else f"reduction={self.reduction!r}"


class MSELoss(_Loss):
    """Mean squared error (`functional.mse_loss`)."""

    function = staticmethod(F.mse_loss)


class BCELoss(_Loss):
    """Binary cross-entropy of probabilities (`functional.binary_cross_entropy`)."""

    function = staticmethod(F.binary_cross_entropy)


class BCEWithLogitsLoss(_Loss):
    """Binary cross-entropy of logits (`functional.binary_cross_entropy_with_logits`)."""

    function = staticmethod(F.binary_cross_entropy_with_logits)


class CrossEntropyLoss(_Loss):
    """Cross-entropy of logits (N, C) against class indices (N,) (`functional.cross_entropy`),
    optionally with ``label_smoothing``."""

    def __init__(self, reduction: str = "mean", label_smoothing: float = 0.0) -> None:
        super().__init__(reduction)
        self.label_smoothing = label_smoothing

    def forward(self, input: Tensor, target: Any) -> Tensor:
        return F.cross_entropy(
            input, target, reduction=self.reduction, label_smoothing=self.label_smoothing
        )

    def extra_repr(self) -> str:
        settings = [super().extra_repr()]
        if self.label_smoothing:
            settings.append(f"label_smoothing={self.label_smoothing}")
        return ", ".join(s for s in settings if s)
