"""Wrong calls, one row each, made on our library and on PyTorch: each must raise PyTorch's
exception type (or a subclass: `ShapeError` is a ValueError and a RuntimeError), with a
message that names the operation and what is wrong, in the user's words, not NumPy's.

A row is written once, as a function of a library namespace (`OURS` or `TORCH`), so both
libraries get the very same call. Rows where PyTorch accepts the call, or raises another
type, and we deliberately refuse it say why in ``differs``.
"""

import copy
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
import torch

import autograd_lib.nn.functional as our_functional
from autograd_lib import nn, optim
from autograd_lib.tensor import ops
from autograd_lib.tensor.tensor import Tensor, grad


def _ours_tensor(data: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    return Tensor(data, dtype=DTYPES["ours"].get(dtype, dtype), requires_grad=requires_grad)


def _torch_tensor(data: Any, dtype: Any = None, requires_grad: bool = False) -> torch.Tensor:
    return torch.tensor(data, dtype=DTYPES["torch"].get(dtype, dtype), requires_grad=requires_grad)


DTYPES = {
    "ours": {"float32": np.float32, "float64": np.float64, "int64": np.int64},
    "torch": {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64},
}

OURS = SimpleNamespace(
    name="ours", tensor=_ours_tensor, cat=ops.cat, stack=ops.stack, nn=nn,
    F=our_functional, optim=optim, grad=grad, int64=np.int64,
)
TORCH = SimpleNamespace(
    name="torch", tensor=_torch_tensor, cat=torch.cat, stack=torch.stack, nn=torch.nn,
    F=torch.nn.functional, optim=torch.optim, grad=torch.autograd.grad, int64=torch.int64,
)


@dataclass(frozen=True)
class Row:
    """One wrong call: ``call(lib)``, the regex its message must match, and, where PyTorch
    behaves otherwise, why we deliberately differ."""

    id: str
    call: Callable[[SimpleNamespace], Any]
    message: str
    differs: str = ""


# Wording that means an internal error leaked to the user instead of a message of ours.
DENYLIST = (
    "ufunc", "numpy.", "ndarray", "inhomogeneous", "is not iterable", "could not be broadcast",
    "not supported between instances", "cannot be interpreted as an integer",
    "has no attribute", "unhashable", "setting an array element", "axis", "array of dimension",
    "<class", "object arrays", "nonetype",
)


NOT_NUMBERS = "data that is not numbers is a TypeError here, whatever its kind"


def t23(L, **kw):
    """A (2, 3) float tensor of 0..5."""
    return L.tensor([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]], **kw)


def v3(L, **kw):
    return L.tensor([1.0, 2.0, 3.0], **kw)


def leaf(L):
    return L.tensor([1.0, 2.0], requires_grad=True)


def backward_twice(L):
    x = leaf(L)
    y = (x * x).sum()
    y.backward()
    y.backward()


def assign(target, index, value):
    target[index] = value


def set_grad(L, value):
    x = leaf(L)
    x.grad = value


def inplace_add(x, other):
    x += other
    return x


def params(L):
    return [L.tensor([1.0, 2.0], requires_grad=True)]


def step_sgd(L, **kw):
    return L.optim.SGD(params(L), **kw)


def adam(L, **kw):
    return L.optim.Adam(params(L), **kw)


def ce(L, logits, target, **kw):
    return L.F.cross_entropy(logits, target, **kw)


