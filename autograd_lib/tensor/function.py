"""`Function` and `Context`: how an operation is defined, applied and recorded in the graph.

An operation is a `Function` subclass, as in PyTorch: ``forward(ctx, *args)`` computes the
result with NumPy on plain arrays and keeps on ``ctx`` what backward will need;
``backward(ctx, grad)`` returns one gradient per argument of forward (None where there is
none). `Function.apply` is the one door in: it unwraps Tensors, calls forward, wraps the
result and, when gradients are wanted, records ``ctx`` as the result's ``grad_fn``: the node
of the graph that the backward pass (`autograd_lib.tensor.backward`) walks.
"""

import weakref
from collections.abc import Callable
from typing import Any

import numpy as np

from autograd_lib.tensor import mode
from autograd_lib.tensor.errors import FREED_MESSAGE, ShapeError
from autograd_lib.tensor.tensor import Tensor
from autograd_lib.tensor.version import counter, share_version


class Context:
    """What one application of a Function keeps for backward; it is also the graph node
    (``tensor.grad_fn``), pointing at the nodes (or leaf tensors) its inputs came from.

    For the author of a Function: ``ctx.save_for_backward(*arrays)`` in forward and
    ``ctx.saved_tensors`` in backward; ``ctx.needs_input_grad`` (per forward argument: True,
    False, or None for a non-Tensor) to skip gradients nobody wants; any other attribute
    (``ctx.shape = x.shape``) for small non-array facts; `save_intermediate` and
    `intermediate` for a forward result worth reusing.
    For the reader of a graph: ``name()`` and ``next_functions``, as in PyTorch.
    """

    # Class-level defaults, overridden on a node only when used: creating a node stays cheap.
    _saved: tuple | None = ()
    _cache: dict | None = None
    _hooks: list | None = None
    _retained: list | None = None
    _out_vc: list | None = None
    _stamp = 0
    _where: list | None = None

    fn: type["Function"]  # the operation; set by Function.apply, like the attributes below
    needs_input_grad: tuple[bool | None, ...]  # per forward argument; None: not a Tensor

    def save_for_backward(self, *arrays: Any) -> None:
        """Keep arrays for backward. Save inputs and the output as they are, so the engine
        can check them for in-place changes and hand them back as Tensors under
        ``create_graph``; anything else saved is treated as a constant (masks, indices)."""
        self._saved = arrays

    @property
    def saved_tensors(self) -> tuple:
        """The saved values: arrays, or Tensors when backward builds a graph."""
        saved = self._saved
        if saved is None:
            raise RuntimeError(f"{self.name()}: {FREED_MESSAGE}")
        if mode.clock != self._stamp:  # something changed in place since forward: check
            self._check_versions()
        if not mode.tensors_mode:
            return saved
        return tuple(map(self._unpack, saved, self._where))

    def _check_versions(self) -> None:
        for array, where in zip(self._saved, self._where, strict=True):
            vc = self._out_vc if where is _OUTPUT else None if where is None else where[1]._vc
            if vc is not None and vc[1] > self._stamp:
                raise RuntimeError(
                    f"{self.name()}: a tensor of shape {array.shape} ({array.dtype}) that it "
                    f"saved for backward was modified by an in-place operation after it was "
                    f"saved (it is now at version {vc[0]}). Compute out of place, or "
                    "modify a .clone() instead."
                )

    def _unpack(self, array: Any, where: Any) -> Any:
        """A saved array for a backward that builds a graph: the output rebuilt as a Tensor
        of this node, an input rebuilt as a Tensor of the node (or leaf) it came from, or the
        array itself where no gradient can flow (a constant)."""
        if where is _OUTPUT:
            return Tensor._wrap(np.asarray(array), self)
        source = None if where is None else self._next[where[0]]
        if source is None:
            return array
        return source if isinstance(source, Tensor) else Tensor._wrap(array, source)

    def save_intermediate(self, **arrays: np.ndarray) -> None:
        """Keep a forward intermediate (neither input nor output) for the fast backward.
        Call it together with `save_for_backward`: both are freed after backward."""
        self._cache = arrays

    def intermediate(self, name: str, recompute: Callable[[], Any]) -> Any:
        """The intermediate saved under ``name`` on the fast path; under ``create_graph``
        ``recompute()`` instead, since a stored array is a constant to the new graph."""
        if mode.tensors_mode:
            return recompute()
        if self._cache is None:
            raise RuntimeError(f"{self.name()}: {FREED_MESSAGE}")
        return self._cache[name]

    def name(self) -> str:
        return f"{self.fn.__name__}Backward"

    @property
    def next_functions(self) -> tuple:
        """``(node, 0)`` per tensor input, as in PyTorch: its ``grad_fn``, an
        `AccumulateGrad` for a leaf that requires grad, or None. A number in a slot where
        PyTorch takes a tensor (``x * 2``: see `Function.tensor_slots`) gets ``(None, 0)``."""
        slots = self.fn.tensor_slots
        edges = []
        for i, (need, target) in enumerate(zip(self.needs_input_grad, self._next, strict=True)):
            if need is None and i not in slots:
                continue
            if isinstance(target, Tensor):
                target = AccumulateGrad.of(target)
            edges.append((target, 0))
        return tuple(edges)

    def __repr__(self) -> str:
        return f"<{self.name()}>"


