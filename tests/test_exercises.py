"""The readers' self-checks: right answers pass quietly, wrong ones get a useful diagnosis."""

import re

import numpy as np
import pytest
import torch

from autograd_lib.book import exercises
from autograd_lib.book.exercises import (
    BACKWARD_OPS,
    Case,
    check_backward_rule,
    check_euclidean_loss_grad,
    check_logistic_regression_grad,
    check_squared_loss_grad,
    check_topological_sort,
    check_unbroadcast,
    compare_values,
    run_cases,
)
from autograd_lib.book.point_cloud import mean_distance_grad, mean_squared_distance_grad
from autograd_lib.graph import kahn_sort, topological_sort, topological_sort_recursive
from autograd_lib.tensor.functions import unbroadcast

from book import notebook

# ---------------------------------------------------------------------------------------
# Reference solutions a reader might write, right and wrong.
# ---------------------------------------------------------------------------------------


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


def unbroadcast_with_torch(grad, shape):
    x = torch.zeros(shape, dtype=torch.float64, requires_grad=True)
    x.broadcast_to(grad.shape).backward(torch.from_numpy(grad))
    return x.grad.numpy()


def unbroadcast_leading_only(grad, shape):
    return grad.sum(axis=tuple(range(grad.ndim - len(shape))))


def sort_parents_first(roots, children):
    return topological_sort(roots, children)[::-1]


def sort_without_visited_set(roots, children):
    order, stack = [], [(root, False) for root in roots]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
        else:
            stack.append((node, True))
            stack.extend((child, False) for child in children(node))
    return order


def sort_roots_only(roots, children):
    return list(roots)


def sort_by_comparing_nodes(roots, children):
    return sorted(topological_sort(roots, children))


def sort_that_empties_roots(roots, children):
    order = topological_sort(roots, children)
    roots.clear()
    return order


def raises_not_implemented(*args):
    raise NotImplementedError("replace this line with your code")


def returns_nothing(*args):
    pass


def output(capsys) -> str:
    return capsys.readouterr().out


# ---------------------------------------------------------------------------------------
# The core.
# ---------------------------------------------------------------------------------------


def test_compare_values_accepts_differences_within_the_tolerance():
    expected = np.array([1.0, -2.0, 0.0])
    assert compare_values(expected, expected * (1 + 0.5 * exercises.RTOL)) is None


def test_compare_values_reports_the_largest_error_and_its_index():
    problem = compare_values(np.array([1.0, 2.0, 3.0]), [1.0, 2.5, 3.0])
    assert "largest error 5.00e-01 at index (1,)" in problem
    assert "1 of 3 value(s) outside" in problem


def test_compare_values_names_the_part_that_is_wrong():
    problem = compare_values((np.zeros(2), 1.0), (np.zeros(2), 2.0), ("dL/dw", "dL/db"))
    assert problem.startswith("dL/db is wrong")


def test_compare_values_reports_nan():
    assert "NaN or infinite" in compare_values(np.ones(2), np.array([1.0, np.nan]))


def test_compare_values_reports_a_result_that_is_not_a_number():
    assert "expected a single number, got dict" in compare_values(1.0, {"a": 1})


def test_run_cases_rejects_a_value_where_a_function_belongs():
    with pytest.raises(TypeError, match="pass your function itself"):
        run_cases("check_it", 3.0, [], compare_values)


def test_run_cases_stops_at_the_first_failing_case(capsys):
    cases = [Case(f"case {k}", {"x": float(k)}, float(k)) for k in range(3)]
    assert not run_cases("check_it", lambda x: 0.0, cases, compare_values)
    text = output(capsys)
    assert "case 2 of 3 fails: case 1" in text and "case 3 of 3" not in text


def test_hidden_cases_are_the_same_on_every_run(capsys):
    check_euclidean_loss_grad(euclidean_grad_dividing_by_zero)
    first = output(capsys)
    check_euclidean_loss_grad(euclidean_grad_dividing_by_zero)
    assert output(capsys) == first


# ---------------------------------------------------------------------------------------
# What every checker does with a right answer, an exception and a missing return.
# ---------------------------------------------------------------------------------------

