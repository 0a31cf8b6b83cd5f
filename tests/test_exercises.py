"""The readers' self-checks: right answers pass quietly, wrong ones get a useful diagnosis.

This file tests the machinery the checkers share (`autograd_lib.book.exercises.cases`) and
what every checker does alike; each chapter's checker has its own file beside it
(``test_exercises_ch02.py``, ...), with the wrong answers a reader might write.
"""

import re

import numpy as np
import pytest
from test_exercises_ch04 import bce_grad, sigmoid

from autograd_lib.book.exercises import ch02, ch04, ch07, ch08, ch11
from autograd_lib.book.exercises.cases import RTOL, Case, compare_values, run_cases
from autograd_lib.book.point_cloud import mean_distance_grad, mean_squared_distance_grad
from autograd_lib.graph import topological_sort
from autograd_lib.tensor.ops import unbroadcast

from book import notebook


def raises_not_implemented(*args):
    raise NotImplementedError("replace this line with your code")


def returns_nothing(*args):
    pass


# ---------------------------------------------------------------------------------------
# The shared machinery.
# ---------------------------------------------------------------------------------------


def test_compare_values_accepts_differences_within_the_tolerance():
    expected = np.array([1.0, -2.0, 0.0])
    assert compare_values(expected, expected * (1 + 0.5 * RTOL)) is None


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
    text = capsys.readouterr().out
    assert "case 2 of 3 fails: case 1" in text and "case 3 of 3" not in text


# ---------------------------------------------------------------------------------------
# What every checker does with a right answer, an exception and a missing return.
# ---------------------------------------------------------------------------------------

CHECKERS = {
    "squared loss": (ch02.check_mean_squared_distance_grad, mean_squared_distance_grad),
    "Euclidean loss": (ch02.check_mean_distance_grad, mean_distance_grad),
    "logistic regression": (ch04.check_logistic_regression_grad, bce_grad),
    "backward of tanh": (
        lambda f: ch07.check_backward_rule("tanh", f),
        lambda x, g: (1 - np.tanh(x) ** 2) * g,
    ),
    "unbroadcast": (ch08.check_unbroadcast, unbroadcast),
    "topological sort": (ch11.check_topological_sort, topological_sort),
}


@pytest.mark.parametrize("name", CHECKERS)
def test_a_right_answer_passes_with_one_success_line(name, capsys):
    check, solution = CHECKERS[name]
    assert check(solution) is True
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and re.search(r"all \d+ hidden cases pass", lines[0])


@pytest.mark.parametrize("name", CHECKERS)
def test_an_exception_is_reported_with_its_type_message_and_case(name, capsys):
    check, _ = CHECKERS[name]
    assert check(raises_not_implemented) is False
    text = capsys.readouterr().out
    assert "case 1 of" in text
    assert "raises_not_implemented raised NotImplementedError: replace this line" in text


@pytest.mark.parametrize("name", CHECKERS)
def test_a_missing_return_is_pointed_out(name, capsys):
    check, _ = CHECKERS[name]
    assert check(returns_nothing) is False
    assert "got None: is a `return` statement missing?" in capsys.readouterr().out


# ---------------------------------------------------------------------------------------
# The chapters' published solutions pass their checkers.
# ---------------------------------------------------------------------------------------

SOLUTIONS = {
    "02_closed_form_gradient": ("ch02-ex-vectorise", ch02),
    "04_backprop_math": ("ch04-ex-bce-code", ch04),
}
CHAPTER_NAMES = {"np": np, "sigmoid": sigmoid}  # what the solutions use from their chapter


@pytest.mark.parametrize("chapter", SOLUTIONS)
def test_the_chapters_solution_passes_its_checker(chapter, capsys):
    label, checkers = SOLUTIONS[chapter]
    text = "\n".join(c.source for c in notebook(chapter).cells if c.cell_type == "markdown")
    solution = text.split(f":::{{solution}} {label}", 1)[1].split("\n:::", 1)[0]
    code = solution.split("```python\n", 1)[1].split("```", 1)[0]
    exec(code, {**CHAPTER_NAMES, **{name: getattr(checkers, name) for name in checkers.__all__}})
    assert "hidden cases pass" in capsys.readouterr().out
