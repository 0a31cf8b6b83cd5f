"""The registry of tensor operations: for each, how to call it and how to make valid inputs.

One entry per operation, and everything that checks operations is generated from this list:
the property tests (values, gradients and second derivatives against PyTorch, gradients
against finite differences, dtypes), and the table of worst errors in chapter 9
(`autograd_lib.testing.gradcheck.error_table`). Adding an operation means one `Function` in
a module of `autograd_lib.tensor.ops`, plus one entry here (and, for an operator, one row of
`autograd_lib.tensor.ops.operators`).

An entry's ``call(ns, *args)`` is written once and runs on both engines: on our Tensors with
``ns = OURS`` and on torch tensors with ``ns = torch_namespace()`` (the Tensor methods are the
same; ``ns`` supplies the module-level functions). Its ``sample(s)`` draws valid arguments
from a `Sampler`: float64 arrays are the differentiable inputs, integer and boolean arrays
are constant tensors, anything else is passed as it is. Samplers are random (`RandomSampler`,
for the table) or driven by Hypothesis (in the tests), which then explores and shrinks
shapes: 0-d tensors, size-1 dimensions and broadcasting are all drawn.
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Protocol

import numpy as np

from autograd_lib.tensor import ops
from autograd_lib.tensor.function import Function


class Sampler(Protocol):
    """Where an entry's random choices come from."""

    def integer(self, low: int, high: int) -> int:
        """An integer in [low, high]."""

    def shape(self, min_dims: int = 0, max_dims: int = 3) -> tuple[int, ...]:
        """A shape with sides 1 to 4 (size-1 sides often)."""

    def broadcastable_shapes(self, count: int, min_dims: int = 0) -> list[tuple[int, ...]]:
        """``count`` shapes that broadcast together (up to 3 dimensions)."""

    def uniform(self, shape: tuple[int, ...], low: float, high: float) -> np.ndarray:
        """float64 values drawn uniformly from [low, high)."""

    def permutation(self, n: int) -> np.ndarray:
        """The integers 0..n-1 in random order."""


@dataclass(frozen=True)
class OpSpec:
    """One registered operation."""

    name: str
    function: type[Function]  # the Function whose forward and backward this checks
    call: Callable[..., Any]  # call(ns, *args) -> result; the same code for both engines
    sample: Callable[[Sampler], tuple]  # valid arguments for call
    twice_differentiable: bool = True  # check second derivatives against torch
    smooth: bool = True  # finite differences apply (False for a float32 round trip)


OURS = SimpleNamespace(
    cat=ops.cat,
    stack=ops.stack,
    where=ops.where,
    maximum=ops.maximum,
    minimum=ops.minimum,
    linear=ops.linear,
    cross_entropy=ops.cross_entropy,
)


def torch_namespace() -> SimpleNamespace:
    """The same names for torch (imported only here, so autograd_lib does not need it)."""
    import torch

    return SimpleNamespace(
        cat=torch.cat,
        stack=torch.stack,
        where=torch.where,
        maximum=torch.maximum,
        minimum=torch.minimum,
        linear=torch.nn.functional.linear,
        cross_entropy=torch.nn.functional.cross_entropy,
    )


# ---------------------------------------------------------------- valid values


def real(s: Sampler, shape: tuple) -> np.ndarray:
    return np.asarray(s.uniform(shape, -2.0, 2.0))


def positive(s: Sampler, shape: tuple) -> np.ndarray:
    return np.asarray(s.uniform(shape, 0.5, 2.5))


def away_from_zero(s: Sampler, shape: tuple) -> np.ndarray:
    """Values with |x| >= 0.2: kinks (relu, abs) and poles (1/x) stay out of reach."""
    magnitude = s.uniform(shape, 0.2, 2.0)
    return np.asarray(np.where(s.uniform(shape, 0.0, 1.0) < 0.5, -magnitude, magnitude))


