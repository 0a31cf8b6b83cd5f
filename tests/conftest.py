import os
import sys
from pathlib import Path

# One thread per library: thread pools fighting over two cores make tests crawl.
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

from hypothesis import settings

# Let tests import the small shared helpers in tests/ (book.py) by name.
sys.path.insert(0, str(Path(__file__).resolve().parent))

# Reproducible property tests: the same examples on every run, no flaky deadlines.
settings.register_profile("book", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("book")


def pytest_configure(config):
    try:
        import torch
    except ImportError:
        return
    torch.set_num_threads(1)
