"""Facts about the book that several tests read: chapter order, notebooks, the chapter map."""

import ast
import tomllib
from functools import cache
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"
SETUP_CELL = (ROOT / "tools" / "setup_cell.py").read_text().strip()


@cache
def config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text())


@cache
def toc_files() -> list[str]:
    """Every file the table of contents lists, in reading order, without suffix."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [entry["file"] for entry in part["chapters"]]
    return files


def chapter_names() -> list[str]:
    """The chapter notebooks' names (``01_unsupervised_loss``) in reading order."""
    return [Path(f).name for f in toc_files() if f.startswith("chapters/")]


def notebook(name: str) -> nbformat.NotebookNode:
    return nbformat.read(CHAPTERS / f"{name}.ipynb", as_version=4)


def code_cells(name: str) -> list[nbformat.NotebookNode]:
    return [cell for cell in notebook(name).cells if cell.cell_type == "code"]


@cache
def chapter_map() -> dict[str, list[str]]:
    """The machine-readable map: chapter name -> modules of autograd_lib it introduces."""
    table = tomllib.loads((ROOT / "autograd_lib" / "chapters.toml").read_text())
    return {chapter: entry["modules"] for chapter, entry in table.items()}


def imported_modules(source: str) -> set[str]:
    """Modules of autograd_lib that a cell imports, by full dotted name."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    found = set()
    for node in ast.walk(ast.parse("\n".join(lines))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name.split(".")[0] == "autograd_lib"}
