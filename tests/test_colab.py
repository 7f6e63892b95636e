import json
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from myst_nb.core.read import read_myst_markdown_notebook

from aecourse import colab
from aecourse.cli import _colab_notebooks
from aecourse.colab import ColabError, Repository, read_repository
from conftest import ROOT
from test_book import COLAB_CHAPTERS

REPOSITORY = Repository("https://github.com/some-org/some-course", "main")
CHAPTERS = COLAB_CHAPTERS  # one list of chapters for the book's tests and these


# --- the repository ------------------------------------------------------------
def test_colab_and_pip_addresses():
    assert REPOSITORY.colab_url("vae") == (
        "https://colab.research.google.com/github/some-org/some-course/blob/main/book/colab/vae.ipynb"
    )
    assert REPOSITORY.pip_requirement == "aecourse @ git+https://github.com/some-org/some-course.git@main"
    assert Repository("https://github.com/a/b.git", "dev").slug == "a/b"


@pytest.mark.parametrize("url", ["https://gitlab.com/a/b", "github.com/a/b", "https://github.com/a", ""])
def test_only_github_repositories(url):
    with pytest.raises(ColabError, match="GitHub address"):
        Repository(url, "main")


def test_branch_must_be_a_name():
    with pytest.raises(ColabError, match="branch"):
        Repository("https://github.com/a/b", "two words")


def test_read_repository(tmp_path):
    config = tmp_path / "_config.yml"
    config.write_text("title: x\nrepository:\n  url: https://github.com/a/b\n")
    assert read_repository(config) == Repository("https://github.com/a/b", "main")
    config.write_text("title: x\n")
    with pytest.raises(ColabError, match="repository.url"):
        read_repository(config)
    config.write_text("title: [unclosed\n")
    with pytest.raises(ColabError, match="cannot read"):
        read_repository(config)


def test_the_book_names_its_repository():
    assert read_repository(ROOT / "_config.yml").branch == "main"


# --- the committed notebooks ---------------------------------------------------
def test_committed_notebooks_are_current():
    # On failure, the stale notebooks are listed on stderr.
    assert _colab_notebooks(ROOT, check=True) == 0


