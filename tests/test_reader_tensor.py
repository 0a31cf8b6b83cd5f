"""The reader's tensor engine (chapter 8) and the library's `Tensor` compute the same thing.

Hypothesis draws random programs over the reader's operations: inputs of shapes that broadcast
together, then a few steps, each applying one operation to earlier values (so values are
reused: shared subexpressions). Every program runs on three engines, the reader's
`autograd_lib.reader.tensor`, the library's `autograd_lib.Tensor` and PyTorch, in float64; the
values of every step and the gradients of every input must agree. The fast engine is thus
checked against the readable one as well as against PyTorch. Example tests at the end pin the
engine's edges: NumPy arrays on the left, backward's guards, the forms reshape accepts, a
0-d sum along a dim, advanced indices.
"""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd_lib import Tensor
from autograd_lib.reader import tensor as reader
from autograd_lib.testing.registry import OURS, REGISTRY, torch_namespace
from autograd_lib.testing.samplers import RandomSampler

TOLERANCE = 1e-10

BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / (b * b + 1),  # a denominator of at least 1
}
UNARY = {
    "neg": lambda a: -a,
    "exp": lambda a: (-(a * a)).exp(),  # exp(-a^2) stays in (0, 1]
    "log": lambda a: (a * a + 1).log(),
    "relu": lambda a: a.relu(),
    "square": lambda a: a**2,
    "flatten": lambda a: a.reshape(-1),
}


def broadcasts(a: tuple, b: tuple) -> bool:
    try:
        np.broadcast_shapes(a, b)
    except ValueError:
        return False
    return True


@st.composite
def step(draw, shapes: list[tuple]) -> tuple:
    """One operation on earlier values: (description, function of the values list)."""
    i = draw(st.integers(0, len(shapes) - 1))
    shape = shapes[i]
    kinds = ["binary", "unary", "sum", "mean"]
    if shape:
        kinds += ["index", "log_softmax"]
    if len(shape) == 2:
        kinds += ["matmul", "transpose"]
    kind = draw(st.sampled_from(kinds))
    if kind == "binary":
        j = draw(st.sampled_from([j for j, s in enumerate(shapes) if broadcasts(shape, s)]))
        name = draw(st.sampled_from(sorted(BINARY)))
        return f"{name}(v{i}, v{j})", lambda v: BINARY[name](v[i], v[j])
    if kind == "unary":
        name = draw(st.sampled_from(sorted(UNARY)))
        return f"{name}(v{i})", lambda v: UNARY[name](v[i])
    if kind in ("sum", "mean"):
        rank = max(len(shape), 1)  # PyTorch lets a 0-d tensor be summed along dim 0 or -1
        dim = draw(st.one_of(st.none(), st.integers(-rank, rank - 1)))
        keepdim = draw(st.booleans())
        return (f"{kind}(v{i}, dim={dim}, keepdim={keepdim})",
                lambda v: getattr(v[i], kind)(dim=dim, keepdim=keepdim))
    if kind == "index":
        rows = draw(st.lists(st.integers(0, shape[0] - 1), min_size=1, max_size=4))
        return f"v{i}[{rows}]", lambda v: v[i][rows]
    if kind == "log_softmax":
        dim = draw(st.integers(-len(shape), len(shape) - 1))
        return f"v{i}.log_softmax({dim})", lambda v: v[i].log_softmax(dim)
    if kind == "transpose":
        return f"v{i}.T", lambda v: v[i].transpose(0, 1)
    partners = [j for j, s in enumerate(shapes) if len(s) == 2 and s[1] == shape[1]]
    j = draw(st.sampled_from(partners))  # includes i itself: v_i @ v_i.T
    return f"v{i} @ v{j}.T", lambda v: v[i] @ v[j].transpose(0, 1)