CHECKERS = {
    "squared loss": (check_squared_loss_grad, mean_squared_distance_grad),
    "Euclidean loss": (check_euclidean_loss_grad, mean_distance_grad),
    "logistic regression": (check_logistic_regression_grad, bce_grad),
    "backward of tanh": (
        lambda f: check_backward_rule("tanh", f),
        lambda x, g: (1 - np.tanh(x) ** 2) * g,
    ),
    "unbroadcast": (check_unbroadcast, unbroadcast),
    "topological sort": (check_topological_sort, topological_sort),
}


@pytest.mark.parametrize("name", CHECKERS)
def test_a_right_answer_passes_with_one_success_line(name, capsys):
    check, solution = CHECKERS[name]
    assert check(solution) is True
    lines = output(capsys).splitlines()
    assert len(lines) == 1 and re.search(r"all \d+ hidden cases pass", lines[0])


@pytest.mark.parametrize("name", CHECKERS)
def test_an_exception_is_reported_with_its_type_message_and_case(name, capsys):
    check, _ = CHECKERS[name]
    assert check(raises_not_implemented) is False
    text = output(capsys)
    assert "case 1 of" in text
    assert "raises_not_implemented raised NotImplementedError: replace this line" in text


@pytest.mark.parametrize("name", CHECKERS)
def test_a_missing_return_is_pointed_out(name, capsys):
    check, _ = CHECKERS[name]
    assert check(returns_nothing) is False
    assert "got None: is a `return` statement missing?" in output(capsys)


# ---------------------------------------------------------------------------------------
# Chapter 2: the point-cloud gradients.
# ---------------------------------------------------------------------------------------


def test_euclidean_check_accepts_a_masked_solution(capsys):
    assert check_euclidean_loss_grad(euclidean_grad_masked)


def test_euclidean_check_shows_nan_at_a_data_point(capsys):
    assert not check_euclidean_loss_grad(euclidean_grad_dividing_by_zero)
    text = output(capsys)
    assert "p sits exactly on data point 7 of 20" in text
    assert "got      [nan, nan, nan]" in text
    assert "RuntimeWarning: invalid value encountered in divide" in text


def test_euclidean_check_rejects_right_values_computed_with_a_warning(capsys):
    assert not check_euclidean_loss_grad(euclidean_grad_np_where)
    assert "the result is right, but computing it raised a warning" in output(capsys)


def test_squared_check_shows_expected_and_got_for_a_wrong_value(capsys):
    assert not check_squared_loss_grad(squared_grad_missing_factor_2)
    text = output(capsys)
    assert "case 1 of 6 fails: three points in 2-D" in text
    assert "p = [1, 2]" in text and "points = [[0, 0], [3, 0], [0, 4]]" in text
    assert "expected [0, 1.33333]" in text and "got      [0, 0.666667]" in text


def test_squared_check_reports_a_wrong_shape(capsys):
    assert not check_squared_loss_grad(squared_grad_keepdims)
    assert "expected shape (2,), got shape (1, 2)" in output(capsys)


def test_squared_check_reports_a_modified_input(capsys):
    assert not check_squared_loss_grad(squared_grad_in_place)
    assert "changed its argument 'points'" in output(capsys)


# ---------------------------------------------------------------------------------------
# Chapter 4: logistic regression.
# ---------------------------------------------------------------------------------------


def test_logistic_check_rejects_the_uncancelled_chain_on_confident_points(capsys):
    assert not check_logistic_regression_grad(bce_grad_through_p)
    text = output(capsys)
    assert "case 5 of 5 fails: confident predictions" in text
    assert "dL/dw is wrong" in text and "NaN or infinite" in text


def test_logistic_check_reports_a_sum_instead_of_a_mean(capsys):
    assert not check_logistic_regression_grad(bce_grad_sum_not_mean)
    text = output(capsys)
    assert "case 1 of 5 fails" in text and "dL/dw is wrong" in text
    assert "relative 2.00e+00" in text  # three points: three times too large


def test_logistic_check_asks_for_two_results(capsys):
    assert not check_logistic_regression_grad(bce_grad_packed)
    assert "expected 2 results (dL/dw, dL/db) as a tuple, got ndarray" in output(capsys)


# ---------------------------------------------------------------------------------------
# Chapter 7: backward rules of scalar operations.
# ---------------------------------------------------------------------------------------

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
    text = output(capsys)
    assert "with out_grad = 2.5 (the local derivative times out_grad: the chain rule)" in text
    assert "expected" in text and "got" in text