def distinct(s: Sampler, shape: tuple) -> np.ndarray:
    """Values at least 0.1 apart, so a maximum is never tied and stays put under a nudge."""
    n = int(np.prod(shape))
    spaced = (s.permutation(n) - n / 2) * 0.2 + s.uniform((n,), 0.0, 0.05)
    return spaced.reshape(shape)


def apart(s: Sampler, shape_a: tuple, shape_b: tuple) -> tuple[np.ndarray, np.ndarray]:
    """Two arrays that never tie anywhere they meet: values on two interleaved grids."""
    grid_a = np.floor(s.uniform(shape_a, -10, 10)) * 0.2 + 0.05
    grid_b = np.floor(s.uniform(shape_b, -10, 10)) * 0.2 + 0.15
    return np.asarray(grid_a), np.asarray(grid_b)


# ---------------------------------------------------------------- argument makers


def unary(values: Callable = real, min_dims: int = 0) -> Callable[[Sampler], tuple]:
    return lambda s: (values(s, s.shape(min_dims)),)


def binary(first: Callable = real, second: Callable = real) -> Callable[[Sampler], tuple]:
    def sample(s: Sampler) -> tuple:
        a, b = s.broadcastable_shapes(2)
        return first(s, a), second(s, b)

    return sample


def _apart_pair(s: Sampler) -> tuple:
    return apart(s, *s.broadcastable_shapes(2))


def _where_args(s: Sampler) -> tuple:
    c, a, b = s.broadcastable_shapes(3)
    return np.asarray(s.uniform(c, 0, 1) < 0.5), real(s, a), real(s, b)


def _dim(s: Sampler, ndim: int) -> int:
    """A dimension index, negative half the time."""
    d = s.integer(0, max(ndim, 1) - 1)
    return d - max(ndim, 1) if s.integer(0, 1) else d


def _reduction(values: Callable = real, min_dims: int = 0) -> Callable[[Sampler], tuple]:
    """(x, dim, keepdim) with dim None, one dim, or a tuple of dims."""

    def sample(s: Sampler) -> tuple:
        x = values(s, s.shape(min_dims))
        kind = s.integer(0, 2)
        if kind == 0 or x.ndim == 0:
            dim = None if kind == 0 else _dim(s, x.ndim)
        elif kind == 1:
            dim = _dim(s, x.ndim)
        else:
            dims = [d for d in range(x.ndim) if s.integer(0, 1)] or [0]
            dim = tuple(dims)
        return x, dim, bool(s.integer(0, 1))

    return sample


def _one_dim(values: Callable = real, min_dims: int = 1, keepdim: bool = True):
    """(x, dim[, keepdim]) with a single dimension."""

    def sample(s: Sampler) -> tuple:
        x = values(s, s.shape(min_dims))
        dim = _dim(s, x.ndim)
        return (x, dim, bool(s.integer(0, 1))) if keepdim else (x, dim)

    return sample


def _reduce_call(method: str) -> Callable:
    def call(ns, x, dim, keepdim):
        if dim is None:
            return getattr(x, method)()
        return getattr(x, method)(dim=dim, keepdim=keepdim)

    return call


def _matmul_args(s: Sampler) -> tuple:
    n, k, m, b = (s.integer(1, 4) for _ in range(4))
    shapes = [
        ((n, k), (k, m)),
        ((k,), (k, m)),
        ((n, k), (k,)),
        ((k,), (k,)),
        ((b, n, k), (k, m)),
        ((b, n, k), (b, k, m)),
        ((1, n, k), (b, k, m)),
        ((k,), (b, k, m)),
    ][s.integer(0, 7)]
    return real(s, shapes[0]), real(s, shapes[1])


def _matrix(s: Sampler) -> tuple:
    return (real(s, (s.integer(1, 4), s.integer(1, 4))),)


