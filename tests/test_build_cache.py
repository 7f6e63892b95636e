"""The book's caches never show a stale number: a small book built again and again.

The small book has one chapter that trains a small model with ``aecourse``,
publishes its loss and training time, and draws a plot. It is built with a
copy of the ``aecourse`` package first on ``PYTHONPATH`` (for the builder and
its kernels), so that a test can change a plotting helper or a metric the way
an author would, and read in ``build-report.json`` what the build did.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, build_book

pytestmark = pytest.mark.book

CHAPTER = """\
---
{front_matter}---

# A small chapter

The first sentence of the prose.

```{{code-cell}} ipython3
import keras
import numpy as np

from aecourse.config import get_profile
from aecourse.metrics import rounded_accuracy
from aecourse.models import build_stacked_autoencoder
from aecourse.plots import plot_loss_curves
from aecourse.report import publish
from aecourse.seeding import seed_everything
from aecourse.training import fit_autoencoder

seed_everything(42)
x = np.random.default_rng(0).random((256, 6, 6)).astype("float32")
ae = build_stacked_autoencoder((12, 3), image_shape=(6, 6))
ae.model.compile(optimizer=keras.optimizers.SGD(learning_rate={learning_rate}), loss="binary_crossentropy",
                 metrics=[rounded_accuracy])
run = fit_autoencoder(ae.model, x, x[:64], epochs=2 if get_profile().name == "quick" else 3, batch_size=16)
publish("small_val_loss", run.final("val_loss"))
publish("small_epochs", run.epochs)
publish("small_training_seconds", run.seconds)
publish("small_draw", float(np.random.random()))
plot_loss_curves(run.history, description="Loss of the small autoencoder per epoch")
```

