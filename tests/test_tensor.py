"""The Tensor's semantics, each checked by running the same code in PyTorch where torch has it."""

import copy
import gc
import pickle
import tracemalloc
import warnings
import weakref

import numpy as np
import pytest
import torch

import autograd_lib
from autograd_lib import Tensor, grad, no_grad
from autograd_lib.tensor.functions import cross_entropy, linear
from autograd_lib.tensor.tensor import ShapeError, cat, maximum, stack, where


def both(fn):
    """Run ``fn(lib)`` with lib = our tensor module and with torch; return both results."""
    return fn(Ours), fn(Torch)


class Ours:
    """Just enough of torch's namespace, backed by autograd_lib."""

    @staticmethod
    def tensor(data, requires_grad=False):
        return Tensor(np.asarray(data, dtype=np.float64), requires_grad=requires_grad)

    no_grad = no_grad
    grad = staticmethod(grad)


class Torch:
    @staticmethod
    def tensor(data, requires_grad=False):
        return torch.tensor(np.asarray(data, dtype=np.float64), requires_grad=requires_grad)

    no_grad = torch.no_grad
    grad = staticmethod(torch.autograd.grad)


def same(a, b):
    """Values of ours (Tensor/None) and torch's (tensor/None) are equal."""
    if a is None or b is None:
        return a is None and b is None
    return np.allclose(np.asarray(a.detach()), b.detach().numpy(), rtol=1e-12, atol=0)


def raises_in_both(fn, match):
    """fn(lib) raises RuntimeError in both engines; ours says ``match``."""
    with pytest.raises(RuntimeError, match=match):
        fn(Ours)
    with pytest.raises(RuntimeError):
        fn(Torch)


# ------------------------------------------------------------------ gradients and leaves


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
    # The engine lets ReLU's backward reuse its incoming gradient array only when nothing
    # else refers to it; here one array reaches both ReLUs (through the addition).
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


# ------------------------------------------------------------------ dtype promotion

DTYPES = ["bool", "int32", "int64", "float32", "float64"]
NUMBERS = [2, 2.5, True, np.float64(2.5), np.int64(2), np.float32(1.5)]
BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "pow": lambda a, b: a**b,
}


def operand_pairs():
    """Every pair of dtypes and shapes (0-d or not), and every tensor with every number."""
    tensors = [(np.ones(shape, dtype)) for dtype in DTYPES for shape in [(), (3,)]]
    for a in tensors:
        for b in tensors:
            yield a, b * 2 if b.dtype != bool else b
        for number in NUMBERS:
            yield a, number
            yield number, a


def lift(x, lib):
    if not isinstance(x, np.ndarray):
        return x
    return torch.from_numpy(x.copy()) if lib is torch else Tensor(x)


@pytest.mark.parametrize("op", BINARY)
def test_result_dtypes_follow_torch_type_promotion(op):
    checked = 0
    for a, b in operand_pairs():
        if op == "pow" and isinstance(a, np.ndarray) and a.dtype.kind == "b":
            continue  # bool ** number: torch computes in int64, we in int8 (not differentiable)
        try:
            want = BINARY[op](lift(a, torch), lift(b, torch)).dtype
        except RuntimeError:
            continue  # torch refuses it (e.g. bool - bool); so does NumPy
        got = BINARY[op](lift(a, Ours), lift(b, Ours)).dtype
        assert str(got) == str(want).removeprefix("torch."), (op, a, b)
        checked += 1
    assert checked > 100


def test_inplace_add_of_an_integer_tensor_inside_a_graph_stays_float32():
    def run(lib):
        ints = torch.tensor([1, 2]) if lib is Torch else Tensor(np.array([1, 2]))
        a = (torch.ones(2) if lib is Torch else Tensor(np.ones(2, np.float32))).requires_grad_()
        m = a * 2
        seen = []
        m.register_hook(lambda g: seen.append(str(g.dtype).removeprefix("torch.")))
        h = m * 1
        h += ints  # recorded in the graph: the gradient reaching m must stay float32
        (h * h).sum().backward()
        return str(h.dtype).removeprefix("torch."), seen, a.grad

    (odt, oseen, og), (tdt, tseen, tg) = both(run)
    assert odt == tdt == "float32" and oseen == tseen == ["float32"] and same(og, tg)


def test_a_0d_float64_operand_keeps_float32_and_gets_a_float64_gradient():
    def run(lib):
        s = lib.tensor(2.0, requires_grad=True)  # float64, 0-d
        v = torch.ones(3) if lib is Torch else Tensor(np.ones(3, np.float32))
        y = s * v
        y.sum().backward()
        return str(y.dtype).removeprefix("torch."), str(s.grad.dtype).removeprefix("torch.")

    assert both(run)[0] == both(run)[1] == ("float32", "float64")


