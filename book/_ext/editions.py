"""Sphinx extension: the two editions of the book, and the code of the exercises' solutions.

- ``AECOURSE_EDITION=student`` builds the student edition, without the
  exercises' solutions (sphinx-exercise's ``hide_solutions``), in its pages
  and in the chapters' MyST sources offered for download (the downloadable
  notebooks leave them out in both editions); the default, ``instructor``,
  shows them in collapsed dropdowns.
- The ``exercise-solution-code`` directive shows the marked code of a reference
  solution in ``exercises/solutions/``, the single source of each exercise.
"""

from __future__ import annotations

import os
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from aecourse.grading.stubs import MarkerError, solution_code
from aecourse.plain_markdown import without_solutions

EDITION_ENV_VAR = "AECOURSE_EDITION"
EDITIONS = ("instructor", "student")


def edition() -> str:
    """``"instructor"`` (the default: solutions in collapsed dropdowns) or ``"student"`` (no solutions)."""
    name = os.environ.get(EDITION_ENV_VAR, "").strip() or "instructor"
    if name not in EDITIONS:
        raise ValueError(f"{EDITION_ENV_VAR}={name!r} is not one of {', '.join(EDITIONS)}.")
    return name


def _choose_edition(app: Sphinx, config) -> None:
    config.hide_solutions = edition() == "student"


class ExerciseSolutionCode(SphinxDirective):
    """Show the marked solution code of one function of an exercise's reference solution.

    Usage, inside a ``{solution}`` block::

        ```{exercise-solution-code} ../exercises/solutions/anomaly.py
        :function: reconstruction_errors
        ```
    """

    required_arguments = 1
    option_spec = {"function": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        relative, path = self.env.relfn2path(self.arguments[0])
        self.env.note_dependency(relative)
        try:
            code = solution_code(Path(path).read_text(encoding="utf-8"), self.options["function"], str(path))
        except (OSError, MarkerError, KeyError) as error:
            raise self.error(f"exercise-solution-code: {error}") from None
        block = nodes.literal_block(code, code, language="python")
        self.set_source_info(block)
        return [block]


def _strip_downloaded_sources(app: Sphinx, exception: Exception | None) -> None:
    """In the student edition, remove the solution blocks from the chapters' sources in ``_sources/``.

    Sphinx copies each page's source there after the page is written, so this
    runs once the build has finished.
    """
    if exception is not None or edition() != "student" or app.builder.format != "html":
        return
    for path in sorted((Path(app.outdir) / "_sources").rglob("*")):
        if path.is_file() and path.name.endswith((".md", ".md.txt")):
            text = path.read_text(encoding="utf-8")
            stripped = without_solutions(text, str(path.relative_to(app.outdir)))
            if stripped != text:
                path.write_text(stripped, encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.add_directive("exercise-solution-code", ExerciseSolutionCode)
    app.connect("config-inited", _choose_edition)
    app.connect("build-finished", _strip_downloaded_sources)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