@st.composite
def programs(draw) -> tuple:
    """Input shapes, the steps (description, function), each step's shape, a seed for values."""
    shapes = list(draw(hnp.mutually_broadcastable_shapes(
        num_shapes=draw(st.integers(1, 3)), max_dims=3, max_side=3)).input_shapes)
    n_inputs = len(shapes)
    steps = []
    for _ in range(draw(st.integers(1, 6))):
        description, function = draw(step(shapes))
        ones = [reader.Tensor(np.ones(s)) for s in shapes]
        shapes.append(function(ones).shape)  # the shape this step produces
        steps.append((description, function))
    return shapes[:n_inputs], steps, shapes[n_inputs:], draw(st.integers(0, 2**32 - 1))


# engine -> (its tensor constructor, a gradient as a NumPy array)
ENGINES = {
    "reader": (reader.Tensor, np.asarray),
    "library": (Tensor, lambda grad: grad.numpy()),
    "torch": (torch.tensor, lambda grad: grad.numpy()),
}


def run(engine: str, arrays: list[np.ndarray], steps: list, weights: list[np.ndarray]):
    """Every step's value and every input's gradient of sum_k <weights_k, value_k>."""
    make, grad_of = ENGINES[engine]
    inputs = [make(a.copy(), requires_grad=True) for a in arrays]
    values = list(inputs)
    for _, function in steps:
        values.append(function(values))
    outputs = values[len(inputs):]
    loss = sum((out * make(w)).sum() for out, w in zip(outputs, weights, strict=True))
    loss.backward()
    as_array = (lambda t: t.data) if engine == "reader" else (lambda t: t.detach().numpy())
    return [np.asarray(as_array(v)) for v in outputs], [
        np.zeros(x.shape) if x.grad is None else grad_of(x.grad) for x in inputs]  # unused: 0


def assert_close(computed: np.ndarray, reference: np.ndarray, what: str) -> None:
    scale = max(1.0, float(np.abs(reference).max(initial=0.0)))
    error = float(np.abs(computed - reference).max(initial=0.0))
    assert computed.shape == reference.shape, f"{what}: shape {computed.shape} != {reference.shape}"
    assert error <= TOLERANCE * scale, f"{what}: differs by {error:.1e} (scale {scale:.1e})"


@settings(max_examples=300)
@given(program=programs())
def test_reader_library_and_torch_agree_on_random_programs(program):
    input_shapes, steps, output_shapes, seed = program
    rng = np.random.default_rng(seed)
    arrays = [rng.normal(size=s) for s in input_shapes]
    weights = [np.asarray(rng.normal(size=s)) for s in output_shapes]
    results = {engine: run(engine, arrays, steps, weights) for engine in ENGINES}
    reference_values, reference_grads = results["torch"]
    for engine in ("reader", "library"):
        values, grads = results[engine]
        for (description, _), value, expected in zip(steps, values, reference_values,
                                                     strict=True):
            assert_close(value, expected, f"{engine}, value of {description}")
        for k, (grad, expected) in enumerate(zip(grads, reference_grads, strict=True)):
            assert_close(grad, expected, f"{engine}, gradient of input {k}")


# Example tests of the reader's engine at its edges (chapter 8).


def test_an_array_on_the_left_of_a_tensor_gives_a_tensor_with_a_graph():
    x = reader.Tensor([1.0, 2.0], requires_grad=True)
    y = np.array([2.0, 3.0]) * x
    assert isinstance(y, reader.Tensor) and y.grad_fn.function is reader.Mul
    y.backward()
    assert x.grad.tolist() == [2.0, 3.0]


def test_a_float64_array_is_wrapped_without_a_copy_and_others_are_converted():
    a64, a32 = np.zeros(3), np.zeros(3, dtype=np.float32)
    assert np.shares_memory(reader.Tensor(a64).data, a64)
    assert reader.Tensor(a32).data.dtype == np.float64


def test_backward_refuses_a_tensor_that_does_not_require_grad():
    with pytest.raises(RuntimeError, match="does not require grad"):
        reader.Tensor([1.0]).exp().backward()


