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


MIXED_INDICES = [  # integers with index arrays: torch applies the integers first
    (0, slice(None), [0, 1]),
    (0, slice(None), slice(None), [0, 1]),
    ([0, 1], slice(None), 0),
    ([0, 1], 0, [0, 1]),
    (slice(None), 0, slice(None), [2, 2, 1]),
    (None, 0, slice(None), [0, 1]),
    (0, slice(None), [[0, 1]], [0, 1]),
    (Ellipsis, 0, [1, 2]),
    (-1, slice(1, 3), [2, 2]),
    (1, np.array([True, False, True, True]), 2),
    ([0, 1], slice(None), [1, 2], 0),
]


@pytest.mark.parametrize("index", MIXED_INDICES, ids=str)
def test_integers_with_index_arrays_follow_torch_forward_and_backward(index):
    data = np.random.default_rng(1).normal(size=(3, 4, 5, 6))
    ours, theirs = Tensor(data, requires_grad=True), torch.tensor(data, requires_grad=True)
    out, expected = ours[index], theirs[index]
    assert out.shape == tuple(expected.shape)
    np.testing.assert_array_equal(out.data, expected.detach().numpy())
    weights = np.random.default_rng(2).normal(size=out.shape)
    (g,) = grad((out * Tensor(weights)).sum(), ours, create_graph=True)
    (expected_g,) = torch.autograd.grad((expected * torch.tensor(weights)).sum(), theirs)
    np.testing.assert_array_equal(g.data, expected_g.numpy())


def test_the_issue_example_gives_torchs_shape():
    assert Tensor(np.zeros((3, 4, 5)))[0, :, [0, 1]].shape == (4, 2)


@pytest.mark.parametrize(("a", "b"), [(np.int64, np.float32), (np.float32, np.int64),
                                      (np.float32, np.float64), (np.bool_, np.int64)])
@pytest.mark.parametrize("join", ["cat", "stack"])
def test_joining_mixed_dtypes_promotes_as_torch(a, b, join):
    ours = {"cat": cat, "stack": stack}[join]([Tensor(np.ones(2, a)), Tensor(np.ones(2, b))])
    theirs = getattr(torch, join)([torch.tensor(np.ones(2, a)), torch.tensor(np.ones(2, b))])
    assert str(ours.dtype) == str(theirs.dtype).removeprefix("torch.")


def test_cat_of_mixed_dtypes_sends_each_gradient_back_in_its_own_dtype():
    x = Tensor(np.ones(2, np.float64), requires_grad=True)
    out = cat([Tensor(np.array([1, 2])), x])
    assert out.dtype == np.float64
    (out * Tensor(np.arange(4.0))).sum().backward()
    assert x.grad.dtype == np.float64 and x.grad.tolist() == [2.0, 3.0]


def test_view_works_where_the_layout_allows_and_reshape_always():
    t = Tensor(np.arange(6.0).reshape(2, 3)).T
    assert t.view(3, 2).shape == (3, 2)
    assert t.reshape(6).tolist() == [0.0, 3.0, 1.0, 4.0, 2.0, 5.0]


def test_no_grad_on_a_generator_function_covers_its_body_as_torch():
    x = Tensor([1.0], requires_grad=True)

    @no_grad()
    def doubled():
        for _ in range(2):
            yield x * 2

    seen = [y.requires_grad for y in doubled()]
    assert seen == [False, False]
    assert (x * 2).requires_grad  # the caller's mode between items is its own

    @torch.no_grad()
    def torch_doubled():
        yield torch.ones(1, requires_grad=True) * 2

    assert [y.requires_grad for y in torch_doubled()] == [False]


def test_no_grad_generator_passes_sent_values_and_closes():
    closed = []

    @no_grad
    def echo():
        try:
            received = yield 1
            yield received * 10
        finally:
            closed.append(True)

    gen = echo()
    assert next(gen) == 1 and gen.send(4) == 40
    gen.close()
    assert closed == [True]
