"""Every chapter runs as a reader runs it in Colab: a fresh Python, the notebook alone.

Marker ``colab`` (slow; `make test` runs it after the book). A wheel of ``autograd_lib`` is
built from the package files alone, and a fresh virtual environment gets what Colab has
preinstalled (the dated list ``colab_packages.txt``, not our pins): no editable install, no
repository on ``sys.path``. Each chapter notebook is copied into an empty temporary folder and
executed there (nbclient, with that environment's kernel). Its setup cell finds
``autograd_lib`` missing and installs it, as in Colab, with the ``book`` extra, from
``$AUTOGRAD_LIB_SOURCE``: the wheel's ``file://`` url instead of the repository's. Whatever a
chapter installed is removed before the next runs, as each Colab session starts afresh. The
chapters that need neither torch nor numba run under Python 3.13 (Colab's) as well.
This catches relative paths, files read from the repository and modules missing from the
package. After the chapter's own cells, the copy runs the code of every exercise solution
(hidden in the book behind a toggle), as a reader who tries them would; a last cell proves
the chapter ran on the wheel.

The launch links of the built pages (marker ``html``) must open each notebook in Colab from
the repository named in ``_config.yml``. And the package alone, without the ``book`` extra,
installs into an environment that has nothing but NumPy, and trains a network there.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest

from book import CHAPTERS, ROOT, chapter_names, config

# Run by the fresh environment's Python: execute one notebook in its folder with that
# environment's own kernel; exit non-zero with the failing cell's error if a cell raises.
RUNNER = """
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

path, timeout = Path(sys.argv[1]), int(sys.argv[2])
notebook = nbformat.read(path, as_version=4)
client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                        resources={"metadata": {"path": str(path.parent)}})
try:
    client.execute()
except CellExecutionError as error:
    sys.exit(str(error))
finally:
    nbformat.write(notebook, path)
"""

# Appended to each copied notebook: the chapter ran in the fresh environment, on the wheel.
PROOF = """
import pathlib, sys
import autograd_lib
assert sys.prefix == {venv!r}, f"kernel runs in {{sys.prefix}}, not the fresh environment"
assert pathlib.Path(autograd_lib.__file__).is_relative_to({venv!r}), autograd_lib.__file__
assert not any(pathlib.Path(p or ".").resolve() == pathlib.Path({repo!r}) for p in sys.path)
"""


# Run by an environment with nothing but NumPy and the wheel: a small MLP learns the XOR of
# two signs (no straight line separates it) with autograd_lib's nn, optim and data loader.
TRAIN_MLP = """
import numpy as np

import autograd_lib
from autograd_lib import nn, optim
from autograd_lib.data import DataLoader, TensorDataset

rng = np.random.default_rng(0)
X = rng.normal(size=(256, 2)).astype(np.float32)
y = (X[:, 0] * X[:, 1] > 0).astype(np.int64)
nn.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 2))
optimizer = optim.Adam(model.parameters(), lr=0.02)
loss_fn = nn.CrossEntropyLoss()
losses = []
for epoch in range(40):
    total = 0.0
    for xb, yb in DataLoader(TensorDataset(X, y), batch_size=64, shuffle=True, seed=epoch):
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item() * yb.shape[0]
    losses.append(total / len(y))
accuracy = float((model(autograd_lib.Tensor(X)).data.argmax(axis=1) == y).mean())
print(autograd_lib.__file__)
print(losses[0], losses[-1], accuracy)
"""

SOLUTION = re.compile(r":::\{solution\}[^\n]*\n(.*?)\n:::", re.S)  # MyST colon fences
CODE = re.compile(r"```python\n(.*?)```", re.S)


def solution_cells(notebook: nbformat.NotebookNode) -> list:
    """The code blocks of the chapter's exercise solutions, as code cells."""
    text = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    blocks = [code for solution in SOLUTION.findall(text) for code in CODE.findall(solution)]
    return [nbformat.v4.new_code_cell(code) for code in blocks]


