"""Part III, chapter 7: the scalar engine (`Value`) and the MLP built on it."""

from autograd_lib.scalar.value import Value

__all__ = ["Value"]
