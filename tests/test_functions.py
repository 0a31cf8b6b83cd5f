"""Every registered operation, checked by property tests generated from the registry.

For each entry of `autograd_lib.testing.registry.REGISTRY`, Hypothesis draws valid arguments
(shapes with 0-d tensors, size-1 dimensions and broadcasting; float64 values) and
`autograd_lib.testing.gradcheck.check_op` compares our values, gradients and second derivatives with
PyTorch's, and our gradients with central differences.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from torch_pair import HypothesisSampler

from autograd_lib import Tensor, grad
from autograd_lib.tensor import ops as F
from autograd_lib.tensor.function import Function
from autograd_lib.tensor.ops.losses import row_reduce
from autograd_lib.testing.gradcheck import check_op
from autograd_lib.testing.registry import OURS, REGISTRY

CASES_PER_OP = 200  # Hypothesis examples per operation and property (see the module docstring)
TORCH_TOLERANCE = 1e-9  # relative error vs torch, float64: values, gradients, second order
FD_TOLERANCE = 1e-6  # relative error vs central differences (h = 1e-6)


@pytest.mark.parametrize("name", list(REGISTRY))
@settings(max_examples=CASES_PER_OP)
@given(data=st.data())
def test_op_matches_torch_and_finite_differences(name, data):
    spec = REGISTRY[name]
    errors = check_op(spec, spec.sample(HypothesisSampler(data)))
    assert errors.value <= TORCH_TOLERANCE
    assert errors.gradient <= TORCH_TOLERANCE
    if spec.twice_differentiable:
        assert errors.second_order <= TORCH_TOLERANCE
    if spec.smooth:
        assert errors.finite_differences <= FD_TOLERANCE


@pytest.mark.parametrize("name", [n for n, s in REGISTRY.items() if s.function is not F.Cast])
@settings(max_examples=5)
@given(data=st.data())
def test_op_keeps_float32_in_values_and_gradients(name, data):
    spec = REGISTRY[name]
    args = [
        Tensor(a.astype(np.float32), requires_grad=True)
        if isinstance(a, np.ndarray) and a.dtype == np.float64
        else Tensor(a)
        if isinstance(a, np.ndarray)
        else a
        for a in spec.sample(HypothesisSampler(data))
    ]
    out = spec.call(OURS, *args)
    inputs = [a for a in args if isinstance(a, Tensor) and a.requires_grad]
    grads = grad((out * 2.0).sum(), inputs, allow_unused=True)
    assert out.dtype == np.float32
    assert all(g is None or g.dtype == np.float32 for g in grads)


def test_every_registered_function_is_a_function_class():
    assert all(issubclass(spec.function, Function) for spec in REGISTRY.values())


# ------------------------------------------------------------------ un-broadcasting


@given(shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=4, max_side=3))
def test_unbroadcast_sums_a_broadcast_gradient_back_to_shape(shapes):
    small, _ = shapes.input_shapes
    grad_out = np.random.default_rng(0).standard_normal(shapes.result_shape)
    reduced = F.unbroadcast(grad_out, small)
    # Each element of the small array received the gradients of all its copies.
    expected = np.zeros(small)
    for index in np.ndindex(*shapes.result_shape):
        aligned = index[len(index) - len(small) :]
        expected[tuple(i if n > 1 else 0 for i, n in zip(aligned, small, strict=True))] += grad_out[
            index
        ]
    assert reduced.shape == small and np.allclose(reduced, expected)


def test_unbroadcast_works_on_tensors_too():
    g = Tensor(np.ones((2, 3)), requires_grad=True)
    reduced = F.unbroadcast(g, (1, 3))
    assert isinstance(reduced, Tensor) and reduced.tolist() == [[2.0, 2.0, 2.0]]


def test_unbroadcast_returns_the_gradient_itself_when_shapes_match():
    g = np.ones((2, 3))
    assert F.unbroadcast(g, (2, 3)) is g


# ------------------------------------------------------------------ the fused operations


def test_cross_entropy_gradient_is_softmax_minus_one_hot():
    logits = np.array([[2.0, 0.0, -1.0], [0.5, 0.5, 3.0]])
    z = Tensor(logits, requires_grad=True)
    F.cross_entropy(z, Tensor(np.array([0, 2])), reduction="sum").backward()
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    assert np.allclose(z.grad.data, probs - np.eye(3)[[0, 2]])


@pytest.mark.parametrize("classes", [1, 10, 16, 17, 40])
@pytest.mark.parametrize("ufunc", [np.maximum, np.add])
def test_row_reduce_agrees_with_numpy_on_both_sides_of_the_switch(ufunc, classes):
    x = np.random.default_rng(classes).standard_normal((33, classes)).astype(np.float32)
    x[3, 0], x[5, -1], x[7, 0] = np.nan, np.inf, -np.inf  # NaN and infinities propagate
    expected = ufunc.reduce(x, axis=1)
    got = row_reduce(ufunc, x)
    assert got.shape == (33,) and got.dtype == x.dtype
    np.testing.assert_allclose(got, expected, rtol=1e-6)


def test_row_reduce_of_no_rows_is_empty():
    assert row_reduce(np.maximum, np.zeros((0, 10))).shape == (0,)


def test_cross_entropy_is_one_graph_node():
    z = Tensor(np.zeros((2, 3)), requires_grad=True)
    loss = F.cross_entropy(z, Tensor(np.array([0, 1])))
    assert loss.grad_fn.name() == "CrossEntropyBackward"
    assert loss.grad_fn.next_functions[0][0].variable is z


def test_linear_skips_the_gradient_nobody_needs():
    x = Tensor(np.ones((2, 3)))
    w = Tensor(np.ones((4, 3)), requires_grad=True)
    out = F.linear(x, w)
    assert out.grad_fn.needs_input_grad == (False, True, None)
    out.sum().backward()
    assert x.grad is None and w.grad.shape == (4, 3)


def test_linear_shape_error_names_both_shapes():
    with pytest.raises(ValueError, match=r"linear: input \(2, 3\) and weight \(4, 5\)"):
        F.linear(Tensor(np.ones((2, 3))), Tensor(np.ones((4, 5))))


def test_indexing_accumulates_gradients_of_repeated_indices():
    x = Tensor(np.arange(3.0), requires_grad=True)
    x[[0, 2, 2, 2]].sum().backward()
    assert x.grad.tolist() == [1.0, 0.0, 3.0]
