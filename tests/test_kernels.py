"""The implementations of the Euclidean loss and gradient agree with the NumPy reference.

The Numba kernels and the NumPy version are the reader's, exported from chapter 6 into
`autograd_lib.reader.kernels`; `autograd_lib.book.kernels` wraps them with argument checks.
"""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from autograd_lib.book import kernels
from autograd_lib.book.point_cloud import mean_distance, mean_distance_grad
from autograd_lib.reader import kernels as reader

NUMBA = [kernels.loss_and_grad_loop, kernels.loss_and_grad_parallel, kernels.loss_and_grad_fused]
ALL = list(kernels.IMPLEMENTATIONS.values())

coordinates = st.floats(-100, 100, allow_subnormal=False)
clouds = st.integers(1, 40).flatmap(lambda n: arrays(np.float64, (n, 2), elements=coordinates))
points_p = arrays(np.float64, (2,), elements=coordinates)


def assert_matches_reference(result, p, points):
    loss, grad = result
    assert isinstance(loss, float)
    assert grad.shape == (2,) and grad.dtype == np.float64
    np.testing.assert_allclose(loss, mean_distance(p, points), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(grad, mean_distance_grad(p, points), rtol=0, atol=1e-10)


@pytest.mark.parametrize("implementation", [*NUMBA, kernels.loss_and_grad_numpy])
@given(p=points_p, points=clouds)
def test_agrees_with_numpy_reference(implementation, p, points):
    assert_matches_reference(implementation(p, points), p, points)


@given(p=points_p, points=clouds)
def test_torch_autograd_agrees_with_numpy_reference(p, points):
    # At (almost) zero distance the reference's eps rule and PyTorch's subgradient differ.
    assume(np.linalg.norm(points - p, axis=1).min() > 1e-6)
    assert_matches_reference(kernels.loss_and_grad_torch(p, points), p, points)


@pytest.mark.parametrize("implementation", ALL)
def test_single_point_gives_its_distance_and_unit_vector(implementation):
    loss, grad = implementation(np.array([3.0, 4.0]), np.zeros((1, 2)))
    assert loss == pytest.approx(5.0, rel=1e-15)
    np.testing.assert_allclose(grad, [0.6, 0.8], rtol=1e-15)


@pytest.mark.parametrize("implementation", [*NUMBA, kernels.loss_and_grad_numpy])
def test_point_on_a_data_point_contributes_zero_gradient(implementation):
    points = np.array([[0.0, 0.0], [1.0, 0.0]])
    loss, grad = implementation(np.zeros(2), points)
    assert loss == 0.5
    np.testing.assert_array_equal(grad, [-0.5, 0.0])


@pytest.mark.parametrize("implementation", NUMBA)
def test_non_contiguous_points_give_the_same_result(implementation):
    rng = np.random.default_rng(0)
    points, p = rng.normal(size=(101, 2)), rng.normal(size=2)
    for view in (points[::2], np.asfortranarray(points)):
        assert_matches_reference(implementation(p, view), p, view)


@pytest.mark.parametrize("implementation", NUMBA)
def test_large_cloud_agrees_to_1e_10(implementation):
    rng = np.random.default_rng(1)
    points, p = rng.normal(size=(200_000, 2)), np.array([0.25, -0.5])
    assert_matches_reference(implementation(p, points), p, points)


@pytest.mark.parametrize("implementation", ALL)
def test_empty_cloud_is_a_clear_error(implementation):
    with pytest.raises(ValueError, match="points is empty"):
        implementation(np.zeros(2), np.zeros((0, 2)))


@pytest.mark.parametrize("implementation", ALL)
@pytest.mark.parametrize("shape", [(5,), (5, 3), (5, 1), (2, 2, 2)])
def test_points_of_wrong_shape_are_a_clear_error(implementation, shape):
    with pytest.raises(ValueError, match=r"points must have shape \(N, 2\)"):
        implementation(np.zeros(2), np.zeros(shape))


@pytest.mark.parametrize("implementation", ALL)
@pytest.mark.parametrize("shape", [(), (3,), (1, 2)])
def test_p_of_wrong_shape_is_a_clear_error(implementation, shape):
    with pytest.raises(ValueError, match=r"p must have shape \(2,\)"):
        implementation(np.zeros(shape), np.zeros((4, 2)))


@pytest.mark.parametrize("implementation", ALL)
@pytest.mark.parametrize("dtype", [np.float32, np.int64, np.complex128])
def test_points_of_wrong_dtype_are_a_clear_error(implementation, dtype):
    message = f"points must be a float64 array, got dtype {dtype.__name__}"
    with pytest.raises(TypeError, match=message):
        implementation(np.zeros(2), np.zeros((4, 2), dtype=dtype))


@pytest.mark.parametrize("implementation", ALL)
def test_p_of_wrong_dtype_is_a_clear_error(implementation):
    with pytest.raises(TypeError, match="p must be a float64 array, got dtype int64"):
        implementation(np.array([1, 2]), np.zeros((4, 2)))


def test_error_names_the_function_called():
    with pytest.raises(ValueError, match=r"^loss_and_grad_fused: "):
        kernels.loss_and_grad_fused(np.zeros(2), np.zeros((0, 2)))


def test_nan_in_points_propagates_to_the_result():
    points = np.zeros((8, 2))
    points[3, 0] = np.nan
    loss, grad = kernels.loss_and_grad_fused(np.ones(2), points)
    assert np.isnan(loss) and np.isnan(grad).all()


@given(p=points_p, points=clouds)
def test_single_thread_one_pass_kernel_agrees_with_numpy_reference(p, points):
    loss, grad = reader.fused_kernel(p, points.reshape(-1))
    assert_matches_reference((float(loss), grad), p, points)


def test_the_checked_wrappers_run_the_readers_kernels():
    assert kernels.numpy_loss_grad is reader.numpy_loss_grad
    assert kernels.loop_kernel is reader.loop_kernel
    assert kernels.parallel_kernel is reader.parallel_kernel
    assert kernels.fused_parallel_kernel is reader.fused_parallel_kernel


@pytest.mark.parametrize("parallel", [False, True])
def test_copy_bandwidth_is_positive_bytes_per_second(parallel):
    assert kernels.copy_bandwidth(80_000, parallel=parallel, repeat=1) > 0


def test_parallel_copy_copies():
    source = np.arange(1001.0)
    target = np.zeros_like(source)
    kernels.parallel_copy(source, target)
    np.testing.assert_array_equal(target, source)


def test_copy_bandwidth_of_less_than_one_float_is_a_clear_error():
    with pytest.raises(ValueError, match="nbytes must be >= 8"):
        kernels.copy_bandwidth(4)
