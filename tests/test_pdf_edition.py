"""The PDF edition (aecourse/pdf_edition.py): the quick book printed, then read back with poppler's tools."""

from __future__ import annotations

import collections
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from aecourse import pdf_edition
from conftest import ROOT

TOC = """format: jb-book
root: book/intro
parts:
  - caption: First part
    chapters:
      - file: book/one
      - file: book/two
  - caption: Back matter
    chapters:
      - file: book/refs
"""


def _toy_book(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "_toc.yml").write_text(TOC)
    (tmp_path / "_config.yml").write_text("title: A toy book\n")
    html = tmp_path / "html"
    (html / "book").mkdir(parents=True)
    for name, title in (("intro", "A toy book"), ("one", "Chapter &amp; one"), ("two", "Two"), ("refs", "References")):
        (html / "book" / f"{name}.html").write_text(f"<html><head><title>{title} &#8212; A toy book</title></head></html>")
    return tmp_path, html


def test_the_pages_come_in_the_order_of_the_table_with_their_titles_and_parts(tmp_path):
    root, html = _toy_book(tmp_path)
    pages = pdf_edition.book_pages(root, html)
    assert [(p.docname, p.title, p.part) for p in pages] == [
        ("book/intro", "A toy book", None), ("book/one", "Chapter & one", "First part"),
        ("book/two", "Two", "First part"), ("book/refs", "References", "Back matter")]
    assert pdf_edition.book_title(root) == "A toy book"


def test_a_book_not_built_gets_an_error_that_says_to_build_it(tmp_path, capsys):
    root, html = _toy_book(tmp_path)
    (html / "book" / "two.html").unlink()
    with pytest.raises(pdf_edition.PdfEditionError, match=r"two\.html is missing: build the book first"):
        pdf_edition.book_pages(root, html)
    assert pdf_edition.main([str(html), str(tmp_path / "out.pdf"), "--root", str(root)]) == 1
    assert "build the book first" in capsys.readouterr().err
    assert not (tmp_path / "out.pdf").exists()


def test_a_missing_chromium_is_named_with_the_way_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setenv(pdf_edition.CHROMIUM_ENV_VAR, str(tmp_path / "no-chromium"))
    with pytest.raises(pdf_edition.PdfEditionError, match="apt-get install chromium"):
        pdf_edition.chromium_path()


def test_the_contents_list_parts_and_page_numbers_and_the_heads_number_every_page_but_the_first(tmp_path):
    root, html = _toy_book(tmp_path)
    pages = pdf_edition.book_pages(root, html)
    contents = pdf_edition.front_matter("A toy book", pages, [3, 5, 9, 12])
    assert re.search(r"Chapter &amp; one</td><td class=\"number\">5<", contents)
    assert contents.count('class="part"') == 2
    assert 'class="number"></td>' in pdf_edition.front_matter("A toy book", pages, None)  # blanks, to count pages
    heads = pdf_edition.running_heads(["", "", "A toy book · Two"])
    assert heads.count('class="sheet"') == 3
    assert [int(n) for n in re.findall(r'class="number">(\d+)<', heads)] == [2, 3]


# --- the quick book printed ------------------------------------------------------
def _poppler(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing: apt-get install poppler-utils (make test installs it)")
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def printed_book(quick_book, tmp_path_factory):
    result, html = quick_book
    if not (html / "book").is_dir():
        pytest.fail("the book did not build:\n" + (result.stdout + result.stderr)[-3000:])
    output = tmp_path_factory.mktemp("pdf") / "aecourse.pdf"
    return html, pdf_edition.make_pdf_edition(ROOT, html, output)


@pytest.mark.book
@pytest.mark.browser
def test_the_pdf_holds_every_chapter_in_order_with_contents_and_numbered_pages(printed_book):
    html, edition = printed_book
    pdf = edition.path
    pages = pdf_edition.book_pages(ROOT, html)
    n_pages = int(re.search(r"^Pages:\s+(\d+)", _poppler("pdfinfo", str(pdf)), flags=re.MULTILINE).group(1))
    assert n_pages == edition.n_pages
    assert 2 * len(pages) <= n_pages <= 40 * len(pages), n_pages
    text = re.sub(r"\s+", " ", _poppler("pdftotext", str(pdf), "-"))
    contents = re.sub(r"\s+", " ", _poppler("pdftotext", "-f", "2", "-l", "2", str(pdf), "-"))
    # Every title in the contents, in the book's order, with the page its chapter starts on.
    positions = [contents.find(page.title) for page in pages]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), list(zip(positions, pages))
    for page in pages[1:]:
        number = int(re.search(re.escape(page.title) + r" (\d+)", contents).group(1))
        assert number == edition.first_pages[page.docname]
        first_page = re.sub(r"\s+", " ", _poppler("pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"))
        assert page.title in first_page, (page.title, number)  # its heading or its running head
        assert re.search(rf"\b{number}\s*$", first_page), f"page {number} shows no page number"
    # Formulas typeset, no source left.
    for raw in ("\\frac", "$$", "\\mathbf", "\\begin{"):
        assert raw not in text, raw
    # The outline lists the parts and chapters.
    from pypdf import PdfReader

    outline = PdfReader(str(pdf)).outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert "Generative autoencoders" in titles and "Contents" in titles


@pytest.mark.book
@pytest.mark.browser
def test_every_figure_of_the_html_book_is_in_the_pdf(printed_book):
    html, edition = printed_book
    # Page → pictures on it (poppler lists one row per picture; the print style
    # removes shadows, which Chromium would print as pictures too).
    rows = _poppler("pdfimages", "-list", str(edition.path)).splitlines()[2:]
    on_page = collections.Counter(int(row.split()[0]) for row in rows)
    starts = sorted(edition.first_pages.items(), key=lambda item: item[1])
    total = 0
    for (docname, first), (_, after) in zip(starts, [*starts[1:], ("", edition.n_pages + 1)]):
        article = (html / f"{docname}.html").read_text(encoding="utf-8")
        article = article[article.find("<article"):article.rfind("</article>")]
        # A picture made by code, an interactive plotly figure (printed as a picture),
        # and the latent explorer's two canvases (the plane and the decoded image).
        figures = len(re.findall(r"<img\b", article)) + len(re.findall(r'class="plotly-graph-div', article))
        canvases = 2 * article.count('class="aecourse-latent-explorer')
        printed = sum(on_page[page] for page in range(first, after))
        assert figures <= printed <= figures + canvases, (docname, figures, printed)
        total += figures
    assert total > 10
