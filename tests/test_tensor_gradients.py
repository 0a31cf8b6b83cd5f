"""Gradients, leaves and the graph: backward, grad, retain_graph, create_graph, as in PyTorch."""

import numpy as np
import pytest
import torch
from torch_pair import Ours, both, raises_in_both, same

import autograd_lib
from autograd_lib import Tensor, grad


def test_gradients_accumulate_on_leaves_across_backward_calls():
    def run(lib):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        (x * x).sum().backward()
        (3 * x).sum().backward()
        return x.grad

    ours, theirs = both(run)
    assert same(ours, theirs)


@pytest.mark.filterwarnings("ignore:The .grad attribute of a Tensor that is not a leaf")
def test_non_leaf_grad_is_none_unless_retain_grad():
    def run(lib):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = x * 2
        z = x * 3
        z.retain_grad()
        (y * z).sum().backward()
        return y.grad, z.grad, y.is_leaf, x.is_leaf

    (oy, oz, oleaf_y, oleaf_x), (ty, tz, tleaf_y, tleaf_x) = both(run)
    assert oy is None and ty is None
    assert same(oz, tz)
    assert (oleaf_y, oleaf_x) == (tleaf_y, tleaf_x) == (False, True)


def test_second_backward_raises_mentioning_retain_graph():
    def run(lib):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = (x * x).sum()
        y.backward()
        y.backward()

    raises_in_both(run, "retain_graph=True")


def test_retain_graph_allows_a_second_backward():
    def run(lib):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = (x.exp() * x).sum()
        y.backward(retain_graph=True)
        y.backward()
        return x.grad

    assert same(*both(run))


def test_backward_of_non_scalar_without_gradient_raises():
    def run(lib):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        (x * 2).backward()

    raises_in_both(run, "scalar")


def test_backward_with_gradient_weights_each_output():
    def run(lib):
        x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        (x * x).backward(gradient=lib.tensor([1.0, 0.5, -1.0]))
        return x.grad

    assert same(*both(run))


def test_backward_of_tensor_without_grad_raises():
    raises_in_both(lambda lib: lib.tensor([1.0]).sum().backward(), "does not require grad")


def test_leaf_grads_never_share_memory():
    x = Tensor(np.ones(3), requires_grad=True)
    y = Tensor(np.ones(3), requires_grad=True)
    seed = np.ones(3)
    (x + y).backward(gradient=seed)
    x.grad.data += 1
    assert np.array_equal(y.grad.data, np.ones(3))
    assert np.array_equal(seed, np.ones(3))


def test_a_gradient_shared_by_two_branches_is_not_overwritten():
    # One gradient array reaches both ReLUs (through the addition): a backward that wrote
    # into the array it receives would corrupt the other branch.
    def run(lib):
        p = lib.tensor([1.0, -2.0, 3.0], requires_grad=True)
        q = lib.tensor([-1.0, 2.0, 0.5], requires_grad=True)
        (p.relu() + q.relu()).backward(gradient=lib.tensor([1.0, 2.0, 3.0]))
        return p.grad, q.grad

    (op, oq), (tp, tq) = both(run)
    assert same(op, tp) and same(oq, tq)


def test_a_gradient_kept_by_a_hook_is_not_overwritten():
    def run(lib):
        kept = []
        x = lib.tensor([1.0, -2.0, 3.0], requires_grad=True)
        h = x * 2
        r = h.relu()
        r.register_hook(kept.append)
        (r * lib.tensor([1.0, 2.0, 3.0])).sum().backward()
        return kept[0], x.grad

    (ok, ox), (tk, tx) = both(run)
    assert same(ok, tk) and same(ox, tx)


def test_next_functions_give_numbers_an_empty_slot_as_torch_does():
    def run(lib):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        c = lib.tensor([1.0, -1.0])
        where = autograd_lib.where if lib is Ours else torch.where
        results = [x * 2, 2 * x, x + 1.5, 1.5 + x, x / 2, x * c, where(c > 0, x, 0.0), x.sum()]
        return [
            [None if f is None else type(f).__name__ for f, _ in y.grad_fn.next_functions]
            for y in results
        ]

    ours, theirs = both(run)
    assert ours == theirs


def test_grad_fn_and_next_functions_mirror_torch():
    def run(lib):
        x = lib.tensor([[1.0, 2.0]], requires_grad=True)
        y = (x * lib.tensor([3.0])).sum()
        node = y.grad_fn
        mul, _ = node.next_functions[0]
        leaf, _ = mul.next_functions[0]
        return type(leaf).__name__, leaf.variable is x, len(mul.next_functions)

    (oname, ovar, on), (tname, tvar, tn) = both(run)
    assert ovar and tvar
    assert oname == tname == "AccumulateGrad"
    assert on == tn == 2


def test_grad_function_matches_torch_autograd_grad_and_leaves_grad_untouched():
    def run(lib):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        w = lib.tensor([3.0, -1.0], requires_grad=True)
        (gx, gw) = lib.grad((x * w).exp().sum(), (x, w))
        return gx, gw, x.grad

    (ox, ow, oleaf), (tx, tw, tleaf) = both(run)
    assert same(ox, tx) and same(ow, tw)
    assert oleaf is None and tleaf is None


def test_grad_with_create_graph_gives_second_derivatives():
    def run(lib):
        x = lib.tensor([1.0, -2.0, 0.5], requires_grad=True)
        (g,) = lib.grad((x**3).sum(), x, create_graph=True)
        (h,) = lib.grad((g * g).sum(), x)
        return g, h

    (og, oh), (tg, th) = both(run)
    assert same(og, tg) and same(oh, th)


@pytest.mark.filterwarnings("ignore:Using backward\\(\\) with create_graph=True")
def test_backward_with_create_graph_makes_grad_differentiable():
    def run(lib):
        x = lib.tensor([0.3, 1.2], requires_grad=True)
        x.tanh().sum().backward(create_graph=True)
        first = x.grad
        x.grad = None
        first.sum().backward()
        return first, x.grad

    (of, os_), (tf, ts) = both(run)
    assert same(of, tf) and same(os_, ts)


def test_grad_of_unused_input_raises_unless_allowed():
    x = Tensor(np.ones(2), requires_grad=True)
    unused = Tensor(np.ones(2), requires_grad=True)
    with pytest.raises(RuntimeError, match="allow_unused"):
        grad((x * 2).sum(), [x, unused])
    gx, gu = grad((x * 2).sum(), [x, unused], allow_unused=True)
    assert gu is None and np.array_equal(gx.data, [2.0, 2.0])


def test_grad_of_non_leaf_input():
    def run(lib):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        h = x * x
        (gh,) = lib.grad((h * 3).sum(), h)
        return gh

    assert same(*both(run))
