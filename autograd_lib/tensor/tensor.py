"""The Tensor: a NumPy array that remembers which operation made it, so gradients can flow back.

Its interface follows PyTorch, so code moves between the two by changing an import:
operators and methods record the graph (through `autograd_lib.tensor.functions`), and
``loss.backward()`` fills each leaf's ``.grad``. The data is always a NumPy array,
``tensor.data``, which may be read and updated in place (``p.data -= lr * p.grad.data``).

dtypes follow PyTorch's rules: Python floats make float32 tensors (``Tensor([1.0])``),
NumPy arrays keep their dtype, float32 stays float32 through every operation (numbers
and 0-d tensors never upcast it), and only floating-point tensors can require gradients.
Where elementwise operations mix dtypes, `_promote` applies PyTorch's type promotion
(int64 with float32 gives float32, not NumPy's float64).
"""

import weakref
from collections import namedtuple
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np


class ShapeError(ValueError, RuntimeError):
    """Shapes that do not fit an operation. Both a ValueError (the Python habit) and a
    RuntimeError (what PyTorch raises), so either ``except`` catches it."""


ValuesIndices = namedtuple("ValuesIndices", ["values", "indices"])  # max(dim), min(dim)


class Tensor:
    """An n-dimensional array with automatic differentiation, like ``torch.Tensor``.

    ``Tensor(data, requires_grad=False, dtype=None)`` copies ``data`` (numbers, nested
    lists, a NumPy array or another Tensor). Results of operations on tensors that require
    grad record their ``grad_fn``; ``backward()`` accumulates gradients into the ``.grad``
    of leaf tensors.
    """

    __slots__ = (
        "__weakref__",
        "_acc",
        "_grad",
        "_hooks",
        "_requires_grad",
        "_vc",
        "data",
        "grad_fn",
    )

    def __init__(self, data: Any, requires_grad: bool = False, dtype: Any = None) -> None:
        self.data = _as_array(data, dtype)
        self.grad_fn = None
        self._requires_grad = False
        self._grad = self._vc = self._hooks = self._acc = None
        if requires_grad:
            self.requires_grad_(True)

    @staticmethod
    def _wrap(data: np.ndarray, grad_fn: Any = None) -> "Tensor":
        """A Tensor around ``data`` without copying or checking (the engine's constructor)."""
        t = object.__new__(Tensor)
        t.data = data
        t.grad_fn = grad_fn
        t._requires_grad = grad_fn is not None
        t._grad = t._vc = t._hooks = t._acc = None
        return t

    # ------------------------------------------------------------------ attributes

    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    @property
    def _shape(self) -> tuple[int, ...]:
        """The shape a gradient for this tensor must have (as ``Context._shape``)."""
        return self.data.shape

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def dtype(self) -> np.dtype:
        return self.data.dtype

    def size(self, dim: int | None = None) -> Any:
        """The shape, or the size of one dimension (as ``torch.Tensor.size``)."""
        return self.shape if dim is None else self.shape[_axis(dim, self.ndim, "size")]

    def dim(self) -> int:
        return self.data.ndim

    def numel(self) -> int:
        return self.data.size

    @property
    def requires_grad(self) -> bool:
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        self.requires_grad_(value)

    def requires_grad_(self, requires_grad: bool = True) -> "Tensor":
        """Start (or stop) recording operations on this leaf; returns self."""
        if self.grad_fn is not None:
            if not requires_grad:
                raise RuntimeError(
                    "requires_grad_: only leaf tensors can stop requiring grad; "
                    "use .detach() for a tensor that does not"
                )
            return self
        if requires_grad and self.data.dtype.kind != "f":
            raise RuntimeError(
                "only floating-point tensors can require gradients, but this tensor has "
                f"dtype {self.data.dtype}; convert it first (e.g. with .float() or dtype=)"
            )
        self._requires_grad = bool(requires_grad)
        return self

    @property
    def is_leaf(self) -> bool:
        """True unless the tensor was computed by a recorded operation."""
        return self.grad_fn is None

    @property
    def grad(self) -> "Tensor | None":
        """The accumulated gradient: set on leaves by backward, on others by retain_grad."""
        return self._grad

    @grad.setter
    def grad(self, value: "Tensor | None") -> None:
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(f"grad must be a Tensor or None, got {type(value).__name__}")
            if value.shape != self.shape:
                raise ShapeError(
                    f"grad: assigned gradient has shape {value.shape}, tensor has {self.shape}"
                )
            if value.dtype != self.dtype:
                raise TypeError(
                    f"grad: assigned gradient has dtype {value.dtype}, tensor has {self.dtype}"
                )
        self._grad = value

    @property
    def _version(self) -> int:
        """How many in-place changes this tensor's data has had. Tensors that share memory
        share the count: views (indexing, reshape, transpose, expand) and detach()."""
        return 0 if self._vc is None else self._vc[0]

    def _bump_version(self) -> None:
        """Count an in-place change and stamp it with the engine's clock: a node that saved
        this tensor before the stamp knows at backward time that its copy is stale."""
        engine._clock += 1
        if self._vc is None:
            self._vc = [1, engine._clock, None]
        else:
            self._vc[0] += 1
            self._vc[1] = engine._clock

    # ------------------------------------------------------------------ conversion

    def item(self) -> Any:
        """The value of a one-element tensor as a Python number."""
        if self.data.size != 1:
            raise RuntimeError(
                f"item: a tensor with {self.data.size} elements cannot be converted to a number"
            )
        return self.data.item()

    def numpy(self) -> np.ndarray:
        """The data, shared, not copied; refused (as in torch) while it requires grad."""
        if self._requires_grad:
            raise RuntimeError(
                "numpy: can't call numpy() on a Tensor that requires grad; "
                "use tensor.detach().numpy() instead"
            )
        return self.data

    def tolist(self) -> Any:
        return self.data.tolist()

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        """What NumPy does with a Tensor. An operator with a NumPy operand on the left
        (``array * t``) is the Tensor operation, recorded as ``t.__rmul__(array)``, as in
        PyTorch. An in-place update of a plain array (``p.data -= lr * p.grad``, PyTorch's
        old idiom) uses the Tensors' data and records nothing. Other NumPy functions would
        lose the graph, so they are refused with a pointer to the Tensor's own method."""
        out = kwargs.get("out")
        if out is not None and method == "__call__" and all(type(o) is np.ndarray for o in out):
            return ufunc(*(_data(x) for x in inputs), **kwargs)
        names = _OPERATOR_METHODS.get(ufunc)
        if names and method == "__call__" and not kwargs and len(inputs) == 2:
            a, b = inputs
            return getattr(a, names[0])(b) if isinstance(a, Tensor) else getattr(b, names[1])(a)
        raise TypeError(
            f"NumPy's {ufunc.__name__} does not record gradients on a Tensor; use the Tensor's "
            f"method (e.g. t.exp()), or apply it to t.detach().numpy()"
        )

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray:
        array = self.numpy()
        if dtype is not None and array.dtype != dtype:
            return array.astype(dtype)
        return array.copy() if copy else array

    def __len__(self) -> int:
        if self.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self.shape[0]

    def __iter__(self) -> Iterator["Tensor"]:
        return (self[i] for i in range(len(self)))

    def __bool__(self) -> bool:
        if self.data.size != 1:
            raise RuntimeError(
                f"the truth value of a tensor with {self.data.size} elements is ambiguous"
            )
        return bool(self.data)

    def __float__(self) -> float:
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    def __format__(self, spec: str) -> str:
        return format(self.item(), spec) if self.ndim == 0 else format(repr(self), spec)

    def __repr__(self) -> str:
        body = np.array2string(self.data, separator=", ", prefix="tensor(")
        extras = []
        if self.dtype not in (np.float32, np.int64, np.bool_):
            extras.append(f"dtype={self.dtype}")
        if self.grad_fn is not None:
            extras.append(f"grad_fn=<{self.grad_fn.name()}>")
        elif self._requires_grad:
            extras.append("requires_grad=True")
        return f"tensor({', '.join([body, *extras])})"

    # ------------------------------------------------------------------ graph

    def __reduce__(self) -> tuple:
        """Pickle (and ``copy.copy``) the data and ``requires_grad`` only, as PyTorch does:
        the copy is a fresh leaf, with no graph, gradient or version history."""
        return (_rebuild, (type(self), self.data, self._requires_grad))

    def __deepcopy__(self, memo: dict) -> "Tensor":
        """A leaf with a copy of the data and of ``.grad``. Only leaves: a copy of a
        computed tensor could not share the history its gradient would need (PyTorch
        refuses too)."""
        if self.grad_fn is not None:
            raise RuntimeError(
                "deepcopy: only leaf tensors (made by the user, not by an operation) can be "
                "deep-copied; copy t.detach() instead"
            )
        copied = _rebuild(type(self), self.data.copy(), self._requires_grad)
        memo[id(self)] = copied
        if self._grad is not None:
            copied._grad = self._grad.__deepcopy__(memo)
        return copied

    def detach(self) -> "Tensor":
        """The same data (shared, with the same version counter), cut from the graph."""
        if self._vc is None:
            self._vc = [0, 0, None]  # see functions.share_version
        t = Tensor._wrap(self.data)
        t._vc = self._vc
        return t

    def clone(self) -> "Tensor":
        """A copy of the data that stays in the graph."""
        return F.Clone.apply(self)

    def retain_grad(self) -> None:
        """Keep this non-leaf tensor's gradient in ``.grad`` at the next backward."""
        if not self._requires_grad:
            raise RuntimeError("retain_grad: the tensor does not require grad")
        node = self.grad_fn
        if node is None or self.retains_grad:
            return
        node._retained = [*(node._retained or ()), weakref.ref(self)]

    @property
    def retains_grad(self) -> bool:
        node = self.grad_fn
        return node is not None and any(ref() is self for ref in node._retained or ())

    def register_hook(self, hook: Callable[["Tensor"], "Tensor | None"]) -> Any:
        """Call ``hook(grad)`` when this tensor's gradient is computed; a Tensor it
        returns replaces the gradient. Returns a handle whose ``remove()`` undoes this."""
        if not self._requires_grad:
            raise RuntimeError(
                "register_hook: cannot register a hook on a tensor that doesn't require grad"
            )
        owner = self if self.grad_fn is None else self.grad_fn
        if owner._hooks is None:
            owner._hooks = []
        owner._hooks.append(hook)
        return engine.RemovableHandle(owner._hooks, hook)

    def backward(
        self,
        gradient: "Tensor | None" = None,
        retain_graph: bool | None = None,
        create_graph: bool = False,
    ) -> None:
        """Accumulate d(self)/d(leaf) into every leaf's ``.grad``.

        ``gradient`` (the weight of each element; default 1 for a single-element tensor)
        is required for other shapes. The graph's saved arrays are freed afterwards unless
        ``retain_graph=True``. With ``create_graph=True`` the gradients carry a graph of
        their own, for higher derivatives.
        """
        engine.backward(self, gradient, retain_graph, create_graph)

    # ------------------------------------------------------------------ arithmetic

    def __add__(self, other: Any) -> "Tensor":
        return F.Add.apply(*_promote(self, other))

    def __radd__(self, other: Any) -> "Tensor":
        return F.Add.apply(*_promote(self, other))  # 2 + x is recorded as x + 2, as in torch

    def __sub__(self, other: Any) -> "Tensor":
        return F.Sub.apply(*_promote(self, other))

    def __rsub__(self, other: Any) -> "Tensor":
        return F.Sub.apply(*_promote(other, self))

    def __mul__(self, other: Any) -> "Tensor":
        return F.Mul.apply(*_promote(self, other))

    def __rmul__(self, other: Any) -> "Tensor":
        return F.Mul.apply(*_promote(self, other))  # 2 * x is recorded as x * 2, as in torch

    def __truediv__(self, other: Any) -> "Tensor":
        return F.Div.apply(*_promote(self, other, true_division=True))

    def __rtruediv__(self, other: Any) -> "Tensor":
        return F.Div.apply(*_promote(other, self, true_division=True))

    def __pow__(self, other: Any) -> "Tensor":
        return F.Pow.apply(*_promote(self, other))

    def __rpow__(self, other: Any) -> "Tensor":
        return F.Pow.apply(*_promote(other, self))

    def __matmul__(self, other: Any) -> "Tensor":
        return F.MatMul.apply(self, other)

    def __rmatmul__(self, other: Any) -> "Tensor":
        return F.MatMul.apply(other, self)

    def __neg__(self) -> "Tensor":
        return F.Neg.apply(self)

    def __pos__(self) -> "Tensor":
        return self

    pow = __pow__
    matmul = __matmul__

    # Comparisons give boolean tensors and no gradient.
    def __lt__(self, other: Any) -> "Tensor":
        return Tensor._wrap(np.asarray(self.data < _data(other)))

    def __le__(self, other: Any) -> "Tensor":
        return Tensor._wrap(np.asarray(self.data <= _data(other)))

    def __gt__(self, other: Any) -> "Tensor":
        return Tensor._wrap(np.asarray(self.data > _data(other)))

    def __ge__(self, other: Any) -> "Tensor":
        return Tensor._wrap(np.asarray(self.data >= _data(other)))

    def __eq__(self, other: Any) -> "Tensor":  # type: ignore[override]
        return Tensor._wrap(np.asarray(self.data == _data(other)))

    def __ne__(self, other: Any) -> "Tensor":  # type: ignore[override]
        return Tensor._wrap(np.asarray(self.data != _data(other)))

    __hash__ = object.__hash__  # identity, as torch: tensors can key dicts and sets

    # ------------------------------------------------------------------ elementwise

    def exp(self) -> "Tensor":
        return F.Exp.apply(self._floating())

    def log(self) -> "Tensor":
        return F.Log.apply(self._floating())

    def sqrt(self) -> "Tensor":
        return F.Sqrt.apply(self._floating())

    def abs(self) -> "Tensor":
        return F.Abs.apply(self)

    __abs__ = abs  # the built-in abs(t), as in torch

    def tanh(self) -> "Tensor":
        return F.Tanh.apply(self._floating())

    def sigmoid(self) -> "Tensor":
        return F.Sigmoid.apply(self._floating())

    def relu(self) -> "Tensor":
        return F.ReLU.apply(self)

    def clamp(self, min: Any = None, max: Any = None) -> "Tensor":
        """Limit every element to [min, max] (numbers; either may be None)."""
        if min is None and max is None:
            raise ValueError("clamp: at least one of min and max must be given")
        return F.Clamp.apply(self, min, max)

    def to(self, dtype: Any) -> "Tensor":
        """A copy converted to ``dtype``; differentiable between floating-point types."""
        dtype = np.dtype(dtype)
        if dtype == self.dtype:
            return self
        if dtype.kind != "f":
            return Tensor._wrap(self.data.astype(dtype))
        return F.Cast.apply(self, dtype)

    def float(self) -> "Tensor":
        return self.to(np.float32)

    def double(self) -> "Tensor":
        return self.to(np.float64)

    def long(self) -> "Tensor":
        return self.to(np.int64)

    # ------------------------------------------------------------------ reductions

    def sum(self, dim: Any = None, keepdim: bool = False) -> "Tensor":
        return F.Sum.apply(self, _axes(_all_if_empty(dim), self.ndim, "sum"), keepdim)

    def mean(self, dim: Any = None, keepdim: bool = False) -> "Tensor":
        if self.data.dtype.kind != "f":
            raise TypeError(f"mean: needs a floating-point tensor, got dtype {self.dtype}")
        return F.Mean.apply(self, _axes(_all_if_empty(dim), self.ndim, "mean"), keepdim)

    def max(self, dim: int | None = None, keepdim: bool = False) -> Any:
        """The largest element, or with ``dim`` a ``(values, indices)`` pair, as torch."""
        return self._extreme(F.Max, F.MaxDim, dim, keepdim)

    def min(self, dim: int | None = None, keepdim: bool = False) -> Any:
        return self._extreme(F.Min, F.MinDim, dim, keepdim)

    def _extreme(self, whole: type, along: type, dim: int | None, keepdim: bool) -> Any:
        if dim is None:
            return whole.apply(self)
        if self.ndim == 0:  # as torch: dim 0 (or -1) of a 0-d tensor is the tensor itself
            _axis(dim, 0, along.op_name)
            return ValuesIndices(*along.apply(self.reshape(1), 0, False))
        return ValuesIndices(*along.apply(self, _axis(dim, self.ndim, along.op_name), keepdim))

    def argmax(self, dim: int | None = None, keepdim: bool = False) -> "Tensor":
        return self._arg(np.argmax, dim, keepdim)

    def argmin(self, dim: int | None = None, keepdim: bool = False) -> "Tensor":
        return self._arg(np.argmin, dim, keepdim)

    def _arg(self, find: Callable, dim: int | None, keepdim: bool) -> "Tensor":
        if dim is None:
            return Tensor._wrap(np.asarray(find(self.data)))
        axis = _axis(dim, self.ndim, find.__name__)
        return Tensor._wrap(np.asarray(find(self.data, axis=axis, keepdims=keepdim)))

    def logsumexp(self, dim: Any, keepdim: bool = False) -> "Tensor":
        x = self._floating()
        return F.LogSumExp.apply(x, _axes(dim, self.ndim, "logsumexp"), keepdim)

    def _floating(self) -> "Tensor":
        """Self, or for an integer or bool tensor a float32 copy: the dtype in which PyTorch
        computes exp, log and their kin (NumPy would give float64, or float16 for bool)."""
        return self if self.data.dtype.kind == "f" else self.to(np.float32)

    def softmax(self, dim: int) -> "Tensor":
        return F.Softmax.apply(self, _axes(dim, self.ndim, "softmax"))

    def log_softmax(self, dim: int) -> "Tensor":
        return F.LogSoftmax.apply(self, _axes(dim, self.ndim, "log_softmax"))

    # ------------------------------------------------------------------ shapes

    def reshape(self, *shape: Any) -> "Tensor":
        """Same data in a new shape (one dimension may be -1); shape as ints or a tuple."""
        shape = _shape_arg(shape)
        if shape == self.shape:
            return self if self.grad_fn is None and not self._requires_grad else _view(self)
        return F.Reshape.apply(self, shape)

    view = reshape

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> "Tensor":
        if self.ndim == 0:
            return self.reshape(1)
        start = _axis(start_dim, self.ndim, "flatten")
        end = _axis(end_dim, self.ndim, "flatten")
        return self.reshape(*self.shape[:start], -1, *self.shape[end + 1 :])

    def permute(self, *dims: Any) -> "Tensor":
        dims = _shape_arg(dims)
        axes = _axes(dims, self.ndim, "permute")
        if len(axes) != self.ndim:
            raise ShapeError(
                f"permute: needs one entry per dimension ({self.ndim}), got {tuple(dims)}"
            )
        return F.Permute.apply(self, axes)

    def transpose(self, dim0: int, dim1: int) -> "Tensor":
        dims = list(range(self.ndim))
        a, b = _axis(dim0, self.ndim, "transpose"), _axis(dim1, self.ndim, "transpose")
        if dims:  # a 0-d tensor accepts dims 0 and -1 and stays as it is, as in torch
            dims[a], dims[b] = dims[b], dims[a]
        return F.Permute.apply(self, tuple(dims))

    @property
    def T(self) -> "Tensor":
        """All dimensions reversed (the matrix transpose for 2-D tensors)."""
        return F.Permute.apply(self, tuple(range(self.ndim - 1, -1, -1)))

    def unsqueeze(self, dim: int) -> "Tensor":
        axis = _axis(dim, self.ndim + 1, "unsqueeze")
        return F.Reshape.apply(self, (*self.shape[:axis], 1, *self.shape[axis:]))

    def squeeze(self, dim: Any = None) -> "Tensor":
        """Drop dimensions of size 1 (all of them, or those in ``dim`` that have size 1)."""
        axes = range(self.ndim) if dim is None else _axes(dim, self.ndim, "squeeze")
        drop = {a for a in axes if self.shape[a] == 1}
        return F.Reshape.apply(self, tuple(n for i, n in enumerate(self.shape) if i not in drop))

    def expand(self, *sizes: Any) -> "Tensor":
        """Broadcast to ``sizes`` without copying; -1 keeps a dimension's size."""
        sizes = _shape_arg(sizes)
        lead = len(sizes) - self.ndim
        if lead < 0:
            raise ShapeError(
                f"expand: cannot expand shape {self.shape} to fewer dimensions {sizes}"
            )
        shape = tuple(
            self.shape[i - lead] if n == -1 and i >= lead else n for i, n in enumerate(sizes)
        )
        return self.broadcast_to(shape)

    def broadcast_to(self, shape: Sequence[int]) -> "Tensor":
        shape = tuple(shape)
        if shape == self.shape:
            return self
        return F.Expand.apply(self, shape)

    def __getitem__(self, index: Any) -> "Tensor":
        return F.GetItem.apply(self, _index(index))

    # ------------------------------------------------------------------ in place

    def __setitem__(self, index: Any, value: Any) -> None:
        index = _index(index)
        if self._tracks_inplace(value, "setitem"):
            self._rebase(F.IndexPut.apply(self._before(), value, index), "setitem")
            return
        try:
            self.data[index] = _data(value)
        except (ValueError, IndexError, TypeError) as err:
            raise type(err)(f"setitem: {err} (tensor shape {self.shape})") from None
        self._bump_version()

    def __iadd__(self, other: Any) -> "Tensor":
        return self._inplace(other, np.add, F.Add, "add_")

    def __isub__(self, other: Any) -> "Tensor":
        return self._inplace(other, np.subtract, F.Sub, "sub_")

    def __imul__(self, other: Any) -> "Tensor":
        return self._inplace(other, np.multiply, F.Mul, "mul_")

    def __itruediv__(self, other: Any) -> "Tensor":
        return self._inplace(other, np.divide, F.Div, "div_")

    def add_(self, other: Any, alpha: Any = 1) -> "Tensor":
        return self._inplace(other if alpha == 1 else other * alpha, np.add, F.Add, "add_")

    def sub_(self, other: Any, alpha: Any = 1) -> "Tensor":
        return self._inplace(other if alpha == 1 else other * alpha, np.subtract, F.Sub, "sub_")

    def mul_(self, other: Any) -> "Tensor":
        return self._inplace(other, np.multiply, F.Mul, "mul_")

    def div_(self, other: Any) -> "Tensor":
        return self._inplace(other, np.divide, F.Div, "div_")

    def zero_(self) -> "Tensor":
        return self.fill_(0)

    def fill_(self, value: Any) -> "Tensor":
        self[...] = value
        return self

    def copy_(self, src: Any) -> "Tensor":
        self[...] = src
        return self

    def _tracks_inplace(self, other: Any, name: str) -> bool:
        """Whether an in-place change must enter the graph; refuses it on a leaf that
        requires grad (its .grad would no longer describe its value), as PyTorch does."""
        if not engine._enabled:
            return False
        if self._requires_grad and self.grad_fn is None:
            raise RuntimeError(
                f"{name}: a leaf Tensor that requires grad is being used in an in-place "
                "operation; update it inside `with no_grad():` or through .data"
            )
        tracked = self._requires_grad or (isinstance(other, Tensor) and other._requires_grad)
        if tracked and F.shares_memory_with_a_live_view(self):
            raise RuntimeError(
                f"{name}: this tensor shares its memory with a view (made by indexing, "
                "reshape, transpose or expand) that is still alive, as the view or as its "
                "base. An in-place "
                "operation that records a gradient would change both, but only this "
                "tensor's history; PyTorch rewrites the other's, this engine refuses. "
                "Compute out of place, or modify a .clone()"
            )
        return tracked

    def _inplace(self, other: Any, ufunc: np.ufunc, function: type, name: str) -> "Tensor":
        if self._tracks_inplace(other, name):
            self._rebase(function.apply(*_promote(self._before(), other)), name)
            return self
        try:
            ufunc(self.data, _data(other), out=self.data)
        except (ValueError, TypeError) as err:
            raise _inplace_error(name, self, other, err) from None
        self._bump_version()
        return self

    def _before(self) -> "Tensor":
        """This tensor's current value as a graph node of its own, before an in-place change."""
        before = Tensor._wrap(self.data.copy(), self.grad_fn)
        before._requires_grad = self._requires_grad
        return before

    def _rebase(self, result: "Tensor", name: str) -> None:
        """Write ``result`` into this tensor's data and make it its new history."""
        if result.shape != self.shape:
            raise ShapeError(
                f"{name}: the result has shape {result.shape}, which cannot be written into "
                f"a tensor of shape {self.shape}"
            )
        try:
            np.copyto(self.data, result.data, casting="same_kind")
        except (ValueError, TypeError) as err:
            raise _inplace_error(name, self, result, err) from None
        self._bump_version()
        self.grad_fn = result.grad_fn
        self._requires_grad = True


