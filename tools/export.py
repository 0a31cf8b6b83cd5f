"""Write the cells marked `#| export` in chapters/ into autograd_lib: the reader's code, by nbdev.

Usage: ``python tools/export.py`` (``make export``), from the repository root or any folder
holding a copy of ``pyproject.toml`` and ``chapters/``. Only the modules the chapters name
(``#| default_exp``) are written: `nbdev-export` would also rewrite the package's docstring,
add ``chapters/llms.txt`` and a symbol index, none of which the book uses.
"""

from pathlib import Path

from nbdev.config import get_config
from nbdev.export import nb_export


def export() -> list[Path]:
    """Export every chapter notebook into the package; return the notebooks read."""
    config = get_config()
    notebooks = sorted(Path(config.nbs_path).glob("*.ipynb"))
    for notebook in notebooks:
        nb_export(notebook, lib_path=config.lib_path)
    return notebooks


if __name__ == "__main__":
    export()
