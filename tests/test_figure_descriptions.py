"""The book's ``figure_descriptions`` extension, on a tiny Sphinx project (no notebook execution)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT, load_book_extension

from aecourse.plots import plot_loss_curves

DESCRIPTION = "Loss of a test model per epoch"


def _png(path: Path, description: str | None) -> None:
    fig = plot_loss_curves({"loss": [1.0, 0.5]}, description=DESCRIPTION)
    if description is None:
        fig.description = ""
    path.write_bytes(fig._repr_png_())


def test_png_description_reads_the_chunk_and_ignores_other_files(tmp_path):
    extension = load_book_extension("figure_descriptions")
    _png(tmp_path / "described.png", DESCRIPTION)
    _png(tmp_path / "bare.png", None)
    (tmp_path / "text.png").write_text("not a png")
    assert extension.png_description(tmp_path / "described.png").startswith(DESCRIPTION)
    assert extension.png_description(tmp_path / "bare.png") is None
    assert extension.png_description(tmp_path / "text.png") is None
    assert extension.png_description(tmp_path / "missing.png") is None


def _sphinx(tmp_path: Path, body: str) -> tuple[subprocess.CompletedProcess, Path]:
    source = tmp_path / "src"
    source.mkdir()
    _png(source / "described.png", DESCRIPTION)
    _png(source / "bare.png", None)
    (source / "conf.py").write_text(
        f"import sys\nsys.path[:0] = [{str(ROOT / 'book' / '_ext')!r}, {str(ROOT)!r}]\n"
        "extensions = ['figure_descriptions']\n")
    # The image is on a page in a sub-folder, as the chapters are in book/.
    (source / "index.rst").write_text("Test\n====\n\n.. toctree::\n\n   part/page\n")
    (source / "part").mkdir()
    (source / "part" / "page.rst").write_text("Page\n====\n\n" + body.replace(":: ", ":: ../") + "\n")
    out = tmp_path / "html"
    result = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(source), str(out)],
                            capture_output=True, text=True, timeout=300)
    return result, out


def test_a_described_png_gets_its_description_as_alt(tmp_path):
    result, out = _sphinx(tmp_path, ".. image:: described.png\n")
    assert result.returncode == 0, result.stderr
    assert f'alt="{DESCRIPTION}.' in (out / "part" / "page.html").read_text()


def test_an_undescribed_or_generic_image_fails_the_strict_build(tmp_path):
    result, _ = _sphinx(tmp_path, ".. image:: bare.png\n")
    assert result.returncode != 0 and "has no description" in result.stderr, result.stderr
    (tmp_path / "generic").mkdir()
    result, _ = _sphinx(tmp_path / "generic", ".. image:: bare.png\n   :alt: figure\n")
    assert result.returncode != 0 and "has no description" in result.stderr, result.stderr


def test_a_static_image_with_alt_text_of_its_own_keeps_it(tmp_path):
    result, out = _sphinx(tmp_path, ".. image:: bare.png\n   :alt: A hand-drawn sketch of an autoencoder\n")
    assert result.returncode == 0, result.stderr
    assert 'alt="A hand-drawn sketch of an autoencoder"' in (out / "part" / "page.html").read_text()
