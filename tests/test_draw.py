"""Drawing graphs as SVG: valid, deterministic, arrows in data-flow order, size-limited."""

import re
import xml.etree.ElementTree as ET

import pytest

from autograd_lib.book.draw import (
    SvgGraph,
    describe_value,
    draw_graph,
    torch_children,
    torch_describe,
    value_children,
)
from autograd_lib.graph import CycleError

SVG = "{http://www.w3.org/2000/svg}"
# f = a * b + c, as a dictionary of inputs
SMALL = {"f": ["e", "c"], "e": ["a", "b"], "a": [], "b": [], "c": []}


def draw_small(**options) -> SvgGraph:
    return draw_graph(["f"], SMALL.__getitem__, lambda n: f"node {n}\nsecond line", **options)


def chain(n: int) -> dict[int, list[int]]:
    return {i: [i - 1] if i else [] for i in range(n)}


def box_centres(svg: str) -> dict[str, tuple[float, float]]:
    """Centre of each node's box, keyed by the first line of its label."""
    root = ET.fromstring(svg)
    rects = root.findall(f"{SVG}g/{SVG}rect")
    texts = root.findall(f"{SVG}g/{SVG}text")  # node labels (the title is outside)
    centres = {}
    for rect, text in zip(rects, texts, strict=True):
        x, y = float(rect.get("x")), float(rect.get("y"))
        w, h = float(rect.get("width")), float(rect.get("height"))
        centres[text.find(f"{SVG}tspan").text] = (x + w / 2, y + h / 2)
    return centres


def test_svg_is_well_formed_xml_with_a_title():
    root = ET.fromstring(draw_small().svg)
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text


def test_title_can_be_chosen_and_is_drawn_above_the_graph():
    svg = draw_small(title="f = a*b + c").svg
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == root.find(f"{SVG}text").text == "f = a*b + c"
    graph_top = min(float(r.get("y")) for r in root.findall(f"{SVG}g/{SVG}rect"))
    shift = float(re.search(r"translate\(([\d.]+),([\d.]+)\)", svg).group(2))
    assert float(root.find(f"{SVG}text").get("y")) < graph_top + shift


def test_a_long_title_widens_the_drawing():
    title = "a title much wider than the three boxes of this small graph, " * 2
    drawing = draw_graph(["c"], {"c": ["a", "b"], "a": [], "b": []}.__getitem__, title=title)
    assert float(ET.fromstring(drawing.svg).get("width")) > len(title) * 7


def test_one_box_per_node_and_one_arrow_per_edge():
    drawing = draw_small()
    root = ET.fromstring(drawing.svg)
    assert drawing.num_nodes == len(root.findall(f"{SVG}g/{SVG}rect")) == 5
    assert drawing.num_edges == len(root.findall(f"{SVG}g/{SVG}path")) == 4


def test_drawing_is_deterministic():
    assert draw_small().svg == draw_small().svg


def test_repr_svg_returns_the_svg_text():
    drawing = draw_small()
    assert drawing._repr_svg_() == drawing.svg


def test_save_writes_the_svg(tmp_path):
    path = draw_small().save(tmp_path / "graph.svg")
    assert path.read_text() == draw_small().svg


def test_left_to_right_puts_inputs_left_of_their_outputs():
    centres = box_centres(draw_small().svg)
    assert centres["node a"][0] < centres["node e"][0] < centres["node f"][0]
    assert centres["node c"][0] < centres["node f"][0]


def test_top_to_bottom_puts_inputs_above_their_outputs():
    centres = box_centres(draw_small(direction="TB").svg)
    assert centres["node a"][1] < centres["node e"][1] < centres["node f"][1]


def test_inputs_are_drawn_in_their_order():
    """a * b has a before b: a left of b top to bottom, above it left to right."""
    top_to_bottom = box_centres(draw_small(direction="TB").svg)
    assert top_to_bottom["node a"][0] < top_to_bottom["node b"][0]
    assert top_to_bottom["node e"][0] < top_to_bottom["node c"][0]
    left_to_right = box_centres(draw_small().svg)
    assert left_to_right["node a"][1] < left_to_right["node b"][1]


def test_labels_are_escaped():
    drawing = draw_graph(["x"], lambda n: [], lambda n: "a < b & c")
    assert "a &lt; b &amp; c" in drawing.svg
    ET.fromstring(drawing.svg)


def test_default_label_is_str_of_the_node():
    assert ">42<" in draw_graph([42], lambda n: []).svg


def test_a_node_used_twice_gets_two_arrows():
    drawing = draw_graph(["sq"], {"sq": ["x", "x"], "x": []}.__getitem__)
    assert drawing.num_nodes == 2 and drawing.num_edges == 2


