"""Self-checks for the exercises where the reader writes code.

Each ``check_...`` function runs the reader's function on hidden cases, generated here from a
fixed seed, and compares every answer with a reference the library trusts (a closed form, or
`numerical_gradient`). It prints either one success line or a diagnosis of the first case
that fails: what the case was, the arguments, expected versus got (shapes, values, largest
error) or the exception the function raised. A wrong answer never raises: the checker prints
and returns False, so a notebook cell holding an unfinished exercise still runs, and tests
can assert on the result.

One small core does the work (`Case`, `run_cases`, `compare_values`); each checker only
builds its cases and picks a judge. Numbers agree when
``|got - expected| <= ATOL + RTOL * |expected|`` elementwise.
"""

import sys
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograd_lib.book.point_cloud import make_cloud, mean_distance_grad, mean_squared_distance_grad
from autograd_lib.graph import topological_sort
from autograd_lib.testing.finite_diff import numerical_gradient

__all__ = [
    "ATOL",
    "BACKWARD_OPS",
    "RTOL",
    "Case",
    "check_backward_rule",
    "check_euclidean_loss_grad",
    "check_logistic_regression_grad",
    "check_squared_loss_grad",
    "check_topological_sort",
    "check_unbroadcast",
    "compare_values",
    "run_cases",
]

RTOL = 1e-6  # loose enough for central differences, tight enough to catch any wrong formula
ATOL = 1e-8
TOLERANCE = f"|got - expected| <= {ATOL:g} + {RTOL:g} * |expected|"
SEED = 20240607  # the hidden cases are the same on every run, and differ from the chapters'

Judge = Callable[[Any, Any], str | None]


