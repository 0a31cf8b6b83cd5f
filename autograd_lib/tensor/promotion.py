"""PyTorch's type promotion for the operands of an elementwise operation.

NumPy and PyTorch agree on most mixed dtypes but not all: NumPy widens int64 with float32
to float64 and divides integers into float64, PyTorch keeps float32. `promote` converts the
operands where the two differ, so that results get PyTorch's dtype.
"""

from typing import Any

import numpy as np

from autograd_lib.tensor.tensor import Tensor

KIND_RANK = {"b": 0, "u": 1, "i": 1, "f": 2}  # bool < integer < floating, as in torch


def promote(a: Any, b: Any, true_division: bool = False, op: str = "") -> tuple[Any, Any]:
    """The operands of an elementwise operation, converted where PyTorch's type promotion
    differs from NumPy's, so that results get PyTorch's dtype:

    - an integer or bool operand meets a floating one: the float's dtype (NumPy widens
      int64 with float32 to float64);
    - two dtypes of one kind, one operand 0-d and the other not: the dtype of the one with
      dimensions (a 0-d tensor weighs no more than a number);
    - a float number meets an integer or bool tensor, or two integers are divided:
      float32, the default dtype (NumPy gives float64).

    NumPy scalars count as numbers, as Python numbers do. Tensors are converted with
    ``Tensor.to``, a differentiable operation, so gradients come back in their own dtype.
    Anything else (a list, a string, None) is refused as PyTorch refuses it, naming ``op``.
    """
    da, db = _array_dtype(a), _array_dtype(b)
    if da is db and (da is None or not true_division or da.kind == "f"):
        return a, b  # the common case: one dtype, nothing to convert
    if da is None or db is None:  # a number on one side
        if da is None:
            a = _number(a, op)
        else:
            b = _number(b, op)
        if (db if da is None else da).kind == "f":
            return a, b  # a number never changes a float tensor's dtype, in both libraries
        number = b if da is not None else a
        floats = isinstance(number, float) or true_division
        if floats and da is not None and da.kind in "biu":
            a = _to(a, np.float32)
        if floats and db is not None and db.kind in "biu":
            b = _to(b, np.float32)
        return a, b
    ra, rb = KIND_RANK.get(da.kind), KIND_RANK.get(db.kind)
    if ra is None or rb is None:
        return a, b  # complex or other kinds: NumPy's rules, and its errors
    if da != db:
        if ra != rb:
            a, b = (_to(a, db), b) if ra < rb else (a, _to(b, da))
        elif np.ndim(a) == 0 and np.ndim(b) != 0:
            a = _to(a, db)
        elif np.ndim(b) == 0 and np.ndim(a) != 0:
            b = _to(b, da)
    if true_division and _array_dtype(a).kind in "biu" and _array_dtype(b).kind in "biu":
        a, b = _to(a, np.float32), _to(b, np.float32)
    return a, b


def _array_dtype(x: Any) -> np.dtype | None:
    """The dtype of a Tensor or array operand; None for a number."""
    return x.data.dtype if isinstance(x, Tensor) else x.dtype if type(x) is np.ndarray else None


def _number(x: Any, op: str) -> Any:
    """The operand that is not a Tensor or an array: a NumPy scalar as the Python number
    it holds, a number as it is. Anything else is not an operand: a list would make NumPy
    build an array (float64, and ragged lists an error in NumPy's words), where PyTorch
    refuses it."""
    if type(x) is float or type(x) is int:  # the common case, first
        return x
    if isinstance(x, np.generic):
        return x.item()
    if isinstance(x, int | float):  # bool is an int
        return x
    raise TypeError(
        f"{op or 'operation'}: an operand is {_a(x)}, but only Tensors, NumPy "
        "arrays and numbers can be combined with a Tensor (as in PyTorch); wrap a list as "
        "Tensor([...]) first"
    )


def _a(x: Any) -> str:
    """``a list``, ``a str``, ``None``: what a wrong operand is, for a message."""
    return "None" if x is None else f"a {type(x).__name__}"


def _to(x: Any, dtype: Any) -> Any:
    return x.to(dtype) if isinstance(x, Tensor) else x.astype(dtype)



def floating(x: Tensor) -> Tensor:
    """``x``, or for an integer or bool tensor a float32 copy: the dtype in which PyTorch
    computes exp, log and their kin (NumPy would give float64, or float16 for bool)."""
    return x if x.data.dtype.kind == "f" else x.to(np.float32)
