"""Drawing computation graphs as SVG, in pure Python, so the book needs no Graphviz.

`draw_graph` works on any acyclic graph given a "children of" function, like the sorts in
`autograd_lib.graph`: the same call draws a hand-made graph, a `Value` graph or PyTorch's
``grad_fn`` graph. Arrows follow the data: from a node's inputs to the node. Layout:

1. layers: each node one column right of its deepest input (longest path), then pulled right
   next to its first consumer, so weights and constants sit beside the operation that uses them;
2. order within a layer: a few barycentre sweeps, which untangle most crossings;
3. coordinates: each node near the mean position of its neighbours, without overlaps.

The SVG text is deterministic (same graph, same text), so built pages do not change from one
build to the next.
"""

import itertools
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from autograd_lib.graph import topological_sort

FONT_SIZE = 12
CHAR_WIDTH = 7.3  # advance of one monospace character at FONT_SIZE, in pixels
LINE_HEIGHT = 15
PAD = 6  # inside a node box
LAYER_GAP = 46  # between layers, where the arrows run
NODE_GAP = 14  # between neighbouring nodes of one layer
MARGIN = 10
TITLE_BAND = 2 * LINE_HEIGHT  # above the graph, for its title
ARROW = 7  # arrowhead length
SWEEPS = 4
WAYPOINT = 8  # room a long edge takes where it crosses a layer

FILL_INPUT = "#dbeafe"  # nodes without inputs: leaves, parameters, constants
FILL_OUTPUT = "#fde68a"  # nodes nothing consumes: the roots, usually the loss
FILL_INNER = "#f3f4f6"
STROKE = "#374151"
EDGE = "#6b7280"
ACCENT = "#c2410c"  # highlighted nodes and the edges into them
LABEL_SIZE = 11  # edge labels, slightly smaller than node labels
LABEL_WIDTH = 6.7  # advance of one character at LABEL_SIZE
CURVE_ROOM = 30  # of a labelled gap, the part where the edge bends (the label sits after it)


@dataclass(frozen=True)
class SvgGraph:
    """A drawn graph: ``.svg`` holds the SVG text; Jupyter displays it inline."""

    svg: str
    num_nodes: int
    num_edges: int

    def _repr_svg_(self) -> str:
        return self.svg

    def save(self, path: str | Path) -> Path:
        """Write the SVG to ``path`` (e.g. ``graph.svg``) and return the path."""
        path = Path(path)
        path.write_text(self.svg, encoding="utf-8")
        return path


@dataclass
class _Box:
    lines: list[str]  # empty for a waypoint: a point that a long edge passes through
    inputs: list[int]  # the boxes feeding this one, one per edge, in order
    outputs: list[int]  # the boxes this one feeds
    layer: int = 0
    along: float = 0.0  # extent along the layer axis (width for LR)
    across: float = 0.0  # extent across it (height for LR)
    pos: float = 0.0  # centre on the cross axis
    highlight: bool = False


def draw_graph(
    roots: Iterable,
    children: Callable[[object], Iterable],
    describe: Callable[[object], str] | None = None,
    *,
    direction: str = "LR",
    max_nodes: int = 60,
    title: str | None = None,
    edge_label: Callable[[object, int], str] | None = None,
    highlight: Iterable = (),
) -> SvgGraph:
    """Draw every node reachable from ``roots``, arrows running from inputs to outputs.

    ``children(node)`` gives a node's inputs; ``describe(node)`` a short label, one or a few
    lines (default ``str(node)``). ``direction`` is ``"LR"`` (inputs left) or ``"TB"`` (inputs
    on top). Graphs above ``max_nodes`` raise a ValueError rather than an unreadable picture.
    ``title`` is drawn above the graph and kept as the SVG's ``<title>`` (a default names the
    node and edge counts).

    ``edge_label(node, i)``, if given, labels the arrow from the ``i``-th input of ``node``
    (e.g. with the local derivative it carries); the label sits on the arrow's last, straight
    stretch, and the gaps between layers widen to hold it. The nodes in ``highlight`` and the
    arrows into them are drawn in an accent colour, to point at one step of an algorithm.
    """
    if direction not in ("LR", "TB"):
        raise ValueError(f"draw_graph: direction must be 'LR' or 'TB', got {direction!r}")
    describe = str if describe is None else describe
    # The sort explores a node's last input first; given the inputs reversed, it lists each
    # node's inputs in their own order, so the first input is drawn first (left or top).
    nodes = topological_sort(roots, lambda node: list(children(node))[::-1])
    if len(nodes) > max_nodes:
        raise ValueError(
            f"draw_graph: the graph has {len(nodes)} nodes, too large to draw "
            f"(max_nodes={max_nodes}); draw a smaller graph or raise max_nodes"
        )
    labels = _edge_labels(nodes, children, edge_label)
    boxes = _boxes(nodes, children, describe, direction, labels)
    marked = {id(node) for node in highlight}
    for node, box in zip(nodes, boxes, strict=True):
        box.highlight = id(node) in marked
    _assign_layers(boxes)
    routes = _route_edges(boxes)
    layers: list[list[int]] = [[] for _ in range(1 + max(box.layer for box in boxes))]
    for i, box in enumerate(boxes):
        layers[box.layer].append(i)
    _order_layers(boxes, layers)
    gap = _layer_gap(labels, direction)
    offsets = _place(boxes, layers, gap)
    if title is None:
        title = f"Computation graph with {len(nodes)} nodes and {len(routes)} edges"
    svg = _render(boxes, routes, offsets, direction, title, (labels, gap))
    return SvgGraph(svg=svg, num_nodes=len(nodes), num_edges=len(routes))


