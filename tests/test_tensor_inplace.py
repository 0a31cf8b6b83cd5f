"""In-place changes, views and version counters, copies and pickles, as in PyTorch."""

import copy
import pickle

import numpy as np
import pytest
from torch_pair import both, raises_in_both, same

from autograd_lib import Tensor


def test_inplace_change_of_a_saved_tensor_raises_at_backward():
    def run(lib):
        w = lib.tensor([1.0, 2.0], requires_grad=True)
        x = lib.tensor([3.0, 4.0])
        y = (w * x).sum()
        x += 1
        y.backward()

    raises_in_both(run, "in-place")


def test_slice_assignment_of_a_saved_tensor_raises_at_backward():
    def run(lib):
        w = lib.tensor([1.0, 2.0], requires_grad=True)
        x = lib.tensor([3.0, 4.0])
        y = (w * x).sum()
        x[0] = 5.0
        y.backward()

    raises_in_both(run, "version")


def test_inplace_change_of_a_saved_output_raises_at_backward():
    def run(lib):
        a = lib.tensor([1.0, 2.0], requires_grad=True)
        b = a.exp()
        b *= 2
        b.sum().backward()

    raises_in_both(run, "in-place")


def test_inplace_on_a_leaf_that_requires_grad_raises_at_once():
    def run(lib):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        x += 1

    raises_in_both(run, "leaf")


def test_inplace_on_a_leaf_is_allowed_under_no_grad():
    def run(lib):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        (x * x).sum().backward()
        with lib.no_grad():
            x -= 0.1 * x.grad
        return x, x.requires_grad

    (ox, oreq), (tx, treq) = both(run)
    assert same(ox, tx) and oreq and treq


def test_inplace_on_a_non_leaf_enters_the_graph():
    def run(lib):
        a = lib.tensor([1.0, 2.0], requires_grad=True)
        c = lib.tensor([3.0, -1.0], requires_grad=True)
        b = a * 2
        b *= c
        b += a
        b.sum().backward()
        return a.grad, c.grad, b

    (oa, oc, ob), (ta, tc, tb) = both(run)
    assert same(oa, ta) and same(oc, tc) and same(ob, tb)


def test_slice_assignment_inside_a_graph_matches_torch():
    def run(lib):
        a = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        v = lib.tensor([5.0], requires_grad=True)
        b = a * 1
        b[1:2] = v * 2
        (b * b).sum().backward()
        return a.grad, v.grad

    (oa, ov), (ta, tv) = both(run)
    assert same(oa, ta) and same(ov, tv)


VIEWS = {  # a view of x, as every library writes it
    "slice": lambda x: x[0:2],
    "row": lambda x: x[1],
    "reshape": lambda x: x.reshape(-1),
    "transpose": lambda x: x.T,
    "unsqueeze": lambda x: x.unsqueeze(0),
}


@pytest.mark.parametrize("view", VIEWS)
def test_inplace_change_through_a_view_is_seen_by_graphs_that_saved_the_base(view):
    def run(lib):
        w = lib.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        x = lib.tensor([[5.0, 6.0], [7.0, 8.0]])
        y = (w * x).sum()
        v = VIEWS[view](x)
        v += 1
        y.backward()

    raises_in_both(run, "in-place")


@pytest.mark.parametrize("view", VIEWS)
def test_inplace_change_of_the_base_is_seen_by_graphs_that_saved_a_view(view):
    def run(lib):
        x = lib.tensor([[5.0, 6.0], [7.0, 8.0]])
        v = VIEWS[view](x)
        w = lib.tensor(np.ones(tuple(v.shape)), requires_grad=True)
        y = (w * v).sum()
        x *= 2
        y.backward()

    raises_in_both(run, "in-place")


def test_a_view_shares_the_version_of_its_base():
    def run(lib):
        x = lib.tensor([[5.0, 6.0], [7.0, 8.0]])
        v, d = x[0], x.detach()
        v += 1
        d[1] = 0.0
        return x._version, v._version, d._version, x

    (*ours, ox), (*theirs, tx) = both(run)
    assert ours == theirs == [2, 2, 2] and same(ox, tx)


