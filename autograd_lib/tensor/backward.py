"""The backward pass of the tensor engine: `backward` and `grad`.

Both walk the graph that `Function.apply` recorded, in reverse topological order
(`autograd_lib.graph.topological_sort`, so a chain of a million operations is as safe as a
chain of ten), summing the gradients that meet at each node before passing them on.

Two modes share one walk. Normally gradients are plain NumPy arrays and the backward
formulas run on them with no bookkeeping at all. With ``create_graph=True`` gradients are
Tensors and the same formulas record a graph of their own, which can be differentiated
again (second derivatives, Hessian-vector products).

The walk works on nodes (`Context`) and leaves; it needs the Tensor class only to wrap the
gradients it hands out. ``tensor.py`` imports this module (``Tensor.backward`` calls it), so
Tensor is found by one late lookup, `_lookup_tensor`, when a backward pass starts.
"""

from collections.abc import Sequence
from operator import attrgetter
from typing import Any

import numpy as np

from autograd_lib.graph import topological_sort
from autograd_lib.tensor import mode

Tensor: Any = None  # the Tensor class, set by _lookup_tensor


def _lookup_tensor() -> None:
    """Bind the Tensor class here: the package's one late import (tests/test_layout.py)."""
    global Tensor
    from autograd_lib.tensor.tensor import Tensor


def backward(
    tensors: Any,
    grad_tensors: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
) -> None:
    """Accumulate into each leaf's ``.grad`` the gradient of ``tensors`` (like
    ``torch.autograd.backward``). ``grad_tensors`` weights each output; it may be omitted
    only for outputs with a single element."""
    _lookup_tensor()
    if isinstance(tensors, Tensor) and grad_tensors is None and not create_graph:
        # The common case, loss.backward(): one scalar output, seeded with 1.
        if not tensors._requires_grad or tensors.data.size != 1:
            _roots_and_seeds(tensors, None, False, "backward")  # raises the right error
        roots, seeds = (tensors,), [np.ones(tensors.data.shape, tensors.data.dtype)]
    else:
        roots, seeds = _roots_and_seeds(tensors, grad_tensors, create_graph, "backward")
    _run(roots, seeds, _retain(retain_graph, create_graph), create_graph, inputs=None)


def grad(
    outputs: Any,
    inputs: Any,
    grad_outputs: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    allow_unused: bool = False,
) -> tuple:
    """Gradients of ``outputs`` with respect to ``inputs``, returned rather than accumulated
    (like ``torch.autograd.grad``); no ``.grad`` attribute is touched.

    With ``create_graph=True`` the returned gradients carry a graph, so they can be
    differentiated again. An input the outputs do not depend on raises, unless
    ``allow_unused=True``, in which case its gradient is None.
    """
    _lookup_tensor()
    single = isinstance(inputs, Tensor)
    inputs = (inputs,) if single else tuple(inputs)
    for i, t in enumerate(inputs):
        if not isinstance(t, Tensor):
            raise TypeError(f"grad: inputs[{i}] must be a Tensor, got {type(t).__name__}")
        if not t.requires_grad:
            raise RuntimeError(f"grad: inputs[{i}] does not require grad")
    roots, seeds = _roots_and_seeds(outputs, grad_outputs, create_graph, "grad")
    found = _run(roots, seeds, _retain(retain_graph, create_graph), create_graph, inputs)
    results = []
    for i, (t, g) in enumerate(zip(inputs, found, strict=True)):
        if g is None:
            if not allow_unused:
                raise RuntimeError(
                    f"grad: inputs[{i}] was not used to compute the outputs; "
                    "pass allow_unused=True if that is intended"
                )
            results.append(None)
        else:
            results.append(g if create_graph else Tensor._wrap(np.array(g, dtype=t.dtype)))
    return tuple(results)


def _retain(retain_graph: bool | None, create_graph: bool) -> bool:
    return create_graph if retain_graph is None else bool(retain_graph)


