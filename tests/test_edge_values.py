"""Every registered operation at the edges, against PyTorch: inf, -inf, NaN, signed zeros,
exact ties, empty dimensions, values exactly at clamp bounds, and inf or NaN arriving from
above as the upstream gradient (``backward(gradient=...)``).

Values, gradients and second derivatives are compared with PyTorch in float64, with NaN and
infinity positions (and the infinities' signs) exactly equal. A second property test runs the
same cases on our engine alone with NumPy's warnings turned into errors: no operation warns,
forward or backward, on any generated input. Then one example test per gap that PyTorch users
found (issue 17), each named for the behaviour it pins down.
"""

import contextlib
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch_pair import HypothesisSampler

from autograd_lib import Tensor, grad
from autograd_lib.testing.registry import OURS, REGISTRY, torch_namespace
from autograd_lib.testing.samplers import with_edges

TORCH_CASES = 40  # Hypothesis examples per operation, compared with torch
SILENCE_CASES = 60  # Hypothesis examples per operation, our engine alone, warnings as errors
RTOL = 1e-9  # relative error vs torch, float64, elementwise (finite entries)
REFUSALS = (RuntimeError, ValueError, IndexError)  # errors an empty input may meet in both
SHARES = (0.0, 0.2, 0.5, 1.0)  # the fraction of elements with_edges replaces, drawn per case


class EdgeSampler(HypothesisSampler):
    """The registry's Hypothesis sampler with empty sides allowed and edge values mixed into
    every value maker's output, in a share Hypothesis draws (and can shrink to none)."""

    min_side = 0

    def edge(self, values: np.ndarray) -> np.ndarray:
        share = SHARES[self.integer(0, len(SHARES) - 1)]
        return with_edges(self, values, share)


def _run(name: str, data: st.DataObject, ns, wrap) -> list[tuple[str, np.ndarray]]:
    """Run entry ``name`` on edge arguments in one engine; return its output, gradients and
    second derivatives as labelled float64 arrays. ``wrap(array, requires_grad)`` makes the
    engine's tensor; ``ns`` is the registry's namespace for that engine."""
    spec = REGISTRY[name]
    sampler = EdgeSampler(data)
    args = spec.sample(sampler)
    upstream_values = sampler.edge(sampler.uniform(np.shape(_call(spec, ns, wrap, args)), -2, 2))
    vs = [sampler.uniform(np.shape(a), -2, 2) for a in args if _differentiable(a)]
    return _derivatives(spec, ns, wrap, args, upstream_values, vs)


def _differentiable(a) -> bool:
    return isinstance(a, np.ndarray) and a.dtype == np.float64


def _call(spec, ns, wrap, args, keep=None):
    tensors = [  # boolean arrays (conditions, masks) go as they are: see registry.ns_bool
        wrap(a, _differentiable(a)) if isinstance(a, np.ndarray) and a.dtype != bool else a
        for a in args
    ]
    if keep is not None:
        keep.extend(t for t, a in zip(tensors, args, strict=True) if _differentiable(a))
    return spec.call(ns, *tensors)


def _derivatives(spec, ns, wrap, args, upstream_values, vs):
    ours = ns is OURS
    inputs: list = []
    out = _call(spec, ns, wrap, args, keep=inputs)
    upstream = wrap(upstream_values, True)
    # First derivatives twice: as .backward() computes them (on arrays), and as formulas
    # that record a graph compute them (on Tensors), since the two paths differ.
    retain = spec.twice_differentiable
    plain = _grad(ours, out, inputs, upstream, create_graph=False, retain_graph=retain)
    results = [("value", _array(out))]
    results += [(f"gradient of input {i}", _array(g)) for i, g in enumerate(plain)]
    if spec.twice_differentiable:
        gs = _grad(ours, out, inputs, upstream, create_graph=True)
        results += [(f"gradient of input {i}, create_graph", _array(g)) for i, g in enumerate(gs)]
        # Hessian-vector products, and d/d(upstream) as gradgradcheck does (see check_op).
        inner = sum(((g * wrap(v, False)).sum() for g, v in zip(gs, vs, strict=True)), start=0)
        targets = [*inputs, upstream]
        if getattr(inner, "requires_grad", False):
            seconds = [_array(h) for h in _grad(ours, inner, targets, None, create_graph=False)]
        else:
            seconds = [np.zeros(np.shape(t)) for t in targets]
        labels = [f"input {i}" for i in range(len(inputs))] + ["the upstream gradient"]
        results += [(f"second derivative, {k}", h) for k, h in zip(labels, seconds, strict=True)]
    return results


