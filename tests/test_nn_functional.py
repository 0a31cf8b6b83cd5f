"""autograd_lib.nn.functional against torch.nn.functional: values and gradients in float64 on
random inputs (batch dimensions, every reduction, label smoothing), and dropout's contract."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd_lib import nn
from autograd_lib.nn import functional as F
from autograd_lib.tensor.tensor import Tensor

REDUCTIONS = ["mean", "sum", "none"]
RTOL, ATOL = 1e-9, 1e-12


def compare(name: str, differentiable: list, constants: list = (), **kwargs) -> None:
    """Call ``name`` in both libraries on the same float64 arrays; check the value and the
    gradient of a random weighting of it with respect to every ``differentiable`` array."""
    ours_in = [None if a is None else Tensor(a, requires_grad=True) for a in differentiable]
    theirs_in = [None if a is None else torch.tensor(a, requires_grad=True) for a in differentiable]
    ours = getattr(F, name)(*ours_in, *[Tensor(c) for c in constants], **kwargs)
    theirs = getattr(torch.nn.functional, name)(
        *theirs_in, *[torch.tensor(c) for c in constants], **kwargs
    )
    np.testing.assert_allclose(ours.data, theirs.detach().numpy(), rtol=RTOL, atol=ATOL)
    weights = np.random.default_rng(0).normal(size=theirs.shape)
    (ours * Tensor(weights)).sum().backward()
    (theirs * torch.tensor(weights)).sum().backward()
    for a, t in zip(ours_in, theirs_in, strict=True):
        if a is not None:
            np.testing.assert_allclose(a.grad.data, t.grad.numpy(), rtol=RTOL, atol=ATOL)


def floats(bound: float) -> st.SearchStrategy:
    return st.floats(-bound, bound, allow_subnormal=False)


def tensors(bound: float = 10.0, min_dims: int = 0) -> st.SearchStrategy:
    shapes = hnp.array_shapes(min_dims=min_dims, max_dims=3, min_side=1, max_side=4)
    return hnp.arrays(np.float64, shapes, elements=floats(bound))


# ---------------------------------------------------------------------- layers and activations


@settings(max_examples=40)
@given(
    batch=hnp.array_shapes(min_dims=0, max_dims=2, min_side=1, max_side=3),
    sizes=st.tuples(st.integers(1, 4), st.integers(1, 4)),
    bias=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_linear_matches_torch_for_any_batch_shape(batch, sizes, bias, seed):
    rng = np.random.default_rng(seed)
    (n_in, n_out) = sizes
    x, w = rng.normal(size=(*batch, n_in)), rng.normal(size=(n_out, n_in))
    compare("linear", [x, w, rng.normal(size=n_out) if bias else None])


@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh"])
@settings(max_examples=40)
@given(x=tensors(bound=30.0))
def test_activations_match_torch(name, x):
    compare(name, [x])


def test_relu_gradient_at_zero_is_zero_as_in_torch():
    compare("relu", [np.array([-1.0, 0.0, 1.0])])


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@settings(max_examples=40)
@given(data=st.data(), x=tensors(bound=50.0, min_dims=1))
def test_softmax_and_log_softmax_match_torch_along_any_dim(name, data, x):
    dim = data.draw(st.integers(-x.ndim, x.ndim - 1), label="dim")
    compare(name, [x], dim=dim)


def test_log_softmax_stays_finite_where_softmax_underflows():
    x = np.array([[0.0, -1000.0]])
    compare("log_softmax", [x], dim=1)
    assert np.isfinite(F.log_softmax(Tensor(x), 1).data).all()


# ---------------------------------------------------------------------- losses


@settings(max_examples=40)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 6),
    c=st.integers(1, 5),
    scale=st.sampled_from([0.1, 1.0, 10.0]),
    reduction=st.sampled_from(REDUCTIONS),
    label_smoothing=st.sampled_from([0.0, 0.1, 0.45, 1.0]),
)
def test_cross_entropy_matches_torch(seed, n, c, scale, reduction, label_smoothing):
    rng = np.random.default_rng(seed)
    logits, labels = rng.normal(scale=scale, size=(n, c)), rng.integers(0, c, n)
    compare(
        "cross_entropy", [logits], [labels], reduction=reduction, label_smoothing=label_smoothing
    )


def binary_inputs(name: str, rng: np.random.Generator, shape: tuple) -> tuple:
    """Valid random (input, target): probabilities kept off exactly 0 and 1 (whose gradient
    floors differ between the libraries; tests/test_losses.py checks the extremes)."""
    logits = rng.normal(scale=3.0, size=shape)
    if name == "binary_cross_entropy":
        return np.clip(1 / (1 + np.exp(-logits)), 1e-6, 1 - 1e-6), rng.uniform(size=shape)
    if name == "binary_cross_entropy_with_logits":
        return logits, rng.uniform(size=shape)
    return logits, rng.normal(size=shape)


@pytest.mark.parametrize(
    "name", ["mse_loss", "binary_cross_entropy", "binary_cross_entropy_with_logits"]
)
@settings(max_examples=30)
@given(
    seed=st.integers(0, 2**32 - 1),
    shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4),
    reduction=st.sampled_from(REDUCTIONS),
)
def test_elementwise_losses_match_torch(name, seed, shape, reduction):
    x, target = binary_inputs(name, np.random.default_rng(seed), shape)
    compare(name, [x], [target], reduction=reduction)


def test_label_smoothing_outside_zero_one_is_refused():
    with pytest.raises(ValueError, match=r"label_smoothing must be in \[0, 1\]"):
        F.cross_entropy(Tensor(np.zeros((2, 3))), np.array([0, 1]), label_smoothing=1.5)


def test_losses_take_reduction_by_keyword_only():
    """torch's third positional argument is ``weight``: a positional "sum" would mean it."""
    with pytest.raises(TypeError):
        F.mse_loss(Tensor(np.zeros(2)), np.zeros(2), "sum")


