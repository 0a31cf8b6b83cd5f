"""Update rules: the same iterates as torch.optim, and hyperparameters checked at the door."""

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from autograd_lib.book.descent import trajectory
from autograd_lib.book.update_rules import Adam, Momentum, Plain, RMSProp

STEPS = 15
coordinates = arrays(np.float64, 3, elements=st.floats(-3, 3))
curvatures = arrays(np.float64, 3, elements=st.floats(0.1, 5))


def torch_path(optimizer_class, options, x0, curvature, shift, lr):
    """Iterates of a torch.optim optimiser on f(x) = sum(c (x - s)^2) / 2, in float64."""
    x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    optimizer = optimizer_class([x], lr=lr, **options)
    c, s = torch.tensor(curvature), torch.tensor(shift)
    path = [x.detach().clone()]
    for _ in range(STEPS):
        optimizer.zero_grad()
        (0.5 * (c * (x - s) ** 2).sum()).backward()
        optimizer.step()
        path.append(x.detach().clone())
    return torch.stack(path).numpy()


def our_path(rule, x0, curvature, shift, lr):
    return trajectory(lambda x: curvature * (x - shift), x0, lr, STEPS, rule=rule)


CASES = {
    "plain": (Plain(), torch.optim.SGD, {}),
    "momentum": (Momentum(0.8), torch.optim.SGD, {"momentum": 0.8}),
    "nesterov": (Momentum(0.8, nesterov=True), torch.optim.SGD,
                 {"momentum": 0.8, "nesterov": True}),
    "rmsprop": (RMSProp(alpha=0.9, eps=1e-8), torch.optim.RMSprop, {"alpha": 0.9, "eps": 1e-8}),
    "adam": (Adam(0.85, 0.99, 1e-8), torch.optim.Adam, {"betas": (0.85, 0.99), "eps": 1e-8}),
}


@pytest.mark.parametrize("name", CASES)
@given(x0=coordinates, curvature=curvatures, shift=coordinates, lr=st.floats(0.01, 0.3))
def test_rule_gives_the_same_iterates_as_torch_optim(name, x0, curvature, shift, lr):
    rule, optimizer_class, options = CASES[name]
    np.testing.assert_allclose(
        our_path(rule, x0, curvature, shift, lr),
        torch_path(optimizer_class, options, x0, curvature, shift, lr),
        rtol=1e-10, atol=1e-10,
    )


def test_a_rule_keeps_no_memory_between_runs():
    def grad(x):
        return 2 * x
    rule = Adam()
    first = trajectory(grad, np.ones(2), 0.1, 10, rule=rule)
    np.testing.assert_array_equal(first, trajectory(grad, np.ones(2), 0.1, 10, rule=rule))


def test_momentum_builds_speed_along_a_constant_gradient():
    """With a constant gradient g the velocity tends to g / (1 - beta)."""
    path = trajectory(lambda x: np.ones(1), np.zeros(1), 1.0, 200, rule=Momentum(0.9))
    np.testing.assert_allclose(path[-1] - path[-2], -10.0, rtol=1e-6)


def test_adam_first_step_has_length_lr_in_every_coordinate():
    """Bias correction makes the first direction g / |g|, whatever the gradient's scale."""
    path = trajectory(lambda x: np.array([1e-3, -50.0]), np.zeros(2), 0.1, 1, rule=Adam())
    np.testing.assert_allclose(path[1], [-0.1, 0.1], rtol=1e-4)


@pytest.mark.parametrize("make, message", [
    (lambda: Momentum(beta=1.0), "Momentum: beta must be in"),
    (lambda: Momentum(beta=-0.1), "Momentum: beta must be in"),
    (lambda: RMSProp(alpha=1.5), "RMSProp: alpha must be in"),
    (lambda: RMSProp(eps=0.0), "RMSProp: eps must be positive"),
    (lambda: Adam(beta1=1.0), "Adam: beta1 must be in"),
    (lambda: Adam(beta2=-1.0), "Adam: beta2 must be in"),
    (lambda: Adam(eps=-1e-8), "Adam: eps must be positive"),
])
def test_hyperparameters_out_of_range_are_refused(make, message):
    with pytest.raises(ValueError, match=message):
        make()