# ---------------------------------------------------------------------- module functions


def cat(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Join tensors along an existing dimension, as ``torch.cat``."""
    tensors = _tensor_list(tensors, "cat")
    return F.Cat.apply(_axis(dim, tensors[0].ndim, "cat"), *tensors)


def stack(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Join tensors along a new dimension, as ``torch.stack``."""
    tensors = _tensor_list(tensors, "stack")
    return F.Stack.apply(_axis(dim, tensors[0].ndim + 1, "stack"), *tensors)


def where(condition: Any, input: Any, other: Any) -> Tensor:
    """``input`` where ``condition`` holds, else ``other`` (broadcast), as ``torch.where``."""
    condition = np.asarray(_data(condition))
    if condition.dtype != np.bool_:
        raise TypeError(f"where: condition must be boolean, got dtype {condition.dtype}")
    return F.Where.apply(condition, *_promote(input, other))


def maximum(input: Any, other: Any) -> Tensor:
    """Elementwise maximum, as ``torch.maximum`` (ties split the gradient)."""
    return F.Maximum.apply(*_promote(input, other))


def minimum(input: Any, other: Any) -> Tensor:
    """Elementwise minimum, as ``torch.minimum`` (ties split the gradient)."""
    return F.Minimum.apply(*_promote(input, other))


# ---------------------------------------------------------------------- helpers


def _rebuild(cls: type, data: np.ndarray, requires_grad: bool) -> Tensor:
    """A leaf of class ``cls`` (Tensor or a subclass) around ``data``: copies and pickles."""
    t = object.__new__(cls)
    t.data = data
    t.grad_fn = t._grad = t._vc = t._hooks = t._acc = None
    t._requires_grad = requires_grad
    return t


def _as_array(data: Any, dtype: Any) -> np.ndarray:
    if isinstance(data, Tensor):
        data = data.data
    if dtype is not None:
        return np.array(data, dtype=dtype)
    array = np.array(data)
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"Tensor: data must be numbers (bool, int or float), got dtype {array.dtype}"
        )
    if array.dtype == np.float64 and not isinstance(data, np.ndarray | np.generic):
        array = array.astype(np.float32)  # Python floats make float32 tensors, as in torch
    return array