def _grad(ours: bool, out, inputs, upstream, create_graph: bool, retain_graph=None) -> list:
    """Gradients of ``out`` (weighted by ``upstream``) for ``inputs``; zeros where unused."""
    if ours:
        gs = grad(out, inputs, grad_outputs=upstream, create_graph=create_graph,
                  retain_graph=retain_graph, allow_unused=True)
        return [Tensor(np.zeros(x.shape)) if g is None else g for g, x in zip(gs, inputs,
                                                                             strict=True)]
    return list(torch.autograd.grad(out, inputs, grad_outputs=upstream,
                                    create_graph=create_graph, retain_graph=retain_graph,
                                    materialize_grads=True))


def _array(t) -> np.ndarray:
    return np.asarray(t.data if isinstance(t, Tensor) else t.numpy(force=True), np.float64)


def _ours(a: np.ndarray, requires_grad: bool) -> Tensor:
    return Tensor(a, requires_grad=requires_grad)


def _theirs(a: np.ndarray, requires_grad: bool):
    return torch.tensor(a, requires_grad=requires_grad)


def assert_same_edges(actual: np.ndarray, expected: np.ndarray, what: str) -> None:
    """Equal shapes, NaN and +-inf at exactly the same positions, and the finite entries
    equal to a relative ``RTOL``, with an absolute floor at RTOL times their largest, and at
    the smallest normal float64 (a subnormal result, such as 3 * 1e-160**2, keeps only a few
    significant bits, which rounding order changes)."""
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} != {expected.shape}"
    for mask, kind in ((np.isnan, "NaN"), (np.isposinf, "+inf"), (np.isneginf, "-inf")):
        np.testing.assert_array_equal(mask(actual), mask(expected), f"{what}: {kind} positions")
    finite = np.isfinite(expected)
    scale = float(np.max(np.abs(expected[finite]), initial=0.0))
    np.testing.assert_allclose(actual[finite], expected[finite], rtol=RTOL,
                               atol=RTOL * scale + np.finfo(np.float64).tiny, err_msg=what)


@pytest.mark.parametrize("name", list(REGISTRY))
@settings(max_examples=TORCH_CASES)
@given(data=st.data())
def test_op_matches_torch_at_edge_values(name, data):
    # The same draws feed both engines: Hypothesis replays the data for the second run.
    choices: list = []
    recorder = _Recorder(data, choices)
    try:
        ours = _run(name, recorder, OURS, _ours)
    except REFUSALS as refusal:  # then torch refuses too: the max of an empty tensor
        with pytest.raises(REFUSALS):
            _run(name, _Replayer(choices), torch_namespace(), _theirs)
        assert "empty" in str(refusal) or "no elements" in str(refusal)
        return
    theirs = _run(name, _Replayer(choices), torch_namespace(), _theirs)
    assert [label for label, _ in ours] == [label for label, _ in theirs]
    for (label, a), (_, b) in zip(ours, theirs, strict=True):
        assert_same_edges(a, b, f"{name}: {label}")


@pytest.mark.parametrize("name", list(REGISTRY))
@settings(max_examples=SILENCE_CASES)
@given(data=st.data())
def test_op_emits_no_numpy_warning_at_edge_values(name, data):
    with warnings.catch_warnings(), np.errstate(all="warn", under="ignore"):  # NumPy's default
        warnings.simplefilter("error")
        with contextlib.suppress(REFUSALS):  # inputs torch refuses too: see the test above
            _run(name, data, OURS, _ours)


class _Recorder:
    """A DataObject that remembers what it drew, so a second engine gets the same case."""

    def __init__(self, data: st.DataObject, choices: list) -> None:
        self.data, self.choices = data, choices

    def draw(self, strategy, label=None):
        value = self.data.draw(strategy, label=label)
        self.choices.append(value)
        return value


class _Replayer:
    def __init__(self, choices: list) -> None:
        self.choices = iter(choices)

    def draw(self, strategy, label=None):
        return next(self.choices)


# ------------------------------------------------------------------ the gaps of issue 17


def both_engines(fn, *arrays, gradient=None, dtype=np.float64):
    """``fn(ns, *tensors)`` in each engine (leaves from ``arrays``), backward with
    ``gradient`` (default ones); return [(value, gradients)] for ours, then torch's."""
    results = []
    for ns, wrap in ((OURS, Tensor), (torch_namespace(), torch.tensor)):
        leaves = [wrap(np.asarray(a, dtype=dtype), requires_grad=True) for a in arrays]
        out = fn(ns, *leaves)
        seed = np.full(tuple(out.shape), 1.0 if gradient is None else gradient, dtype=dtype)
        out.backward(wrap(seed))
        results.append((_array(out), [_array(x.grad) for x in leaves]))
    return results


