"""The PDF edition of the book: the built HTML pages printed by Chromium, in the table's order, in one PDF.

    python -m aecourse.pdf_edition [HTML_DIR] [PDF]     (``make pdf``: _build/html → _build/pdf/aecourse.pdf)

Each page of the HTML book (``_toc.yml``'s order: the root page, then every
chapter) is opened from ``file://`` in Debian's Chromium through Playwright,
after MathJax has typeset its formulas and plotly has drawn its figures, and
printed to A4 with a print style sheet of the course's (``pdf_edition.css``:
no navigation, code wrapped instead of cut, cells kept whole). A title page
and a table of contents with page numbers come first; every page but the
title page gets a running head (the book's and the chapter's titles) and its
page number; the PDF's outline (bookmarks) lists the parts and chapters.
Interactive figures print as they are drawn: plotly's vector graphics, the
latent explorer's canvas at its starting point. Solutions stay folded.

The route was chosen by measurement (see the README): Chromium is already
installed for the browser tests, and pypdf, which merges the pages, is a
300 KB wheel; LaTeX through Debian's TeX Live would add about 550 MB of
packages.
"""

from __future__ import annotations

import argparse
import html
import io
import os
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

CHROMIUM_ENV_VAR = "AECOURSE_CHROMIUM"
DEFAULT_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PRINT_CSS = Path(__file__).with_name("pdf_edition.css")
#: A4, with room above and below the text for the running head and the page number.
PAGE = {"format": "A4", "margin": {"top": "20mm", "bottom": "20mm", "left": "16mm", "right": "16mm"}}
PAGE_LOAD_MS = 60_000

# Resolves once MathJax has typeset the page and every plotly figure has drawn its SVG.
_PAGE_READY = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  const deadline = Date.now() + 30000;
  const drawn = () => [...document.querySelectorAll('.plotly-graph-div')].every(d => d.querySelector('.main-svg'));
  while (!drawn() && Date.now() < deadline) { await new Promise(r => setTimeout(r, 100)); }
  if (!drawn()) { return false; }
  // A static picture of each plotly figure: a 3-D (WebGL) scene prints blank otherwise.
  for (const div of document.querySelectorAll('.plotly-graph-div')) {
    const width = div.offsetWidth || 700, height = div.offsetHeight || 450;
    const img = document.createElement('img');
    img.src = await Plotly.toImage(div, {format: 'png', width: width, height: height, scale: 2});
    img.alt = div.getAttribute('aria-label') || '';
    img.style.width = width + 'px';
    div.replaceWith(img);
  }
  await Promise.all([...document.images].map(i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })));
  return true;
}"""


class PdfEditionError(RuntimeError):
    """The PDF edition cannot be made (no built book, no Chromium, a page that does not render)."""


@dataclass(frozen=True)
class BookPage:
    """One page of the book in reading order: its docname (``book/vae``), title and part (``None`` for the root)."""

    docname: str
    title: str
    part: str | None


def book_pages(root: Path, html_dir: Path) -> list[BookPage]:
    """The book's pages in the order of ``root/_toc.yml``, titled as their built HTML pages in ``html_dir``."""
    import yaml

    toc_file = Path(root) / "_toc.yml"
    try:
        toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise PdfEditionError(f"cannot read the table of contents {toc_file}: {error}") from error
    entries: list[tuple[str, str | None]] = [(toc["root"], None)]
    for part in toc.get("parts", []):
        entries += [(chapter["file"], part.get("caption")) for chapter in part.get("chapters", [])]
    return [BookPage(docname, _page_title(html_dir / f"{docname}.html"), part) for docname, part in entries]


def _page_title(page: Path) -> str:
    try:
        text = page.read_text(encoding="utf-8")
    except OSError as error:
        raise PdfEditionError(f"{page} is missing: build the book first (make book).") from error
    match = re.search(r"<title>(.*?)</title>", text, flags=re.DOTALL)
    title = html.unescape(match.group(1)) if match else page.stem
    return title.split(" \u2014 ")[0].strip()  # "<page> — <book>"