def _data(x: Any) -> Any:
    return x.data if isinstance(x, Tensor) else x


_KIND_RANK = {"b": 0, "u": 1, "i": 1, "f": 2}  # bool < integer < floating, as in torch


# NumPy's ufuncs for Python's operators: the Tensor method for each side of the operator.
_OPERATOR_METHODS = {
    np.add: ("__add__", "__radd__"),
    np.subtract: ("__sub__", "__rsub__"),
    np.multiply: ("__mul__", "__rmul__"),
    np.true_divide: ("__truediv__", "__rtruediv__"),
    np.power: ("__pow__", "__rpow__"),
    np.matmul: ("__matmul__", "__rmatmul__"),
    np.less: ("__lt__", "__gt__"),
    np.less_equal: ("__le__", "__ge__"),
    np.greater: ("__gt__", "__lt__"),
    np.greater_equal: ("__ge__", "__le__"),
    np.equal: ("__eq__", "__eq__"),
    np.not_equal: ("__ne__", "__ne__"),
}


def _promote(a: Any, b: Any, true_division: bool = False) -> tuple[Any, Any]:
    """The operands of an elementwise operation, converted where PyTorch's type promotion
    differs from NumPy's, so that results get PyTorch's dtype:

    - an integer or bool operand meets a floating one: the float's dtype (NumPy widens
      int64 with float32 to float64);
    - two dtypes of one kind, one operand 0-d and the other not: the dtype of the one with
      dimensions (a 0-d tensor weighs no more than a number);
    - a float number meets an integer or bool tensor, or two integers are divided:
      float32, the default dtype (NumPy gives float64).

    NumPy scalars count as numbers, as Python numbers do. Tensors are converted with
    ``Tensor.to``, a differentiable operation, so gradients come back in their own dtype.
    """
    da, db = _array_dtype(a), _array_dtype(b)
    if da is db and (da is None or not true_division or da.kind == "f"):
        return a, b  # the common case: one dtype, nothing to convert
    if da is None or db is None:  # a number on one side
        a, b = _number(a), _number(b)
        if (db if da is None else da).kind == "f":
            return a, b  # a number never changes a float tensor's dtype, in both libraries
        number = b if da is not None else a
        floats = isinstance(number, float) or true_division
        if floats and da is not None and da.kind in "biu":
            a = _to(a, np.float32)
        if floats and db is not None and db.kind in "biu":
            b = _to(b, np.float32)
        return a, b
    ra, rb = _KIND_RANK.get(da.kind), _KIND_RANK.get(db.kind)
    if ra is None or rb is None:
        return a, b  # complex or other kinds: NumPy's rules, and its errors
    if da != db:
        if ra != rb:
            a, b = (_to(a, db), b) if ra < rb else (a, _to(b, da))
        elif np.ndim(a) == 0 and np.ndim(b) != 0:
            a = _to(a, db)
        elif np.ndim(b) == 0 and np.ndim(a) != 0:
            b = _to(b, da)
    if true_division and _array_dtype(a).kind in "biu" and _array_dtype(b).kind in "biu":
        a, b = _to(a, np.float32), _to(b, np.float32)
    return a, b