def describe_value(v) -> str:
    """Label of a `Value` node: its name and operation, then its data and gradient."""
    header = " ".join(part for part in (v.label, f"({v.op})" if v.op else "") if part)
    return f"{header or 'value'}\ndata {v.data:.4g}\ngrad {v.grad:.4g}"


def value_children(v) -> tuple:
    """Inputs of a `Value` node, for `draw_graph` and the sorts in `autograd_lib.graph`."""
    return v.children


def torch_children(fn) -> list:
    """Inputs of a PyTorch ``grad_fn`` node: its ``next_functions`` without the empty slots."""
    return [f for f, _ in fn.next_functions if f is not None]


def torch_describe(fn) -> str:
    """Label of a PyTorch ``grad_fn`` node: its class name, e.g. ``MulBackward0``."""
    return type(fn).__name__


def _edge_labels(nodes: list, children: Callable, edge_label: Callable | None) -> list[str]:
    """The label of every edge, in the order `_route_edges` makes them (all empty if none)."""
    return [
        str(edge_label(node, i)) if edge_label else ""
        for node in nodes
        for i, _ in enumerate(children(node))
    ]


def _layer_gap(labels: list[str], direction: str) -> float:
    """Room between layers: wide enough for the longest edge label after the bend."""
    if not any(labels):
        return LAYER_GAP
    run = max(len(label) for label in labels) * LABEL_WIDTH if direction == "LR" else LINE_HEIGHT
    return max(LAYER_GAP, CURVE_ROOM + run + 2 * ARROW)


def _boxes(
    nodes: list, children: Callable, describe: Callable, direction: str, labels: list[str]
) -> list[_Box]:
    """One box per node, in topological order (inputs first), with edges as indices.

    With edge labels, a box is made long enough across for its arriving labels to sit side by
    side, one per input slot, without overlapping.
    """
    index: dict[Hashable, int] = {id(node): i for i, node in enumerate(nodes)}
    boxes, edge = [], 0
    for node in nodes:
        lines = str(describe(node)).splitlines() or [""]
        inputs = [index[id(child)] for child in children(node)]
        width = max(len(line) for line in lines) * CHAR_WIDTH + 2 * PAD
        height = len(lines) * LINE_HEIGHT + 2 * PAD
        along, across = (width, height) if direction == "LR" else (height, width)
        arriving = labels[edge : edge + len(inputs)]
        edge += len(inputs)
        if any(arriving):
            widest = max(len(label) for label in arriving) * LABEL_WIDTH + PAD
            across = max(across, (len(inputs) + 1) * (LINE_HEIGHT if direction == "LR" else widest))
        boxes.append(_Box(lines=lines, inputs=inputs, outputs=[], along=along, across=across))
    for i, box in enumerate(boxes):
        for j in box.inputs:
            boxes[j].outputs.append(i)
    return boxes


def _assign_layers(boxes: list[_Box]) -> None:
    """Longest path from the inputs, then each node moved up to just before its first use."""
    for box in boxes:  # topological order: inputs are already placed
        box.layer = 1 + max((boxes[j].layer for j in box.inputs), default=-1)
    for box in reversed(boxes):  # consumers first
        if box.outputs:
            box.layer = min(boxes[k].layer for k in box.outputs) - 1


