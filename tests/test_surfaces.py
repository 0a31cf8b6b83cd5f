"""2-D test surfaces: gradients agree with finite differences, minima are where they say."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from autograd_lib.book.surfaces import BOWL, ROSENBROCK
from autograd_lib.testing.finite_diff import numerical_gradient

SURFACES = {"bowl": BOWL, "rosenbrock": ROSENBROCK}
points = arrays(np.float64, 2, elements=st.floats(-2, 2))


@pytest.mark.parametrize("name", SURFACES)
@given(point=points)
def test_gradient_matches_finite_differences(name, point):
    surface = SURFACES[name]
    numeric = numerical_gradient(surface.value, point, h=1e-5)
    np.testing.assert_allclose(surface.grad(point), numeric, rtol=1e-6, atol=1e-5)


@pytest.mark.parametrize("name", SURFACES)
def test_the_gradient_vanishes_at_the_minimum_and_values_rise_around_it(name):
    surface = SURFACES[name]
    minimum = np.array(surface.minimum)
    np.testing.assert_array_equal(surface.grad(minimum), [0.0, 0.0])
    around = minimum + 0.1 * np.array([[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1]])
    assert np.all(surface.value(around) > surface.value(minimum))


@pytest.mark.parametrize("name", SURFACES)
def test_a_grid_evaluates_pointwise(name):
    surface = SURFACES[name]
    X, Y, Z = surface.grid(n=7)
    assert X.shape == Y.shape == Z.shape == (7, 7)
    assert Z[3, 5] == surface.value(np.array([X[3, 5], Y[3, 5]]))


def test_the_window_contains_the_start_and_the_minimum():
    for surface in SURFACES.values():
        for x, y in (surface.start, surface.minimum):
            assert surface.xlim[0] < x < surface.xlim[1] and surface.ylim[0] < y < surface.ylim[1]


def test_points_without_two_coordinates_are_refused():
    with pytest.raises(ValueError, match=r"points must have shape \(\.\.\., 2\), got \(3,\)"):
        ROSENBROCK.value(np.zeros(3))
