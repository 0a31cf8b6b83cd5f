"""Part III, chapter 8: the tensor engine (grad mode, `Function`, the backward pass, `Tensor`)."""

from autograd_lib.tensor.tensor import (
    ShapeError,
    Tensor,
    cat,
    enable_grad,
    grad,
    is_grad_enabled,
    maximum,
    minimum,
    no_grad,
    stack,
    where,
)

__all__ = [
    "ShapeError",
    "Tensor",
    "cat",
    "enable_grad",
    "grad",
    "is_grad_enabled",
    "maximum",
    "minimum",
    "no_grad",
    "stack",
    "where",
]
