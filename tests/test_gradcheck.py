"""gradcheck finds wrong gradients and says where; the error table covers every operation."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd_lib import Tensor
from autograd_lib.tensor.function import Function
from autograd_lib.testing.gradcheck import (
    GradcheckError,
    check_op,
    error_table,
    gradcheck,
    relative_error,
)
from autograd_lib.testing.registry import OURS, REGISTRY, OpSpec


class WrongSquare(Function):
    """x**2 with a backward that is wrong in one element: the kind of bug gradcheck finds."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        g = 2 * x * grad
        g[1, 2] += 0.5
        return g


def _inputs(*shapes, requires_grad=True):
    rng = np.random.default_rng(0)
    return [Tensor(rng.standard_normal(s), requires_grad=requires_grad) for s in shapes]


def test_gradcheck_passes_correct_gradients():
    assert gradcheck(lambda x, w: (x @ w).tanh().softmax(1), _inputs((3, 4), (4, 2)))


def test_gradcheck_names_the_input_and_element_that_disagree():
    x, y = _inputs((2, 3), (2, 3))
    with pytest.raises(GradcheckError, match=r"input 1, element \(1, 2\)"):
        gradcheck(lambda a, b: a + WrongSquare.apply(b), [x, y])


def test_gradcheck_names_every_input_that_disagrees():
    x, y = _inputs((2, 3), (2, 3))
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda a, b: WrongSquare.apply(a) + WrongSquare.apply(b), [x, y])
    assert "input 0, element (1, 2)" in str(caught.value)
    assert "input 1, element (1, 2)" in str(caught.value)


def test_gradcheck_checks_every_floating_point_output_of_a_tuple():
    (x,) = _inputs((2, 3))
    assert gradcheck(lambda a: a.max(dim=1), [x])  # (values, indices): indices are skipped
    with pytest.raises(GradcheckError, match=r"input 0, element \(1, 2\)"):
        gradcheck(lambda a: (a.exp(), WrongSquare.apply(a)), [x])


def test_gradcheck_reports_plain_numbers():
    (x,) = _inputs((2, 3))
    with pytest.raises(GradcheckError, match=r"backward gives -?[0-9.e+-]+, finite"):
        gradcheck(WrongSquare.apply, [x])


def test_gradcheck_can_report_instead_of_raising():
    (x,) = _inputs((2, 3))
    assert gradcheck(WrongSquare.apply, [x], raise_exception=False) is False


def test_gradcheck_skips_inputs_that_do_not_require_grad():
    x, (c,) = _inputs((2, 3))[0], _inputs((2, 3), requires_grad=False)
    assert gradcheck(lambda a, b: a * b.exp(), [x, c])


def test_gradcheck_refuses_float32_inputs():
    x = Tensor(np.ones(3, dtype=np.float32), requires_grad=True)
    with pytest.raises(ValueError, match="float64"):
        gradcheck(lambda a: a * 2, [x])


def test_gradcheck_needs_an_input_that_requires_grad():
    with pytest.raises(ValueError, match="no input requires grad"):
        gradcheck(lambda a: a * 2, _inputs((2,), requires_grad=False))


@given(hnp.arrays(np.float64, hnp.array_shapes(max_dims=3), elements=st.floats(-1e6, 1e6)))
def test_relative_error_of_an_array_with_itself_is_zero(a):
    assert relative_error(a, a) == 0.0


def test_relative_error_is_relative_to_the_largest_expected_value():
    assert relative_error([1.0, 2.001], [1.0, 2.0]) == pytest.approx(0.0005)


def test_error_table_has_a_small_error_for_every_registered_op():
    rows = error_table(cases=2)
    assert [row.name for row in rows] == list(REGISTRY)
    for row in rows:
        assert row.value <= 1e-9 and row.gradient <= 1e-9, row
        assert row.second_order is None or row.second_order <= 1e-9, row
        assert row.finite_differences is None or row.finite_differences <= 1e-6, row


class Doubling(Function):
    """2x, whose backward is right but, under create_graph, goes through `WrongDoubling`."""

    @staticmethod
    def forward(ctx, x):
        return 2 * x

    @staticmethod
    def backward(ctx, grad):
        return WrongDoubling.apply(grad) if isinstance(grad, Tensor) else 2 * grad


class WrongDoubling(Function):
    """2g forward, but a backward that returns 3 times its gradient."""

    @staticmethod
    def forward(ctx, g):
        return 2 * g

    @staticmethod
    def backward(ctx, grad):
        return 3 * grad


def test_second_order_check_reaches_the_backward_of_a_linear_operations_backward():
    # A linear operation has a zero Hessian, so only the derivative with respect to the
    # output weights (as in gradgradcheck) runs its backward's own backward.
    spec = OpSpec("doubling", Doubling, lambda ns, x: 2 * x if ns is not OURS else
                  Doubling.apply(x), sample=lambda s: (s.uniform((3,), -1, 1),))
    errors = check_op(spec, (np.array([1.0, -2.0, 0.5]),))
    assert errors.value == 0 and errors.gradient == 0 and errors.finite_differences < 1e-9
    assert errors.second_order == pytest.approx(0.5)  # 3 where 2 is right
