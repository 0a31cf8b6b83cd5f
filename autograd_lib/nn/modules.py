"""Neural-network building blocks on the tensor engine, named as in ``torch.nn``.

A `Module` is a function with parameters. It finds its parameters by looking at its own
attributes: every `Parameter` is one, and every sub-`Module` contributes its own, under a
dotted name (``"0.weight"`` for the weight of a `Sequential`'s first layer, exactly the
names PyTorch uses, so state dicts move between the two libraries). Layers and losses here
are thin: the arithmetic lives in the engine's operations (`autograd_lib.tensor.functions`) and in
`autograd_lib.nn.losses`.

Randomness (initial weights, dropout masks) comes from one NumPy generator, seeded with 0
when the module is imported and reseeded by `manual_seed`, as PyTorch's global generator is;
layers also accept their own ``rng``.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from autograd_lib.nn import losses
from autograd_lib.tensor.ops import linear
from autograd_lib.tensor.tensor import Tensor, no_grad

Seed = int | np.random.Generator | None

_generator = np.random.default_rng(0)


def manual_seed(seed: int) -> None:
    """Reseed the generator behind initial weights and dropout (like ``torch.manual_seed``)."""
    global _generator
    _generator = np.random.default_rng(seed)


def _rng(rng: Seed) -> np.random.Generator:
    return _generator if rng is None else np.random.default_rng(rng)


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


# ---------------------------------------------------------------------- layers


class Linear(Module):
    """$y = x W^T + b$ with ``weight`` $W$ of shape (out_features, in_features), as PyTorch.

    Initialised as PyTorch does (Kaiming-uniform with $a = \\sqrt{5}$, which works out to):
    every weight and bias uniform in $\\pm 1/\\sqrt{\\text{in\\_features}}$, so the output's
    scale does not grow with the number of inputs.
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        bias: bool = True,
        dtype: Any = np.float32,
        rng: Seed = None,
    ) -> None:
        super().__init__()
        for name, n in (("in_features", in_features), ("out_features", out_features)):
            if isinstance(n, bool) or not isinstance(n, int) or n < 1:
                raise ValueError(f"Linear: {name} must be a positive integer, got {n!r}")
        self.in_features, self.out_features = in_features, out_features
        generator = _rng(rng)
        bound = 1 / np.sqrt(in_features)
        self.weight = Parameter(
            generator.uniform(-bound, bound, (out_features, in_features)).astype(dtype)
        )
        self.bias = (
            Parameter(generator.uniform(-bound, bound, out_features).astype(dtype))
            if bias
            else None
        )

    def forward(self, x: Tensor) -> Tensor:
        return linear(x, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self.bias is not None}"
        )


class ReLU(Module):
    """$\\max(x, 0)$, elementwise."""

    def forward(self, x: Tensor) -> Tensor:
        return x.relu()


class Tanh(Module):
    def forward(self, x: Tensor) -> Tensor:
        return x.tanh()


class Sigmoid(Module):
    """$1 / (1 + e^{-x})$, elementwise."""

    def forward(self, x: Tensor) -> Tensor:
        return x.sigmoid()


class Flatten(Module):
    """Merge dimensions ``start_dim..end_dim`` into one: images (N, 8, 8) -> (N, 64)."""

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim, self.end_dim = start_dim, end_dim

    def forward(self, x: Tensor) -> Tensor:
        return x.flatten(self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Dropout(Module):
    """In training mode, zero each element with probability ``p`` and scale the survivors by
    $1/(1 - p)$ ("inverted" dropout), so the expected output equals the input and eval mode
    needs no correction: there the layer does nothing."""

    def __init__(self, p: float = 0.5, rng: Seed = None) -> None:
        super().__init__()
        if not 0 <= p <= 1:
            raise ValueError(f"Dropout: p must be a probability in [0, 1], got {p}")
        self.p = p
        self._rng = None if rng is None else np.random.default_rng(rng)

    def forward(self, x: Tensor) -> Tensor:
        if not self.training or self.p == 0:
            return x
        if self.p == 1:
            return x * 0
        generator = self._rng or _generator
        keep = generator.random(x.shape) >= self.p
        return x * (keep * (1 / (1 - self.p))).astype(x.dtype)

    def extra_repr(self) -> str:
        return f"p={self.p}"


class Sequential(Module):
    """Modules applied one after another; ``model[i]`` is the i-th, named ``str(i)``."""

    def __init__(self, *modules: Module) -> None:
        super().__init__()
        for i, module in enumerate(modules):
            if not isinstance(module, Module):
                raise TypeError(
                    f"Sequential: argument {i} is a {type(module).__name__}, not a Module"
                )
            setattr(self, str(i), module)

    def forward(self, x: Any) -> Any:
        for module in self.children():
            x = module(x)
        return x

    def __getitem__(self, index: int) -> Module:
        return list(self.children())[index]

    def __len__(self) -> int:
        return sum(1 for _ in self.children())

    def __iter__(self) -> Iterator[Module]:
        return self.children()


# ---------------------------------------------------------------------- losses


class _Loss(Module):
    function = staticmethod(losses.mse_loss)

    def __init__(self, reduction: str = "mean") -> None:
        super().__init__()
        if reduction not in losses.REDUCTIONS:
            raise ValueError(
                f"{type(self).__name__}: reduction must be one of {losses.REDUCTIONS}, "
                f"got {reduction!r}"
            )
        self.reduction = reduction

    def forward(self, input: Tensor, target: Any) -> Tensor:
        return self.function(input, target, reduction=self.reduction)

    def extra_repr(self) -> str:
        return "" if self.reduction == "mean" else f"reduction={self.reduction!r}"


class MSELoss(_Loss):
    """Mean squared error; `autograd_lib.nn.losses.mse_loss` as a module."""


class BCELoss(_Loss):
    """Binary cross-entropy of probabilities (`losses.binary_cross_entropy`)."""

    function = staticmethod(losses.binary_cross_entropy)


class BCEWithLogitsLoss(_Loss):
    """Binary cross-entropy of logits (`losses.binary_cross_entropy_with_logits`)."""

    function = staticmethod(losses.binary_cross_entropy_with_logits)


class CrossEntropyLoss(_Loss):
    """Cross-entropy of logits (N, C) against class indices (N,) (`losses.cross_entropy`)."""

    function = staticmethod(losses.cross_entropy)
