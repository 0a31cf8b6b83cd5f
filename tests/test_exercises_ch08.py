"""Chapter 8's checker, un-broadcasting a gradient: what it says to right and wrong answers."""

import torch

from autograd_lib.book.exercises.ch08 import check_unbroadcast
from autograd_lib.tensor.ops import unbroadcast


def unbroadcast_with_torch(grad, shape):
    x = torch.zeros(shape, dtype=torch.float64, requires_grad=True)
    x.broadcast_to(grad.shape).backward(torch.from_numpy(grad))
    return x.grad.numpy()


def unbroadcast_leading_only(grad, shape):
    return grad.sum(axis=tuple(range(grad.ndim - len(shape))))


def test_unbroadcast_check_agrees_with_torch(capsys):
    assert check_unbroadcast(unbroadcast_with_torch)


def test_unbroadcast_check_reports_a_lost_size_one_axis(capsys):
    assert not check_unbroadcast(unbroadcast_leading_only)
    text = capsys.readouterr().out
    assert "case 2 of 7 fails: a column of shape (4, 1)" in text
    assert "expected shape (4, 1), got shape (4, 3)" in text


def test_unbroadcast_check_reports_a_modified_gradient(capsys):
    def in_place(grad, shape):
        grad *= 1.0001
        return unbroadcast(grad, shape)

    assert not check_unbroadcast(in_place)
    assert "changed its argument 'grad'" in capsys.readouterr().out
