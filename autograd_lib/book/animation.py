"""Optimisers' paths on a 2-D surface: drawn still, or animated for a static HTML page.

The animation is matplotlib's JavaScript player (``FuncAnimation.to_jshtml``): every frame is
an image embedded in the page, so the page grows by frames x frame size. Frames are drawn at the
book column's width (``COLUMN_WIDTH`` inches at ``FRAME_DPI``: about 850 px, the desktop
column), as PNG, which keeps line art sharp where JPEG smears it; each frame is then reduced to
a palette of ``PALETTE_COLOURS`` colours, which makes it about four times smaller and is not
visible in thin coloured lines on white. The page's stylesheet (``_static/book.css``) scales the
player to the column and wraps its buttons on a phone.
"""

import base64
import hashlib
import html as html_text
import io
import re
from collections.abc import Mapping

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.animation import FuncAnimation
from matplotlib.axes import Axes
from PIL import Image

from autograd_lib.book.arguments import check_count
from autograd_lib.book.plotting import COLUMN_WIDTH
from autograd_lib.book.surfaces import Surface

FRAME_DPI = 133  # COLUMN_WIDTH inches at 133 dpi: 850 px, the desktop column's width
PALETTE_COLOURS = 32


def draw_surface(ax: Axes, surface: Surface) -> None:
    """Contour lines of ``surface`` over its window, its minimum marked, axes labelled."""
    X, Y, Z = surface.grid()
    ax.contour(X, Y, Z, levels=surface.levels, colors="0.6", linewidths=0.7)
    ax.plot(*surface.minimum, marker="*", color="black", markersize=11, linestyle="none",
            label="minimum")
    ax.set(xlim=surface.xlim, ylim=surface.ylim,
           xlabel="$x$ (arbitrary units)", ylabel="$y$ (arbitrary units)")


def _check_paths(paths: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    if not paths:
        raise ValueError("paths: need at least one optimiser's path")
    checked = {}
    for name, path in paths.items():
        path = np.asarray(path, dtype=float)
        if path.ndim != 2 or path.shape[1] != 2 or len(path) == 0:
            raise ValueError(f"paths[{name!r}]: expected a (steps + 1, 2) array, got {path.shape}")
        checked[name] = path
    return checked


def draw_paths(ax: Axes, surface: Surface, paths: Mapping[str, np.ndarray]) -> None:
    """The whole of each path (a dict name -> iterates) over the surface's contours."""
    draw_surface(ax, surface)
    for name, path in _check_paths(paths).items():
        ax.plot(path[:, 0], path[:, 1], marker=".", markersize=3, linewidth=1.2, label=name)
    ax.legend(loc="lower right")


def animate_paths(
    surface: Surface,
    paths: Mapping[str, np.ndarray],
    title: str,
    frames: int = 30,
    dpi: int = FRAME_DPI,
    interval_ms: int = 150,
    alt: str | None = None,
) -> str:
    """An HTML snippet (JavaScript player) showing the paths grow, ``frames`` pictures long.

    ``alt`` is the text alternative of the player's picture, for readers who cannot see it;
    without one, a sentence is made from the title and the paths' names. Frames are taken at
    evenly spaced steps, so long runs cost no more than short ones. The
    figure is closed, so a notebook does not show it a second time as a still image. The
    player's element ids are derived from the content instead of matplotlib's random ones, so
    the same animation gives the same HTML on every build.
    """
    paths = _check_paths(paths)
    check_count("animate_paths", "frames", frames, 2)
    steps = max(len(path) for path in paths.values()) - 1
    shown_upto = np.linspace(0, steps, frames).round().astype(int)

    fig, ax = plt.subplots(figsize=(COLUMN_WIDTH, 0.65 * COLUMN_WIDTH), dpi=dpi,
                           layout="constrained")
    draw_surface(ax, surface)
    lines = {name: ax.plot([], [], linewidth=1.5, label=name)[0] for name in paths}
    heads = {name: ax.plot([], [], "o", color=lines[name].get_color(), markersize=5)[0]
             for name in paths}
    ax.legend(loc="lower right")
    heading = ax.set_title(f"{title}: step {steps}")  # the longest title, laid out once:
    fig.draw_without_rendering()  # the player draws every frame three times, and a layout
    fig.set_layout_engine("none")  # engine left on would redo the layout each time

    def show(frame: int) -> None:
        upto = shown_upto[frame]
        for name, path in paths.items():
            visible = path[: upto + 1]
            lines[name].set_data(visible[:, 0], visible[:, 1])
            heads[name].set_data(visible[-1:, 0], visible[-1:, 1])
        heading.set_text(f"{title}: step {upto}")

    animation = FuncAnimation(fig, show, frames=frames, interval=interval_ms, repeat=False)
    with mpl.rc_context({"savefig.dpi": dpi, "animation.frame_format": "png"}):
        html = animation.to_jshtml(default_mode="once")
    plt.close(fig)
    if alt is None:
        alt = f"Animation, {title}: the paths of {', '.join(paths)} growing over the contour lines"
    return _with_alt(_with_stable_ids(_with_palette_frames(_without_cdn(html))), alt)


def _with_palette_frames(html: str) -> str:
    """Re-encode every embedded PNG frame with one palette of ``PALETTE_COLOURS`` colours.

    The palette is the last frame's, which shows every path: a palette chosen per frame would
    give the first frames, mostly grey contour lines, no room for the legend's colours.
    """
    frame = re.compile(r'"data:image/png;base64,([^"]*)"')
    # b64decode skips the line breaks that the player escapes inside its frames
    frames = [Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB")
              for data in frame.findall(html)]
    palette = frames[-1].quantize(PALETTE_COLOURS)
    encoded = []
    for picture in frames:
        buffer = io.BytesIO()
        picture.quantize(palette=palette, dither=Image.Dither.NONE).save(
            buffer, format="png", optimize=True)
        encoded.append(base64.b64encode(buffer.getvalue()).decode("ascii"))
    replacements = iter(encoded)
    return frame.sub(lambda _: f'"data:image/png;base64,{next(replacements)}"', html)


def _with_alt(html: str, alt: str) -> str:
    """Give the player's one <img> (it shows every frame in turn) a text alternative, and its
    slider a name for screen readers (its buttons have theirs)."""
    escaped = html_text.escape(alt, quote=True)
    html = re.sub(r"<img id=", lambda _: f'<img alt="{escaped}" id=', html, count=1)
    return html.replace('class="anim-slider"', 'class="anim-slider" aria-label="Frame"', 1)


def _without_cdn(html: str) -> str:
    """Drop the player's Font Awesome link: it points at a CDN, and the book theme ships the icons.

    The book loads nothing from the network, so the page works offline.
    """
    return re.sub(r'<link rel="stylesheet"\s+href="https://[^"]*font-awesome[^"]*">\s*', "", html)


def _with_stable_ids(html: str) -> str:
    """Replace the player's random 32-hex id by a hash of the frames it shows."""
    random_id = re.search(r'id="_anim_img([0-9a-f]{32})"', html).group(1)
    stable_id = hashlib.sha256(html.replace(random_id, "").encode()).hexdigest()[:32]
    return html.replace(random_id, stable_id)
