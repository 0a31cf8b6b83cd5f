"""Grad mode and the engine's clock: the switches every operation reads, in a module of their own.

This module imports nothing of the package, so every other module of the engine can read it.
Its state is read as module attributes (``mode.enabled``), never copied by ``from ... import``,
so that a change made here is seen everywhere.
"""

import functools
from collections.abc import Callable
from typing import Any

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
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with type(self)():
                return func(*args, **kwargs)

        return wrapper


class no_grad(_GradMode):
    """Record no graph: as a context manager (``with no_grad():``) or a decorator.

    Results computed inside have ``requires_grad=False``. Use it for parameter updates and
    evaluation, where building a graph would only cost time and memory.
    """

    mode = False


class enable_grad(_GradMode):
    """Record graphs again inside a ``no_grad`` region (context manager or decorator)."""

    mode = True