def _array_dtype(x: Any) -> np.dtype | None:
    """The dtype of a Tensor or array operand; None for a number."""
    return x.data.dtype if isinstance(x, Tensor) else x.dtype if type(x) is np.ndarray else None


def _number(x: Any) -> Any:
    """A NumPy scalar as the Python number it holds (anything else as it is)."""
    return x.item() if isinstance(x, np.generic) else x


def _to(x: Any, dtype: Any) -> Any:
    return x.to(dtype) if isinstance(x, Tensor) else x.astype(dtype)


def _index(index: Any) -> Any:
    if isinstance(index, Tensor):
        return index.data
    if type(index) is tuple:
        return tuple(i.data if isinstance(i, Tensor) else i for i in index)
    return index


def _view(t: Tensor) -> Tensor:
    return F.Reshape.apply(t, t.shape)


def _axis(dim: Any, ndim: int, op: str) -> int:
    """One dimension index, negative allowed, checked against ``ndim``."""
    if isinstance(dim, bool) or not isinstance(dim, int | np.integer):
        raise TypeError(f"{op}: dim must be an integer, got {dim!r}")
    if not -max(ndim, 1) <= dim < max(ndim, 1):
        raise IndexError(
            f"{op}: dimension {dim} is out of range for a tensor with {ndim} dimensions "
            f"(expected {-max(ndim, 1)} to {max(ndim, 1) - 1})"
        )
    return int(dim) % max(ndim, 1)


