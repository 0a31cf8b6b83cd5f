"""Optimisers' paths on a 2-D surface: drawn still, or animated for a static HTML page.

The animation is matplotlib's JavaScript player (``FuncAnimation.to_jshtml``): every frame is
an image embedded in the page, so the page grows by frames x frame size. The defaults (30
frames, 70 dpi, JPEG frames, which are about half the size of PNG ones for these
line drawings) keep one animation near 1 MB.
"""

import hashlib
import html as html_text
import re
from collections.abc import Mapping

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.animation import FuncAnimation
from matplotlib.axes import Axes

from autograd_lib.book.arguments import check_count
from autograd_lib.book.surfaces import Surface


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
    ax.legend(loc="lower right", fontsize=8)


def animate_paths(
    surface: Surface,
    paths: Mapping[str, np.ndarray],
    title: str,
    frames: int = 30,
    dpi: int = 70,
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

    fig, ax = plt.subplots(figsize=(5.6, 3.6), dpi=dpi, layout="constrained")
    draw_surface(ax, surface)
    lines = {name: ax.plot([], [], linewidth=1.5, label=name)[0] for name in paths}
    heads = {name: ax.plot([], [], "o", color=lines[name].get_color(), markersize=5)[0]
             for name in paths}
    ax.legend(loc="lower right", fontsize=8)
    heading = ax.set_title(title)

    def show(frame: int) -> None:
        upto = shown_upto[frame]
        for name, path in paths.items():
            visible = path[: upto + 1]
            lines[name].set_data(visible[:, 0], visible[:, 1])
            heads[name].set_data(visible[-1:, 0], visible[-1:, 1])
        heading.set_text(f"{title}: step {upto}")

    animation = FuncAnimation(fig, show, frames=frames, interval=interval_ms, repeat=False)
    with mpl.rc_context({"savefig.dpi": dpi, "animation.frame_format": "jpeg"}):
        html = animation.to_jshtml(default_mode="once")
    plt.close(fig)
    if alt is None:
        alt = f"Animation, {title}: the paths of {', '.join(paths)} growing over the contour lines"
    return _with_alt(_with_stable_ids(_without_cdn(html)), alt)


def _with_alt(html: str, alt: str) -> str:
    """Give the player's one <img> (it shows every frame in turn) a text alternative."""
    escaped = html_text.escape(alt, quote=True)
    return re.sub(r"<img id=", lambda _: f'<img alt="{escaped}" id=', html, count=1)


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
