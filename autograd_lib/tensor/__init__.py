"""Part III, chapter 8: the tensor engine.

Modules, each depending only on those before it: `mode` (grad mode, the clock), `errors`,
`dims`, `version` (version counters), `conversion` (what may become a tensor's data),
`backward` (the backward pass), `tensor` (the Tensor),
`promotion` (dtypes), `function` (`Function`, `Context`) and `ops` (the operations by family,
which add the Tensor's methods, and the functional API).
"""

from autograd_lib.tensor.errors import DtypeError
from autograd_lib.tensor.ops import cat, maximum, minimum, stack, where
from autograd_lib.tensor.tensor import (
    ShapeError,
    Tensor,
    enable_grad,
    grad,
    is_grad_enabled,
    no_grad,
)

__all__ = [
    "DtypeError",
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
