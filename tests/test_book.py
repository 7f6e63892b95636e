"""The book builds strictly: every chapter executes, no warning, and a failure fails it.

These tests run Jupyter Book in a subprocess, as `make book` does, with the
quick profile.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from aecourse.colab import read_repository
from conftest import ROOT, build_book

CODE_CHAPTERS = ("linear", "stacked", "tied_greedy", "convolutional", "denoising", "sparse", "family_compared",
                 "codes_search", "few_labels", "anomaly", "vae", "vae_quality", "latent_space")
# The chapters with a Colab notebook: all but the one that reads the whole build's results.
COLAB_CHAPTERS = tuple(c for c in CODE_CHAPTERS if c != "family_compared")
CHAPTERS = ("intro", *CODE_CHAPTERS, "references")
SPHINX_WARNING = re.compile(r"WARNING:|ERROR:|CRITICAL:")

pytestmark = pytest.mark.book


@pytest.mark.dataset
def test_whole_book_builds_without_warnings(quick_book):
    result, html = quick_book
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-5000:]
    assert not SPHINX_WARNING.findall(log), log[-5000:]
    for chapter in CHAPTERS:
        assert (html / "book" / f"{chapter}.html").is_file(), chapter


@pytest.mark.dataset
def test_every_chapter_has_one_title_of_its_own(quick_book):
    _, html = quick_book
    titles = {}
    for chapter in CHAPTERS:
        page = (html / "book" / f"{chapter}.html").read_text(encoding="utf-8")
        article = page[page.index('<article class="bd-article"'):]
        headings = re.findall(r"<h1>(.*?)<", article)
        assert len(headings) == 1, (chapter, headings)
        titles[chapter] = headings[0]
    assert len(set(titles.values())) == len(titles), titles  # the navigation names each chapter apart


@pytest.mark.dataset
def test_pages_show_no_logs_or_progress_bars(quick_book):
    _, html = quick_book
    for chapter in CHAPTERS:
        page = (html / "book" / f"{chapter}.html").read_text(encoding="utf-8")
        for noise in ("absl", "oneDNN", "I0000", "━━", "Epoch 1/", "Traceback"):
            assert noise not in page, f"{noise!r} in {chapter}.html"


@pytest.mark.dataset
def test_results_json_has_every_chapter_figure(quick_book):
    _, html = quick_book
    report = json.loads((html / "results.json").read_text())
    assert report["profile"] == "quick"
    assert report["versions"]["keras"].startswith("3.")
    results = report["results"]
    assert results["linear_params"] == 17
    assert results["stacked_encoder_params"] == 81_530
    assert results["vae_decoder_params"] == 134_634
    assert results["linear_long_gap_pct"] < 1.0
    for name in ("stacked_val_rounded_accuracy", "vae_val_rounded_accuracy"):
        assert 0.5 < results[name] <= 1.0
    # The names that the issues ask for.
    for name in ("tied_val_rounded_accuracy", "tied_params", "stacked_params", "greedy_val_rounded_accuracy",
                 "conv_val_loss", "conv_val_rounded_accuracy", "conv_params",
                 "denoising_gaussian_val_rounded_accuracy", "denoising_dropout_val_rounded_accuracy",
                 "psnr_noisy", "psnr_denoising", "psnr_stacked", "psnr_classical",
                 "sparse_l1_val_rounded_accuracy", "sparse_kl_val_rounded_accuracy", "sparse_kl_mean_activation",
                 *(f"{metric}_{rep}" for metric in ("knn1_accuracy", "knn5_accuracy", "precision_at_10")
                   for rep in ("pixels", "pca", "stacked", "conv")),
                 "trustworthiness_pixels", "trustworthiness_pca", "trustworthiness_stacked",
                 "hash_precision_at_10", "hash_precision_at_10_random",
                 *(f"fewlabel_500_{start}_{stat}" for start in ("scratch", "frozen", "finetuned") for stat in ("mean", "std")),
                 *(f"anomaly_auroc_{label}" for label in range(10)), "anomaly_auroc_mean",
                 "vae2d_val_loss", "vae2d_val_reconstruction_loss", "vae2d_val_kl_nats", "vae2d_val_rounded_accuracy",
                 "attribute_sneaker_ankle_boot_target_share", "attribute_tshirt_shirt_target_share",
                 "classifier_test_accuracy", "fid_vae", "fid_conv_vae", "fid_test_vs_train",
                 *(f"beta_{beta}_{what}" for beta in ("0_1", "0_5", "1", "2", "4") for what in ("fid", "reconstruction"))):
        assert isinstance(results[name], int | float), name
    assert 50 < results["anomaly_auroc_mean"] <= 100  # in percent
    # Real images against real images score lower than any generator, even on the quick profile.
    assert 0 <= results["fid_test_vs_train"] < min(results["fid_vae"], results["fid_conv_vae"])
    assert results["fewlabel_copy_difference"] == 0 < results["fewlabel_clone_difference"]


@pytest.mark.dataset
def test_the_side_by_side_chapter_shows_this_builds_scorecards(quick_book):
    _, html = quick_book
    results = json.loads((html / "results.json").read_text())["results"]
    page = (html / "book" / "family_compared.html").read_text(encoding="utf-8")
    for name in ("stacked", "tied", "greedy", "conv", "recurrent", "denoising_gaussian", "denoising_dropout",
                 "denoising_clipped", "sparse_l1", "sparse_kl", "vae"):
        assert f"<td>{results[name + '_val_rounded_accuracy']:.4f}</td>" in page, name
        assert f"<td>{results[name + '_test_mse']:.4f}</td>" in page, name
    assert results["family_models"] == 11


@pytest.mark.dataset
def test_plotly_and_mathjax_are_served_by_the_book(quick_book):
    _, html = quick_book
    assert (html / "_static" / "plotly.min.js").is_file()
    assert (html / "_static" / "mathjax" / "tex-chtml.js").is_file()
    linear = (html / "book" / "linear.html").read_text(encoding="utf-8")
    assert "Plotly.newPlot" in linear
    assert 'src="../_static/plotly.min.js"' in linear
    vae = (html / "book" / "vae.html").read_text(encoding="utf-8")
    assert 'src="../_static/mathjax/tex-chtml.js"' in vae
    assert "cdn.jsdelivr.net" not in vae


def _mini_book(tmp_path: Path, chapter_code: str) -> Path:
    """A copy of the book's configuration with one chapter holding ``chapter_code``."""
    source = tmp_path / "src"
    (source / "book").mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", source)
    shutil.copytree(ROOT / "book" / "_ext", source / "book" / "_ext")
    shutil.copy(ROOT / "book" / "references.bib", source / "book")
    (source / "_toc.yml").write_text("format: jb-book\nroot: book/intro\nchapters:\n  - file: book/broken\n")
    (source / "book" / "intro.md").write_text("# Intro\n\nA test book.\n")
    front_matter = (ROOT / "book" / "linear.md").read_text().split("---\n")[1]
    (source / "book" / "broken.md").write_text(
        f"---\n{front_matter}---\n\n# Broken\n\n```{{code-cell}} ipython3\n{chapter_code}\n```\n"
    )
    return source


