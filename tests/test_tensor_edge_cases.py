"""Edge cases where NumPy and PyTorch differ: inf and nan, zero powers, empty dims, clamp."""

import warnings

import numpy as np
import pytest
import torch
from torch_pair import Ours, Torch, both, same

from autograd_lib import Tensor


@pytest.mark.parametrize(
    "op",
    [
        lambda x: x.log(),
        lambda x: x.sqrt(),
        lambda x: 1 / x,
        lambda x: x**-1.0,
        lambda x: (x * 1000).exp(),
    ],
    ids=["log", "sqrt", "reciprocal", "pow", "exp"],
)
def test_invalid_math_gives_inf_and_nan_without_warnings_as_in_pytorch(op):
    values = [-1.0, 0.0, 2.0]
    ours = Tensor(np.array(values), requires_grad=True)
    theirs = torch.tensor(values, dtype=torch.float64, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = op(ours)
        out.backward(Tensor(np.ones(3)))
    expected = op(theirs)
    expected.backward(torch.ones(3, dtype=torch.float64))
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), rtol=1e-15)
    np.testing.assert_allclose(ours.grad.numpy(), theirs.grad.numpy(), rtol=1e-15)


def test_clamp_keeps_the_dtype_and_needs_a_bound():
    x = Tensor(np.array([0.5, 3.0], dtype=np.float32), requires_grad=True)
    y = x.clamp(np.float64(0.0), 1.0)  # a NumPy float64 bound does not upcast, as in torch
    y.sum().backward()
    assert y.dtype == np.float32 and x.grad.tolist() == [1.0, 0.0]
    with pytest.raises(ValueError, match="at least one of min and max"):
        x.clamp()


@pytest.mark.parametrize(
    "op",
    [lambda x: 0.0**x, lambda x: (-2.0) ** x, lambda x: x**0, lambda x: x**2, lambda x: x**x],
    ids=["zero_base", "negative_base", "zero_exponent", "square", "x_to_the_x"],
)
def test_pow_gradients_at_a_zero_base_or_exponent_follow_torch(op):
    def run(lib):
        x = lib.tensor([0.0, 1.0, 4.0], requires_grad=True)
        op(x).sum().backward()
        return x.grad

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ours = run(Ours)
    theirs = run(Torch)
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


def test_logsumexp_of_infinities_and_of_nothing_follows_torch():
    data = np.array([[-np.inf, -np.inf], [np.inf, 0.0], [1.0, 2.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ours = Tensor(data).logsumexp(1)
        empty = Tensor(np.zeros((0, 3))).logsumexp(0)
    np.testing.assert_array_equal(ours.numpy(), torch.tensor(data).logsumexp(1).numpy())
    assert empty.tolist() == [-np.inf] * 3


def test_numpy_meets_tensors_as_in_torch():
    p = Tensor([1.0, 2.0], requires_grad=True)
    (p * p).sum().backward()
    p.data -= 0.25 * p.grad  # PyTorch's old update idiom: arrays only, nothing recorded
    assert p.tolist() == [0.5, 1.0] and p.is_leaf and type(p.data) is np.ndarray
    y = np.array([2.0, 3.0]) ** p  # an array on the left: a Tensor operation
    assert isinstance(y, Tensor) and y.grad_fn is not None
    with pytest.raises(TypeError, match="use the Tensor's method"):
        np.exp(p)


def test_empty_dims_and_0d_tensors_follow_torch():
    def run(lib):
        x = lib.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
        s = lib.tensor(2.0, requires_grad=True)
        values, indices = s.max(0)
        (x.sum(dim=()) + x.mean(dim=()) + s.transpose(0, -1) * values).backward()
        return x.grad, s.grad, indices.item()

    (*ours, ours_index), (*theirs, their_index) = both(run)
    assert all(same(a, b) for a, b in zip(ours, theirs, strict=True)) and ours_index == their_index
