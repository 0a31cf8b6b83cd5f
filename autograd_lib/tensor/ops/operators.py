"""The operator table: one row per operation written with a Python operator.

Each row generates the whole fan-out of its operation on the Tensor class:

- ``x.add(y)`` and ``x + y`` (``__add__``);
- ``2 + x`` (``__radd__``), recorded as ``x + 2`` where the operation commutes, as in torch;
- with ``inplace``: ``x += y`` (``__iadd__``) and ``x.add_(y)`` (with ``alpha`` when the row says
  so), which enter the graph as described in `autograd_lib.tensor.ops.inplace`;
- NumPy's protocol: ``array + x`` reaches ``x.__radd__`` (`Tensor.__array_ufunc__`).

A new binary operation is one `Function`, one row here and one entry in
`autograd_lib.testing.registry` (which tests it against PyTorch).
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from autograd_lib.tensor.function import Function
from autograd_lib.tensor.ops.arithmetic import Add, Div, Mul, Pow, Sub
from autograd_lib.tensor.ops.inplace import inplace
from autograd_lib.tensor.ops.linalg import MatMul, matmul_operands
from autograd_lib.tensor.promotion import promote
from autograd_lib.tensor.tensor import UFUNC_METHODS, Tensor


@dataclass(frozen=True)
class Operator:
    """One row of the table (see the module docstring for what it generates)."""

    name: str  # the method's name: add -> add, __add__, __radd__, __iadd__, add_
    function: type[Function]
    ufunc: np.ufunc  # NumPy's ufunc for the operator
    dunder: str = ""  # the operator's name where it differs from ``name``: div -> truediv
    commutes: bool = False  # 2 + x is recorded as x + 2
    inplace: bool = False  # generate __iadd__ and add_
    alpha: bool = False  # the in-place method takes alpha: x.add_(y, alpha=2) is x += 2 * y
    operands: Callable = promote  # operands (a, b, true_division, op) -> (a, b) for apply
    true_division: bool = False  # integers divide into float32


OPERATORS = (
    Operator("add", Add, np.add, commutes=True, inplace=True, alpha=True),
    Operator("sub", Sub, np.subtract, inplace=True, alpha=True),
    Operator("mul", Mul, np.multiply, commutes=True, inplace=True),
    Operator("div", Div, np.true_divide, dunder="truediv", inplace=True, true_division=True),
    Operator("pow", Pow, np.power),
    Operator("matmul", MatMul, np.matmul, operands=matmul_operands),
)


def install(row: Operator) -> None:
    """Add the row's methods to Tensor and its entry to NumPy's protocol table."""
    op = row.dunder or row.name
    methods = {
        f"__{op}__": _binary(row, swap=False),
        f"__r{op}__": _binary(row, swap=not row.commutes),
        row.name: _binary(row, swap=False),
    }
    if row.inplace:
        name = f"{row.name}_"
        methods[f"__i{op}__"] = _inplace(row, name, alpha=False)
        methods[name] = _inplace(row, name, alpha=row.alpha)
    for name, method in methods.items():
        method.__name__ = method.__qualname__ = name
        method.__doc__ = f"{row.function.__name__}, generated from its row in ops.operators."
        setattr(Tensor, name, method)
    UFUNC_METHODS[row.ufunc] = (f"__{op}__", f"__r{op}__")


def _binary(row: Operator, swap: bool) -> Callable:
    """``self op other`` (or ``other op self`` when ``swap``: the reflected operator), its
    operands checked and converted by the row's ``operands`` (PyTorch's type promotion)."""
    apply, operands, division, name = row.function.apply, row.operands, row.true_division, row.name
    if swap:
        return lambda self, other: apply(*operands(other, self, division, name))
    return lambda self, other: apply(*operands(self, other, division, name))


def _inplace(row: Operator, name: str, alpha: bool) -> Callable:
    """``self op= other``; with ``alpha``, ``other`` is scaled first (``add_(y, alpha=2)``)."""
    ufunc, function = row.ufunc, row.function
    if alpha:
        return lambda self, other, alpha=1: inplace(
            self, other if alpha == 1 else other * alpha, ufunc, function, name
        )
    return lambda self, other: inplace(self, other, ufunc, function, name)


for _row in OPERATORS:
    install(_row)
