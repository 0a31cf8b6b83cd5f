"""The Tensor: a NumPy array that remembers which operation made it, so gradients can flow back.

Its interface follows PyTorch, so code moves between the two by changing an import. This
module holds what a tensor is (data, dtype, ``requires_grad``, ``grad``, ``grad_fn``, hooks,
conversions and the in-place bookkeeping); the operations (`autograd_lib.tensor.ops`) add
their methods and operators to the class when they are imported, so this module needs
none of them. ``loss.backward()`` fills each leaf's ``.grad``. The data is always a NumPy
array, ``tensor.data``, which may be read and updated in place (``p.data -= lr * p.grad.data``).

dtypes follow PyTorch's rules: Python floats make float32 tensors (``Tensor([1.0])``),
NumPy arrays keep their dtype, float32 stays float32 through every operation (numbers
and 0-d tensors never upcast it), and only floating-point tensors can require gradients
(see `autograd_lib.tensor.promotion` for mixed dtypes).
"""

import weakref
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from autograd_lib.tensor import backward as engine
from autograd_lib.tensor import version
from autograd_lib.tensor.backward import grad
from autograd_lib.tensor.conversion import as_array
from autograd_lib.tensor.dims import axis as _axis
from autograd_lib.tensor.dims import flag as _flag
from autograd_lib.tensor.errors import DtypeError, ShapeError
from autograd_lib.tensor.mode import enable_grad, is_grad_enabled, no_grad


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
        self.data = as_array(data.data if isinstance(data, Tensor) else data, dtype)
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
        _flag(requires_grad, "requires_grad_", "requires_grad")
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
                raise DtypeError(
                    f"grad: assigned gradient has dtype {value.dtype}, tensor has {self.dtype}"
                )
        self._grad = value

    @property
    def _version(self) -> int:
        """How many in-place changes this tensor's data has had. Tensors that share memory
        share the count: views (indexing, reshape, transpose, expand) and detach()."""
        return 0 if self._vc is None else self._vc[0]

    def _bump_version(self) -> None:
        """Count an in-place change (see `autograd_lib.tensor.version`)."""
        version.bump_version(self)

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
            return ufunc(*(data_of(x) for x in inputs), **kwargs)
        names = UFUNC_METHODS.get(ufunc)
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
        t = Tensor._wrap(self.data)
        t._vc = version.counter(self)
        return t

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
        return RemovableHandle(owner._hooks, hook)

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
        if gradient is not None and not isinstance(gradient, Tensor | np.ndarray):
            raise TypeError(
                f"backward: gradient must be a Tensor (or None), got a "
                f"{type(gradient).__name__}; wrap it as Tensor(...)"
            )
        if retain_graph is not None or create_graph is not False:
            for name, value in (("retain_graph", retain_graph), ("create_graph", create_graph)):
                if value is not None:
                    _flag(value, "backward", name)
        engine.backward(self, gradient, retain_graph, create_graph)

    def __pos__(self) -> "Tensor":
        return self


    # Comparisons give boolean tensors and no gradient.
    def __lt__(self, other: Any) -> "Tensor":
        return Tensor._wrap(np.asarray(self.data < _comparable(other, "<")))

    def __le__(self, other: Any) -> "Tensor":
        return Tensor._wrap(np.asarray(self.data <= _comparable(other, "<=")))

    def __gt__(self, other: Any) -> "Tensor":
        return Tensor._wrap(np.asarray(self.data > _comparable(other, ">")))

    def __ge__(self, other: Any) -> "Tensor":
        return Tensor._wrap(np.asarray(self.data >= _comparable(other, ">=")))

    def __eq__(self, other: Any) -> "Tensor":  # type: ignore[override]
        return Tensor._wrap(np.asarray(self.data == data_of(other)))

    def __ne__(self, other: Any) -> "Tensor":  # type: ignore[override]
        return Tensor._wrap(np.asarray(self.data != data_of(other)))

    __hash__ = object.__hash__  # identity, as torch: tensors can key dicts and sets


def method(*names: str) -> Callable:
    """Decorator: make a function of the operations a Tensor method too, under its own name
    or ``names`` (``@method("abs", "__abs__")``). The operations live in
    `autograd_lib.tensor.ops` and add their methods when imported; this module needs none."""

    def install(function: Callable) -> Callable:
        for name in names or (function.__name__,):
            setattr(Tensor, name, function)
        return function

    return install


class RemovableHandle:
    """Returned by ``register_hook``; ``handle.remove()`` unregisters the hook."""

    def __init__(self, hooks: list, hook: Callable) -> None:
        self._hooks = hooks
        self._hook = hook

    def remove(self) -> None:
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)


def _rebuild(cls: type, data: np.ndarray, requires_grad: bool) -> Tensor:
    """A leaf of class ``cls`` (Tensor or a subclass) around ``data``: copies and pickles."""
    t = object.__new__(cls)
    t.data = data
    t.grad_fn = t._grad = t._vc = t._hooks = t._acc = None
    t._requires_grad = requires_grad
    return t


def _comparable(other: Any, op: str) -> Any:
    """The data to order a Tensor against: a Tensor's, an array or a number; anything else
    is refused in our words (NumPy's would name a ufunc loop)."""
    if isinstance(other, Tensor):
        return other.data
    if isinstance(other, np.ndarray | np.generic | int | float):
        return other
    what = "None" if other is None else f"a {type(other).__name__}"
    raise TypeError(f"{op}: cannot compare a Tensor with {what}")


def data_of(x: Any) -> Any:
    """The array inside a Tensor; anything else as it is."""
    return x.data if isinstance(x, Tensor) else x


# NumPy's ufuncs for Python's operators: the Tensor method for each side of the operator.
# The comparisons are here; the operator table (`autograd_lib.tensor.ops.operators`) adds
# one entry per arithmetic operator.
UFUNC_METHODS: dict[np.ufunc, tuple[str, str]] = {
    np.less: ("__lt__", "__gt__"),
    np.less_equal: ("__le__", "__ge__"),
    np.greater: ("__gt__", "__lt__"),
    np.greater_equal: ("__ge__", "__le__"),
    np.equal: ("__eq__", "__eq__"),
    np.not_equal: ("__ne__", "__ne__"),
}


__all__ = [
    "ShapeError",
    "Tensor",
    "enable_grad",
    "grad",
    "is_grad_enabled",
    "no_grad",
]
