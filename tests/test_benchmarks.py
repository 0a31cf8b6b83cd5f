"""The benchmarks measure what they claim: competitors compute the same training run.

No test here reads a clock's value: speed is reported by ``make bench``, never asserted.
These tests check that the code being timed is right (every competitor takes the same steps
from the same weights) and that each table can be produced, on sizes small enough for CI.
"""

import numpy as np
import pytest

from benchmarks import bench_scalar, bench_tensor


@pytest.fixture(scope="module")
def digits_run():
    x, y = bench_tensor._digits()
    layers = bench_tensor._init([64, 16, 10])
    return layers, bench_tensor._batches(x, y, 32)[:4]


def test_tensor_competitors_take_the_same_steps(digits_run):
    layers, batches = digits_run
    finals = {}
    for name, make in bench_tensor.COMPETITORS.items():
        step, params = make(layers, batches)
        for i in range(8):
            step(i)
        finals[name] = params()
    for other in ("torch", "numpy"):
        for ours, theirs in zip(finals["ours"], finals[other], strict=True):
            np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-5)
    assert not np.allclose(finals["ours"][0], layers[0][0]), "the steps changed nothing"


def test_every_competitor_reports_its_phases_in_order(digits_run):
    layers, batches = digits_run
    for name, make in bench_tensor.COMPETITORS.items():
        phases = []
        step, _ = make(layers, batches, mark=phases.append)
        step(0)
        assert phases == list(bench_tensor.PHASES), name


def test_phase_split_covers_every_competitor_and_phase(digits_run):
    split = bench_tensor.phase_split(*digits_run, rounds=2, steps=2)
    assert set(split) == set(bench_tensor.COMPETITORS)
    assert all(set(by_phase) == set(bench_tensor.PHASES) for by_phase in split.values())
    assert all(t > 0 for by_phase in split.values() for t in by_phase.values())


def test_scalar_engines_agree_on_the_benchmark_step():
    import micrograd.engine
    import micrograd.nn

    from autograd_lib.scalar.mlp import MLP
    from autograd_lib.scalar.value import Value

    X, y = bench_scalar.moons()
    X, y = X[:20], y[:20]
    ours, theirs = MLP(2, [4, 4, 1], rng=0), micrograd.nn.MLP(2, [4, 4, 1])
    for mine, other in zip(ours.parameters(), theirs.parameters(), strict=True):
        other.data = mine.data
    for _ in range(3):
        theirs_loss = bench_scalar.train_step(theirs, X, y, micrograd.engine.Value)
        ours_loss = bench_scalar.train_step(ours, X, y, Value)
        assert ours_loss == pytest.approx(theirs_loss, rel=1e-12)
    for mine, other in zip(ours.parameters(), theirs.parameters(), strict=True):
        assert mine.data == pytest.approx(other.data, rel=1e-12)


def test_the_numba_floor_makes_the_products_of_the_numpy_floor():
    """Chapter 12's like-for-like floor: the same eight products, from one Numba function."""
    from autograd_lib.book import mlp_steps

    x = mlp_steps.digits()[0][:32]
    weights = tuple(w for w, _ in mlp_steps.init_layers([64, 16, 8, 10]))
    outs = tuple(np.empty((32, w.shape[0]), np.float32) for w in weights)
    grad_w = tuple(np.empty_like(w) for w in weights)
    grad_in = tuple(np.empty((32, w.shape[1]), np.float32) for w in weights)
    mlp_steps.numba_products()(x, weights, outs, grad_w, grad_in)
    inputs = [x]
    for w in weights:
        inputs.append(inputs[-1] @ w.T)
    g = inputs[-1]
    for k in range(len(weights) - 1, -1, -1):
        np.testing.assert_allclose(grad_w[k], g.T @ inputs[k], rtol=1e-5)
        if k > 0:
            g = g @ weights[k]
            np.testing.assert_allclose(grad_in[k], g, rtol=1e-5)
    for out, expected in zip(outs, inputs[1:], strict=True):
        np.testing.assert_allclose(out, expected, rtol=1e-5)


def test_the_compiler_benchmark_prints_both_floors():
    from benchmarks import bench_compiler

    assert {"floor", "numba floor"} <= set(bench_compiler.COMPETITORS)