def _roots_and_seeds(tensors: Any, grads: Any, create_graph: bool, caller: str):
    """The output tensors and the gradient each one starts with (ones for scalars)."""
    if isinstance(tensors, Tensor):
        tensors = (tensors,)
    if grads is None or isinstance(grads, Tensor | np.ndarray):
        grads = (grads,) * len(tensors) if grads is None else (grads,)
    tensors, grads = tuple(tensors), tuple(grads)
    if len(tensors) != len(grads):
        raise RuntimeError(f"{caller}: got {len(tensors)} outputs but {len(grads)} gradients")
    seeds = []
    for i, (t, g) in enumerate(zip(tensors, grads, strict=True)):
        if not t.requires_grad:
            raise RuntimeError(
                f"{caller}: element {i} of the outputs does not require grad and has no grad_fn"
            )
        if g is None:
            if t.data.size != 1:
                raise RuntimeError(
                    f"{caller}: grad can be implicitly created only for scalar outputs, but "
                    f"the output has shape {t.shape}; pass gradient= (a tensor of that shape)"
                )
            g = np.ones(t.shape, dtype=t.dtype)
        elif isinstance(g, Tensor):
            if create_graph:
                seeds.append(_check_seed(g, t, caller))
                continue
            g = g.data
        g = np.asarray(g, dtype=t.dtype)
        _check_seed(g, t, caller)
        seeds.append(Tensor._wrap(g) if create_graph else g)
    return tensors, seeds


def _check_seed(g: Any, t: Any, caller: str) -> Any:
    if tuple(g.shape) != t.shape:
        raise RuntimeError(
            f"{caller}: gradient has shape {tuple(g.shape)} but the output has shape {t.shape}"
        )
    return g


_inputs_of = attrgetter("_prev")  # the graph's "children of": the nodes a node was computed from


@mode.ieee  # IEEE results, no NumPy warnings (inf * 0 is NaN, quietly, as in PyTorch)
def _run(roots, seeds, retain_graph: bool, create_graph: bool, inputs):
    """The backward pass shared by `backward` (``inputs`` None: accumulate into leaves) and
    `grad` (return the gradients reaching ``inputs``)."""
    # Node or leaf -> the sum of the gradients that reached it so far. Nodes leave the dict
    # when they run, in reverse topological order; what remains at the end are the leaves.
    grads: dict[Any, Any] = {}
    user_arrays = set(map(id, seeds))  # arrays the caller owns: never adopt them as .grad
    nodes = []
    for root, seed in zip(roots, seeds, strict=True):
        key = root if root.grad_fn is None else root.grad_fn
        if key is not root:
            nodes.append(key)
        grads[key] = seed if key not in grads else grads[key] + seed
    order = topological_sort(nodes, _inputs_of, key=None)
    wanted = None if inputs is None else _wanted(order, inputs)
    captured: dict[int, Any] = {}
    modes = mode.enabled, mode.tensors_mode
    mode.enabled = mode.tensors_mode = create_graph
    pop, get = grads.pop, grads.get  # bound once: the loop runs once per node
    try:
        for node in reversed(order):
            g = pop(node, None)
            if g is None:
                continue
            if node._hooks is not None or node._retained is not None:
                g = _tensor_hooks(node._hooks, node._retained, g, create_graph, user_arrays)
            if wanted is not None:
                if id(node) in wanted.targets:
                    captured[id(node)] = g
                if id(node) not in wanted.run:
                    continue
            input_grads = node.fn.backward(node, g)
            if type(input_grads) is not tuple:
                input_grads = (input_grads,)
            edges = node._next
            if len(input_grads) != len(edges):
                raise RuntimeError(
                    f"{node.name()} returned {len(input_grads)} gradients, "
                    f"expected {len(edges)} (one per argument of forward)"
                )
            for target, gi in zip(edges, input_grads, strict=False):  # lengths checked above
                if target is None or gi is None:
                    continue
                if gi.shape != (target.data.shape if type(target) is Tensor else target._shape):
                    raise _shape_error(node, gi, target)
                old = get(target)
                grads[target] = gi if old is None else old + gi
            if not retain_graph and node._saved:
                node._saved = node._cache = node._where = None  # free what forward saved
        for leaf, g in grads.items():
            if leaf._hooks:
                g = _tensor_hooks(leaf._hooks, None, g, create_graph, user_arrays)
            if wanted is not None:
                if id(leaf) in wanted.targets:
                    captured[id(leaf)] = g
            else:
                _accumulate(leaf, g, create_graph, user_arrays)
    finally:
        mode.enabled, mode.tensors_mode = modes
    if inputs is None:
        return None
    return [captured.get(_key(t)) for t in inputs]


