"""Plot helpers: the book style, loss grids and contour plots, reference slopes."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from autograd_lib.book.plotting import (
    BOOK_STYLE,
    add_slope,
    loss_grid,
    plot_cloud,
    plot_decision_boundary,
    plot_loss_contour,
    plot_path,
    use_book_style,
)


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_use_book_style_sets_every_setting():
    use_book_style()
    for key, value in BOOK_STYLE.items():
        assert matplotlib.rcParams[key] == (list(value) if isinstance(value, tuple) else value)


def test_loss_grid_evaluates_the_loss_at_every_grid_point():
    X, Y, Z = loss_grid(lambda p: p[0] + 10 * p[1], (0, 1), (-1, 1), resolution=5)
    assert X.shape == Y.shape == Z.shape == (5, 5)
    assert np.allclose(Z, X + 10 * Y)
    assert (X.min(), X.max(), Y.min(), Y.max()) == (0, 1, -1, 1)


@pytest.mark.parametrize("kwargs, message", [({"resolution": 1}, "resolution must be >= 2"),
                                             ({"xlim": (1, 0)}, "xlim must be")])
def test_loss_grid_rejects_bad_arguments(kwargs, message):
    arguments = {"xlim": (0, 1), "ylim": (0, 1)} | kwargs
    with pytest.raises(ValueError, match=f"loss_grid: {message}"):
        loss_grid(lambda p: 0.0, **arguments)


def test_plot_loss_contour_fills_the_requested_window(ax):
    filled = plot_loss_contour(ax, lambda p: float(p @ p), (-2, 2), (-1, 3), levels=7,
                               resolution=20)
    assert len(filled.levels) >= 7
    assert ax.get_xlim() == (-2, 2) and ax.get_ylim() == (-1, 3)
    assert ax.get_aspect() == 1.0


def test_plot_path_draws_the_path_its_start_and_its_end(ax):
    path = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 1.5]])
    plot_path(ax, path, label="descent")
    line, start, end = ax.get_lines()
    assert np.array_equal(line.get_xydata(), path)
    assert np.array_equal(start.get_xydata(), path[:1])
    assert np.array_equal(end.get_xydata(), path[-1:])


def test_plot_path_rejects_a_flat_array(ax):
    with pytest.raises(ValueError, match=r"plot_path: path must have shape \(steps \+ 1, 2\)"):
        plot_path(ax, np.zeros(3), label="x")


def test_plot_cloud_draws_one_dot_per_point(ax):
    plot_cloud(ax, np.zeros((7, 2)))
    assert len(ax.collections[0].get_offsets()) == 7


def test_add_slope_passes_through_the_anchor_with_the_given_slope(ax):
    add_slope(ax, [1, 10, 100], through=(10, 5.0), slope=2)
    assert np.allclose(ax.get_lines()[0].get_ydata(), [0.05, 5.0, 500.0])


def test_decision_boundary_shades_each_side_and_draws_the_zero_level(ax):
    points = np.array([[-1.0, 0.0], [1.0, 0.0], [0.5, 1.0], [-0.5, -1.0]])
    labels = np.array([-1, 1, 1, -1])
    plot_decision_boundary(ax, lambda p: p[:, 0], points, labels, "x1 > 0", resolution=21)
    filled, level = ax.collections[0], ax.collections[1]
    assert list(level.levels) == [0.0]
    assert len(filled.get_paths()) == 2  # one region per class
    assert [c.get_label() for c in ax.collections[2:]] == ["class -1", "class +1"]
    assert ax.get_title() == "x1 > 0"


@pytest.fixture
def ipython_shell():
    """An IPython shell, as in a notebook's kernel, removed again after the test."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    yield shell
    InteractiveShell.clear_instance()


def shown(shell, fig) -> dict:
    """The representations the notebook would store for ``fig``, by mime type."""
    data, _ = shell.display_formatter.format(fig)
    return data


def test_in_a_notebook_figures_are_shown_as_svg_only(ipython_shell):
    use_book_style()
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    data = shown(ipython_shell, fig)
    plt.close(fig)
    assert "image/svg+xml" in data and "image/png" not in data


def test_the_same_figure_gives_the_same_svg_text(ipython_shell):
    use_book_style()
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0], label="a line")
    ax.legend()
    first, second = (shown(ipython_shell, fig)["image/svg+xml"] for _ in range(2))
    plt.close(fig)
    assert first == second
    assert "<dc:date>" not in first  # no creation time in the file


def test_filled_contours_are_pixels_and_level_lines_vectors(ax):
    filled = plot_loss_contour(ax, lambda p: float(p @ p), (-1, 1), (-1, 1), resolution=10)
    below = ax.get_rasterization_zorder()  # the axes draw artists under it as pixels
    assert filled.get_zorder() < below
    assert all(c.get_zorder() >= below for c in ax.collections if c is not filled)
