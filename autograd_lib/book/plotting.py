"""One look for every figure in the book: sizes, fonts, grid, colours and deterministic output.

Figures are shown as SVG: sharp at any pixel density, and for line plots lighter than a PNG.
The book's column is about 850 CSS px wide on a desktop and 358 px on a 390 px phone, where a
figure is scaled down to fit; text ``s`` points high in a figure ``w`` inches wide is then drawn
``s / (72 w) * 358`` px high. ``COLUMN_WIDTH`` inches with ``MIN_FONT_SIZE``-point text keep
every label at 8 px or more on a phone: a wider figure stacks its panels instead, and no call
passes a smaller ``fontsize``. The browser test (tests/built) measures this on every figure.

Besides the style, the helpers draw what Part I draws again and again: a loss surface as
contours, the cloud of points, the path an optimiser took, and reference slopes on log-log axes.
"""

from collections.abc import Callable, Sequence

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.contour import QuadContourSet

COLUMN_WIDTH = 6.4  # inches: the widest figure whose 11-point labels stay >= 8 px on a phone
MIN_FONT_SIZE = 11  # points: every label, tick and legend entry

BOOK_STYLE = {
    "figure.figsize": (COLUMN_WIDTH, 4.2),
    "figure.dpi": 100,
    # Labels, legends and titles fit inside figure.figsize, so a figure is never drawn wider
    # than the width it was given (the inline backend crops to what is drawn).
    "figure.constrained_layout.use": True,
    "savefig.dpi": 200,  # a PNG saved by hand has twice the pixels of its displayed size
    "font.size": MIN_FONT_SIZE,
    "axes.titlesize": 12,
    "legend.fontsize": MIN_FONT_SIZE,
    "xtick.labelsize": MIN_FONT_SIZE,
    "ytick.labelsize": MIN_FONT_SIZE,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "image.cmap": "viridis",
    "svg.hashsalt": "autograd-from-scratch",  # stable ids in SVG output, build after build
}

CLOUD_COLOR = "0.35"


# The inline backend's keyword arguments for every figure: no creation date in the SVG, so
# that the built book is the same text on every build (svg.hashsalt fixes the ids).
# The few parts drawn as pixels inside the SVG (filled contours, images) get twice the pixels of
# their displayed size at the natural width, so that they stay sharp on high-density screens.
SVG_OUTPUT = {"metadata": {"Date": None}, "dpi": 200}


def use_book_style() -> None:
    """Apply the book's matplotlib style and show figures as SVG (call once, at the top of a
    chapter): every chapter, a new one included, then gets sharp, legible, reproducible
    figures without a line of its own."""
    mpl.rcParams.update(BOOK_STYLE)
    _show_figures_as_svg()


def _show_figures_as_svg() -> None:
    """In a notebook (an IPython kernel), display figures as SVG only; elsewhere do nothing."""
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # plain Python, without the [book] extra: nothing is displayed
        return
    if get_ipython() is not None:
        set_matplotlib_formats("svg", **SVG_OUTPUT)


