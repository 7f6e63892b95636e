"""Sphinx extension: every build runs every chapter, and records the numbers they computed.

- Every build re-executes every chapter: Jupyter Book's cache hashes only code
  cells, so a change in the ``aecourse`` package would otherwise leave a
  chapter's outputs stale.
- The numbers that chapters publish (:func:`aecourse.report.publish`) are
  gathered into ``<html>/results.json``, with the profile, the edition and the
  versions of the packages that computed them.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
from importlib import metadata
from pathlib import Path

from sphinx.application import Sphinx

from aecourse.config import get_profile
from aecourse.report import RESULTS_DIR_ENV_VAR, gather_results
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


def results_dir(app: Sphinx) -> Path:
    """Where the kernels of this build write the numbers that chapters publish."""
    return Path(app.doctreedir) / "aecourse-results"


def _prepare_results_dir(app: Sphinx) -> None:
    folder = results_dir(app)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    # Kernels started later in this build inherit the variable.
    os.environ[RESULTS_DIR_ENV_VAR] = str(folder)


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


def _write_results(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    report = {
        "profile": get_profile().name,
        "edition": edition(),
        "versions": _package_versions(),
        "results": gather_results(results_dir(app)),
    }
    (Path(app.outdir) / "results.json").write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _prepare_results_dir)
    app.connect("env-get-outdated", _reread_every_document)
    app.connect("build-finished", _write_results)
    return {"version": "0.1", "parallel_read_safe": False, "parallel_write_safe": True}
