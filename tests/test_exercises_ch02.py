"""Chapter 2's checkers, the point-cloud gradients: what they say to right and wrong answers."""

import numpy as np

from autograd_lib.book.exercises.ch02 import (
    check_mean_distance_grad,
    check_mean_squared_distance_grad,
)


def euclidean_grad_masked(p, points):
    diff = p - points
    norms = np.linalg.norm(diff, axis=1, keepdims=True)
    safe = np.where(norms > 0, norms, 1.0)
    return np.mean(diff / safe, axis=0)


def euclidean_grad_dividing_by_zero(p, points):
    diff = p - points
    return np.mean(diff / np.linalg.norm(diff, axis=1, keepdims=True), axis=0)


def euclidean_grad_np_where(p, points):
    """Right values, but np.where computes 0 / 0 before choosing."""
    diff = p - points
    norms = np.linalg.norm(diff, axis=1, keepdims=True)
    return np.mean(np.where(norms > 0, diff / norms, 0.0), axis=0)


def squared_grad_missing_factor_2(p, points):
    return p - points.mean(axis=0)


def squared_grad_keepdims(p, points):
    return 2 * np.mean(p - points, axis=0, keepdims=True)


def squared_grad_in_place(p, points):
    points -= p
    return -2 * points.mean(axis=0)


def test_euclidean_check_accepts_a_masked_solution(capsys):
    assert check_mean_distance_grad(euclidean_grad_masked)


def test_euclidean_check_shows_nan_at_a_data_point(capsys):
    assert not check_mean_distance_grad(euclidean_grad_dividing_by_zero)
    text = capsys.readouterr().out
    assert "p sits exactly on data point 7 of 20" in text
    assert "got      [nan, nan, nan]" in text
    assert "RuntimeWarning: invalid value encountered in divide" in text


def test_euclidean_check_rejects_right_values_computed_with_a_warning(capsys):
    assert not check_mean_distance_grad(euclidean_grad_np_where)
    assert "the result is right, but computing it raised a warning" in capsys.readouterr().out


def test_squared_check_shows_expected_and_got_for_a_wrong_value(capsys):
    assert not check_mean_squared_distance_grad(squared_grad_missing_factor_2)
    text = capsys.readouterr().out
    assert "case 1 of 6 fails: three points in 2-D" in text
    assert "p = [1, 2]" in text and "points = [[0, 0], [3, 0], [0, 4]]" in text
    assert "expected [0, 1.33333]" in text and "got      [0, 0.666667]" in text


def test_squared_check_reports_a_wrong_shape(capsys):
    assert not check_mean_squared_distance_grad(squared_grad_keepdims)
    assert "expected shape (2,), got shape (1, 2)" in capsys.readouterr().out


def test_squared_check_reports_a_modified_input(capsys):
    assert not check_mean_squared_distance_grad(squared_grad_in_place)
    assert "changed its argument 'points'" in capsys.readouterr().out


def test_hidden_cases_are_the_same_on_every_run(capsys):
    check_mean_distance_grad(euclidean_grad_dividing_by_zero)
    first = capsys.readouterr().out
    check_mean_distance_grad(euclidean_grad_dividing_by_zero)
    assert capsys.readouterr().out == first
