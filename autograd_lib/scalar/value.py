"""`Value`: a scalar that remembers how it was computed, and backpropagates through it.

Each operation makes a new `Value` holding its result, its inputs (``children``, one or two)
and the local derivative of the result with respect to each input (``local_grads``),
computed right away in the forward pass while the numbers are at hand. ``backward()`` then
needs no per-operation code at all: one loop visits the nodes in reverse topological order and
applies the chain rule, ``child.grad += local * node.grad``.

Three design choices make it fast and lean. Nodes hold no closures and point only to their
inputs, never back to their consumers, so a graph has no reference cycles: it is freed by
reference counting the moment the last name for its output goes away, and Python's cyclic
garbage collector has nothing to chase. Each node is a single object (``__slots__``, inputs and
derivatives in slots rather than tuples), which keeps both memory and the collector's
bookkeeping small. And the topological sort is iterative, so depth is limited by memory only.

Gradients accumulate, as in PyTorch: a second ``backward()`` adds to the gradients of the
leaves (the values made directly, with no inputs). To start afresh, zero them: ``v.grad = 0.0``
for each leaf, or ``model.zero_grad()`` for the modules of `autograd_lib.scalar.mlp`. Inner
nodes keep the gradient of the latest ``backward()``, for inspection and drawing.
"""

import math
from numbers import Real

from autograd_lib.graph import topological_sort

Number = int | float


class Value:
    """A scalar node of a computation graph: ``data``, ``grad``, and where it came from."""

    # Inputs in _a and _b (None when absent), their local derivatives in _da and _db.
    __slots__ = ("__weakref__", "_a", "_b", "_da", "_db", "_grad", "_label", "data", "op")
    __array_ufunc__ = None  # NumPy numbers defer to Value's reflected operators

    def __init__(self, data: Number, label: str = ""):
        """A leaf, ``Value(2.0, label="x")``; operations make the other nodes."""
        if not isinstance(data, Real):
            raise TypeError(f"Value: data must be a real number, got {type(data).__name__}")
        self.data = float(data)
        self._grad = 0.0
        self._a = self._b = None
        self._da = self._db = 0.0
        self.op = ""
        self._label = label

    @property
    def grad(self) -> float:
        """d(output)/d(self) from the latest ``backward()`` (accumulated, for a leaf).

        Stored in ``_grad``, which nodes made by operations leave empty until a backward
        pass reaches them (one store fewer per operation); until then it reads 0.0.
        """
        return getattr(self, "_grad", 0.0)

    @grad.setter
    def grad(self, value: float) -> None:
        self._grad = value

    @property
    def label(self) -> str:
        """A name for drawings and repr, ``""`` if none. Nodes made by operations start
        without one: leaving the slot empty saves a store per node and a field for the
        garbage collector to visit."""
        return getattr(self, "_label", "")

    @label.setter
    def label(self, name: str) -> None:
        self._label = name

    @property
    def children(self) -> tuple["Value", ...]:
        """The inputs this value was computed from: none for a leaf, else one or two."""
        return _inputs(self)

    @property
    def local_grads(self) -> tuple[float, ...]:
        """The derivative of this value with respect to each of ``children``."""
        return (self._da, self._db)[: len(_inputs(self))]

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label})"

    # Binary operations. A number on either side becomes a constant leaf of the graph.

    def __add__(self, other: "Value | Number") -> "Value":
        if not isinstance(other, Value):
            other = _constant(other)
            if other is NotImplemented:
                return other
        out = _new(Value)  # _node, written out: + and * are most of a network's nodes
        out.data = self.data + other.data
        out._a = self
        out._da = 1.0
        out._b = other
        out._db = 1.0
        out.op = "+"
        return out

    def __sub__(self, other: "Value | Number") -> "Value":
        if not isinstance(other, Value):
            other = _constant(other)
            if other is NotImplemented:
                return other
        return _node(self.data - other.data, self, 1.0, other, -1.0, "-")

    def __mul__(self, other: "Value | Number") -> "Value":
        if not isinstance(other, Value):
            other = _constant(other)
            if other is NotImplemented:
                return other
        out = _new(Value)  # _node, written out, as in __add__
        out.data = self.data * other.data
        out._a = self
        out._da = other.data
        out._b = other
        out._db = self.data
        out.op = "*"
        return out

    def __truediv__(self, other: "Value | Number") -> "Value":
        if not isinstance(other, Value):
            other = _constant(other)
            if other is NotImplemented:
                return other
        if other.data == 0.0:
            raise ZeroDivisionError(f"division by zero: {self!r} / {other!r}")
        out = self.data / other.data
        return _node(out, self, 1.0 / other.data, other, -out / other.data, "/")

    def __pow__(self, exponent: "Value | Number") -> "Value":
        """``x ** n``: a number exponent is part of the operation; a Value one is an input."""
        if isinstance(exponent, Value):
            return _power_of_values(self, exponent)
        if not isinstance(exponent, Real):
            return NotImplemented
        n = float(exponent)
        out = _power(self, n)
        slope = 0.0 if n == 0.0 else n * _slope_power(self.data, n - 1.0)
        return _node(out, self, slope, None, 0.0, f"**{n:g}")

    def __radd__(self, other: Number) -> "Value":
        return _constant(other) + self if isinstance(other, Real) else NotImplemented

    def __rsub__(self, other: Number) -> "Value":
        return _constant(other) - self if isinstance(other, Real) else NotImplemented

    def __rmul__(self, other: Number) -> "Value":
        return _constant(other) * self if isinstance(other, Real) else NotImplemented

    def __rtruediv__(self, other: Number) -> "Value":
        return _constant(other) / self if isinstance(other, Real) else NotImplemented

    def __rpow__(self, other: Number) -> "Value":
        if not isinstance(other, Real):
            return NotImplemented
        return _power_of_values(_constant(other), self)

    # Unary operations.

    def __neg__(self) -> "Value":
        return _node(-self.data, self, -1.0, None, 0.0, "neg")

    def exp(self) -> "Value":
        """$e^x$; overflows to ``inf`` quietly, as in PyTorch."""
        try:
            out = math.exp(self.data)
        except OverflowError:
            out = math.inf
        return _node(out, self, out, None, 0.0, "exp")

    def log(self) -> "Value":
        """Natural logarithm; a non-positive input raises ValueError naming the value."""
        if not self.data > 0.0:
            raise ValueError(f"log of a non-positive value: {self!r}")
        return _node(math.log(self.data), self, 1.0 / self.data, None, 0.0, "log")

    def tanh(self) -> "Value":
        out = math.tanh(self.data)  # exact limits: tanh(±1000) is ±1.0, with no overflow
        return _node(out, self, 1.0 - out * out, None, 0.0, "tanh")

    def sigmoid(self) -> "Value":
        """$1 / (1 + e^{-x})$, computed so that no exponential can overflow."""
        x = self.data
        if x >= 0.0:
            out = 1.0 / (1.0 + math.exp(-x))
        else:
            e = math.exp(x)
            out = e / (1.0 + e)
        return _node(out, self, out * (1.0 - out), None, 0.0, "sigmoid")

    def relu(self) -> "Value":
        """$\\max(0, x)$, with derivative 0 at 0 (PyTorch's choice)."""
        if self.data > 0.0:
            return _node(self.data, self, 1.0, None, 0.0, "relu")
        return _node(0.0, self, 0.0, None, 0.0, "relu")

    # Backpropagation.

    def backward(self) -> None:
        """Add d(self)/d(leaf) to every leaf's ``grad``, by the chain rule.

        Walks the graph in reverse topological order, so each node's gradient is complete
        (every consumer has contributed) before it is passed on to the node's inputs. No
        recursion anywhere: a chain of a million nodes works at the default recursion limit.
        """
        order = topological_sort((self,), _inputs, key=None)
        for node in order:
            if node._a is not None:
                node._grad = 0.0  # inner nodes hold this pass's gradient; leaves accumulate
        self._grad += 1.0
        for node in reversed(order):
            a = node._a
            if a is not None:
                grad = node._grad
                a._grad += node._da * grad
                b = node._b
                if b is not None:
                    b._grad += node._db * grad