def _reshape_args(s: Sampler) -> tuple:
    x = real(s, s.shape())
    sizes = [n for n in x.shape if n > 1] or [1]
    target = [*sizes[::-1], 1][: s.integer(1, len(sizes) + 1)]
    target[-1] = -1  # let reshape infer the last size
    return x, tuple(target)


def _permute_args(s: Sampler) -> tuple:
    x = real(s, s.shape(1))
    return x, tuple(int(d) for d in s.permutation(x.ndim))


def _transpose_args(s: Sampler) -> tuple:
    x = real(s, s.shape(1))
    return x, _dim(s, x.ndim), _dim(s, x.ndim)


def _unsqueeze_args(s: Sampler) -> tuple:
    x = real(s, s.shape())
    d = s.integer(0, x.ndim)
    return x, d - (x.ndim + 1) if s.integer(0, 1) else d


def _squeeze_args(s: Sampler) -> tuple:
    x = real(s, s.shape())
    return x, None if x.ndim == 0 or s.integer(0, 1) else _dim(s, x.ndim)


def _expand_args(s: Sampler) -> tuple:
    small, big = s.broadcastable_shapes(2)
    target = np.broadcast_shapes(small, big)
    sizes = tuple(
        -1 if i >= len(target) - len(small) and s.integer(0, 1) else n for i, n in enumerate(target)
    )
    return real(s, small), sizes


def _basic_index_args(s: Sampler) -> tuple:
    x = real(s, s.shape(1))
    index = []
    for n in x.shape:
        choice = s.integer(0, 3)
        if choice == 0:
            index.append(s.integer(-n, n - 1))
        elif choice == 1:
            start = s.integer(0, n - 1)
            index.append(slice(start, s.integer(start + 1, n), s.integer(1, 2)))
        elif choice == 2:
            index.append(Ellipsis if Ellipsis not in index else slice(None))
        else:
            index.extend([None, slice(None)])
    return x, tuple(index)


def _advanced_index_args(s: Sampler) -> tuple:
    """Integer lists, with repeats (their gradients add up), or a boolean mask."""
    x = real(s, s.shape(1))
    if s.integer(0, 2) == 0:
        return x, np.asarray(s.uniform(x.shape, 0, 1) < 0.6)
    picks = [s.integer(-x.shape[0], x.shape[0] - 1) for _ in range(s.integer(1, 5))]
    if x.ndim >= 2 and s.integer(0, 1):
        others = [s.integer(0, x.shape[1] - 1) for _ in picks]
        return x, (picks, others)
    return x, picks


def _setitem_args(s: Sampler) -> tuple:
    x, index = _basic_index_args(s)
    target = np.empty(x.shape)[index].shape
    value_shape = target[s.integer(0, len(target)) :]
    return x, real(s, value_shape), index


def _setitem_call(ns, x, value, index):
    y = x * 1.0  # a non-leaf: in-place assignment enters the graph
    y[index] = value
    return y


def _join_args(new_dim: bool) -> Callable[[Sampler], tuple]:
    def sample(s: Sampler) -> tuple:
        base = list(s.shape(0 if new_dim else 1))
        dim = s.integer(0, len(base)) if new_dim else s.integer(0, len(base) - 1)
        parts = []
        for _ in range(s.integer(1, 3)):
            if not new_dim:
                base[dim] = s.integer(1, 3)
            parts.append(real(s, tuple(base)))
        return (dim, *parts)

    return sample


def _linear_args(s: Sampler) -> tuple:
    n_in, n_out = s.integer(1, 4), s.integer(1, 4)
    lead = [(), (s.integer(1, 4),), (s.integer(1, 3), s.integer(1, 3))][s.integer(0, 2)]
    bias = real(s, (n_out,)) if s.integer(0, 3) else None
    return real(s, (*lead, n_in)), real(s, (n_out, n_in)), bias


