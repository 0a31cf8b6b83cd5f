"""The fit helper: it trains, records a history the plots can read, and stays quiet on request."""

import numpy as np
import pytest

from autograd_lib import nn, optim
from autograd_lib.data import DataLoader, TensorDataset, blobs
from autograd_lib.tensor.tensor import Tensor
from autograd_lib.training import accuracy, evaluate, fit, predict_classes


def setup(seed: int = 0):
    split = blobs(n_samples=120, centers=3, cluster_std=0.5, seed=seed)
    model = nn.Sequential(nn.Linear(2, 8, rng=seed), nn.ReLU(), nn.Linear(8, 3, rng=seed + 1))
    loader = DataLoader(TensorDataset(split.X_train, split.y_train), batch_size=16, shuffle=True,
                        seed=seed)
    return model, loader, (Tensor(split.X_test), Tensor(split.y_test))


def train(epochs: int = 5, **kwargs):
    model, loader, val = setup()
    optimizer = optim.Adam(model.parameters(), lr=0.05)
    return fit(model, nn.CrossEntropyLoss(), optimizer, loader, epochs, val, quiet=True, **kwargs)


def test_history_has_one_entry_per_epoch_plus_the_start():
    history = train(epochs=4)
    for values in (history.train_loss, history.train_accuracy, history.val_loss,
                   history.val_accuracy):
        assert len(values) == 5
    assert len(history.batch_loss) == 4 * 6  # 90 training rows in batches of 16


def test_fit_learns_separable_blobs():
    history = train(epochs=10)
    assert history.train_loss[-1] < history.train_loss[0] / 4
    assert history.val_accuracy[-1] > 0.9


def test_fit_is_reproducible():
    assert train(epochs=3).batch_loss == train(epochs=3).batch_loss


def test_without_validation_data_only_training_is_recorded():
    model, loader, _ = setup()
    history = fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1), loader, 2,
                  quiet=True)
    assert len(history.train_loss) == 3 and history.val_loss == []


def test_quiet_fit_writes_nothing(capsys):
    train(epochs=2)
    assert capsys.readouterr() == ("", "")


def test_progress_bar_reports_the_epochs(capsys):
    model, loader, val = setup()
    fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1), loader, 2, val)
    assert "2/2" in capsys.readouterr().err


def test_fit_rejects_a_negative_epoch_count():
    model, loader, _ = setup()
    with pytest.raises(ValueError, match="epochs"):
        fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1), loader, -1)


def test_evaluate_uses_eval_mode_and_restores_the_mode():
    model = nn.Sequential(nn.Linear(2, 3, rng=0), nn.Dropout(0.9))
    X, y = Tensor(np.ones((4, 2), dtype=np.float32)), Tensor(np.zeros(4, dtype=np.int64))
    first = evaluate(model, nn.CrossEntropyLoss(), X, y)
    assert model.training
    assert evaluate(model, nn.CrossEntropyLoss(), X, y) == first  # no dropout noise


def test_accuracy_takes_the_largest_output_as_the_class():
    logits = np.array([[0.1, 2.0], [3.0, -1.0], [0.0, 1.0]])
    assert accuracy(logits, np.array([1, 0, 0])) == pytest.approx(2 / 3)


def test_single_logit_means_class_one_when_positive():
    np.testing.assert_array_equal(predict_classes(np.array([[-0.5], [2.0]])), [0, 1])
    assert accuracy(Tensor(np.array([-1.0, 1.0])), Tensor(np.array([0, 1]))) == 1.0
