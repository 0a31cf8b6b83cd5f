"""Checking gradients: against finite differences (`gradcheck`) and against PyTorch.

`gradcheck` is our ``torch.autograd.gradcheck``: it compares the gradients backward computes
with central differences (`autograd_lib.testing.finite_diff.numerical_gradient`, the library's one
numerical gradient), in float64, and says which input and which element disagree.

`check_op` runs one registered operation (`autograd_lib.testing.registry`) on given arguments in
both engines and measures every disagreement: values, gradients, second derivatives, and
gradients against finite differences. The property tests assert on it; `error_table` runs it
over every registered operation for the table of worst errors in chapter 9.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograd_lib.tensor.backward import grad
from autograd_lib.tensor.mode import no_grad
from autograd_lib.tensor.tensor import Tensor
from autograd_lib.testing.finite_diff import numerical_gradient
from autograd_lib.testing.registry import OURS, REGISTRY, OpSpec, torch_namespace
from autograd_lib.testing.samplers import RandomSampler


class GradcheckError(RuntimeError):
    """Backward and finite differences disagree (raised by `gradcheck`)."""


def relative_error(actual: Any, expected: Any) -> float:
    """``max |actual - expected| / max |expected|``: the error relative to the size of the
    expected values as a whole, so that entries near zero do not blow it up. 0 when both are
    empty or both zero."""
    actual, expected = np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    if actual.shape != expected.shape:
        raise ValueError(
            f"relative_error: shapes differ: {actual.shape} (actual) vs {expected.shape}"
        )
    if actual.size == 0:
        return 0.0
    scale = float(np.max(np.abs(expected)))
    diff = float(np.max(np.abs(actual - expected)))
    return diff / scale if scale > 0 else diff


def gradcheck(
    fn: Callable[..., Any],
    inputs: Sequence[Any],
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    seed: int = 0,
    raise_exception: bool = True,
) -> bool:
    """Check the gradients of ``fn(*inputs)`` for every input that requires grad.

    ``fn`` returns a Tensor or a tuple of Tensors (outputs that are not floating point, such
    as indices, are left out). The outputs are reduced to a number by a fixed random
    weighting, L = sum(w * fn(x)), and dL/dx from backward is compared with central
    differences of L, element by element: each must satisfy
    |analytic - numeric| <= atol + rtol * |numeric|. A wrong entry of the Jacobian changes
    dL/dx for almost every w, so one weighting finds it; the numbers in a report are entries
    of dL/dx under that weighting, not of the Jacobian. As in PyTorch, ``atol`` hides errors
    in gradients much smaller than itself: scale a problem so its gradients are about 1.
    Inputs must be float64: in float32, round-off swamps the differences.
    """
    inputs = tuple(inputs)
    checked = [i for i, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad]
    if not checked:
        raise ValueError("gradcheck: no input requires grad; nothing to check")
    for i in checked:
        if inputs[i].dtype != np.float64:
            raise ValueError(
                f"gradcheck: input {i} is {inputs[i].dtype}; use float64 (e.g. .double()), "
                "since round-off in lower precision swamps finite differences"
            )
    outputs = _float_outputs(fn(*inputs))
    rng = np.random.default_rng(seed)
    weights = [rng.standard_normal(out.shape) for out in outputs]
    loss = sum((out * Tensor(w)).sum() for out, w in zip(outputs, weights, strict=True))
    analytic = grad(loss, [inputs[i] for i in checked], allow_unused=True)
    failures = []
    for i, g in zip(checked, analytic, strict=True):
        numeric = numerical_gradient(_weighted(fn, inputs, i, weights), inputs[i].data, h=eps)
        got = np.zeros_like(numeric) if g is None else g.data
        bad = np.abs(got - numeric) > atol + rtol * np.abs(numeric)
        if bad.any():
            where = tuple(int(k) for k in np.argwhere(bad)[0])
            failures.append(
                f"input {i}, element {where}: backward gives {float(got[where]):.6g}, "
                f"finite differences give {float(numeric[where]):.6g} "
                f"({int(bad.sum())} of {bad.size} elements disagree)"
            )
    if failures and raise_exception:
        raise GradcheckError("gradcheck: " + "; ".join(failures))
    return not failures


def _float_outputs(result: Any) -> list[Tensor]:
    """The differentiable outputs of ``fn``: its floating-point Tensors."""
    outputs = list(result) if isinstance(result, tuple | list) else [result]
    for k, out in enumerate(outputs):
        if not isinstance(out, Tensor):
            raise TypeError(
                f"gradcheck: fn must return Tensors, but output {k} is {type(out).__name__}"
            )
    kept = [out for out in outputs if out.dtype.kind == "f"]
    if not kept:
        raise ValueError("gradcheck: fn returned no floating-point output to check")
    return kept


def _weighted(fn: Callable, inputs: tuple, i: int, weights: list[np.ndarray]) -> Callable:
    """L as a function of input ``i`` alone (a float64 array), the others held fixed."""

    def loss(x: np.ndarray) -> float:
        args = list(inputs)
        args[i] = Tensor(x)
        with no_grad():
            outputs = _float_outputs(fn(*args))
            return float(sum(np.sum(o.data * w) for o, w in zip(outputs, weights, strict=True)))

    return loss


# ------------------------------------------------------------------ checking registered ops


@dataclass(frozen=True)
class OpErrors:
    """Worst relative errors of one operation (see `relative_error`); None: not checked."""

    name: str
    cases: int
    value: float  # forward value vs torch
    gradient: float  # first derivatives vs torch
    second_order: float | None  # Hessian-vector products (create_graph) vs torch
    finite_differences: float | None  # first derivatives vs central differences


def check_op(spec: OpSpec, args: tuple, seed: int = 0, h: float = 1e-6) -> OpErrors:
    """Run ``spec`` on ``args`` in autograd_lib and in torch, and measure disagreements.

    Differentiable arguments are the float64 arrays. The output is weighted by random w,
    L = sum(w * out); gradients are dL/dx. Second derivatives differentiate
    M = sum_i v_i . dL/dx_i (random v) with respect to the inputs (Hessian-vector products)
    and, as ``torch.autograd.gradgradcheck`` does, with respect to w: dM/dw = J v goes back
    through every backward formula, even where the operation is linear in its inputs and the
    Hessian is zero (indexing, sum, reshape...).
    """
    import torch

    rng = np.random.default_rng(seed)
    ours = [_ours(a) for a in args]
    theirs = [_theirs(a, torch) for a in args]
    diff = [i for i, a in enumerate(args) if _differentiable(a)]
    out = spec.call(OURS, *ours)
    expected = spec.call(torch_namespace(), *theirs)
    value = relative_error(out.data, expected.detach().numpy())
    w = rng.standard_normal(out.shape)
    weight, tweight = Tensor(w, requires_grad=True), torch.from_numpy(w).requires_grad_()
    vs = [rng.standard_normal(np.shape(args[i])) for i in diff]

    inputs, tinputs = [ours[i] for i in diff], [theirs[i] for i in diff]
    loss = (out * weight).sum()
    gs = grad(loss, inputs, create_graph=spec.twice_differentiable, allow_unused=True)
    gs = [Tensor(np.zeros(x.shape)) if g is None else g for g, x in zip(gs, inputs, strict=True)]
    tloss = (expected * tweight).sum()
    tgs = torch.autograd.grad(tloss, tinputs, create_graph=True, materialize_grads=True)
    gradient = max(
        relative_error(g.data, t.numpy(force=True)) for g, t in zip(gs, tgs, strict=True)
    )

    second = None
    if spec.twice_differentiable:
        inner = sum((g * Tensor(v)).sum() for g, v in zip(gs, vs, strict=True))
        tinner = sum((t * torch.from_numpy(v)).sum() for t, v in zip(tgs, vs, strict=True))
        shapes = [np.shape(args[i]) for i in diff] + [w.shape]
        hvp = thvp = [None] * len(shapes)
        if inner.requires_grad:
            hvp = grad(inner, [*inputs, weight], allow_unused=True)
        if tinner.requires_grad:
            thvp = torch.autograd.grad(tinner, [*tinputs, tweight], allow_unused=True)
        second = max(
            relative_error(_array(h, shape), _array(t, shape))
            for shape, h, t in zip(shapes, hvp, thvp, strict=True)
        )

    fd = None
    if spec.smooth:
        fd = max(
            relative_error(g.data, numerical_gradient(_weighted_op(spec, args, i, w), args[i], h))
            for i, g in zip(diff, gs, strict=True)
        )
    return OpErrors(spec.name, 1, value, gradient, second, fd)


def _weighted_op(spec: OpSpec, args: tuple, i: int, w: np.ndarray) -> Callable:
    def loss(x: np.ndarray) -> float:
        values = list(args)
        values[i] = x
        with no_grad():
            return float(np.sum(spec.call(OURS, *[_ours(a, False) for a in values]).data * w))

    return loss


def _differentiable(a: Any) -> bool:
    return isinstance(a, np.ndarray) and a.dtype == np.float64


def _ours(a: Any, requires_grad: bool = True) -> Any:
    if isinstance(a, np.ndarray) and a.dtype.kind in "biuf":
        return Tensor(a, requires_grad=requires_grad and _differentiable(a))
    return a


def _theirs(a: Any, torch: Any) -> Any:
    if isinstance(a, np.ndarray) and a.dtype.kind in "iuf":
        return torch.tensor(a, requires_grad=_differentiable(a))
    return a


def _array(g: Any, shape: tuple) -> np.ndarray:
    """A gradient as an array; None (no dependence) as zeros."""
    if g is None:
        return np.zeros(shape)
    return g.data if isinstance(g, Tensor) else g.numpy(force=True)


def error_table(cases: int = 10, seed: int = 0) -> list[OpErrors]:
    """For every registered operation, the worst errors over ``cases`` random valid inputs."""
    rows = []
    for name, spec in REGISTRY.items():
        sampler = RandomSampler(np.random.default_rng([seed, len(name), sum(map(ord, name))]))
        results = [check_op(spec, spec.sample(sampler), seed=k) for k in range(cases)]
        rows.append(
            OpErrors(
                name,
                cases,
                max(r.value for r in results),
                max(r.gradient for r in results),
                _worst(r.second_order for r in results),
                _worst(r.finite_differences for r in results),
            )
        )
    return rows


def _worst(errors: Any) -> float | None:
    errors = [e for e in errors if e is not None]
    return max(errors) if errors else None