def _route_edges(boxes: list[_Box]) -> list[list[int]]:
    """Every edge as a list of boxes, source to target: waypoints in the layers it crosses.

    A waypoint is an empty box that reserves room in its layer, so that the edge runs between
    the boxes there instead of under them. Afterwards ``inputs`` and ``outputs`` link each box
    to its neighbours along the routes, one layer apart, which is what the ordering needs.
    """
    real = len(boxes)
    routes = []
    for target in range(real):
        for source in boxes[target].inputs:
            route = [source]
            for layer in range(boxes[source].layer + 1, boxes[target].layer):
                boxes.append(_Box(lines=[], inputs=[], outputs=[], layer=layer, across=WAYPOINT))
                route.append(len(boxes) - 1)
            routes.append([*route, target])
    for box in boxes:
        box.inputs, box.outputs = [], []
    for route in routes:
        for source, target in itertools.pairwise(route):
            boxes[target].inputs.append(source)
            boxes[source].outputs.append(target)
    return routes


def _order_layers(boxes: list[_Box], layers: list[list[int]]) -> None:
    """Barycentre heuristic: sort each layer by the mean rank of its neighbours, both ways."""
    rank = {i: r - (len(layer) - 1) / 2 for layer in layers for r, i in enumerate(layer)}
    for sweep in range(SWEEPS):
        forward = sweep % 2 == 0
        for layer in layers if forward else reversed(layers):
            def barycentre(i: int, forward: bool = forward) -> float:
                box = boxes[i]
                near = box.inputs if forward else box.outputs
                return sum(rank[j] for j in near) / len(near) if near else rank[i]

            layer.sort(key=barycentre)
            for r, i in enumerate(layer):
                rank[i] = r - (len(layer) - 1) / 2


def _place(boxes: list[_Box], layers: list[list[int]], gap: float) -> list[float]:
    """Cross-axis centres near the neighbours' mean; returns each layer's start on the main axis."""
    for layer in layers:
        _pack(boxes, layer, [0.0] * len(layer))
    for sweep in range(SWEEPS):
        forward = sweep % 2 == 0
        for layer in layers if forward else reversed(layers):
            wanted = []
            for i in layer:
                box = boxes[i]
                near = box.inputs if forward else box.outputs
                wanted.append(sum(boxes[j].pos for j in near) / len(near) if near else box.pos)
            _pack(boxes, layer, wanted)
    offsets, start = [], 0.0
    for layer in layers:
        offsets.append(start)
        start += max(boxes[i].along for i in layer) + gap
    return offsets


def _pack(boxes: list[_Box], layer: list[int], wanted: list[float]) -> None:
    """Put a layer's boxes in order, each as close to its wanted centre as no overlap allows."""
    previous_end = None
    for i, target in zip(layer, wanted, strict=True):
        box = boxes[i]
        box.pos = target
        if previous_end is not None:
            box.pos = max(target, previous_end + NODE_GAP + box.across / 2)
        previous_end = box.pos + box.across / 2
    shift = sum(w - boxes[i].pos for i, w in zip(layer, wanted, strict=True)) / len(layer)
    for i in layer:
        boxes[i].pos += shift


