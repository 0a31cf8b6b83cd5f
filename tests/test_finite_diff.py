"""numerical_gradient: accurate on functions whose derivative we know, with error O(h^2)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd_lib.reader import finite_diff
from autograd_lib.testing.finite_diff import numerical_gradient

coefficient = st.floats(-10, 10, allow_nan=False)
coordinate = st.floats(-3, 3, allow_nan=False)


@given(a=coefficient, b=coefficient, c=coefficient, x=coordinate)
def test_central_difference_is_exact_on_quadratics(a, b, c, x):
    # The truncation error involves f''' and higher, all zero for a quadratic.
    estimate = numerical_gradient(lambda v: a * v**2 + b * v + c, x, h=1e-4)
    assert estimate == pytest.approx(2 * a * x + b, abs=1e-8)


@given(x=st.lists(coordinate, min_size=1, max_size=5))
def test_gradient_of_sum_of_sines_is_cosine(x):
    x = np.array(x)
    estimate = numerical_gradient(lambda v: np.sum(np.sin(v)), x)
    assert np.allclose(estimate, np.cos(x), atol=1e-7)


@given(x=st.lists(coordinate, min_size=3, max_size=3))
def test_gradient_of_a_cubic_polynomial_in_three_variables(x):
    def f(v):
        return v[0] ** 3 + v[0] * v[1] ** 2 - 4 * v[2]

    u, v, _ = x
    exact = np.array([3 * u**2 + v**2, 2 * u * v, -4.0])
    assert np.allclose(numerical_gradient(f, np.array(x)), exact, atol=1e-7)


def truncation_error(h: float) -> float:
    """Error of the estimate of exp'(1) = e, in the regime where truncation dominates."""
    return abs(numerical_gradient(np.exp, 1.0, h=h) - np.e)


def test_central_difference_error_quarters_with_h():
    ratios = [truncation_error(h) / truncation_error(h / 2) for h in (1e-1, 1e-2)]
    assert ratios == pytest.approx([4, 4], rel=0.01)


def test_result_has_the_shape_of_x():
    x = np.arange(6.0).reshape(2, 3)
    estimate = numerical_gradient(lambda v: np.sum(v**2), x)
    assert estimate.shape == (2, 3)
    assert np.allclose(estimate, 2 * x, atol=1e-8)


def test_scalar_input_gives_a_zero_dimensional_result():
    estimate = numerical_gradient(np.sin, 0.0)
    assert estimate.shape == ()
    assert estimate == pytest.approx(1.0, abs=1e-9)


def test_integer_input_is_differentiated_in_float64():
    estimate = numerical_gradient(lambda v: np.sum(v**2), np.array([1, 2]))
    assert estimate.dtype == np.float64
    assert np.allclose(estimate, [2, 4], atol=1e-8)


def test_input_is_left_unchanged():
    x = np.array([1.0, 2.0, 3.0])
    numerical_gradient(lambda v: np.sum(v**3), x)
    assert np.array_equal(x, [1.0, 2.0, 3.0])


def test_central_differences_cost_two_evaluations_per_coordinate():
    seen = []
    numerical_gradient(lambda v: seen.append(1) or float(np.sum(v)), np.zeros(3))
    assert len(seen) == 6


@given(x=st.lists(coordinate, min_size=1, max_size=4))
def test_the_checked_version_runs_the_readers_loop(x):
    # The numerical gradient is written once, in chapter 1: the testing tool only adds checks.
    def f(v):
        return float(np.sum(np.exp(v) * v))

    assert np.array_equal(numerical_gradient(f, np.array(x)),
                          finite_diff.numerical_gradient(f, np.array(x)))


@pytest.mark.parametrize("h", [0, -1e-6, float("nan"), float("inf"), "0.1", True])
def test_step_must_be_a_positive_finite_number(h):
    with pytest.raises(ValueError, match="step h must be a positive finite number"):
        numerical_gradient(np.sin, 1.0, h=h)


def test_function_returning_an_array_is_rejected():
    with pytest.raises(ValueError, match=r"f must return a scalar, got an array of shape \(2,\)"):
        numerical_gradient(lambda v: v * 2, np.ones(2))
