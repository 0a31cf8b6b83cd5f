r"""How an optimiser turns gradients into a step direction: plain, momentum, RMSProp, Adam.

Every rule here answers one question: given the gradient $g_t$ just measured (and whatever it
remembers of earlier ones), which direction $d_t$ should we step in? The descent loops in
:mod:`autograd_lib.book.descent` then move $x \leftarrow x - \eta_t\, d_t$, so the learning rate and
its schedule live in one place and every rule is only its memory. The formulas follow
``torch.optim`` (``SGD``, ``RMSprop``, ``Adam``) so that the two give the same iterates.

A rule holds only its hyperparameters; its memory lives in a ``state`` dict that the loop
creates empty for each run, so one rule object can drive many runs.
"""

from dataclasses import dataclass

import numpy as np


def _check_unit_interval(owner: str, name: str, value: float) -> None:
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{owner}: {name} must be in [0, 1), got {value}")


def _check_positive(owner: str, name: str, value: float) -> None:
    if not value > 0:
        raise ValueError(f"{owner}: {name} must be positive, got {value}")


@dataclass(frozen=True)
class Plain:
    r"""Plain gradient descent: $d_t = g_t$, no memory."""

    def direction(self, g: np.ndarray, state: dict) -> np.ndarray:
        return g


@dataclass(frozen=True)
class Momentum:
    r"""Heavy-ball momentum: a velocity $v_t = \beta v_{t-1} + g_t$ and $d_t = v_t$.

    The velocity is a running sum of past gradients, so directions that agree step after step
    build up speed (up to $1/(1-\beta)$ times the gradient) while ones that flip sign cancel.
    With ``nesterov=True`` the step is $d_t = g_t + \beta v_t$: the gradient's contribution is
    applied as if measured at the point the velocity is about to carry us to (PyTorch's form
    of Nesterov's method, which needs no second gradient evaluation).
    """

    beta: float = 0.9
    nesterov: bool = False

    def __post_init__(self) -> None:
        _check_unit_interval("Momentum", "beta", self.beta)

    def direction(self, g: np.ndarray, state: dict) -> np.ndarray:
        velocity = state["velocity"] = self.beta * state.get("velocity", 0.0) + g
        return g + self.beta * velocity if self.nesterov else velocity


@dataclass(frozen=True)
class RMSProp:
    r"""Per-coordinate step sizes: $d_t = g_t / (\sqrt{s_t} + \epsilon)$.

    $s_t = \alpha s_{t-1} + (1-\alpha) g_t^2$ is a running mean of each coordinate's squared
    gradient. Dividing by its square root makes every coordinate move at a similar speed,
    whatever the size of its gradients: steep directions are slowed and shallow ones sped up.
    """

    alpha: float = 0.99
    eps: float = 1e-8

    def __post_init__(self) -> None:
        _check_unit_interval("RMSProp", "alpha", self.alpha)
        _check_positive("RMSProp", "eps", self.eps)

    def direction(self, g: np.ndarray, state: dict) -> np.ndarray:
        square = state["square"] = self.alpha * state.get("square", 0.0) + (1 - self.alpha) * g * g
        return g / (np.sqrt(square) + self.eps)


@dataclass(frozen=True)
class Adam:
    r"""Momentum and RMSProp together, with the start-up bias of both averages removed.

    $m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t$, $s_t = \beta_2 s_{t-1} + (1-\beta_2) g_t^2$;
    both start at zero, so early on they are too small by the factors $1-\beta_1^t$ and
    $1-\beta_2^t$, which are divided out: $d_t = \hat m_t / (\sqrt{\hat s_t} + \epsilon)$.
    """

    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8

    def __post_init__(self) -> None:
        _check_unit_interval("Adam", "beta1", self.beta1)
        _check_unit_interval("Adam", "beta2", self.beta2)
        _check_positive("Adam", "eps", self.eps)

    def direction(self, g: np.ndarray, state: dict) -> np.ndarray:
        t = state["t"] = state.get("t", 0) + 1
        mean = state["mean"] = self.beta1 * state.get("mean", 0.0) + (1 - self.beta1) * g
        square = state["square"] = self.beta2 * state.get("square", 0.0) + (1 - self.beta2) * g * g
        mean_hat = mean / (1 - self.beta1**t)
        square_hat = square / (1 - self.beta2**t)
        return mean_hat / (np.sqrt(square_hat) + self.eps)


UpdateRule = Plain | Momentum | RMSProp | Adam
