"""Optimisers that update parameters from their gradients, with ``torch.optim``'s rules.

Every optimiser keeps ``param_groups`` (lists of parameters with their hyper-parameters, so a
learning rate can be changed in the middle of training) and a per-parameter ``state`` (the
momentum buffer, Adam's moment estimates). ``step()`` updates every parameter that has a
gradient; ``zero_grad()`` forgets the gradients. Updates write into ``p.data`` in place, so
they record no graph and the parameter objects that a model holds stay the same.

The update rules follow PyTorch's code line for line, including where weight decay enters
and how Adam's bias correction is applied, so that the same model trained with ours and with
PyTorch's optimiser follows the same path (the tests check 20 steps to 1e-6 in float64).
"""

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from autograd_lib.tensor.dims import is_number
from autograd_lib.tensor.mode import ieee
from autograd_lib.tensor.tensor import Tensor

__all__ = ["SGD", "Adam", "AdamW", "Optimizer"]


class Optimizer:
    """Base class: holds the parameter groups and the state; subclasses define `update`."""

    numbers: tuple[str, ...] = ("lr", "weight_decay")  # hyper-parameters that are numbers
    flags: tuple[str, ...] = ("maximize",)  # and those that are bools

    def __init__(self, params: Iterable[Any], defaults: dict[str, Any]) -> None:
        name = type(self).__name__
        if isinstance(params, Tensor):
            raise TypeError(
                f"{name}: params must be an iterable of Tensors (e.g. model.parameters()), "
                "got a single Tensor"
            )
        groups = list(params)
        if not groups:
            raise ValueError(f"{name}: got an empty parameter list (is the model empty?)")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        self.defaults = defaults
        self.param_groups: list[dict[str, Any]] = []
        self.state: dict[Tensor, dict[str, Any]] = {}
        for group in groups:
            self.add_param_group(group)

    def add_param_group(self, group: dict[str, Any]) -> None:
        """Add parameters with their own hyper-parameters (missing ones take the defaults)."""
        name = type(self).__name__
        params = group["params"]
        params = [params] if isinstance(params, Tensor) else list(params)
        for i, p in enumerate(params):
            if not isinstance(p, Tensor):
                raise TypeError(f"{name}: parameter {i} is a {type(p).__name__}, not a Tensor")
            if not p.is_leaf:
                raise ValueError(f"{name}: parameter {i} is not a leaf tensor; can't optimize it")
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in params):
            raise ValueError(f"{name}: some parameters appear in more than one parameter group")
        full = {**self.defaults, **group, "params": params}
        self._check(full)
        self.param_groups.append(full)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget the gradients: set them to None (the default, as PyTorch) or to zeros."""
        for group in self.param_groups:
            for p in group["params"]:
                if set_to_none or p.grad is None:
                    p.grad = None
                else:
                    p.grad.data[...] = 0

    @ieee
    def step(self) -> None:
        """Update every parameter that has a gradient; the others are left alone. Quiet, as
        torch.optim: an inf or NaN gradient gives inf or NaN parameters, not NumPy warnings."""
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    self.update(p.data, p.grad.data, self.state.setdefault(p, {}), group)

    def update(self, param: np.ndarray, grad: np.ndarray, state: dict, group: dict) -> None:
        """Change ``param`` in place from its gradient ``grad``, keeping ``state``."""
        raise NotImplementedError

    def _check(self, group: dict[str, Any]) -> None:
        """Refuse hyper-parameters the update rule cannot use, naming the one at fault."""
        name = type(self).__name__
        for key, value in group.items():
            if key in self.numbers and not is_number(value):
                raise TypeError(f"{name}: {key} must be a number, got {value!r}")
            if key in self.flags and not isinstance(value, bool):
                raise TypeError(f"{name}: {key} must be a bool, got {value!r}")
        if not group["lr"] >= 0:  # as torch.optim: lr = 0 is allowed (a frozen run), NaN not
            raise ValueError(f"{name}: learning rate lr must be >= 0, got {group['lr']}")
        if not group.get("weight_decay", 0) >= 0:
            raise ValueError(f"{name}: weight_decay must be >= 0, got {group['weight_decay']}")

    def __repr__(self) -> str:
        lines = [f"{type(self).__name__} ("]
        for i, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            lines += [f"    {key}: {value}" for key, value in group.items() if key != "params"]
        return "\n".join(lines) + "\n)"


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with momentum and weight decay, as
    ``torch.optim.SGD``. With gradient $g$ (plus ``weight_decay`` $\\cdot\\, p$):

    $b \\leftarrow \\mu b + (1 - \\tau) g$ (``momentum`` $\\mu$, ``dampening`` $\\tau$; the
    first step sets $b = g$), then $p \\leftarrow p - \\eta\\, b$, or with ``nesterov=True``
    $p \\leftarrow p - \\eta (g + \\mu b)$. With ``maximize=True`` it climbs: $g$ is negated
    first, as in torch.
    """

    numbers = (*Optimizer.numbers, "momentum", "dampening")
    flags = (*Optimizer.flags, "nesterov")

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        momentum: float = 0.0,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
        *,
        maximize: bool = False,
    ) -> None:
        defaults = {"lr": lr, "momentum": momentum, "dampening": dampening,
                    "weight_decay": weight_decay, "nesterov": nesterov, "maximize": maximize}
        super().__init__(params, defaults)

    def _check(self, group: dict[str, Any]) -> None:
        super()._check(group)
        if not group["momentum"] >= 0:
            raise ValueError(f"SGD: momentum must be >= 0, got {group['momentum']}")
        if group["nesterov"] and (group["momentum"] <= 0 or group["dampening"] != 0):
            raise ValueError("SGD: Nesterov momentum requires a momentum > 0 and zero dampening")

    def update(self, param: np.ndarray, grad: np.ndarray, state: dict, group: dict) -> None:
        if group["maximize"]:
            grad = -grad
        if group["weight_decay"]:
            grad = grad + group["weight_decay"] * param
        momentum = group["momentum"]
        if momentum:
            buffer = state.get("momentum_buffer")
            if buffer is None:
                buffer = state["momentum_buffer"] = grad.copy()
            else:
                buffer *= momentum
                buffer += (1 - group["dampening"]) * grad
            grad = grad + momentum * buffer if group["nesterov"] else buffer
        param -= group["lr"] * grad


