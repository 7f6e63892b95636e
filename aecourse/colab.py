"""Colab notebooks of the book's chapters, generated from their MyST sources.

Colab opens ``.ipynb`` files from GitHub, not MyST Markdown. For each chapter
``book/<name>.md`` that has code, :func:`expected_notebooks` makes
``book/colab/<name>.ipynb``:

- first, a cell that installs ``aecourse`` from the course repository when the
  environment lacks it (Colab has TensorFlow, Keras and NumPy already);
- then the chapter's cells, code unchanged, with the MyST-only syntax of the
  text rewritten as plain Markdown: citations as "Author (year)", links to
  other chapters as links to their Colab notebooks, glued numbers as their
  names (:func:`aecourse.report.publish` prints each one under its cell);
- without the exercises' solutions.

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

COLAB_URL = "https://colab.research.google.com"
COLAB_FOLDER = "book/colab"
INSTALL_SOURCE_ENV_VAR = "AECOURSE_INSTALL_SOURCE"

_GITHUB_REPOSITORY = re.compile(r"^https://github\.com/(?P<org>[\w.-]+)/(?P<name>[\w.-]+?)(?:\.git)?/?$")
_ROLE = re.compile(r"\{(?P<role>[a-z][\w:-]*)\}`(?P<content>[^`]*)`")
_FENCE_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<directive>[\w-]+)\}\s*(?P<argument>.*)$")
_TITLE = re.compile(r"^# (?P<title>.+)$", re.MULTILINE)
# Directives whose whole block the Colab notebook leaves out.
_DROPPED_DIRECTIVES = {"solution", "bibliography", "exercise-solution-code"}


class ColabError(ValueError):
    """A chapter or setting that cannot be turned into a Colab notebook."""


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


def chapter_title(markdown: str) -> str:
    """The text of the first level-1 heading of a MyST document."""
    match = _TITLE.search(markdown)
    if match is None:
        raise ColabError("the chapter has no '# Title' heading.")
    return match["title"].strip()


def read_citations(bib_file: Path) -> dict[str, tuple[str, str]]:
    """``key: (authors, year)`` for each entry of a BibTeX file, authors as in "Kingma and Welling"."""
    import latexcodec  # noqa: F401  (registers the "latex" codec)
    from pybtex.database import parse_file

    citations = {}
    for key, entry in parse_file(str(bib_file)).entries.items():
        surnames = [
            " ".join(person.last_names).encode("utf-8").decode("latex").replace("{", "").replace("}", "")
            for person in entry.persons.get("author", [])
        ]
        if len(surnames) > 2:
            authors = f"{surnames[0]} et al."
        else:
            authors = " and ".join(surnames)
        citations[key] = (authors, entry.fields.get("year", "n.d."))
    return citations


@dataclass(frozen=True)
class MarkdownContext:
    """What rewriting a chapter's text needs besides the text.

    Attributes:
        repository: where the other chapters' Colab notebooks are, for links.
        citations: ``key: (authors, year)``, from :func:`read_citations`.
        titles: ``chapter name: title``, for links to other chapters.
        where: the place of the text, for error messages (``"linear.md, markdown cell 3"``).
    """

    repository: Repository
    citations: Mapping[str, tuple[str, str]]
    titles: Mapping[str, str]
    where: str


def _role(match: re.Match, context: MarkdownContext) -> str:
    role, content = match["role"], match["content"]
    if role in ("cite:t", "cite:p"):
        cited = []
        for key in (k.strip() for k in content.split(",")):
            if key not in context.citations:
                raise ColabError(f"{context.where}: no reference {key!r} in the bibliography.")
            authors, year = context.citations[key]
            cited.append(f"{authors} ({year})" if role == "cite:t" else f"{authors}, {year}")
        return "; ".join(cited) if role == "cite:t" else f"({'; '.join(cited)})"
    if role == "doc":
        explicit = re.fullmatch(r"(?P<text>.+?)\s*<(?P<target>[^>]+)>", content)
        text, target = (explicit["text"], explicit["target"]) if explicit else (None, content)
        name = Path(target.strip()).name
        if name not in context.titles:
            raise ColabError(f"{context.where}: {{doc}}`{content}` names no chapter.")
        return f"[{text or context.titles[name]}]({context.repository.colab_url(name)})"
    if role in ("glue", "glue:text"):
        return f"`{content.split(':', 1)[0]}`"
    raise ColabError(f"{context.where}: the Colab notebook has no rendering for the role {{{role}}}.")


def _replace_roles(line: str, context: MarkdownContext) -> str:
    return _ROLE.sub(lambda match: _role(match, context), line)


def _closing_fence(lines: list[str], start: int, fence: str, context: MarkdownContext) -> int:
    for index in range(start + 1, len(lines)):
        if lines[index].rstrip() == fence:
            return index
    raise ColabError(f"{context.where}: the {fence} block opened on line {start + 1} is never closed.")


def myst_to_markdown(text: str, context: MarkdownContext) -> str:
    """Rewrite one Markdown cell of a MyST chapter as Markdown that Colab renders.

    Raises:
        ColabError: for a role or directive this function does not know, so
            that a new one is added here rather than shown raw in Colab.
    """
    lines = text.splitlines()
    out: list[str] = []
    index = 0
    while index < len(lines):
        opened = _FENCE_OPEN.match(lines[index])
        if opened is None:
            out.append(_replace_roles(lines[index], context))
            index += 1
            continue
        end = _closing_fence(lines, index, opened["fence"], context)
        directive, body = opened["directive"], lines[index + 1 : end]
        if directive == "exercise":
            body = [line for line in body if not line.startswith(":")]  # options such as :label:
            title = _replace_roles(opened["argument"].strip(), context)
            out.append(f"**Exercise: {title}**" if title else "**Exercise**")
            out.extend(_replace_roles(line, context) for line in body)
        elif directive not in _DROPPED_DIRECTIVES:
            raise ColabError(f"{context.where}: the Colab notebook has no rendering for the directive {{{directive}}}.")
        index = end + 1
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()


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
                     titles: Mapping[str, str]) -> dict:
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
            context = MarkdownContext(repository, citations, titles, where)
            text = _TITLE.sub("", myst_to_markdown(cell.source, context), count=1).strip()
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
    """The MyST chapters of ``book_dir`` that hold at least one code cell, by name."""
    return sorted(path for path in Path(book_dir).glob("*.md") if "```{code-cell}" in path.read_text(encoding="utf-8"))


def expected_notebooks(repository_root: Path) -> dict[str, str]:
    """``<name>.ipynb: JSON text`` of the Colab notebook of every chapter with code."""
    root = Path(repository_root)
    book_dir = root / "book"
    repository = read_repository(root / "_config.yml")
    citations = read_citations(book_dir / "references.bib")
    titles = {path.stem: chapter_title(path.read_text(encoding="utf-8")) for path in book_dir.glob("*.md")}
    return {
        f"{chapter.stem}.ipynb": json.dumps(chapter_notebook(chapter, repository, citations, titles),
                                            indent=1, ensure_ascii=False) + "\n"
        for chapter in chapters_with_code(book_dir)
    }