def book_title(root: Path) -> str:
    """The ``title`` of ``root/_config.yml``."""
    import yaml

    config = yaml.safe_load((Path(root) / "_config.yml").read_text(encoding="utf-8"))
    return str(config.get("title", "aecourse"))


def chromium_path() -> Path:
    """``$AECOURSE_CHROMIUM`` or Debian's ``/usr/bin/chromium``; an error that says how to install it."""
    path = Path(os.environ.get(CHROMIUM_ENV_VAR, DEFAULT_CHROMIUM))
    if not path.is_file():
        raise PdfEditionError(f"no Chromium at {path}: install Debian's (sudo apt-get install chromium) "
                              f"or set {CHROMIUM_ENV_VAR} to a Chromium or Chrome executable.")
    return path


@dataclass(frozen=True)
class PdfEdition:
    """A PDF edition written: its ``n_pages``, the page each book page starts on (from 1), the seconds taken."""

    path: Path
    n_pages: int
    first_pages: dict[str, int]
    seconds: float


def make_pdf_edition(root: Path, html_dir: Path, output: Path) -> PdfEdition:
    """Print the book built in ``html_dir`` (from the sources in ``root``) to the PDF ``output``."""
    from playwright.sync_api import sync_playwright

    start = time.perf_counter()
    html_dir = Path(html_dir)
    pages = book_pages(root, html_dir)
    title = book_title(root)
    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), headless=True, args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page()
            tab.emulate_media(media="print")
            printed = [_print_page(tab, html_dir / f"{page.docname}.html") for page in pages]
            n_front = _page_count(_print_html(tab, front_matter(title, pages, None), PAGE["margin"]))
            counts = [_page_count(pdf) for pdf in printed]
            starts = _start_pages(counts, n_front)
            front = _print_html(tab, front_matter(title, pages, starts), PAGE["margin"])
            heads = ["" for _ in range(_page_count(front))]
            for page, count in zip(pages, counts):
                head = title if page.title == title else f"{title} \u00b7 {page.title}"
                heads += [head] * count
            overlay = _print_html(tab, running_heads(heads), {side: "0" for side in PAGE["margin"]})
        finally:
            browser.close()
    n_pages = _assemble([front, *printed], overlay, pages, starts, title, Path(output))
    return PdfEdition(Path(output), n_pages, {page.docname: first for page, first in zip(pages, starts)},
                      time.perf_counter() - start)


def _print_page(tab, page: Path) -> bytes:
    tab.goto(page.resolve().as_uri(), wait_until="load", timeout=PAGE_LOAD_MS)
    tab.add_style_tag(content=PRINT_CSS.read_text(encoding="utf-8"))
    if not tab.evaluate(_PAGE_READY):
        raise PdfEditionError(f"{page}: a plotly figure did not draw within 30 s.")
    return tab.pdf(print_background=True, **PAGE)


def _print_html(tab, document: str, margin: dict[str, str]) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.html"
        path.write_text(document, encoding="utf-8")
        tab.goto(path.as_uri(), wait_until="load")
        return tab.pdf(print_background=True, format=PAGE["format"], margin=margin)


def _page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _start_pages(counts: Sequence[int], n_front: int) -> list[int]:
    """The page number (from 1, the title page) on which each printed page starts, from their page ``counts``."""
    starts, next_page = [], n_front + 1
    for count in counts:
        starts.append(next_page)
        next_page += count
    return starts