The validation loss is {{glue:text}}`small_val_loss:.4f` after {{glue:text}}`small_epochs` epochs.
"""


class SmallBook:
    """A one-chapter book, its own copy of ``aecourse``, and its builds."""

    def __init__(self, root: Path) -> None:
        self.source = root / "src"
        self.output = root / "out"
        self.package = root / "pythonpath"
        (self.source / "book").mkdir(parents=True)
        shutil.copy(ROOT / "_config.yml", self.source)
        shutil.copy(ROOT / "requirements.lock", self.source)
        shutil.copytree(ROOT / "book" / "_ext", self.source / "book" / "_ext")
        shutil.copy(ROOT / "book" / "references.bib", self.source / "book")
        (self.source / "_toc.yml").write_text("format: jb-book\nroot: book/intro\nchapters:\n  - file: book/small\n")
        (self.source / "book" / "intro.md").write_text("# Intro\n\nA test book.\n")
        shutil.copytree(ROOT / "aecourse", self.package / "aecourse", ignore=shutil.ignore_patterns("__pycache__"))
        self.write_chapter()

    @property
    def chapter(self) -> Path:
        return self.source / "book" / "small.md"

    def write_chapter(self, learning_rate: float = 0.5) -> None:
        front_matter = (ROOT / "book" / "linear.md").read_text().split("---\n")[1]
        self.chapter.write_text(CHAPTER.format(front_matter=front_matter, learning_rate=learning_rate))

    def edit(self, path: Path, old: str, new: str) -> None:
        text = path.read_text()
        assert old in text, f"{old!r} not in {path}"
        path.write_text(text.replace(old, new, 1))

    def build(self, profile: str = "quick", output: Path | None = None) -> tuple[dict, dict, bytes]:
        """Build; return the chapter's report entry, the results and the results file's bytes."""
        output = output or self.output
        result = build_book(self.source, output, AECOURSE_PROFILE=profile, PYTHONPATH=str(self.package))
        assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
        assert "aecourse: book/small" in result.stdout or "unchanged" in result.stdout, result.stdout[-2000:]
        html = output / "_build" / "html"
        report = json.loads((html / "build-report.json").read_text())
        raw = (html / "results.json").read_bytes()
        return report["chapters"]["book/small"], json.loads(raw)["results"], raw

    def cache(self, output: Path | None = None) -> Path:
        return (output or self.output) / "_build" / ".cache"


def _trainings(entry: dict) -> list[str]:
    return [run["cache"] for run in entry["training_runs"]]


def _without_timings(results: dict) -> dict:
    return {name: value for name, value in results.items() if not name.endswith("_seconds")}


@pytest.fixture(scope="module")
def small_book(tmp_path_factory) -> SmallBook:
    return SmallBook(tmp_path_factory.mktemp("small-book"))


def test_each_change_reexecutes_or_retrains_only_what_it_must(small_book):
    book = small_book
    # A cold build executes the chapter and trains its model.
    entry, cold, cold_bytes = book.build()
    assert entry["status"] == "executed" and _trainings(entry) == ["trained"]
    assert cold["small_epochs"] == 2

    # Nothing changed: nothing is read again, and the results are byte for byte the same.
    entry, _, raw = book.build()
    assert entry["status"] == "unchanged" and raw == cold_bytes

    # The prose changed: the page is made again from the cached execution.
    book.edit(book.chapter, "The first sentence of the prose.", "The first sentence of the prose, edited.")
    entry, _, raw = book.build()
    assert entry["status"] == "reused" and entry["training_runs"] == [] and raw == cold_bytes
    page = (book.output / "_build" / "html" / "book" / "small.html").read_text()
    assert "of the prose, edited." in page and f"{cold['small_val_loss']:.4f}" in page
    # The notebook offered for download has the cached outputs too.
    download = json.loads((book.output / "_build" / "html" / "_sources" / "book" / "small.ipynb").read_text())
    assert any(cell.get("outputs") for cell in download["cells"] if cell["cell_type"] == "code")

    # A plotting helper's docstring and comments changed: no code did, nothing runs again.
    book.edit(book.package / "aecourse" / "plots.py", '"""', '"""Edited by a test.\n', )
    book.edit(book.package / "aecourse" / "plots.py", "\nimport ", "\n# a comment added by a test\nimport ")
    entry, _, raw = book.build()
    assert entry["status"] == "unchanged" and raw == cold_bytes

    # A plotting helper's code changed: the chapter runs again, its model does not train
    # again, and every number, timings included, is the same.
    book.edit(book.package / "aecourse" / "plots.py", "\nimport ", "\nEDITED_BY_A_TEST = True\nimport ")
    entry, _, raw = book.build()
    assert entry["status"] == "executed" and _trainings(entry) == ["hit"] and raw == cold_bytes


# The changes that must train again, on a book of their own (another pytest-xdist worker
# can build it while the one above builds its own).
@pytest.mark.xdist_group("build_cache_retraining")
def test_a_change_to_training_retrains_and_a_profile_switch_reuses_its_cache(tmp_path):
    book = SmallBook(tmp_path)
    entry, cold, _ = book.build()
    assert entry["status"] == "executed" and _trainings(entry) == ["trained"]

    # A metric that runs inside training changed: the model trains again.
    book.edit(book.package / "aecourse" / "metrics.py", "def rounded_accuracy(y_true, y_pred):",
              "def rounded_accuracy(y_true, y_pred):\n    edited_by_a_test = True")
    entry, results, _ = book.build()
    assert entry["status"] == "executed" and _trainings(entry) == ["trained"]
    assert _without_timings(results) == _without_timings(cold)  # a statement that computes nothing

    # A hyperparameter in a code cell changed: it trains again, to other numbers.
    book.write_chapter(learning_rate=0.25)
    entry, results, _ = book.build()
    assert entry["status"] == "executed" and _trainings(entry) == ["trained"]
    assert results["small_val_loss"] != cold["small_val_loss"]

    # The profile changed: the chapter runs again, with the profile's epochs.
    entry, results, _ = book.build(profile="full")
    assert entry["status"] == "executed" and _trainings(entry) == ["trained"] and results["small_epochs"] == 3

    # Back to the quick profile: its execution is still cached, and is reused.
    entry, results, _ = book.build()
    assert entry["status"] == "reused" and results["small_epochs"] == 2


@pytest.mark.xdist_group("build_cache_damaged")
def test_damaged_caches_are_detected_and_rebuilt(tmp_path):
    book = SmallBook(tmp_path)
    entry, before, before_bytes = book.build()
    # Damage every cached training run and every cached notebook.
    for variables in book.cache().glob("training/*/variables.npz"):
        variables.write_bytes(variables.read_bytes()[:200])
    notebooks = list(book.cache().glob("notebooks/*/executed/*/base.ipynb"))
    assert notebooks
    for notebook in notebooks:
        notebook.write_text('{"cells": [')
    book.edit(book.chapter, "The first sentence", "The very first sentence")
    entry, after, _ = book.build()
    assert entry["status"] == "executed" and _trainings(entry) == ["trained"]
    assert _without_timings(after) == _without_timings(before)
    # Rebuilt whole: the next prose change reuses the new execution.
    book.edit(book.chapter, "The very first sentence", "The first sentence")
    entry, _, _ = book.build()
    assert entry["status"] == "reused"


# The tests below build books of their own: each may run on its own pytest-xdist worker.
@pytest.mark.xdist_group("build_cache_two_cold_builds")
def test_two_cold_builds_differ_only_in_timings(tmp_path):
    book = SmallBook(tmp_path / "book")
    _, first, _ = book.build(output=tmp_path / "one")
    _, second, _ = book.build(output=tmp_path / "two")
    assert _without_timings(first) == _without_timings(second)
    assert set(first) == set(second)


SUMMARY = """\
---
{front_matter}mystnb:
  execution_mode: force
