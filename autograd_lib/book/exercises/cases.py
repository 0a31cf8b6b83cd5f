"""The machinery every checker shares: run the reader's function on hidden cases, and say
clearly what went wrong.

Each ``check_...`` function in this package runs the reader's function on hidden cases,
generated from a fixed seed, and compares every answer with a reference the library trusts (a
closed form, or `numerical_gradient`). It prints either one success line or a diagnosis of the
first case that fails: what the case was, the arguments, expected versus got (shapes, values,
largest error) or the exception the function raised. A wrong answer never raises: the checker
prints and returns False, so a notebook cell holding an unfinished exercise still runs, and
tests can assert on the result.

A checker only builds its `Case` list and picks a judge; `run_cases` does the rest, and
`compare_values` judges numbers: they agree when ``|got - expected| <= ATOL + RTOL *
|expected|`` elementwise.
"""

import sys
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["ATOL", "RTOL", "SEED", "Case", "Judge", "compare_values", "describe", "run_cases"]

RTOL = 1e-6  # loose enough for central differences, tight enough to catch any wrong formula
ATOL = 1e-8
TOLERANCE = f"|got - expected| <= {ATOL:g} + {RTOL:g} * |expected|"
SEED = 20240607  # the hidden cases are the same on every run, and differ from the chapters'

Judge = Callable[[Any, Any], str | None]


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
            f"got {describe(got)}"
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
        return f"expected {_kind(expected)}, got {describe(got)}"
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


def describe(value: Any) -> str:
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
