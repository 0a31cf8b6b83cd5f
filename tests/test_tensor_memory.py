"""Scale and memory: deep graphs, freed nodes, flat memory over training."""

import gc
import tracemalloc
import weakref

import numpy as np
import pytest

from autograd_lib import Tensor, no_grad
from autograd_lib.tensor.ops import cross_entropy, linear


def test_a_100000_op_chain_backpropagates_without_recursion():
    x = Tensor(np.array(1.0), requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    y.backward()
    assert x.grad.item() == 1.0
    del y  # freeing the chain must not recurse either


def _train(steps, probe=None, keep_refs=True):
    rng = np.random.default_rng(0)
    x = Tensor(rng.standard_normal((16, 4)).astype(np.float32))
    y = Tensor(rng.integers(0, 3, 16))
    w1 = Tensor(rng.standard_normal((8, 4)).astype(np.float32) * 0.5, requires_grad=True)
    w2 = Tensor(rng.standard_normal((3, 8)).astype(np.float32) * 0.5, requires_grad=True)
    nodes = []
    for step in range(steps):
        loss = cross_entropy(linear(linear(x, w1).relu(), w2), y)
        if keep_refs:
            nodes.append(weakref.ref(loss.grad_fn))
        w1.grad = w2.grad = None
        loss.backward()
        with no_grad():
            w1 -= 0.1 * w1.grad
            w2 -= 0.1 * w2.grad
        if probe is not None:
            probe(step)
    return nodes


def test_after_1000_training_steps_no_graph_node_is_alive():
    gc.disable()  # nodes must die by reference counting alone: no cycles
    try:
        nodes = _train(1000)
        assert sum(ref() is not None for ref in nodes) == 0
    finally:
        gc.enable()


@pytest.mark.parametrize("op", ["exp", "relu", "tanh", "sigmoid"])
def test_a_graph_keeps_only_the_arrays_its_nodes_saved(op):
    a = Tensor(np.linspace(-1.0, 1.0, 1000), requires_grad=True)
    x = a * 2  # saves a's array, not its own result
    result = weakref.ref(x.data)
    y = getattr(x, op)()  # saves its output, not its input x
    del x
    assert result() is None, f"{op}'s node keeps its input's array alive"
    y.sum().backward()
    assert a.grad is not None


def test_memory_stays_flat_over_1000_training_steps():
    sizes = {}

    def probe(step):
        if step in (100, 999):
            sizes[step] = tracemalloc.get_traced_memory()[0]

    tracemalloc.start()
    try:
        _train(1000, probe, keep_refs=False)
    finally:
        tracemalloc.stop()
    assert sizes[999] - sizes[100] < 20_000