def test_backward_rule_check_catches_swapped_factors(capsys):
    assert not check_backward_rule("mul", lambda x, y, g: (x * g, y * g))
    assert "the gradient of x is wrong" in output(capsys)


def test_backward_rule_check_wants_one_gradient_per_input(capsys):
    assert not check_backward_rule("mul", lambda x, y, g: y * g)
    assert "expected 2 results (the gradient of x, the gradient of y)" in output(capsys)


def test_backward_rule_check_reports_a_wrong_number_of_arguments(capsys):
    assert not check_backward_rule("mul", lambda x, g: g)
    assert "raised TypeError" in output(capsys)


def test_backward_rule_check_rejects_an_unknown_operation():
    with pytest.raises(ValueError, match="unknown operation 'cosh'; known: add, sub"):
        check_backward_rule("cosh", lambda x, g: g)


# ---------------------------------------------------------------------------------------
# Chapter 8: un-broadcasting.
# ---------------------------------------------------------------------------------------


def test_unbroadcast_check_agrees_with_torch(capsys):
    assert check_unbroadcast(unbroadcast_with_torch)


def test_unbroadcast_check_reports_a_lost_size_one_axis(capsys):
    assert not check_unbroadcast(unbroadcast_leading_only)
    text = output(capsys)
    assert "case 2 of 7 fails: a column of shape (4, 1)" in text
    assert "expected shape (4, 1), got shape (4, 3)" in text


def test_unbroadcast_check_reports_a_modified_gradient(capsys):
    def in_place(grad, shape):
        grad *= 1.0001
        return unbroadcast(grad, shape)

    assert not check_unbroadcast(in_place)
    assert "changed its argument 'grad'" in output(capsys)


# ---------------------------------------------------------------------------------------
# Chapter 11: topological sort.
# ---------------------------------------------------------------------------------------


def test_topological_sort_check_accepts_kahns_algorithm(capsys):
    assert check_topological_sort(kahn_sort)


def test_topological_sort_check_explains_a_recursion_error_on_the_deep_chain(capsys):
    assert not check_topological_sort(topological_sort_recursive)
    text = output(capsys)
    assert "case 7 of 7 fails: a chain of 5,000 nodes" in text
    assert "raised RecursionError" in text and "explicit stack" in text


def test_topological_sort_check_shows_the_graph_when_parents_come_first(capsys):
    assert not check_topological_sort(sort_parents_first)
    text = output(capsys)
    assert "comes before its child" in text
    assert "the graph (node -> children): a -> (none); b -> a; c -> a; d -> b, c" in text


def test_topological_sort_check_reports_a_node_listed_twice(capsys):
    assert not check_topological_sort(sort_without_visited_set)
    assert "a appears twice" in output(capsys)


def test_topological_sort_check_reports_missing_nodes(capsys):
    assert not check_topological_sort(sort_roots_only)
    assert "reachable node(s) missing" in output(capsys)


def test_topological_sort_check_reports_comparing_nodes(capsys):
    assert not check_topological_sort(sort_by_comparing_nodes)
    assert "raised TypeError: '<' not supported" in output(capsys)


def test_topological_sort_check_reports_a_modified_roots_list(capsys):
    assert not check_topological_sort(sort_that_empties_roots)
    assert "changed its argument 'roots'" in output(capsys)


# ---------------------------------------------------------------------------------------
# The chapters' published solutions pass their checkers.
# ---------------------------------------------------------------------------------------

SOLUTIONS = {"02_closed_form_gradient": "ch02-ex-vectorise", "04_backprop_math": "ch04-ex-bce-code"}
CHAPTER_NAMES = {"np": np, "sigmoid": sigmoid}  # what the solutions use from their chapter


@pytest.mark.parametrize("chapter", SOLUTIONS)
def test_the_chapters_solution_passes_its_checker(chapter, capsys):
    text = "\n".join(c.source for c in notebook(chapter).cells if c.cell_type == "markdown")
    solution = text.split(f":::{{solution}} {SOLUTIONS[chapter]}", 1)[1].split("\n:::", 1)[0]
    code = solution.split("```python\n", 1)[1].split("```", 1)[0]
    exec(code, {**CHAPTER_NAMES, **{name: getattr(exercises, name) for name in exercises.__all__}})
    assert "hidden cases pass" in output(capsys)
