"""Execute one chapter notebook on its own, the way the book build does.

Usage: ``python tools/run_chapter.py 3`` (or a notebook path). The notebook runs in an empty
temporary directory, so it cannot lean on files in the repository; the executed copy is
written to ``_build/chapters/`` and the script exits non-zero if any cell raises.
"""

import sys
import tempfile
import time
from pathlib import Path

import nbformat
from encrypted_kernels import encrypt_kernel_connections
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent


def find_notebook(spec: str) -> Path:
    """Accept a chapter number (``3``) or a path to a notebook."""
    if spec.isdigit():
        matches = sorted((ROOT / "chapters").glob(f"{int(spec):02d}_*.ipynb"))
        if len(matches) != 1:
            sys.exit(f"run_chapter: expected one notebook for chapter {spec}, found {len(matches)}")
        return matches[0]
    path = Path(spec)
    if not path.is_file():
        sys.exit(f"run_chapter: no such notebook: {spec}")
    return path


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.exit("usage: python tools/run_chapter.py N|PATH  (e.g. make chapter N=3)")
    path = find_notebook(argv[0])
    encrypt_kernel_connections()  # as in the book build
    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as workdir:
        client = NotebookClient(notebook, timeout=120, resources={"metadata": {"path": workdir}})
        try:
            client.execute()
        except CellExecutionError as error:
            print(error, file=sys.stderr)
            return 1
        finally:
            out = ROOT / "_build" / "chapters" / path.name
            out.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(notebook, out)
    print(f"{path.name}: executed in {time.perf_counter() - start:.1f} s -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
