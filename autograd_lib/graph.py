"""Graph algorithms on any directed graph given as a "children of" function.

The same code orders a `Value` graph, a `Tensor` graph and PyTorch's ``grad_fn`` graph:
callers say how to find a node's children (its inputs), and get every reachable node back
with each node after all of its children. Backward passes walk that list in reverse.
"""

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

Node = TypeVar("Node", bound=Hashable)


class CycleError(ValueError):
    """Raised when a graph that must be acyclic contains a cycle."""


def topological_sort(
    roots: Iterable[Node],
    children: Callable[[Node], Iterable[Node]],
    key: Callable[[Node], Hashable] = id,
) -> list[Node]:
    """Depth-first post-order without recursion: children always come before their parents.

    An explicit stack replaces the call stack, so a chain of a million nodes is as safe as a
    chain of ten. Each node appears once, even where paths meet (diamonds, ``x * x``). A node
    reached again while it is still on the stack closes a cycle, which raises `CycleError`.
    Nodes are told apart by ``key``: identity by default, because tensors compare elementwise
    and cannot be hashed; pass ``key=lambda node: node`` for graphs of names or numbers.
    """
    order: list[Node] = []
    done: set[Hashable] = set()
    on_stack: set[Hashable] = set()
    for root in roots:
        if key(root) in done:
            continue
        stack = [(root, iter(children(root)))]
        on_stack.add(key(root))
        while stack:
            node, pending = stack[-1]
            for child in pending:
                if key(child) in on_stack:
                    raise CycleError(f"graph has a cycle through node {child!r}")
                if key(child) not in done:
                    on_stack.add(key(child))
                    stack.append((child, iter(children(child))))
                    break
            else:
                stack.pop()
                on_stack.discard(key(node))
                done.add(key(node))
                order.append(node)
    return order
