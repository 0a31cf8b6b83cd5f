"""A tiny neural-network library on scalar `Value`s: `Neuron`, `Layer`, `MLP`.

Every weight is its own `Value`, so a forward pass builds one graph node per multiply and add:
slow, but every step of backpropagation can be seen. The shape follows micrograd's, so the
two engines build the same graph and can be timed against each other.
"""

from collections.abc import Sequence

import numpy as np

from autograd_lib.scalar.value import Number, Value

Seed = int | np.random.Generator | None


class Module:
    """Something with parameters: they can be listed, and their gradients zeroed."""

    def parameters(self) -> list[Value]:
        return []

    def zero_grad(self) -> None:
        """Reset every parameter's gradient to 0 (gradients accumulate across backward calls)."""
        for p in self.parameters():
            p.grad = 0.0


class Neuron(Module):
    """$\\phi(w \\cdot x + b)$ with $\\phi$ = ReLU, or the identity when ``nonlin=False``."""

    def __init__(self, nin: int, nonlin: bool = True, rng: Seed = None):
        rng = np.random.default_rng(rng)
        self.w = [Value(w, label="w") for w in rng.uniform(-1.0, 1.0, size=nin)]
        self.b = Value(0.0, label="b")
        self.nonlin = nonlin

    def __call__(self, x: Sequence[Value | Number]) -> Value:
        act = self.b
        for wi, xi in zip(self.w, x, strict=True):  # as sum(..., self.b): b + w0 x0 + w1 x1 ...
            act = act + wi * xi
        return act.relu() if self.nonlin else act

    def parameters(self) -> list[Value]:
        return [*self.w, self.b]

    def __repr__(self) -> str:
        return f"{'ReLU' if self.nonlin else 'Linear'}Neuron({len(self.w)})"


class Layer(Module):
    """``nout`` neurons reading the same ``nin`` inputs; returns a list of ``nout`` Values."""

    def __init__(self, nin: int, nout: int, nonlin: bool = True, rng: Seed = None):
        rng = np.random.default_rng(rng)
        self.neurons = [Neuron(nin, nonlin, rng) for _ in range(nout)]

    def __call__(self, x: Sequence[Value | Number]) -> list[Value]:
        return [neuron(x) for neuron in self.neurons]

    def parameters(self) -> list[Value]:
        return [p for neuron in self.neurons for p in neuron.parameters()]

    def __repr__(self) -> str:
        return f"Layer({', '.join(map(repr, self.neurons))})"


class MLP(Module):
    """Layers of ReLU neurons, the last one linear: ``MLP(2, [16, 16, 1], rng=0)``.

    Called on one input (a sequence of ``nin`` numbers or Values), it returns a Value when the
    last layer has one neuron, and a list of Values otherwise.
    """

    def __init__(self, nin: int, nouts: Sequence[int], rng: Seed = None):
        rng = np.random.default_rng(rng)
        sizes = [nin, *nouts]
        self.layers = [
            Layer(sizes[i], sizes[i + 1], nonlin=i < len(nouts) - 1, rng=rng)
            for i in range(len(nouts))
        ]

    def __call__(self, x: Sequence[Value | Number]) -> Value | list[Value]:
        if len(x) != len(self.layers[0].neurons[0].w):
            raise ValueError(
                f"MLP: expected {len(self.layers[0].neurons[0].w)} inputs, got {len(x)}"
            )
        for layer in self.layers:
            x = layer(x)
        return x[0] if len(x) == 1 else x

    def parameters(self) -> list[Value]:
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self) -> str:
        return f"MLP({', '.join(map(repr, self.layers))})"


def max_margin_loss(
    model: Module,
    X: Sequence[Sequence[float]],
    y: Sequence[int],
    alpha: float = 1e-4,
    value: type = Value,
) -> tuple[Value, float]:
    """Mean hinge loss $\\max(0, 1 - y_i s_i)$ plus $\\alpha \\lVert w \\rVert^2$, and accuracy.

    Labels ``y`` are -1 or +1 and ``s_i`` is the model's score for row ``X[i]``. The graph is
    exactly that of micrograd's demo; ``value`` wraps the inputs, so the same function drives
    a micrograd model too (the benchmark times both engines on one definition).
    """
    inputs = [[value(v) for v in row] for row in X]
    scores = [model(x) for x in inputs]
    losses = [(1 + -yi * score).relu() for yi, score in zip(y, scores, strict=True)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = alpha * sum(p * p for p in model.parameters())
    accuracy = sum((yi > 0) == (score.data > 0) for yi, score in zip(y, scores, strict=True))
    return data_loss + reg_loss, accuracy / len(y)