def test_fifty_nodes_are_drawn_without_overlapping_boxes():
    graph = {i: [i // 2, i - 1] if i > 1 else [0] * i for i in range(50)}
    root = ET.fromstring(draw_graph([49], graph.__getitem__).svg)
    boxes = [
        tuple(float(r.get(k)) for k in ("x", "y", "width", "height"))
        for r in root.findall(f"{SVG}g/{SVG}rect")
    ]
    assert len(boxes) == 50
    for i, (x, y, w, h) in enumerate(boxes):
        for u, v, s, t in boxes[i + 1 :]:
            assert x + w <= u or u + s <= x or y + h <= v or v + t <= y


def test_too_large_graph_raises_a_clear_error():
    with pytest.raises(ValueError, match=r"has 61 nodes, too large to draw"):
        draw_graph([60], chain(61).__getitem__)


def test_max_nodes_can_be_raised():
    assert draw_graph([60], chain(61).__getitem__, max_nodes=100).num_nodes == 61


def test_unknown_direction_is_rejected():
    with pytest.raises(ValueError, match="direction must be 'LR' or 'TB'"):
        draw_small(direction="RL")


def test_cycle_is_reported():
    with pytest.raises(CycleError):
        draw_graph(["a"], {"a": ["b"], "b": ["a"]}.__getitem__)


def test_value_graph_is_drawn_with_data_and_gradient():
    from autograd_lib.scalar.value import Value

    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    loss = a * b
    loss.label = "L"
    loss.backward()
    drawing = draw_graph([loss], value_children, describe_value)
    assert "L (*)" in drawing.svg and "data -6" in drawing.svg and "grad -3" in drawing.svg


def test_pytorch_graph_is_drawn_from_grad_fn():
    torch = pytest.importorskip("torch")
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    loss = (x * x).sum()
    drawing = draw_graph([loss.grad_fn], torch_children, torch_describe)
    names = re.findall(r"<tspan[^>]*>(\w+)</tspan>", drawing.svg)
    assert sorted(names) == ["AccumulateGrad", "MulBackward0", "SumBackward0"]
    assert drawing.num_edges == 3  # x feeds the product twice


def edge_labels(svg: str) -> list[tuple[str, float, float]]:
    """Every edge label as (text, x, y), from the group of labels under the graph."""
    root = ET.fromstring(svg)
    return [(t.text, float(t.get("x")), float(t.get("y")))
            for t in root.findall(f"{SVG}g/{SVG}g/{SVG}text")]


def label_small(node: str, i: int) -> str:
    return f"d{node}/d{SMALL[node][i]}"


def test_each_edge_gets_its_label():
    svg = draw_small(edge_label=label_small).svg
    assert sorted(text for text, _, _ in edge_labels(svg)) == ["de/da", "de/db", "df/dc", "df/de"]


def test_an_edge_label_lies_between_its_source_and_its_target():
    for direction, axis in (("LR", 0), ("TB", 1)):
        svg = draw_small(edge_label=label_small, direction=direction).svg
        centres, labels = box_centres(svg), {t: (x, y) for t, x, y in edge_labels(svg)}
        for target, sources in SMALL.items():
            for i, source in enumerate(sources):
                at = labels[label_small(target, i)][axis]
                assert centres[f"node {source}"][axis] < at < centres[f"node {target}"][axis]


def test_labels_of_a_node_used_twice_do_not_overlap():
    drawing = draw_graph(["sq"], {"sq": ["x", "x"], "x": []}.__getitem__,
                         edge_label=lambda node, i: f"slot {i}")
    (_, x0, y0), (_, x1, y1) = edge_labels(drawing.svg)
    assert x0 == x1 and abs(y0 - y1) >= 12  # one above the other, a line apart


def test_long_labels_widen_the_gap_between_layers():
    plain = box_centres(draw_small().svg)
    labelled = box_centres(draw_small(edge_label=lambda node, i: "a long edge label").svg)
    gap = labelled["node f"][0] - labelled["node e"][0]
    assert gap > plain["node f"][0] - plain["node e"][0]
    assert gap > len("a long edge label") * 6


def test_a_graph_without_edge_labels_draws_none():
    assert edge_labels(draw_small().svg) == []


def test_highlighted_node_and_the_edges_into_it_are_accented():
    root = ET.fromstring(draw_small(highlight=["e"]).svg)
    strokes = {rect.get("stroke") for rect in root.findall(f"{SVG}g/{SVG}rect")}
    assert len(strokes) == 2  # the accent, once, and the ordinary stroke
    edges = [path.get("stroke") for path in root.findall(f"{SVG}g/{SVG}path")]
    assert sorted(edges).count(edges[0]) == 2  # the edges a -> e and b -> e come first
    assert len(set(edges)) == 2


def test_highlight_without_nodes_changes_nothing():
    assert draw_small(highlight=[]).svg == draw_small().svg
