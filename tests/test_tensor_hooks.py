"""Hooks, grad mode (no_grad) and detach, as in PyTorch."""

import numpy as np
from torch_pair import both, raises_in_both, same

from autograd_lib import Tensor, no_grad


def test_hook_reads_the_gradient():
    def run(lib):
        seen = []
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = x * x
        y.register_hook(lambda g: seen.append(g.clone()))
        x.register_hook(lambda g: seen.append(g.clone()))
        y.sum().backward()
        return seen

    ours, theirs = both(run)
    assert len(ours) == len(theirs) == 2
    assert all(same(o, t) for o, t in zip(ours, theirs, strict=True))


def test_hook_replaces_the_gradient():
    def run(lib):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = x * 3
        y.register_hook(lambda g: g * 10)
        x.register_hook(lambda g: g + 1)
        y.sum().backward()
        return x.grad

    assert same(*both(run))


def test_removed_hook_is_not_called():
    calls = []
    x = Tensor(np.ones(2), requires_grad=True)
    handle = x.register_hook(calls.append)
    handle.remove()
    (x * 2).sum().backward()
    assert calls == []


def test_builtin_abs_is_the_differentiable_abs():
    def absolute(lib):
        x = lib.tensor([-2.0, 0.5, 3.0], requires_grad=True)
        y = abs(x)
        (y * lib.tensor([1.0, 2.0, 3.0])).sum().backward()
        return y, x.grad

    (y, g), (ty, tg) = both(absolute)
    assert same(y, ty) and same(g, tg)


def test_no_grad_blocks_graph_building():
    def run(lib):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        with lib.no_grad():
            y = x * 2
        return y.requires_grad, y.grad_fn is None

    assert both(run) == ((False, True), (False, True))


def test_no_grad_works_as_a_decorator_with_or_without_parentheses():
    x = Tensor(np.ones(2), requires_grad=True)

    @no_grad()
    def double(t):
        return t * 2

    @no_grad
    def triple(t):
        return t * 3

    assert not double(x).requires_grad and not triple(x).requires_grad
    assert (x * 2).requires_grad  # grad mode is restored


def test_detach_shares_data_and_stops_gradients():
    def run(lib):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        d = x.detach()
        with lib.no_grad():
            d[0] = 7.0
        return x, d.requires_grad

    (ox, oreq), (tx, treq) = both(run)
    assert same(ox, tx) and oreq is treq is False


def test_requires_grad_cannot_be_switched_off_on_a_non_leaf():
    def run(lib):
        y = lib.tensor([1.0], requires_grad=True) * 2
        y.requires_grad_(False)

    raises_in_both(run, "leaf")


def test_a_hook_can_clip_the_gradient_as_in_torch():
    def run(lib):
        x = lib.tensor([0.5, -1.0, 2.0], requires_grad=True)
        hidden = x * 4
        hidden.register_hook(lambda grad: grad.clamp(-10.0, 10.0))
        (hidden**2).sum().backward()
        return x.grad

    ours, theirs = both(run)
    assert same(ours, theirs) and ours.tolist() == [16.0, -32.0, 40.0]
