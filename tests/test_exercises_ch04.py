"""Chapter 4's checker, logistic regression's gradient: what it says to right and wrong answers."""

import numpy as np

from autograd_lib.book.exercises.ch04 import check_logistic_regression_grad


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def bce_grad(w, b, X, y):
    dz = (sigmoid(X @ w + b) - y) / len(y)
    return X.T @ dz, dz.sum()


def bce_grad_through_p(w, b, X, y):
    """The chain through p without cancelling p(1 - p): 0 / 0 once p rounds to 1."""
    p = sigmoid(X @ w + b)
    dz = (-y / p + (1 - y) / (1 - p)) * p * (1 - p) / len(y)
    return X.T @ dz, dz.sum()


def bce_grad_sum_not_mean(w, b, X, y):
    dz = sigmoid(X @ w + b) - y
    return X.T @ dz, dz.sum()


def bce_grad_packed(w, b, X, y):
    return np.append(*bce_grad(w, b, X, y))


def test_logistic_check_rejects_the_uncancelled_chain_on_confident_points(capsys):
    assert not check_logistic_regression_grad(bce_grad_through_p)
    text = capsys.readouterr().out
    assert "case 5 of 5 fails: confident predictions" in text
    assert "dL/dw is wrong" in text and "NaN or infinite" in text


def test_logistic_check_reports_a_sum_instead_of_a_mean(capsys):
    assert not check_logistic_regression_grad(bce_grad_sum_not_mean)
    text = capsys.readouterr().out
    assert "case 1 of 5 fails" in text and "dL/dw is wrong" in text
    assert "relative 2.00e+00" in text  # three points: three times too large


def test_logistic_check_asks_for_two_results(capsys):
    assert not check_logistic_regression_grad(bce_grad_packed)
    assert "expected 2 results (dL/dw, dL/db) as a tuple, got ndarray" in capsys.readouterr().out
