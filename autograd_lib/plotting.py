"""One look for every figure in the book: sizes, fonts, grid, colours and deterministic output."""

import matplotlib as mpl

BOOK_STYLE = {
    "figure.figsize": (6.4, 4.2),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "image.cmap": "viridis",
    "svg.hashsalt": "autograd-from-scratch",  # stable ids in SVG output, build after build
}


def use_book_style() -> None:
    """Apply the book's matplotlib style (call once, at the top of a chapter)."""
    mpl.rcParams.update(BOOK_STYLE)