def test_integer_array_indexing_copies_so_the_base_may_change():
    def run(lib):
        w = lib.tensor([1.0, 2.0], requires_grad=True)
        x = lib.tensor([4.0, 5.0, 6.0])
        y = (w * x[[0, 1]]).sum()
        x += 1
        y.backward()
        return w.grad

    ours, theirs = both(run)
    assert same(ours, theirs)


def test_inplace_change_with_gradient_through_a_view_is_refused_not_silently_wrong():
    # PyTorch rewrites the base's history (CopySlices); this engine refuses with a clear
    # error rather than give the base a gradient history that misses the change.
    a = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    x = a * 1
    v = x[0:2]
    with pytest.raises(RuntimeError, match="shares its memory with a view"):
        v *= 2
    with pytest.raises(RuntimeError, match="shares its memory with a view"):
        x += Tensor([1.0, 1.0, 1.0], requires_grad=True)


def test_a_view_that_died_no_longer_blocks_an_inplace_change():
    def run(lib):
        a = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        x = a * 2
        print(x[0:2])  # a view, gone once printed
        x += 1
        head = x[1:]
        del head
        x *= 3
        x.sum().backward()
        return a.grad

    ours, theirs = both(run)
    assert same(ours, theirs)


def test_a_live_view_blocks_until_it_dies():
    a = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    x = a * 2
    views = [x[0:2].reshape(2, 1)]  # a view of a view: both share x's memory
    with pytest.raises(RuntimeError, match="shares its memory with a view"):
        x += 1
    views.clear()
    x += 1
    assert np.array_equal(x.data, [3.0, 5.0, 7.0])


def test_inplace_change_through_a_view_without_gradients_is_allowed():
    x = Tensor([[1.0, 2.0], [3.0, 4.0]])
    row = x[0]
    row *= 10
    x[1] = 0.0
    assert np.array_equal(x.data, [[10.0, 20.0], [0.0, 0.0]]) and x._version == 2


def test_copies_and_pickles_are_fresh_leaves():
    def run(lib):
        x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        x.grad = lib.tensor([5.0, 5.0, 5.0])
        view = x.detach()[0:2]  # alive while x is copied: the copies must not inherit it
        pickled, deep = pickle.loads(pickle.dumps(x * 2)), copy.deepcopy(x)
        deep.data[0] = 9.0
        pickled += 1  # a leaf that requires grad: refused in both
        return view

    raises_in_both(run, "leaf Tensor that requires grad")

    def copies(lib):
        x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        x.grad = lib.tensor([5.0, 5.0, 5.0])
        pickled, deep = pickle.loads(pickle.dumps(x * 2)), copy.deepcopy(x)
        deep.data[0] = 9.0
        flags = (pickled.is_leaf, pickled.requires_grad, pickled.grad is None, deep.is_leaf)
        return flags, pickled, deep, deep.grad, x

    (ours_flags, *ours), (theirs_flags, *theirs) = both(copies)
    assert ours_flags == theirs_flags == (True, True, True, True)
    assert all(same(a, b) for a, b in zip(ours, theirs, strict=True))
    raises_in_both(lambda lib: copy.deepcopy(lib.tensor([1.0], requires_grad=True) * 2), "leaf")


def test_a_pickled_view_is_a_tensor_of_its_own():
    x = Tensor([[1.0, 2.0], [3.0, 4.0]])
    row = pickle.loads(pickle.dumps(x[0]))
    row += Tensor([1.0, 1.0], requires_grad=True)  # no live view shares the copy's memory
    assert np.array_equal(x.data, [[1.0, 2.0], [3.0, 4.0]]) and row.grad_fn is not None


def test_data_updates_bypass_autograd():
    p = Tensor(np.ones(2), requires_grad=True)
    (p * 3).sum().backward()
    p.data -= 0.5 * p.grad.data
    p.grad = None
    assert np.array_equal(p.data, [-0.5, -0.5]) and p.grad is None
