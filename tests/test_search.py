"""The book's search works offline: from ``file://`` and from ``make serve``.

A reader on a train opens ``_build/html/index.html`` from disk, or serves the
folder with ``make serve``; either way, searching for a word that appears in
one chapter only must find that chapter. The test types the word into the
search page (``search.html?q=...``, where the theme's search box leads), waits
for Sphinx's results and checks the chapter is among them.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT
from test_browser import TIMEOUT_MS, VIEWPORT, _built, book_browser, book_pages, is_chapter, serve  # noqa: F401

pytestmark = pytest.mark.browser

#: Appears in the chapter on codes for search and nowhere else (the test checks that).
WORD = "trustworthiness"
RESULTS_TIMEOUT_MS = 15_000
# Sphinx lists the hits as links in <ul class="search">, and says when it is done.
RESULTS_JS = """() => {
  const links = [...document.querySelectorAll("#search-results ul.search li a")].map((a) => a.href);
  const status = document.querySelector("#search-results .search-summary, #search-results p");
  return {links, done: !!(status && status.textContent.trim()) || links.length > 0};
}"""
TAG = re.compile(r"<[^>]+>")


def pages_with_word(html_dir: Path, word: str) -> list[str]:
    """The book's pages whose text (tags removed) contains ``word``, case-insensitively."""
    found = []
    for page in book_pages(html_dir):
        if not is_chapter(page) and page != "index.html":
            continue
        text = (html_dir / page).read_text(encoding="utf-8", errors="replace")
        body = text.split("<body", 1)[-1]
        if word.lower() in TAG.sub(" ", body).lower():
            found.append(page)
    return found


def search(browser, search_page_url: str, word: str, allowed_prefix: str) -> list[str]:
    """The result links that the search page at ``search_page_url`` lists for ``word``, offline."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    try:
        context.route("**/*", lambda route: route.continue_()
                      if route.request.url.startswith((allowed_prefix, "data:", "blob:")) else route.abort())
        page = context.new_page()
        page.goto(f"{search_page_url}?q={word}", wait_until="load", timeout=TIMEOUT_MS)
        page.wait_for_function(f"({RESULTS_JS})().done", timeout=RESULTS_TIMEOUT_MS)
        return page.evaluate(RESULTS_JS)["links"]
    finally:
        context.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def make_serve(html_dir: Path) -> Iterator[str]:
    """``make serve`` on a free port for ``html_dir``; yield its base URL, stop it afterwards."""
    port = _free_port()
    process = subprocess.Popen(["make", "-s", "serve", f"PORT={port}", f"HTML_DIR={html_dir}"], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(base, timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("make serve did not start: " + process.stderr.read().decode()[-2000:])
                time.sleep(0.2)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


@pytest.mark.book
@pytest.mark.dataset
def test_a_word_of_one_chapter_is_found_from_file_and_from_make_serve(quick_book, book_browser):
    html = _built(quick_book)
    pages = pages_with_word(html, WORD)
    assert len(pages) == 1 and is_chapter(pages[0]), f"{WORD!r} should be in one chapter only, found in {pages}"
    chapter = pages[0]

    from_file = search(book_browser.browser, (html / "search.html").resolve().as_uri(), WORD, "file://")
    assert any(link.split("#")[0].endswith("/" + chapter) for link in from_file), from_file

    with make_serve(html) as base:
        served = search(book_browser.browser, base + "search.html", WORD, base)
    assert any(link.split("#")[0].split("?")[0] == base + chapter for link in served), served


# --- the checker catches failures ----------------------------------------------
@pytest.mark.book
@pytest.mark.dataset
def test_a_word_that_is_nowhere_finds_nothing(quick_book, book_browser):
    """A search with no hit ends with no result link, so the test above cannot pass vacuously."""
    html = _built(quick_book)
    word = "qwzxvbnmplk"
    assert pages_with_word(html, word) == []
    assert search(book_browser.browser, (html / "search.html").resolve().as_uri(), word, "file://") == []
