"""The scalar engine `Value`: values and gradients as PyTorch (float64) computes them."""

import gc
import math
import sys
import warnings

import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from autograd_lib import Value
from autograd_lib.graph import CycleError

# Each operation as a function that works on Values and on torch tensors alike.
UNARY = {
    "neg": lambda a: -a,
    "exp": lambda a: a.exp(),
    "log": lambda a: a.log(),
    "tanh": lambda a: a.tanh(),
    "relu": lambda a: a.relu(),
    "sigmoid": lambda a: a.sigmoid(),
    "square": lambda a: a**2,
    "cube": lambda a: a**3,
    "sqrt": lambda a: a**0.5,
    "inverse": lambda a: a**-1,
    "add 1.5": lambda a: a + 1.5,
    "1.5 +": lambda a: 1.5 + a,
    "minus 0.5": lambda a: a - 0.5,
    "0.5 -": lambda a: 0.5 - a,
    "times 3": lambda a: a * 3,
    "3 *": lambda a: 3 * a,
    "over 4": lambda a: a / 4,
    "2 /": lambda a: 2 / a,
    "1.5 **": lambda a: 1.5**a,
}
BINARY = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "**": lambda a, b: a**b,
}
LEAVES = 3

trees = st.recursive(
    st.integers(0, LEAVES - 1),  # a leaf: which input (leaves repeat, so nodes get reused)
    lambda sub: st.tuples(st.sampled_from(sorted(UNARY)), sub)
    | st.tuples(st.sampled_from(sorted(BINARY)), sub, sub),
    max_leaves=16,
)
inputs = st.lists(
    st.floats(0.2, 2.0) | st.floats(-2.0, -0.2), min_size=LEAVES, max_size=LEAVES
)


def evaluate(tree, leaves):
    if isinstance(tree, int):
        return leaves[tree]
    op, *args = tree
    table = UNARY if len(args) == 1 else BINARY
    return table[op](*(evaluate(arg, leaves) for arg in args))


def close(ours: float, theirs: float) -> bool:
    return math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-12)


@settings(max_examples=500)
@given(trees, inputs)
def test_random_expressions_match_pytorch_in_value_and_gradient(tree, xs):
    leaves = [Value(x) for x in xs]
    try:
        out = evaluate(tree, leaves)
    except (ValueError, ZeroDivisionError):  # outside an operation's domain
        assume(False)
    assume(isinstance(out, Value))  # a bare leaf index
    tensors = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in xs]
    expected = evaluate(tree, tensors)
    assume(math.isfinite(expected.item()) and abs(expected.item()) < 1e8)
    expected.backward()
    out.backward()
    assert close(out.data, expected.item())
    for leaf, tensor in zip(leaves, tensors, strict=True):
        theirs = 0.0 if tensor.grad is None else tensor.grad.item()
        assume(math.isfinite(theirs) and abs(theirs) < 1e8)
        assert close(leaf.grad, theirs), (leaf.grad, theirs)


@pytest.mark.parametrize(
    ("name", "x"),
    [(name, x) for name in sorted(UNARY) for x in (-1.3, 0.7, 1.9)
     if x > 0 or name not in ("log", "sqrt")],  # log and sqrt: positive inputs only
)
def test_each_unary_operation_matches_pytorch(name, x):
    ours, theirs = Value(x), torch.tensor(x, dtype=torch.float64, requires_grad=True)
    out, expected = UNARY[name](ours), UNARY[name](theirs)
    out.backward()
    expected.backward()
    assert close(out.data, expected.item()) and close(ours.grad, theirs.grad.item())


@pytest.mark.parametrize("name", sorted(BINARY))
def test_each_binary_operation_matches_pytorch(name):
    ours = [Value(1.7), Value(-0.6)]
    theirs = [torch.tensor(v.data, dtype=torch.float64, requires_grad=True) for v in ours]
    out, expected = BINARY[name](*ours), BINARY[name](*theirs)
    out.backward()
    expected.backward()
    assert close(out.data, expected.item())
    for v, t in zip(ours, theirs, strict=True):
        assert close(v.grad, t.grad.item())