def loss_grid(
    loss: Callable[[np.ndarray], float],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    resolution: int = 100,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``loss`` evaluated on a ``resolution`` x ``resolution`` grid: arrays ``X, Y, Z``.

    ``loss`` takes one point ``(x, y)`` as a ``(2,)`` array, exactly as the optimisers see it,
    so the picture shows the same function they minimise.
    """
    if resolution < 2:
        raise ValueError(f"loss_grid: resolution must be >= 2, got {resolution}")
    for name, (low, high) in (("xlim", xlim), ("ylim", ylim)):
        if not low < high:
            raise ValueError(f"loss_grid: {name} must be (low, high) with low < high, "
                             f"got {(low, high)}")
    X, Y = np.meshgrid(np.linspace(*xlim, resolution), np.linspace(*ylim, resolution))
    Z = np.array([loss(np.array(point)) for point in zip(X.ravel(), Y.ravel(), strict=True)])
    return X, Y, Z.reshape(X.shape)


def plot_loss_contour(
    ax: Axes,
    loss: Callable[[np.ndarray], float],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    levels: int | Sequence[float] = 20,
    resolution: int = 100,
) -> QuadContourSet:
    """Filled contours of a 2-D loss with thin level lines on top; returns the filled set.

    Pass the result to ``fig.colorbar`` to label the loss values. The axes get equal scales,
    so that circles look round and gradients look perpendicular to the level lines. The
    filled bands are drawn as pixels inside the SVG, which keeps the page light.
    """
    X, Y, Z = loss_grid(loss, xlim, ylim, resolution)
    # As vectors, twenty filled bands of a 100 x 100 grid weigh about 200 kB of SVG; as pixels
    # (at SVG_OUTPUT's resolution) a tenth of that. The level lines on top stay vectors. The
    # axes rasterize what lies below zorder 0 (the bands' own set_rasterized is ignored, with
    # a warning, by matplotlib 3.10, Colab's).
    filled = ax.contourf(X, Y, Z, levels=levels, zorder=-1)
    ax.set_rasterization_zorder(0)
    ax.contour(X, Y, Z, levels=filled.levels, colors="white", linewidths=0.4, alpha=0.5)
    ax.set_aspect("equal")
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    return filled


def plot_cloud(ax: Axes, points: np.ndarray, label: str = "data points", **kwargs) -> None:
    """The cloud as small grey dots (only its first two coordinates)."""
    points = np.asarray(points)
    style = {"s": 8, "color": CLOUD_COLOR, "alpha": 0.7, "linewidths": 0} | kwargs
    ax.scatter(points[:, 0], points[:, 1], label=label, **style)


def plot_path(ax: Axes, path: np.ndarray, label: str, color: str = "tab:orange", **kwargs) -> None:
    """An optimiser's iterates ``(steps + 1, 2)`` joined by a line: a circle marks the start
    and a star the end."""
    path = np.asarray(path)
    if path.ndim != 2 or path.shape[1] < 2 or path.shape[0] == 0:
        raise ValueError(f"plot_path: path must have shape (steps + 1, 2), got {path.shape}")
    style = {"lw": 1.5, "marker": ".", "ms": 4} | kwargs
    ax.plot(path[:, 0], path[:, 1], color=color, label=label, **style)
    ax.plot(*path[0, :2], "o", color=color, ms=7, mec="white")
    ax.plot(*path[-1, :2], "*", color=color, ms=13, mec="white")


def add_slope(
    ax: Axes,
    x: Sequence[float],
    through: tuple[float, float],
    slope: float,
    label: str | None = None,
    **kwargs,
) -> None:
    """A reference line $y \\propto x^{slope}$ through the point ``through``, over ``x``.

    On log-log axes a power law is a straight line; drawing the theoretical slope next to a
    measurement shows at a glance whether the measurement follows it.
    """
    x = np.asarray(x, dtype=float)
    x0, y0 = through
    style = {"color": "0.4", "ls": ":", "lw": 1.2} | kwargs
    ax.plot(x, y0 * (x / x0) ** slope, label=label, **style)


def plot_decision_boundary(
    ax: Axes,
    score: Callable[[np.ndarray], np.ndarray],
    points: np.ndarray,
    labels: np.ndarray,
    title: str,
    resolution: int = 120,
) -> None:
    """Shade where a binary classifier's score is positive, draw its zero level and the data.

    ``score`` maps an (n, 2) array of points to n scores; labels are -1 or +1, and a point is
    classified +1 where its score is positive. Chapters 7 and 8 draw their MLPs with it.
    """
    low, high = points.min(axis=0) - 0.5, points.max(axis=0) + 0.5
    grid_x, grid_y = np.meshgrid(np.linspace(low[0], high[0], resolution),
                                 np.linspace(low[1], high[1], resolution))
    grid = np.asarray(score(np.column_stack([grid_x.ravel(), grid_y.ravel()])))
    grid = grid.reshape(grid_x.shape)
    # Shade the score's two sides, not the grid's signs: both edges are then the same
    # interpolated zero level as the black line, where signs alone would draw a staircase.
    ax.contourf(grid_x, grid_y, grid, levels=[-np.inf, 0.0, np.inf],
                colors=["tab:blue", "tab:orange"], alpha=0.25)
    if grid.min() < 0 < grid.max():
        ax.contour(grid_x, grid_y, grid, levels=[0.0], colors="black", linewidths=1)
    for label, colour in [(-1, "tab:blue"), (1, "tab:orange")]:
        chosen = points[np.asarray(labels) == label]
        ax.scatter(chosen[:, 0], chosen[:, 1], color=colour, edgecolor="black", s=25,
                   label=f"class {label:+d}")
    ax.set(xlabel="$x_1$ (dimensionless)", ylabel="$x_2$ (dimensionless)", title=title)
    ax.legend(loc="upper right")