def assert_engines_agree(fn, *arrays, gradient=None):
    (value, grads), (t_value, t_grads) = both_engines(fn, *arrays, gradient=gradient)
    assert_same_edges(value, t_value, "value")
    for g, t in zip(grads, t_grads, strict=True):
        assert_same_edges(g, t, "gradient")
    return grads


BLOCKED = {  # each blocks the gradient of x[0] and meets an infinite one there (sqrt at 0)
    "relu": lambda ns, x: x.relu().sqrt().sum(),
    "clamp": lambda ns, x: x.clamp(min=0).sqrt().sum(),
    "clamp_tensor": lambda ns, x: x.clamp(min=x.detach() * 0).sqrt().sum(),
    "maximum": lambda ns, x: ns.maximum(x, x.detach() * 0).sqrt().sum(),
    "minimum": lambda ns, x: (-ns.minimum(-x, x.detach() * 0)).sqrt().sum(),
    "setitem": lambda ns, x: _overwrite_first(x).sqrt().sum(),
}


def _overwrite_first(x):
    y = x * 1.0
    y[0] = 0.0
    return y


@pytest.mark.parametrize("name", BLOCKED)
def test_blocked_gradient_is_zero_even_where_an_infinite_one_arrives(name):
    grads = assert_engines_agree(BLOCKED[name], [-1.0, 4.0])
    assert grads[0].tolist() == [0.0, 0.25]  # the example: it was [nan, 0.25]


@pytest.mark.parametrize(
    "reduce",
    [lambda ns, x: x.max(), lambda ns, x: x.min(), lambda ns, x: x.max(dim=0).values,
     lambda ns, x: x.min(dim=0, keepdim=True).values],
    ids=["max", "min", "max_dim", "min_dim"],
)
def test_reductions_to_one_element_block_an_infinite_gradient_elsewhere(reduce):
    grads = assert_engines_agree(reduce, [3.0, 1.0, 2.0], gradient=np.inf)
    assert np.isinf(grads[0]).sum() == 1 and (grads[0][np.isfinite(grads[0])] == 0).all()


@pytest.mark.parametrize(
    ("fn", "x", "expected"),
    [
        (lambda ns, x: x.relu(), [np.nan, 1.0], [1.0, 1.0]),
        (lambda ns, x: x.abs(), [np.nan, -2.0], [0.0, -1.0]),
        (lambda ns, x: x.max(), [np.nan, 1.0], [1.0, 0.0]),
        (lambda ns, x: x.min(), [1.0, np.nan, np.nan], [0.0, 0.5, 0.5]),
        (lambda ns, x: ns.maximum(x, x.detach() * 0), [np.nan], [1.0]),
        (lambda ns, x: x.clamp(-1, 1), [np.nan, 1.0, -1.0], [0.0, 1.0, 1.0]),
    ],
    ids=["relu", "abs", "max", "min_two_nans", "maximum", "clamp_at_bounds"],
)
def test_gradient_at_nan_and_at_ties_is_torchs(fn, x, expected):
    grads = assert_engines_agree(fn, x)
    assert grads[0].tolist() == expected


def test_maximum_with_nan_passes_the_gradient_to_both_inputs():
    grads = assert_engines_agree(lambda ns, a, b: ns.maximum(a, b), [np.nan, 0.0], [0.0, np.nan])
    assert [g.tolist() for g in grads] == [[1.0, 1.0], [1.0, 1.0]]


def test_division_gradient_does_not_overflow_in_float32():
    for wrap in (Tensor, torch.tensor):
        x = wrap(np.array([1e-23], dtype=np.float32), requires_grad=True)
        (x / x).sum().backward()
        assert _array(x.grad).tolist() == [0.0]  # b * b underflowed: it was -inf


def test_second_derivative_of_x_to_the_zero_times_x_at_zero_is_zero():
    for engine_grad, wrap in ((grad, Tensor), (torch.autograd.grad, torch.tensor)):
        x = wrap(np.array([0.0]), requires_grad=True)
        (first,) = engine_grad((x**0.0 * x).sum(), [x], create_graph=True)
        (second,) = engine_grad(first.sum(), [x])
        assert _array(first).tolist() == [1.0] and _array(second).tolist() == [0.0]