# ----------------------------------------------------------------------------------------
# The core: run hidden cases, and say clearly what went wrong.
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One hidden test: a title saying what it exercises, the arguments, the right answer.

    ``args`` are passed positionally, in order; their names are only for the diagnosis.
    ``expected`` is whatever the checker's judge compares the answer with.
    """

    title: str
    args: dict[str, Any]
    expected: Any


def run_cases(checker: str, your_function: Callable, cases: Sequence[Case], judge: Judge) -> bool:
    """Call ``your_function`` on each case; print one success line or the first failure.

    ``judge(expected, got)`` returns None when ``got`` is right, or a description of what is
    wrong. Exceptions, warnings and changes to the arguments count as failures too. Returns
    whether every case passed.
    """
    if not callable(your_function):
        raise TypeError(
            f"{checker}: pass your function itself, e.g. {checker}(my_function), not the "
            f"result of calling it; got a {type(your_function).__name__}"
        )
    name = getattr(your_function, "__name__", "your function")
    for number, case in enumerate(cases, start=1):
        problem = _try(name, your_function, case, judge)
        if problem is not None:
            print(f"{checker}: case {number} of {len(cases)} fails: {case.title}")
            print(_indent(f"{name}({', '.join(case.args)}) with"))
            for arg, value in case.args.items():
                print(_indent(f"{arg} = {_show(value)}", 2))
            print(_indent(problem))
            return False
    print(f"{checker}: all {len(cases)} hidden cases pass.")
    return True


def _try(name: str, your_function: Callable, case: Case, judge: Judge) -> str | None:
    """Run one case; None if it passes, else what went wrong."""
    before = {arg: _snapshot(value) for arg, value in case.args.items()}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            got = your_function(*case.args.values())
        except RecursionError:
            return (
                f"{name} raised RecursionError: it called itself more deeply than Python "
                f"allows (about {sys.getrecursionlimit():,} levels). Replace the recursion "
                "by a loop over an explicit stack (a list you push and pop)."
            )
        except Exception as error:
            return f"{name} raised {type(error).__name__}: {error}"
    changed = [arg for arg, value in case.args.items() if not _unchanged(before[arg], value)]
    if changed:
        return f"{name} changed its argument {changed[0]!r}: it must not modify its inputs."
    problem = judge(case.expected, got)
    if problem is None and caught:
        problem = "the result is right, but computing it raised a warning"
    if problem is not None and caught:
        first = caught[0]
        problem += f"\nwarning: {first.category.__name__}: {first.message}"
    return problem


def _snapshot(value: Any) -> Any:
    """A copy of a mutable argument (array or list), to catch a function that modifies it."""
    if isinstance(value, np.ndarray | list):
        return value.copy()
    return value


def _unchanged(before: Any, after: Any) -> bool:
    if isinstance(before, np.ndarray):
        return bool(np.array_equal(before, after))
    if isinstance(before, list):
        return len(before) == len(after) and all(a is b for a, b in zip(before, after, strict=True))
    return True


def compare_values(expected: Any, got: Any, parts: Sequence[str] = ()) -> str | None:
    """None if ``got`` matches ``expected`` within the tolerance, else what differs.

    ``expected`` is an array or a number; with ``parts`` (names, e.g. ``("dL/dw", "dL/db")``)
    it is a tuple of those, and ``got`` must be a tuple or list of as many.
    """
    if got is None:
        return "got None: is a `return` statement missing?"
    if not parts:
        return _compare_array(np.asarray(expected, dtype=np.float64), got)
    if not isinstance(got, tuple | list) or len(got) != len(parts):
        return (
            f"expected {len(parts)} results ({', '.join(parts)}) as a tuple, "
            f"got {_describe(got)}"
        )
    for part, want, have in zip(parts, expected, got, strict=True):
        problem = _compare_array(np.asarray(want, dtype=np.float64), have)
        if problem is not None:
            return f"{part} is wrong:\n{_indent(problem)}"
    return None


def _compare_array(expected: np.ndarray, got: Any) -> str | None:
    if got is None:
        return "got None: is a `return` statement missing?"
    try:
        array = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return f"expected {_kind(expected)}, got {_describe(got)}"
    if array.shape != expected.shape:
        return (
            f"expected {_kind(expected)}, got shape {array.shape}\n"
            f"expected {_show(expected)}\ngot      {_show(array)}"
        )
    error = np.abs(array - expected)
    bad = ~(error <= ATOL + RTOL * np.abs(expected))  # NaN counts as bad
    if not bad.any():
        return None
    lines = [f"expected {_show(expected)}", f"got      {_show(array)}"]
    if not np.all(np.isfinite(array)):
        lines.append(f"{np.count_nonzero(~np.isfinite(array))} value(s) are NaN or infinite")
    else:
        worst = np.unravel_index(np.argmax(error), error.shape)
        relative = error[worst] / max(abs(expected[worst]), 1e-300)
        where = f" at index {tuple(int(i) for i in worst)}" if expected.ndim else ""
        lines.append(f"largest error {error[worst]:.2e}{where} (relative {relative:.2e})")
        lines.append(f"{np.count_nonzero(bad)} of {bad.size} value(s) outside {TOLERANCE}")
    return "\n".join(lines)


def _kind(expected: np.ndarray) -> str:
    return "a single number" if expected.ndim == 0 else f"shape {expected.shape}"


def _describe(value: Any) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 60 else text[:57] + '...'}"


def _show(value: Any) -> str:
    """A short, one-line view of an argument or result."""
    if isinstance(value, np.ndarray):
        if value.size > 12:
            return f"array of shape {value.shape}"
        return _numbers(value)
    if isinstance(value, float | np.floating):
        return f"{value:.6g}"
    if isinstance(value, list) and len(value) > 8:
        return f"list of {len(value):,} items, starting {value[:3]!r}"
    if callable(value):
        return f"a function ({getattr(value, '__doc__', None) or 'no description'})"
    return repr(value)


def _numbers(array: np.ndarray) -> str:
    """``[1, 0.333333]``: six significant digits, no alignment padding."""
    if array.ndim == 0:
        return f"{array:.6g}"
    return "[" + ", ".join(_numbers(row) for row in array) + "]"


def _indent(text: str, levels: int = 1) -> str:
    pad = "    " * levels
    return "\n".join(pad + line for line in text.splitlines())


# ----------------------------------------------------------------------------------------
# Chapter 2: the gradients of the point-cloud losses.
# ----------------------------------------------------------------------------------------


def check_squared_loss_grad(your_grad: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> bool:
    r"""Check ``your_grad(p, points)``, the gradient of $\frac1N \sum_i \lVert p - x_i \rVert^2$.

    ``p`` has shape ``(d,)``, ``points`` shape ``(N, d)``; the answer has shape ``(d,)``.
    The reference is `autograd_lib.book.point_cloud.mean_squared_distance_grad`.
    """
    return run_cases("check_squared_loss_grad", your_grad, _cloud_cases(mean_squared_distance_grad),
                     compare_values)


def check_euclidean_loss_grad(your_grad: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> bool:
    r"""Check ``your_grad(p, points)``, the gradient of $\frac1N \sum_i \lVert p - x_i \rVert$.

    Where ``p`` sits on a data point, that point's term must be the zero vector (the
    subgradient the library takes), computed without dividing by zero. The reference is
    `autograd_lib.book.point_cloud.mean_distance_grad`.
    """
    return run_cases("check_euclidean_loss_grad", your_grad, _cloud_cases(mean_distance_grad),
                     compare_values)


def _cloud_cases(reference: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> list[Case]:
    rng = np.random.default_rng(SEED)
    small = np.array([[0.0, 0.0], [3.0, 0.0], [0.0, 4.0]])
    settings = [
        ("three points in 2-D", np.array([1.0, 2.0]), small),
        ("200 points in 2-D, two clusters", rng.normal(size=2), make_cloud(200, 2, seed=SEED)),
        ("50 points on a line (d = 1)", rng.normal(size=1), rng.normal(size=(50, 1))),
        ("a single point in 3-D (N = 1)", rng.normal(size=3), rng.normal(size=(1, 3))),
        ("30 points in 5-D, p far away", 1e3 * rng.normal(size=5), rng.normal(size=(30, 5))),
    ]
    on_point = rng.normal(size=(20, 3))
    settings.append((
        "p sits exactly on data point 7 of 20 in 3-D: for the Euclidean loss that point's "
        "term is the zero vector (a subgradient), with no division by zero",
        on_point[7].copy(), on_point,
    ))
    return [Case(title, {"p": p, "points": points}, reference(p, points))
            for title, p, points in settings]


# ----------------------------------------------------------------------------------------
# Chapter 4: the gradient of logistic regression with binary cross-entropy.
# ----------------------------------------------------------------------------------------


def check_logistic_regression_grad(your_grad: Callable) -> bool:
    r"""Check ``your_grad(w, b, X, y)``, returning ``(dL_dw, dL_db)`` of the mean BCE loss.

    The model is $p = \sigma(Xw + b)$ with ``X`` of shape ``(N, d)``, ``w`` of shape ``(d,)``,
    a number ``b`` and labels ``y`` in {0, 1} of shape ``(N,)``; ``dL_dw`` has shape ``(d,)``
    and ``dL_db`` is a number. The reference is `numerical_gradient` of the loss.
    """
    return run_cases("check_logistic_regression_grad", your_grad, _logistic_cases(),
                     lambda expected, got: compare_values(expected, got, ("dL/dw", "dL/db")))


def _logistic_cases() -> list[Case]:
    rng = np.random.default_rng(SEED)
    settings = [("three points with 2 features", 3, 2, None),
                ("100 points with 2 features", 100, 2, None),
                ("40 points with 1 feature (d = 1)", 40, 1, None),
                ("60 points with 5 features", 60, 5, None),
                ("confident predictions: z = Xw + b reaches 45, where p = sigmoid(z) rounds to "
                 "exactly 1 in floating point", 30, 3, 45.0)]
    cases = []
    for title, n, d, largest_z in settings:
        X = np.round(rng.normal(size=(n, d)), 3)
        w, b = rng.normal(size=d), float(rng.normal())
        if largest_z is not None:  # scale the model until its largest z is largest_z
            scale = largest_z / np.max(X @ w + b)
            w, b = scale * w, scale * b
        w, b = np.round(w, 3), round(b, 3)
        y = rng.integers(0, 2, size=n).astype(np.float64)  # random labels: confident mistakes
        theta = np.append(w, b)
        gradient = numerical_gradient(lambda t, X=X, y=y: _bce_loss(t[:-1], t[-1], X, y), theta)
        cases.append(Case(title, {"w": w, "b": b, "X": X, "y": y},
                          (gradient[:-1], gradient[-1])))
    return cases


def _bce_loss(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray) -> float:
    """Mean binary cross-entropy from logits, $\\log(1 + e^z) - yz$, safe for any z."""
    z = X @ w + b
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


# ----------------------------------------------------------------------------------------
# Chapter 7: the local derivatives of one scalar operation.
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Op:
    forward: Callable[..., float]
    inputs: tuple[str, ...]
    sample: Callable[[np.random.Generator], float]  # one valid input value


def _anywhere(rng: np.random.Generator) -> float:
    return rng.uniform(-3.0, 3.0)


def _positive(rng: np.random.Generator) -> float:
    return rng.uniform(0.3, 3.0)


def _off_zero(rng: np.random.Generator) -> float:  # away from a kink at 0
    return rng.choice([-1.0, 1.0]) * rng.uniform(0.2, 3.0)


BACKWARD_OPS: dict[str, _Op] = {
    "add": _Op(lambda x, y: x + y, ("x", "y"), _anywhere),
    "sub": _Op(lambda x, y: x - y, ("x", "y"), _anywhere),
    "mul": _Op(lambda x, y: x * y, ("x", "y"), _anywhere),
    "div": _Op(lambda x, y: x / y, ("x", "y"), _off_zero),
    "neg": _Op(lambda x: -x, ("x",), _anywhere),
    "exp": _Op(np.exp, ("x",), _anywhere),
    "log": _Op(np.log, ("x",), _positive),
    "sin": _Op(np.sin, ("x",), _anywhere),
    "tanh": _Op(np.tanh, ("x",), _anywhere),
    "sigmoid": _Op(lambda x: 1.0 / (1.0 + np.exp(-x)), ("x",), _anywhere),
    "relu": _Op(lambda x: max(x, 0.0), ("x",), _off_zero),
}
"""The operations `check_backward_rule` knows: forward, input names, valid inputs."""


def check_backward_rule(op: str, your_backward: Callable) -> bool:
    """Check the backward rule of a scalar operation, against finite differences.

    ``op`` names an operation of `BACKWARD_OPS` (``"tanh"``, ``"mul"``, ...). The rule is
    called with the operation's inputs and the gradient arriving at its output, e.g.
    ``tanh_backward(x, out_grad)`` or ``mul_backward(x, y, out_grad)``, and returns the
    gradient for each input: one number for a one-input operation, a tuple of two for two.
    """
    if op not in BACKWARD_OPS:
        raise ValueError(
            f"check_backward_rule: unknown operation {op!r}; known: {', '.join(BACKWARD_OPS)}"
        )
    spec = BACKWARD_OPS[op]
    rng = np.random.default_rng(SEED)
    cases = []
    for out_grad in [1.0, 1.0, 2.5, -0.5, 3.0, -1.5]:
        values = [round(float(spec.sample(rng)), 2) for _ in spec.inputs]
        numeric = numerical_gradient(
            lambda v, g=out_grad: g * float(spec.forward(*v)), np.array(values)
        )
        expected = tuple(numeric) if len(values) > 1 else float(numeric[0])
        at = ", ".join(f"{n} = {v:g}" for n, v in zip(spec.inputs, values, strict=True))
        title = f"{op} at {at}, with out_grad = {out_grad:g}"
        if out_grad != 1.0:
            title += " (the local derivative times out_grad: the chain rule)"
        cases.append(Case(title, {**dict(zip(spec.inputs, values, strict=True)),
                                  "out_grad": out_grad}, expected))
    parts = tuple(f"the gradient of {name}" for name in spec.inputs) if len(spec.inputs) > 1 else ()
    return run_cases(f"check_backward_rule({op!r})", your_backward, cases,
                     lambda expected, got: compare_values(expected, got, parts))


# ----------------------------------------------------------------------------------------
# Chapter 8: the backward of broadcasting.
# ----------------------------------------------------------------------------------------


def check_unbroadcast(your_unbroadcast: Callable[[np.ndarray, tuple], np.ndarray]) -> bool:
    """Check ``your_unbroadcast(grad, shape)``: sum a gradient back to an input's shape.

    An input of ``shape`` was broadcast to ``grad.shape``; every copy of an input element
    received a gradient, and the element's gradient is their sum. The answer has ``shape``.
    """
    rng = np.random.default_rng(SEED)
    settings = [
        ("a bias of shape (3,) added to every row of a (4, 3) matrix", (3,), (4, 3)),
        ("a column of shape (4, 1) broadcast along axis 1", (4, 1), (4, 3)),
        ("a row of shape (1, 3) broadcast along axis 0", (1, 3), (4, 3)),
        ("a scalar (shape ()) broadcast to (2, 3)", (), (2, 3)),
        ("no broadcasting: the gradient passes through unchanged", (2, 3), (2, 3)),
        ("a new leading axis and a size-1 axis at once", (3, 1, 5), (2, 3, 4, 5)),
        ("a new leading axis, and a size-1 axis that stays size 1", (5, 1), (2, 5, 1)),
    ]
    cases = []
    for title, shape, grad_shape in settings:
        grad = np.round(rng.normal(size=grad_shape), 2)
        cases.append(Case(f"{title}: input shape {shape}, grad shape {grad_shape}",
                          {"grad": grad, "shape": shape}, _sum_copies(grad, shape)))
    return run_cases("check_unbroadcast", your_unbroadcast, cases, compare_values)


def _sum_copies(grad: np.ndarray, shape: tuple) -> np.ndarray:
    """The reference: label each input element, broadcast the labels, sum grad per label."""
    size = int(np.prod(shape))
    source = np.broadcast_to(np.arange(size).reshape(shape), grad.shape)
    return np.bincount(source.ravel(), weights=grad.ravel(), minlength=size).reshape(shape)


# ----------------------------------------------------------------------------------------
# Chapter 11: topological sort.
# ----------------------------------------------------------------------------------------


class _Node:
    """A graph node that compares by identity and cannot be ordered (no ``<``)."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


