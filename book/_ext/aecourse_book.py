"""Sphinx extension of the aecourse book.

- Re-executes every chapter on every build: Jupyter Book's cache hashes only
  code cells, so a change in the ``aecourse`` package would otherwise leave a
  chapter's outputs stale.
- Serves plotly.js once, from the book's ``_static`` folder (the copy shipped in
  the installed plotly package), for the figures of ``aecourse.interactive``.
- Gathers the numbers that chapters publish into ``<html>/results.json``, with
  the profile and the versions of the packages that computed them.
- Builds the student edition, without the exercises' solutions, when
  ``AECOURSE_EDITION=student`` (sphinx-exercise's ``hide_solutions``).
- Offers each executed chapter as a notebook (``.ipynb``, with its outputs) in
  the page's download menu, beside its MyST source.
- Adds the ``exercise-solution-code`` directive, which shows the marked code of
  a reference solution (the single source of each exercise).
- Drops the duplicate inline scripts that Sphinx 7.4 writes for some
  extensions (a repeated ``const`` throws in the browser).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
from importlib import metadata
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from aecourse.config import get_profile
from aecourse.grading.stubs import MarkerError, solution_code
from aecourse.report import RESULTS_DIR_ENV_VAR, gather_results

EDITION_ENV_VAR = "AECOURSE_EDITION"
EDITIONS = ("instructor", "student")

VERSIONED_PACKAGES = (
    "aecourse",
    "tensorflow-cpu",
    "keras",
    "numpy",
    "matplotlib",
    "plotly",
    "jupyter-book",
    "myst-nb",
    "sphinx",
)


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


def _results_dir(app: Sphinx) -> Path:
    return Path(app.doctreedir) / "aecourse-results"


def _prepare_results_dir(app: Sphinx) -> None:
    results_dir = _results_dir(app)
    shutil.rmtree(results_dir, ignore_errors=True)
    results_dir.mkdir(parents=True)
    # Kernels started later in this build inherit the variable.
    os.environ[RESULTS_DIR_ENV_VAR] = str(results_dir)


def _reread_every_document(app: Sphinx, env, added, changed, removed) -> list[str]:
    return sorted(env.found_docs)


def _package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in VERSIONED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def _offer_executed_notebook(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    # MyST-NB writes the notebooks it executed beside the HTML output folder.
    notebook = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not notebook.is_file():
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(notebook, target)
    # sphinx-book-theme adds an ".ipynb" download button when this is set.
    context["ipynb_source"] = f"{pagename}.ipynb"


def _drop_duplicate_inline_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    # Sphinx 7.4 lists inline scripts that extensions add after the builder
    # starts twice; sphinx-thebe's `const` declaration then throws in the browser.
    seen, unique = set(), []
    for script in context.get("script_files", []):
        # The copies differ only in filename: None in one, "" in the other.
        filename = getattr(script, "filename", None) or ""
        key = (filename, getattr(script, "priority", 0), repr(sorted(getattr(script, "attributes", {}).items())))
        if key in seen:
            continue
        seen.add(key)
        unique.append(script)
    context["script_files"] = unique


def _finish_html(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    import plotly

    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(plotly_js, static / "plotly.min.js")

    report = {
        "profile": get_profile().name,
        "edition": edition(),
        "versions": _package_versions(),
        "results": gather_results(_results_dir(app)),
    }
    (Path(app.outdir) / "results.json").write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")


def setup(app: Sphinx) -> dict:
    app.add_directive("exercise-solution-code", ExerciseSolutionCode)
    app.connect("config-inited", _choose_edition)
    app.connect("builder-inited", _prepare_results_dir)
    app.connect("env-get-outdated", _reread_every_document)
    app.connect("build-finished", _finish_html)
    # Before sphinx-book-theme builds its header buttons (priority 501).
    app.connect("html-page-context", _offer_executed_notebook, priority=500)
    app.connect("html-page-context", _drop_duplicate_inline_scripts, priority=500)
    app.add_js_file("plotly.min.js")
    return {"version": "0.1", "parallel_read_safe": False, "parallel_write_safe": True}
