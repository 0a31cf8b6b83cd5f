"""Chapter 12's compiler: compiled code computes what the eager code computes.

Property tests draw random programs from the primitives the tracer records (NumPy-level
operations), random expressions of chapter 8's engine with their backward pass, and random
programs composed from the entries of the op registry (`autograd_lib.testing.registry`)
that chapter 8's engine has, on inputs from the registry's samplers; both code generators
must agree with running the same function eagerly. Then the guards: a new shape compiles again, a
branch on a traced value falls back to eager execution, and says why.
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from torch_pair import HypothesisSampler

from autograd_lib.book import mlp_steps
from autograd_lib.compiler import (
    ConcretizationError,
    TracingError,
    dead_code,
    format_program,
    fusion,
    jit,
    program,
    simplify,
    trace,
)
from autograd_lib.reader.tensor import Tensor
from autograd_lib.testing.registry import OURS, REGISTRY

from book import notebook

ROWS, COLS = 3, 4


def positive(a):
    return np.abs(a) + 0.5


UNARY = {  # each keeps the shape and stays finite on any finite input
    "exp": lambda a: np.exp(np.tanh(a)),
    "log": lambda a: np.log(positive(a)),
    "sqrt": lambda a: np.sqrt(positive(a)),
    "negative": np.negative,
    "tanh": np.tanh,
    "relu": lambda a: np.maximum(a, 0),
    "relu_mask": lambda a: a * (a > 0),
    "where": lambda a: np.where(a >= 0.1, a, -a),
    "square": lambda a: a**2,
    "softmax_shift": lambda a: a - a.max(axis=1, keepdims=True),
    "row_sum": lambda a: np.broadcast_to(a.sum(axis=1, keepdims=True), a.shape) * 0.5,
    "column_mean": lambda a: a - a.sum(axis=0) / ROWS,
    "transpose_twice": lambda a: a.T.T,
}
BINARY = {
    "add": np.add,
    "subtract": np.subtract,
    "multiply": np.multiply,
    "maximum": np.maximum,
    "minimum": np.minimum,
    "divide": lambda a, b: a / positive(b),
    "bias": lambda a, b: a + b.sum(axis=0),  # a row broadcast over the rows
    "matmul": lambda a, b: np.tanh(a @ b.T @ a) * 0.1,
}


@st.composite
def programs(draw):
    """A random function of three (3, 4) arrays, as a list of steps on a growing list of
    values: each step applies a unary or binary primitive to earlier values."""
    steps = []
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.booleans()):
            steps.append(("unary", draw(st.sampled_from(sorted(UNARY))),
                          draw(st.integers(0, 100))))
        else:
            steps.append(("binary", draw(st.sampled_from(sorted(BINARY))),
                          draw(st.integers(0, 100)), draw(st.integers(0, 100))))
    outputs = draw(st.lists(st.integers(0, 100), min_size=1, max_size=3))
    return steps, outputs


def run_program(steps, outputs, *inputs):
    values = list(inputs)
    for step in steps:
        args = [values[k % len(values)] for k in step[2:]]
        values.append((UNARY if step[0] == "unary" else BINARY)[step[1]](*args))
    return [values[len(inputs) + k % (len(values) - len(inputs))]
            if len(values) > len(inputs) else values[0] for k in outputs]


def inputs(seed):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal((ROWS, COLS)) for _ in range(3)]


def assert_same(got, expected, atol=1e-12):
    assert len(got) == len(expected)
    for g, e in zip(got, expected, strict=True):
        assert g.shape == np.shape(e) and g.dtype == np.asarray(e).dtype
        np.testing.assert_allclose(g, e, rtol=1e-12, atol=atol)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs(), st.integers(0, 2**16))
def test_numpy_code_agrees_with_eager_numpy_on_random_programs(program, seed):
    steps, outputs = program
    fn = jit(lambda a, b, c: run_program(steps, outputs, a, b, c), backend="numpy")
    args = inputs(seed)
    assert_same(fn(*args), run_program(steps, outputs, *args))
    assert fn.log[0].startswith("compiled"), fn.log


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs(), st.integers(0, 2**16))
def test_numba_code_agrees_with_eager_numpy_on_random_programs(program, seed):
    steps, outputs = program
    fn = jit(lambda a, b, c: run_program(steps, outputs, a, b, c))
    args = inputs(seed)
    assert_same(fn(*args), run_program(steps, outputs, *args), atol=1e-12)
    assert fn.log[0].startswith("compiled"), fn.log


ENGINE_OPS = {  # chapter 8's operations, with their backward passes
    "add": lambda t, u: t + u,
    "mul": lambda t, u: t * u,
    "sub": lambda t, u: t - u,
    "matmul": lambda t, u: (t @ u.T) @ t * 0.1,
    "relu": lambda t, u: t.relu(),
    "exp": lambda t, u: (t * 0.3).exp(),
    "log_softmax": lambda t, u: t.log_softmax(dim=1),
    "mean_rows": lambda t, u: t - t.mean(dim=0, keepdim=True),
    "sum_cols": lambda t, u: t * t.sum(dim=1, keepdim=True),
    "reshape": lambda t, u: t.reshape(COLS, ROWS).reshape(ROWS, COLS),
    "transpose": lambda t, u: t.T.T,
}


def engine_gradients(names, a, b):
    """The gradients of a random chain of chapter 8's operations, by its backward pass."""
    x, w = Tensor(a, requires_grad=True), Tensor(b, requires_grad=True)
    h = x
    for name in names:
        h = ENGINE_OPS[name](h, w)
    loss = (h * h).sum()
    loss.backward()
    return [x.grad, np.zeros_like(b) if w.grad is None else w.grad, loss.data]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(sorted(ENGINE_OPS)), min_size=1, max_size=5),
       st.integers(0, 2**16))
