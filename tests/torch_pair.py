"""Run the same code on our Tensor and on torch (the tensor tests' shared helpers)."""

import numpy as np
import pytest
import torch

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