def _all_if_empty(dim: Any) -> Any:
    """``dim=()`` (or ``[]``) asks sum and mean for every dimension, as in torch 2."""
    return None if isinstance(dim, tuple | list) and not dim else dim


def _axes(dim: Any, ndim: int, op: str) -> tuple[int, ...] | None:
    """Dimensions to reduce as a tuple of non-negative ints, or None for all of them. A 0-d
    tensor accepts dim 0 or -1 (as in torch) and then nothing is reduced."""
    if dim is None:
        return None
    dims = (dim,) if isinstance(dim, int | np.integer) else tuple(dim)
    axes = tuple(_axis(d, ndim, op) for d in dims)
    if len(set(axes)) != len(axes):
        raise ShapeError(f"{op}: dimension repeated in {tuple(dims)}")
    return () if ndim == 0 else axes


def _shape_arg(shape: tuple) -> tuple:
    """Accept ``f(2, 3)`` and ``f((2, 3))`` alike, as torch does."""
    if len(shape) == 1 and isinstance(shape[0], Sequence | np.ndarray):
        shape = tuple(shape[0])
    for n in shape:
        if isinstance(n, bool) or not isinstance(n, int | np.integer):
            raise TypeError(f"shape entries must be integers, got {shape!r}")
    return tuple(int(n) for n in shape)