class Adam(Optimizer):
    """Adam, as ``torch.optim.Adam``: running averages of the gradient $m$ and of its square
    $v$ (rates ``betas``), corrected for their start at zero, give the step
    $p \\leftarrow p - \\eta\\, \\hat m / (\\sqrt{\\hat v} + \\epsilon)$. ``weight_decay`` adds
    $\\lambda p$ to the gradient (L2 regularisation; see `AdamW` for the decoupled kind).
    ``amsgrad=True`` divides by the largest $\\hat v$ seen so far instead (the step never
    grows back); ``maximize=True`` negates the gradient first, as in torch."""

    numbers = (*Optimizer.numbers, "eps")
    flags = (*Optimizer.flags, "amsgrad")

    decoupled = False  # weight decay enters the gradient (AdamW: the parameters)
    default_weight_decay = 0.0  # torch's defaults: 0 for Adam, 0.01 for AdamW

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float | None = None,
        amsgrad: bool = False,
        *,
        maximize: bool = False,
    ) -> None:
        if weight_decay is None:
            weight_decay = self.default_weight_decay
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
                    "amsgrad": amsgrad, "maximize": maximize}
        super().__init__(params, defaults)

    def _check(self, group: dict[str, Any]) -> None:
        super()._check(group)
        name = type(self).__name__
        betas = group["betas"]
        if not isinstance(betas, tuple | list) or len(betas) != 2:
            raise TypeError(f"{name}: betas must be a pair of numbers, got {betas!r}")
        for i, beta in enumerate(betas):
            if not is_number(beta):
                raise TypeError(f"{name}: betas[{i}] must be a number, got {beta!r}")
            if not 0 <= beta < 1:
                raise ValueError(f"{name}: betas[{i}] must be in [0, 1), got {beta}")
        if not group["eps"] >= 0:
            raise ValueError(f"{name}: eps must be >= 0, got {group['eps']}")

    def update(self, param: np.ndarray, grad: np.ndarray, state: dict, group: dict) -> None:
        lr, (beta1, beta2), decay = group["lr"], group["betas"], group["weight_decay"]
        if group["maximize"]:
            grad = -grad
        if decay:
            if self.decoupled:
                param *= 1 - lr * decay
            else:
                grad = grad + decay * param
        if not state:
            state["step"] = 0
            state["exp_avg"] = np.zeros_like(param)
            state["exp_avg_sq"] = np.zeros_like(param)
            if group["amsgrad"]:
                state["max_exp_avg_sq"] = np.zeros_like(param)
        state["step"] += 1
        m, v, step = state["exp_avg"], state["exp_avg_sq"], state["step"]
        m += (1 - beta1) * (grad - m)  # torch's lerp: m <- beta1 m + (1 - beta1) g
        v *= beta2
        v += (1 - beta2) * grad * grad
        step_size = lr / (1 - beta1**step)
        if group["amsgrad"]:
            v = state["max_exp_avg_sq"]
            np.maximum(v, state["exp_avg_sq"], out=v)
        denominator = np.sqrt(v) / math.sqrt(1 - beta2**step)
        denominator += group["eps"]
        param -= step_size * m / denominator


class AdamW(Adam):
    """Adam with decoupled weight decay, as ``torch.optim.AdamW``: each step first shrinks
    the parameters, $p \\leftarrow p (1 - \\eta \\lambda)$, instead of adding $\\lambda p$ to
    the gradient, so the decay is not rescaled by Adam's per-parameter step sizes."""

    decoupled = True
    default_weight_decay = 1e-2
