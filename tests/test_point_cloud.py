"""The toy losses of Part I: their values, gradients, minimisers and input checks."""

import numpy as np
import pytest
import torch
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from autograd_lib.book.point_cloud import (
    geometric_median,
    make_cloud,
    mean_distance,
    mean_distance_grad,
    mean_squared_distance,
    mean_squared_distance_grad,
    weiszfeld_step,
)
from autograd_lib.testing.finite_diff import numerical_gradient

LOSSES = [(mean_squared_distance, mean_squared_distance_grad), (mean_distance, mean_distance_grad)]
finite = st.floats(-10, 10, allow_nan=False, allow_infinity=False)


@st.composite
def clouds_and_points(draw, max_n=30, max_d=4):
    """A cloud of N points in d dimensions and a point p in the same space."""
    n = draw(st.integers(1, max_n))
    d = draw(st.integers(1, max_d))
    points = draw(arrays(np.float64, (n, d), elements=finite))
    return points, draw(arrays(np.float64, d, elements=finite))


def min_distance(p, points):
    return np.min(np.linalg.norm(points - p, axis=1))


# make_cloud

def test_make_cloud_has_the_requested_shape():
    assert make_cloud(n=50, d=3).shape == (50, 3)


def test_make_cloud_is_reproducible_per_seed():
    assert np.array_equal(make_cloud(seed=3), make_cloud(seed=3))
    assert not np.array_equal(make_cloud(seed=3), make_cloud(seed=4))


def test_make_cloud_mean_and_median_differ():
    cloud = make_cloud()
    assert np.linalg.norm(cloud.mean(axis=0) - geometric_median(cloud)) > 0.5


@pytest.mark.parametrize("kwargs, word", [({"n": 0}, "n"), ({"d": 0}, "d"), ({"n": 2.5}, "n")])
def test_make_cloud_rejects_bad_sizes(kwargs, word):
    with pytest.raises(ValueError, match=f"make_cloud: {word} "):
        make_cloud(**kwargs)


# losses and their gradients

def test_losses_on_a_hand_computed_example():
    points = np.array([[0.0, 0.0], [3.0, 4.0]])
    p = np.zeros(2)
    assert mean_squared_distance(p, points) == pytest.approx(12.5)
    assert mean_distance(p, points) == pytest.approx(2.5)


@given(clouds_and_points())
def test_mean_squared_distance_is_its_minimum_plus_squared_distance_to_the_mean(data):
    points, p = data
    mean = points.mean(axis=0)
    expected = mean_squared_distance(mean, points) + np.sum((p - mean) ** 2)
    assert mean_squared_distance(p, points) == pytest.approx(expected, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("loss, grad", LOSSES)
@given(data=clouds_and_points())
def test_closed_form_gradient_equals_numerical_gradient(loss, grad, data):
    points, p = data
    assume(min_distance(p, points) > 0.1)  # away from the mean distance's kinks
    numeric = numerical_gradient(lambda q: loss(q, points), p)
    assert np.allclose(grad(p, points), numeric, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("loss, grad", LOSSES)
@given(data=clouds_and_points())
def test_closed_form_gradient_equals_torch_autograd(loss, grad, data):
    points, p = data
    assume(min_distance(p, points) > 1e-6)
    p_t = torch.tensor(p, requires_grad=True)
    diff = p_t - torch.tensor(points)
    squared = loss is mean_squared_distance
    value = (diff**2).sum(dim=1).mean() if squared else diff.norm(dim=1).mean()
    value.backward()
    assert loss(p, points) == pytest.approx(value.item(), rel=1e-12, abs=1e-12)
    assert np.allclose(grad(p, points), p_t.grad.numpy(), rtol=1e-10, atol=1e-12)


@given(clouds_and_points())
def test_mean_distance_gradient_is_never_longer_than_one(data):
    points, p = data
    assert np.linalg.norm(mean_distance_grad(p, points)) <= 1 + 1e-12


def test_mean_distance_gradient_on_a_data_point_ignores_that_point():
    points = np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 2.0]])
    grad = mean_distance_grad(points[0], points)
    assert np.allclose(grad, [-1 / 3, -1 / 3])


def test_mean_squared_distance_gradient_vanishes_at_the_mean():
    cloud = make_cloud()
    assert np.linalg.norm(mean_squared_distance_grad(cloud.mean(axis=0), cloud)) < 1e-12


# the geometric median

@st.composite
def random_clouds(draw, min_n=1, max_n=30):
    """Gaussian clouds (N, d), d in 2..3, around a random centre: the median is well defined.

    Weiszfeld converges linearly at a rate that tends to 1 for nearly collinear data, so the
    median tests draw generic clouds rather than adversarial arrays.
    """
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n, d = draw(st.integers(min_n, max_n)), draw(st.integers(2, 3))
    return rng.uniform(-5, 5, size=d) + rng.normal(scale=draw(st.floats(0.1, 10)), size=(n, d))


