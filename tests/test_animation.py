"""The path animation: a small, self-contained, reproducible HTML player; still drawings too."""

import base64
import io
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from autograd_lib.book.animation import FRAME_DPI, PALETTE_COLOURS, animate_paths, draw_paths
from autograd_lib.book.descent import trajectory
from autograd_lib.book.plotting import BOOK_STYLE, COLUMN_WIDTH, MIN_FONT_SIZE
from autograd_lib.book.surfaces import BOWL
from autograd_lib.book.update_rules import Momentum

PATHS = {
    "plain": trajectory(BOWL.grad, BOWL.start, 0.07, 20),
    "momentum": trajectory(BOWL.grad, BOWL.start, 0.03, 20, rule=Momentum(0.8)),
}


@pytest.fixture(scope="module")
def html():
    return animate_paths(BOWL, PATHS, "test", frames=4, dpi=30)


def frames(html: str) -> list[Image.Image]:
    return [Image.open(io.BytesIO(base64.b64decode(data)))
            for data in re.findall(r'"data:image/png;base64,([^"]*)"', html)]


def test_the_animation_embeds_one_png_per_frame(html):
    assert len(frames(html)) == 4


def test_every_frame_shares_one_small_palette(html):
    pictures = frames(html)
    assert all(picture.mode == "P" for picture in pictures)
    assert len({bytes(picture.getpalette()) for picture in pictures}) == 1
    assert all(len(picture.getcolors()) <= PALETTE_COLOURS for picture in pictures)


def test_frames_are_drawn_at_the_columns_width_by_default():
    html = animate_paths(BOWL, PATHS, "test", frames=2)
    widths = {picture.width for picture in frames(html)}
    assert len(widths) == 1 and abs(widths.pop() - COLUMN_WIDTH * FRAME_DPI) <= 2  # even, for video


def test_the_legend_is_drawn_in_the_books_font_size():
    with matplotlib.rc_context(BOOK_STYLE):
        fig, ax = plt.subplots()
        draw_paths(ax, BOWL, PATHS)
        sizes = {text.get_fontsize() for text in ax.get_legend().get_texts()}
        plt.close(fig)
    assert sizes == {MIN_FONT_SIZE}


def test_the_slider_has_a_name_for_screen_readers(html):
    assert 'class="anim-slider" aria-label="Frame"' in html


def test_the_same_animation_gives_the_same_html(html):
    assert animate_paths(BOWL, PATHS, "test", frames=4, dpi=30) == html


def test_the_animation_loads_nothing_from_the_network(html):
    assert "http://" not in html and "https://" not in html


def test_the_player_image_has_a_text_alternative_made_from_the_paths(html):
    assert '<img alt="Animation, test: the paths of plain, momentum growing' in html


def test_the_player_image_takes_the_alt_text_given_escaped():
    html = animate_paths(BOWL, PATHS, "test", frames=2, dpi=30, alt='Two "paths" & a bowl')
    assert '<img alt="Two &quot;paths&quot; &amp; a bowl" id="_anim_img' in html


def test_the_animation_leaves_no_figure_open(html):
    assert plt.get_fignums() == []


def test_the_animation_stays_small(html):
    assert len(html) < 100_000


def test_draw_paths_draws_every_path_over_the_contours():
    fig, ax = plt.subplots()
    draw_paths(ax, BOWL, PATHS)
    labels = [line.get_label() for line in ax.get_lines()]
    assert {"plain", "momentum", "minimum"} <= set(labels)
    plt.close(fig)


@pytest.mark.parametrize("frames", [1, 0, 2.5])
def test_too_few_frames_are_refused(frames):
    with pytest.raises(ValueError, match="frames must be an integer >= 2"):
        animate_paths(BOWL, PATHS, "test", frames=frames)


def test_paths_that_are_not_2d_iterates_are_refused():
    with pytest.raises(ValueError, match=r"paths\['bad'\]: expected a \(steps \+ 1, 2\) array"):
        animate_paths(BOWL, {"bad": np.zeros((5, 3))}, "test")
    with pytest.raises(ValueError, match="at least one"):
        animate_paths(BOWL, {}, "test")
