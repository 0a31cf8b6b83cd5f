"""Data: mini-batches like PyTorch's DataLoader, seeded shuffling, and the offline data sets."""

import numpy as np
import pytest

from autograd_lib.data import DataLoader, TensorDataset, blobs, digits, moons, standardize
from autograd_lib.tensor.tensor import Tensor


def dataset(n: int = 10) -> TensorDataset:
    return TensorDataset(np.arange(2 * n, dtype=np.float64).reshape(n, 2), np.arange(n))


def rows_seen(loader: DataLoader) -> list[int]:
    return [int(i) for _, y in loader for i in y.data]


def test_batches_cover_every_row_once():
    assert sorted(rows_seen(DataLoader(dataset(), batch_size=3, shuffle=True, seed=0))) == list(
        range(10)
    )


def test_batches_keep_inputs_and_targets_together():
    for X, y in DataLoader(dataset(), batch_size=4, shuffle=True, seed=1):
        np.testing.assert_array_equal(X.data[:, 0], 2 * y.data)


def test_last_batch_is_smaller_unless_dropped():
    sizes = [len(y) for _, y in DataLoader(dataset(), batch_size=4)]
    assert sizes == [4, 4, 2]
    assert [len(y) for _, y in DataLoader(dataset(), batch_size=4, drop_last=True)] == [4, 4]


def test_len_is_the_number_of_batches():
    assert len(DataLoader(dataset(), batch_size=4)) == 3
    assert len(DataLoader(dataset(), batch_size=4, drop_last=True)) == 2


def test_without_shuffle_rows_come_in_order():
    assert rows_seen(DataLoader(dataset(), batch_size=3)) == list(range(10))


def test_same_seed_gives_the_same_epochs():
    first = DataLoader(dataset(), batch_size=3, shuffle=True, seed=5)
    second = DataLoader(dataset(), batch_size=3, shuffle=True, seed=5)
    assert [rows_seen(first), rows_seen(first)] == [rows_seen(second), rows_seen(second)]


def test_each_epoch_is_shuffled_anew():
    loader = DataLoader(dataset(100), batch_size=10, shuffle=True, seed=0)
    assert rows_seen(loader) != rows_seen(loader)


def test_batches_are_tensors_that_do_not_require_grad():
    X, y = next(iter(DataLoader(dataset(), batch_size=2)))
    assert isinstance(X, Tensor) and isinstance(y, Tensor)
    assert not X.requires_grad and X.dtype == np.float64 and y.dtype == np.int64


def test_dataset_indexes_all_arrays_together():
    X, y = dataset()[3]
    assert X.tolist() == [6.0, 7.0] and y.item() == 3
    assert len(dataset()) == 10


def test_dataset_rejects_arrays_of_different_lengths():
    with pytest.raises(ValueError, match="same first dimension"):
        TensorDataset(np.zeros((3, 2)), np.zeros(4))


def test_dataset_needs_an_array():
    with pytest.raises(ValueError, match="at least one"):
        TensorDataset()


@pytest.mark.parametrize("size", [0, -1, 2.5, True])
def test_batch_size_must_be_a_positive_integer(size):
    with pytest.raises(ValueError, match="batch_size"):
        DataLoader(dataset(), batch_size=size)


def test_loader_needs_a_dataset():
    with pytest.raises(TypeError, match="TensorDataset"):
        DataLoader(np.zeros((3, 2)), batch_size=2)


def test_digits_are_flattened_images_in_the_unit_interval():
    split = digits()
    assert split.X_train.shape[1] == 64 and split.X_train.dtype == np.float32
    assert len(split.X_train) + len(split.X_test) == 1797
    assert split.X_train.min() == 0 and split.X_train.max() == 1
    assert set(split.y_test) == set(range(10)) and split.y_test.dtype == np.int64


def test_splits_are_stratified_and_reproducible():
    first, second = digits(seed=3), digits(seed=3)
    np.testing.assert_array_equal(first.X_test, second.X_test)
    shares = np.bincount(first.y_test) / len(first.y_test)
    np.testing.assert_allclose(shares, np.bincount(first.y_train) / len(first.y_train), atol=0.01)


def test_split_dtype_can_be_chosen():
    assert digits(dtype=np.float64).X_train.dtype == np.float64


def test_moons_and_blobs_have_the_asked_sizes_and_classes():
    split = moons(n_samples=100, test_size=0.2)
    assert split.X_train.shape == (80, 2) and set(split.y_train) == {0, 1}
    split = blobs(n_samples=90, centers=3, n_features=4)
    assert split.X_test.shape[1] == 4 and set(split.y_test) == {0, 1, 2}


def test_standardize_uses_training_statistics_only():
    rng = np.random.default_rng(0)
    train, test = rng.normal(3, 2, (200, 3)), rng.normal(3, 2, (50, 3))
    train_s, test_s = standardize(train, test)
    np.testing.assert_allclose(train_s.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(train_s.std(axis=0), 1)
    np.testing.assert_allclose(test_s, (test - train.mean(axis=0)) / train.std(axis=0))


def test_standardize_only_shifts_a_constant_feature():
    (scaled,) = standardize(np.array([[5.0, 1.0], [5.0, 3.0]]))
    np.testing.assert_array_equal(scaled[:, 0], [0.0, 0.0])


def test_standardize_keeps_the_dtype():
    assert standardize(np.ones((2, 2), dtype=np.float32))[0].dtype == np.float32
