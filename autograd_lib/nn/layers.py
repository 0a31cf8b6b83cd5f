"""Layers named as in ``torch.nn``: `Linear`, the activations, `Flatten`, `Dropout`, `Sequential`.

Each is thin: its arithmetic is a call to `autograd_lib.nn.functional`.
"""

from collections.abc import Iterator
from typing import Any

import numpy as np

from autograd_lib.nn import functional as F
from autograd_lib.nn.generator import Seed, resolve
from autograd_lib.nn.module import Module, Parameter
from autograd_lib.tensor.errors import ShapeError
from autograd_lib.tensor.tensor import Tensor


class Linear(Module):
    """$y = x W^T + b$ with ``weight`` $W$ of shape (out_features, in_features), as PyTorch.

    Initialised as PyTorch does (Kaiming-uniform with $a = \\sqrt{5}$, which works out to):
    every weight and bias uniform in $\\pm 1/\\sqrt{\\text{in\\_features}}$, so the output's
    scale does not grow with the number of inputs.
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        bias: bool = True,
        dtype: Any = np.float32,
        rng: Seed = None,
    ) -> None:
        super().__init__()
        for name, n in (("in_features", in_features), ("out_features", out_features)):
            if isinstance(n, bool) or not isinstance(n, int):
                raise TypeError(f"Linear: {name} must be an integer, got {n!r}")
            if n < 1:
                raise ShapeError(
                    f"Linear: {name} must be a positive integer, got {n!r}"
                    + (" (PyTorch allows 0, a layer without weights; this library refuses it "
                       "as a likely mistake)" if n == 0 else "")
                )
        self.in_features, self.out_features = in_features, out_features
        draw = resolve(rng)
        bound = 1 / np.sqrt(in_features)
        self.weight = Parameter(
            draw.uniform(-bound, bound, (out_features, in_features)).astype(dtype)
        )
        self.bias = (
            Parameter(draw.uniform(-bound, bound, out_features).astype(dtype)) if bias else None
        )

    def forward(self, x: Tensor) -> Tensor:
        return F.linear(x, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self.bias is not None}"
        )


class ReLU(Module):
    """$\\max(x, 0)$, elementwise."""

    def forward(self, x: Tensor) -> Tensor:
        return F.relu(x)


class Tanh(Module):
    """$\\tanh x$, elementwise."""

    def forward(self, x: Tensor) -> Tensor:
        return F.tanh(x)


class Sigmoid(Module):
    """$1 / (1 + e^{-x})$, elementwise."""

    def forward(self, x: Tensor) -> Tensor:
        return F.sigmoid(x)


class Flatten(Module):
    """Merge dimensions ``start_dim..end_dim`` into one: images (N, 8, 8) -> (N, 64)."""

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim, self.end_dim = start_dim, end_dim

    def forward(self, x: Tensor) -> Tensor:
        return x.flatten(self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Dropout(Module):
    """`autograd_lib.nn.functional.dropout` as a layer: active in training mode only, so
    ``model.eval()`` turns it off. ``rng`` (a seed) gives the layer a generator of its own."""

    def __init__(self, p: float = 0.5, rng: Seed = None) -> None:
        super().__init__()
        F.check_probability("Dropout", p)
        self.p = p
        self.generator = None if rng is None else resolve(rng)

    def forward(self, x: Tensor) -> Tensor:
        return F.dropout(x, self.p, self.training, generator=self.generator)

    def extra_repr(self) -> str:
        return f"p={self.p}"


class Sequential(Module):
    """Modules applied one after another; ``model[i]`` is the i-th, named ``str(i)``."""

    def __init__(self, *modules: Module) -> None:
        super().__init__()
        for i, module in enumerate(modules):
            if not isinstance(module, Module):
                raise TypeError(
                    f"Sequential: argument {i} is a {type(module).__name__}, not a Module"
                )
            setattr(self, str(i), module)

    def forward(self, x: Any) -> Any:
        for module in self.children():
            x = module(x)
        return x

    def __getitem__(self, index: int) -> Module:
        return list(self.children())[index]

    def __len__(self) -> int:
        return sum(1 for _ in self.children())

    def __iter__(self) -> Iterator[Module]:
        return self.children()
