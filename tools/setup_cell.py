# Setup: where autograd_lib is missing (as in Colab), install it from the book's repository.
import importlib.util
import os
import subprocess
import sys

REPOSITORY = "https://github.com/autograd-from-scratch/autograd-from-scratch"
if importlib.util.find_spec("autograd_lib") is None:
    source = os.environ.get("AUTOGRAD_LIB_SOURCE", f"git+{REPOSITORY}")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", source], check=True)