ROWS = [
    # ---------------------------------------------------------------- data and dtypes
    Row("ragged lists", lambda L: L.tensor([[1, 2], [3]]), r"Tensor: data is ragged.*2 and 1"),
    Row("ragged deeper", lambda L: L.tensor([[[1, 2], [3, 4]], [[1, 2], [3]]]),
        r"Tensor: data is ragged.*depth 2"),
    Row("number beside a list", lambda L: L.tensor([1, [2, 3]]),
        r"Tensor: data mixes numbers and sequences at depth 1"),
    Row("dtype=str", lambda L: L.tensor([1, 2], dtype=str), r"Tensor: dtype .*'str'"),
    Row("dtype=object", lambda L: L.tensor([1, 2], dtype=object), r"Tensor: dtype .*'object'"),
    Row("strings as data", lambda L: L.tensor(["a", "b"]), r"Tensor: data must be numbers.*str",
        differs=f"torch raises ValueError ('too many dimensions'); {NOT_NUMBERS}"),
    Row("a string as data", lambda L: L.tensor("abc"), r"Tensor: data must be numbers.*str"),
    Row("numbers and strings", lambda L: L.tensor([1.0, "a"]), r"Tensor: data must be numbers"),
    Row("a NumPy array of str", lambda L: L.tensor(np.array(["a", "b"])),
        r"Tensor: data must be numbers .*NumPy values of kind str"),
    Row("complex numbers", lambda L: L.tensor([1 + 2j]), r"Tensor: .*list of complex",
        differs="torch has complex tensors; this library has none and refuses them"),
    Row("a dict as data", lambda L: L.tensor({"a": 1}), r"Tensor: data must be numbers.*dict",
        differs=f"torch raises RuntimeError ('Could not infer dtype of dict'); {NOT_NUMBERS}"),
    Row("None as data", lambda L: L.tensor(None), r"Tensor: data must be numbers.*None",
        differs=f"torch raises RuntimeError ('Could not infer dtype of NoneType'); {NOT_NUMBERS}"),
    Row("int tensor requires grad", lambda L: L.tensor([1, 2], requires_grad=True),
        r"only floating-point tensors can require gradients.*int64"),
    Row("requires_grad_ on int", lambda L: L.tensor([1, 2]).requires_grad_(),
        r"only floating-point tensors can require gradients.*int64"),
    # ---------------------------------------------------------------- shapes
    Row("reshape -2", lambda L: L.tensor([0.0] * 6).reshape(-2, 3),
        r"reshape: invalid size -2 in shape \(-2, 3\)"),
    Row("reshape too many", lambda L: L.tensor([0.0] * 6).reshape(4, 4),
        r"reshape: .*shape \(6,\).*into shape \(4, 4\)"),
    Row("reshape two -1", lambda L: L.tensor([0.0] * 6).reshape(-1, -1),
        r"reshape: .*\(-1, -1\)"),
    Row("reshape float size", lambda L: L.tensor([0.0] * 6).reshape(2.5, 2),
        r"reshape: sizes must be integers, got \(2\.5, 2\)"),
    Row("view of a transpose", lambda L: t23(L).T.view(6), r"view: .*\(3, 2\).*shape \(6,\)"),
    Row("view of a strided slice", lambda L: L.tensor([[0.0] * 3] * 4)[::2].view(6),
        r"view: .*\(2, 3\).*shape \(6,\)"),
    Row("view wrong size", lambda L: t23(L).view(7), r"view: .*\(2, 3\).*shape \(7,\)"),
    Row("view float size", lambda L: t23(L).view(6.0), r"view: sizes must be integers"),
    Row("flatten(2, 0)", lambda L: L.tensor([[[0.0]]]).flatten(2, 0),
        r"flatten: start_dim 2 comes after end_dim 0"),
    Row("flatten dim out of range", lambda L: t23(L).flatten(5), r"flatten: dimension 5"),
    Row("nn.Flatten(2, 1)", lambda L: L.nn.Flatten(2, 1)(L.tensor([[[[0.0]]]])),
        r"flatten: start_dim 2 comes after end_dim 1"),
    Row("permute too few", lambda L: t23(L).permute(0), r"permute: needs one entry per dim"),
    Row("permute repeated", lambda L: t23(L).permute(0, 0), r"permute: dimension repeated"),
    Row("permute out of range", lambda L: t23(L).permute(0, 2), r"permute: dimension 2"),
    Row("transpose out of range", lambda L: t23(L).transpose(0, 5), r"transpose: dimension 5"),
    Row("unsqueeze out of range", lambda L: t23(L).unsqueeze(5), r"unsqueeze: dimension 5"),
    Row("squeeze out of range", lambda L: t23(L).squeeze(3), r"squeeze: dimension 3"),
    Row("expand a mismatched size", lambda L: t23(L).expand(2, 4),
        r"expand: .*\(2, 3\).*\(2, 4\)"),
    Row("expand to fewer dims", lambda L: t23(L).expand(3), r"expand: .*\(2, 3\).*\(3,\)"),
    Row("size(5)", lambda L: t23(L).size(5), r"size: dimension 5"),
    Row("reshape('a')", lambda L: t23(L).reshape("a"), r"reshape: sizes must be integers"),
    Row("expand('a')", lambda L: t23(L).expand("a"), r"expand: sizes must be integers"),
    Row("transpose('a', 0)", lambda L: t23(L).transpose("a", 0),
        r"transpose: dim must be an integer, got 'a'"),
    Row("unsqueeze(1.5)", lambda L: t23(L).unsqueeze(1.5),
        r"unsqueeze: dim must be an integer, got 1\.5"),
    Row("squeeze(1.5)", lambda L: t23(L).squeeze(1.5), r"squeeze: dim must be an integer"),
    Row("flatten('a')", lambda L: t23(L).flatten("a"), r"flatten: dim must be an integer"),
    Row("size(1.0)", lambda L: t23(L).size(1.0), r"size: dim must be an integer, got 1\.0"),
    # ---------------------------------------------------------------- joining
    Row("cat of 0-d", lambda L: L.cat([L.tensor(1.0), L.tensor(2.0)]),
        r"cat: tensor 0 is 0-d.*cannot be concatenated"),
    Row("cat shapes", lambda L: L.cat([t23(L), L.tensor([[0.0] * 4] * 2)]),
        r"cat: .*\(2, 3\), \(2, 4\)"),
    Row("cat dim out of range", lambda L: L.cat([t23(L), t23(L)], dim=2), r"cat: dimension 2"),
    Row("cat dim float", lambda L: L.cat([t23(L), t23(L)], dim=0.5),
        r"cat: dim must be an integer, got 0\.5"),
    Row("cat of a tensor", lambda L: L.cat(t23(L)), r"cat: expected a list or tuple.*Tensor"),
    Row("cat with a number", lambda L: L.cat([v3(L), 2.0]), r"cat: element 1 is a float"),
    Row("cat with a list", lambda L: L.cat([v3(L), [1.0]]), r"cat: element 1 is a list"),
    Row("stack shapes", lambda L: L.stack([v3(L), L.tensor([1.0])]),
        r"stack: .*\(3,\), \(1,\)"),
    Row("stack dim out of range", lambda L: L.stack([v3(L), v3(L)], dim=3),
        r"stack: dimension 3"),
    Row("stack of a tensor", lambda L: L.stack(t23(L)), r"stack: expected a list or tuple"),
    # ---------------------------------------------------------------- indexing
    Row("clamp with a string bound", lambda L: v3(L).clamp(min="a"),
        r"clamp: min must be a number or a Tensor, got str"),
    Row("clamp with a list bound", lambda L: v3(L).clamp(max=[1.0]),
        r"clamp: max must be a number or a Tensor, got list"),
    Row("negative step", lambda L: v3(L)[::-1], r"getitem: slice step must be positive, got -1"),
    Row("negative step in a tuple", lambda L: t23(L)[:, ::-2],
        r"getitem: slice step must be positive, got -2"),
    Row("index out of range", lambda L: v3(L)[5],
        r"getitem: index 5 is out of bounds for dimension 0 with size 3"),
    Row("negative index out of range", lambda L: t23(L)[:, -4],
        r"getitem: index -4 is out of bounds for dimension 1 with size 3"),
    Row("too many indices", lambda L: t23(L)[0, 0, 0],
        r"getitem: too many indices \(3\) for a tensor of shape \(2, 3\)"),
    Row("index list out of range", lambda L: v3(L)[[0, 5]],
        r"getitem: index 5 is out of bounds for dimension 0"),
    Row("index after an ellipsis", lambda L: t23(L)[..., 7],
        r"getitem: index 7 is out of bounds for dimension 1 with size 3"),
    Row("mask of the wrong shape", lambda L: v3(L)[L.tensor([True, False])],
        r"getitem: a boolean mask of shape \(2,\) does not match .*\(3,\)"),
    Row("setitem out of range", lambda L: assign(v3(L), 5, 1.0),
        r"setitem: index 5 is out of bounds for dimension 0 with size 3"),
    Row("setitem wrong shape", lambda L: assign(t23(L), 0, L.tensor([1.0, 2.0])),
        r"setitem: a value of shape \(2,\) cannot be written into the part of shape \(3,\)"),
    Row("float index", lambda L: t23(L)[1.5], r"getitem: index 1\.5 is not valid"),
    Row("float index tensor", lambda L: t23(L)[L.tensor([0.0, 1.0])],
        r"getitem: index arrays must hold integers or bools, got float32"),
    Row("setitem a list", lambda L: assign(t23(L), 0, [1.0, 2.0, 3.0]),
        r"setitem: the value is a list"),
    Row("setitem a str", lambda L: assign(t23(L), 0, "a"), r"setitem: the value is a str"),
    Row("fill_ with a str", lambda L: t23(L).fill_("a"), r"fill_: the value is a str"),
    Row("fill_ with a vector", lambda L: t23(L).fill_(v3(L)),
        r"fill_: the value must be a number or a 0-d tensor, got shape \(3,\)"),
    Row("copy_ of a list", lambda L: v3(L).copy_([1.0, 2.0, 3.0]), r"copy_: the value is a list"),
    # ---------------------------------------------------------------- conversions
    Row("item of many", lambda L: v3(L).item(), r"item: a tensor with 3 elements"),
    Row("len of 0-d", lambda L: len(L.tensor(1.0)), r"len\(\) of a 0-d tensor"),
    Row("bool of many", lambda L: bool(v3(L)), r"truth value of a tensor with 3 elements"),
    Row("numpy of a leaf", lambda L: leaf(L).numpy(), r"numpy: .*requires grad"),
    Row("float of many", lambda L: float(v3(L)), r"item: a tensor with 3 elements",
        differs="torch raises ValueError; float() of a tensor here is float(item()), whose "
        "RuntimeError names the operation"),
    Row("requires_grad_('x')", lambda L: v3(L).requires_grad_("x"),
        r"requires_grad_: requires_grad must be a bool, got 'x'"),
    Row("x < str", lambda L: v3(L) < "a", r"<: cannot compare a Tensor with a str"),
    Row("x >= None", lambda L: v3(L) >= None, r">=: cannot compare a Tensor with None"),
    # ---------------------------------------------------------------- operands
    Row("x * list", lambda L: v3(L) * [1, 2, 3], r"mul: an operand is a list"),
    Row("list * x", lambda L: [1, 2, 3] * v3(L), r"mul: an operand is a list"),
    Row("x + str", lambda L: v3(L) + "a", r"add: an operand is a str"),
    Row("x + None", lambda L: v3(L) + None, r"add: an operand is None"),
    Row("x - list", lambda L: v3(L) - [1.0], r"sub: an operand is a list"),
    Row("x / tuple", lambda L: v3(L) / (1, 2, 3), r"div: an operand is a tuple"),
    Row("x ** list", lambda L: v3(L) ** [2], r"pow: an operand is a list"),
    Row("x += list", lambda L: inplace_add(v3(L), [1.0, 2.0, 3.0]),
        r"add_: the operand is a list"),
    Row("x @ list", lambda L: L.tensor([[1.0, 2.0]]) @ [[1.0], [2.0]],
        r"matmul: an operand is a list"),
    Row("list @ x", lambda L: [[1.0, 2.0]] @ L.tensor([[1.0], [2.0]]),
        r"matmul: an operand is a list"),
    Row("x.add(str)", lambda L: v3(L).add("a"), r"add: an operand is a str"),
    Row("broadcast", lambda L: t23(L) + L.tensor([1.0, 2.0, 3.0, 4.0]),
        r"add: shapes \(2, 3\) and \(4,\) do not broadcast"),
    Row("in-place broadcast into a smaller tensor", lambda L: inplace_add(v3(L), t23(L)),
        r"add_: .*\(3,\) and \(2, 3\)"),
    Row("in-place float into int", lambda L: inplace_add(L.tensor([1, 2]), 0.5),
        r"add_: .*float.*int64"),
    # ---------------------------------------------------------------- matmul and dtypes
    Row("matmul shapes", lambda L: t23(L) @ t23(L), r"matmul: \(2, 3\) @ \(2, 3\): 3 != 2"),
    Row("matmul 0-d", lambda L: L.tensor(1.0) @ L.tensor(2.0),
        r"matmul: both arguments need at least one dimension"),
    Row("float32 @ float64", lambda L: t23(L) @ t23(L, dtype="float64").T,
        r"matmul: .*same dtype, got float32 @ float64"),
    Row("int64 @ float32", lambda L: L.tensor([[1, 2]]) @ L.tensor([[1.0], [2.0]]),
        r"matmul: .*same dtype, got int64 @ float32"),
    Row("float64 @ float32 vector", lambda L: t23(L, dtype="float64") @ v3(L),
        r"matmul: .*same dtype, got float64 @ float32"),
    # ---------------------------------------------------------------- reductions
    Row("sum dim=1.0", lambda L: t23(L).sum(dim=1.0),
        r"sum: dim must be an integer or a tuple of integers, got 1\.0"),
    Row("sum dim='a'", lambda L: t23(L).sum(dim="a"), r"sum: dim must be an integer.*'a'"),
    Row("sum dim out of range", lambda L: t23(L).sum(5), r"sum: dimension 5 is out of range"),
    Row("sum dim repeated", lambda L: t23(L).sum((0, 0)), r"sum: dimension repeated"),
    Row("sum keepdim='yes'", lambda L: t23(L).sum(1, keepdim="yes"),
        r"sum: keepdim must be a bool, got 'yes'"),
    Row("sum keepdim=1", lambda L: t23(L).sum(1, keepdim=1), r"sum: keepdim must be a bool"),
    Row("mean of int64", lambda L: L.tensor([1, 2]).mean(),
        r"mean: needs a floating-point tensor, got dtype int64"),
    Row("mean dim=[0.5]", lambda L: t23(L).mean(dim=[0.5]), r"mean: dim must be an integer"),
    Row("mean keepdim='no'", lambda L: t23(L).mean(0, keepdim="no"),
        r"mean: keepdim must be a bool"),
    Row("sum dim [0, 'a']", lambda L: t23(L).sum(dim=[0, "a"]),
        r"sum: dim must be an integer, got 'a'"),
    Row("argmax dim float", lambda L: t23(L).argmax(dim=1.5),
        r"argmax: dim must be an integer, got 1\.5"),
    Row("max dim out of range", lambda L: t23(L).max(5), r"max: dimension 5 is out of range"),
    Row("max dim float", lambda L: t23(L).max(1.5), r"max: dim must be an integer, got 1\.5"),
    Row("max keepdim str", lambda L: t23(L).max(0, keepdim="x"), r"max: keepdim must be a bool"),
    Row("min dim out of range", lambda L: t23(L).min(-3), r"min: dimension -3 is out of range"),
    Row("argmax dim out of range", lambda L: t23(L).argmax(2),
        r"argmax: dimension 2 is out of range"),
    Row("softmax dim out of range", lambda L: t23(L).softmax(2),
        r"softmax: dimension 2 is out of range"),
    Row("log_softmax dim float", lambda L: t23(L).log_softmax(0.5),
        r"log_softmax: dim must be an integer"),
    Row("logsumexp dim out of range", lambda L: t23(L).logsumexp(3),
        r"logsumexp: dimension 3 is out of range"),
    # ---------------------------------------------------------------- autograd
    Row("backward(list)", lambda L: (leaf(L) * 2).backward([1.0, 1.0]),
        r"backward: gradient must be a Tensor \(or None\), got a list"),
    Row("backward(float)", lambda L: (leaf(L) * 2).sum().backward(1.0),
        r"backward: gradient must be a Tensor \(or None\), got a float"),
    Row("backward of a vector", lambda L: (leaf(L) * 2).backward(),
        r"backward: grad can be implicitly created only for scalar outputs.*\(2,\)"),
    Row("backward without grad", lambda L: v3(L).sum().backward(),
        r"backward: .*does not require grad"),
    Row("backward gradient shape", lambda L: (leaf(L) * 2).backward(v3(L)),
        r"backward: gradient has shape \(3,\) but the output has shape \(2,\)"),
    Row("retain_graph='no'", lambda L: (leaf(L) * 2).sum().backward(retain_graph="no"),
        r"backward: retain_graph must be a bool, got 'no'"),
    Row("create_graph='yes'", lambda L: (leaf(L) * 2).sum().backward(create_graph="yes"),
        r"backward: create_graph must be a bool, got 'yes'"),
    Row("backward twice", backward_twice, r"MulBackward.*backward through the graph a second"),
    Row("grad of an unused input", lambda L: L.grad((leaf(L) * 2).sum(), leaf(L)),
        r"grad: inputs\[0\] was not used"),
    Row("grad of a list", lambda L: L.grad((leaf(L) * 2).sum(), [1.0]),
        r"grad: inputs\[0\] must be a Tensor, got float",
        differs="torch raises RuntimeError; an argument of the wrong type is a TypeError here"),
    Row("grad of a constant", lambda L: L.grad((leaf(L) * 2).sum(), v3(L)),
        r"grad: inputs\[0\] does not require grad"),
    Row("in-place on a leaf", lambda L: leaf(L).add_(1.0),
        r"add_: a leaf Tensor that requires grad"),
    Row("hook without grad", lambda L: v3(L).register_hook(print),
        r"register_hook: .*doesn't require grad"),
    Row("retain_grad without grad", lambda L: v3(L).retain_grad(),
        r"retain_grad: the tensor does not require grad"),
    Row("grad = list", lambda L: set_grad(L, [1.0, 2.0]), r"grad must be a Tensor or None"),
    Row("grad of another shape", lambda L: set_grad(L, v3(L)),
        r"grad: assigned gradient has shape \(3,\), tensor has \(2,\)"),
    Row("grad of another dtype", lambda L: set_grad(L, L.tensor([1.0, 2.0], dtype="float64")),
        r"grad: assigned gradient has dtype float64, tensor has float32"),
    Row("deepcopy of a non-leaf", lambda L: copy.deepcopy(leaf(L) * 2),
        r"deepcopy: only leaf tensors"),
    # ---------------------------------------------------------------- nn modules
    Row("Linear on int64", lambda L: L.nn.Linear(2, 3)(L.tensor([[1, 2]])),
        r"linear: input has dtype int64 but weight has dtype float32"),
    Row("Linear on a NumPy array", lambda L: L.nn.Linear(2, 3)(np.ones((1, 2), np.float32)),
        r"linear: input must be a Tensor, got a NumPy array"),
    Row("Linear on a list", lambda L: L.nn.Linear(2, 3)([[1.0, 2.0]]),
        r"linear: input must be a Tensor, got a list"),
    Row("Linear on float64", lambda L: L.nn.Linear(2, 3)(L.tensor([[1.0, 2.0]], dtype="float64")),
        r"linear: input has dtype float64 but weight has dtype float32"),
    Row("Linear features mismatch", lambda L: L.nn.Linear(2, 3)(L.tensor([[1.0, 2.0, 3.0]])),
        r"linear: input \(1, 3\) and weight \(3, 2\)"),
    Row("Linear in_features str", lambda L: L.nn.Linear("2", 3),
        r"Linear: in_features must be an integer, got '2'"),
    Row("Linear negative size", lambda L: L.nn.Linear(-1, 3),
        r"Linear: in_features must be a positive integer, got -1"),
    Row("Linear of size 0", lambda L: L.nn.Linear(0, 3),
        r"Linear: in_features must be a positive integer, got 0 \(PyTorch allows 0",
        differs="torch builds a Linear with no inputs; a layer that can only output its "
        "bias is refused here as a mistake"),
    Row("Sequential of an int", lambda L: L.nn.Sequential(L.nn.ReLU(), 1),
        r"Sequential: argument 1 is a int, not a Module"),
    Row("Dropout p=1.5", lambda L: L.nn.Dropout(p=1.5), r"Dropout: p must be a probability.*1\.5"),
    Row("Dropout p str", lambda L: L.nn.Dropout(p="a"), r"Dropout: p must be a number, got 'a'"),
    Row("dropout p<0", lambda L: L.F.dropout(v3(L), p=-0.1),
        r"dropout: p must be a probability.*-0\.1"),
    Row("load_state_dict missing key", lambda L: L.nn.Linear(2, 3).load_state_dict(
        {"weight": L.tensor([[0.0] * 2] * 3)}), r"load_state_dict: .*missing keys: bias"),
    Row("load_state_dict unexpected key", lambda L: L.nn.Linear(2, 3, bias=False)
        .load_state_dict({"weight": L.tensor([[0.0] * 2] * 3), "scale": L.tensor([1.0])}),
        r"load_state_dict: .*unexpected keys: scale"),
    Row("load_state_dict wrong shape", lambda L: L.nn.Linear(2, 3, bias=False)
        .load_state_dict({"weight": L.tensor([[0.0] * 3] * 2)}),
        r"load_state_dict: .*size mismatch for weight: .*\(2, 3\).*\(3, 2\)"),
    Row("Module.to(int64)", lambda L: L.nn.Linear(2, 3).to(L.int64),
        r"to: parameters must stay floating point, got dtype int64"),
    Row("Module without forward", lambda L: L.nn.Module()(v3(L)), r"Module.* forward"),
    # ---------------------------------------------------------------- losses
    Row("cross_entropy int64 logits", lambda L: ce(L, L.tensor([[1, 2]]), L.tensor([0])),
        r"cross_entropy: input must hold floating-point logits, got dtype int64",
        differs="torch raises NotImplementedError (no integer log_softmax kernel); here a "
        "DtypeError, a TypeError and RuntimeError that names the dtype"),
    Row("cross_entropy float target", lambda L: ce(L, t23(L), L.tensor([0.0, 1.0])),
        r"cross_entropy: target must hold integer class indices, got dtype float32"),
    Row("cross_entropy target batch", lambda L: ce(L, t23(L), L.tensor([0, 1, 2])),
        r"cross_entropy: input of shape \(2, 3\).*target of shape \(2,\).*got \(3,\)"),
    Row("cross_entropy 1-D with (1,) target", lambda L: ce(L, v3(L), L.tensor([0])),
        r"cross_entropy: input of shape \(3,\).*target of shape \(\).*got \(1,\)",
        differs="torch raises RuntimeError; a shape mismatch here is a ShapeError, a "
        "ValueError and RuntimeError, as its other target-shape errors"),
    Row("cross_entropy class too large", lambda L: ce(L, t23(L), L.tensor([0, 5])),
        r"cross_entropy: target holds classes 0\.\.5, but input has 3 classes"),
    Row("cross_entropy negative class", lambda L: ce(L, t23(L), L.tensor([-1, 0])),
        r"cross_entropy: target holds classes -1\.\.0"),
    Row("cross_entropy label_smoothing 2", lambda L: ce(L, t23(L), L.tensor([0, 1]),
        label_smoothing=2.0), r"cross_entropy: label_smoothing must be in \[0, 1\], got 2\.0",
        differs="torch raises RuntimeError; an argument out of its range is a ValueError here"),
    Row("cross_entropy label_smoothing str", lambda L: ce(L, t23(L), L.tensor([0, 1]),
        label_smoothing="a"), r"cross_entropy: label_smoothing must be a number, got 'a'"),
    Row("cross_entropy of a list", lambda L: ce(L, [[1.0, 2.0]], L.tensor([0])),
        r"cross_entropy: input must be a Tensor, got list"),
    Row("cross_entropy target list", lambda L: ce(L, t23(L), [0, 1]),
        r"cross_entropy: target must be a Tensor of class indices, got list"),
    Row("cross_entropy reduction", lambda L: ce(L, t23(L), L.tensor([0, 1]), reduction="avg"),
        r"cross_entropy: reduction must be one of .*'avg'"),
    Row("CrossEntropyLoss reduction", lambda L: L.nn.CrossEntropyLoss(reduction="avg"),
        r"CrossEntropyLoss: reduction must be one of .*'avg'",
        differs="torch accepts it when the module is built and fails at its first call; "
        "refused here where the mistake is made"),
    Row("mse_loss shapes", lambda L: L.F.mse_loss(t23(L), v3(L).reshape(3, 1)),
        r"mse_loss: target shape \(3, 1\) differs from input shape \(2, 3\)"),
    Row("mse_loss shapes that broadcast", lambda L: L.F.mse_loss(t23(L), v3(L)),
        r"mse_loss: target shape \(3,\) differs from input shape \(2, 3\)",
        differs="torch warns and broadcasts (2, 3) against (3, 1), computing the wrong "
        "loss; refused here"),
    Row("binary_cross_entropy above 1", lambda L: L.F.binary_cross_entropy(v3(L), v3(L)),
        r"binary_cross_entropy: input must hold probabilities in \[0, 1\]",
        differs="torch raises RuntimeError; a value out of range is a ValueError here"),
    Row("binary_cross_entropy of int64", lambda L: L.F.binary_cross_entropy(
        L.tensor([0, 1]), L.tensor([0, 1])), r"binary_cross_entropy: input must be floating",
        differs="torch raises NotImplementedError (no integer kernel); a TypeError here"),
    # ---------------------------------------------------------------- optimisers
    Row("SGD lr str", lambda L: step_sgd(L, lr="0.1"), r"SGD: lr must be a number, got '0.1'"),
    Row("SGD lr negative", lambda L: step_sgd(L, lr=-1.0), r"SGD: learning rate lr must be >= 0"),
    Row("SGD momentum negative", lambda L: step_sgd(L, lr=0.1, momentum=-0.5),
        r"SGD: momentum must be >= 0, got -0\.5"),
    Row("SGD momentum str", lambda L: step_sgd(L, lr=0.1, momentum="high"),
        r"SGD: momentum must be a number, got 'high'"),
    Row("SGD weight_decay negative", lambda L: step_sgd(L, lr=0.1, weight_decay=-1.0),
        r"SGD: weight_decay must be >= 0"),
    Row("SGD nesterov without momentum", lambda L: step_sgd(L, lr=0.1, nesterov=True),
        r"SGD: Nesterov momentum requires a momentum > 0"),
    Row("SGD of a tensor", lambda L: L.optim.SGD(L.tensor([1.0], requires_grad=True), lr=0.1),
        r"SGD: params must be an iterable of Tensors.*single Tensor"),
    Row("SGD of nothing", lambda L: L.optim.SGD([], lr=0.1), r"SGD: got an empty parameter list"),
    Row("SGD of a float", lambda L: L.optim.SGD([1.0], lr=0.1),
        r"SGD: parameter 0 is a float, not a Tensor"),
    Row("SGD of a non-leaf", lambda L: L.optim.SGD([leaf(L) * 2], lr=0.1),
        r"SGD: parameter 0 is not a leaf tensor"),
    Row("Adam betas above 1", lambda L: adam(L, betas=(1.5, 0.9)),
        r"Adam: betas\[0\] must be in \[0, 1\), got 1\.5"),
    Row("Adam beta2 negative", lambda L: adam(L, betas=(0.9, -0.1)),
        r"Adam: betas\[1\] must be in \[0, 1\), got -0\.1"),
    Row("Adam eps negative", lambda L: adam(L, eps=-1.0), r"Adam: eps must be >= 0"),
    Row("Adam lr None", lambda L: adam(L, lr=None), r"Adam: lr must be a number, got None"),
    Row("Adam weight_decay str", lambda L: adam(L, weight_decay="a"),
        r"Adam: weight_decay must be a number, got 'a'"),
    Row("AdamW lr negative", lambda L: L.optim.AdamW(params(L), lr=-0.1),
        r"AdamW: learning rate lr must be >= 0"),
]


