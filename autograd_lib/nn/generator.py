"""The random generator behind initial weights and dropout masks.

One NumPy generator, seeded with 0 when the package is imported and reseeded by
`manual_seed`, as PyTorch's global generator is; layers also accept their own ``rng``.
"""

import numpy as np

Seed = int | np.random.Generator | None

_generator = np.random.default_rng(0)


def manual_seed(seed: int) -> None:
    """Reseed the generator behind initial weights and dropout (like ``torch.manual_seed``)."""
    global _generator
    _generator = np.random.default_rng(seed)


def resolve(rng: Seed = None) -> np.random.Generator:
    """The shared generator, or ``rng`` itself when it is a generator, or one seeded with it."""
    return _generator if rng is None else np.random.default_rng(rng)
