# Setup: where autograd_lib is missing (as in Colab), install it from the book's repository,
# with the `book` extra: the figures, data sets and kernels need more than the NumPy-only core.
import importlib.util
import os
import subprocess
import sys

REPOSITORY = "https://github.com/autograd-from-scratch/autograd-from-scratch"
if importlib.util.find_spec("autograd_lib") is None:
    source = os.environ.get("AUTOGRAD_LIB_SOURCE", f"git+{REPOSITORY}")
    requirement = f"autograd_lib[book] @ {source}"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", requirement], check=True)
