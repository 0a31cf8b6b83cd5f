"""Losses at the edges (extreme inputs, second derivatives, refused arguments) and the loss
modules; tests/test_nn_functional.py checks them against torch on random inputs."""

import numpy as np
import pytest
import torch

from autograd_lib import nn
from autograd_lib.nn import functional as F
from autograd_lib.tensor.tensor import Tensor, grad

REDUCTIONS = ["mean", "sum", "none"]


def torch_loss(name: str):
    return getattr(torch.nn.functional, name)


def run_both(name: str, x: np.ndarray, target: np.ndarray, reduction: str, weights=None):
    """The loss and the gradient of (weighted) loss w.r.t. the input, in both libraries."""
    ours_x = Tensor(x, requires_grad=True)
    theirs_x = torch.tensor(x, requires_grad=True)
    ours = getattr(F, name)(ours_x, Tensor(target), reduction=reduction)
    theirs = torch_loss(name)(theirs_x, torch.tensor(target), reduction=reduction)
    if weights is None:
        weights = np.random.default_rng(0).normal(size=theirs.shape)
    (ours * Tensor(weights)).sum().backward()
    (theirs * torch.tensor(weights)).sum().backward()
    return (ours.data, theirs.detach().numpy()), (ours_x.grad.data, theirs_x.grad.numpy())


def inputs(name: str, rng: np.random.Generator, n: int, c: int, scale: float):
    """Valid random (input, target) for each loss; inputs spread by ``scale``."""
    logits = rng.normal(scale=scale, size=(n, c))
    if name == "cross_entropy":
        return logits, rng.integers(0, c, n)
    if name == "binary_cross_entropy":
        return 1 / (1 + np.exp(-logits)), rng.uniform(size=(n, c))
    if name == "binary_cross_entropy_with_logits":
        return logits, rng.uniform(size=(n, c))
    return logits, rng.normal(size=(n, c))


LOSSES = ["mse_loss", "binary_cross_entropy", "binary_cross_entropy_with_logits", "cross_entropy"]


EXTREME = np.array([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 999.0]])


