"""The sorts the reader writes in chapter 11, and the backward pass they give chapter 7's engine."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd_lib.graph import CycleError
from autograd_lib.reader import scalar, toposort

SORTS = [toposort.topological_sort, toposort.topological_sort_recursive]


@st.composite
def dags(draw):
    """A random acyclic graph (each node's children made before it) and a few roots."""
    n = draw(st.integers(1, 30))
    children = {i: draw(st.lists(st.integers(0, i - 1), max_size=3)) if i else []
                for i in range(n)}
    roots = draw(st.lists(st.sampled_from(range(n)), min_size=1, max_size=3))
    return children, roots


def reachable(children, roots):
    found, todo = set(roots), list(roots)
    while todo:
        for child in children[todo.pop()]:
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


@pytest.mark.parametrize("sort", SORTS)
@given(dags())
def test_every_reachable_node_comes_once_after_its_children(sort, dag):
    children, roots = dag
    order = sort(roots, children.__getitem__)
    position = {node: i for i, node in enumerate(order)}
    assert len(position) == len(order) and set(order) == reachable(children, roots)
    assert all(position[c] < position[node] for node in order for c in children[node])


@pytest.mark.parametrize("sort", SORTS)
def test_a_cycle_raises_naming_a_node_on_it(sort):
    cyclic = {"out": ["p"], "p": ["q"], "q": ["r"], "r": ["p", "leaf"], "leaf": []}
    with pytest.raises(CycleError) as error:
        sort(["out"], cyclic.__getitem__)
    assert error.value.node in {"p", "q", "r"}


def test_iterative_sort_handles_a_chain_deeper_than_the_recursion_limit():
    n = 20_000
    order = toposort.topological_sort([n - 1], lambda i: [i - 1] if i else [])
    assert order == list(range(n))


def test_backward_with_the_iterative_sort_runs_through_a_deep_chain(monkeypatch):
    monkeypatch.setattr(scalar.Value, "backward", toposort.backward)
    x = scalar.Value(0.5)
    out, t, expected = x, 0.5, 1.0
    for _ in range(20_000):
        out = out.tanh()
        t = math.tanh(t)
        expected *= 1 - t * t
    out.backward()
    assert math.isclose(x.grad, expected, rel_tol=1e-9)
