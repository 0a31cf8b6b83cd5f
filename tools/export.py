"""Write the cells marked `#| export` in chapters/ into autograd_lib: the reader's code, by nbdev.

Usage: ``python tools/export.py`` (``make export``), from the repository root or any folder
holding a copy of ``pyproject.toml`` and ``chapters/``. Only the modules the chapters name are
written: `nbdev-export` would also rewrite the package's docstring, add ``chapters/llms.txt``
and a symbol index, none of which the book uses.

A chapter names its main module with ``#| default_exp`` and may send cells to further modules
with ``#| export other.module`` (chapter 12 splits its compiler this way). nbdev itself only
appends to such a module if it already exists; here every module is written afresh from its
cells, so the output depends on the notebooks alone and a fresh copy can check it is not stale.
"""

from pathlib import Path

from nbdev.config import get_config
from nbdev.export import ExportModuleProc
from nbdev.maker import ModuleMaker
from nbdev.process import NBProcessor


def export_notebook(notebook: Path, lib_path: Path) -> None:
    """Write every module `notebook` exports to, each from scratch."""
    exporter = ExportModuleProc()
    NBProcessor(notebook, exporter).process()
    for module, cells in exporter.modules.items():
        if not any(cell.cell_type == "code" for cell in cells):
            continue
        name = exporter.default_exp if module == "#" else module
        maker = ModuleMaker(dest=lib_path, name=name, nb_path=notebook, is_new=True)
        maker.make(cells, exporter.in_all[module], lib_path=lib_path)


def export() -> list[Path]:
    """Export every chapter notebook into the package; return the notebooks read."""
    config = get_config()
    notebooks = sorted(Path(config.nbs_path).glob("*.ipynb"))
    for notebook in notebooks:
        export_notebook(notebook, config.lib_path)
    return notebooks


if __name__ == "__main__":
    export()
