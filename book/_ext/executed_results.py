"""Sphinx extension: the numbers the chapters computed, gathered into ``results.json``.

The numbers that chapters publish (:func:`aecourse.report.publish`) are glued
by MyST-NB, which stores them beside each executed notebook
(``jupyter_execute/<chapter>.glue.json``), whether the chapter was executed in
this build or reused from the execution cache (``execution_cache``). They are
gathered into ``<html>/results.json``, with the profile, the edition and the
versions of the packages that computed them.

A chapter whose front matter holds ``aecourse: {reads_build_results: true}``
(the chapter that sets all the autoencoders side by side) shows the other
chapters' values of the same build. The build reads it after every other
chapter and reads it again whenever another chapter was read, writes their
values to a file and passes its path to the chapter's kernel
(``$AECOURSE_BUILD_RESULTS``, read by :func:`aecourse.report.build_results`).
Its front matter should also ask MyST-NB to execute it at every reading
(``mystnb: {execution_mode: force}``): its code cells alone do not say what
it shows.
"""

from __future__ import annotations

import json
import os
import platform
from importlib import metadata
from pathlib import Path

from sphinx.application import Sphinx

from aecourse.config import get_profile
from aecourse.report import BUILD_RESULTS_ENV_VAR, glued_values, merge_results, reads_build_results
from editions import edition

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


def glued_results(app: Sphinx, exclude: frozenset[str] = frozenset()) -> dict[str, int | float | str]:
    """Every value that the book's chapters (but those in ``exclude``) published, by name."""
    executed = Path(app.outdir).parent / "jupyter_execute"
    per_chapter = {}
    for docname in sorted(app.env.found_docs - exclude):
        glue_file = executed / f"{docname}.glue.json"
        if glue_file.is_file():
            per_chapter[docname] = glued_values(json.loads(glue_file.read_text(encoding="utf-8")))
    return merge_results(per_chapter)


def _package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in VERSIONED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def _write_results(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    report = {
        "profile": get_profile().name,
        "edition": edition(),
        "versions": _package_versions(),
        "results": glued_results(app),
    }
    (Path(app.outdir) / "results.json").write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")


def _results_readers(app: Sphinx, env) -> set[str]:
    """The chapters that read the build's results (their front matter says so)."""
    readers = set()
    for docname in env.found_docs:
        path = Path(env.doc2path(docname))
        if path.suffix == ".md" and reads_build_results(path.read_text(encoding="utf-8")):
            readers.add(docname)
    app.aecourse_results_readers = readers
    return readers


def _read_readers_again(app: Sphinx, env, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    readers = _results_readers(app, env)
    return sorted(readers) if (added | changed | removed) - readers else []


def _read_readers_last(app: Sphinx, env, docnames: list[str]) -> None:
    readers = [d for d in docnames if d in app.aecourse_results_readers]
    docnames[:] = [d for d in docnames if d not in app.aecourse_results_readers] + readers


def _give_results(app: Sphinx, docname: str, source: list[str]) -> None:
    if docname not in getattr(app, "aecourse_results_readers", set()):
        os.environ.pop(BUILD_RESULTS_ENV_VAR, None)
        return
    path = Path(app.doctreedir) / "aecourse-build-results.json"
    results = glued_results(app, exclude=frozenset(app.aecourse_results_readers))
    path.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.environ[BUILD_RESULTS_ENV_VAR] = str(path)


def setup(app: Sphinx) -> dict:
    app.connect("env-get-outdated", _read_readers_again)
    app.connect("env-before-read-docs", _read_readers_last)
    app.connect("source-read", _give_results)
    app.connect("build-finished", _write_results)
    return {"version": "0.2", "parallel_read_safe": False, "parallel_write_safe": True}