def test_compiled_backward_passes_agree_with_the_engine(names, seed):
    a, b, _ = inputs(seed)
    fn = jit(lambda a, b: engine_gradients(names, a, b), backend="numpy")
    assert_same(fn(a, b), engine_gradients(names, a, b), atol=1e-10)
    assert fn.log[0].startswith("compiled"), fn.log


def test_the_tracer_records_operations_without_computing():
    program, _ = trace(lambda x: (np.exp(x) * 2).sum(axis=0), np.ones((2, 3), np.float32))
    assert [e.op for e in program.eqns] == ["exp", "multiply", "sum"]
    assert program.outputs[0].shape == (3,) and program.outputs[0].dtype == np.float32
    assert "f32[2,3] = exp v0" in format_program(program)


def test_numbers_wrapped_by_the_engine_keep_float32():
    program, _ = trace(lambda x: (Tensor(x) * 0.5).mean().data, np.ones(4, np.float32))
    assert all(v.dtype == np.float32 for e in program.eqns for v in e.outs)


def test_dead_code_removes_what_no_output_reads():
    program, _ = trace(lambda x: (np.exp(x), np.log(x))[0], np.ones(3))
    assert [e.op for e in dead_code(program).eqns] == ["exp"]


def test_constants_are_folded_and_adding_zero_disappears():
    program, _ = trace(lambda x: x * (np.ones_like(x) * 2 + 1) + 0, np.ones(3))
    assert [e.op for e in simplify(program).eqns] == ["const", "multiply"]


def test_a_branch_on_a_traced_value_raises_concretization_error():
    with pytest.raises(ConcretizationError, match="branches on the value of v2"):
        trace(lambda x: x if x.sum() > 0 else -x, np.ones(3))


def test_an_unknown_numpy_function_raises_tracing_error():
    with pytest.raises(TracingError, match=r"no rule for np\.cumsum"):
        trace(np.cumsum, np.ones(3))


def test_a_new_shape_compiles_again_and_the_same_shape_does_not():
    fn = jit(lambda x: np.exp(x).sum(axis=1), backend="numpy")
    for shape in [(2, 3), (2, 3), (5, 3)]:
        np.testing.assert_allclose(fn(np.ones(shape)), np.full(shape[0], 3 * np.e))
    assert len(fn.cache) == 2 and all(line.startswith("compiled") for line in fn.log)


def test_another_dtype_or_number_compiles_again():
    fn = jit(lambda x, c: x * c, backend="numpy")
    fn(np.ones(2), 2.0)
    fn(np.ones(2, np.float32), 2.0)
    assert fn(np.ones(2), 3.0)[0] == 3.0
    assert len(fn.cache) == 3


def test_control_flow_on_traced_values_falls_back_to_eager_and_says_why():
    def clipped(x):
        return x * 0.5 if x.max() > 1 else x

    fn = jit(clipped)
    np.testing.assert_array_equal(fn(np.array([0.5, 4.0])), [0.25, 2.0])
    np.testing.assert_array_equal(fn(np.array([0.5, 4.0])), [0.25, 2.0])
    assert len(fn.log) == 1 and fn.log[0].startswith("eager for float64[2]: Concretization")


