"""Colab notebooks of the book's chapters, generated from their MyST sources.

Colab opens ``.ipynb`` files from GitHub, not MyST Markdown. For each chapter
``book/<name>.md`` that has code, :func:`expected_notebooks` makes
``book/colab/<name>.ipynb``:

- first, a cell that installs ``aecourse`` from the course repository when the
  environment lacks it (Colab has TensorFlow, Keras and NumPy already);
- then the chapter's cells, code unchanged, with the text rewritten as plain
  Markdown (:mod:`aecourse.plain_markdown`): links to other chapters lead to
  their Colab notebooks, glued numbers show as their names
  (:func:`aecourse.report.publish` prints each one under its cell), and the
  exercises' solutions are left out.

The notebooks are committed, since Colab reads them from the repository, and
``aecourse colab --check`` (run by the tests) tells when one is stale. The
repository's address and branch come from ``_config.yml`` (``repository.url``
and ``repository.branch``), the settings that the book's Colab buttons use too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from aecourse.plain_markdown import TITLE, MarkdownContext, chapter_title, myst_to_markdown, read_citations
from aecourse.report import reads_build_results

COLAB_URL = "https://colab.research.google.com"
COLAB_FOLDER = "book/colab"
INSTALL_SOURCE_ENV_VAR = "AECOURSE_INSTALL_SOURCE"

_GITHUB_REPOSITORY = re.compile(r"^https://github\.com/(?P<org>[\w.-]+)/(?P<name>[\w.-]+?)(?:\.git)?/?$")


class ColabError(ValueError):
    """A repository setting that the Colab notebooks and buttons cannot use."""


@dataclass(frozen=True)
class Repository:
    """The public GitHub repository of the course, from which Colab opens notebooks.

    Attributes:
        url: ``https://github.com/<org>/<name>``.
        branch: the branch Colab reads and ``pip`` installs from.
    """

    url: str
    branch: str

    def __post_init__(self) -> None:
        if not _GITHUB_REPOSITORY.match(self.url):
            raise ColabError(
                f"repository.url in _config.yml must be a GitHub address such as "
                f"https://github.com/<org>/<name> (Colab opens notebooks from GitHub), got {self.url!r}."
            )
        if not self.branch or any(c.isspace() for c in self.branch):
            raise ColabError(f"repository.branch in _config.yml must name a branch, got {self.branch!r}.")

    @property
    def slug(self) -> str:
        """``<org>/<name>``."""
        match = _GITHUB_REPOSITORY.match(self.url)
        return f"{match['org']}/{match['name']}"

    def colab_url(self, chapter: str) -> str:
        """The address that opens the Colab notebook of ``chapter`` (``"linear"``)."""
        return f"{COLAB_URL}/github/{self.slug}/blob/{self.branch}/{COLAB_FOLDER}/{chapter}.ipynb"

    def source_url(self, chapter: str) -> str:
        """The address of ``chapter``'s MyST source on GitHub, which GitHub shows as a page."""
        return f"https://github.com/{self.slug}/blob/{self.branch}/book/{chapter}.md"

    @property
    def pip_requirement(self) -> str:
        """What ``pip install`` takes to install ``aecourse`` from this repository."""
        return f"aecourse @ git+https://github.com/{self.slug}.git@{self.branch}"


