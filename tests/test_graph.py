"""Topological sorts: every reachable node once, each after its children; cycles named."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd_lib.graph import CycleError, kahn_sort, topological_sort, topological_sort_recursive

SORTS = [topological_sort, topological_sort_recursive, kahn_sort]


@st.composite
def dags(draw) -> tuple[dict[int, list[int]], list[int]]:
    """A random DAG on nodes 0..n-1 (children have smaller numbers) and some roots."""
    n = draw(st.integers(1, 30))
    graph = {
        i: draw(st.lists(st.integers(0, i - 1), max_size=4)) if i else [] for i in range(n)
    }
    roots = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=4))
    return graph, roots


@st.composite
def cyclic_graphs(draw) -> tuple[dict[int, list[int]], list[int]]:
    """A random DAG plus a cycle high -> ... -> low -> high, entered from a new root."""
    graph, _ = draw(dags())
    n = len(graph)
    low = draw(st.integers(0, n - 1))
    high = draw(st.integers(low, n - 1))
    chain = list(range(low, high + 1))
    for parent, child in zip(chain[1:], chain, strict=False):
        graph[parent] = [*graph[parent], child]  # a path high -> ... -> low
    graph[low] = [*graph[low], high]  # and back: the cycle
    graph[n] = [*draw(st.lists(st.integers(0, n - 1), max_size=3)), high]
    return graph, [n]


def reachable(graph: dict[int, list[int]], roots: list[int]) -> set[int]:
    seen, todo = set(), list(roots)
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo += graph[node]
    return seen


def on_a_cycle(graph: dict[int, list[int]], node: int) -> bool:
    return node in reachable(graph, graph[node])


@pytest.mark.parametrize("sort", SORTS)
@given(dags())
def test_each_node_comes_after_its_children(sort, dag):
    graph, roots = dag
    order = sort(roots, graph.__getitem__, key=None)
    position = {node: i for i, node in enumerate(order)}
    assert all(position[child] < position[node] for node in order for child in graph[node])


@pytest.mark.parametrize("sort", SORTS)
@given(dags())
def test_each_reachable_node_appears_exactly_once(sort, dag):
    graph, roots = dag
    order = sort(roots, graph.__getitem__, key=None)
    assert len(order) == len(set(order))
    assert set(order) == reachable(graph, roots)


@pytest.mark.parametrize("sort", SORTS)
@given(cyclic_graphs())
def test_a_cycle_raises_naming_a_node_on_it(sort, cyclic):
    graph, roots = cyclic
    with pytest.raises(CycleError) as error:
        sort(roots, graph.__getitem__, key=None)
    assert on_a_cycle(graph, error.value.node)
    assert repr(error.value.node) in str(error.value)


@pytest.mark.parametrize("sort", SORTS)
def test_a_self_loop_is_a_cycle(sort):
    with pytest.raises(CycleError, match="cycle through node 'x'"):
        sort(["x"], {"x": ["x"]}.__getitem__, key=None)


@pytest.mark.parametrize("sort", SORTS)
def test_a_diamond_lists_the_shared_node_once(sort):
    graph = {"out": ["left", "right"], "left": ["x"], "right": ["x"], "x": []}
    order = sort(["out"], graph.__getitem__, key=None)
    assert sorted(order) == ["left", "out", "right", "x"]
    assert order[0] == "x" and order[-1] == "out"


@pytest.mark.parametrize("sort", SORTS)
def test_a_child_listed_twice_appears_once(sort):
    assert sort(["sq"], {"sq": ["x", "x"], "x": []}.__getitem__, key=None) == ["x", "sq"]


@pytest.mark.parametrize("sort", SORTS)
def test_nodes_are_told_apart_by_identity_by_default(sort):
    """Unhashable nodes (like tensors) work: the default key is id."""
    leaf, other_leaf = [], []  # equal lists, distinct nodes
    children = {id(leaf): [], id(other_leaf): [], "root": [leaf, other_leaf]}
    root = ["root"]
    order = sort([root], lambda n: children[id(n)] if n is not root else children["root"])
    assert len(order) == 3 and order[-1] is root


def test_a_hundred_thousand_node_chain_sorts_without_recursion():
    n = 100_000
    order = topological_sort([n - 1], lambda i: [i - 1] if i else [], key=None)
    assert order == list(range(n))


def test_kahn_sorts_a_long_chain_too():
    n = 100_000
    assert kahn_sort([n - 1], lambda i: [i - 1] if i else [], key=None) == list(range(n))


def test_the_recursive_sort_runs_out_of_stack_on_a_long_chain():
    with pytest.raises(RecursionError):
        topological_sort_recursive([10_000], lambda i: [i - 1] if i else [], key=None)


def test_repeated_roots_are_listed_once():
    graph = {"a": ["b"], "b": []}
    assert topological_sort(["a", "b", "a"], graph.__getitem__, key=None) == ["b", "a"]
