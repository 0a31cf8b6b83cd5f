"""The path animation: a small, self-contained, reproducible HTML player; still drawings too."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest

from autograd_lib.book.animation import animate_paths, draw_paths
from autograd_lib.book.descent import trajectory
from autograd_lib.book.surfaces import BOWL
from autograd_lib.book.update_rules import Momentum

PATHS = {
    "plain": trajectory(BOWL.grad, BOWL.start, 0.07, 20),
    "momentum": trajectory(BOWL.grad, BOWL.start, 0.03, 20, rule=Momentum(0.8)),
}


@pytest.fixture(scope="module")
def html():
    return animate_paths(BOWL, PATHS, "test", frames=4, dpi=30)


def test_the_animation_embeds_one_image_per_frame(html):
    assert html.count("data:image/jpeg;base64,") == 4


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