def _clamp_args(s: Sampler) -> tuple:
    """Values at least 0.1 away from the bounds -1 and 1 (kinks), and, at random, only one
    bound: clamp(min=-1) or clamp(max=1)."""
    x = away_from_zero(s, s.shape())  # |x| in [0.2, 2] ...
    x = np.where(np.abs(np.abs(x) - 1.0) < 0.1, x * 0.5, x)  # ... and not within 0.1 of 1
    bounds = [(-1.0, 1.0), (-1.0, None), (None, 1.0)][s.integer(0, 2)]
    return (x, *bounds)


def _cross_entropy_args(s: Sampler) -> tuple:
    n, classes = s.integer(1, 5), s.integer(1, 20)  # up to 16 classes, and more (row_reduce)
    logits = s.uniform((n, classes), -3, 3)
    target = np.array([s.integer(0, classes - 1) for _ in range(n)], dtype=np.int64)
    return logits, target, ("mean", "sum", "none")[s.integer(0, 2)]


def _entries() -> list[OpSpec]:
    e = OpSpec
    return [
        e("add", ops.Add, lambda ns, a, b: a + b, binary()),
        e("sub", ops.Sub, lambda ns, a, b: a - b, binary()),
        e("mul", ops.Mul, lambda ns, a, b: a * b, binary()),
        e("div", ops.Div, lambda ns, a, b: a / b, binary(real, away_from_zero)),
        e("pow", ops.Pow, lambda ns, a, b: a**b, binary(positive, real)),
        e("pow_scalar", ops.Pow, lambda ns, x: x**3, unary()),
        e("rsub_scalar", ops.Sub, lambda ns, x: 1.5 - x, unary()),
        e("rdiv_scalar", ops.Div, lambda ns, x: 2.0 / x, unary(away_from_zero)),
        e("rpow_scalar", ops.Pow, lambda ns, x: 1.5**x, unary()),
        e("neg", ops.Neg, lambda ns, x: -x, unary()),
        e("maximum", ops.Maximum, lambda ns, a, b: ns.maximum(a, b), _apart_pair),
        e("minimum", ops.Minimum, lambda ns, a, b: ns.minimum(a, b), _apart_pair),
        e("where", ops.Where, lambda ns, c, a, b: ns.where(ns_bool(ns, c), a, b), _where_args),
        e("matmul", ops.MatMul, lambda ns, a, b: a @ b, _matmul_args),
        e("exp", ops.Exp, lambda ns, x: x.exp(), unary()),
        e("log", ops.Log, lambda ns, x: x.log(), unary(positive)),
        e("sqrt", ops.Sqrt, lambda ns, x: x.sqrt(), unary(positive)),
        e("abs", ops.Abs, lambda ns, x: x.abs(), unary(away_from_zero)),
        e("tanh", ops.Tanh, lambda ns, x: x.tanh(), unary()),
        e("sigmoid", ops.Sigmoid, lambda ns, x: x.sigmoid(), unary()),
        e("relu", ops.ReLU, lambda ns, x: x.relu(), unary(away_from_zero)),
        e("clamp", ops.Clamp, lambda ns, x, low, high: x.clamp(low, high), _clamp_args),
        e("float32_round_trip", ops.Cast, lambda ns, x: x.float().double(), unary(), smooth=False),
        e("clone", ops.Clone, lambda ns, x: x.clone(), unary()),
        e("sum", ops.Sum, _reduce_call("sum"), _reduction()),
        e("mean", ops.Mean, _reduce_call("mean"), _reduction()),
        e("max", ops.Max, lambda ns, x: x.max(), unary(distinct)),
        e("min", ops.Min, lambda ns, x: x.min(), unary(distinct)),
        e(
            "max_dim",
            ops.MaxDim,
            lambda ns, x, d, k: x.max(dim=d, keepdim=k).values,
            _one_dim(distinct),
        ),
        e(
            "min_dim",
            ops.MinDim,
            lambda ns, x, d, k: x.min(dim=d, keepdim=k).values,
            _one_dim(distinct),
        ),
        e("logsumexp", ops.LogSumExp, lambda ns, x, d, k: x.logsumexp(d, k), _one_dim(real, 0)),
        e("softmax", ops.Softmax, lambda ns, x, d: x.softmax(d), _one_dim(real, 0, False)),
        e(
            "log_softmax",
            ops.LogSoftmax,
            lambda ns, x, d: x.log_softmax(d),
            _one_dim(real, 0, False),
        ),
        e("reshape", ops.Reshape, lambda ns, x, shape: x.reshape(shape), _reshape_args),
        e("permute", ops.Permute, lambda ns, x, dims: x.permute(*dims), _permute_args),
        e("transpose", ops.Permute, lambda ns, x, a, b: x.transpose(a, b), _transpose_args),
        e("T", ops.Permute, lambda ns, x: x.T, _matrix),
        e("unsqueeze", ops.Reshape, lambda ns, x, d: x.unsqueeze(d), _unsqueeze_args),
        e("squeeze", ops.Reshape, _squeeze_call, _squeeze_args),
        e("flatten", ops.Reshape, lambda ns, x: x.flatten(), unary()),
        e("expand", ops.Expand, lambda ns, x, sizes: x.expand(sizes), _expand_args),
        e("getitem", ops.GetItem, lambda ns, x, i: x[i], _basic_index_args),
        e(
            "getitem_advanced",
            ops.GetItem,
            lambda ns, x, i: x[ns_index(ns, i)],
            _advanced_index_args,
        ),
        e("setitem", ops.IndexPut, _setitem_call, _setitem_args),
        e("cat", ops.Cat, lambda ns, d, *xs: ns.cat(xs, dim=d), _join_args(new_dim=False)),
        e("stack", ops.Stack, lambda ns, d, *xs: ns.stack(xs, dim=d), _join_args(new_dim=True)),
        e("linear", ops.Linear, lambda ns, x, w, b: ns.linear(x, w, b), _linear_args),
        e(
            "cross_entropy",
            ops.CrossEntropy,
            lambda ns, z, t, r: ns.cross_entropy(z, t, reduction=r),
            _cross_entropy_args,
        ),
    ]


