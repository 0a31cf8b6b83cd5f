"""Chapter 7's checker, the backward rules of scalar operations."""

import numpy as np
import pytest
from scipy.special import expit as sigmoid

from autograd_lib.book.exercises.ch07 import BACKWARD_OPS, check_backward_rule

RIGHT_RULES = {
    "add": lambda x, y, g: (g, g),
    "sub": lambda x, y, g: (g, -g),
    "mul": lambda x, y, g: (y * g, x * g),
    "div": lambda x, y, g: (g / y, -x * g / y**2),
    "neg": lambda x, g: -g,
    "exp": lambda x, g: np.exp(x) * g,
    "log": lambda x, g: g / x,
    "sin": lambda x, g: np.cos(x) * g,
    "tanh": lambda x, g: (1 - np.tanh(x) ** 2) * g,
    "sigmoid": lambda x, g: sigmoid(x) * (1 - sigmoid(x)) * g,
    "relu": lambda x, g: g * (x > 0),
}


def test_every_known_operation_has_a_tested_rule():
    assert set(RIGHT_RULES) == set(BACKWARD_OPS)


@pytest.mark.parametrize("op", RIGHT_RULES)
def test_backward_rule_check_accepts_the_right_rule(op, capsys):
    assert check_backward_rule(op, RIGHT_RULES[op])


def test_backward_rule_check_catches_a_forgotten_out_grad(capsys):
    assert not check_backward_rule("tanh", lambda x, g: 1 - np.tanh(x) ** 2)
    text = capsys.readouterr().out
    assert "with out_grad = 2.5 (the local derivative times out_grad: the chain rule)" in text
    assert "expected" in text and "got" in text


def test_backward_rule_check_catches_swapped_factors(capsys):
    assert not check_backward_rule("mul", lambda x, y, g: (x * g, y * g))
    assert "the gradient of x is wrong" in capsys.readouterr().out


def test_backward_rule_check_wants_one_gradient_per_input(capsys):
    assert not check_backward_rule("mul", lambda x, y, g: y * g)
    assert "expected 2 results (the gradient of x, the gradient of y)" in capsys.readouterr().out


def test_backward_rule_check_reports_a_wrong_number_of_arguments(capsys):
    assert not check_backward_rule("mul", lambda x, g: g)
    assert "raised TypeError" in capsys.readouterr().out


def test_backward_rule_check_rejects_an_unknown_operation():
    with pytest.raises(ValueError, match="unknown operation 'cosh'; known: add, sub"):
        check_backward_rule("cosh", lambda x, g: g)