class AccumulateGrad:
    """The node PyTorch shows for a leaf in ``next_functions``: gradients arriving here are
    added to ``variable.grad``. One per leaf while the graph lives (kept weakly on the leaf)."""

    next_functions = ()

    def __init__(self, variable: Tensor) -> None:
        self.variable = variable

    @classmethod
    def of(cls, leaf: Tensor) -> "AccumulateGrad":
        node = leaf._acc() if leaf._acc is not None else None
        if node is None:
            node = cls(leaf)
            leaf._acc = weakref.ref(node)
        return node

    def name(self) -> str:
        return "AccumulateGrad"

    def __repr__(self) -> str:
        return "<AccumulateGrad>"


class Function:
    """Base class of operations, like ``torch.autograd.Function``: subclasses define static
    ``forward(ctx, *args)`` (on NumPy arrays; Tensors arrive unwrapped) and
    ``backward(ctx, grad)`` (one gradient per forward argument), and are called through
    ``apply``. Written with operators (and the helpers of `autograd_lib.tensor.ops.vocabulary`),
    the same backward also runs on Tensors, so that ``create_graph=True`` gives second
    derivatives (a doctest):

    >>> from autograd_lib import Tensor, grad
    >>> class Cube(Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         ctx.save_for_backward(x)
    ...         return x**3
    ...
    ...     @staticmethod
    ...     def backward(ctx, grad):
    ...         (x,) = ctx.saved_tensors
    ...         return grad * 3 * x * x
    >>> x = Tensor([1.0, 2.0], requires_grad=True)
    >>> (g,) = grad(Cube.apply(x).sum(), x, create_graph=True)  # 3x^2
    >>> g.tolist()
    [3.0, 12.0]
    >>> grad(g.sum(), x)[0].tolist()  # 6x, through backward's own operations
    [6.0, 12.0]
    """

    op_name = "function"  # how error messages name the operation
    returns_view = False  # may forward return a view of its first argument? (share_version)
    tensor_slots: tuple[int, ...] = ()  # arguments PyTorch takes as tensors even when numbers

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "op_name" not in cls.__dict__:
            cls.op_name = cls.__name__.lower()

    @staticmethod
    def forward(ctx: Context, *args: Any) -> Any:
        raise NotImplementedError

    @staticmethod
    def backward(ctx: Context, grad: Any) -> Any:
        raise NotImplementedError

    @classmethod
    def describe_error(cls, *args: Any) -> str | None:
        """A clear message for a forward that NumPy rejected, or None to keep NumPy's."""
        return None

    @classmethod
    def apply(cls, *args: Any) -> Any:
        """Run forward on the arrays inside ``args``; record the node when gradients are
        wanted. A forward returning a tuple has extra outputs without gradient (indices)."""
        # The hot path of every operation, so written for speed: one pass over the arguments.
        arrays = []
        needs = []  # per argument: requires grad (bool), or None for a non-Tensor
        edges = []  # per argument: the node (or leaf) its gradient goes to, or None
        inputs = []  # the nodes among the edges: this node's children in the graph
        tracked = False
        grad_mode = mode.enabled
        for a in args:
            if isinstance(a, Tensor):
                arrays.append(a.data)
                if a._requires_grad and grad_mode:
                    tracked = True
                    needs.append(True)
                    node = a.grad_fn
                    if node is None:
                        edges.append(a)  # a leaf: its gradient is accumulated into a.grad
                    else:
                        edges.append(node)
                        inputs.append(node)
                    continue
                needs.append(False)
            else:
                arrays.append(a)
                needs.append(None)
            edges.append(None)
        ctx = _new_node(Context)
        ctx.fn = cls
        ctx.needs_input_grad = tuple(needs)
        try:
            raw = cls.forward(ctx, *arrays)
        except (ValueError, IndexError, TypeError) as err:
            _raise_clearly(cls, err, arrays)
        first = raw[0] if type(raw) is tuple else raw
        out = first if type(first) is np.ndarray else np.asarray(first)
        result = Tensor._wrap(out, ctx if tracked else None)
        if cls.returns_view and isinstance(args[0], Tensor):
            share_version(result, args[0])
        if tracked:
            ctx._shape = out.shape
            ctx._next = edges
            ctx._prev = inputs
            if ctx._saved:
                _track_saved(ctx, arrays, args, first, result)
        if type(raw) is not tuple:
            return result
        return (result, *(Tensor._wrap(np.asarray(e)) for e in raw[1:]))