def run(command: list, **kwargs) -> subprocess.CompletedProcess:
    """Run a set-up command; on failure show its output."""
    result = subprocess.run([str(c) for c in command], capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        pytest.fail(f"{' '.join(map(str, command))} failed:\n{result.stdout[-3000:]}"
                    f"{result.stderr[-3000:]}")
    return result


def third_party_requirements() -> Path:
    """requirements.txt, which must name only third-party packages (no `-e .`, no package)."""
    path = ROOT / "requirements.txt"
    lines = [line.split("#")[0].strip() for line in path.read_text().splitlines()]
    ours = [line for line in lines if line.startswith(("-e", ".")) or "autograd" in line.lower()]
    assert not ours, f"requirements.txt installs the book's own package: {ours}"
    return path


@pytest.fixture(scope="module")
def scratch():
    with tempfile.TemporaryDirectory(prefix="colab-") as folder:
        yield Path(folder)


@pytest.fixture(scope="module")
def wheel(scratch) -> Path:
    """A wheel of autograd_lib, built from a copy of the package files only."""
    source = scratch / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "autograd_lib", source / "autograd_lib",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", scratch / "dist", source])
    (built,) = (scratch / "dist").glob("autograd_lib-*.whl")
    return built


COLAB_PACKAGES = Path(__file__).with_name("colab_packages.txt")
NEEDS_TORCH_OR_NUMBA = re.compile(r"^\s*(?:import|from)\s+(?:torch|numba)\b|book\.kernels", re.M)
INSTALLED_AT_START: dict[Path, set[str]] = {}  # per environment: Colab's own packages


def colab_packages(without: frozenset[str] = frozenset()) -> list[str]:
    """Colab's preinstalled packages, pinned as the dated list gives them."""
    lines = [line.split("#")[0].strip() for line in COLAB_PACKAGES.read_text().splitlines()]
    return [line for line in lines if line and line.partition("==")[0] not in without]


def python313() -> Path:
    """Colab's Python: ``$PYTHON313``, pyenv's 3.13, or ``python3.13`` on the PATH."""
    candidates = [os.environ.get("PYTHON313"),
                  *sorted(Path.home().glob(".pyenv/versions/3.13*/bin/python3.13")),
                  shutil.which("python3.13")]
    for candidate in filter(None, candidates):
        probe = subprocess.run([str(candidate), "-c", "import sys; print(sys.version_info[:2])"],
                               capture_output=True, text=True)
        if probe.stdout.strip() == "(3, 13)":
            return Path(candidate)
    pytest.fail("no Python 3.13 for the Colab test: install it or set $PYTHON313")


def installed(python: Path) -> set[str]:
    freeze = run([python, "-m", "pip", "list", "--format=freeze"]).stdout.split()
    return {line.partition("==")[0].lower() for line in freeze}


def fresh_environment(venv: Path, base_python: Path | str, packages: list[str]) -> Path:
    """A virtual environment holding ``packages`` and a kernel of its own, and no autograd_lib."""
    run([base_python, "-m", "venv", venv])
    python = venv / "bin" / "python"
    # --no-compile: byte-compiling every installed file (torch's thousands) costs more than
    # compiling, on import, the few modules the chapters use.
    run([python, "-m", "pip", "install", "--quiet", "--no-compile", *packages])
    run([python, "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3"])
    missing = run([python, "-c", "import importlib.util; print(importlib.util.find_spec("
                                 "'autograd_lib') is None)"], cwd=venv.parent)
    assert missing.stdout.strip() == "True", "the fresh environment already has autograd_lib"
    INSTALLED_AT_START[python] = installed(python)
    return python


@pytest.fixture(scope="module")
def colab_python(scratch) -> Path:
    """Colab's packages on the build machine's Python (3.11), torch's nearest wheel included."""
    return fresh_environment(scratch / "venv", getattr(sys, "_base_executable", sys.executable),
                             colab_packages())


@pytest.fixture(scope="module")
def colab_python313(scratch) -> Path:
    """Colab's Python 3.13 with Colab's packages, less torch and numba (no wheels here)."""
    return fresh_environment(scratch / "venv313", python313(),
                             colab_packages(without=frozenset({"torch", "numba"})))


@pytest.mark.colab
def test_the_package_without_extras_installs_with_numpy_alone_and_trains_an_mlp(wheel, scratch):
    venv = scratch / "numpy-only"
    run([getattr(sys, "_base_executable", sys.executable), "-m", "venv", venv])
    python = venv / "bin" / "python"
    # The wheel without extras; -c pins NumPy to the version the book is built with.
    run([python, "-m", "pip", "install", "--quiet", "--no-compile", wheel,
         "-c", third_party_requirements()])
    assert installed(python) - {"pip", "setuptools"} == {"autograd_lib", "numpy"}  # nothing else
    workdir = scratch / "numpy-only-run"  # an empty folder: nothing to import from the repository
    workdir.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where, losses = run([python, "-c", TRAIN_MLP], cwd=workdir, env=env).stdout.splitlines()
    assert Path(where).is_relative_to(venv)
    first, last, accuracy = map(float, losses.split())
    assert last < first / 4 and accuracy >= 0.95, f"loss {first:.3f} -> {last:.3f}, {accuracy=}"


def site_packages(python: Path) -> Path:
    where = run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
    return Path(where.stdout.strip())


def environment(wheel: Path, python: Path) -> dict[str, str]:
    """The kernel's environment: the wheel as install source, nothing from the repository."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    venv = python.parent.parent
    env.update(AUTOGRAD_LIB_SOURCE=wheel.as_uri(), VIRTUAL_ENV=str(venv),
               JUPYTER_PATH=str(venv / "share" / "jupyter"),
               PATH=f"{python.parent}{os.pathsep}{env.get('PATH', '')}")
    return env


def run_as_in_colab(name: str, wheel: Path, python: Path, workdir: Path) -> None:
    """Run one chapter, then its exercise solutions, in a Colab session that starts afresh."""
    # A new session: what an earlier chapter installed (autograd_lib, the book extra) goes.
    # Files that pip did not install (Numba's on-disk cache of a chapter's kernels) would
    # survive an uninstall and leave an empty namespace package behind, so that folder goes too.
    added = installed(python) - INSTALLED_AT_START[python]
    if added:
        run([python, "-m", "pip", "uninstall", "--quiet", "--yes", *sorted(added)])
    shutil.rmtree(site_packages(python) / "autograd_lib", ignore_errors=True)
    notebook = nbformat.read(CHAPTERS / f"{name}.ipynb", as_version=4)
    venv = str(python.parent.parent)
    notebook.cells += solution_cells(notebook)
    notebook.cells.append(nbformat.v4.new_code_cell(PROOF.format(venv=venv, repo=str(ROOT))))
    workdir.mkdir(parents=True)
    copy = workdir / f"{name}.ipynb"
    nbformat.write(notebook, copy)
    cell_timeout = str(config()["execute"]["timeout"])  # seconds, as in the book build
    result = subprocess.run(
        [str(python), "-c", RUNNER, str(copy), cell_timeout], cwd=workdir,
        env=environment(wheel, python), capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, f"{name} failed as in Colab:\n{result.stderr[-4000:]}"


@pytest.mark.colab
@pytest.mark.parametrize("name", chapter_names())
def test_chapter_runs_from_the_wheel_in_a_fresh_environment(name, wheel, colab_python, scratch):
    run_as_in_colab(name, wheel, colab_python, scratch / "runs" / name)


def numpy_only_chapters() -> list[str]:
    """The chapters whose code imports neither torch nor numba (directly or via the kernels)."""
    def code(name: str) -> str:
        cells = nbformat.read(CHAPTERS / f"{name}.ipynb", as_version=4).cells
        return "\n".join(cell.source for cell in cells if cell.cell_type == "code")

    return [name for name in chapter_names() if not NEEDS_TORCH_OR_NUMBA.search(code(name))]


@pytest.mark.colab
@pytest.mark.parametrize("name", numpy_only_chapters())
def test_chapter_runs_under_colabs_python(name, wheel, colab_python313, scratch):
    run_as_in_colab(name, wheel, colab_python313, scratch / "runs313" / name)


@pytest.mark.colab
@pytest.mark.parametrize("name", chapter_names())
def test_chapter_prints_the_same_text_as_in_the_book_build(name, scratch):
    """Seeded chapters are reproducible: a second, independent run prints what the build
    printed, cell by cell (measured times, in cells tagged ``timing``, excepted)."""
    built = ROOT / "_build" / "jupyter_execute" / "chapters" / f"{name}.ipynb"
    rerun = scratch / "runs" / name / f"{name}.ipynb"
    assert built.is_file(), "no executed book: run `make book` first"
    assert rerun.is_file(), "the chapter did not run as in Colab (see the test above)"
    chapter_cells = len(nbformat.read(built, as_version=4).cells)  # not the solutions after
    assert [out for out in text_outputs(rerun) if out[0] < chapter_cells] == text_outputs(built)


def text_outputs(path: Path) -> list[tuple[int, str, str]]:
    """What each code cell printed or returned as text, stream chunks joined."""
    found = []
    cells = nbformat.read(path, as_version=4).cells
    for index, cell in enumerate(cells):
        if cell.cell_type != "code" or "timing" in cell.metadata.get("tags", []):
            continue
        for output in cell.outputs:
            if output.output_type == "stream":
                kind, text = output.name, output.text
            elif output.output_type == "error":
                kind, text = "error", f"{output.ename}: {output.evalue}"
            else:
                kind, text = "text/plain", output.get("data", {}).get("text/plain", "")
            if found and found[-1][:2] == (index, kind) and kind != "text/plain":
                found[-1] = (index, kind, found[-1][2] + text)
            else:
                found.append((index, kind, text))
    return found


def colab_links(entry: str) -> list[str]:
    html = (ROOT / "_build" / "html" / f"{entry}.html").read_text()
    base = config()["launch_buttons"]["colab_url"].rstrip("/")
    return sorted(set(re.findall(rf'href="({re.escape(base)}/[^"]*)"', html)))


@pytest.mark.html
@pytest.mark.parametrize("name", chapter_names())
def test_colab_link_opens_this_notebook_from_the_configured_repository(name):
    repository = config()["repository"]
    owner_repo = repository["url"].removeprefix("https://github.com/").rstrip("/")
    notebook = "/".join(filter(None, [repository.get("path_to_book", "").strip("/"),
                                      f"chapters/{name}.ipynb"]))
    colab = config()["launch_buttons"]["colab_url"].rstrip("/")
    expected = f"{colab}/github/{owner_repo}/blob/{repository['branch']}/{notebook}"
    assert colab_links(f"chapters/{name}") == [expected]
