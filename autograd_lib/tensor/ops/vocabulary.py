"""The vocabulary of backward formulas: helpers that work on NumPy arrays and Tensors alike.

Backward formulas are written once and run in two modes. Usually ``grad`` and the saved
values are plain arrays and a formula costs just its NumPy calls. Under
``backward(create_graph=True)`` they are Tensors and the very same formula records a graph,
so the gradient can be differentiated again. The formulas therefore use only operators
(``grad * out``) and these helpers, which pick the Tensor method or the NumPy function.
"""

import math
from typing import Any

import numpy as np

from autograd_lib.tensor.tensor import Tensor


def shape_of(x: Any) -> tuple:
    return x.shape if type(x) is np.ndarray else np.shape(x)


def unbroadcast(grad: Any, shape: tuple) -> Any:
    """Sum ``grad`` down to ``shape``: the backward of broadcasting, in one place.

    Broadcasting copies an input along the dimensions it lacks (leading ones) or has with
    size 1; each copy receives a gradient, and the input's gradient is their sum.
    """
    if grad.shape == shape:
        return grad
    lead = grad.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(
        lead + i for i, n in enumerate(shape) if n == 1 and grad.shape[lead + i] != 1
    )
    return reduce_sum(grad, axes, keepdim=True).reshape(shape)


def reduce_sum(x: Any, axes: tuple | None, keepdim: bool = False) -> Any:
    """Sum over ``axes`` (None: all)."""
    if isinstance(x, Tensor):
        return x.sum(dim=axes, keepdim=keepdim)
    return np.add.reduce(x, axes, None, None, keepdim)  # positional: cheaper than keywords


def expand(x: Any, shape: tuple) -> Any:
    """Broadcast ``x`` to ``shape`` without copying."""
    if isinstance(x, Tensor):
        return x.broadcast_to(shape)
    return np.broadcast_to(x, shape)


def exp(x: Any) -> Any:
    return x.exp() if isinstance(x, Tensor) else np.exp(x)


def log(x: Any) -> Any:
    if isinstance(x, Tensor):
        return x.log()
    if isinstance(x, np.ndarray | np.generic):
        return np.log(x)
    # A Python number stays one (a NumPy float64 would upcast float32 gradients).
    return math.log(x) if x > 0 else -math.inf if x == 0 else math.nan



def sign(x: Any) -> Any:
    """-1, 0 or 1 per element, and 0 at NaN as in PyTorch: a constant (sign has zero
    derivative wherever it has one)."""
    if isinstance(x, Tensor):
        return Tensor._wrap(sign(x.data))
    signs = np.sign(x)
    return np.where(np.isnan(signs), 0, signs)




def swap_last(x: Any) -> Any:
    """Transpose the last two dimensions (matrix transpose, batched)."""
    if x.ndim == 2:
        return x.T
    return x.transpose(-1, -2) if isinstance(x, Tensor) else np.swapaxes(x, -1, -2)


def permute(x: Any, dims: tuple) -> Any:
    return x.permute(*dims) if isinstance(x, Tensor) else np.transpose(x, dims)


def cast(x: Any, dtype: np.dtype) -> Any:
    return x.to(dtype) if isinstance(x, Tensor) else x.astype(dtype, copy=False)




def broadcast_error(op: str, *args: Any) -> str | None:
    """``add: shapes (2, 3) and (4,) do not broadcast (3 != 4 in dimension -1)``."""
    shapes = [np.shape(a) for a in args]
    for i in range(1, max(len(s) for s in shapes) + 1):
        sizes = {s[-i] for s in shapes if len(s) >= i} - {1}
        if len(sizes) > 1:
            a, b = sorted(sizes)
            listed = " and ".join(str(s) for s in shapes)
            return f"{op}: shapes {listed} do not broadcast ({a} != {b} in dimension -{i})"
    return None



