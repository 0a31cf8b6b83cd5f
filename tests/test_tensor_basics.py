"""The Tensor's interface: conversions, operators, module functions, custom Functions."""

import numpy as np
import pytest
import torch

import autograd_lib
from autograd_lib import Tensor, grad, no_grad
from autograd_lib.tensor import cat, maximum, stack, where
from autograd_lib.tensor.function import Function
from autograd_lib.tensor.ops import OPERATORS


def test_arrays_on_the_left_give_tensors():
    x = Tensor(np.ones(2), requires_grad=True)
    y = np.array([1.0, 2.0]) * x + np.array([3.0, 4.0])
    assert isinstance(y, Tensor) and y.requires_grad
    assert np.array_equal(np.asarray(y.detach()), [4.0, 6.0])


def test_comparisons_give_boolean_tensors_without_grad():
    x = Tensor(np.array([1.0, 2.0, 3.0]), requires_grad=True)
    mask = x > 1.5
    assert mask.dtype == np.bool_ and not mask.requires_grad
    assert mask.tolist() == [False, True, True]


def test_max_along_a_dim_returns_values_and_indices_like_torch():
    data = np.array([[1.0, 5.0, 2.0], [7.0, 0.0, 3.0]])
    ours = Tensor(data).max(dim=1)
    theirs = torch.tensor(data).max(dim=1)
    assert ours.values.tolist() == theirs.values.tolist()
    assert ours.indices.tolist() == theirs.indices.tolist()


def test_item_repr_and_format():
    loss = Tensor(np.float64(1.5), requires_grad=True) * 2
    assert loss.item() == 3.0 and f"{loss:.2f}" == "3.00"
    assert repr(loss) == "tensor(3., dtype=float64, grad_fn=<MulBackward>)"


def test_module_functions_cat_stack_where_maximum():
    a = Tensor(np.array([1.0, 4.0]), requires_grad=True)
    b = Tensor(np.array([3.0, 2.0]), requires_grad=True)
    assert cat([a, b]).shape == (4,) and stack([a, b], dim=1).shape == (2, 2)
    assert where(a > b, a, b).tolist() == maximum(a, b).tolist() == [3.0, 4.0]


def test_a_function_returning_a_wrongly_shaped_gradient_is_named():
    class Broken(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return grad.sum()

    with pytest.raises(RuntimeError, match="BrokenBackward returned a gradient of shape"):
        Broken.apply(Tensor(np.ones(3), requires_grad=True)).sum().backward()


def test_exported_from_the_package():
    assert autograd_lib.Tensor is Tensor and autograd_lib.no_grad is no_grad
    assert autograd_lib.grad is grad


@pytest.mark.parametrize("row", OPERATORS, ids=lambda row: row.name)
def test_each_operator_row_gives_the_method_operators_and_numpy_protocol(row):
    x, y = Tensor(np.array([1.5, 2.5])), Tensor(np.array([0.5, 2.0]))
    expected = row.ufunc(x.data, y.data)
    op = row.dunder or row.name
    assert np.allclose(getattr(x, row.name)(y).data, expected)
    assert np.allclose(getattr(y, f"__r{op}__")(x).data, expected)
    assert np.allclose(row.ufunc(x.data, y).data, expected)  # NumPy on the left
    if row.inplace:
        z = x.clone()
        getattr(z, f"{row.name}_")(y)
        assert np.allclose(z.data, expected)
