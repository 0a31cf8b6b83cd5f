"""Chapter 11's checker: a topological sort, on hidden graphs up to a 5,000-node chain."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograd_lib.book.exercises.cases import SEED, Case, describe, run_cases
from autograd_lib.graph import topological_sort

__all__ = ["check_topological_sort"]


class _Node:
    """A graph node that compares by identity and cannot be ordered (no ``<``)."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


@dataclass(frozen=True)
class _Dag:
    """A hidden graph: each node's children, and the roots to sort from."""

    edges: dict[_Node, tuple[_Node, ...]]
    roots: list[_Node]

    def children(self, node: _Node) -> list[_Node]:
        """the children (inputs) of a node"""
        return list(self.edges[node])


def check_topological_sort(your_sort: Callable) -> bool:
    """Check ``your_sort(roots, children)``, which returns the nodes reachable from ``roots``.

    ``children(node)`` lists a node's children (inputs). The answer must be a list holding
    every reachable node exactly once, each after all of its children. Nodes compare by
    identity and cannot be ordered with ``<``. One hidden graph is a chain of 5,000 nodes.
    """
    rng = np.random.default_rng(SEED)
    dags = [("a single node with no children", _dag([[]], [0], rng)),
            ("a diamond: d uses b and c, which both use a",
             _dag([[], [0], [0], [1, 2]], [3], rng, names="abcd")),
            ("x * x: a node whose two children are the same node", _dag([[], [0, 0]], [1], rng)),
            ("two roots, the second reachable from the first",
             _dag([[], [0], [1, 0]], [2, 1], rng)),
            ("a random DAG of 12 nodes, not all reachable from the roots", _random_dag(12, rng)),
            ("a random DAG of 300 nodes", _random_dag(300, rng)),
            ("a chain of 5,000 nodes, each using the one before",
             _dag([[]] + [[i] for i in range(4_999)], [4_999], rng))]
    cases = [Case(title, {"roots": list(dag.roots), "children": dag.children}, dag)
             for title, dag in dags]
    return run_cases("check_topological_sort", your_sort, cases, _judge_order)


def _dag(children: list[list[int]], roots: list[int], rng: np.random.Generator,
         names: Iterable[str] | None = None) -> _Dag:
    """Nodes 0..n-1 with the given children, named at random so names give no order away."""
    if names is None:
        names = [f"n{k}" for k in rng.permutation(len(children))]
    nodes = [_Node(name) for name in names]
    edges = {nodes[i]: tuple(nodes[c] for c in kids) for i, kids in enumerate(children)}
    return _Dag(edges, [nodes[r] for r in roots])


def _random_dag(n: int, rng: np.random.Generator) -> _Dag:
    """Node i uses 1 to 3 of the 8 nodes before it; the roots are node n - 2 and one from the
    middle, so most nodes are reachable, but not node n - 1 (nothing uses it)."""
    children = [[]] + [
        rng.choice(range(max(0, i - 8), i), size=min(i, int(rng.integers(1, 4))),
                   replace=False).tolist()
        for i in range(1, n)
    ]
    return _dag(children, [n - 2, int(rng.integers(n // 4, n // 2))], rng)


def _judge_order(dag: _Dag, got: Any) -> str | None:
    if got is None:
        return "got None: is a `return` statement missing?"
    if not isinstance(got, list | tuple):
        return f"expected a list of nodes, got {describe(got)}"
    expected = topological_sort(dag.roots, dag.children)
    small = len(dag.edges) <= 12
    context = ""
    if small:
        graph = "; ".join(f"{n} -> {', '.join(map(repr, kids)) or '(none)'}"
                          for n, kids in dag.edges.items())
        context = f"\nthe graph (node -> children): {graph}\none valid order: {expected}\n" \
                  f"got: {list(got)}"
    position: dict[_Node, int] = {}
    for i, node in enumerate(got):
        if not isinstance(node, _Node):
            return f"item {i} of the result is not a node of the graph: {describe(node)}"
        if node in position:
            return f"{node!r} appears twice (positions {position[node]} and {i}); " \
                   f"each node must appear once{context}"
        position[node] = i
    missing = [node for node in expected if node not in position]
    if missing:
        return f"{len(missing)} reachable node(s) missing, e.g. {missing[:3]}{context}"
    if len(got) > len(expected):
        reachable = set(expected)
        extra = [node for node in got if node not in reachable]
        return f"{len(extra)} node(s) not reachable from the roots, e.g. {extra[:3]}{context}"
    for node in got:
        for child in dag.edges[node]:
            if position[child] > position[node]:
                return (f"{node!r} (position {position[node]}) comes before its child {child!r} "
                        f"(position {position[child]}); children must come first{context}")
    return None