def _tensor_list(tensors: Sequence[Any], op: str) -> list[Tensor]:
    tensors = list(tensors)
    if not tensors:
        raise ValueError(f"{op}: expected a non-empty sequence of tensors")
    return [t if isinstance(t, Tensor) else Tensor(t) for t in tensors]


def _inplace_error(name: str, target: Tensor, other: Any, err: Exception) -> Exception:
    other_shape, other_dtype = np.shape(_data(other)), np.result_type(_data(other))
    if isinstance(err, TypeError):
        return TypeError(
            f"{name}: the result would have dtype {np.result_type(target.data, other_dtype)}, "
            f"which cannot be stored in place in a {target.dtype} tensor"
        )
    return ShapeError(
        f"{name}: cannot write the result of shapes {target.shape} and {other_shape} in place "
        f"into a tensor of shape {target.shape} ({err})"
    )


# The operations and the backward pass need Tensor, and Tensor's methods need them: they are
# imported last, once Tensor exists.
from autograd_lib.tensor import autograd as engine
from autograd_lib.tensor import functions as F
from autograd_lib.tensor.autograd import enable_grad, grad, is_grad_enabled, no_grad

__all__ = [
    "ShapeError",
    "Tensor",
    "cat",
    "enable_grad",
    "grad",
    "is_grad_enabled",
    "maximum",
    "minimum",
    "no_grad",
    "stack",
    "where",
]
