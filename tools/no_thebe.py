"""Keep sphinx-thebe's scripts out of the pages: the book runs its code in Colab, not Thebe.

Jupyter Book 1.x always loads the sphinx-thebe extension, which adds an inline script declaring
``const THEBE_JS_URL`` and ``sphinx-thebe.js``; the theme declares the same constant again, so
every page logged "Identifier 'THEBE_JS_URL' has already been declared". No setting turns the
extension off, so this one drops its scripts from each page's context.
"""

from typing import Any


def _is_thebe(script: Any) -> bool:
    name = str(getattr(script, "filename", script) or "")
    body = getattr(script, "attributes", {}).get("body", "")
    return "sphinx-thebe" in name or "THEBE_JS_URL" in body


def drop_thebe_scripts(app: Any, pagename: str, templatename: str, context: dict, doctree: Any):
    """Remove Thebe's script and style tags from the page about to be written."""
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [s for s in context[key] if not _is_thebe(s)]


def setup(app: Any) -> dict[str, bool]:
    """Sphinx entry point."""
    app.connect("html-page-context", drop_thebe_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