# ------------------------------------------------------------------ in-place operations


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


# ------------------------------------------------------------------ hooks, no_grad, detach


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


# ------------------------------------------------------------------ errors that name the problem


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


# ------------------------------------------------------------------ dtypes


def test_python_floats_make_float32_tensors_like_torch():
    assert Tensor([1.0, 2.0]).dtype == np.float32 == np.dtype(str(torch.tensor([1.0]).dtype)[6:])
    assert Tensor([1, 2]).dtype == np.int64
    assert Tensor(np.ones(2)).dtype == np.float64


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_float_dtype_survives_python_scalars_and_backward(dtype):
    x = Tensor(np.ones((2, 3), dtype=dtype), requires_grad=True)
    w = Tensor(np.ones((3, 2), dtype=dtype), requires_grad=True)
    y = ((2.5 * x + 1) ** 2 / 3.0 - 0.5).exp().log() @ w
    loss = cross_entropy(y.relu().sigmoid().tanh(), Tensor(np.array([0, 1]))) + y.mean() * 0.1
    loss.backward()
    assert loss.dtype == dtype and x.grad.dtype == dtype and w.grad.dtype == dtype


def test_integer_tensors_cannot_require_grad():
    with pytest.raises(RuntimeError, match="floating-point"):
        Tensor([1, 2], requires_grad=True)
    with pytest.raises(RuntimeError):
        torch.tensor([1, 2], requires_grad=True)
    with pytest.raises(RuntimeError, match="floating-point"):
        Tensor([1, 2]).requires_grad_()


# ------------------------------------------------------------------ conversions and operators


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
    from autograd_lib.tensor.functions import Function

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


# ------------------------------------------------------------------ scale and memory


def test_a_100000_op_chain_backpropagates_without_recursion():
    x = Tensor(np.array(1.0), requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    y.backward()
    assert x.grad.item() == 1.0
    del y  # freeing the chain must not recurse either


def _train(steps, probe=None, keep_refs=True):
    rng = np.random.default_rng(0)
    x = Tensor(rng.standard_normal((16, 4)).astype(np.float32))
    y = Tensor(rng.integers(0, 3, 16))
    w1 = Tensor(rng.standard_normal((8, 4)).astype(np.float32) * 0.5, requires_grad=True)
    w2 = Tensor(rng.standard_normal((3, 8)).astype(np.float32) * 0.5, requires_grad=True)
    nodes = []
    for step in range(steps):
        loss = cross_entropy(linear(linear(x, w1).relu(), w2), y)
        if keep_refs:
            nodes.append(weakref.ref(loss.grad_fn))
        w1.grad = w2.grad = None
        loss.backward()
        with no_grad():
            w1 -= 0.1 * w1.grad
            w2 -= 0.1 * w2.grad
        if probe is not None:
            probe(step)
    return nodes


def test_after_1000_training_steps_no_graph_node_is_alive():
    gc.disable()  # nodes must die by reference counting alone: no cycles
    try:
        nodes = _train(1000)
        assert sum(ref() is not None for ref in nodes) == 0
    finally:
        gc.enable()


@pytest.mark.parametrize("op", ["exp", "relu", "tanh", "sigmoid"])
def test_a_graph_keeps_only_the_arrays_its_nodes_saved(op):
    a = Tensor(np.linspace(-1.0, 1.0, 1000), requires_grad=True)
    x = a * 2  # saves a's array, not its own result
    result = weakref.ref(x.data)
    y = getattr(x, op)()  # saves its output, not its input x
    del x
    assert result() is None, f"{op}'s node keeps its input's array alive"
    y.sum().backward()
    assert a.grad is not None


def test_memory_stays_flat_over_1000_training_steps():
    sizes = {}

    def probe(step):
        if step in (100, 999):
            sizes[step] = tracemalloc.get_traced_memory()[0]

    tracemalloc.start()
    try:
        _train(1000, probe, keep_refs=False)
    finally:
        tracemalloc.stop()
    assert sizes[999] - sizes[100] < 20_000


@pytest.mark.parametrize(
    "op",
    [
        lambda x: x.log(),
        lambda x: x.sqrt(),
        lambda x: 1 / x,
        lambda x: x**-1.0,
        lambda x: (x * 1000).exp(),
    ],
    ids=["log", "sqrt", "reciprocal", "pow", "exp"],
)
def test_invalid_math_gives_inf_and_nan_without_warnings_as_in_pytorch(op):
    values = [-1.0, 0.0, 2.0]
    ours = Tensor(np.array(values), requires_grad=True)
    theirs = torch.tensor(values, dtype=torch.float64, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = op(ours)
        out.backward(Tensor(np.ones(3)))
    expected = op(theirs)
    expected.backward(torch.ones(3, dtype=torch.float64))
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), rtol=1e-15)
    np.testing.assert_allclose(ours.grad.numpy(), theirs.grad.numpy(), rtol=1e-15)


