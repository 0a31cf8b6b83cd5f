"""Optimisers: their arguments are checked, and their steps are PyTorch's (single steps here;
whole training runs in test_torch_equivalence.py)."""

import warnings

import numpy as np
import pytest
import torch

from autograd_lib import nn, optim
from autograd_lib.tensor.tensor import Tensor

OPTIMISERS = [optim.SGD, optim.Adam, optim.AdamW]


def parameter(values=(1.0, -2.0), grad=(0.5, 0.25)) -> nn.Parameter:
    p = nn.Parameter(np.array(values))
    p.grad = Tensor(np.array(grad))
    return p


@pytest.mark.parametrize("optimiser", OPTIMISERS)
def test_an_empty_parameter_list_is_refused(optimiser):
    with pytest.raises(ValueError, match="empty parameter list"):
        optimiser([], lr=0.1)


@pytest.mark.parametrize("optimiser", OPTIMISERS)
@pytest.mark.parametrize("lr", [-0.1, float("nan")])
def test_a_negative_or_nan_learning_rate_is_refused(optimiser, lr):
    with pytest.raises(ValueError, match="learning rate lr must be >= 0"):
        optimiser([parameter()], lr=lr)


@pytest.mark.parametrize("optimiser", OPTIMISERS)
def test_a_zero_learning_rate_is_accepted_and_changes_nothing_as_in_pytorch(optimiser):
    p = parameter()
    optimiser([p], lr=0.0).step()
    assert np.array_equal(p.data, [1.0, -2.0])
    reference = torch.nn.Parameter(torch.tensor([1.0, -2.0], dtype=torch.float64))
    getattr(torch.optim, optimiser.__name__)([reference], lr=0.0)  # torch accepts it too


@pytest.mark.parametrize("optimiser", OPTIMISERS)
def test_a_single_tensor_is_refused(optimiser):
    with pytest.raises(TypeError, match="iterable of Tensors"):
        optimiser(parameter(), lr=0.1)


def test_only_tensors_can_be_optimised():
    with pytest.raises(TypeError, match="parameter 1 is a float"):
        optim.SGD([parameter(), 3.0], lr=0.1)


def test_non_leaf_tensors_are_refused():
    p = parameter()
    with pytest.raises(ValueError, match="not a leaf"):
        optim.SGD([p * 2], lr=0.1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"momentum": -0.1}, "momentum must be >= 0"),
     ({"weight_decay": -1.0}, "weight_decay must be >= 0"),
     ({"nesterov": True}, "Nesterov momentum requires"),
     ({"nesterov": True, "momentum": 0.9, "dampening": 0.1}, "Nesterov momentum requires")],
)
def test_sgd_checks_its_hyper_parameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        optim.SGD([parameter()], lr=0.1, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"betas": (1.0, 0.999)}, r"betas\[0\] must be in \[0, 1\)"),
     ({"betas": (0.9, -0.1)}, r"betas\[1\]"),
     ({"eps": -1e-8}, "eps must be >= 0")],
)
def test_adam_checks_its_hyper_parameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        optim.Adam([parameter()], **kwargs)


def test_a_parameter_in_two_groups_is_refused():
    p = parameter()
    with pytest.raises(ValueError, match="more than one parameter group"):
        optim.SGD([{"params": [p]}, {"params": [p]}], lr=0.1)


def test_plain_sgd_steps_against_the_gradient():
    p = parameter()
    optim.SGD([p], lr=0.1).step()
    np.testing.assert_allclose(p.data, [1.0 - 0.05, -2.0 - 0.025])


def test_parameters_without_gradient_are_left_alone():
    still = nn.Parameter(np.array([3.0]))
    optimiser = optim.Adam([parameter(), still], lr=0.1)
    optimiser.step()
    assert still.data.tolist() == [3.0] and still not in optimiser.state


def test_zero_grad_clears_every_gradient():
    p, q = parameter(), parameter()
    optimiser = optim.SGD([p, q], lr=0.1)
    optimiser.zero_grad(set_to_none=False)
    assert p.grad.data.tolist() == [0.0, 0.0]
    optimiser.zero_grad()
    assert p.grad is None and q.grad is None


def test_step_keeps_the_parameter_object_and_dtype():
    p = nn.Parameter(np.array([1.0], dtype=np.float32))
    p.grad = Tensor(np.array([1.0], dtype=np.float32))
    data = p.data
    optim.Adam([p], lr=0.1).step()
    assert p.data is data and p.dtype == np.float32


