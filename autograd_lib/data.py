"""Data for training: small data sets split into train and test, and shuffled mini-batches.

`TensorDataset` and `DataLoader` mirror their PyTorch namesakes closely enough that a training
loop reads the same: ``for X, y in DataLoader(TensorDataset(X, y), batch_size=64,
shuffle=True, seed=0)``. The data sets come from scikit-learn's bundled loaders and
generators, so nothing is downloaded. scikit-learn belongs to the book's extra, not to the
NumPy-only core, so each data-set function imports it when called: the loaders work without it.
"""

from collections.abc import Iterator
from typing import NamedTuple

import numpy as np

from autograd_lib.tensor.tensor import Tensor

Seed = int | np.random.Generator | None


class Split(NamedTuple):
    """Inputs and targets cut into a training and a test part (sklearn's order)."""

    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray


class TensorDataset:
    """Equal-length arrays or tensors indexed together: ``dataset[i]`` is a tuple of rows.

    The arrays are stored as Tensors that do not require grad (data is not a parameter).
    """

    def __init__(self, *tensors: Tensor | np.ndarray) -> None:
        if not tensors:
            raise ValueError("TensorDataset: give at least one array or tensor")
        self.tensors = tuple(t if isinstance(t, Tensor) else Tensor(np.asarray(t)) for t in tensors)
        lengths = [t.shape[0] if t.ndim else None for t in self.tensors]
        if None in lengths or len(set(lengths)) != 1:
            shapes = [t.shape for t in self.tensors]
            raise ValueError(
                f"TensorDataset: all arrays need the same first dimension, got shapes {shapes}"
            )

    def __len__(self) -> int:
        return self.tensors[0].shape[0]

    def __getitem__(self, index) -> tuple[Tensor, ...]:
        return tuple(Tensor(t.data[index]) for t in self.tensors)


class DataLoader:
    """Iterate over a `TensorDataset` in mini-batches of ``batch_size`` rows.

    With ``shuffle=True`` every pass (epoch) visits the rows in a new random order drawn from
    one generator seeded by ``seed``, so a whole training run is reproducible while no two
    epochs are alike. The last batch is smaller when the size does not divide the data, unless
    ``drop_last=True`` throws it away.
    """

    def __init__(
        self,
        dataset: TensorDataset,
        batch_size: int = 1,
        shuffle: bool = False,
        seed: Seed = None,
        drop_last: bool = False,
    ) -> None:
        if not isinstance(dataset, TensorDataset):
            raise TypeError(
                f"DataLoader: dataset must be a TensorDataset, got {type(dataset).__name__}"
            )
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(
                f"DataLoader: batch_size must be a positive integer, got {batch_size!r}"
            )
        self.dataset = dataset
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.drop_last = drop_last
        self._rng = np.random.default_rng(seed)

    def __len__(self) -> int:
        """Batches per epoch."""
        n = len(self.dataset)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)

    def __iter__(self) -> Iterator[tuple[Tensor, ...]]:
        n = len(self.dataset)
        order = self._rng.permutation(n) if self.shuffle else np.arange(n)
        for batch in range(len(self)):
            rows = order[batch * self.batch_size : (batch + 1) * self.batch_size]
            yield self.dataset[rows]


def split(
    X: np.ndarray,
    y: np.ndarray,
    test_size: float = 0.25,
    seed: int = 0,
    dtype: np.dtype | type = np.float32,
) -> Split:
    """A stratified random split (each class keeps its share in both parts); inputs cast to
    ``dtype``, integer targets kept as int64 class indices."""
    from sklearn.model_selection import train_test_split

    X_train, X_test, y_train, y_test = train_test_split(
        np.asarray(X, dtype=dtype), np.asarray(y), test_size=test_size, random_state=seed,
        stratify=y,
    )
    return Split(X_train, X_test, y_train, y_test)


def digits(test_size: float = 0.25, seed: int = 0, dtype: np.dtype | type = np.float32) -> Split:
    """scikit-learn's 1,797 handwritten digits: 8 x 8 images flattened to 64 pixels in [0, 1]
    (the raw 0..16 grey levels divided by 16), labels 0..9."""
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    return split(X / 16.0, y.astype(np.int64), test_size, seed, dtype)


def moons(
    n_samples: int = 200,
    noise: float = 0.1,
    test_size: float = 0.25,
    seed: int = 0,
    dtype: np.dtype | type = np.float32,
) -> Split:
    """Two interleaving half circles in 2-D, labels 0 and 1 (``sklearn.datasets.make_moons``)."""
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples=n_samples, noise=noise, random_state=seed)
    return split(X, y.astype(np.int64), test_size, seed, dtype)


def blobs(
    n_samples: int = 300,
    centers: int = 3,
    n_features: int = 2,
    cluster_std: float = 1.0,
    test_size: float = 0.25,
    seed: int = 0,
    dtype: np.dtype | type = np.float32,
) -> Split:
    """Gaussian clusters, one class each (``sklearn.datasets.make_blobs``)."""
    from sklearn.datasets import make_blobs

    X, y = make_blobs(
        n_samples=n_samples, centers=centers, n_features=n_features, cluster_std=cluster_std,
        random_state=seed,
    )
    return split(X, y.astype(np.int64), test_size, seed, dtype)


def standardize(X_train: np.ndarray, *others: np.ndarray) -> tuple[np.ndarray, ...]:
    """Shift and scale every feature to mean 0 and standard deviation 1 on the training set,
    and apply the same shift and scale to the other sets.

    The statistics come from the training set alone: the test set must not leak into
    training. A constant feature (a pixel that is always blank) is only shifted.
    """
    X_train = np.asarray(X_train)
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)
    std = np.where(std > 0, std, 1).astype(X_train.dtype)
    return tuple(((np.asarray(X) - mean) / std).astype(X_train.dtype) for X in (X_train, *others))