def test_clamp_keeps_the_dtype_and_needs_a_bound():
    x = Tensor(np.array([0.5, 3.0], dtype=np.float32), requires_grad=True)
    y = x.clamp(np.float64(0.0), 1.0)  # a NumPy float64 bound does not upcast, as in torch
    y.sum().backward()
    assert y.dtype == np.float32 and x.grad.tolist() == [1.0, 0.0]
    with pytest.raises(ValueError, match="at least one of min and max"):
        x.clamp()


def test_a_hook_can_clip_the_gradient_as_in_torch():
    def run(lib):
        x = lib.tensor([0.5, -1.0, 2.0], requires_grad=True)
        hidden = x * 4
        hidden.register_hook(lambda grad: grad.clamp(-10.0, 10.0))
        (hidden**2).sum().backward()
        return x.grad

    ours, theirs = both(run)
    assert same(ours, theirs) and ours.tolist() == [16.0, -32.0, 40.0]


@pytest.mark.parametrize(
    "op",
    [lambda x: 0.0**x, lambda x: (-2.0) ** x, lambda x: x**0, lambda x: x**2, lambda x: x**x],
    ids=["zero_base", "negative_base", "zero_exponent", "square", "x_to_the_x"],
)
def test_pow_gradients_at_a_zero_base_or_exponent_follow_torch(op):
    def run(lib):
        x = lib.tensor([0.0, 1.0, 4.0], requires_grad=True)
        op(x).sum().backward()
        return x.grad

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ours = run(Ours)
    theirs = run(Torch)
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


def test_logsumexp_of_infinities_and_of_nothing_follows_torch():
    data = np.array([[-np.inf, -np.inf], [np.inf, 0.0], [1.0, 2.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ours = Tensor(data).logsumexp(1)
        empty = Tensor(np.zeros((0, 3))).logsumexp(0)
    np.testing.assert_array_equal(ours.numpy(), torch.tensor(data).logsumexp(1).numpy())
    assert empty.tolist() == [-np.inf] * 3


def test_numpy_meets_tensors_as_in_torch():
    p = Tensor([1.0, 2.0], requires_grad=True)
    (p * p).sum().backward()
    p.data -= 0.25 * p.grad  # PyTorch's old update idiom: arrays only, nothing recorded
    assert p.tolist() == [0.5, 1.0] and p.is_leaf and type(p.data) is np.ndarray
    y = np.array([2.0, 3.0]) ** p  # an array on the left: a Tensor operation
    assert isinstance(y, Tensor) and y.grad_fn is not None
    with pytest.raises(TypeError, match="use the Tensor's method"):
        np.exp(p)


def test_integer_and_bool_tensors_give_float32_from_float_functions_as_in_torch():
    for data in ([1, 4], [True, False]):
        for name in ("exp", "log", "sqrt", "tanh", "sigmoid"):
            ours = getattr(Tensor(np.array(data)), name)()
            theirs = getattr(torch.tensor(data), name)()
            assert str(ours.dtype) == str(theirs.dtype).removeprefix("torch."), (data, name)


def test_numpy_dtype_errors_name_the_operation():
    with pytest.raises(TypeError, match=r"^logsoftmax: Cannot cast"):
        Tensor(np.array([1, 2])).log_softmax(0)  # NumPy's own error class is not rebuilt
    with pytest.raises(ValueError, match=r"^pow: Integers to negative") as caught:
        Tensor(np.array([2, 3])) ** -1
    assert not isinstance(caught.value, ShapeError)


def test_a_gradient_of_another_dtype_cannot_be_assigned():
    p = Tensor(np.ones(2), requires_grad=True)
    with pytest.raises(TypeError, match="dtype float32, tensor has float64"):
        p.grad = Tensor(np.ones(2, dtype=np.float32))


def test_empty_dims_and_0d_tensors_follow_torch():
    def run(lib):
        x = lib.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
        s = lib.tensor(2.0, requires_grad=True)
        values, indices = s.max(0)
        (x.sum(dim=()) + x.mean(dim=()) + s.transpose(0, -1) * values).backward()
        return x.grad, s.grad, indices.item()

    (*ours, ours_index), (*theirs, their_index) = both(run)
    assert all(same(a, b) for a, b in zip(ours, theirs, strict=True)) and ours_index == their_index