@dataclass(frozen=True)
class _Dag:
    """A hidden graph: each node's children, and the roots to sort from."""

    edges: dict[_Node, tuple[_Node, ...]]
    roots: list[_Node]

    def children(self, node: _Node) -> list[_Node]:
        """the children (inputs) of a node"""
        return list(self.edges[node])


def check_topological_sort(your_sort: Callable) -> bool:
    """Check ``your_sort(roots, children)``, which returns the nodes reachable from ``roots``.

    ``children(node)`` lists a node's children (inputs). The answer must be a list holding
    every reachable node exactly once, each after all of its children. Nodes compare by
    identity and cannot be ordered with ``<``. One hidden graph is a chain of 5,000 nodes.
    """
    rng = np.random.default_rng(SEED)
    dags = [("a single node with no children", _dag([[]], [0], rng)),
            ("a diamond: d uses b and c, which both use a",
             _dag([[], [0], [0], [1, 2]], [3], rng, names="abcd")),
            ("x * x: a node whose two children are the same node", _dag([[], [0, 0]], [1], rng)),
            ("two roots, the second reachable from the first",
             _dag([[], [0], [1, 0]], [2, 1], rng)),
            ("a random DAG of 12 nodes, not all reachable from the roots", _random_dag(12, rng)),
            ("a random DAG of 300 nodes", _random_dag(300, rng)),
            ("a chain of 5,000 nodes, each using the one before",
             _dag([[]] + [[i] for i in range(4_999)], [4_999], rng))]
    cases = [Case(title, {"roots": list(dag.roots), "children": dag.children}, dag)
             for title, dag in dags]
    return run_cases("check_topological_sort", your_sort, cases, _judge_order)