def test_clamp_with_tensor_bounds_gives_the_bounds_their_gradients():
    x, low, high = [-2.0, 0.0, 0.5, 1.0, 3.0, 0.5], [0.0] * 5 + [1.0], [1.0] * 5 + [0.0]
    grads = assert_engines_agree(lambda ns, x, lo, hi: x.clamp(lo, hi), x, low, high)
    # at a bound, x keeps the gradient; where the bounds cross (last), high takes it
    assert [g.tolist() for g in grads] == [
        [0.0, 1.0, 1.0, 1.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        [0.0, 0.0, 0.0, 0.0, 1.0, 1.0],
    ]


@pytest.mark.parametrize("bound", [0.5, "tensor"])
def test_clamp_of_an_integer_tensor_with_a_float_bound_is_float32(bound):
    ours = Tensor(np.array([0, 1, 2])).clamp(
        min=Tensor(np.float32(0.5)) if bound == "tensor" else bound
    )
    theirs = torch.tensor([0, 1, 2]).clamp(
        min=torch.tensor(0.5) if bound == "tensor" else bound
    )
    assert ours.dtype == np.float32 and theirs.dtype == torch.float32
    assert ours.tolist() == theirs.tolist() == [0.5, 1.0, 2.0]


@pytest.mark.parametrize("op", ["softmax", "log_softmax"])
def test_softmax_over_an_empty_dimension_is_empty_and_differentiable(op):
    (value, grads), (t_value, t_grads) = both_engines(
        lambda ns, x: getattr(x, op)(1), np.zeros((2, 0))
    )
    assert value.shape == t_value.shape == (2, 0) and grads[0].shape == t_grads[0].shape


@pytest.mark.parametrize("op", ["softmax", "log_softmax"])
def test_softmax_of_an_integer_tensor_is_refused_as_in_torch(op):
    with pytest.raises(NotImplementedError):
        getattr(torch.tensor([1, 2]), op)(0)
    with pytest.raises(NotImplementedError, match=f"{op}: not implemented for dtype int64"):
        getattr(Tensor(np.array([1, 2])), op)(0)


SILENT = {  # the warnings the fuzzing found, forward or backward: each now quiet, as torch
    "mean_of_nothing": lambda ns, x: x[:0].mean(),
    "log_softmax_of_all_minus_inf": lambda ns, x: (x * 0 - np.inf).log_softmax(0).sum(),
    "sigmoid_of_nan": lambda ns, x: (x * np.nan).sigmoid().sum(),
    "inf_minus_inf": lambda ns, x: ((x * 0 + np.inf) - np.inf).sum(),
    "matmul_with_inf": lambda ns, x: ((x * np.inf) @ (x * 0)),
}


@pytest.mark.parametrize("name", SILENT)
def test_edge_computations_are_silent_and_agree_with_torch(name):
    with warnings.catch_warnings(), np.errstate(all="warn", under="ignore"):
        warnings.simplefilter("error")
        assert_engines_agree(SILENT[name], [1.0, 2.0])


@pytest.mark.parametrize("fast", [True, False], ids=["error_state_variable", "np_errstate"])
def test_ieee_formulas_are_quiet_by_either_mechanism(fast, monkeypatch):
    from autograd_lib.tensor import mode

    if not fast:  # NumPy 1.26 has no error-state variable: np.errstate instead
        monkeypatch.setattr(mode, "_error_state", None)
    divide = mode.ieee(lambda a, b: a / b)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert divide(np.array([1.0, 0.0]), np.array([0.0, 0.0])).tolist()[0] == np.inf
        with pytest.raises(RuntimeWarning):  # outside a formula, NumPy's own state again
            np.array([1.0]) / np.array([0.0])


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.longdouble])
def test_selected_gradient_keeps_passed_values_bit_for_bit_and_blocks_to_zero(dtype):
    from autograd_lib.tensor.ops.arithmetic import block_where, pass_where

    g = np.array([np.inf, -np.inf, np.nan, -0.0, 2.5, -1e-3], dtype=dtype)
    mask = np.array([True, False, True, True, False, True])
    passed = pass_where(mask, g)
    assert passed.dtype == dtype and np.signbit(passed[3])  # -0.0 passes as it is
    np.testing.assert_array_equal(passed, np.where(mask, g, 0))
    np.testing.assert_array_equal(block_where(mask, g), np.where(mask, 0, g))
    assert not np.signbit(passed[[1, 4]]).any()  # blocked: +0, even under -inf


def test_in_place_changes_and_integer_casts_are_silent():
    with warnings.catch_warnings(), np.errstate(all="warn", under="ignore"):
        warnings.simplefilter("error")
        x = Tensor(np.array([np.inf, 0.0]))
        x -= x  # inf - inf and 0 - 0, in place outside any graph
        x.div_(Tensor(np.array([0.0, 0.0])))
        assert np.isnan(x.data).all()
        assert x.long().dtype == np.int64  # NaN to an integer: some integer, quietly