def front_matter(title: str, pages: Sequence[BookPage], starts: Sequence[int] | None) -> str:
    """HTML of the title page and the table of contents (page numbers ``starts``, or blanks to count its pages)."""
    rows, part = [], object()
    for index, page in enumerate(pages):
        if page.part != part and page.part is not None:
            rows.append(f'<tr class="part"><td colspan="2">{html.escape(page.part)}</td></tr>')
        part = page.part
        number = "" if starts is None else str(starts[index])
        rows.append(f'<tr><td>{html.escape(page.title)}</td><td class="number">{number}</td></tr>')
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body {{ font-family: "DejaVu Sans", sans-serif; color: #111; }}
.cover {{ height: 240mm; display: flex; flex-direction: column; justify-content: center; break-after: page; }}
.cover h1 {{ font-size: 30pt; margin: 0 0 8mm; }}
.cover p {{ font-size: 13pt; color: #333; }}
h2 {{ font-size: 18pt; }}
table {{ width: 100%; border-collapse: collapse; font-size: 11.5pt; }}
td {{ padding: 1.2mm 0; }}
tr.part td {{ font-weight: bold; padding-top: 5mm; }}
td.number {{ text-align: right; width: 15mm; }}
</style></head><body>
<section class="cover"><h1>{html.escape(title)}</h1>
<p>The PDF edition of the HTML book: every chapter's code was run to make its figures and numbers.</p></section>
<h2>Contents</h2><table>{"".join(rows)}</table></body></html>"""


def running_heads(heads: Sequence[str]) -> str:
    """HTML of one A4 page per entry of ``heads``: the head at the top, the page number at the bottom.

    An empty head leaves its page blank (the title page and the contents carry
    no head); the page number counts from 1, the title page.
    """
    sheets = []
    for number, head in enumerate(heads, start=1):
        if head or number > 1:
            sheets.append(f'<div class="sheet"><div class="head">{html.escape(head)}</div>'
                          f'<div class="number">{number}</div></div>')
        else:
            sheets.append('<div class="sheet"></div>')
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 0; }}
body {{ margin: 0; font-family: "DejaVu Sans", sans-serif; font-size: 8.5pt; color: #444; }}
.sheet {{ position: relative; width: 210mm; height: 296mm; break-after: page; overflow: hidden; }}
.sheet:last-child {{ break-after: auto; }}
.head {{ position: absolute; top: 9mm; left: 16mm; right: 16mm; border-bottom: 0.3pt solid #999; padding-bottom: 1mm; }}
.number {{ position: absolute; bottom: 9mm; left: 0; right: 0; text-align: center; }}
</style></head><body>{"".join(sheets)}</body></html>"""


def _assemble(parts: Sequence[bytes], overlay: bytes, pages: Sequence[BookPage], starts: Sequence[int],
              title: str, output: Path) -> int:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for pdf in parts:
        writer.append(PdfReader(io.BytesIO(pdf)))
    heads = PdfReader(io.BytesIO(overlay)).pages
    if len(heads) != len(writer.pages):
        raise PdfEditionError(f"the running heads have {len(heads)} pages for a book of {len(writer.pages)}.")
    for page, head in zip(writer.pages, heads):
        page.merge_page(head)
    parents: dict[str, object] = {}
    writer.add_outline_item(title="Contents", page_number=1)
    for page, start in zip(pages, starts):
        parent = None
        if page.part is not None:
            if page.part not in parents:
                parents[page.part] = writer.add_outline_item(title=page.part, page_number=start - 1)
            parent = parents[page.part]
        writer.add_outline_item(title=page.title, page_number=start - 1, parent=parent)
    writer.add_metadata({"/Title": title, "/Creator": "aecourse.pdf_edition (Chromium, pypdf)"})
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    with partial.open("wb") as stream:
        writer.write(stream)
    partial.replace(output)  # a failed run leaves the previous PDF whole
    return len(writer.pages)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m aecourse.pdf_edition", description=__doc__.splitlines()[0])
    parser.add_argument("html_dir", nargs="?", type=Path, default=Path("_build/html"), help="the built HTML book")
    parser.add_argument("output", nargs="?", type=Path, default=Path("_build/pdf/aecourse.pdf"))
    parser.add_argument("--root", type=Path, default=Path("."), help="the book's sources (_toc.yml, _config.yml)")
    args = parser.parse_args(argv)
    try:
        edition = make_pdf_edition(args.root, args.html_dir, args.output)
    except PdfEditionError as error:
        print(f"aecourse.pdf_edition: {error}", file=sys.stderr)
        return 1
    print(f"{edition.path}: {edition.n_pages} pages, {len(edition.first_pages)} chapters, {edition.seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
