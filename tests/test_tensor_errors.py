"""Errors that name the operation and the shapes, in PyTorch's classes."""

import numpy as np
import pytest
from torch_pair import raises_in_both

from autograd_lib import Tensor
from autograd_lib.tensor import ShapeError
from autograd_lib.tensor.ops import cross_entropy


def test_matmul_shape_error_names_op_and_both_shapes():
    a, b = Tensor(np.ones((2, 3))), Tensor(np.ones((4, 5)))
    with pytest.raises(ShapeError, match=r"^matmul: \(2, 3\) @ \(4, 5\): 3 != 4$"):
        a @ b


def test_shape_errors_are_runtime_and_value_errors():
    with pytest.raises(RuntimeError):
        Tensor(np.ones((2, 3))) @ Tensor(np.ones((4, 5)))
    with pytest.raises(ValueError, match=r"add: shapes \(2, 3\) and \(4,\) do not broadcast"):
        Tensor(np.ones((2, 3))) + Tensor(np.ones(4))


def test_reshape_error_names_shapes_and_sizes():
    with pytest.raises(ShapeError, match=r"reshape: cannot reshape .* \(2, 3\) \(6 elements\)"):
        Tensor(np.ones((2, 3))).reshape(4, 2)


def test_dimension_out_of_range_is_named():
    with pytest.raises(IndexError, match="sum: dimension 2 is out of range"):
        Tensor(np.ones((2, 3))).sum(dim=2)


def test_cross_entropy_rejects_classes_out_of_range():
    logits = Tensor(np.zeros((2, 3)), requires_grad=True)
    with pytest.raises(IndexError, match="3 classes"):
        cross_entropy(logits, Tensor(np.array([0, 3])))
    with pytest.raises(IndexError, match="3 classes"):
        cross_entropy(logits, Tensor(np.array([-1, 0])))
    with pytest.raises(TypeError, match="integer class indices"):
        cross_entropy(logits, Tensor(np.array([0.0, 1.0])))


def test_numpy_is_refused_while_the_tensor_requires_grad():
    def run(lib):
        lib.tensor([1.0], requires_grad=True).numpy()

    raises_in_both(run, "detach")


def test_numpy_dtype_errors_name_the_operation():
    with pytest.raises(TypeError, match=r"^sub: numpy boolean subtract"):
        Tensor(np.array([True])) - Tensor(np.array([True]))  # NumPy's own class not rebuilt
    with pytest.raises(ValueError, match=r"^pow: Integers to negative") as caught:
        Tensor(np.array([2, 3])) ** -1
    assert not isinstance(caught.value, ShapeError)
