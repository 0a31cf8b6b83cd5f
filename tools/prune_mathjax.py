"""Keep only the MathJax files the built site can load: ``python tools/prune_mathjax.py [SITE]``.

sphinx-mathjax-offline copies all of MathJax 3 (about 24 MB, most of the site) into
``_static/mathjax`` when a build finishes. The pages load one combined bundle,
``tex-chtml.js``, which fetches the rest on demand from the subfolders (fonts, TeX extensions,
the menu, accessibility). The other combined bundles at the top level (``tex-svg.js``,
``mml-chtml.js``, ...) are alternatives that no page requests; removing them keeps the site
well under its size budget (tests/built/test_site.py). `make book` and `make dev` run this after
the build; the browser tests prove that no page misses a file.
"""

import sys
from pathlib import Path

ENTRY = "tex-chtml.js"  # what sphinx-mathjax-offline sets as mathjax_path


def prune_unused_bundles(site: Path) -> int:
    """Delete every top-level MathJax bundle except the entry point; return bytes freed."""
    folder = site / "_static" / "mathjax"
    if not (folder / ENTRY).is_file():
        return 0
    freed = 0
    for bundle in folder.glob("*.js"):
        if bundle.name != ENTRY:
            freed += bundle.stat().st_size
            bundle.unlink()
    return freed


def main(argv: list[str]) -> int:
    site = Path(argv[0] if argv else "_build/html")
    freed = prune_unused_bundles(site)
    print(f"prune_mathjax: removed {freed / 1e6:.1f} MB of unused MathJax bundles from {site}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
