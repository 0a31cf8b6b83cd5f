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
from a sampler (`autograd_lib.testing.samplers`): random for the chapter-9 table, or driven by
Hypothesis in the tests.
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import numpy as np

from autograd_lib.tensor import ops
from autograd_lib.tensor.function import Function
from autograd_lib.testing.samplers import (
    Sampler,
    advanced_index_args,
    apart_pair,
    away_from_zero,
    basic_index_args,
    binary,
    clamp_args,
    clamp_tensor_args,
    cross_entropy_args,
    distinct,
    expand_args,
    join_args,
    linear_args,
    matmul_args,
    matrix,
    one_dim,
    permute_args,
    positive,
    real,
    reduction,
    reshape_args,
    setitem_args,
    squeeze_args,
    transpose_args,
    unary,
    unsqueeze_args,
    where_args,
)


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


def _reduce_call(method: str) -> Callable:
    def call(ns, x, dim, keepdim):
        if dim is None:
            return getattr(x, method)()
        return getattr(x, method)(dim=dim, keepdim=keepdim)

    return call


def _setitem_call(ns, x, value, index):
    y = x * 1.0  # a non-leaf: in-place assignment enters the graph
    y[index] = value
    return y


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
        e("maximum", ops.Maximum, lambda ns, a, b: ns.maximum(a, b), apart_pair),
        e("minimum", ops.Minimum, lambda ns, a, b: ns.minimum(a, b), apart_pair),
        e("where", ops.Where, lambda ns, c, a, b: ns.where(ns_bool(ns, c), a, b), where_args),
        e("matmul", ops.MatMul, lambda ns, a, b: a @ b, matmul_args),
        e("exp", ops.Exp, lambda ns, x: x.exp(), unary()),
        e("log", ops.Log, lambda ns, x: x.log(), unary(positive)),
        e("sqrt", ops.Sqrt, lambda ns, x: x.sqrt(), unary(positive)),
        e("abs", ops.Abs, lambda ns, x: x.abs(), unary(away_from_zero)),
        e("tanh", ops.Tanh, lambda ns, x: x.tanh(), unary()),
        e("sigmoid", ops.Sigmoid, lambda ns, x: x.sigmoid(), unary()),
        e("relu", ops.ReLU, lambda ns, x: x.relu(), unary(away_from_zero)),
        e("clamp", ops.Clamp, lambda ns, x, low, high: x.clamp(low, high), clamp_args),
        e("clamp_tensor", ops.Clamp, lambda ns, x, lo, hi: x.clamp(lo, hi), clamp_tensor_args),
        e("float32_round_trip", ops.Cast, lambda ns, x: x.float().double(), unary(), smooth=False),
        e("clone", ops.Clone, lambda ns, x: x.clone(), unary()),
        e("sum", ops.Sum, _reduce_call("sum"), reduction()),
        e("mean", ops.Mean, _reduce_call("mean"), reduction()),
        e("max", ops.Max, lambda ns, x: x.max(), unary(distinct)),
        e("min", ops.Min, lambda ns, x: x.min(), unary(distinct)),
        e(
            "max_dim",
            ops.MaxDim,
            lambda ns, x, d, k: x.max(dim=d, keepdim=k).values,
            one_dim(distinct),
        ),
        e(
            "min_dim",
            ops.MinDim,
            lambda ns, x, d, k: x.min(dim=d, keepdim=k).values,
            one_dim(distinct),
        ),
        e("logsumexp", ops.LogSumExp, lambda ns, x, d, k: x.logsumexp(d, k), one_dim(real, 0)),
        e("softmax", ops.Softmax, lambda ns, x, d: x.softmax(d), one_dim(real, 0, False)),
        e(
            "log_softmax",
            ops.LogSoftmax,
            lambda ns, x, d: x.log_softmax(d),
            one_dim(real, 0, False),
        ),
        e("reshape", ops.Reshape, lambda ns, x, shape: x.reshape(shape), reshape_args),
        e("permute", ops.Permute, lambda ns, x, dims: x.permute(*dims), permute_args),
        e("transpose", ops.Permute, lambda ns, x, a, b: x.transpose(a, b), transpose_args),
        e("T", ops.Permute, lambda ns, x: x.T, matrix),
        e("unsqueeze", ops.Reshape, lambda ns, x, d: x.unsqueeze(d), unsqueeze_args),
        e("squeeze", ops.Reshape, _squeeze_call, squeeze_args),
        e("flatten", ops.Reshape, lambda ns, x: x.flatten(), unary()),
        e("expand", ops.Expand, lambda ns, x, sizes: x.expand(sizes), expand_args),
        e("getitem", ops.GetItem, lambda ns, x, i: x[i], basic_index_args),
        e(
            "getitem_advanced",
            ops.GetItem,
            lambda ns, x, i: x[ns_index(ns, i)],
            advanced_index_args,
        ),
        e("setitem", ops.IndexPut, _setitem_call, setitem_args),
        e("cat", ops.Cat, lambda ns, d, *xs: ns.cat(xs, dim=d), join_args(new_dim=False)),
        e("stack", ops.Stack, lambda ns, d, *xs: ns.stack(xs, dim=d), join_args(new_dim=True)),
        e("linear", ops.Linear, lambda ns, x, w, b: ns.linear(x, w, b), linear_args),
        e(
            "cross_entropy",
            ops.CrossEntropy,
            lambda ns, z, t, r: ns.cross_entropy(z, t, reduction=r),
            cross_entropy_args,
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