def test_parameter_groups_have_their_own_hyper_parameters_as_in_torch():
    values = {"a": [1.0, 2.0], "b": [-1.0, 0.5]}
    ours = {k: parameter(v) for k, v in values.items()}
    theirs = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True)
              for k, v in values.items()}
    for t in theirs.values():
        t.grad = torch.tensor([0.5, 0.25], dtype=torch.float64)
    groups = [{"params": ["a"]}, {"params": ["b"], "lr": 0.5, "momentum": 0.9}]
    mine = optim.SGD([g | {"params": [ours[k] for k in g["params"]]} for g in groups], lr=0.1)
    torchs = torch.optim.SGD(
        [g | {"params": [theirs[k] for k in g["params"]]} for g in groups], lr=0.1
    )
    for _ in range(3):
        mine.step()
        torchs.step()
    for k in values:
        np.testing.assert_allclose(ours[k].data, theirs[k].detach().numpy(), rtol=1e-14)


def test_learning_rate_can_be_changed_between_steps():
    p = parameter()
    optimiser = optim.SGD([p], lr=0.1)
    optimiser.param_groups[0]["lr"] = 1.0
    optimiser.step()
    np.testing.assert_allclose(p.data, [0.5, -2.25])


def test_adamw_decays_by_default_and_adam_does_not():
    assert optim.AdamW([parameter()]).defaults["weight_decay"] == 0.01
    assert optim.Adam([parameter()]).defaults["weight_decay"] == 0.0


def test_repr_lists_the_hyper_parameters():
    text = repr(optim.SGD([parameter()], lr=0.1, momentum=0.9))
    assert text.startswith("SGD (\nParameter Group 0\n") and "    momentum: 0.9" in text


def _run_both(name: str, steps: int = 6, **kwargs):
    """``steps`` updates of one parameter by our optimiser and torch's, on the gradient of
    sum(p^3) (which changes sign and size, so max-tracking and signs are exercised)."""
    start = np.array([1.5, -0.7, 0.2, -2.0])
    ours = nn.Parameter(start.copy())
    theirs = torch.nn.Parameter(torch.tensor(start))
    mine = getattr(optim, name)([ours], **kwargs)
    reference = getattr(torch.optim, name)([theirs], **kwargs)
    for _ in range(steps):
        mine.zero_grad()
        reference.zero_grad()
        (ours**3).sum().backward()
        (theirs**3).sum().backward()
        mine.step()
        reference.step()
        np.testing.assert_allclose(ours.data, theirs.detach().numpy(), rtol=1e-12, atol=1e-14)
    return ours.data


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [("Adam", {"lr": 0.1, "amsgrad": True}),
     ("Adam", {"lr": 0.1, "amsgrad": True, "weight_decay": 0.1}),
     ("AdamW", {"lr": 0.1, "amsgrad": True}),
     ("SGD", {"lr": 0.05, "maximize": True}),
     ("SGD", {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.1, "maximize": True}),
     ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "maximize": True}),
     ("Adam", {"lr": 0.1, "maximize": True}),
     ("Adam", {"lr": 0.1, "maximize": True, "amsgrad": True, "weight_decay": 0.01}),
     ("AdamW", {"lr": 0.1, "maximize": True})],
)
def test_amsgrad_and_maximize_follow_torch_step_by_step(name, kwargs):
    _run_both(name, **kwargs)


def test_amsgrad_changes_the_path():
    """The option is not ignored: amsgrad's path leaves plain Adam's."""
    plain, ams = _run_both("Adam", lr=0.1), _run_both("Adam", lr=0.1, amsgrad=True)
    assert not np.allclose(plain, ams)


def test_maximize_climbs():
    p = parameter(values=(1.0, -2.0), grad=(0.5, 0.25))
    optim.SGD([p], lr=0.1, maximize=True).step()
    assert np.allclose(p.data, [1.05, -1.975])


@pytest.mark.parametrize("name, kwargs", [("SGD", {"lr": 0.1, "momentum": 0.9}),
                                          ("Adam", {"lr": 0.1}), ("AdamW", {"lr": 0.1})])
def test_a_step_with_inf_and_nan_gradients_is_silent_and_matches_torch(name, kwargs):
    """inf - inf and 0 / 0 inside an update give NaN quietly, as in torch.optim."""
    grads = np.array([np.inf, -np.inf, np.nan, 1.0])
    ours = Tensor(np.ones(4), requires_grad=True)
    theirs = torch.ones(4, dtype=torch.float64, requires_grad=True)
    opt_ours = getattr(optim, name)([ours], **kwargs)
    opt_theirs = getattr(torch.optim, name)([theirs], **kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(2):
            ours.grad = Tensor(grads.copy())
            theirs.grad = torch.from_numpy(grads.copy())
            opt_ours.step()
            opt_theirs.step()
    np.testing.assert_allclose(ours.data, theirs.detach().numpy(), rtol=1e-12)  # inf, NaN alike
