"""The book build is strict: a notebook whose cell raises makes it fail."""

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from book import ROOT, SETUP_CELL

JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"


def make_book(folder: Path, cell: str) -> None:
    """A one-chapter book with the real configuration and the given code cell."""
    # the configuration and the files it names
    for name in ("_config.yml", "references.bib", "tools/encrypted_kernels.py", "tools/no_thebe.py",
                 "_static/favicon.svg"):
        (folder / name).parent.mkdir(exist_ok=True)
        shutil.copy(ROOT / name, folder / name)
    (folder / "intro.md").write_text("# Intro\n")
    (folder / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n  - file: chapter\n")
    setup = nbformat.v4.new_code_cell(SETUP_CELL, metadata={"tags": ["remove-cell"]})
    chapter = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Chapter"), setup, nbformat.v4.new_code_cell(cell),
    ])
    chapter.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                      "language": "python"}
    nbformat.write(chapter, folder / "chapter.ipynb")


def build(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(JUPYTER_BOOK), "build", str(folder), "--all", "-W", "-n", "--keep-going"],
        capture_output=True, text=True, timeout=600,
    )


def test_a_raising_cell_fails_the_build(tmp_path):
    make_book(tmp_path, "raise RuntimeError('this cell is broken on purpose')")
    result = build(tmp_path)
    assert result.returncode != 0
    log = tmp_path / "_build" / "html" / "reports" / "chapter.err.log"  # where the README says
    assert "this cell is broken on purpose" in log.read_text()


def test_the_same_book_with_a_working_cell_builds(tmp_path):
    make_book(tmp_path, "print(6 * 7)")
    result = build(tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert (tmp_path / "_build" / "html" / "chapter.html").is_file()
    assert "WARNING" not in output, output[-6000:]  # not even in the kernel's own log
