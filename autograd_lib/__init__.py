"""autograd_lib: the automatic-differentiation library built in the book *Autograd from Scratch*.

Each module is introduced by one chapter; ``autograd_lib/chapters.toml`` says which. The
engines' main names are exported here and imported on first use, so ``import autograd_lib``
stays cheap and pulls in neither Numba nor PyTorch.
"""

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "Value": "autograd_lib.scalar.value",
    "Tensor": "autograd_lib.tensor.tensor",
    "no_grad": "autograd_lib.tensor.tensor",
    "grad": "autograd_lib.tensor.tensor",
    "cat": "autograd_lib.tensor",
    "stack": "autograd_lib.tensor",
    "where": "autograd_lib.tensor",
    "maximum": "autograd_lib.tensor",
    "minimum": "autograd_lib.tensor",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'autograd_lib' has no attribute {name!r}")
