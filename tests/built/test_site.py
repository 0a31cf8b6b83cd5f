"""The built site as files: every internal link resolves, the pages stay light, every image has
alt text, and no page shows a raw traceback or a path of the machine that built it.

Run after `make book` (marker ``html``). The build itself is nitpicky (``-n``), so Sphinx
cross-references resolve; this checks what ends up in the HTML, including links written by
hand, by the theme and by extensions. External urls are not followed (no network here).
"""

import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from book import ROOT, toc_files

pytestmark = pytest.mark.html

HTML = ROOT / "_build" / "html"
PAGE_LIMIT = 3_000_000  # bytes: one page and the images it shows
SITE_LIMIT = 40_000_000  # bytes: everything that is published
# What a page must not show: a raw traceback (a chapter prints an error's one-line message
# instead), or an absolute path of the build machine (a home, a scratch or a work folder, an
# installed package's or a virtual environment's files).
LEAK = re.compile(r"Traceback \(most recent call last\)|/work/|/home/|/tmp/|site-packages|\.venv/")
LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src",
                   "iframe": "src"}


def site_pages() -> list[Path]:
    """Every HTML page of the site (the theme's and extensions' static files excepted)."""
    if not HTML.is_dir():
        return []
    return sorted(p for p in HTML.rglob("*.html") if "_static" not in p.relative_to(HTML).parts)


@pytest.fixture(scope="module", autouse=True)
def built_site():
    if not (HTML / "index.html").is_file():
        pytest.fail("no built book: run `make book` first")


@cache
def soup(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


@cache
def anchors(page: Path) -> frozenset[str]:
    """The fragment names a page defines (ids and named anchors)."""
    tree = soup(page)
    return frozenset(tag["id"] for tag in tree.find_all(id=True)) | frozenset(
        tag["name"] for tag in tree.find_all("a", attrs={"name": True}))


def local_links(page: Path) -> list[str]:
    """The page's links to files of the site (external and data urls left out)."""
    links = []
    for tag, attribute in LINK_ATTRIBUTES.items():
        for element in soup(page).find_all(tag, attrs={attribute: True}):
            url = element[attribute].strip()
            parts = urlsplit(url)
            if url and not parts.scheme and not parts.netloc:
                links.append(url)
    return links


def broken_link(page: Path, url: str) -> str | None:
    """Why ``url`` (found on ``page``) does not resolve, or None when it does."""
    parts = urlsplit(url)
    target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
    if parts.path.endswith("/"):
        target = target / "index.html"
    if not target.is_relative_to(HTML.resolve()):
        return f"{url}: points outside the site"
    if not target.is_file():
        return f"{url}: no file {target.relative_to(HTML.resolve())}"
    fragment = unquote(parts.fragment)
    if fragment and target.suffix == ".html" and fragment not in anchors(target):
        return f"{url}: no anchor #{fragment} in {target.relative_to(HTML.resolve())}"
    return None


@pytest.mark.parametrize("page", site_pages(), ids=lambda p: p.relative_to(HTML).as_posix())
def test_every_internal_link_resolves(page):
    broken = [reason for url in local_links(page) if (reason := broken_link(page, url))]
    assert not broken, "\n".join(broken)


def leaks(text: str) -> list[str]:
    """Each raw traceback or machine path in ``text``, with the words around it."""
    return [" ".join(text[max(0, m.start() - 50) : m.end() + 50].split())
            for m in LEAK.finditer(text)]


def test_no_page_shows_a_traceback_or_a_machine_path():
    pages = site_pages()
    assert pages, "no pages found"
    found = {page.relative_to(HTML).as_posix(): leaks(soup(page).get_text())
             for page in pages}
    found = {page: snippets for page, snippets in found.items() if snippets}
    assert not found, "\n".join(f"{page}: {snippets[:3]}" for page, snippets in found.items())


def page_weight(page: Path) -> int:
    """Bytes a reader downloads for this page alone: the HTML and the images it shows.

    Theme files, scripts and MathJax are shared by every page (cached once) and count
    towards the site's total instead.
    """
    images = {
        (page.parent / unquote(urlsplit(img["src"]).path)).resolve()
        for img in soup(page).find_all("img", src=True)
        if not urlsplit(img["src"]).scheme and "_static" not in img["src"]
    }
    return page.stat().st_size + sum(image.stat().st_size for image in images if image.is_file())


@pytest.mark.parametrize("page", site_pages(), ids=lambda p: p.relative_to(HTML).as_posix())
def test_no_page_is_over_3_mb(page):
    assert page_weight(page) <= PAGE_LIMIT, f"{page_weight(page) / 1e6:.2f} MB"


def test_the_whole_site_is_under_40_mb():
    total = sum(f.stat().st_size for f in HTML.rglob("*") if f.is_file())
    assert total <= SITE_LIMIT, f"the site weighs {total / 1e6:.1f} MB"


def test_no_unused_mathjax_bundle_is_published():
    """tools/prune_mathjax.py ran: only the entry point is left at MathJax's top level."""
    bundles = sorted(p.name for p in (HTML / "_static" / "mathjax").glob("*.js"))
    assert bundles == ["tex-chtml.js"]


def test_bibliography_page_lists_every_reference():
    entries = re.findall(r"^@\w+\{([^,]+),", (ROOT / "references.bib").read_text(), re.MULTILINE)
    page = HTML / "references.html"
    if "references" not in toc_files():
        pytest.skip("references.md is not in the table of contents yet")
    listed = soup(page).select("div.citation")
    assert len(listed) == len(entries), f"{len(listed)} listed for {len(entries)} in the .bib"


def missing_alt(page: Path) -> list[str]:
    """The images on ``page`` whose alt text is absent or merely names the image's file."""
    bad = []
    for image in soup(page).find_all("img"):
        alt, src = (image.get("alt") or "").strip(), image.get("src", "")
        if not alt or alt == src or Path(alt).suffix in {".png", ".svg", ".jpg", ".gif"}:
            bad.append(f"{src}: alt {alt!r}")
    return bad


@pytest.mark.parametrize("page", site_pages(), ids=lambda p: p.relative_to(HTML).as_posix())
def test_every_image_says_what_it_shows(page):
    bad = missing_alt(page)
    assert not bad, "images without alt text (set the cell's mystnb.image.alt):\n" + "\n".join(bad)
