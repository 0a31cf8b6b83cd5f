"""What may become a tensor's data: numbers in nested lists of equal lengths, or an array,
of a bool, integer or floating-point dtype; refused otherwise in the user's words, not
NumPy's (a ragged list is named as such; a string dtype is refused, as in torch)."""

from typing import Any

import numpy as np


def as_array(data: Any, dtype: Any) -> np.ndarray:
    """A new array of ``data`` (numbers, nested lists or an array) with PyTorch's default
    dtypes, or an error that says what is wrong with the data in the user's words."""
    if dtype is not None:
        dtype = _numeric_dtype(dtype)
    try:
        array = np.array(data, dtype=dtype)
    except (ValueError, TypeError):
        raise _data_error(data) from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"Tensor: data must be numbers (bool, int or float), got {_kinds(data)}")
    python_floats = not isinstance(data, np.ndarray | np.generic)
    if dtype is None and array.dtype == np.float64 and python_floats:
        array = array.astype(np.float32)  # Python floats make float32 tensors, as in torch
    return array


def _numeric_dtype(dtype: Any) -> np.dtype:
    """``dtype`` as a NumPy dtype, refused (TypeError, as torch) unless bool, int or float."""
    try:
        found = np.dtype(dtype)
    except TypeError:
        found = None
    if found is None or found.kind not in "biuf":
        raise TypeError(
            f"Tensor: dtype must be a bool, integer or floating-point dtype (e.g. np.float32), "
            f"got {getattr(dtype, '__name__', dtype)!r}"
        )
    return found


def _data_error(data: Any) -> Exception:
    """What is wrong with data NumPy could not make an array of, in the user's words:
    rows of different lengths (ValueError, as torch), or something that is not a number
    where one is expected (TypeError)."""
    found = _ragged(data, 0)
    if found is None:
        return TypeError(f"Tensor: data must be numbers (bool, int or float), got {_kinds(data)}")
    depth, first, other = found
    if first is None or other is None:
        return TypeError(
            f"Tensor: data mixes numbers and sequences at depth {depth}; every entry of a "
            "level must be a number, or every entry a list of the same length"
        )
    return ValueError(
        f"Tensor: data is ragged: the sequences at depth {depth} have different lengths "
        f"({first} and {other}); every row must have the same length"
    )


def _ragged(data: Any, depth: int) -> tuple | None:
    """(depth, a length, another length) of the first level of lists whose entries differ
    in length (None for a number), or None where every level is even."""
    if not isinstance(data, list | tuple) or not data:
        return None
    lengths = [len(x) if isinstance(x, list | tuple | np.ndarray) else None for x in data]
    other = next((n for n in lengths if n != lengths[0]), _EVEN)
    if other is not _EVEN:
        return depth + 1, lengths[0], other
    for x in data:
        found = _ragged(x, depth + 1)
        if found is not None:
            return found
    return None


_EVEN = object()  # in _ragged: no entry differs from the first


def _kinds(data: Any) -> str:
    """The Python types found in ``data``, for a message (``str``, ``list of str``)."""
    if isinstance(data, list | tuple) and data:
        return f"{type(data).__name__} of {_kinds(data[0])}"
    if isinstance(data, np.ndarray | np.generic):
        return f"NumPy values of kind {_KIND_NAMES.get(data.dtype.kind, str(data.dtype))}"
    return "None" if data is None else type(data).__name__


_KIND_NAMES = {"U": "str", "S": "bytes", "O": "object", "c": "complex", "M": "datetime",
               "m": "timedelta", "V": "void"}
