"""Sphinx extension: the numbers the chapters computed, gathered into ``results.json``.

The numbers that chapters publish (:func:`aecourse.report.publish`) are glued
by MyST-NB, which stores them beside each executed notebook
(``jupyter_execute/<chapter>.glue.json``), whether the chapter was executed in
this build or reused from the execution cache (``execution_cache``). They are
gathered into ``<html>/results.json``, with the profile, the edition and the
versions of the packages that computed them.
"""

from __future__ import annotations

import json
import platform
from importlib import metadata
from pathlib import Path

from sphinx.application import Sphinx

from aecourse.config import get_profile
from aecourse.report import glued_values, merge_results
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


def glued_results(app: Sphinx) -> dict[str, int | float | str]:
    """Every value that the book's chapters published, by name."""
    executed = Path(app.outdir).parent / "jupyter_execute"
    per_chapter = {}
    for docname in sorted(app.env.found_docs):
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


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", _write_results)
    return {"version": "0.2", "parallel_read_safe": False, "parallel_write_safe": True}
