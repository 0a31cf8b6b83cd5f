"""Graph algorithms on any directed graph given as a "children of" function.

The same code orders a `Value` graph, a `Tensor` graph and PyTorch's ``grad_fn`` graph:
callers say how to find a node's children (its inputs), and get every reachable node back
with each node after all of its children. Backward passes walk that list in reverse.

`topological_sort` is the one the library uses. `topological_sort_recursive` is the same
algorithm written the short way, kept to show why the library does not use it (deep graphs
exhaust Python's call stack), and `kahn_sort` is the other classic: peel off nodes that
nothing depends on any more.
"""

from collections import deque
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

Node = TypeVar("Node")

_ON_STACK, _DONE = 1, 2
_FINISH = object()  # stack marker: the node below it has all its children done


class CycleError(ValueError):
    """Raised when a graph that must be acyclic contains a cycle; ``node`` lies on it."""

    def __init__(self, node: object):
        super().__init__(f"graph has a cycle through node {node!r}")
        self.node = node


def topological_sort(
    roots: Iterable[Node],
    children: Callable[[Node], Iterable[Node]],
    key: Callable[[Node], Hashable] | None = id,
) -> list[Node]:
    """Depth-first post-order without recursion: children always come before their parents.

    An explicit stack replaces the call stack, so a chain of a million nodes is as safe as a
    chain of ten. Each node appears once, even where paths meet (diamonds, ``x * x``). A node
    reached again while it is still being explored closes a cycle, which raises `CycleError`.

    Nodes are told apart by ``key``: identity by default, the safe choice for nodes that
    compare by value or cannot be hashed (NumPy arrays). ``key=None`` uses the nodes
    themselves as keys: right for names and numbers, and fastest for nodes that hash by
    identity, like `Value` and the tensor engine's nodes (this sort is most of the cost of a
    scalar backward pass).
    """
    if key is None:
        return _post_order(roots, children)
    nodes: dict[Hashable, Node] = {}  # sort the keys, then map them back to their nodes

    def remember(node: Node) -> Hashable:
        node_key = key(node)
        nodes[node_key] = node
        return node_key

    try:
        order = _post_order(
            [remember(root) for root in roots],
            lambda node_key: [remember(child) for child in children(nodes[node_key])],
        )
    except CycleError as error:
        raise CycleError(nodes[error.node]) from None
    return [nodes[node_key] for node_key in order]


def _post_order(roots: Iterable[Node], children: Callable[[Node], Iterable[Node]]) -> list[Node]:
    """`topological_sort` of hashable nodes: the loop behind every backward pass."""
    order: list[Node] = []
    state: dict[Node, int] = {}  # absent: unseen; _ON_STACK: being explored; _DONE
    # A node being explored sits on the stack under a _FINISH marker, with its children above
    # it; popping the marker means every child is done, so the node can join the order.
    stack = list(roots)[::-1]
    while stack:
        node = stack.pop()
        if node is _FINISH:
            node = stack.pop()
            state[node] = _DONE
            order.append(node)
            continue
        seen = state.get(node)
        if seen is None:
            state[node] = _ON_STACK
            stack.append(node)
            stack.append(_FINISH)
            stack.extend(children(node))
        elif seen == _ON_STACK:  # only a descendant can push a node still being explored
            raise CycleError(node)
    return order


def topological_sort_recursive(
    roots: Iterable[Node],
    children: Callable[[Node], Iterable[Node]],
    key: Callable[[Node], Hashable] | None = id,
) -> list[Node]:
    """The same post-order as `topological_sort`, written with recursion (for teaching).

    Short and clear, but each level of the graph is a Python call, so a graph deeper than the
    recursion limit (about 1,000) raises RecursionError. The library never calls it.
    """
    key = _itself if key is None else key
    order: list[Node] = []
    state: dict[Hashable, int] = {}

    def visit(node: Node) -> None:
        node_key = key(node)
        if state.get(node_key) == _DONE:
            return
        if state.get(node_key) == _ON_STACK:
            raise CycleError(node)
        state[node_key] = _ON_STACK
        for child in children(node):
            visit(child)
        state[node_key] = _DONE
        order.append(node)

    for root in roots:
        visit(root)
    return order


def kahn_sort(
    roots: Iterable[Node],
    children: Callable[[Node], Iterable[Node]],
    key: Callable[[Node], Hashable] | None = id,
) -> list[Node]:
    """Kahn's algorithm: repeatedly take a node that no remaining node consumes.

    It first finds every reachable node and counts its consumers (one per edge). A node whose
    count falls to zero is taken, and its edges removed. The nodes come out outputs first,
    which is exactly the order backward visits them; the list is returned reversed, so that,
    like `topological_sort`, each node comes after its children. Nodes left over sit on or
    behind a cycle: `CycleError` names one on the cycle.
    """
    key = _itself if key is None else key
    nodes: dict[Hashable, Node] = {}
    inputs: dict[Hashable, list[Hashable]] = {}
    consumers: dict[Hashable, int] = {}
    pending = []
    for root in roots:
        root_key = key(root)
        if root_key not in nodes:
            nodes[root_key] = root
            pending.append(root)
    while pending:
        node = pending.pop()
        node_inputs = inputs[key(node)] = []
        for child in children(node):
            child_key = key(child)
            node_inputs.append(child_key)
            consumers[child_key] = consumers.get(child_key, 0) + 1
            if child_key not in nodes:
                nodes[child_key] = child
                pending.append(child)
    ready = deque(k for k in nodes if consumers.get(k, 0) == 0)
    taken: list[Node] = []
    while ready:
        node_key = ready.popleft()
        taken.append(nodes[node_key])
        for child_key in inputs[node_key]:
            consumers[child_key] -= 1
            if consumers[child_key] == 0:
                ready.append(child_key)
    if len(taken) < len(nodes):
        raise CycleError(nodes[_on_cycle(inputs, consumers)])
    taken.reverse()
    return taken


def _itself(node: Node) -> Node:
    return node


def _on_cycle(inputs: dict[Hashable, list[Hashable]], consumers: dict[Hashable, int]) -> Hashable:
    """A node on a cycle, among those Kahn's algorithm could not take.

    Every node left over still has a consumer that is left over too, so walking from consumer
    to consumer never stops, and in a finite graph it must come back to a node already seen.
    """
    consumer_of = {
        child: node for node, kids in inputs.items() if consumers.get(node, 0) for child in kids
    }
    node = next(k for k, count in consumers.items() if count > 0)
    seen = set()
    while node not in seen:
        seen.add(node)
        node = consumer_of[node]
    return node
