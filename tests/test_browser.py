"""The built book works in a real browser, offline.

Every HTML page of a quick build is opened in headless Chromium (Debian's
``/usr/bin/chromium``, driven by Playwright), served from 127.0.0.1 with all
other traffic blocked, and checked for:

- failed requests: ``requestfailed`` events, HTTP status >= 400, and requests to
  anywhere but the local book (these are aborted, so the check is offline);
- console errors and uncaught exceptions (``pageerror``);
- formulas: every element Sphinx marks as math (class ``math``) holds a MathJax
  ``mjx-container``, MathJax reported no error (``mjx-merror``), and no TeX
  delimiter is left as plain text outside code;
- plotly figures: every ``div.plotly-graph-div`` has been drawn (``.main-svg``);
- images: every ``img`` has loaded (``complete && naturalWidth > 0``) and has
  ``alt`` text that says what it shows (not missing, empty, a file name or a
  generic word: :func:`aecourse.descriptions.is_generic`; a sentence for an
  image in the text, a name for an icon of the theme's buttons);
- interactive figures: every plotly figure sits in a ``<figure>`` whose
  ``aria-label`` describes it, with a text summary of its data;
- accessibility: axe-core (``axe-playwright-python``) finds no violation of
  impact *serious* or *critical* on any page, in the light and in the dark
  theme, except those listed in ``tests/a11y_theme_issues.json`` (theme
  problems the book's CSS and templates cannot fix, each with the rule, the
  element's selector, the reason and the theme's issue); the whole report goes
  to ``_build/a11y.json``;
- search: a word that appears in one chapter only is searched for on the
  book's search page, from ``file://`` and from ``make serve``, and that
  chapter is found.

A chapter is also opened from ``file://``, as a reader who double-clicks the
HTML file would. Full-page screenshots of the chapters go to
``_build/screenshots/<chapter>.png``.

The checker itself is tested on tiny hand-written pages, so that each kind of
failure is known to be caught; those tests need no book build.

The browser is Debian's Chromium, not one downloaded by ``playwright install``:
set ``AECOURSE_CHROMIUM`` to use another binary.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from collections.abc import Iterator

import pytest

from conftest import ROOT

from playwright import sync_api  # a test dependency (requirements.lock): missing means a broken set-up
from axe_playwright_python.sync_playwright import Axe  # the same

from aecourse.descriptions import MIN_LENGTH, is_generic

CHROMIUM = Path(os.environ.get("AECOURSE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "_build" / "screenshots"
SKIPPED_DIRS = {"_static", "_sources", "_images"}
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 30_000  # page load
READY_TIMEOUT_MS = 10_000  # MathJax, plotly and images, once the page has loaded
SETTLE_MS = 250
QUIET_MS = 300  # no request in flight for this long: the network is idle

pytestmark = pytest.mark.browser
BOOK = [pytest.mark.book, pytest.mark.dataset]


# --- serving -------------------------------------------------------------------
class QuietHandler(SimpleHTTPRequestHandler):
    """Serves a folder without logging, and answers the browser's own favicon probe.

    Chromium asks every origin for ``/favicon.ico``; the book declares no
    favicon, so a 404 there would be a console error the book did not cause.
    """

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def send_head(self):
        if self.path.split("?")[0] == "/favicon.ico" and not Path(self.translate_path(self.path)).is_file():
            self.send_response(204)
            self.end_headers()
            return None
        return super().send_head()


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) from a thread; yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --- which pages ---------------------------------------------------------------
REFRESH = re.compile(r"""<meta\s+http-equiv=["']refresh["']\s+content=["'][^"']*url=([^"']+)["']""", re.IGNORECASE)


def book_pages(html_dir: Path) -> list[str]:
    """Every HTML page of the book, relative to ``html_dir``, in POSIX form.

    Skips ``_static`` (theme and vendored files, not pages of the book),
    ``_sources`` (copies of the sources) and ``_images``. ``genindex.html``,
    ``search.html`` and the landing page ``index.html`` are kept: they are
    pages a reader reaches from every chapter.
    """
    pages = []
    for path in sorted(html_dir.rglob("*.html")):
        relative = path.relative_to(html_dir)
        if SKIPPED_DIRS.intersection(relative.parts[:-1]):
            continue
        pages.append(relative.as_posix())
    return pages


def redirect_target(html_dir: Path, page: str) -> str | None:
    """The page a ``<meta http-equiv="refresh">`` page sends to, relative to ``html_dir``."""
    match = REFRESH.search((html_dir / page).read_text(encoding="utf-8", errors="replace"))
    if match is None:
        return None
    return (Path(page).parent / match.group(1).strip()).as_posix()


def is_chapter(page: str) -> bool:
    return page.startswith("book/")


# --- checking one page ---------------------------------------------------------
# Runs in the page once it is ready. The raw-TeX check walks the text nodes that
# are shown as prose: a delimiter there means a formula MathJax never saw (e.g.
# one outside any element of class `math`). Code, `.math` elements (checked
# above) and non-rendered elements are skipped. A single `$` is only flagged when it opens
# something TeX-like (`$\alpha$`), so prices such as "$5" are not.
INSPECT_JS = r"""
() => {
  const snippet = (s) => s.replace(/\s+/g, " ").trim().slice(0, 100);
  const math = [...document.querySelectorAll(".math")];
  const unrendered = math.filter((el) => !el.querySelector("mjx-container")).map((el) => snippet(el.textContent));
  const mathErrors = [...document.querySelectorAll("mjx-merror")].map(
    (el) => snippet(el.getAttribute("data-mjx-error") || el.textContent));
  const prose = "pre, code, kbd, samp, script, style, textarea, noscript, template, mjx-container, .highlight, .math";
  const tex = /\\\(|\\\[|\$\$|\\begin\{|\$\\[A-Za-z]/;
  const rawTex = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent && !parent.closest(prose) && tex.test(node.nodeValue)) rawTex.push(snippet(node.nodeValue));
  }
  const plots = [...document.querySelectorAll("div.plotly-graph-div")];
  const undrawn = plots.filter((d) => !d.querySelector(".main-svg")).map((d) => d.id || "(no id)");
  const images = [...document.images];
  const brokenImages = images.filter((i) => !(i.complete && i.naturalWidth > 0)).map((i) => i.currentSrc || i.src);
  const imageAlts = images.map((i) => ({src: i.getAttribute("src"), alt: i.getAttribute("alt"),
                                       inArticle: !!i.closest("article")}));
  const plotLabels = plots.map((d) => {
    const figure = d.closest("figure");
    const caption = figure && figure.querySelector("figcaption");
    return {id: d.id || "(no id)", label: figure && figure.getAttribute("aria-label"),
            summary: caption ? caption.textContent : null};
  });
  return {
    mathCount: math.length, unrendered, mathErrors, rawTex,
    plotCount: plots.length, undrawn, plotLabels,
    imageCount: images.length, brokenImages, imageAlts,
  };
}
"""

READY_JS = r"""
async () => {
  const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  for (const img of document.images) img.loading = "eager";
  await Promise.race([
    Promise.all([...document.images].map((img) => img.complete ? null
      : new Promise((resolve) => { img.addEventListener("load", resolve); img.addEventListener("error", resolve); }))),
    wait(%d),
  ]);
}
""" % READY_TIMEOUT_MS

# Without plotly.js on the page, nothing will draw the figures: no need to wait.
PLOTS_DRAWN_JS = """() => !window.Plotly
  || [...document.querySelectorAll('div.plotly-graph-div')].every((d) => d.querySelector('.main-svg'))"""


@dataclass
class PageReport:
    url: str
    final_url: str = ""
    failed_requests: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    content: dict = field(default_factory=dict)

    def problems(self) -> list[str]:
        content = self.content
        found = [f"blocked request to {url}" for url in self.blocked_requests]
        found += [f"failed request {item}" for item in self.failed_requests]
        found += [f"console error: {text}" for text in self.console_errors]
        found += [f"uncaught exception: {text}" for text in self.page_errors]
        found += [f"formula not rendered by MathJax: {text!r}" for text in content.get("unrendered", [])]
        found += [f"MathJax error: {text!r}" for text in content.get("mathErrors", [])]
        found += [f"raw TeX left in the text: {text!r}" for text in content.get("rawTex", [])]
        found += [f"plotly figure not drawn: {name}" for name in content.get("undrawn", [])]
        found += [f"image not loaded: {src}" for src in content.get("brokenImages", [])]
        # A figure in the text needs a sentence; an icon of the theme's buttons, beside its word, a name.
        found += [f"image without a description: {image['src']} (alt {image['alt']!r})"
                  for image in content.get("imageAlts", [])
                  if is_generic(image["alt"], min_length=MIN_LENGTH if image.get("inArticle", True) else 1)]
        found += [f"plotly figure without a description: {plot['id']} (aria-label {plot['label']!r})"
                  for plot in content.get("plotLabels", []) if is_generic(plot["label"])]
        found += [f"plotly figure without a summary of its data: {plot['id']}"
                  for plot in content.get("plotLabels", []) if is_generic(plot["summary"])]
        return found


def format_problems(reports: dict[str, PageReport]) -> str:
    lines = []
    for page, report in reports.items():
        for problem in report.problems():
            lines.append(f"{page}: {problem}")
    return "\n".join(lines)


class BookBrowser:
    """Opens pages in a fresh browser context each (a first-time visitor), offline."""

    def __init__(self, browser):
        self.browser = browser

    def check(self, url: str, allowed_prefixes: tuple[str, ...], screenshot: Path | None = None,
              expect_url: str | None = None) -> PageReport:
        report = PageReport(url=url)
        blocked: set[str] = set()

        def allowed(request_url: str) -> bool:
            return request_url.startswith(("data:", "blob:")) or request_url.startswith(allowed_prefixes)

        def route(route_):
            request_url = route_.request.url
            if allowed(request_url):
                route_.continue_()
            else:
                blocked.add(request_url)
                report.blocked_requests.append(request_url)
                route_.abort("blockedbyclient")

        def on_failed(request):
            if request.url not in blocked and not request.url.startswith(("data:", "blob:")):
                report.failed_requests.append(f"{request.url} ({request.failure})")

        def on_response(response):
            if response.status >= 400:
                report.failed_requests.append(f"{response.url} (HTTP {response.status})")

        def on_console(message):
            if message.type == "error":
                location = message.location or {}
                where = f" [{location.get('url', '')}:{location.get('lineNumber', '')}]" if location.get("url") else ""
                report.console_errors.append(message.text + where)

        pending: set = set()
        context = self.browser.new_context(viewport=VIEWPORT, service_workers="block")
        try:
            context.route("**/*", route)
            page = context.new_page()
            page.on("requestfailed", on_failed)
            page.on("response", on_response)
            page.on("console", on_console)
            page.on("pageerror", lambda error: report.page_errors.append(str(error)))
            page.on("request", lambda request: pending.add(request))
            page.on("requestfinished", lambda request: pending.discard(request))
            page.on("requestfailed", lambda request: pending.discard(request))
            page.goto(url, wait_until="load", timeout=TIMEOUT_MS)
            if expect_url is not None:
                page.wait_for_url(expect_url, wait_until="load", timeout=TIMEOUT_MS)
            self._wait_for_quiet_network(page, pending, report)
            page.evaluate(READY_JS)
            with contextlib.suppress(sync_api.TimeoutError):
                page.wait_for_function(PLOTS_DRAWN_JS, timeout=READY_TIMEOUT_MS)
            page.wait_for_timeout(SETTLE_MS)
            report.content = page.evaluate(INSPECT_JS)
            report.final_url = page.url
            if screenshot is not None:
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(screenshot), full_page=True)
        finally:
            context.close()
        return report

    @staticmethod
    def _wait_for_quiet_network(page, pending: set, report: PageReport) -> None:
        """Wait until no request has been in flight for QUIET_MS; report those still pending at the deadline.

        Playwright's own "networkidle" is not used: it never fires for file://
        pages, and on Sphinx's search page it waits out its timeout although
        every request has finished.
        """
        deadline = time.monotonic() + READY_TIMEOUT_MS / 1000
        quiet_since = None
        while time.monotonic() < deadline:
            if pending:
                quiet_since = None
            elif quiet_since is None:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= QUIET_MS / 1000:
                return
            page.wait_for_timeout(50)
        report.failed_requests += [f"{request.url} (still pending after {READY_TIMEOUT_MS} ms)" for request in pending]

    def check_site(self, html_dir: Path, pages: list[str] | None = None,
                   screenshots: Path | None = None) -> dict[str, PageReport]:
        """Serve ``html_dir`` and check each page (default: every page of the book)."""
        pages = book_pages(html_dir) if pages is None else pages
        reports = {}
        with serve(html_dir) as base:
            for page in pages:
                target = redirect_target(html_dir, page)
                shot = screenshots / f"{Path(page).stem}.png" if screenshots is not None and is_chapter(page) else None
                reports[page] = self.check(base + page, (base,), screenshot=shot,
                                           expect_url=base + target if target else None)
        return reports

    def check_file(self, html_dir: Path, page: str) -> PageReport:
        """Check one page opened from ``file://``, where only ``file://`` requests are allowed."""
        return self.check((html_dir / page).resolve().as_uri(), ("file://",))


@contextlib.contextmanager
def launch() -> Iterator[BookBrowser]:
    if not CHROMIUM.is_file():
        pytest.fail(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set AECOURSE_CHROMIUM)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield BookBrowser(browser)
        finally:
            browser.close()


@pytest.fixture(scope="module")
def book_browser() -> Iterator[BookBrowser]:
    with launch() as checker:
        yield checker


# --- the built book ------------------------------------------------------------
def _built(quick_book) -> Path:
    result, html = quick_book
    if not (html / "book").is_dir():
        pytest.fail("the book did not build:\n" + (result.stdout + result.stderr)[-3000:])
    return html


@pytest.mark.book
@pytest.mark.dataset
def test_every_page_works_offline_in_a_browser(quick_book, book_browser):
    html = _built(quick_book)
    pages = book_pages(html)
    assert "book/intro.html" in pages and "index.html" in pages, pages
    reports = book_browser.check_site(html, pages, screenshots=SCREENSHOTS)
    # The first page is the course's landing page itself, not a redirect.
    assert redirect_target(html, "index.html") is None
    assert reports["index.html"].final_url.endswith("/index.html"), reports["index.html"].final_url
    assert not format_problems(reports), "\n" + format_problems(reports)
    # The checks above looked at something: math and a plotly figure are there.
    assert sum(r.content["mathCount"] for r in reports.values()) > 0
    assert sum(r.content["plotCount"] for r in reports.values()) > 0
    for page in pages:
        if is_chapter(page):
            assert (SCREENSHOTS / f"{Path(page).stem}.png").stat().st_size > 0, page


@pytest.mark.book
@pytest.mark.dataset
def test_a_chapter_works_from_file_urls(quick_book, book_browser):
    html = _built(quick_book)
    # The first chapter with both a formula and a plotly figure.
    candidates = [
        page for page in book_pages(html) if is_chapter(page)
        and 'class="math' in (text := (html / page).read_text(encoding="utf-8")) and "plotly-graph-div" in text
    ]
    assert candidates, "no chapter has both a formula and a plotly figure"
    report = book_browser.check_file(html, candidates[0])
    assert not report.problems(), "\n".join(report.problems())
    assert report.content["mathCount"] > 0 and report.content["plotCount"] > 0


@pytest.mark.book
@pytest.mark.dataset
def test_the_latent_explorer_of_the_book_follows_a_drag(quick_book, book_browser):
    """On the built page, from file://: dragging the point decodes new images, as the page's decoder computes them."""
    import json

    import numpy as np

    from aecourse.generative.explorer import decode_exported

    html = _built(quick_book)
    source = (html / "book" / "latent_space.html").read_text(encoding="utf-8")
    (root_id, spec_text), = re.findall(r'aecourseLatentExplorer\(("[^"]+"), (\{.*?\})\);\n\}\)\(\);', source)
    root_id, spec = json.loads(root_id), json.loads(spec_text)
    context = book_browser.browser.new_context(viewport={"width": 1200, "height": 1600})
    outside, errors = [], []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                  else (outside.append(route.request.url), route.abort())[1])
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto((html / "book" / "latent_space.html").as_uri(), wait_until="load")

        def state() -> tuple[list[float], np.ndarray]:
            found = page.evaluate("(id) => { const s = window.aecourseLatentExplorers[id].state();"
                                  " return {code: s.code, pixels: Array.from(s.pixels)}; }", root_id)
            pixels = np.array(found["pixels"])
            expected = decode_exported(spec["decoder"], np.array([found["code"]])).ravel()
            assert np.max(np.abs(pixels - expected)) < 1e-3, found["code"]
            return found["code"], pixels

        start_code, start_pixels = state()
        marker = page.locator(f"#{root_id} .aecourse-latent-marker")
        marker.scroll_into_view_if_needed()
        box = marker.bounding_box()
        x0, y0 = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x0, y0)
        page.mouse.down()
        page.mouse.move(x0 + 80, y0 + 60, steps=5)
        page.mouse.up()
        code, pixels = state()
        assert code[0] > start_code[0] and code[1] < start_code[1], code  # right and down
        assert np.max(np.abs(pixels - start_pixels)) > 0.05
    finally:
        context.close()
    assert errors == [] and outside == []


