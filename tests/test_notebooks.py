"""Hygiene of the chapter notebooks: committed clean, set up alike, importing in order."""

import importlib
import importlib.util

import pytest

from book import (
    CHAPTERS,
    ROOT,
    SETUP_CELL,
    chapter_map,
    chapter_names,
    code_cells,
    config,
    imported_modules,
    notebook,
    toc_files,
)

CHAPTER_NAMES = chapter_names()


def test_every_toc_entry_exists():
    missing = [f for f in toc_files() if not any(ROOT.glob(f"{f}.*"))]
    assert not missing, f"_toc.yml lists files that do not exist: {missing}"


def test_every_chapter_file_is_in_the_toc():
    on_disk = {p.stem for p in CHAPTERS.glob("*.ipynb")} | {p.stem for p in CHAPTERS.glob("*.md")}
    assert on_disk == set(CHAPTER_NAMES), "chapters/ and _toc.yml disagree"


def test_chapters_are_numbered_in_reading_order():
    numbers = [int(name.split("_")[0]) for name in CHAPTER_NAMES]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


def test_chapter_map_covers_every_chapter_in_reading_order():
    planned = list(chapter_map())
    assert planned == sorted(planned), "chapters.toml is not in reading order"
    missing = [name for name in CHAPTER_NAMES if name not in planned]
    assert not missing, f"chapters missing from autograd_lib/chapters.toml: {missing}"


def test_each_module_is_introduced_once_and_exists():
    introduced = [m for modules in chapter_map().values() for m in modules]
    assert len(introduced) == len(set(introduced)), "a module is introduced by two chapters"
    written = [m for name in CHAPTER_NAMES for m in chapter_map()[name]]
    for module in written:
        assert importlib.util.find_spec(module) is not None, f"{module} is in the map but missing"


@pytest.mark.parametrize("name", CHAPTER_NAMES)
def test_notebook_is_committed_without_outputs(name):
    dirty = [i for i, cell in enumerate(code_cells(name)) if cell.outputs or cell.execution_count]
    assert not dirty, f"{name}: code cells {dirty} have outputs or execution counts"


@pytest.mark.parametrize("name", CHAPTER_NAMES)
def test_first_code_cell_is_the_shared_setup_cell(name):
    first = code_cells(name)[0]
    assert first.source.strip() == SETUP_CELL, f"{name}: first code cell is not tools/setup_cell.py"
    assert "remove-cell" in first.metadata.get("tags", []), f"{name}: setup cell is not hidden"


def test_setup_cell_installs_from_the_configured_repository():
    assert f'REPOSITORY = "{config()["repository"]["url"]}"' in SETUP_CELL


def test_setup_cell_installs_the_book_extra():
    """The package alone needs only NumPy; the chapters need the `book` extra too."""
    assert '"autograd_lib[book] @ ' in SETUP_CELL


@pytest.mark.parametrize("name", CHAPTER_NAMES)
def test_notebook_has_a_python_kernel(name):
    assert notebook(name).metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("name", CHAPTER_NAMES)
def test_chapter_imports_only_modules_introduced_so_far(name):
    chapters = list(chapter_map())
    allowed = {"autograd_lib"}
    for earlier in chapters[: chapters.index(name) + 1]:
        allowed |= set(chapter_map()[earlier])
    allowed |= {m.rpartition(".")[0] for m in allowed}  # a subpackage opens with its first module
    used = set().union(*(imported_modules(cell.source) for cell in code_cells(name)))
    too_early = {defining_module(m) for m in used} - allowed
    assert not too_early, f"{name} imports modules introduced by later chapters: {too_early}"


def defining_module(dotted: str) -> str:
    """The module behind an imported name: the name itself, or the module defining the object."""
    try:
        if importlib.util.find_spec(dotted) is not None:
            return dotted
    except ModuleNotFoundError:  # a name inside a plain module: find_spec cannot look into it
        pass
    parent, _, attribute = dotted.rpartition(".")
    return getattr(getattr(importlib.import_module(parent), attribute), "__module__", parent)


@pytest.mark.parametrize("name", CHAPTER_NAMES)
def test_chapter_template(name):
    """Objectives, a summary and at least three exercises with solutions."""
    text = "\n".join(c.source for c in notebook(name).cells if c.cell_type == "markdown")
    assert "learning objectives" in text.lower() or "you will" in text.lower()
    assert "summary" in text.lower()
    assert text.count(":::{exercise}") + text.count("```{exercise}") >= 3
    assert text.count(":::{solution}") + text.count("```{solution}") >= 3