def _squeeze_call(ns, x, dim):
    return x.squeeze() if dim is None else x.squeeze(dim)


def ns_bool(ns, condition):
    """A boolean condition as the namespace's tensor (torch.where wants a tensor)."""
    return condition if ns is OURS else _torch_tensor(condition)


def ns_index(ns, index):
    """An index with a boolean mask as the namespace's tensor (torch wants a tensor mask)."""
    if isinstance(index, np.ndarray) and ns is not OURS:
        return _torch_tensor(index)
    return index


def _torch_tensor(array):
    import torch

    return torch.from_numpy(np.array(array))


REGISTRY: dict[str, OpSpec] = {spec.name: spec for spec in _entries()}


class RandomSampler:
    """A `Sampler` driven by a NumPy generator: reproducible cases for the error table."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng

    def integer(self, low: int, high: int) -> int:
        return int(self.rng.integers(low, high + 1))

    def shape(self, min_dims: int = 0, max_dims: int = 3) -> tuple[int, ...]:
        ndim = self.integer(min_dims, max_dims)
        return tuple(1 if self.rng.random() < 0.25 else self.integer(2, 4) for _ in range(ndim))

    def broadcastable_shapes(self, count: int, min_dims: int = 0) -> list[tuple[int, ...]]:
        full = self.shape(min_dims)
        shapes = []
        for _ in range(count):
            kept = full[self.integer(0, len(full)) :]
            shapes.append(tuple(1 if self.rng.random() < 0.3 else n for n in kept))
        return shapes

    def uniform(self, shape: tuple[int, ...], low: float, high: float) -> np.ndarray:
        return self.rng.uniform(low, high, size=shape)

    def permutation(self, n: int) -> np.ndarray:
        return self.rng.permutation(n)