def _dag(children: list[list[int]], roots: list[int], rng: np.random.Generator,
         names: Iterable[str] | None = None) -> _Dag:
    """Nodes 0..n-1 with the given children, named at random so names give no order away."""
    if names is None:
        names = [f"n{k}" for k in rng.permutation(len(children))]
    nodes = [_Node(name) for name in names]
    edges = {nodes[i]: tuple(nodes[c] for c in kids) for i, kids in enumerate(children)}
    return _Dag(edges, [nodes[r] for r in roots])


def _random_dag(n: int, rng: np.random.Generator) -> _Dag:
    """Node i uses 1 to 3 of the 8 nodes before it; the roots are node n - 2 and one from the
    middle, so most nodes are reachable, but not node n - 1 (nothing uses it)."""
    children = [[]] + [
        rng.choice(range(max(0, i - 8), i), size=min(i, int(rng.integers(1, 4))),
                   replace=False).tolist()
        for i in range(1, n)
    ]
    return _dag(children, [n - 2, int(rng.integers(n // 4, n // 2))], rng)


def _judge_order(dag: _Dag, got: Any) -> str | None:
    if got is None:
        return "got None: is a `return` statement missing?"
    if not isinstance(got, list | tuple):
        return f"expected a list of nodes, got {_describe(got)}"
    expected = topological_sort(dag.roots, dag.children)
    small = len(dag.edges) <= 12
    context = ""
    if small:
        graph = "; ".join(f"{n} -> {', '.join(map(repr, kids)) or '(none)'}"
                          for n, kids in dag.edges.items())
        context = f"\nthe graph (node -> children): {graph}\none valid order: {expected}\n" \
                  f"got: {list(got)}"
    position: dict[_Node, int] = {}
    for i, node in enumerate(got):
        if not isinstance(node, _Node):
            return f"item {i} of the result is not a node of the graph: {_describe(node)}"
        if node in position:
            return f"{node!r} appears twice (positions {position[node]} and {i}); " \
                   f"each node must appear once{context}"
        position[node] = i
    missing = [node for node in expected if node not in position]
    if missing:
        return f"{len(missing)} reachable node(s) missing, e.g. {missing[:3]}{context}"
    if len(got) > len(expected):
        reachable = set(expected)
        extra = [node for node in got if node not in reachable]
        return f"{len(extra)} node(s) not reachable from the roots, e.g. {extra[:3]}{context}"
    for node in got:
        for child in dag.edges[node]:
            if position[child] > position[node]:
                return (f"{node!r} (position {position[node]}) comes before its child {child!r} "
                        f"(position {position[child]}); children must come first{context}")
    return None
