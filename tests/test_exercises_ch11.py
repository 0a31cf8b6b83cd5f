"""Chapter 11's checker, topological sorts: what it says to right and wrong answers."""

from autograd_lib.book.exercises.ch11 import check_topological_sort
from autograd_lib.graph import kahn_sort, topological_sort, topological_sort_recursive


def sort_parents_first(roots, children):
    return topological_sort(roots, children)[::-1]


def sort_without_visited_set(roots, children):
    order, stack = [], [(root, False) for root in roots]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
        else:
            stack.append((node, True))
            stack.extend((child, False) for child in children(node))
    return order


def sort_roots_only(roots, children):
    return list(roots)


def sort_by_comparing_nodes(roots, children):
    return sorted(topological_sort(roots, children))


def sort_that_empties_roots(roots, children):
    order = topological_sort(roots, children)
    roots.clear()
    return order


def test_topological_sort_check_accepts_kahns_algorithm(capsys):
    assert check_topological_sort(kahn_sort)


def test_topological_sort_check_explains_a_recursion_error_on_the_deep_chain(capsys):
    assert not check_topological_sort(topological_sort_recursive)
    text = capsys.readouterr().out
    assert "case 7 of 7 fails: a chain of 5,000 nodes" in text
    assert "raised RecursionError" in text and "explicit stack" in text


def test_topological_sort_check_shows_the_graph_when_parents_come_first(capsys):
    assert not check_topological_sort(sort_parents_first)
    text = capsys.readouterr().out
    assert "comes before its child" in text
    assert "the graph (node -> children): a -> (none); b -> a; c -> a; d -> b, c" in text


def test_topological_sort_check_reports_a_node_listed_twice(capsys):
    assert not check_topological_sort(sort_without_visited_set)
    assert "a appears twice" in capsys.readouterr().out


def test_topological_sort_check_reports_missing_nodes(capsys):
    assert not check_topological_sort(sort_roots_only)
    assert "reachable node(s) missing" in capsys.readouterr().out


def test_topological_sort_check_reports_comparing_nodes(capsys):
    assert not check_topological_sort(sort_by_comparing_nodes)
    assert "raised TypeError: '<' not supported" in capsys.readouterr().out


def test_topological_sort_check_reports_a_modified_roots_list(capsys):
    assert not check_topological_sort(sort_that_empties_roots)
    assert "changed its argument 'roots'" in capsys.readouterr().out
