"""A `fit` loop for the book: train a model for some epochs and keep the history to plot.

The loop is the four lines every PyTorch user writes (forward, zero the gradients, backward,
step), wrapped so that a chapter can train a network in one call and read its learning curves
from the returned `History`. After every epoch the model is evaluated in eval mode on the whole
training set and, if given, a validation set: the two curves a reader compares to spot
overfitting.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from autograd_lib.data import DataLoader
from autograd_lib.nn import Module
from autograd_lib.optim import Optimizer
from autograd_lib.tensor.tensor import Tensor, no_grad

Loss = Callable[[Tensor, Tensor], Tensor]


@dataclass
class History:
    """What `fit` measured. ``batch_loss`` holds every step's mini-batch loss; the other lists
    hold one entry per epoch, the first (index 0) measured before training."""

    batch_loss: list[float] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)


def accuracy(outputs: Tensor | np.ndarray, targets: Tensor | np.ndarray) -> float:
    """Fraction of rows classified correctly: the largest output names the class, or, for a
    single output per row (a binary classifier's logit), a positive output means class 1."""
    return float(np.mean(predict_classes(outputs) == np.asarray(targets).reshape(-1)))


def predict_classes(outputs: Tensor | np.ndarray) -> np.ndarray:
    """Class indices from a classifier's outputs (logits or probabilities of shape (N, C);
    logits of shape (N,) or (N, 1) for two classes)."""
    scores = np.asarray(outputs)
    if scores.ndim == 1 or scores.shape[-1] == 1:
        return (scores.reshape(-1) > 0).astype(np.int64)
    return scores.argmax(axis=-1)


def evaluate(model: Module, loss_fn: Loss, X: Tensor, y: Tensor) -> tuple[float, float]:
    """Loss and accuracy of ``model`` on ``(X, y)`` in eval mode (no dropout, no graph).

    The model's mode is restored afterwards, so this can be called in the middle of training.
    """
    was_training = model.training
    model.eval()
    try:
        with no_grad():
            outputs = model(X)
            loss = loss_fn(outputs, y).item()
    finally:
        model.train(was_training)
    return loss, accuracy(outputs, y)


def fit(
    model: Module,
    loss_fn: Loss,
    optimizer: Optimizer,
    train_loader: DataLoader,
    epochs: int,
    val_data: tuple[Tensor | np.ndarray, Tensor | np.ndarray] | None = None,
    quiet: bool = False,
) -> History:
    """Train ``model`` for ``epochs`` passes over ``train_loader``; return the `History`.

    A progress bar (tqdm's, which renders as a widget in Jupyter and as text in a terminal)
    shows the losses as training goes; ``quiet=True`` turns it off, as the book's build does:
    a bar's timings would change the page on every build.
    """
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 0:
        raise ValueError(f"fit: epochs must be a non-negative integer, got {epochs!r}")
    train_data = train_loader.dataset.tensors[:2]
    if val_data is not None:
        val_data = tuple(t if isinstance(t, Tensor) else Tensor(np.asarray(t)) for t in val_data)
    history = History()
    _record(history, model, loss_fn, train_data, val_data)
    bar = None if quiet else _progress_bar(epochs)
    for _ in range(epochs):
        model.train()
        for X, y in train_loader:
            loss = loss_fn(model(X), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            history.batch_loss.append(loss.item())
        _record(history, model, loss_fn, train_data, val_data)
        if bar is not None:
            bar.set_postfix(_last(history))
            bar.update()
    if bar is not None:
        bar.close()
    return history


def _record(history: History, model: Module, loss_fn: Loss, train_data, val_data) -> None:
    loss, acc = evaluate(model, loss_fn, *train_data)
    history.train_loss.append(loss)
    history.train_accuracy.append(acc)
    if val_data is not None:
        loss, acc = evaluate(model, loss_fn, *val_data)
        history.val_loss.append(loss)
        history.val_accuracy.append(acc)


def _last(history: History) -> dict[str, str]:
    named = {"loss": history.train_loss, "acc": history.train_accuracy,
             "val_loss": history.val_loss, "val_acc": history.val_accuracy}
    return {name: f"{values[-1]:.4f}" for name, values in named.items() if values}


def _progress_bar(epochs: int):
    # Imported here, not at the top: tqdm.auto warns on import in a Jupyter kernel without
    # ipywidgets, and the book's build treats anything on stderr as an error.
    from tqdm.auto import tqdm

    return tqdm(total=epochs, unit="epoch", desc="fit")