def test_donated_arrays_are_updated_in_place_and_others_are_not():
    def update(params, g):
        return [p - 0.1 * g for p in params]

    params, g = [np.ones(3), np.ones(3)], np.full(3, 2.0)
    for backend in ("numpy", "numba"):
        kept = [p.copy() for p in params]
        out = jit(update, backend=backend)(params, g)
        assert all(np.array_equal(p, k) for p, k in zip(params, kept, strict=True))
        donated = [p.copy() for p in params]
        out = jit(update, backend=backend, donate=(0,))(donated, g)
        assert all(o is d for o, d in zip(out, donated, strict=True))
        np.testing.assert_allclose(donated[0], [0.8, 0.8, 0.8])


# ---------------------------------------------------------------------------------------
# The chapter's published exercise solutions run and pass their own checks.
# ---------------------------------------------------------------------------------------


def chapter_namespace() -> dict:
    """What the solutions use from the page: `train_step`, `careful_step`, the data and the
    weights."""
    cells = [c.source for c in notebook("12_compiling_the_graph").cells if c.cell_type == "code"]
    namespace = {"np": np, "mlp_steps": mlp_steps}
    for start in ("#| export\nfrom autograd_lib.reader.tensor", "x_all, y_all = "):
        exec(next(c for c in cells if c.startswith(start)), namespace)
    careful = next(c for c in cells if c.startswith("def careful_step"))
    exec(careful.split("\ncareful = ", 1)[0], namespace)  # the function, not its demo
    return namespace


@pytest.mark.parametrize("label", ["ch12-ex-square", "ch12-ex-transpose", "ch12-ex-branch"])
def test_the_chapters_solution_runs(label):
    text = "\n".join(c.source for c in notebook("12_compiling_the_graph").cells
                     if c.cell_type == "markdown")
    solution = text.split(f":::{{solution}} {label}", 1)[1].split("\n:::", 1)[0]
    code = solution.split("```python\n", 1)[1].split("```", 1)[0]
    added = "square" not in program.ELEMENTWISE
    try:
        exec(code, chapter_namespace())
    finally:
        if added:  # the first solution teaches the compiler a primitive: forget it again
            program.ELEMENTWISE.discard("square")
            fusion.FUSABLE.discard("square")
            fusion.EXPRESSIONS.pop("square", None)


def test_the_benchmarks_compiled_step_takes_the_same_steps_as_numpy_by_hand():
    from benchmarks import bench_compiler

    x, y = mlp_steps.digits()
    layers = mlp_steps.init_layers([64, 16, 10])
    batches = mlp_steps.batches(x, y, 32)[:4]
    finals = {}
    for make in (bench_compiler.compiled, mlp_steps.numpy_by_hand):
        step, params = make(layers, batches)
        for i in range(8):
            step(i)
        finals[make] = params()
    for ours, theirs in zip(*finals.values(), strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-5)
    assert not np.allclose(finals[mlp_steps.numpy_by_hand][0], layers[0][0])


# The registry's entries whose call runs on chapter 8's engine (the others use methods that
# engine lacks: sqrt, tanh, max, cat, ...): all must compile. Indexing is the exception:
# the tracer records none, so those entries must fall back to eager execution.
COMPILED_ENTRIES = ["add", "sub", "mul", "div", "pow_scalar", "rsub_scalar", "rdiv_scalar",
                    "neg", "exp", "log", "relu", "sum", "mean", "log_softmax", "reshape",
                    "transpose", "T"]
EAGER_ENTRIES = ["getitem", "getitem_advanced"]
CHAINED = ["neg", "exp", "relu", "pow_scalar", "rsub_scalar"]  # any real input is valid


def registry_program(data, names: list) -> tuple:
    """A function of float64 arrays composed from registry entries: each entry on its own
    drawn inputs, its result passed through drawn elementwise entries, and everything summed
    into one loss; it returns the loss and the inputs' gradients on chapter 8's engine."""
    sampler = HypothesisSampler(data)
    steps = [(REGISTRY[name], REGISTRY[name].sample(sampler),
              data.draw(st.lists(st.sampled_from(CHAINED), max_size=2), label="chain"))
             for name in names]
    inputs = [a for _, args, _ in steps for a in args
              if isinstance(a, np.ndarray) and a.dtype == np.float64]

    # ns=OURS keeps an index mask a NumPy array (any other ns makes it a torch tensor)
    def program(*arrays):
        tensors = [Tensor(a, requires_grad=True) for a in arrays]
        fresh, loss = iter(tensors), 0.0
        for k, (spec, args, chain) in enumerate(steps):
            r = spec.call(OURS, *[next(fresh) if any(a is x for x in inputs) else a
                                  for a in args])
            for name in chain:
                r = REGISTRY[name].call(OURS, r)
            loss = loss + (r * r).sum() * (k + 1)
        loss.backward()
        return loss.data, [t.grad for t in tensors if t.grad is not None]

    return program, inputs


