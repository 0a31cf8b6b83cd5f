"""The base of every layer and model: `Module`, the `Parameter` it owns, and its state.

A `Module` is a function with parameters. It finds its parameters by looking at its own
attributes: every `Parameter` is one, and every sub-`Module` contributes its own, under a
dotted name (``"0.weight"`` for the weight of a `Sequential`'s first layer, exactly the
names PyTorch uses, so state dicts move between the two libraries). `save` and `load` write a
state dict to a file and read it back.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from autograd_lib.tensor.tensor import Tensor, no_grad


class Parameter(Tensor):
    """A Tensor that a `Module` owns and an optimiser updates: it requires grad by default.

    It copies ``data`` (a Tensor, array or nested list); floating point only.
    """

    __slots__ = ()

    def __init__(self, data: Any, requires_grad: bool = True) -> None:
        super().__init__(data.data if isinstance(data, Tensor) else data)
        if self.dtype.kind != "f":
            raise TypeError(f"Parameter: data must be floating point, got dtype {self.dtype}")
        self.requires_grad_(requires_grad)

    def __repr__(self) -> str:
        return f"Parameter containing:\n{Tensor._wrap(self.data)!r}"


class IncompatibleKeys(NamedTuple):
    """What `Module.load_state_dict` left out with ``strict=False``."""

    missing_keys: list[str]
    unexpected_keys: list[str]


class Module:
    """Base class of layers and models: subclass it, set parameters and sub-modules as
    attributes in ``__init__``, and define ``forward``. Calling the module calls forward."""

    training = True  # a class default, so a subclass that skips super().__init__() still works

    def __init__(self) -> None:
        self.training = True

    def forward(self, *args: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__} has no forward method")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.forward(*args, **kwargs)

    # ------------------------------------------------------------------ discovery

    def named_children(self) -> Iterator[tuple[str, "Module"]]:
        """The sub-modules held directly as attributes, in the order they were set."""
        for name, value in vars(self).items():
            if isinstance(value, Module):
                yield name, value

    def children(self) -> Iterator["Module"]:
        for _, module in self.named_children():
            yield module

    def named_modules(self, prefix: str = "") -> Iterator[tuple[str, "Module"]]:
        """This module (named ``prefix``) and all modules inside it, depth first."""
        stack = [(prefix, self)]
        seen = set()
        while stack:
            name, module = stack.pop()
            if id(module) in seen:
                continue
            seen.add(id(module))
            yield name, module
            children = [(f"{name}.{n}" if name else n, m) for n, m in module.named_children()]
            stack.extend(reversed(children))

    def modules(self) -> Iterator["Module"]:
        for _, module in self.named_modules():
            yield module

    def named_parameters(self) -> Iterator[tuple[str, Parameter]]:
        """Every parameter with its dotted name; a parameter shared by two layers once."""
        seen = set()
        for prefix, module in self.named_modules():
            for name, value in vars(module).items():
                if isinstance(value, Parameter) and id(value) not in seen:
                    seen.add(id(value))
                    yield (f"{prefix}.{name}" if prefix else name), value

    def parameters(self) -> Iterator[Parameter]:
        for _, parameter in self.named_parameters():
            yield parameter

    # ------------------------------------------------------------------ training

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget the accumulated gradients (set them to None, or to zeros)."""
        for p in self.parameters():
            if set_to_none or p.grad is None:
                p.grad = None
            else:
                p.grad.data[...] = 0

    def train(self, mode: bool = True) -> "Module":
        """Switch this module and every sub-module to training mode (or eval mode with
        ``mode=False``); dropout is active only in training mode. Returns self."""
        for module in self.modules():
            module.training = bool(mode)
        return self

    def eval(self) -> "Module":
        """Switch to evaluation mode: ``train(False)``."""
        return self.train(False)

    def to(self, dtype: Any) -> "Module":
        """Convert every parameter to a floating-point ``dtype`` in place; returns self."""
        dtype = np.dtype(dtype)
        if dtype.kind != "f":
            raise TypeError(f"to: parameters must stay floating point, got dtype {dtype}")
        for p in self.parameters():
            if p.dtype != dtype:
                p.data = p.data.astype(dtype)
                p.grad = None
        return self

    def double(self) -> "Module":
        return self.to(np.float64)

    def float(self) -> "Module":
        return self.to(np.float32)

    # ------------------------------------------------------------------ state

    def state_dict(self) -> dict[str, np.ndarray]:
        """A copy of every parameter's values by name: a snapshot that later training does
        not change (PyTorch's shares memory with the model instead)."""
        return {name: p.data.copy() for name, p in self.named_parameters()}

    def load_state_dict(self, state_dict: dict[str, Any], strict: bool = True) -> IncompatibleKeys:
        """Copy values (arrays, our Tensors or torch tensors) into the parameters of the
        same names. Mismatched shapes always raise (RuntimeError, naming every problem);
        missing or unexpected names raise too,
        unless ``strict=False``, and are then returned. Values are converted to each
        parameter's dtype."""
        own = dict(self.named_parameters())
        missing = [name for name in own if name not in state_dict]
        unexpected = [name for name in state_dict if name not in own]
        values = {name: _as_array(state_dict[name]) for name in own if name in state_dict}
        problems = [
            f"size mismatch for {name}: copying a value of shape {value.shape}, "
            f"the parameter has shape {own[name].shape}"
            for name, value in values.items()
            if value.shape != own[name].shape
        ]
        if strict:
            if missing:
                problems.insert(0, f"missing keys: {', '.join(missing)}")
            if unexpected:
                problems.insert(len(missing) > 0, f"unexpected keys: {', '.join(unexpected)}")
        if problems:
            raise RuntimeError(
                f"load_state_dict: cannot load into {type(self).__name__}: " + "; ".join(problems)
            )
        with no_grad():
            for name, value in values.items():
                own[name].copy_(Tensor(value, dtype=own[name].dtype))
        return IncompatibleKeys(missing, unexpected)

    # ------------------------------------------------------------------ printing

    def extra_repr(self) -> str:
        """The layer's settings, shown inside the parentheses of its repr."""
        return ""

    def __repr__(self) -> str:
        children = [f"  ({name}): {_indent(repr(child))}" for name, child in self.named_children()]
        if not children:
            return f"{type(self).__name__}({self.extra_repr()})"
        extra = self.extra_repr()
        head = f"  {extra}\n" if extra else ""
        return f"{type(self).__name__}(\n{head}" + "\n".join(children) + "\n)"


def _indent(text: str) -> str:
    return text.replace("\n", "\n  ")


def _as_array(value: Any) -> np.ndarray:
    """The values of an array, a Tensor or a torch tensor (detached, so never refused)."""
    if hasattr(value, "detach"):
        value = value.detach()
    return np.asarray(value)


def save(state_dict: dict[str, Any], path: str | Path) -> Path:
    """Write a state dict to a NumPy ``.npz`` file (added to the name if missing) and return
    its path. ``save(model.state_dict(), "model.npz")``, as ``torch.save``."""
    path = Path(path)
    if path.suffix != ".npz":
        path = path.with_name(path.name + ".npz")
    np.savez(path, **{name: _as_array(value) for name, value in state_dict.items()})
    return path


def load(path: str | Path) -> dict[str, np.ndarray]:
    """Read a state dict written by `save`: ``model.load_state_dict(load("model.npz"))``."""
    with np.load(path) as archive:
        return {name: archive[name] for name in archive.files}
