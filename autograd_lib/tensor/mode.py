"""Grad mode and the engine's clock: the switches every operation reads, in a module of their own;
and `ieee`, the quiet floating-point mode that forwards and the backward pass compute in.

This module imports nothing of the package, so every other module of the engine can read it.
Its state is read as module attributes (``mode.enabled``), never copied by ``from ... import``,
so that a change made here is seen everywhere.
"""

import functools
import inspect
from collections.abc import Callable, Generator
from typing import Any

import numpy as np

enabled = True  # grad mode: does Function.apply record graphs? Read on every operation.
tensors_mode = False  # inside a create_graph backward: formulas get Tensors, not arrays
clock = 0  # counts in-place changes to tensors (see version.bump_version)


def is_grad_enabled() -> bool:
    """True when operations on tensors that require grad are recorded for backward."""
    return enabled


class _GradMode:
    """Set grad mode for a ``with`` block or a decorated function, then restore the old one."""

    mode = True

    def __new__(cls, func: Callable | None = None):
        # ``@no_grad`` without parentheses: decorate at once.
        self = super().__new__(cls)
        return self(func) if callable(func) else self

    def __enter__(self) -> None:
        global enabled
        self._previous = enabled
        enabled = self.mode

    def __exit__(self, *exc_info: object) -> None:
        global enabled
        enabled = self._previous

    def __call__(self, func: Callable) -> Callable:
        if inspect.isgeneratorfunction(func):
            return self._wrap_generator(func)

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with type(self)():
                return func(*args, **kwargs)

        return wrapper

    def _wrap_generator(self, func: Callable) -> Callable:
        """A generator function whose body runs in this mode each time it resumes, while
        the caller's code between two items keeps its own mode (as torch does): calling a
        generator function only creates the generator, so wrapping the call would set
        the mode around nothing."""
        mode = type(self)

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Generator:
            generator = func(*args, **kwargs)
            with mode():
                item = next(generator, _DONE)
            while item is not _DONE:
                try:
                    sent = yield item
                except GeneratorExit:
                    with mode():
                        generator.close()
                    raise
                except BaseException as err:
                    with mode():
                        item = _resume(generator.throw, err)
                else:
                    with mode():
                        item = _resume(generator.send, sent)

        return wrapper


_DONE = object()  # a generator's end, as a value


def _resume(step: Callable, value: Any) -> Any:
    """The generator's next item after ``step(value)``, or `_DONE` when it has finished."""
    try:
        return step(value)
    except StopIteration:
        return _DONE


class no_grad(_GradMode):
    """Record no graph: as a context manager (``with no_grad():``) or a decorator.

    Results computed inside have ``requires_grad=False``. Use it for parameter updates and
    evaluation, where building a graph would only cost time and memory.
    """

    mode = False


class enable_grad(_GradMode):
    """Record graphs again inside a ``no_grad`` region (context manager or decorator)."""

    mode = True


try:  # NumPy 2 keeps its error state in a context variable, which can be set directly
    from numpy._core._ufunc_config import _extobj_contextvar as _error_state
    from numpy._core.umath import _make_extobj

    _QUIET = _make_extobj(divide="ignore", invalid="ignore", over="ignore")
except ImportError:  # NumPy 1.26: np.errstate
    _error_state = None


def ieee(formula: Callable) -> Callable:
    """Run a formula with IEEE results and no warnings: NumPy warns on log(0), 1 / 0, exp(1000)
    or inf - inf, while PyTorch quietly returns inf or nan, and so do we (a warning on stderr
    would also fail the book's build). Only the forwards that can meet such values pay for
    it; the backward pass is quiet as a whole (`autograd_lib.tensor.backward`). Re-entrant,
    and safe across threads (NumPy's error state is a context variable).

    Setting NumPy's error state directly costs about 0.1 us a call, ``np.errstate`` about
    1 us (NumPy 2.4), paid by every matmul, linear and cross-entropy forward and by every
    backward pass."""

    if _error_state is None:

        @functools.wraps(formula)
        def quiet(*args: Any, **kwargs: Any) -> Any:
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                return formula(*args, **kwargs)

        return quiet

    @functools.wraps(formula)
    def quiet_fast(*args: Any, **kwargs: Any) -> Any:
        token = _error_state.set(_QUIET)
        try:
            return formula(*args, **kwargs)
        finally:
            _error_state.reset(token)

    return quiet_fast
