"""The reader's gradient check (chapter 9, `autograd_lib.reader.gradcheck`) says what it claims.

Central differences agree with known derivatives; the relative error is scale-free, turns
absolute where the reference is zero, and (the price of dividing by the largest entry) hides
an error confined to small entries; `check_gradients` passes correct operations of the reader's
engine and names the input whose gradient a buggy backward gets wrong.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd_lib.reader.gradcheck import check_gradients, numerical_gradient, relative_error
from autograd_lib.reader.tensor import Function, Tensor

values = hnp.arrays(np.float64, hnp.array_shapes(max_dims=3, max_side=3),
                    elements=st.floats(-3, 3))


@given(x=values)
def test_central_differences_match_the_derivative_of_a_smooth_function(x):
    numeric = numerical_gradient(lambda a: float(np.sin(a).sum()), x)
    assert numeric.shape == x.shape
    assert np.allclose(numeric, np.cos(x), rtol=0, atol=1e-7)  # round-off: eps * |f| / h


@given(scale=st.floats(1e-6, 1e6))
def test_relative_error_does_not_depend_on_the_scale(scale):
    reference, computed = np.array([1.0, -2.0, 4.0]), np.array([1.0, -2.0, 4.004])
    assert relative_error(scale * computed, scale * reference) == pytest.approx(1e-3)


def test_relative_error_is_the_absolute_error_when_the_reference_is_zero():
    assert relative_error(np.array([0.0, -0.25]), np.zeros(2)) == 0.25


def test_relative_error_hides_an_error_confined_to_small_entries():
    reference = np.array([1000.0, 1e-4])
    assert relative_error(np.array([1000.0, 2e-4]), reference) == pytest.approx(1e-7)


@pytest.mark.parametrize("call, shapes", [
    (lambda a, b: a * b / (1 + b * b), [(3, 1), (4,)]),
    (lambda x, w: (x @ w).relu().log_softmax(dim=1), [(4, 3), (3, 2)]),
    (lambda a: a[[0, 0, 1]].exp().sum(dim=0), [(2, 3)]),
])
def test_check_gradients_passes_the_engines_operations(call, shapes):
    rng = np.random.default_rng(0)
    errors = check_gradients(call, *(rng.normal(size=s) for s in shapes))
    assert len(errors) == len(shapes) and max(errors) < 1e-6


class HalfGradientMul(Function):
    """A product whose backward sends only half the gradient to its second input."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a * b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved
        return grad * b, grad * a / 2


def test_check_gradients_names_the_input_a_buggy_backward_gets_wrong():
    rng = np.random.default_rng(0)
    with pytest.raises(AssertionError, match=r"^input 1: relative error 5\.0e-01 > 1e-06$"):
        check_gradients(HalfGradientMul.apply, rng.normal(size=3), rng.normal(size=3))


def test_check_gradients_leaves_the_callers_arrays_unchanged():
    a = np.array([0.5, -1.0])
    check_gradients(lambda t: t * t, a)
    assert a.tolist() == [0.5, -1.0]


def test_check_gradients_works_on_reader_tensors_of_any_rank():
    assert check_gradients(lambda t: (t * Tensor(2.0)).sum(), np.array(1.5))[0] < 1e-6


def test_check_gradients_keeps_a_margin_where_a_broadcast_gradient_cancels():
    # The weights of a two-element output are nearly opposite (0.126, -0.132), so the scalar's
    # gradient, w . b, cancels to 5e-4 of its terms. With a step of 1e-6 this correct product
    # measured 9e-8; the default step of 1e-5 cuts the round-off tenfold.
    a, b = np.array(2.0), np.array([[[-1.509851698197215, -1.4331173701405282]]])
    assert check_gradients(lambda x, y: x * y, a, b)[0] < 1e-8