# --- the checker catches failures ----------------------------------------------
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1>{body}</body></html>
"""
# A 1x1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _site(tmp_path: Path, **bodies: str) -> Path:
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "dot.png").write_bytes(PNG)
    for name, body in bodies.items():
        (tmp_path / f"{name}.html").write_text(PAGE.format(title=name, body=body), encoding="utf-8")
    return tmp_path


def test_checker_passes_a_clean_page(tmp_path, book_browser):
    site = _site(tmp_path, clean='<p>Costs $5, code: <code>\\(x\\)</code></p>'
                                 '<img src="pics/dot.png" alt="A single black dot on a white page">')
    report = book_browser.check_site(site)["clean.html"]
    assert report.problems() == []
    assert report.content["imageCount"] == 1


def test_checker_reports_images_and_figures_without_descriptions(tmp_path, book_browser):
    site = _site(tmp_path, page='<img src="pics/dot.png"><img src="pics/dot.png" alt="figure">'
                                '<img src="pics/dot.png" alt="pics/dot.png">'
                                '<figure aria-label="plot"><div class="plotly-graph-div" id="fig1"></div></figure>')
    problems = book_browser.check_site(site)["page.html"].problems()
    undescribed = [p for p in problems if p.startswith("image without a description")]
    assert len(undescribed) == 3, problems
    assert "plotly figure without a description: fig1 (aria-label 'plot')" in problems, problems
    assert "plotly figure without a summary of its data: fig1" in problems, problems


def test_checker_asks_a_sentence_of_figures_and_a_name_of_icons(tmp_path, book_browser):
    site = _site(tmp_path, page='<header><img src="pics/dot.png" alt="Colab logo"></header>'
                                '<article><img src="pics/dot.png" alt="Colab logo"></article>')
    problems = book_browser.check_site(site)["page.html"].problems()
    assert problems == ["image without a description: pics/dot.png (alt 'Colab logo')"], problems


def test_checker_reports_a_broken_image(tmp_path, book_browser):
    site = _site(tmp_path, page='<img src="pics/missing.png" alt="missing">')
    report = book_browser.check_site(site)["page.html"]
    assert any("image not loaded" in p and "missing.png" in p for p in report.problems()), report.problems()
    assert any("HTTP 404" in p for p in report.failed_requests), report.failed_requests


def test_checker_reports_a_script_that_throws(tmp_path, book_browser):
    site = _site(tmp_path, page='<script>throw new Error("boom from the page")</script>'
                                "<script>console.error('logged failure')</script>")
    report = book_browser.check_site(site)["page.html"]
    assert any("boom from the page" in e for e in report.page_errors), report.problems()
    assert any("logged failure" in e for e in report.console_errors), report.problems()


def test_checker_blocks_and_reports_outside_requests(tmp_path, book_browser):
    site = _site(tmp_path, page='<link rel="stylesheet" href="https://cdn.example.org/theme.css">'
                                '<script>fetch("http://example.com/data.json").catch(() => {})</script>')
    report = book_browser.check_site(site)["page.html"]
    assert "https://cdn.example.org/theme.css" in report.blocked_requests, report.problems()
    assert "http://example.com/data.json" in report.blocked_requests, report.problems()
    assert not any("example" in f for f in report.failed_requests), "blocked requests are reported once"


def test_checker_reports_unrendered_math_and_undrawn_plots(tmp_path, book_browser):
    site = _site(tmp_path, page='<p>Inline <span class="math notranslate">\\(x^2\\)</span> and raw $\\alpha$.</p>'
                                '<div class="plotly-graph-div" id="fig1" style="height:100px"></div>')
    problems = book_browser.check_site(site)["page.html"].problems()
    assert any("not rendered by MathJax" in p and "x^2" in p for p in problems), problems
    assert any("raw TeX" in p and "alpha" in p for p in problems), problems
    assert any("plotly figure not drawn: fig1" in p for p in problems), problems


def test_checker_works_from_file_urls(tmp_path, book_browser):
    site = _site(tmp_path, page='<img src="pics/dot.png" alt="dot"><img src="https://example.org/x.png" alt="x">')
    report = book_browser.check_file(site, "page.html")
    assert report.blocked_requests == ["https://example.org/x.png"], report.problems()
    assert report.content["brokenImages"] == ["https://example.org/x.png"], report.problems()


def test_book_pages_skips_static_sources_and_images(tmp_path):
    for page in ("index.html", "book/a.html", "_static/x.html", "_sources/y.html", "_images/z.html"):
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text("<p>x</p>")
    (tmp_path / "index.html").write_text('<meta http-equiv="Refresh" content="0; url=book/a.html" />')
    assert book_pages(tmp_path) == ["book/a.html", "index.html"]
    assert redirect_target(tmp_path, "index.html") == "book/a.html"
    assert redirect_target(tmp_path, "book/a.html") is None


# --- aecourse.interactive's figures, with and without the page's plotly.js ------
def _plotly_figure_html() -> str:
    import numpy as np

    from aecourse.interactive import scatter_3d

    return scatter_3d(np.eye(3), title="three points", description="Three points, one on each axis")._repr_html_()


def test_a_figure_draws_with_the_page_plotly_js_and_fetches_nothing(tmp_path, book_browser):
    import plotly

    site = _site(tmp_path, page='<script src="plotly.min.js"></script>' + _plotly_figure_html())
    (site / "plotly.min.js").write_bytes((Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_bytes())
    report = book_browser.check_site(site)["page.html"]
    assert report.problems() == []
    assert report.blocked_requests == []


def test_a_figure_on_a_page_without_plotly_js_fetches_it_from_the_cdn(tmp_path, book_browser):
    # As in Jupyter or Colab; the checker blocks the request, so the figure stays undrawn.
    from aecourse.interactive import plotly_cdn_url

    report = book_browser.check_site(_site(tmp_path, page=_plotly_figure_html()))["page.html"]
    assert report.blocked_requests == [plotly_cdn_url()]
