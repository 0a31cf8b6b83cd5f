"""Scalar networks: shapes, seeding, gradients as in PyTorch, training, and freed graphs."""

import gc
import math
import weakref

import pytest
import torch
from sklearn.datasets import make_moons

from autograd_lib import Value
from autograd_lib.graph import topological_sort
from autograd_lib.scalar.mlp import MLP, Layer, Neuron, max_margin_loss


def moons(n: int = 30) -> tuple[list[list[float]], list[int]]:
    X, y = make_moons(n_samples=n, noise=0.1, random_state=0)
    return X.tolist(), (2 * y - 1).tolist()


def test_mlp_has_micrograds_parameter_count():
    assert len(MLP(2, [16, 16, 1], rng=0).parameters()) == 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1


def test_same_seed_gives_same_weights():
    first, second = MLP(3, [4, 1], rng=7), MLP(3, [4, 1], rng=7)
    assert [p.data for p in first.parameters()] == [p.data for p in second.parameters()]


def test_neuron_is_relu_of_an_affine_map():
    neuron = Neuron(2, rng=0)
    w, b = [p.data for p in neuron.w], 0.5
    neuron.b.data = b
    assert neuron([1.0, -2.0]).data == max(0.0, w[0] - 2 * w[1] + b)
    assert neuron([1.0, -2.0]).op == "relu"


def test_linear_neuron_skips_the_relu():
    neuron = Neuron(2, nonlin=False, rng=0)
    assert neuron([1.0, 1.0]).op == "+"


def test_layer_returns_one_value_per_neuron():
    assert len(Layer(3, 5, rng=0)([1.0, 2.0, 3.0])) == 5


def test_mlp_with_one_output_returns_a_value_else_a_list():
    assert isinstance(MLP(2, [3, 1], rng=0)([1.0, 2.0]), Value)
    assert len(MLP(2, [3, 2], rng=0)([1.0, 2.0])) == 2


def test_mlp_rejects_inputs_of_the_wrong_length():
    with pytest.raises(ValueError, match="expected 2 inputs, got 3"):
        MLP(2, [3, 1], rng=0)([1.0, 2.0, 3.0])


def test_zero_grad_resets_every_parameter():
    model = MLP(2, [3, 1], rng=0)
    model([1.0, 2.0]).backward()
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


def torch_loss(model: MLP, X, y, alpha: float = 1e-4):
    """The same loss in PyTorch, from the model's weights, as float64 tensors."""
    layers = [
        (
            torch.tensor([[p.data for p in n.w] for n in layer.neurons], dtype=torch.float64),
            torch.tensor([n.b.data for n in layer.neurons], dtype=torch.float64),
        )
        for layer in model.layers
    ]
    params = [t.requires_grad_() for pair in layers for t in pair]
    h = torch.tensor(X, dtype=torch.float64)
    for i, (w, b) in enumerate(layers):
        h = h @ w.T + b
        h = h.relu() if i < len(layers) - 1 else h
    margins = (1 - torch.tensor(y, dtype=torch.float64) * h[:, 0]).relu()
    loss = margins.mean() + alpha * sum((p * p).sum() for p in params)
    loss.backward()
    return loss, layers


def test_loss_and_gradients_match_pytorch():
    X, y = moons()
    model = MLP(2, [8, 8, 1], rng=1)
    loss, _ = max_margin_loss(model, X, y)
    loss.backward()
    expected, layers = torch_loss(model, X, y)
    assert math.isclose(loss.data, expected.item(), rel_tol=1e-12)
    for layer, (w, b) in zip(model.layers, layers, strict=True):
        for i, neuron in enumerate(layer.neurons):
            assert math.isclose(neuron.b.grad, b.grad[i].item(), rel_tol=1e-9, abs_tol=1e-15)
            for j, weight in enumerate(neuron.w):
                assert math.isclose(weight.grad, w.grad[i, j].item(), rel_tol=1e-9, abs_tol=1e-15)


def test_accuracy_counts_scores_on_the_right_side():
    model = MLP(1, [1], rng=0)
    model.layers[0].neurons[0].w[0].data = 1.0
    _, accuracy = max_margin_loss(model, [[1.0], [-1.0], [2.0], [3.0]], [1, -1, -1, -1])
    assert accuracy == 0.5


def test_a_few_steps_of_gradient_descent_lower_the_loss():
    X, y = moons()
    model = MLP(2, [8, 8, 1], rng=0)
    losses = []
    for _ in range(5):
        loss, _ = max_margin_loss(model, X, y)
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= 0.1 * p.grad
        losses.append(loss.data)
    assert losses[-1] < losses[0]


def test_no_node_survives_a_training_step_without_the_garbage_collector():
    X, y = moons()
    model = MLP(2, [4, 4, 1], rng=0)
    parameters = {id(p) for p in model.parameters()}
    gc.collect()
    gc.disable()
    try:
        loss, _ = max_margin_loss(model, X, y)
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= 0.1 * p.grad
        graph = topological_sort([loss], lambda v: v.children)
        refs = [weakref.ref(v) for v in graph if id(v) not in parameters]
        del loss, graph
        assert len(refs) > 500
        assert [ref for ref in refs if ref() is not None] == []
    finally:
        gc.enable()