aecourse:
  reads_build_results: true
---

# A summary of the book

```{{code-cell}} ipython3
from aecourse.report import build_results, publish

results = build_results()
publish("summary_small_val_loss", results["small_val_loss"])
publish("summary_names", ",".join(sorted(name for name in results if not name.endswith("_seconds"))))
```

The small chapter's loss was {{glue:text}}`summary_small_val_loss:.6f`.
"""


@pytest.mark.xdist_group("build_cache_summary")
def test_a_chapter_that_reads_the_build_results_shows_this_builds_values(tmp_path):
    book = SmallBook(tmp_path)
    front_matter = (ROOT / "book" / "linear.md").read_text().split("---\n")[1]
    # Named to come first in Sphinx's order: the build must still read it last.
    summary = book.source / "book" / "a_summary.md"
    summary.write_text(SUMMARY.format(front_matter=front_matter))
    (book.source / "_toc.yml").write_text(
        "format: jb-book\nroot: book/intro\nchapters:\n  - file: book/small\n  - file: book/a_summary\n")
    page = book.output / "_build" / "html" / "book" / "a_summary.html"

    _, results, _ = book.build()
    assert results["summary_small_val_loss"] == results["small_val_loss"]
    assert results["summary_names"] == "small_draw,small_epochs,small_val_loss"  # not its own values
    assert f"{results['small_val_loss']:.6f}" in page.read_text()

    # The other chapter's code changed, the summary's did not: it still shows the new value.
    book.write_chapter(learning_rate=0.25)
    _, changed, _ = book.build()
    assert changed["small_val_loss"] != results["small_val_loss"]
    assert changed["summary_small_val_loss"] == changed["small_val_loss"]
    assert f"{changed['small_val_loss']:.6f}" in page.read_text()



def _two_chapter_book(root: Path, second_chapter_code: str | None = None) -> SmallBook:
    book = SmallBook(root)
    twin = book.source / "book" / "twin.md"
    text = book.chapter.read_text().replace("small_", "twin_").replace("learning_rate=0.5", "learning_rate=0.3")
    if second_chapter_code is not None:
        text = text.replace('plot_loss_curves(run.history, description="Loss of the small autoencoder per epoch")',
                            second_chapter_code)
    twin.write_text(text)
    (book.source / "_toc.yml").write_text(
        "format: jb-book\nroot: book/intro\nchapters:\n  - file: book/small\n  - file: book/twin\n")
    return book


@pytest.mark.xdist_group("build_cache_side_by_side")
def test_chapters_that_must_run_are_executed_side_by_side_once(tmp_path):
    book = _two_chapter_book(tmp_path)
    result = build_book(book.source, book.output, PYTHONPATH=str(book.package), AECOURSE_EXECUTION_WORKERS="2")
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    assert "aecourse: executing 2 chapters, 2 at a time" in result.stdout
    # MyST-NB found both in the execution cache: it executed neither a second time.
    assert "Executing notebook using" not in result.stdout + result.stderr
    html = book.output / "_build" / "html"
    report = json.loads((html / "build-report.json").read_text())["chapters"]
    for chapter in ("book/small", "book/twin"):
        assert report[chapter]["status"] == "executed" and _trainings(report[chapter]) == ["trained"], report
    results = json.loads((html / "results.json").read_text())["results"]
    assert results["small_val_loss"] != results["twin_val_loss"]
    assert f"{results['twin_val_loss']:.4f}" in (html / "book" / "twin.html").read_text()


@pytest.mark.xdist_group("build_cache_side_by_side_failing")
def test_a_chapter_that_fails_side_by_side_still_fails_the_build_with_its_error(tmp_path):
    book = _two_chapter_book(tmp_path, second_chapter_code="raise RuntimeError('a broken twin')")
    result = build_book(book.source, book.output, PYTHONPATH=str(book.package), AECOURSE_EXECUTION_WORKERS="2")
    assert result.returncode != 0
    log = result.stdout + result.stderr
    assert "book/twin failed (CellExecutionError); it runs again as it is read" in log
    assert "a broken twin" in log
