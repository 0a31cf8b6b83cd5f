"""dtypes: PyTorch's type promotion, float32 kept through operations and gradients."""

import numpy as np
import pytest
import torch
from torch_pair import Ours, Torch, both, same

from autograd_lib import Tensor
from autograd_lib.tensor.ops import cross_entropy

DTYPES = ["bool", "int32", "int64", "float32", "float64"]
NUMBERS = [2, 2.5, True, np.float64(2.5), np.int64(2), np.float32(1.5)]
BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "pow": lambda a, b: a**b,
}


def operand_pairs():
    """Every pair of dtypes and shapes (0-d or not), and every tensor with every number."""
    tensors = [(np.ones(shape, dtype)) for dtype in DTYPES for shape in [(), (3,)]]
    for a in tensors:
        for b in tensors:
            yield a, b * 2 if b.dtype != bool else b
        for number in NUMBERS:
            yield a, number
            yield number, a


def lift(x, lib):
    if not isinstance(x, np.ndarray):
        return x
    return torch.from_numpy(x.copy()) if lib is torch else Tensor(x)


@pytest.mark.parametrize("op", BINARY)
def test_result_dtypes_follow_torch_type_promotion(op):
    checked = 0
    for a, b in operand_pairs():
        if op == "pow" and isinstance(a, np.ndarray) and a.dtype.kind == "b":
            continue  # bool ** number: torch computes in int64, we in int8 (not differentiable)
        try:
            want = BINARY[op](lift(a, torch), lift(b, torch)).dtype
        except RuntimeError:
            continue  # torch refuses it (e.g. bool - bool); so does NumPy
        got = BINARY[op](lift(a, Ours), lift(b, Ours)).dtype
        assert str(got) == str(want).removeprefix("torch."), (op, a, b)
        checked += 1
    assert checked > 100


def test_inplace_add_of_an_integer_tensor_inside_a_graph_stays_float32():
    def run(lib):
        ints = torch.tensor([1, 2]) if lib is Torch else Tensor(np.array([1, 2]))
        a = (torch.ones(2) if lib is Torch else Tensor(np.ones(2, np.float32))).requires_grad_()
        m = a * 2
        seen = []
        m.register_hook(lambda g: seen.append(str(g.dtype).removeprefix("torch.")))
        h = m * 1
        h += ints  # recorded in the graph: the gradient reaching m must stay float32
        (h * h).sum().backward()
        return str(h.dtype).removeprefix("torch."), seen, a.grad

    (odt, oseen, og), (tdt, tseen, tg) = both(run)
    assert odt == tdt == "float32" and oseen == tseen == ["float32"] and same(og, tg)


def test_a_0d_float64_operand_keeps_float32_and_gets_a_float64_gradient():
    def run(lib):
        s = lib.tensor(2.0, requires_grad=True)  # float64, 0-d
        v = torch.ones(3) if lib is Torch else Tensor(np.ones(3, np.float32))
        y = s * v
        y.sum().backward()
        return str(y.dtype).removeprefix("torch."), str(s.grad.dtype).removeprefix("torch.")

    assert both(run)[0] == both(run)[1] == ("float32", "float64")


def test_python_floats_make_float32_tensors_like_torch():
    assert Tensor([1.0, 2.0]).dtype == np.float32 == np.dtype(str(torch.tensor([1.0]).dtype)[6:])
    assert Tensor([1, 2]).dtype == np.int64
    assert Tensor(np.ones(2)).dtype == np.float64


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_float_dtype_survives_python_scalars_and_backward(dtype):
    x = Tensor(np.ones((2, 3), dtype=dtype), requires_grad=True)
    w = Tensor(np.ones((3, 2), dtype=dtype), requires_grad=True)
    y = ((2.5 * x + 1) ** 2 / 3.0 - 0.5).exp().log() @ w
    loss = cross_entropy(y.relu().sigmoid().tanh(), Tensor(np.array([0, 1]))) + y.mean() * 0.1
    loss.backward()
    assert loss.dtype == dtype and x.grad.dtype == dtype and w.grad.dtype == dtype


def test_integer_tensors_cannot_require_grad():
    with pytest.raises(RuntimeError, match="floating-point"):
        Tensor([1, 2], requires_grad=True)
    with pytest.raises(RuntimeError):
        torch.tensor([1, 2], requires_grad=True)
    with pytest.raises(RuntimeError, match="floating-point"):
        Tensor([1, 2]).requires_grad_()


def test_integer_and_bool_tensors_give_float32_from_float_functions_as_in_torch():
    for data in ([1, 4], [True, False]):
        for name in ("exp", "log", "sqrt", "tanh", "sigmoid"):
            ours = getattr(Tensor(np.array(data)), name)()
            theirs = getattr(torch.tensor(data), name)()
            assert str(ours.dtype) == str(theirs.dtype).removeprefix("torch."), (data, name)


def test_a_gradient_of_another_dtype_cannot_be_assigned():
    p = Tensor(np.ones(2), requires_grad=True)
    with pytest.raises(TypeError, match="dtype float32, tensor has float64"):
        p.grad = Tensor(np.ones(2, dtype=np.float32))