# Reused nodes: each path contributes its gradient exactly once.


def test_a_diamond_adds_the_gradients_of_both_paths():
    x = Value(3.0)
    y = x * 2.0 + x * 5.0
    y.backward()
    assert x.grad == 7.0


def test_a_square_written_as_a_product_has_gradient_2x():
    x = Value(3.0)
    (x * x).backward()
    assert x.grad == 6.0


def test_a_sum_of_a_value_with_itself_has_gradient_2():
    a = Value(-4.0)
    (a + a).backward()
    assert a.grad == 2.0


def test_a_node_reused_deep_in_the_graph_is_counted_once_per_path():
    x = Value(0.5)
    h = x.tanh()
    out = h * h + h.exp() - h / (h + 2.0)
    out.backward()
    t = math.tanh(0.5)
    dout_dh = 2 * t + math.exp(t) - 2.0 / (t + 2.0) ** 2
    assert math.isclose(x.grad, dout_dh * (1 - t * t), rel_tol=1e-12)


# Constants and numbers on either side.


@pytest.mark.parametrize(
    ("f", "value", "slope"),
    [
        (lambda x: 2 * x, 6.0, 2.0),
        (lambda x: x + 1, 4.0, 1.0),
        (lambda x: 1 - x, -2.0, -1.0),
        (lambda x: 6 / x, 2.0, -6.0 / 9.0),
        (lambda x: 2**x, 8.0, 8.0 * math.log(2.0)),
        (lambda x: x**2, 9.0, 6.0),
    ],
)
def test_numbers_on_either_side_act_as_constants(f, value, slope):
    x = Value(3.0)
    out = f(x)
    out.backward()
    assert math.isclose(out.data, value) and math.isclose(x.grad, slope)


def test_numpy_numbers_combine_with_values_into_values():
    x = Value(3.0)
    out = np.float64(2.0) * x + np.int64(1)
    assert isinstance(out, Value) and out.data == 7.0


def test_an_unsupported_operand_raises_type_error():
    with pytest.raises(TypeError):
        Value(1.0) + "2"


def test_data_must_be_a_real_number():
    with pytest.raises(TypeError, match="data must be a real number, got str"):
        Value("2")


# Accumulation, as in PyTorch.


def test_backward_twice_doubles_the_leaf_gradients():
    x, y = Value(2.0), Value(-3.0)
    out = (x * y).tanh() + x
    out.backward()
    once = (x.grad, y.grad)
    out.backward()
    assert math.isclose(x.grad, 2 * once[0]) and math.isclose(y.grad, 2 * once[1])


def test_inner_nodes_hold_the_gradient_of_the_latest_backward():
    x = Value(2.0)
    h = x * 3.0
    out = h * h
    out.backward()
    out.backward()
    assert h.grad == 2 * h.data and out.grad == 1.0


def test_zeroing_the_leaves_starts_afresh():
    x = Value(2.0)
    out = x * x
    out.backward()
    x.grad = 0.0
    out.backward()
    assert x.grad == 4.0


def test_a_leaf_can_be_backpropagated_from():
    x = Value(2.0)
    x.backward()
    assert x.grad == 1.0


# Depth and memory.


def test_a_hundred_thousand_node_chain_backpropagates_at_the_default_recursion_limit():
    assert sys.getrecursionlimit() <= 10_000
    x = Value(1.0)
    out = x
    for _ in range(100_000):
        out = out * 1.0 + 0.0
    out.backward()
    assert x.grad == 1.0


def test_a_million_node_chain_builds_and_backpropagates():
    x = Value(0.5)
    out = x
    for _ in range(1_000_000):
        out = out + 1e-6
    out.backward()
    assert x.grad == 1.0 and math.isclose(out.data, 1.5)


