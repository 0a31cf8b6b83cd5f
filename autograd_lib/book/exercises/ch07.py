"""Chapter 7's checker: the backward rule (local derivatives) of one scalar operation."""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from autograd_lib.book.exercises.cases import SEED, Case, compare_values, run_cases
from autograd_lib.testing.finite_diff import numerical_gradient

__all__ = ["BACKWARD_OPS", "check_backward_rule"]


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