def read_repository(config_file: Path) -> Repository:
    """The repository named by ``repository.url`` and ``repository.branch`` in the book's ``_config.yml``."""
    import yaml

    try:
        config = yaml.safe_load(Path(config_file).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ColabError(f"cannot read the book's configuration {config_file}: {error}") from error
    repository = config.get("repository") or {}
    if not repository.get("url"):
        raise ColabError(f"{config_file} sets no repository.url: the Colab notebooks need the course's GitHub address.")
    return Repository(url=str(repository["url"]), branch=str(repository.get("branch") or "main"))


def _install_cell(repository: Repository) -> str:
    return f'''# Install the course's package, aecourse, where it is missing (as on Colab).
# {INSTALL_SOURCE_ENV_VAR} may name another pip requirement: a fork, a local checkout.
import importlib.util
import os
import subprocess
import sys

if importlib.util.find_spec("aecourse") is None:
    requirement = os.environ.get("{INSTALL_SOURCE_ENV_VAR}", "{repository.pip_requirement}")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", requirement], check=True)
    importlib.invalidate_caches()
import aecourse

print("aecourse", aecourse.__version__, "from", os.path.dirname(aecourse.__file__))'''


def _about_cell(example_number: str | None) -> str:
    about = """This notebook is a chapter of **Autoencoders: an open course**, to run in Colab.

Run the next code cell before the others: it installs the course's Python
package, `aecourse`, unless this environment already has it. Colab's own
TensorFlow and Keras stay in place. The chapter then trains its models as the
book does, on the CPU in a few minutes; for a quick run on a smaller sample,
first run `%env AECOURSE_PROFILE=quick` in a new cell."""
    if example_number is not None:
        about += f"""

Where the book's text quotes a computed number, this notebook shows its name in
code font, like `{example_number}`: the cell that computes it prints `name = value`."""
    return about + "\n\nThe exercises' solutions are not included."


def chapter_notebook(chapter: Path, repository: Repository, citations: Mapping[str, tuple[str, str]],
                     links: Mapping[str, tuple[str, str]]) -> dict:
    """The Colab notebook (nbformat 4 as a plain ``dict``) of one MyST chapter."""
    from myst_nb.core.read import read_myst_markdown_notebook

    source = Path(chapter).read_text(encoding="utf-8")
    title = chapter_title(source)
    parsed = read_myst_markdown_notebook(source, path=str(chapter))
    glued = re.search(r"\{glue(?::text)?\}`(\w+)", source)
    # The title first, then how to run the notebook, then the chapter without its title.
    cells = [
        _cell("markdown", f"# {title}"),
        _cell("markdown", _about_cell(glued[1] if glued else None)),
        _cell("code", _install_cell(repository)),
    ]
    for number, cell in enumerate(parsed.cells, start=1):
        if cell.cell_type == "markdown":
            where = f"{Path(chapter).name}, markdown cell {number}"
            context = MarkdownContext(links, citations, where)
            text = TITLE.sub("", myst_to_markdown(cell.source, context), count=1).strip()
            if text:
                cells.append(_cell("markdown", text))
        else:
            cells.append(_cell(cell.cell_type, cell.source))
    for number, cell in enumerate(cells):
        cell["id"] = f"cell-{number}"
    return {
        "cells": cells,
        "metadata": {
            "colab": {"name": f"{Path(chapter).stem}.ipynb", "provenance": []},
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _cell(cell_type: str, source: str) -> dict:
    cell: dict = {"cell_type": cell_type, "metadata": {}, "source": source}
    if cell_type == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def chapters_with_code(book_dir: Path) -> list[Path]:
    """The MyST chapters of ``book_dir`` that hold at least one code cell and can run alone, by name.

    A chapter that reads the results of the whole book build
    (:func:`aecourse.report.reads_build_results`) runs only inside that build: it has no notebook.
    """
    chapters = []
    for path in sorted(Path(book_dir).glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "```{code-cell}" in text and not reads_build_results(text):
            chapters.append(path)
    return chapters


def expected_notebooks(repository_root: Path) -> dict[str, str]:
    """``<name>.ipynb: JSON text`` of the Colab notebook of every chapter with code."""
    root = Path(repository_root)
    book_dir = root / "book"
    repository = read_repository(root / "_config.yml")
    citations = read_citations(book_dir / "references.bib")
    chapters = chapters_with_code(book_dir)
    with_notebook = {chapter.stem for chapter in chapters}
    # A link leads to the other chapter's notebook, or to its source page if it has none.
    links = {
        path.stem: (chapter_title(path.read_text(encoding="utf-8")),
                    repository.colab_url(path.stem) if path.stem in with_notebook else repository.source_url(path.stem))
        for path in book_dir.glob("*.md")
    }
    return {
        f"{chapter.stem}.ipynb": json.dumps(chapter_notebook(chapter, repository, citations, links),
                                            indent=1, ensure_ascii=False) + "\n"
        for chapter in chapters
    }