def _shape_error(node: Any, g: Any, target: Any) -> RuntimeError:
    return RuntimeError(
        f"{node.name()} returned a gradient of shape {tuple(g.shape)} for an input of "
        f"shape {target._shape}"
    )


def _key(t: Any) -> int:
    """Where the gradient of tensor ``t`` is found: at its node, or at itself for a leaf."""
    return id(t.grad_fn) if t.grad_fn is not None else id(t)


class _Wanted:
    """For `grad`: which nodes hold a requested gradient, and which must run to reach one."""

    def __init__(self, targets: set[int], run: set[int]) -> None:
        self.targets, self.run = targets, run


def _wanted(order: Sequence, inputs: Sequence) -> _Wanted:
    targets = {_key(t) for t in inputs}
    run: set[int] = set()
    for node in order:  # inputs first, so each node's inputs are decided before it
        for target in node._next:
            if target is None:
                continue
            reached = id(target) in targets
            if not isinstance(target, Tensor):
                reached = reached or id(target) in run
            if reached:
                run.add(id(node))
                break
    return _Wanted(targets, run)


def _tensor_hooks(hooks, retained, g, create_graph: bool, user_arrays: set[int]):
    """Run a tensor's hooks on its gradient (each may replace it), then fill retained
    ``.grad`` attributes, as PyTorch does: retain_grad always sees the final gradient."""
    for hook in list(hooks or ()):
        result = hook(g if create_graph else Tensor._wrap(np.asarray(g)))
        if result is not None:
            if not isinstance(result, Tensor):
                raise TypeError(f"a tensor hook must return a Tensor or None, got {result!r}")
            if result.shape != tuple(g.shape):
                raise RuntimeError(
                    f"a tensor hook returned a gradient of shape {result.shape}, "
                    f"expected {tuple(g.shape)}"
                )
            g = result if create_graph else result.data
            user_arrays.add(id(g))
    for ref in retained or ():
        tensor = ref()
        if tensor is not None:
            own = g if create_graph else np.array(g)
            _accumulate(tensor, own, create_graph, user_arrays)
    return g


def _accumulate(leaf, g, create_graph: bool, user_arrays: set[int]) -> None:
    """Add ``g`` to ``leaf.grad``. On the fast path an array nobody else holds becomes the
    ``.grad`` as it is (no copy); later gradients are added to it in place, like PyTorch."""
    if create_graph and not isinstance(g, Tensor):
        g = Tensor._wrap(np.asarray(g))
    old = leaf._grad
    if old is None:
        if not create_graph:
            if (
                type(g) is not np.ndarray
                or g.base is not None
                or id(g) in user_arrays
                or g.dtype != leaf.data.dtype
                or not g.flags.writeable
            ):
                g = np.array(g, dtype=leaf.data.dtype)
            user_arrays.add(id(g))  # the same array must not become two leaves' .grad
            g = Tensor._wrap(g)
        leaf._grad = g
    elif create_graph or old.requires_grad:
        leaf._grad = old + g
    else:
        old.data += g
        old._bump_version()