@given(random_clouds(min_n=3))
def test_mean_distance_gradient_vanishes_at_the_geometric_median(points):
    median = geometric_median(points)
    assume(min_distance(median, points) > 1e-3)  # a median on a data point is a kink
    assert np.linalg.norm(mean_distance_grad(median, points)) < 1e-6


@given(random_clouds())
def test_geometric_median_is_no_worse_than_the_mean_or_any_data_point(points):
    best = mean_distance(geometric_median(points), points)
    candidates = [points.mean(axis=0), *points]
    assert all(best <= mean_distance(c, points) + 1e-9 for c in candidates)


@given(random_clouds(min_n=4, max_n=15))
def test_geometric_median_of_symmetric_data_is_the_mean(half):
    centre = half.mean(axis=0)
    points = np.vstack([half, 2 * centre - half])  # each point and its mirror image
    median = geometric_median(points, start=points[-1])  # start away from the answer
    assert np.allclose(points.mean(axis=0), centre, atol=1e-9)
    best = mean_distance(centre, points)
    assert mean_distance(median, points) == pytest.approx(best, rel=1e-12)
    assert np.allclose(median, centre, atol=1e-5 * np.ptp(points))


def test_geometric_median_of_one_point_is_that_point():
    assert np.array_equal(geometric_median(np.array([[1.0, 2.0]])), [1.0, 2.0])


def test_geometric_median_on_a_line_is_the_middle_point():
    # Weiszfeld's plain step would stall or divide by zero here; the data point is optimal.
    points = np.array([[0.0], [1.0], [10.0]])
    assert geometric_median(points) == pytest.approx([1.0], abs=1e-9)


def test_weiszfeld_step_leaves_a_data_point_that_is_not_the_median():
    points = np.array([[0.0, 0.0], [10.0, 0.0], [10.0, 1.0], [10.0, -1.0]])
    step = weiszfeld_step(points[0], points)
    assert not np.array_equal(step, points[0])
    assert mean_distance(step, points) < mean_distance(points[0], points)


def test_geometric_median_of_a_skewed_cloud_is_not_the_mean():
    cloud = make_cloud()
    median = geometric_median(cloud)
    assert mean_distance(median, cloud) < mean_distance(cloud.mean(axis=0), cloud)


# bad arguments

ALL_FUNCTIONS = [mean_squared_distance, mean_distance, mean_squared_distance_grad,
                 mean_distance_grad, weiszfeld_step]


@pytest.mark.parametrize("fn", ALL_FUNCTIONS)
def test_point_of_the_wrong_length_is_rejected(fn):
    message = rf"{fn.__name__}: point p has shape \(3,\).*expected shape \(2,\)"
    with pytest.raises(ValueError, match=message):
        fn(np.zeros(3), np.zeros((5, 2)))


@pytest.mark.parametrize("fn", ALL_FUNCTIONS)
def test_one_dimensional_points_are_rejected(fn):
    with pytest.raises(ValueError, match=r"points must be a 2-D \(N, d\) array.*got shape \(5,\)"):
        fn(np.zeros(2), np.zeros(5))


@pytest.mark.parametrize("fn", ALL_FUNCTIONS)
def test_empty_cloud_is_rejected(fn):
    with pytest.raises(ValueError, match="the cloud is empty"):
        fn(np.zeros(2), np.zeros((0, 2)))


def test_geometric_median_rejects_a_start_of_the_wrong_length():
    with pytest.raises(ValueError, match=r"geometric_median \(start\): point p has shape \(3,\)"):
        geometric_median(np.zeros((4, 2)), start=np.zeros(3))


def test_geometric_median_rejects_an_empty_cloud():
    with pytest.raises(ValueError, match="geometric_median: the cloud is empty"):
        geometric_median(np.zeros((0, 2)))


@pytest.mark.parametrize("fn", [mean_squared_distance, mean_distance_grad])
def test_nan_in_the_data_is_rejected(fn):
    points = np.zeros((3, 2))
    points[1, 0] = np.nan
    with pytest.raises(ValueError, match="points contain NaN or infinity"):
        fn(np.zeros(2), points)


@pytest.mark.parametrize("fn", [mean_squared_distance, mean_distance_grad])
def test_infinite_point_is_rejected(fn):
    with pytest.raises(ValueError, match="point p contains NaN or infinity"):
        fn(np.array([0.0, np.inf]), np.zeros((3, 2)))


@pytest.mark.parametrize("kwargs, word", [({"tol": 0.0}, "tol"), ({"max_iter": 0}, "max_iter")])
def test_geometric_median_rejects_bad_settings(kwargs, word):
    with pytest.raises(ValueError, match=f"geometric_median: {word} must be"):
        geometric_median(make_cloud(n=5), **kwargs)