def test_backward_checks_the_shape_of_the_gradient_it_starts_from():
    x = reader.Tensor([1.0, 2.0, 3.0], requires_grad=True)
    with pytest.raises(ValueError, match=r"gradient of shape \(2,\) for a tensor of shape \(3,\)"):
        x.exp().backward(np.ones(2))


def test_backward_accepts_a_list_as_the_gradient_to_start_from():
    x = reader.Tensor([1.0, 2.0], requires_grad=True)
    (x * 3).backward([1.0, -1.0])
    assert x.grad.tolist() == [3.0, -3.0]


def test_reshape_takes_the_shape_as_numbers_or_as_one_tuple():
    m = reader.Tensor(np.arange(24.0).reshape(2, 3, 4))
    assert m.reshape(6, 4).shape == m.reshape((6, 4)).shape == m.reshape([6, 4]).shape == (6, 4)


def reader_and_torch(expression, array: np.ndarray) -> tuple:
    """The value and the gradient of sum(expression(x)^2) on the reader's engine and torch."""
    x, xt = reader.Tensor(array.copy(), requires_grad=True), torch.tensor(array, requires_grad=True)
    y, yt = expression(x), expression(xt)
    (y * y).sum().backward()
    (yt * yt).sum().backward()
    return (y.data, x.grad), (yt.detach().numpy(), xt.grad.numpy())


@pytest.mark.parametrize("reduction", ["sum", "mean"])
@pytest.mark.parametrize("dim", [0, -1])
@pytest.mark.parametrize("keepdim", [False, True])
def test_a_0d_tensor_reduced_along_a_dim_has_torchs_value_and_gradient(reduction, dim, keepdim):
    ours, theirs = reader_and_torch(lambda t: getattr(t, reduction)(dim=dim, keepdim=keepdim),
                                    np.array(1.5))
    for computed, expected in zip(ours, theirs, strict=True):
        assert_close(np.asarray(computed), expected, f"{reduction}(dim={dim})")


# name -> (the indexed array's shape, the index): the kinds the op registry draws
ADVANCED_INDICES = {
    "rows with repeats": ((3, 2), [2, 0, 2, 2]),
    "negative rows": ((3, 2), [-1, -3, 0]),
    "pairs of lists": ((3, 2), ([0, 2, 2], [1, 0, 1])),
    "a mask": ((3, 2), np.array([[True, False], [False, False], [True, True]])),
    "a row mask": ((3, 2), np.array([False, True, True])),
    "a one-entry mask": ((1,), np.array([True])),
}


@pytest.mark.parametrize("name", sorted(ADVANCED_INDICES))
def test_advanced_indices_have_torchs_value_and_gradient(name):
    shape, index = ADVANCED_INDICES[name]
    array = np.random.default_rng(0).normal(size=shape)
    torch_index = torch.from_numpy(index) if isinstance(index, np.ndarray) else index
    ours, theirs = reader_and_torch(
        lambda t: t[index] if isinstance(t, reader.Tensor) else t[torch_index], array)
    for computed, expected in zip(ours, theirs, strict=True):
        assert_close(computed, expected, name)


@pytest.mark.parametrize("seed", range(100))
def test_the_registrys_advanced_indices_run_on_the_readers_engine(seed):
    spec = REGISTRY["getitem_advanced"]
    array, index = spec.sample(RandomSampler(np.random.default_rng(seed)))
    x, xt = reader.Tensor(array.copy(), requires_grad=True), torch.tensor(array, requires_grad=True)
    y, yt = spec.call(OURS, x, index), spec.call(torch_namespace(), xt, index)
    (y * y).sum().backward()
    (yt * yt).sum().backward()
    assert_close(y.data, yt.detach().numpy(), f"value of x[{index}]")
    assert_close(x.grad, xt.grad.numpy(), f"gradient of x[{index}]")