# ---------------------------------------------------------------------- dropout


def dropped(p: float, n: int, seed: int) -> tuple[Tensor, Tensor]:
    """Ones of length n through dropout with a seeded generator, and the input."""
    x = Tensor(np.ones(n), requires_grad=True)
    return F.dropout(x, p, generator=np.random.default_rng(seed)), x


@settings(max_examples=25)
@given(p=st.floats(0.05, 0.95), seed=st.integers(0, 2**32 - 1))
def test_dropout_zeroes_a_binomial_share_p(p, seed):
    n = 20_000
    out, _ = dropped(p, n, seed)
    share = np.mean(out.data == 0)
    assert abs(share - p) <= 5 * np.sqrt(p * (1 - p) / n)  # five standard deviations


@settings(max_examples=25)
@given(p=st.floats(0.05, 0.95), x=tensors(bound=10.0, min_dims=1), seed=st.integers(0, 99))
def test_dropout_scales_survivors_by_one_over_keep_probability(p, x, seed):
    out = F.dropout(Tensor(x), p, generator=np.random.default_rng(seed)).data
    kept = out != 0
    np.testing.assert_allclose(out[kept], x[kept] / (1 - p), rtol=1e-15)


@settings(max_examples=25)
@given(p=st.floats(0.05, 0.95), seed=st.integers(0, 2**32 - 1))
def test_dropout_preserves_the_expectation_as_torch_does(p, seed):
    n = 20_000
    ours, _ = dropped(p, n, seed)
    torch.manual_seed(seed % 2**31)
    theirs = torch.nn.functional.dropout(torch.ones(n, dtype=torch.float64), p).numpy()
    bound = 5 * np.sqrt(p / ((1 - p) * n))  # the output's sd is sqrt(p / (1 - p)) per element
    assert abs(ours.data.mean() - 1) <= bound
    assert abs(theirs.mean() - 1) <= bound
    np.testing.assert_allclose(np.unique(ours.data), np.unique(theirs), rtol=1e-15)


@settings(max_examples=25)
@given(p=st.floats(0.05, 0.95), seed=st.integers(0, 2**32 - 1))
def test_dropout_gradient_is_its_mask_times_the_scale(p, seed):
    out, x = dropped(p, 1000, seed)
    out.sum().backward()
    np.testing.assert_array_equal(x.grad.data, (out.data != 0) / (1 - p))


@pytest.mark.parametrize("p", [0.0, 0.3, 1.0])
def test_dropout_outside_training_returns_its_input_as_torch(p):
    x = np.random.default_rng(0).normal(size=(3, 4))
    ours = Tensor(x)
    assert F.dropout(ours, p, training=False) is ours
    theirs = torch.nn.functional.dropout(torch.tensor(x), p, training=False)
    np.testing.assert_array_equal(theirs.numpy(), x)


def test_dropout_with_p_one_zeroes_values_and_gradients_as_torch():
    out, x = dropped(1.0, 5, seed=0)
    out.sum().backward()
    t = torch.ones(5, dtype=torch.float64, requires_grad=True)
    torch.nn.functional.dropout(t, 1.0).sum().backward()
    np.testing.assert_array_equal(out.data, 0)
    np.testing.assert_array_equal(x.grad.data, t.grad.numpy())


def test_dropout_masks_repeat_under_the_same_seed():
    first = F.dropout(Tensor(np.ones(50)), 0.5, generator=np.random.default_rng(7)).data
    again = F.dropout(Tensor(np.ones(50)), 0.5, generator=np.random.default_rng(7)).data
    nn.manual_seed(7)
    shared = F.dropout(Tensor(np.ones(50)), 0.5).data
    np.testing.assert_array_equal(first, again)
    np.testing.assert_array_equal(first, shared)


def test_dropout_refuses_a_probability_outside_zero_one():
    with pytest.raises(ValueError, match=r"dropout: p must be a probability in \[0, 1\]"):
        F.dropout(Tensor(np.ones(3)), -0.1)