_new = object.__new__


def _node(data: float, a: Value, da: float, b: Value | None, db: float, op: str) -> Value:
    """A node made by an operation: its result, inputs and their local derivatives.

    Builds the object directly (no ``__init__``): this runs once per operation, so it is the
    engine's hottest line.
    """
    out = _new(Value)
    out.data = data
    out._a = a
    out._da = da
    out._b = b
    out._db = db
    out.op = op
    return out


def _inputs(v: Value) -> tuple[Value, ...]:
    """A node's inputs as a tuple: the "children of" function for the graph algorithms."""
    a = v._a
    if a is None:
        return ()
    b = v._b
    return (a,) if b is None else (a, b)


def _constant(x: Number) -> Value:
    """A number met in an operation, as a leaf; anything else is not ours to combine."""
    return Value(x) if isinstance(x, Real) else NotImplemented


def _power(base: Value, n: float) -> float:
    """``base.data ** n``, rejecting powers with no real value; overflow gives ±inf."""
    x = base.data
    if x == 0.0 and n < 0.0:
        raise ValueError(f"0 ** negative is undefined: {base!r} raised to the power {n:g}")
    if x < 0.0 and not n.is_integer():
        raise ValueError(f"negative base to a non-integer power is not real: {base!r} ** {n:g}")
    try:
        return x**n
    except OverflowError:
        return -math.inf if x < 0.0 and n % 2.0 == 1.0 else math.inf


def _slope_power(x: float, m: float) -> float:
    """``x ** m`` inside a derivative, where ``0 ** negative`` means an infinite slope."""
    try:
        return x**m
    except ZeroDivisionError:
        return math.inf
    except OverflowError:
        return -math.inf if x < 0.0 and m % 2.0 == 1.0 else math.inf


def _power_of_values(base: Value, exponent: Value) -> Value:
    """``a ** b`` with both in the graph; d/db is a^b ln a, with PyTorch's conventions."""
    n = exponent.data
    out = _power(base, n)
    slope_base = 0.0 if n == 0.0 else n * _slope_power(base.data, n - 1.0)
    if base.data > 0.0:
        slope_exponent = out * math.log(base.data)
    elif base.data == 0.0:
        slope_exponent = 0.0  # the limit as a -> 0+ for b > 0; PyTorch uses 0 for all b >= 0
    else:
        slope_exponent = math.nan  # ln of a negative base is undefined; PyTorch gives nan too
    return _node(out, base, slope_base, exponent, slope_exponent, "**")
