"""Version counters: how the engine notices that a tensor saved for backward changed in place.

A version counter is ``[version, clock of the last in-place change, sharers]``, held by a
tensor in ``_vc`` (None until needed). Every in-place change advances the engine's clock
(`autograd_lib.tensor.mode.clock`) and stamps the counter with it; a node notes the clock when
it saves its inputs, so at backward time a stamp newer than the node's means a stale copy.

Tensors that show the same memory (a base and its views, a tensor and its ``detach()``)
share one counter, as in PyTorch, so a change through either is seen by graphs that saved
the other. These functions work on anything with ``data`` and ``_vc`` attributes; they do
not need the Tensor class.
"""

import functools
import weakref
from typing import Any

from autograd_lib.tensor import mode


def counter(tensor: Any) -> list:
    """The tensor's version counter, created at version 0 on first use."""
    if tensor._vc is None:
        tensor._vc = [0, 0, None]
    return tensor._vc


def bump_version(tensor: Any) -> None:
    """Count an in-place change and stamp it with the engine's clock: a node that saved
    this tensor before the stamp knows at backward time that its copy is stale."""
    mode.clock += 1
    if tensor._vc is None:
        tensor._vc = [1, mode.clock, None]
    else:
        tensor._vc[0] += 1
        tensor._vc[1] = mode.clock


def share_version(view: Any, source: Any) -> None:
    """Give a view (a Tensor) the version counter of the Tensor ``source`` whose memory it
    shows, as PyTorch does.

    ``sharers`` holds weak references to the live tensors that show the memory (base and
    views); each leaves the record when it dies. While another one lives, an in-place change
    that records a gradient is refused (`ops.inplace.tracks_inplace`), since only PyTorch
    rewrites the other's history.
    """
    array, out = source.data, view.data
    if (out if out.base is None else out.base) is not (array if array.base is None else array.base):
        return  # a copy after all: integer-array indexing, or a reshape that had to copy
    shared = counter(source)
    if shared[2] is None:
        shared[2] = {}
    sharers = shared[2]  # id -> weak reference, which removes its entry when the tensor dies
    for tensor in (source, view):
        if id(tensor) not in sharers:
            sharers[id(tensor)] = weakref.ref(tensor, functools.partial(sharers.pop, id(tensor)))
    view._vc = shared


def shares_memory_with_a_live_view(tensor: Any) -> bool:
    """Whether another live tensor shows ``tensor``'s memory through a view (or is its base)."""
    sharers = None if tensor._vc is None else tensor._vc[2]
    if not sharers:
        return False
    for ref in tuple(sharers.values()):
        other = ref()
        if other is not None and other is not tensor:
            return True
    return False