def test_a_graph_is_freed_by_reference_counting_alone():
    import weakref

    gc.disable()
    try:
        x = Value(2.0)
        out = (x * x).exp() + x.tanh()
        out.backward()
        nodes = [weakref.ref(out), weakref.ref(out._a), weakref.ref(out._b)]
        del out
        assert all(ref() is None for ref in nodes)
    finally:
        gc.enable()


def test_a_cycle_in_a_graph_is_reported():
    x = Value(1.0)
    y = x * 2.0
    x._a, x._da = y, 1.0  # tamper: x now depends on y, which depends on x
    with pytest.raises(CycleError):
        y.backward()
    x._a = None


def test_values_have_no_instance_dictionary():
    assert not hasattr(Value(1.0), "__dict__")


# Numerical edge cases.


@pytest.fixture
def no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


@pytest.mark.usefixtures("no_warnings")
@pytest.mark.parametrize(("x", "out", "slope"), [(1000.0, 1.0, 0.0), (-1000.0, -1.0, 0.0)])
def test_tanh_reaches_its_limits_for_large_inputs(x, out, slope):
    v = Value(x)
    y = v.tanh()
    y.backward()
    assert (y.data, v.grad) == (out, slope)


@pytest.mark.usefixtures("no_warnings")
@pytest.mark.parametrize(("x", "out"), [(1000.0, 1.0), (-1000.0, 0.0), (-745.0, math.exp(-745))])
def test_sigmoid_is_stable_for_large_inputs(x, out):
    v = Value(x)
    y = v.sigmoid()
    y.backward()
    assert y.data == out and v.grad == out * (1 - out)


@pytest.mark.usefixtures("no_warnings")
def test_exp_overflows_to_infinity_quietly():
    assert Value(1000.0).exp().data == math.inf
    assert Value(-1000.0).exp().data == 0.0


@pytest.mark.parametrize("x", [0.0, -2.5])
def test_log_of_a_non_positive_value_raises_naming_it(x):
    with pytest.raises(ValueError, match=rf"log of a non-positive value: Value\(data={x}"):
        Value(x, label="x").log()


def test_zero_to_a_negative_power_raises_naming_the_value():
    with pytest.raises(ValueError, match=r"0 \*\* negative is undefined: Value\(data=0.0"):
        Value(0.0) ** -1


def test_zero_to_a_negative_value_power_raises_too():
    with pytest.raises(ValueError, match="0 \\*\\* negative"):
        Value(0.0) ** Value(-2.0)


def test_negative_base_to_a_fractional_power_raises():
    with pytest.raises(ValueError, match="not real"):
        Value(-8.0) ** (1 / 3)


def test_division_by_zero_raises_naming_both_values():
    with pytest.raises(ZeroDivisionError, match=r"Value\(data=1.0.*Value\(data=0.0"):
        Value(1.0) / 0


def test_relu_has_slope_zero_at_zero_as_in_pytorch():
    x = Value(0.0)
    x.relu().backward()
    assert x.grad == 0.0


def test_square_root_at_zero_has_infinite_slope_as_in_pytorch():
    x = Value(0.0)
    (x**0.5).backward()
    assert x.grad == math.inf


def test_power_of_values_at_a_zero_base_has_zero_exponent_slope_as_in_pytorch():
    base, exponent = Value(0.0), Value(2.0)
    (base**exponent).backward()
    assert (base.grad, exponent.grad) == (0.0, 0.0)


@pytest.mark.usefixtures("no_warnings")
def test_a_power_that_overflows_gives_infinity():
    assert (Value(10.0) ** 400).data == math.inf
    assert (Value(-10.0) ** 401).data == -math.inf


# What drawing needs.


def test_each_node_records_its_operation_inputs_and_label():
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    c = a * b
    assert (c.op, c.children, c.local_grads) == ("*", (a, b), (3.0, 2.0))
    assert a.children == () and a.label == "a" and "label='a'" in repr(a)
    assert (a.tanh().op, (a**2).op) == ("tanh", "**2")
