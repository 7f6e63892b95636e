import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from myst_nb.core.read import read_myst_markdown_notebook

from aecourse import colab
from aecourse.cli import _colab_notebooks
from aecourse.colab import ColabError, Repository, read_citations, read_repository
from conftest import ROOT

REPOSITORY = Repository("https://github.com/some-org/some-course", "main")
CITATIONS = {"smith2020": ("Smith and Jones", "2020"), "lee2019": ("Lee et al.", "2019")}
TITLES = {"linear": "A linear chapter"}
CHAPTERS = ("linear", "stacked", "vae")


def _convert(text: str) -> str:
    context = colab.MarkdownContext(REPOSITORY, CITATIONS, TITLES, where="test.md")
    return colab.myst_to_markdown(text, context)


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


# --- the text --------------------------------------------------------------------
def test_citations_read_from_bibtex():
    citations = read_citations(ROOT / "book" / "references.bib")
    assert citations["geron2019hands"] == ("Géron", "2019")
    assert citations["kingma2013auto"] == ("Kingma and Welling", "2013")
    assert citations["klambauer2017self"] == ("Klambauer et al.", "2017")


def test_roles_become_plain_markdown():
    text = ("As {cite:t}`smith2020` and others {cite:p}`smith2020,lee2019` say, see {doc}`linear` "
            "and {doc}`the start <./linear>`; it has {glue:text}`n_points:,` points.")
    assert _convert(text) == (
        "As Smith and Jones (2020) and others (Smith and Jones, 2020; Lee et al., 2019) say, "
        f"see [A linear chapter]({REPOSITORY.colab_url('linear')}) "
        f"and [the start]({REPOSITORY.colab_url('linear')}); it has `n_points` points."
    )


def test_math_and_braces_are_left_alone():
    text = r"$$f(x) = \begin{cases} x \\ 0 \end{cases}$$ and $\text{latent}$"
    assert _convert(text) == text


def test_exercises_kept_and_solutions_dropped():
    text = """Before.

```{exercise} Write it (file.py)
:label: ex-file

Do {cite:t}`lee2019` things.
```

````{solution} ex-file
:class: dropdown

```{exercise-solution-code} ../exercises/solutions/file.py
:function: f
```
````

After."""
    assert _convert(text) == "Before.\n\n**Exercise: Write it (file.py)**\n\nDo Lee et al. (2019) things.\n\nAfter."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("See {numref}`fig-1`.", r"role \{numref\}"),
        ("```{note}\nHi.\n```", r"directive \{note\}"),
        ("{cite:t}`nobody2000`", "no reference 'nobody2000'"),
        ("{doc}`nowhere`", "names no chapter"),
        ("```{exercise} Open\nNever closed.", "never closed"),
    ],
)
def test_unknown_syntax_is_an_error_not_raw_text(text, message):
    with pytest.raises(ColabError, match=message):
        _convert(text)


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


@pytest.mark.dataset
@pytest.mark.colab
def test_notebooks_install_aecourse_and_run_in_a_fresh_environment(tmp_path):
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

    for chapter in CHAPTERS:
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
        assert re.search(rf"^{chapter}_\w+ = \S+$", printed, re.MULTILINE), printed[:2000]
        assert any("image/png" in o.get("data", {}) for o in outputs), f"{chapter}: no figure"
