"""How the op registry makes valid inputs: a `Sampler` protocol, value and argument makers.

An entry of `autograd_lib.testing.registry` draws its arguments from a `Sampler`: random for the
chapter-9 error table (`RandomSampler`), or driven by Hypothesis in the tests, which then explores
and shrinks shapes (0-d tensors, size-1 dimensions, broadcasting). Float64 arrays become the
differentiable inputs, integer and boolean arrays constant tensors.

Every value maker ends with ``s.edge(values)``: an ordinary sampler returns the values as they
are, an edge sampler mixes in the values PyTorch users meet at the edges (`with_edges`: inf,
NaN, signed zeros, exact ties), so that one registry drives both kinds of test.
"""

from collections.abc import Callable
from typing import Protocol

import numpy as np


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

    def edge(self, values: np.ndarray) -> np.ndarray:
        """``values`` as this sampler serves them: as they are, or `with_edges`."""


EDGE_VALUES = np.array([np.inf, -np.inf, np.nan, 0.0, -0.0, 1.0, -1.0, 0.5, -2.0, 1e-160])
"""What `with_edges` mixes in: infinities, NaN, both zeros, the clamp bounds of `clamp_args`
(+-1), small exact values that tie with each other, and a tiny one (its square underflows)."""


def with_edges(s: Sampler, values: np.ndarray, share: float) -> np.ndarray:
    """``values`` with about ``share`` of the elements replaced: two thirds by `EDGE_VALUES`,
    one third by a copy of another element (an exact tie)."""
    values = np.array(values, dtype=np.float64)
    if values.size == 0 or share == 0:
        return values
    flat = values.reshape(-1)
    u = s.uniform(flat.shape, 0.0, 1.0)
    pick = np.floor(s.uniform(flat.shape, 0.0, len(EDGE_VALUES))).astype(np.intp)
    other = np.floor(s.uniform(flat.shape, 0.0, flat.size)).astype(np.intp)
    flat[:] = np.where(u < share * 2 / 3, EDGE_VALUES[pick], flat)
    flat[:] = np.where((u >= share * 2 / 3) & (u < share), flat[other], flat)
    return values


def real(s: Sampler, shape: tuple) -> np.ndarray:
    return s.edge(np.asarray(s.uniform(shape, -2.0, 2.0)))


def positive(s: Sampler, shape: tuple) -> np.ndarray:
    return s.edge(np.asarray(s.uniform(shape, 0.5, 2.5)))


def away_from_zero(s: Sampler, shape: tuple) -> np.ndarray:
    """Values with |x| >= 0.2: kinks (relu, abs) and poles (1/x) stay out of reach."""
    return s.edge(_away_from_zero(s, shape))


def _away_from_zero(s: Sampler, shape: tuple) -> np.ndarray:
    magnitude = s.uniform(shape, 0.2, 2.0)
    return np.asarray(np.where(s.uniform(shape, 0.0, 1.0) < 0.5, -magnitude, magnitude))


def distinct(s: Sampler, shape: tuple) -> np.ndarray:
    """Values at least 0.1 apart, so a maximum is never tied and stays put under a nudge."""
    n = int(np.prod(shape))
    spaced = (s.permutation(n) - n / 2) * 0.2 + s.uniform((n,), 0.0, 0.05)
    return s.edge(spaced.reshape(shape))


def apart(s: Sampler, shape_a: tuple, shape_b: tuple) -> tuple[np.ndarray, np.ndarray]:
    """Two arrays that never tie anywhere they meet: values on two interleaved grids."""
    grid_a = np.floor(s.uniform(shape_a, -10, 10)) * 0.2 + 0.05
    grid_b = np.floor(s.uniform(shape_b, -10, 10)) * 0.2 + 0.15
    return s.edge(np.asarray(grid_a)), s.edge(np.asarray(grid_b))


def unary(values: Callable = real, min_dims: int = 0) -> Callable[[Sampler], tuple]:
    return lambda s: (values(s, s.shape(min_dims)),)


def binary(first: Callable = real, second: Callable = real) -> Callable[[Sampler], tuple]:
    def sample(s: Sampler) -> tuple:
        a, b = s.broadcastable_shapes(2)
        return first(s, a), second(s, b)

    return sample


def apart_pair(s: Sampler) -> tuple:
    return apart(s, *s.broadcastable_shapes(2))


def where_args(s: Sampler) -> tuple:
    c, a, b = s.broadcastable_shapes(3)
    return np.asarray(s.uniform(c, 0, 1) < 0.5), real(s, a), real(s, b)


def random_dim(s: Sampler, ndim: int) -> int:
    """A dimension index, negative half the time."""
    d = s.integer(0, max(ndim, 1) - 1)
    return d - max(ndim, 1) if s.integer(0, 1) else d


def reduction(values: Callable = real, min_dims: int = 0) -> Callable[[Sampler], tuple]:
    """(x, dim, keepdim) with dim None, one dim, or a tuple of dims."""

    def sample(s: Sampler) -> tuple:
        x = values(s, s.shape(min_dims))
        kind = s.integer(0, 2)
        if kind == 0 or x.ndim == 0:
            dim = None if kind == 0 else random_dim(s, x.ndim)
        elif kind == 1:
            dim = random_dim(s, x.ndim)
        else:
            dims = [d for d in range(x.ndim) if s.integer(0, 1)] or [0]
            dim = tuple(dims)
        return x, dim, bool(s.integer(0, 1))

    return sample