def test_check_reports_a_stale_notebook(tmp_path, capsys):
    for name in ("_config.yml", "book"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    stale = tmp_path / "book" / "colab" / "linear.ipynb"
    stale.write_text(stale.read_text().replace("principal", "PRINCIPAL"))
    assert _colab_notebooks(tmp_path, check=True) == 1
    assert "linear.ipynb differs" in capsys.readouterr().err
    assert _colab_notebooks(tmp_path, check=False) == 0
    assert _colab_notebooks(tmp_path, check=True) == 0


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_notebook_runs_the_chapter_code_after_installing(chapter):
    notebook = json.loads((ROOT / "book" / "colab" / f"{chapter}.ipynb").read_text(encoding="utf-8"))
    code = [cell["source"] for cell in notebook["cells"] if cell["cell_type"] == "code"]
    source = read_myst_markdown_notebook((ROOT / "book" / f"{chapter}.md").read_text(encoding="utf-8"))
    assert code[1:] == [cell.source for cell in source.cells if cell.cell_type == "code"]
    assert "pip" in code[0] and read_repository(ROOT / "_config.yml").pip_requirement in code[0]
    markdown = "\n".join(cell["source"] for cell in notebook["cells"] if cell["cell_type"] == "markdown")
    assert notebook["cells"][0]["source"].startswith("# ")
    assert not re.search(r"\{[\w:-]+\}`", markdown), "a MyST role is left in the text"
    assert "exercise-solution-code" not in markdown and "BEGIN SOLUTION" not in json.dumps(notebook)
    assert "**Exercise:" in markdown


def test_every_chapter_with_code_has_a_notebook():
    assert [path.stem for path in colab.chapters_with_code(ROOT / "book")] == sorted(CHAPTERS)


# --- the notebooks run where aecourse is not installed, as on Colab ------------
RUN_NOTEBOOK = """
import sys
import nbclient, nbformat
notebook = nbformat.read(sys.argv[1], as_version=4)
nbclient.NotebookClient(notebook, timeout=900, kernel_name="python3",
                        resources={"metadata": {"path": sys.argv[3]}}).execute()
nbformat.write(notebook, sys.argv[2])
"""


def _colab_like_environment(tmp_path: Path) -> Path:
    """A new virtual environment with the course's packages but not aecourse, as Colab has
    TensorFlow, Keras and NumPy but not the course; returns its Python."""
    import site
    import venv

    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(target)
    python = target / "bin" / "python"
    shared = tmp_path / "shared-packages"
    shared.mkdir()
    for entry in Path(site.getsitepackages()[0]).iterdir():
        if "aecourse" not in entry.name:
            (shared / entry.name).symlink_to(entry)
    own_site = subprocess.run([python, "-c", "import site; print(site.getsitepackages()[0])"],
                              check=True, capture_output=True, text=True).stdout.strip()
    (Path(own_site) / "course-packages.pth").write_text(f"{shared}\n")
    return python


def _run_notebook(python: Path, chapter: str, tmp_path: Path, workdir: Path, env: dict) -> None:
    """Execute ``chapter``'s Colab notebook with ``python`` and check what it shows."""
    executed = tmp_path / f"{chapter}.ipynb"
    result = subprocess.run(
        [python, "-c", RUN_NOTEBOOK, ROOT / "book" / "colab" / f"{chapter}.ipynb", executed, workdir],
        cwd=workdir, env=env, capture_output=True, text=True, timeout=1200,
    )
    assert result.returncode == 0, f"{chapter}: {result.stderr[-4000:]}"
    cells = nbformat.read(executed, as_version=4).cells
    outputs = [o for cell in cells if cell["cell_type"] == "code" for o in cell["outputs"]]
    printed = "".join(o.get("text", "") for o in outputs if o["output_type"] == "stream")
    assert f"from {tmp_path / 'venv'}" in printed, printed[:500]  # installed into the new environment
    # Every number the chapter's text quotes is printed where the book would glue it.
    glued = set(re.findall(r"\{glue:text\}`(\w+)", (ROOT / "book" / f"{chapter}.md").read_text()))
    shown = set(re.findall(r"^(\w+) = \S.*$", printed, re.MULTILINE))
    assert glued and glued <= shown, (chapter, sorted(glued - shown), printed[:2000])
    assert any("image/png" in o.get("data", {}) for o in outputs), f"{chapter}: no figure"


@pytest.mark.dataset
@pytest.mark.colab
def test_notebooks_install_aecourse_and_run_in_a_fresh_environment(tmp_path, quick_book, session_cache):
    python = _colab_like_environment(tmp_path)
    workdir = tmp_path / "work"  # not the repository, whose aecourse/ folder Python would import
    workdir.mkdir()
    assert subprocess.run([python, "-c", "import aecourse"], cwd=workdir, capture_output=True).returncode != 0
    assert subprocess.run([python, "-c", "import keras, tensorflow"], cwd=workdir, capture_output=True).returncode == 0

    # What pip installs: the package's own files, as a clone of the repository has them.
    package = tmp_path / "aecourse-source"
    shutil.copytree(ROOT / "aecourse", package / "aecourse", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, package)
    env = {key: value for key, value in os.environ.items() if not key.startswith("AECOURSE_")}
    env.update(AECOURSE_INSTALL_SOURCE=str(package), AECOURSE_PROFILE="quick", PIP_DISABLE_PIP_VERSION_CHECK="1")
    # The quick book has trained these models already (same code, data and
    # seeds): the notebooks read them from its caches instead of training them
    # again. That the caches give what training gives is tested on its own.
    env.update(AECOURSE_TRAINING_CACHE=str(session_cache / "training"),
               AECOURSE_COMPUTATION_CACHE=str(session_cache / "computations"))

    # The first notebook installs aecourse; the others then run two at a time
    # (their install cell finds it, as on a Colab runtime that ran one before).
    first, *others = CHAPTERS
    _run_notebook(python, first, tmp_path, workdir, env)
    with ThreadPoolExecutor(max_workers=2) as pool:
        for done in [pool.submit(_run_notebook, python, chapter, tmp_path, workdir, env) for chapter in others]:
            done.result()


def test_links_lead_to_a_notebook_or_else_to_the_chapters_source():
    repository = read_repository(ROOT / "_config.yml")
    notebooks = colab.expected_notebooks(ROOT)
    assert "family_compared.ipynb" not in notebooks  # it reads the whole build's results
    text = "".join(notebooks.values())
    assert repository.source_url("family_compared") in notebooks["sparse.ipynb"]
    assert repository.colab_url("family_compared") not in text
    assert repository.colab_url("intro") not in text
    assert repository.colab_url("stacked") in text
