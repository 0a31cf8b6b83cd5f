"""Run the same code on our Tensor and on torch (the tensor tests' shared helpers), and the
Hypothesis-driven sampler of the registry's property tests."""

import numpy as np
import pytest
import torch
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd_lib import Tensor, grad, no_grad


def both(fn):
    """Run ``fn(lib)`` with lib = our tensor module and with torch; return both results."""
    return fn(Ours), fn(Torch)


class Ours:
    """Just enough of torch's namespace, backed by autograd_lib."""

    @staticmethod
    def tensor(data, requires_grad=False):
        return Tensor(np.asarray(data, dtype=np.float64), requires_grad=requires_grad)

    no_grad = no_grad
    grad = staticmethod(grad)


class Torch:
    @staticmethod
    def tensor(data, requires_grad=False):
        return torch.tensor(np.asarray(data, dtype=np.float64), requires_grad=requires_grad)

    no_grad = torch.no_grad
    grad = staticmethod(torch.autograd.grad)


def same(a, b):
    """Values of ours (Tensor/None) and torch's (tensor/None) are equal."""
    if a is None or b is None:
        return a is None and b is None
    return np.allclose(np.asarray(a.detach()), b.detach().numpy(), rtol=1e-12, atol=0)


def raises_in_both(fn, match):
    """fn(lib) raises RuntimeError in both engines; ours says ``match``."""
    with pytest.raises(RuntimeError, match=match):
        fn(Ours)
    with pytest.raises(RuntimeError):
        fn(Torch)


class HypothesisSampler:
    """A `Sampler` whose structural choices (shapes, dims, indices) Hypothesis draws, so it
    explores edge cases and shrinks failures; values come from a drawn seed."""

    min_side = 1  # the smallest side of a drawn shape (0: empty tensors too)

    def __init__(self, data: st.DataObject) -> None:
        self.data = data
        self.rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1), label="seed"))

    def integer(self, low: int, high: int) -> int:
        return self.data.draw(st.integers(low, high))

    def shape(self, min_dims: int = 0, max_dims: int = 3) -> tuple[int, ...]:
        return self.data.draw(
            hnp.array_shapes(
                min_dims=min_dims, max_dims=max_dims, min_side=self.min_side, max_side=4
            )
        )

    def broadcastable_shapes(self, count: int, min_dims: int = 0) -> list[tuple[int, ...]]:
        shapes = hnp.mutually_broadcastable_shapes(
            num_shapes=count, min_dims=min_dims, max_dims=3, min_side=self.min_side, max_side=4
        )
        return list(self.data.draw(shapes).input_shapes)

    def uniform(self, shape: tuple[int, ...], low: float, high: float) -> np.ndarray:
        return np.asarray(self.rng.uniform(low, high, size=shape))

    def permutation(self, n: int) -> np.ndarray:
        return self.rng.permutation(n)

    def edge(self, values: np.ndarray) -> np.ndarray:
        return values
