"""The library's fast `Value` against the reader's (chapter 7), and both against PyTorch.

Random expression programs over a few inputs: each step applies an operation to earlier
results, so subexpressions are shared the way a network shares its activations. The library's
engine and the one the reader writes in chapter 7 must give the same value and the same
gradient for every input, and both must match PyTorch in float64.
"""

import math

import torch
from hypothesis import assume, given
from hypothesis import strategies as st

from autograd_lib import Value as FastValue
from autograd_lib.reader import scalar as reader
from autograd_lib.scalar.mlp import MLP as FastMLP
from autograd_lib.scalar.mlp import max_margin_loss as fast_max_margin_loss

# Each operation works on either engine's Value and on torch tensors alike. Logarithms and
# divisions act on x * x + 1, so every program stays inside their domains.
UNARY = {
    "neg": lambda a: -a,
    "exp of tanh": lambda a: a.tanh().exp(),
    "log": lambda a: (a * a + 1).log(),
    "tanh": lambda a: a.tanh(),
    "relu": lambda a: a.relu(),
    "square": lambda a: a**2,
    "cube": lambda a: a**3,
    "1.5 +": lambda a: 1.5 + a,
    "0.5 -": lambda a: 0.5 - a,
    "3 *": lambda a: 3 * a,
    "2 /": lambda a: 2 / (a * a + 1),
    "minus 0.5": lambda a: a - 0.5,
    "over 4": lambda a: a / 4,
}
BINARY = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / (b * b + 1),
}
OPERATIONS = {**{name: (1, f) for name, f in UNARY.items()},
              **{name: (2, f) for name, f in BINARY.items()}}


@st.composite
def programs(draw):
    """Inputs, and steps ``(operation, argument indices)`` that refer to earlier results."""
    inputs = draw(st.lists(st.floats(-2.0, 2.0), min_size=1, max_size=3))
    steps = []
    for k in range(draw(st.integers(1, 8))):
        name = draw(st.sampled_from(sorted(OPERATIONS)))
        arity = OPERATIONS[name][0]
        arguments = draw(st.lists(st.integers(0, len(inputs) + k - 1),
                                  min_size=arity, max_size=arity))
        steps.append((name, tuple(arguments)))
    return inputs, steps


def run(program, leaf):
    """Value of the program's last step and the gradient of every input, via ``leaf``."""
    inputs, steps = program
    leaves = [leaf(x) for x in inputs]
    results = list(leaves)
    for name, arguments in steps:
        results.append(OPERATIONS[name][1](*(results[i] for i in arguments)))
    out = results[-1]
    out.backward()
    grads = [0.0 if v.grad is None else float(v.grad) for v in leaves]
    return float(out.data), grads


def torch_leaf(x):
    return torch.tensor(x, dtype=torch.float64, requires_grad=True)


def assert_close(got, expected):
    (value, grads), (expected_value, expected_grads) = got, expected
    for a, b in zip([value, *grads], [expected_value, *expected_grads], strict=True):
        assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12), (got, expected)


@given(programs())
def test_library_value_matches_the_readers_value(program):
    expected = run(program, torch_leaf)
    assume(all(math.isfinite(x) for x in [expected[0], *expected[1]]))
    assert_close(run(program, FastValue), run(program, reader.Value))


@given(programs())
def test_readers_value_matches_pytorch(program):
    expected = run(program, torch_leaf)
    assume(all(math.isfinite(x) for x in [expected[0], *expected[1]]))
    assert_close(run(program, reader.Value), expected)


@given(programs())
def test_library_value_matches_pytorch(program):
    expected = run(program, torch_leaf)
    assume(all(math.isfinite(x) for x in [expected[0], *expected[1]]))
    assert_close(run(program, FastValue), expected)


def test_shared_subexpression_adds_the_gradients_of_both_paths():
    program = ([3.0], [("square", (0,)), ("+", (1, 0))])  # x**2 + x, x used twice
    for leaf in (reader.Value, FastValue):
        assert run(program, leaf) == (12.0, [7.0])


def test_readers_network_matches_the_librarys_on_the_same_weights():
    X = [[0.5, -1.0], [1.5, 0.25], [-0.75, 0.5]]
    y = [1, -1, 1]
    ours, theirs = reader.MLP(2, [4, 4, 1], seed=3), FastMLP(2, [4, 4, 1], rng=3)
    assert [p.data for p in ours.parameters()] == [p.data for p in theirs.parameters()]
    loss, accuracy = reader.max_margin_loss(ours, X, y)
    fast_loss, fast_accuracy = fast_max_margin_loss(theirs, X, y, value=FastValue)
    loss.backward()
    fast_loss.backward()
    assert math.isclose(loss.data, fast_loss.data, rel_tol=1e-12) and accuracy == fast_accuracy
    for p, q in zip(ours.parameters(), theirs.parameters(), strict=True):
        assert math.isclose(p.grad, q.grad, rel_tol=1e-9, abs_tol=1e-15)


def test_readers_backward_is_recursive_and_stops_at_the_recursion_limit():
    chain = reader.Value(0.5)
    for _ in range(5_000):
        chain = chain.tanh()
    try:
        chain.backward()
    except RecursionError:
        return
    raise AssertionError("chapter 7's recursive backward handled a 5,000-deep chain")