@pytest.mark.parametrize("name", LOSSES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_extreme_logits_give_torchs_finite_answer(name, reduction):
    target = {
        "cross_entropy": np.array([1, 0]),
        "binary_cross_entropy": np.array([[0.0, 1.0, 0.5], [0.0, 0.3, 1.0]]),
        "binary_cross_entropy_with_logits": np.array([[0.0, 1.0, 0.5], [0.0, 0.3, 1.0]]),
        "mse_loss": np.zeros((2, 3)),
    }[name]
    x = 1 / (1 + np.exp(-EXTREME.clip(-700, 700))) if name == "binary_cross_entropy" else EXTREME
    (value, expected), (grad, expected_grad) = run_both(name, x, target, reduction)
    assert np.isfinite(value).all() and np.isfinite(grad).all()
    np.testing.assert_allclose(value, expected, rtol=1e-12)
    # At p = 0 or 1 the gradient is (p - y) / 1e-12; torch's floor is 1e-12 to 4e-9.
    np.testing.assert_allclose(grad, expected_grad, rtol=1e-8)


def test_probabilities_of_exactly_zero_and_one_cost_at_most_100():
    p = Tensor(np.array([0.0, 1.0]), requires_grad=True)
    loss = F.binary_cross_entropy(p, np.array([1.0, 0.0]), reduction="none")
    assert loss.data.tolist() == [100.0, 100.0]
    loss.sum().backward()
    assert np.isfinite(p.grad.data).all()


@pytest.mark.parametrize(
    "name", ["binary_cross_entropy", "binary_cross_entropy_with_logits", "mse_loss"]
)
def test_second_derivatives_match_torch(name):
    x, target = inputs(name, np.random.default_rng(1), 3, 2, 1.0)
    ours_x, theirs_x = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    (g,) = grad(getattr(F, name)(ours_x, target), ours_x, create_graph=True)
    (gt,) = torch.autograd.grad(
        torch_loss(name)(theirs_x, torch.tensor(target)), theirs_x, create_graph=True
    )
    (g * g).sum().backward()
    (gt * gt).sum().backward()
    np.testing.assert_allclose(ours_x.grad.data, theirs_x.grad.numpy(), rtol=1e-9)


def test_float32_input_with_float64_target_stays_float32():
    x = Tensor(np.ones(3, dtype=np.float32), requires_grad=True)
    assert F.mse_loss(x, np.zeros(3)).dtype == np.float32


@pytest.mark.parametrize("name", ["mse_loss", "binary_cross_entropy_with_logits"])
def test_a_target_of_another_shape_is_refused(name):
    with pytest.raises(ValueError, match=r"target shape \(4,\) differs from input shape \(4, 1\)"):
        getattr(F, name)(Tensor(np.zeros((4, 1))), np.zeros(4))


@pytest.mark.parametrize("name", LOSSES)
def test_an_unknown_reduction_is_refused(name):
    x, target = inputs(name, np.random.default_rng(0), 2, 2, 1.0)
    with pytest.raises(ValueError, match="reduction must be one of"):
        getattr(F, name)(Tensor(x), target, reduction="average")


def test_binary_cross_entropy_refuses_values_outside_zero_one():
    with pytest.raises(ValueError, match=r"probabilities in \[0, 1\].*with_logits"):
        F.binary_cross_entropy(Tensor(np.array([0.5, 2.0])), np.array([0.0, 1.0]))


def test_integer_input_is_refused():
    with pytest.raises(TypeError, match="floating point"):
        F.mse_loss(Tensor(np.array([1, 2])), np.array([1, 2]))


@pytest.mark.parametrize(
    ("module", "name"),
    [(nn.MSELoss, "mse_loss"), (nn.BCELoss, "binary_cross_entropy"),
     (nn.BCEWithLogitsLoss, "binary_cross_entropy_with_logits"),
     (nn.CrossEntropyLoss, "cross_entropy")],
)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_loss_modules_call_their_function(module, name, reduction):
    x, target = inputs(name, np.random.default_rng(2), 4, 3, 1.0)
    expected = getattr(F, name)(Tensor(x), Tensor(target), reduction=reduction)
    np.testing.assert_array_equal(module(reduction)(Tensor(x), Tensor(target)).data, expected.data)


def test_loss_module_repr_and_bad_reduction():
    assert repr(nn.CrossEntropyLoss()) == "CrossEntropyLoss()"
    assert repr(nn.MSELoss("sum")) == "MSELoss(reduction='sum')"
    with pytest.raises(ValueError, match="MSELoss: reduction"):
        nn.MSELoss("avg")


def test_cross_entropy_loss_passes_its_label_smoothing():
    x, target = inputs("cross_entropy", np.random.default_rng(3), 4, 3, 1.0)
    module = nn.CrossEntropyLoss("sum", label_smoothing=0.2)
    expected = F.cross_entropy(Tensor(x), target, reduction="sum", label_smoothing=0.2)
    assert module(Tensor(x), target).item() == expected.item()
    assert repr(module) == "CrossEntropyLoss(reduction='sum', label_smoothing=0.2)"


CE_LAYOUTS = {  # logits shape -> target shape, as torch.nn.functional.cross_entropy takes
    "one sample (C,)": ((4,), ()),
    "batch (N, C)": ((3, 4), (3,)),
    "per position (N, C, d)": ((2, 4, 5), (2, 5)),
    "per pixel (N, C, h, w)": ((2, 3, 2, 4), (2, 2, 4)),
}


@pytest.mark.parametrize("layout", CE_LAYOUTS)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("label_smoothing", [0.0, 0.2])
def test_cross_entropy_takes_torchs_layouts_with_its_values_and_gradients(
    layout, reduction, label_smoothing
):
    shape, target_shape = CE_LAYOUTS[layout]
    rng = np.random.default_rng(len(shape))
    x = rng.normal(scale=2.0, size=shape)
    classes = shape[0] if len(shape) == 1 else shape[1]
    target = rng.integers(0, classes, target_shape)
    ours_x, theirs_x = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    ours = F.cross_entropy(ours_x, Tensor(target), reduction=reduction,
                           label_smoothing=label_smoothing)
    theirs = torch.nn.functional.cross_entropy(
        theirs_x, torch.tensor(target), reduction=reduction, label_smoothing=label_smoothing
    )
    assert ours.shape == tuple(theirs.shape)
    np.testing.assert_allclose(ours.data, theirs.detach().numpy(), rtol=1e-12)
    weights = rng.normal(size=ours.shape)
    (ours * Tensor(weights)).sum().backward()
    (theirs * torch.tensor(weights)).sum().backward()
    np.testing.assert_allclose(ours_x.grad.data, theirs_x.grad.numpy(), rtol=1e-10, atol=1e-14)


def test_cross_entropy_loss_module_takes_a_single_sample():
    x = np.array([0.5, -1.0, 2.0])
    ours = nn.CrossEntropyLoss()(Tensor(x), Tensor(np.array(2)))
    theirs = torch.nn.CrossEntropyLoss()(torch.tensor(x), torch.tensor(2))
    assert ours.shape == () and np.isclose(ours.item(), theirs.item())