_new_node = object.__new__


def _track_saved(ctx: Context, arrays: list, args: tuple, out: Any, result: Tensor) -> None:
    """Note where each saved array came from, for the in-place checks at backward time and
    to rebuild saved Tensors under create_graph: the output (which then shares a version
    counter with the result), an input Tensor (kept: its array is saved anyway), or neither
    (a constant). Also stamp the engine's clock, which every in-place change advances.
    Nothing else that forward saw is kept: arrays it did not save are freed as usual."""
    ctx._stamp = mode.clock
    where = []
    for saved in ctx._saved:
        if saved is out:
            ctx._out_vc = counter(result)
            where.append(_OUTPUT)
            continue
        for i, array in enumerate(arrays):  # by identity: == on arrays compares elements
            if array is saved:
                where.append((i, args[i]) if isinstance(args[i], Tensor) else None)
                break
        else:
            where.append(None)
    ctx._where = where


_OUTPUT = object()  # in Context._where: "this saved array is the node's own output"

def _raise_clearly(fn: type[Function], err: Exception, arrays: list) -> None:
    """Raise again what NumPy raised in a forward, naming the operation: with the
    Function's own message where it recognises the problem (`describe_error`), else with
    NumPy's words. The class is a plain TypeError, IndexError or ValueError, or a ShapeError
    for a shape problem: NumPy's own classes cannot always be built from a message."""
    if isinstance(err, TypeError):  # dtypes: NumPy's words say which
        raise TypeError(f"{fn.op_name}: {err}") from None
    message = fn.describe_error(*arrays)
    if isinstance(err, IndexError):
        raise IndexError(message or f"{fn.op_name}: {err}") from None
    if message is None and not any(word in str(err) for word in ("shape", "broadcast", "dim")):
        raise ValueError(f"{fn.op_name}: {err}") from None
    raise ShapeError(message or f"{fn.op_name}: {err}") from None


