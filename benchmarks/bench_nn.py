"""One training epoch of chapter 10's digit classifier: autograd_lib against PyTorch (CPU).

The model is the chapter's MLP 64-128-64-10 with ReLU, cross-entropy and Adam (lr 1e-3),
float32, mini-batches of 32 drawn in the same shuffled order for both libraries (by
indexing the tensors directly: torch's DataLoader would add its per-sample collation to
PyTorch's time). Both start from the same weights. Epochs alternate between the libraries,
one thread each; the median epoch is reported, with the test accuracy each reached.
"""

import time

import numpy as np
import torch
from threadpoolctl import threadpool_limits

from autograd_lib import data, nn, optim
from autograd_lib.tensor.ops import cross_entropy
from autograd_lib.tensor.tensor import Tensor, no_grad

EPOCHS = 20
BATCH = 32
SEED = 0


def models() -> tuple[nn.Sequential, torch.nn.Sequential]:
    torch.manual_seed(SEED)
    theirs = torch.nn.Sequential(
        torch.nn.Linear(64, 128), torch.nn.ReLU(), torch.nn.Linear(128, 64), torch.nn.ReLU(),
        torch.nn.Linear(64, 10),
    )
    ours = nn.Sequential(
        nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10)
    )
    ours.load_state_dict(theirs.state_dict())
    return ours, theirs


def epoch_ours(model, optimizer, X: np.ndarray, y: np.ndarray, batches) -> None:
    for rows in batches:
        loss = cross_entropy(model(Tensor(X[rows])), Tensor(y[rows]))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


def epoch_torch(model, optimizer, X: torch.Tensor, y: torch.Tensor, batches) -> None:
    for rows in batches:
        loss = torch.nn.functional.cross_entropy(model(X[rows]), y[rows])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


def main() -> None:
    torch.set_num_threads(1)
    split = data.digits(seed=SEED)
    X_train, X_test = data.standardize(split.X_train, split.X_test)
    X_torch, y_torch = torch.from_numpy(X_train), torch.from_numpy(split.y_train)
    ours, theirs = models()
    opt_ours = optim.Adam(ours.parameters(), lr=1e-3)
    opt_theirs = torch.optim.Adam(theirs.parameters(), lr=1e-3)
    rng = np.random.default_rng(SEED)
    times: dict[str, list[float]] = {"ours": [], "torch": []}
    with threadpool_limits(limits=1):
        for _ in range(EPOCHS):
            order = rng.permutation(len(X_train))
            batches = [order[i : i + BATCH] for i in range(0, len(order), BATCH)]
            torch_batches = [torch.from_numpy(rows) for rows in batches]
            start = time.perf_counter()
            epoch_ours(ours, opt_ours, X_train, split.y_train, batches)
            middle = time.perf_counter()
            epoch_torch(theirs, opt_theirs, X_torch, y_torch, torch_batches)
            times["ours"].append(middle - start)
            times["torch"].append(time.perf_counter() - middle)
    with no_grad():
        acc_ours = np.mean(ours(Tensor(X_test)).data.argmax(1) == split.y_test)
    with torch.no_grad():
        acc_theirs = np.mean(theirs(torch.from_numpy(X_test)).argmax(1).numpy() == split.y_test)
    ms = {name: 1e3 * float(np.median(t)) for name, t in times.items()}
    print(
        f"digits MLP 64-128-64-10, Adam, batch {BATCH}, {len(batches)} steps/epoch, float32: "
        f"autograd_lib {ms['ours']:.1f} ms/epoch, PyTorch {ms['torch']:.1f} ms/epoch, "
        f"ratio ours/PyTorch {ms['ours'] / ms['torch']:.2f}"
    )
    print(
        f"test accuracy after {EPOCHS} epochs: autograd_lib {acc_ours:.4f}, "
        f"PyTorch {acc_theirs:.4f}"
    )


if __name__ == "__main__":
    main()
