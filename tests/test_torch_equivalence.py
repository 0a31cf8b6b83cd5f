"""The proof that autograd_lib.nn and autograd_lib.optim are PyTorch's: the same network, from
the same initial weights on the same data, trained 20 steps by each library in float64, has
the same losses and the same parameters after every step (to 1e-6; in practice ~1e-15)."""

import numpy as np
import pytest
import torch

from autograd_lib import nn, optim
from autograd_lib.tensor.tensor import Tensor

STEPS = 20
TOLERANCE = 1e-6

OPTIMISERS = {
    "sgd": {"name": "SGD", "lr": 0.1},
    "sgd-momentum-decay": {"name": "SGD", "lr": 0.05, "momentum": 0.9, "weight_decay": 1e-2},
    "sgd-nesterov-dampening-free": {"name": "SGD", "lr": 0.05, "momentum": 0.8, "nesterov": True},
    "sgd-dampening": {"name": "SGD", "lr": 0.05, "momentum": 0.9, "dampening": 0.5},
    "adam": {"name": "Adam", "lr": 1e-2},
    "adam-l2": {"name": "Adam", "lr": 1e-2, "betas": (0.8, 0.99), "weight_decay": 0.1},
    "adamw": {"name": "AdamW", "lr": 1e-2, "weight_decay": 0.1},
}

# (our loss, torch's loss, the targets for inputs X: a rule the network can learn)
LOSSES = {
    "cross_entropy": (nn.CrossEntropyLoss, torch.nn.CrossEntropyLoss,
                      lambda X: X[:, :3].argmax(axis=1)),
    "mse": (nn.MSELoss, torch.nn.MSELoss, lambda X: X[:, :3] - X[:, 3:]),
    "bce_logits": (nn.BCEWithLogitsLoss, torch.nn.BCEWithLogitsLoss,
                   lambda X: (X[:, :3] > X[:, 3:]).astype(np.float64)),
    "bce": (lambda: lambda z, y: nn.BCELoss()(z.sigmoid(), y),  # on probabilities
            lambda: lambda z, y: torch.nn.BCELoss()(z.sigmoid(), y),
            lambda X: (X[:, :3] > X[:, 3:]).astype(np.float64)),
}


def networks() -> tuple[nn.Module, torch.nn.Module]:
    """A small MLP in both libraries with torch's initial weights copied into ours."""
    torch.manual_seed(0)
    theirs = torch.nn.Sequential(
        torch.nn.Linear(6, 16), torch.nn.Tanh(), torch.nn.Linear(16, 8), torch.nn.ReLU(),
        torch.nn.Linear(8, 3),
    ).double()
    ours = nn.Sequential(
        nn.Linear(6, 16), nn.Tanh(), nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 3)
    ).double()
    ours.load_state_dict(theirs.state_dict())
    return ours, theirs


def train_both(optimiser: dict, loss: str) -> tuple[list, list, nn.Module, torch.nn.Module]:
    ours, theirs = networks()
    settings = {k: v for k, v in optimiser.items() if k != "name"}
    opt_ours = getattr(optim, optimiser["name"])(ours.parameters(), **settings)
    opt_theirs = getattr(torch.optim, optimiser["name"])(theirs.parameters(), **settings)
    loss_ours, loss_theirs, make_targets = LOSSES[loss]
    rng = np.random.default_rng(1)
    losses_ours, losses_theirs = [], []
    for _ in range(STEPS):  # a fresh mini-batch every step, as in training
        X = rng.normal(size=(32, 6))
        y = make_targets(X)
        for model, opt, loss_fn, wrap, record in (
            (ours, opt_ours, loss_ours(), Tensor, losses_ours),
            (theirs, opt_theirs, loss_theirs(), torch.tensor, losses_theirs),
        ):
            value = loss_fn(model(wrap(X)), wrap(y))
            opt.zero_grad()
            value.backward()
            opt.step()
            record.append(value.item())
    return losses_ours, losses_theirs, ours, theirs


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("optimiser", OPTIMISERS)
def test_training_follows_torch_step_for_step(optimiser, loss):
    start = networks()[0].state_dict()
    losses_ours, losses_theirs, ours, theirs = train_both(OPTIMISERS[optimiser], loss)
    np.testing.assert_allclose(losses_ours, losses_theirs, rtol=TOLERANCE, atol=TOLERANCE)
    moved = max(np.abs(p.data - start[name]).max() for name, p in ours.named_parameters())
    assert moved > 1e-2  # a real run: agreement is not that of two untouched models
    theirs_params = dict(theirs.named_parameters())
    for name, p in ours.named_parameters():
        np.testing.assert_allclose(
            p.data, theirs_params[name].detach().numpy(), rtol=TOLERANCE, atol=TOLERANCE,
            err_msg=name,
        )


def test_eval_mode_outputs_match_torch_with_dropout_in_the_model():
    torch.manual_seed(0)
    theirs = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Dropout(0.5),
                                 torch.nn.Linear(8, 2)).double().eval()
    ours = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.5), nn.Linear(8, 2)).double().eval()
    ours.load_state_dict(theirs.state_dict())
    x = np.random.default_rng(0).normal(size=(5, 4))
    np.testing.assert_allclose(ours(Tensor(x)).data, theirs(torch.tensor(x)).detach().numpy(),
                               rtol=1e-12)