def test_a_chapter_that_raises_fails_the_build(tmp_path):
    source = _mini_book(tmp_path, 'raise RuntimeError("deliberate failure in a chapter")')
    result = build_book(source, tmp_path / "out")
    assert result.returncode != 0
    assert "deliberate failure in a chapter" in result.stdout + result.stderr


def test_a_chapter_that_writes_to_stderr_fails_the_build(tmp_path):
    source = _mini_book(tmp_path, 'import sys\nprint("noise on stderr", file=sys.stderr)')
    result = build_book(source, tmp_path / "out")
    assert result.returncode != 0
    assert "stderr" in result.stdout + result.stderr


@pytest.mark.dataset
def test_chapters_offer_executed_notebook_and_source(quick_book):
    _, html = quick_book
    results = json.loads((html / "results.json").read_text())["results"]
    for chapter in CODE_CHAPTERS:
        notebook = json.loads((html / "_sources" / "book" / f"{chapter}.ipynb").read_text())
        outputs = [o for cell in notebook["cells"] if cell["cell_type"] == "code" for o in cell["outputs"]]
        assert outputs, f"{chapter}.ipynb has no outputs"
        # Its text is plain Markdown, with the numbers of this build.
        text = "\n".join(cell["source"] for cell in notebook["cells"] if cell["cell_type"] == "markdown")
        assert not re.search(r"\{[\w:-]+\}`|```\{", text), f"MyST syntax left in {chapter}.ipynb"
        for name, spec in re.findall(r"\{glue:text\}`(\w+):?([^`]*)`", (ROOT / "book" / f"{chapter}.md").read_text()):
            assert format(results[name], spec) in text, (chapter, name)
        assert (html / "_sources" / "book" / f"{chapter}.md").is_file()
        page = (html / "book" / f"{chapter}.html").read_text(encoding="utf-8")
        assert f"_sources/book/{chapter}.ipynb" in page


@pytest.mark.dataset
def test_instructor_edition_has_solutions_in_collapsed_dropdowns(quick_book):
    _, html = quick_book
    for chapter in CODE_CHAPTERS:
        page = (html / "book" / f"{chapter}.html").read_text(encoding="utf-8")
        assert page.count('class="solution dropdown admonition"') >= 2, chapter  # at least two exercises per chapter


