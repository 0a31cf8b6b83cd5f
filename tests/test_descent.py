"""Descent loops: every variant finds the mean and the geometric median; bad input is refused."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd_lib.book.descent import gradient_descent, minibatch_descent, trajectory
from autograd_lib.book.point_cloud import (
    geometric_median,
    make_cloud,
    mean_distance,
    mean_distance_grad,
    mean_squared_distance,
    mean_squared_distance_grad,
)
from autograd_lib.book.update_rules import Adam, Momentum, Plain, RMSProp

CLOUD = make_cloud(60, seed=1)
START = np.array([4.0, -2.0])

# Each rule with a learning rate for the squared and one for the Euclidean loss. Momentum's
# steps are about 1 / (1 - beta) times its learning rate; RMSProp's and Adam's are about the
# learning rate per coordinate whatever the gradient's size; the Euclidean loss's gradients
# are at most 1 long, so plain steps on it need a larger rate to travel as far.
SQUARED = (mean_squared_distance_grad, mean_squared_distance)  # the gradient and the loss
RULES = {
    "plain": (Plain(), 0.1, 0.5),
    "momentum": (Momentum(0.9), 0.01, 0.05),
    "nesterov": (Momentum(0.9, nesterov=True), 0.01, 0.05),
    # A slow average of squared gradients: with a fast one each sample's own g^2 shrinks its
    # step, which weights points unequally and biases stochastic RMSProp off the mean.
    "rmsprop": (RMSProp(alpha=0.999), 0.2, 0.2),
    "adam": (Adam(), 0.4, 0.4),
}
BATCHES = {"full-batch": 60, "mini-batch": 10, "stochastic": 1}  # batches divide the 60 points
LOSSES = {
    "squared -> mean": (mean_squared_distance_grad, mean_squared_distance, CLOUD.mean(axis=0)),
    "euclidean -> geometric median": (mean_distance_grad, mean_distance, geometric_median(CLOUD)),
}
# About 5,000 updates per run with steps decaying like 1 / (1 + 0.1 k): enough to travel from
# START and to average the batch noise well below the tolerance, for every variant (the worst
# of 8 seeds is about 3e-3). The cloud's spread is about 2; START is about 5 from the answer.
UPDATES, DECAY, TOLERANCE = 5_000, 0.1, 1e-2


@pytest.mark.parametrize("loss_name", LOSSES)
@pytest.mark.parametrize("batch_name", BATCHES)
@pytest.mark.parametrize("rule_name", RULES)
def test_every_variant_converges_to_the_minimiser(loss_name, batch_name, rule_name):
    grad, loss, minimiser = LOSSES[loss_name]
    rule, lr_squared, lr_euclidean = RULES[rule_name]
    lr = lr_squared if loss_name.startswith("squared") else lr_euclidean
    batch_size = BATCHES[batch_name]
    epochs = -(-UPDATES // -(-len(CLOUD) // batch_size))
    run = minibatch_descent(grad, loss, CLOUD, START, lr, epochs, batch_size, rule=rule,
                            decay=DECAY, seed=3)
    assert np.linalg.norm(run.final - minimiser) < TOLERANCE


def test_full_batch_plain_descent_reaches_the_mean_to_rounding():
    run = minibatch_descent(*SQUARED, CLOUD, START, 0.25, 100, len(CLOUD))
    np.testing.assert_allclose(run.final, CLOUD.mean(axis=0), atol=1e-12)


def test_full_batch_descent_is_gradient_descent_on_the_whole_loss():
    run = minibatch_descent(*SQUARED, CLOUD, START, 0.1, 20, len(CLOUD))
    expected = gradient_descent(lambda p: mean_squared_distance_grad(p, CLOUD), START, 0.1, 20)
    np.testing.assert_allclose(run.path, expected, rtol=1e-12, atol=1e-12)


def test_sgd_with_step_one_over_2k_computes_the_running_mean():
    """With eta_k = 1 / (2 (k + 1)) each SGD step on the squared loss averages in one point."""
    run = minibatch_descent(*SQUARED, CLOUD, START, 0.5, 1, 1, decay=1.0)
    np.testing.assert_allclose(run.final, CLOUD.mean(axis=0), atol=1e-12)


def recording_grad(seen):
    def grad(p, batch):
        seen.append(batch.copy())
        return mean_squared_distance_grad(p, batch)
    return grad


def test_each_epoch_visits_every_point_exactly_once():
    seen = []
    minibatch_descent(recording_grad(seen), mean_squared_distance, CLOUD, START, 0.1, 3, 7)
    steps = -(-len(CLOUD) // 7)
    for epoch in range(3):
        visited = np.concatenate(seen[epoch * steps:(epoch + 1) * steps])
        np.testing.assert_array_equal(np.unique(visited, axis=0), np.unique(CLOUD, axis=0))


def test_the_last_batch_of_an_epoch_may_be_smaller():
    seen = []
    run = minibatch_descent(recording_grad(seen), mean_squared_distance, CLOUD[:10], START,
                            0.1, 1, 4)
    assert [len(batch) for batch in seen] == [4, 4, 2]
    assert run.steps_per_epoch == 3


def test_the_same_seed_gives_the_same_run_and_another_seed_another():
    def run(seed):
        return minibatch_descent(*SQUARED, CLOUD, START, 0.1, 2, 5,
                                 seed=seed).path
    np.testing.assert_array_equal(run(7), run(7))
    assert not np.array_equal(run(7), run(8))


def test_the_run_records_every_iterate_a_loss_per_epoch_and_times():
    run = minibatch_descent(*SQUARED, CLOUD, START, 0.1, 4, 16)
    assert run.path.shape == (4 * 4 + 1, 2)
    assert run.losses.shape == (5,)
    assert run.losses[0] == mean_squared_distance(START, CLOUD)
    assert run.losses[-1] == mean_squared_distance(run.final, CLOUD)
    assert run.seconds[0] == 0 and np.all(np.diff(run.seconds) >= 0)
    assert run.epoch_seconds.shape == run.losses.shape


def test_a_learning_rate_above_one_diverges_on_the_mean_squared_distance():
    """The update is p - mean <- (1 - 2 lr)(p - mean): it shrinks only if lr < 1."""
    run = minibatch_descent(*SQUARED, CLOUD, START, 1.05, 30, len(CLOUD))
    assert run.losses[-1] > run.losses[0]


@given(st.floats(0.01, 0.9), st.integers(0, 30))
def test_trajectory_with_the_plain_rule_is_gradient_descent(lr, steps):
    def grad(p):
        return mean_squared_distance_grad(p, CLOUD)
    np.testing.assert_allclose(trajectory(grad, START, lr, steps),
                               gradient_descent(grad, START, lr, steps), rtol=0, atol=1e-12)


def test_trajectory_starts_at_x0_and_records_every_step():
    path = trajectory(lambda p: 2 * p, START, 0.1, 5, rule=Adam())
    assert path.shape == (6, 2)
    np.testing.assert_array_equal(path[0], START)


# Bad arguments: a ValueError that names the problem.

def descend(**changes):
    arguments = dict(grad=mean_squared_distance_grad, loss=mean_squared_distance, points=CLOUD,
                     x0=START, lr=0.1, epochs=2, batch_size=4)
    return minibatch_descent(**(arguments | changes))


@pytest.mark.parametrize("lr", [0.0, -0.1, float("nan"), float("inf")])
def test_a_non_positive_or_non_finite_learning_rate_is_refused(lr):
    with pytest.raises(ValueError, match="learning rate"):
        descend(lr=lr)


@pytest.mark.parametrize("batch_size", [0, -3, 2.5])
def test_a_batch_size_below_one_or_not_an_integer_is_refused(batch_size):
    with pytest.raises(ValueError, match="batch_size"):
        descend(batch_size=batch_size)


def test_a_batch_larger_than_the_data_is_refused():
    with pytest.raises(ValueError, match="batch_size 61 is larger than the data"):
        descend(batch_size=61)


@pytest.mark.parametrize("epochs", [0, -1, 1.5])
def test_non_positive_epochs_are_refused(epochs):
    with pytest.raises(ValueError, match="epochs"):
        descend(epochs=epochs)


def test_a_negative_decay_is_refused():
    with pytest.raises(ValueError, match="decay"):
        descend(decay=-0.1)


@pytest.mark.parametrize("points", [np.zeros(5), np.zeros((0, 2)), np.zeros((2, 3, 4))])
def test_points_that_are_not_a_non_empty_matrix_are_refused(points):
    with pytest.raises(ValueError, match=r"points must be a non-empty \(N, d\) array"):
        descend(points=points)


def test_a_start_point_of_the_wrong_dimension_is_refused():
    with pytest.raises(ValueError, match=r"x0 has shape \(3,\).*expected shape \(2,\)"):
        descend(x0=np.zeros(3))


def test_a_gradient_of_the_wrong_shape_is_refused():
    with pytest.raises(ValueError, match=r"grad returned shape \(1,\), expected \(2,\)"):
        descend(grad=lambda p, batch: np.zeros(1))


def test_trajectory_refuses_bad_arguments():
    with pytest.raises(ValueError, match="learning rate"):
        trajectory(lambda p: p, START, 0.0, 5)
    with pytest.raises(ValueError, match="steps"):
        trajectory(lambda p: p, START, 0.1, -1)
    with pytest.raises(ValueError, match="x0 must be a 1-D point"):
        trajectory(lambda p: p, np.zeros((2, 2)), 0.1, 5)
    with pytest.raises(ValueError, match="grad returned shape"):
        trajectory(lambda p: p[:1], START, 0.1, 5)