def _raised(call: Callable, lib: SimpleNamespace) -> BaseException | None:
    try:
        with warnings.catch_warnings():  # torch warns where it accepts what we refuse
            warnings.simplefilter("ignore")
            call(lib)
    except Exception as err:
        return err
    return None


def test_the_table_holds_at_least_a_hundred_wrong_calls():
    assert len(ROWS) >= 100
    assert len({row.id for row in ROWS}) == len(ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_a_wrong_call_raises_torchs_error_type_with_a_message_that_names_it(row):
    ours = _raised(row.call, OURS)
    assert ours is not None, f"{row.id}: accepted, but should be refused"
    message = str(ours)
    assert re.search(row.message, message), f"{row.id}: {type(ours).__name__}: {message}"
    leaked = [word for word in DENYLIST if word in message.lower()]
    assert not leaked, f"{row.id}: internal wording {leaked} in {message!r}"
    theirs = _raised(row.call, TORCH)
    if row.differs:
        assert theirs is None or not isinstance(ours, type(theirs)), (
            f"{row.id} is marked as differing from torch, but torch raises "
            f"{type(theirs).__name__} too: drop the mark"
        )
    else:
        assert theirs is not None, f"{row.id}: torch accepts this call"
        assert isinstance(ours, type(theirs)), (
            f"{row.id}: torch raises {type(theirs).__name__}, we raise "
            f"{type(ours).__name__}: {message}"
        )