@pytest.mark.dataset
def test_student_edition_has_no_solutions(tmp_path, quick_book, session_cache):
    # The code cells are those of the instructor edition: it reuses the quick book's
    # executions (so it waits for that build, and runs with the book's readers, last).
    result = build_book(ROOT, tmp_path, AECOURSE_EDITION="student", AECOURSE_CACHE_DIR=str(session_cache))
    assert result.returncode == 0, (result.stdout + result.stderr)[-5000:]
    html = tmp_path / "_build" / "html"
    pages = "\n".join(p.read_text(encoding="utf-8") for p in html.rglob("*.html"))
    assert 'class="exercise admonition"' in pages
    assert not re.findall(r'class="[^"]*\bsolution\b[^"]*"', pages)
    assert "BEGIN SOLUTION" not in pages
    assert json.loads((html / "results.json").read_text())["edition"] == "student"
    for chapter in CODE_CHAPTERS:  # the downloads: MyST source and notebook
        for suffix in (".md", ".ipynb"):
            download = (html / "_sources" / "book" / f"{chapter}{suffix}").read_text(encoding="utf-8")
            assert "{solution}" not in download and "exercise-solution-code" not in download, chapter + suffix


def test_student_edition_downloads_carry_no_solution_block(tmp_path):
    source = _mini_book(tmp_path, "print('fine')")
    (source / "exercises" / "solutions").mkdir(parents=True)
    shutil.copy(ROOT / "exercises" / "solutions" / "psnr.py", source / "exercises" / "solutions")
    chapter = source / "book" / "broken.md"
    chapter.write_text(chapter.read_text() + (
        "\n```{exercise} The peak signal-to-noise ratio (psnr.py)\n:label: ex-psnr\n\nWrite `psnr`.\n```\n\n"
        "````{solution} ex-psnr\n:class: dropdown\n\n"
        "```{exercise-solution-code} ../exercises/solutions/psnr.py\n:function: psnr\n```\n````\n\nAfter.\n"
    ))
    result = build_book(source, tmp_path / "out", AECOURSE_EDITION="student")
    assert result.returncode == 0, (result.stdout + result.stderr)[-5000:]
    sources = tmp_path / "out" / "_build" / "html" / "_sources" / "book"
    markdown = (sources / "broken.md").read_text(encoding="utf-8")
    assert "{exercise}" in markdown and "After." in markdown
    assert "{solution}" not in markdown and "exercise-solution-code" not in markdown, markdown
    notebook = (sources / "broken.ipynb").read_text(encoding="utf-8")
    assert "Exercise: The peak signal-to-noise ratio" in notebook
    assert "solution" not in notebook, notebook


def test_markdown_in_hidden_folders_is_ignored(tmp_path):
    # `make test` leaves .pytest_cache/README.md behind; `make book` must still pass.
    source = _mini_book(tmp_path, "print('fine')")
    for hidden in (".pytest_cache", ".venv/lib"):
        (source / hidden).mkdir(parents=True)
        (source / hidden / "README.md").write_text("# Not a chapter\n")
    result = build_book(source, tmp_path / "out")
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]


@pytest.mark.dataset
def test_chapters_have_a_colab_button_to_their_notebook(quick_book):
    _, html = quick_book
    repository = read_repository(ROOT / "_config.yml")
    for chapter in COLAB_CHAPTERS:
        page = (html / "book" / f"{chapter}.html").read_text(encoding="utf-8")
        assert f'href="{repository.colab_url(chapter)}"' in page, chapter
    # The introduction has no code, hence no notebook and no button.
    assert "colab.research.google.com" not in (html / "book" / "intro.html").read_text(encoding="utf-8")


def test_myst_the_downloadable_notebook_cannot_render_fails_the_build(tmp_path):
    source = _mini_book(tmp_path, "print('fine')")
    chapter = source / "book" / "broken.md"
    chapter.write_text(chapter.read_text() + "\n```{note}\nA directive plain Markdown has no rendering for.\n```\n")
    result = build_book(source, tmp_path / "out")
    assert result.returncode != 0
    log = result.stdout + result.stderr
    assert "downloadable notebook of book/broken" in log and "{note}" in log, log[-3000:]


@pytest.mark.dataset
def test_the_first_page_is_a_landing_page_with_every_chapter_and_the_licences(quick_book):
    _, html = quick_book
    page = (html / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' not in page.lower(), "index.html is a redirect, not the landing page"
    article = page[page.index('<article class="bd-article"'):]
    for chapter in CHAPTERS:
        assert f'href="book/{chapter}.html"' in article, f"the landing page does not link {chapter}"
    for heading in ("Who it is for", "What you need first", "Running the code", "Doing the exercises",
                    "Citing the book", "The PDF edition", "Licences"):
        assert f"{heading}<" in article, heading
    assert "CC BY 4.0" in article and "MIT" in article
    assert 'href="aecourse.pdf"' in article  # where make pdf puts the PDF edition
    assert "Attribution 4.0 International" in (ROOT / "LICENSE-TEXT").read_text(encoding="utf-8")
    assert "Permission is hereby granted, free of charge" in (ROOT / "LICENSE").read_text(encoding="utf-8")

