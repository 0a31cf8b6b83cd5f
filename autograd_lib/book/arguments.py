"""Argument checks the book's helpers share, so that a bad count reads the same everywhere."""

import numpy as np


def check_count(owner: str, name: str, value: int, minimum: int) -> None:
    """Refuse ``value`` unless it is an integer (not a bool) of at least ``minimum``.

    The message names the function and the argument: ``median_time: repeat must be an integer
    >= 1, got 0``; a float such as 2.5 is refused rather than truncated.
    """
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ValueError(f"{owner}: {name} must be an integer >= {minimum}, got {value!r}")
