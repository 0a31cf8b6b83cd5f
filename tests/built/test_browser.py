"""A real browser through the built site: what a reader sees, not what the HTML says.

Run after `make book` (marker ``browser``); `make test` does both in order. The site in
``_build/html`` is served on 127.0.0.1 and Debian's Chromium (``/usr/bin/chromium``, or the
path in ``$CHROMIUM``; `.ci/run` installs it) visits every page of the table of contents,
driven by Playwright, which downloads no browser of its own. Screenshots of the intro and of
the first chapter land in ``_build/screenshots/`` for people to look at.
"""

import functools
import http.server
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from autograd_lib.book.animation import FRAME_DPI
from autograd_lib.book.plotting import MIN_FONT_SIZE

from book import ROOT, chapter_names, toc_files

pytestmark = pytest.mark.browser

HTML = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
PAGES = toc_files()
CHAPTERS = [entry for entry in PAGES if entry.startswith("chapters/")]

# Requests that may leave the machine while a page loads: none. The Colab, GitHub and
# download links are anchors, followed only when a reader clicks them; Thebe (live code)
# is not loaded at all (tools/no_thebe.py).
OFF_MACHINE_ALLOWED: set[str] = set()

class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        """Keep the test output free of one line per request."""


@pytest.fixture(scope="module")
def site():
    """The built site served on 127.0.0.1 from a thread; yields its base url."""
    if not (HTML / "index.html").is_file():
        pytest.fail("no built book: run `make book` first")
    handler = functools.partial(QuietHandler, directory=str(HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.is_file():
        pytest.fail(f"no Chromium at {CHROMIUM}: `apt-get install chromium` (.ci/run does it) "
                    "or set $CHROMIUM")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """One page loaded in its own browser context, and what happened while it loaded."""

    page: object
    console_errors: list[str] = field(default_factory=list)
    failed_local: list[str] = field(default_factory=list)
    off_machine: list[str] = field(default_factory=list)


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == "127.0.0.1"


def open_page(browser, url: str, width: int = 1280, height: int = 900, scale: int = 1) -> Visit:
    """Load ``url`` with every request watched, and wait until the page has settled."""
    context = browser.new_context(viewport={"width": width, "height": height},
                                  device_scale_factor=scale)
    page = context.new_page()
    visit = Visit(page)

    def route(route):
        url = route.request.url
        if is_local(url) or url in OFF_MACHINE_ALLOWED:
            route.continue_()
        else:
            visit.off_machine.append(url)
            route.abort()

    def on_console(message):
        source = message.location.get("url", "")
        if message.type != "error" or not is_local(source):
            return  # an off-machine failure is reported once, by the off-machine test
        if urlsplit(source).path == "/favicon.ico":
            return  # the browser asks for /favicon.ico by itself; no page links one
        visit.console_errors.append(f"{message.text} ({source})")

    def on_response(response):
        if response.status >= 400 and is_local(response.url):
            visit.failed_local.append(f"{response.status} {response.url}")

    page.route("**/*", route)
    page.on("console", on_console)
    page.on("pageerror", lambda error: visit.console_errors.append(f"uncaught: {error}"))
    page.on("response", on_response)
    page.on("requestfailed", lambda request: is_local(request.url) and visit.failed_local.append(
        f"{request.failure} {request.url}"))
    page.goto(url, wait_until="load")
    page.evaluate("async () => { if (window.MathJax?.startup?.promise) "
                  "await window.MathJax.startup.promise; }")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => [...document.images].every(image => image.complete)")
    return visit


@pytest.fixture(scope="module")
def visits(browser, site):
    """Each page of the table of contents, loaded once on first use."""
    loaded: dict[str, Visit] = {}

    def visit(entry: str) -> Visit:
        if entry not in loaded:
            loaded[entry] = open_page(browser, f"{site}{entry}.html")
        return loaded[entry]

    yield visit
    for loaded_visit in loaded.values():
        loaded_visit.page.context.close()


@pytest.mark.parametrize("entry", PAGES)
def test_page_loads_without_console_errors(visits, entry):
    assert not visits(entry).console_errors  # no whitelist: every console error fails


@pytest.mark.parametrize("entry", PAGES)
def test_page_loads_every_local_file_it_asks_for(visits, entry):
    assert not visits(entry).failed_local


@pytest.mark.parametrize("entry", PAGES)
def test_page_makes_no_request_off_the_machine(visits, entry):
    assert not visits(entry).off_machine


# Visible text that is neither code nor rendered math: raw TeX left there was not typeset.
VISIBLE_PROSE = """() => {
  const skip = 'PRE, CODE, SCRIPT, STYLE, MJX-CONTAINER, TEXTAREA';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const texts = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.parentElement.closest(skip)) texts.push(node.textContent);
  }
  return texts.join(' ');
}"""


@pytest.mark.parametrize("entry", PAGES)
def test_math_is_rendered_by_mathjax(visits, entry):
    page = visits(entry).page
    has_math = (HTML / f"{entry}.html").read_text().count('class="math') > 0
    if has_math:
        assert page.locator("mjx-container").count() > 0, "math on the page was not typeset"
    prose = page.evaluate(VISIBLE_PROSE)
    for raw in ("$$", "\\[", "\\("):
        assert raw not in prose, f"raw TeX {raw!r} is visible: {prose[prose.index(raw):][:80]!r}"


@pytest.mark.parametrize("entry", PAGES)
def test_every_image_loads(visits, entry):
    broken = visits(entry).page.evaluate(
        "() => [...document.images].filter(i => i.naturalWidth === 0).map(i => i.src.slice(0, 80))"
    )
    assert not broken


def pages_with(marker: str) -> list[str]:
    """Toc pages whose built HTML contains ``marker`` (empty before the book is built)."""
    built = [(entry, HTML / f"{entry}.html") for entry in PAGES]
    return [entry for entry, page in built if page.is_file() and marker in page.read_text()]


def test_chapter_3_has_an_animation():
    chapter = "chapters/03_gradient_descent_variants"
    if chapter not in PAGES:
        pytest.skip("chapter 3 is not in the book yet")
    assert chapter in pages_with('class="animation"')


@pytest.mark.parametrize("entry", pages_with('class="animation"'))
def test_animations_show_their_controls_and_step_frames(visits, entry):
    page = visits(entry).page
    for animation in page.locator(".animation").all():
        animation.scroll_into_view_if_needed()
        buttons = animation.locator(".anim-buttons button")
        assert buttons.count() >= 5 and all(b.is_visible() for b in buttons.all())
        assert animation.locator("input.anim-slider").is_visible()
        frame = animation.locator("img").first
        assert frame.evaluate("image => image.naturalWidth") > 0, "no frame shown"
        animation.locator("button[title='Pause']").click()
        animation.locator("button[title='First frame']").click()
        first = frame.get_attribute("src")
        animation.locator("button[title='Next frame']").click()
        assert frame.get_attribute("src") != first, "Next frame did not change the picture"


@pytest.mark.parametrize("entry", CHAPTERS)
def test_solutions_are_hidden_until_toggled(visits, entry):
    page = visits(entry).page
    solutions = page.locator(".solution.dropdown").all()
    assert len(solutions) >= 3, "a chapter has at least three exercises with solutions"
    for solution in solutions:
        body = solution.locator(":scope > :not(.admonition-title)").first
        assert not body.is_visible(), "a solution is visible before its toggle is pressed"
        solution.scroll_into_view_if_needed()
        solution.locator(".toggle-button").click()
        body.wait_for(state="visible", timeout=5000)


def search_target() -> tuple[str, str]:
    """Chapter 8's page, or the last chapter while chapter 8 is not written, and a word from
    its title (the longest one) that the search must find there."""
    chapter = next((c for c in CHAPTERS if Path(c).name.startswith("08_")), CHAPTERS[-1])
    title = re.search(r"<h1>(.*?)<", (HTML / f"{chapter}.html").read_text(), flags=re.S)
    words = re.findall(r"[A-Za-z]{5,}", title.group(1))
    return chapter, max(words, key=len).lower()


def test_search_page_finds_a_word_from_chapter_8(browser, site):
    chapter, word = search_target()
    visit = open_page(browser, f"{site}search.html?q={word}")
    page = visit.page
    page.wait_for_function(
        "() => document.querySelector('#search-results .search-summary')"
        "?.textContent.includes('Search finished')", timeout=15000)
    found = page.eval_on_selector_all("#search-results ul.search li a",
                                      "links => links.map(a => a.getAttribute('href'))")
    page.context.close()
    assert any(href.split("#")[0].split("?")[0] == f"{chapter}.html" for href in found), (
        f"searching {word!r} did not find {chapter}: {found}")


def test_screenshots_of_the_intro_and_a_chapter_are_saved(browser, site):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = {"intro": SCREENSHOTS / "intro.png"}
    if CHAPTERS:
        shots[CHAPTERS[0]] = SCREENSHOTS / f"{chapter_names()[0]}.png"
    for entry, path in shots.items():
        page = open_page(browser, f"{site}{entry}.html").page  # fresh: nothing toggled
        page.screenshot(path=str(path), full_page=entry == "intro")
        page.context.close()
        assert path.stat().st_size > 10_000, f"{path} looks empty"


# Elements of the article reaching past the screen's right edge with no box that scrolls them.
CUT_OFF = """() => {
  const width = window.innerWidth, found = [];
  for (const element of document.querySelectorAll("article.bd-article *")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let parent = element.parentElement, scrolled = false;
    for (; parent; parent = parent.parentElement) {
      const overflow = getComputedStyle(parent).overflowX;
      if (overflow === "auto" || overflow === "scroll") { scrolled = true; break; }
    }
    if (!scrolled) found.push(`${element.tagName.toLowerCase()}.${element.className}`);
  }
  return found.slice(0, 10);
}"""

PHONE_CHAPTERS = ["03_gradient_descent_variants", "08_tensor_engine", "10_neural_networks"]
PHONE = {"width": 390, "height": 844, "scale": 3}


@pytest.fixture(scope="module")
def phone_visits(browser, site):
    """Each chapter loaded once at a phone's 390 x 844 (3x pixels), on first use."""
    loaded: dict[str, Visit] = {}

    def visit(name: str) -> Visit:
        if name not in loaded:
            loaded[name] = open_page(browser, f"{site}chapters/{name}.html", **PHONE)
        return loaded[name]

    yield visit
    for loaded_visit in loaded.values():
        loaded_visit.page.context.close()


@pytest.mark.parametrize("name", chapter_names())
def test_a_chapter_fits_a_phone_screen(phone_visits, name):
    """On a phone the page never scrolls sideways: wide tables and outputs scroll inside their
    own boxes. Screenshots of three chapters are saved for people to look at."""
    page = phone_visits(name).page
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    cut_off = page.evaluate(CUT_OFF)
    if name in PHONE_CHAPTERS:  # the page's top, and its animation or else its first figure
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-390px.png"))
        for selector in ("article.bd-article .animation", "article.bd-article .cell_output img"):
            if (shown := page.locator(selector)).count():
                shown.first.screenshot(path=str(SCREENSHOTS / f"{name}-390px-figure.png"))
                break
    assert overflow <= 1, f"{name} is {overflow} px wider than a 390 px phone screen"
    assert not cut_off, f"{name}: content cut off at the right on a phone: {cut_off}"


# The figures of a page as the reader sees them: file, drawn width and natural width (CSS px).
FIGURES = """() => [...document.querySelectorAll("article.bd-article img")].map(image => ({
  src: image.getAttribute("src"), drawn: image.getBoundingClientRect().width,
  natural: image.naturalWidth, animated: image.closest(".animation") !== null}))"""
MIN_TEXT_PX = 8  # the smallest text a figure may show on a phone, in CSS px
# matplotlib draws each text as glyph outlines in a group scaled by font size / 100;
# draw.py's graphs write SVG text with a font-size attribute.
MATPLOTLIB_TEXT = re.compile(r'<g transform="[^"]*scale\(([\d.]+) -[\d.]+\)">')
SVG_FONT_SIZE = re.compile(r'font-size="([\d.]+)')


def smallest_text(svg: str) -> float:
    """The smallest font size in an SVG figure, in its own user units (matplotlib: points).

    Superscripts (a tick label's exponent) are drawn smaller inside their label's group and
    are not counted: the label they belong to is.
    """
    sizes = [100 * float(s) for s in MATPLOTLIB_TEXT.findall(svg)]
    sizes += [float(s) for s in SVG_FONT_SIZE.findall(svg)]
    return min(sizes, default=float("inf"))


def svg_width(svg: str) -> float:
    """The width of an SVG's drawing in its user units (the viewBox's)."""
    return float(re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+)', svg).group(1))


def text_px_on_a_phone(figure: dict, page_file: Path) -> float:
    """The smallest text of ``figure`` (from FIGURES) as drawn on the phone, in CSS px."""
    if figure["animated"]:  # PNG frames drawn with the book's fonts at the animation's dpi
        drawn_font = MIN_FONT_SIZE / 72 * FRAME_DPI
        return drawn_font * figure["drawn"] / figure["natural"]
    svg = (page_file.parent / unquote(urlsplit(figure["src"]).path)).read_text(encoding="utf-8")
    return smallest_text(svg) * figure["drawn"] / svg_width(svg)


@pytest.mark.parametrize("name", chapter_names())
def test_every_figure_is_sharp_and_legible_on_a_phone(phone_visits, name):
    """Figures are SVG (sharp at any pixel density), or the animation's PNG frames; no text in
    them is drawn under MIN_TEXT_PX on a phone, where figures shrink to the column."""
    figures = phone_visits(name).page.evaluate(FIGURES)
    page_file = HTML / "chapters" / f"{name}.html"
    raster = [f["src"][:60] for f in figures if not f["animated"]
              and not urlsplit(f["src"]).path.endswith(".svg")]
    assert not raster, f"figures that are not SVG: {raster}"
    small = {f["src"][:60]: round(px, 1) for f in figures
             if (px := text_px_on_a_phone(f, page_file)) < MIN_TEXT_PX}
    assert not small, f"text under {MIN_TEXT_PX} px on a 390 px phone: {small}"


def test_a_desktop_page_shows_one_search_box(browser, site):
    page = open_page(browser, f"{site}chapters/{chapter_names()[0]}.html").page
    boxes = page.eval_on_selector_all(
        ".search-button-field, input[type=search]",
        "found => found.filter(e => e.getBoundingClientRect().width > 0).length")
    page.context.close()
    assert boxes == 1, f"{boxes} search boxes visible on a desktop page"