def _render(
    boxes: list[_Box],
    routes: list[list[int]],
    offsets: list[float],
    direction: str,
    title: str,
    edge_labels: tuple[list[str], float],
) -> str:
    """The SVG text: edges first (under the nodes), then boxes with their labels.

    Geometry is worked out in (along, across) coordinates, along the layers and across them,
    and turned into (x, y) at the end: LR keeps them, TB swaps them.
    """
    labels, gap = edge_labels
    low = min(box.pos - box.across / 2 for box in boxes)
    high = max(box.pos + box.across / 2 for box in boxes)
    widths = [offsets[k + 1] - offsets[k] - gap for k in range(len(offsets) - 1)]
    widths.append(max(box.along for box in boxes if box.layer == len(offsets) - 1))
    extent = (offsets[-1] + widths[-1] + 2 * MARGIN, high - low + 2 * MARGIN)

    def xy(along: float, across: float) -> str:
        x, y = (along, across) if direction == "LR" else (across, along)
        return f"{x:.1f},{y:.1f}"

    def start(box: _Box) -> float:
        return offsets[box.layer] + MARGIN

    def centre(box: _Box) -> float:
        return box.pos - low + MARGIN

    width, height = extent if direction == "LR" else extent[::-1]
    # The title is drawn above the graph (and kept as <title> for screen readers); the graph
    # is centred under it when the title is the wider of the two.
    full_width = max(width, len(title) * CHAR_WIDTH + 2 * MARGIN)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{full_width:.0f}" '
        f'height="{height + TITLE_BAND:.0f}" viewBox="0 0 {full_width:.1f} '
        f'{height + TITLE_BAND:.1f}" role="img" '
        f'font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="{FONT_SIZE}">',
        f"<title>{escape(title)}</title>",
        f'<text x="{full_width / 2:.1f}" y="{TITLE_BAND * 0.7:.1f}" text-anchor="middle" '
        f'font-weight="bold">{escape(title)}</text>',
        f'<g transform="translate({(full_width - width) / 2:.1f},{TITLE_BAND:.1f})">',
    ]
    # Each edge ends at its own slot on the target's input side, in the order in which the
    # edges arrive across the axis, so that they do not cross at the target.
    slot = {}
    for target in {route[-1] for route in routes}:
        arriving = [k for k, route in enumerate(routes) if route[-1] == target]
        arriving.sort(key=lambda k: boxes[routes[k][-2]].pos)
        slot.update({k: n + 1 for n, k in enumerate(arriving)})
    texts = []
    for k, route in enumerate(routes):
        source, *waypoints, target = (boxes[i] for i in route)
        points = [(start(source) + source.along, centre(source))]
        for w in waypoints:
            points += [(start(w), centre(w)), (start(w) + widths[w.layer], centre(w))]
        tip = start(target)
        across = centre(target) + target.across * (slot[k] / (len(target.inputs) + 1) - 0.5)
        if labels[k]:  # a straight last stretch that carries the label
            run = len(labels[k]) * LABEL_WIDTH + 4 if direction == "LR" else LINE_HEIGHT
            points += [(tip - ARROW - run, across), (tip - ARROW, across)]
            texts.append(_edge_label(labels[k], xy(tip - ARROW - run / 2, across)))
        else:
            points.append((tip - ARROW, across))
        parts.append(_edge(points, (tip, across), xy, ACCENT if target.highlight else EDGE))
    parts.append(f"<g>{''.join(texts)}</g>" if texts else "")
    for box in boxes:
        if box.lines:
            fill = FILL_INPUT if not box.inputs else FILL_OUTPUT if not box.outputs else FILL_INNER
            parts.append(_node(start(box), centre(box) - box.across / 2, box, fill, direction))
    parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(part for part in parts if part) + "\n"


def _edge_label(label: str, at: str) -> str:
    """A label centred at ``at`` ("x,y") on a white ground, which hides the edge under it."""
    x, y = (float(v) for v in at.split(","))
    width, height = len(label) * LABEL_WIDTH + 4, LINE_HEIGHT - 1
    return (
        f'<rect x="{x - width / 2:.1f}" y="{y - height / 2:.1f}" width="{width:.1f}" '
        f'height="{height:.1f}" fill="white"/>'
        f'<text x="{x:.1f}" y="{y + LABEL_SIZE * 0.35:.1f}" text-anchor="middle" '
        f'font-size="{LABEL_SIZE}" fill="{STROKE}">{escape(label)}</text>'
    )


def _edge(points: list, tip: tuple[float, float], xy: Callable, colour: str) -> str:
    """An arrow through ``points``: curves across the gaps, straight lines through layers.

    Points come in pairs after the first: a curve to the first of a pair, a line to the second
    (the stretch through a waypoint, or the labelled last stretch); the last point may be alone.
    """
    path = f"M{xy(*points[0])}"
    for k, (a0, c0) in enumerate(points[1:]):
        a_prev, c_prev = points[k]
        if k % 2 == 0:  # across a gap between layers: a curve, level at both ends
            bend = (a0 - a_prev) / 2
            path += f" C{xy(a_prev + bend, c_prev)} {xy(a0 - bend, c0)} {xy(a0, c0)}"
        else:  # straight, through a waypoint or along a label
            path += f" L{xy(a0, c0)}"
    along, across = tip
    head = " ".join(
        xy(a, c) for a, c in ((along, across), (along - ARROW, across - ARROW / 2),
                              (along - ARROW, across + ARROW / 2))
    )
    width = 2.0 if colour == ACCENT else 1.2
    return (
        f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="{width}"/>'
        f'<polygon points="{head}" fill="{colour}"/>'
    )


def _node(along: float, across: float, box: _Box, fill: str, direction: str) -> str:
    """A rounded box with its label lines centred; (along, across) is its top-left corner."""
    if direction == "LR":
        x, y, w, h = along, across, box.along, box.across
    else:
        x, y, w, h = across, along, box.across, box.along
    cx = x + w / 2
    text = "".join(
        f'<tspan x="{cx:.1f}" y="{y + PAD + LINE_HEIGHT * (k + 0.75):.1f}">{escape(line)}</tspan>'
        for k, line in enumerate(box.lines)
    )
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="4" '
        f'fill="{fill}" stroke="{ACCENT if box.highlight else STROKE}" '
        f'stroke-width="{2.5 if box.highlight else 1}"/>'
        f'<text text-anchor="middle" xml:space="preserve">{text}</text>'
    )