def check_registry_program(data, backend: str) -> None:
    names = data.draw(st.lists(st.sampled_from(COMPILED_ENTRIES), min_size=1, max_size=3),
                      label="entries")
    program, inputs = registry_program(data, names)
    expected = program(*[a.copy() for a in inputs])
    compiled = jit(program, backend=backend)
    loss, grads = compiled(*[a.copy() for a in inputs])
    assert compiled.log[0].startswith("compiled"), compiled.log
    np.testing.assert_allclose(loss, expected[0], rtol=1e-10, atol=1e-12)
    assert len(grads) == len(expected[1])
    for ours, theirs in zip(grads, expected[1], strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_numpy_code_and_eager_agree_on_programs_from_the_op_registry(data):
    check_registry_program(data, "numpy")


@settings(max_examples=5, suppress_health_check=[HealthCheck.too_slow])  # Numba compiles each
@given(data=st.data())
def test_numba_code_and_eager_agree_on_programs_from_the_op_registry(data):
    check_registry_program(data, "numba")


@settings(max_examples=10)
@given(data=st.data())
def test_registry_programs_that_index_run_eagerly_and_say_why(data):
    names = [data.draw(st.sampled_from(EAGER_ENTRIES), label="entry")]
    program, inputs = registry_program(data, names)
    expected = program(*[a.copy() for a in inputs])
    compiled = jit(program)
    loss, grads = compiled(*[a.copy() for a in inputs])
    assert compiled.log[0].startswith("eager") and "no indexing" in compiled.log[0]
    assert loss == expected[0]
    assert all(np.array_equal(a, b) for a, b in zip(grads, expected[1], strict=True))


@pytest.mark.parametrize("backend", ["numpy", "numba"])
def test_a_donated_input_read_through_a_view_is_not_overwritten_too_early(backend):
    p = np.arange(9.0).reshape(3, 3)
    expected = p + p.T
    (got,) = jit(lambda p: (p + p.T,), backend=backend, donate=(0,))(p)
    np.testing.assert_array_equal(got, expected)


def test_indexing_falls_back_to_eager_and_says_why():
    fn = jit(lambda a: (a[0],))
    assert fn(np.arange(3.0))[0] == 0.0
    assert fn.log == ["eager for float64[3]: TracingError: "
                      "the tracer records no indexing"]


def test_a_step_with_chapter_8s_cross_entropy_falls_back_to_eager():
    from autograd_lib.reader.tensor import cross_entropy

    def loss(w, x, labels):
        return cross_entropy(Tensor(x) @ Tensor(w), labels).data

    w, x, labels = np.ones((4, 3)), np.ones((2, 4)), np.array([0, 2])
    fn = jit(loss)
    np.testing.assert_allclose(fn(w, x, labels), np.log(3))
    assert fn.log[0].startswith("eager") and "indexing" in fn.log[0], fn.log


def test_a_genuine_bug_still_raises_from_the_eager_run():
    fn = jit(lambda a: a.no_such_method())
    with pytest.raises(AttributeError):
        fn(np.ones(2))


def test_a_learning_rate_passed_as_a_0d_array_is_an_input_not_part_of_the_key():
    from autograd_lib.compiler.step import train_step

    x, y = mlp_steps.digits()
    layers = mlp_steps.init_layers([64, 16, 10])
    onehot = np.eye(10, dtype=np.float32)[y[:32]]
    step = jit(train_step)
    for lr in (0.05, 0.01):
        params = [a.astype(np.float32) for layer in layers for a in layer]
        got, _ = step(params, x[:32], onehot, np.array(lr, np.float32))
        expected, _ = train_step(params, x[:32], onehot, lr)
        assert all(g.dtype == np.float32 for g in got)
        for g, e in zip(got, expected, strict=True):
            np.testing.assert_allclose(g, e, rtol=0, atol=1e-5)
    assert len(step.cache) == 1 and step.log[0].startswith("compiled"), step.log