def one_dim(values: Callable = real, min_dims: int = 1, keepdim: bool = True):
    """(x, dim[, keepdim]) with a single dimension."""

    def sample(s: Sampler) -> tuple:
        x = values(s, s.shape(min_dims))
        dim = random_dim(s, x.ndim)
        return (x, dim, bool(s.integer(0, 1))) if keepdim else (x, dim)

    return sample


def matmul_args(s: Sampler) -> tuple:
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


def matrix(s: Sampler) -> tuple:
    return (real(s, (s.integer(1, 4), s.integer(1, 4))),)


def reshape_args(s: Sampler) -> tuple:
    x = real(s, s.shape())
    if x.size == 0:  # -1 cannot be inferred for no elements (torch and NumPy refuse)
        return x, x.shape[::-1]
    sizes = [n for n in x.shape if n > 1] or [1]
    target = [*sizes[::-1], 1][: s.integer(1, len(sizes) + 1)]
    target[-1] = -1  # let reshape infer the last size
    return x, tuple(target)


def permute_args(s: Sampler) -> tuple:
    x = real(s, s.shape(1))
    return x, tuple(int(d) for d in s.permutation(x.ndim))


def transpose_args(s: Sampler) -> tuple:
    x = real(s, s.shape(1))
    return x, random_dim(s, x.ndim), random_dim(s, x.ndim)


def unsqueeze_args(s: Sampler) -> tuple:
    x = real(s, s.shape())
    d = s.integer(0, x.ndim)
    return x, d - (x.ndim + 1) if s.integer(0, 1) else d


def squeeze_args(s: Sampler) -> tuple:
    x = real(s, s.shape())
    return x, None if x.ndim == 0 or s.integer(0, 1) else random_dim(s, x.ndim)


def expand_args(s: Sampler) -> tuple:
    small, big = s.broadcastable_shapes(2)
    target = np.broadcast_shapes(small, big)
    sizes = tuple(
        -1 if i >= len(target) - len(small) and s.integer(0, 1) else n for i, n in enumerate(target)
    )
    return real(s, small), sizes


def basic_index_args(s: Sampler) -> tuple:
    x = real(s, s.shape(1))
    index = []
    for n in x.shape:
        choice = s.integer(0, 3) if n else s.integer(2, 3)  # an empty side has no element
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


def advanced_index_args(s: Sampler) -> tuple:
    """Integer lists, with repeats (their gradients add up), or a boolean mask."""
    x = real(s, s.shape(1))
    if x.size == 0 or s.integer(0, 2) == 0:
        return x, np.asarray(s.uniform(x.shape, 0, 1) < 0.6)
    picks = [s.integer(-x.shape[0], x.shape[0] - 1) for _ in range(s.integer(1, 5))]
    if x.ndim >= 2 and s.integer(0, 1):
        others = [s.integer(0, x.shape[1] - 1) for _ in picks]
        return x, (picks, others)
    return x, picks


def setitem_args(s: Sampler) -> tuple:
    x, index = basic_index_args(s)
    target = np.empty(x.shape)[index].shape
    value_shape = target[s.integer(0, len(target)) :]
    return x, real(s, value_shape), index


def join_args(new_dim: bool) -> Callable[[Sampler], tuple]:
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


def linear_args(s: Sampler) -> tuple:
    n_in, n_out = s.integer(1, 4), s.integer(1, 4)
    lead = [(), (s.integer(1, 4),), (s.integer(1, 3), s.integer(1, 3))][s.integer(0, 2)]
    bias = real(s, (n_out,)) if s.integer(0, 3) else None
    return real(s, (*lead, n_in)), real(s, (n_out, n_in)), bias


def clamp_args(s: Sampler) -> tuple:
    """Values at least 0.1 away from the bounds -1 and 1 (kinks), and, at random, only one
    bound: clamp(min=-1) or clamp(max=1)."""
    x = _away_from_zero(s, s.shape())  # |x| in [0.2, 2] ...
    x = np.where(np.abs(np.abs(x) - 1.0) < 0.1, x * 0.5, x)  # ... and not within 0.1 of 1
    bounds = [(-1.0, 1.0), (-1.0, None), (None, 1.0)][s.integer(0, 2)]
    return (s.edge(x), *bounds)


def clamp_tensor_args(s: Sampler) -> tuple:
    """(x, low, high), broadcasting, with tensor bounds (one of them may be None; they may
    cross): low, high and x on three grids of 0.1-steps offset by 0.025 and 0.05, so no two
    are within 0.025 (no kink under a nudge). x has the broadcast shape: PyTorch's backward
    fails where x and low broadcast to less."""
    shape_low, shape_high = s.broadcastable_shapes(2)
    shape_x = np.broadcast_shapes(shape_low, shape_high)
    x = np.asarray(np.floor(s.uniform(shape_x, -20, 20)) * 0.1 + 0.05)
    low = np.asarray(np.floor(s.uniform(shape_low, -10, 10)) * 0.1)
    high = np.asarray(np.floor(s.uniform(shape_high, -10, 10)) * 0.1 + 1.025)
    low, high = [(low, high), (low, None), (None, high)][s.integer(0, 2)]
    return s.edge(x), None if low is None else s.edge(low), None if high is None else s.edge(high)


def cross_entropy_args(s: Sampler) -> tuple:
    n, classes = s.integer(1, 5), s.integer(1, 20)  # up to 16 classes, and more (row_reduce)
    logits = s.edge(np.asarray(s.uniform((n, classes), -3, 3)))
    target = np.array([s.integer(0, classes - 1) for _ in range(n)], dtype=np.int64)
    return logits, target, ("mean", "sum", "none")[s.integer(0, 2)]


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

    def edge(self, values: np.ndarray) -> np.ndarray:
        return values
