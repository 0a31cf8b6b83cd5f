"""The engines need only NumPy: the book's heavy libraries stay out of the core's imports.

`pip install autograd_lib` installs NumPy alone; matplotlib, scikit-learn, Numba and the rest
come with the ``book`` extra. So importing an engine must not import them, or the core would
fail where the extra is missing (and pay their import time where it is present). Each import
runs in a fresh interpreter, since this one has long since imported them all.
"""

import subprocess
import sys
import tomllib

import pytest

from book import ROOT

CORE = [
    "autograd_lib",
    "autograd_lib.scalar",
    "autograd_lib.tensor",
    "autograd_lib.nn",
    "autograd_lib.optim",
    "autograd_lib.data",
    "autograd_lib.training",
]
HEAVY = ["matplotlib", "numba", "sklearn", "torch", "tqdm", "micrograd", "hypothesis"]
BOOK_EXTRA = ["matplotlib", "scikit-learn", "numba", "tqdm", "micrograd", "hypothesis"]


def import_in_fresh_python(module: str) -> tuple[str, set[str]]:
    """Where ``module`` was found, and the top-level names in ``sys.modules`` after a fresh
    interpreter imports it."""
    script = (f"import sys, {module}; print({module}.__file__); "
              "print(' '.join(sorted(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    where, loaded = result.stdout.splitlines()
    return where, {name.partition(".")[0] for name in loaded.split()}


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_none_of_the_book_libraries(module):
    where, loaded = import_in_fresh_python(module)
    assert where.startswith(str(ROOT / "autograd_lib")), f"{module} imported from {where}"
    assert not loaded & set(HEAVY), f"import {module} pulls in {sorted(loaded & set(HEAVY))}"


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def names(requirements: list[str]) -> list[str]:
    """Distribution names of requirement strings: ``numba>=0.59`` -> ``numba``."""
    return [req.split(";")[0].split("[")[0].split("<")[0].split(">")[0].split("=")[0].strip()
            for req in requirements]


def test_the_package_depends_on_numpy_alone():
    assert names(project()["dependencies"]) == ["numpy"]


def test_the_book_extra_brings_the_chapters_libraries_but_not_torch():
    extra = names(project()["optional-dependencies"]["book"])
    assert sorted(extra) == sorted(BOOK_EXTRA)
    assert "torch" not in extra  # Colab has it; unpinned, pip would fetch a CUDA build
