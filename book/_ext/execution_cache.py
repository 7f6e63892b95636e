"""Sphinx extension: a chapter executes again only when something it depends on changed.

MyST-NB's ``cache`` mode keys each chapter's executed notebook by the source of
its code cells alone, so on its own it would show stale numbers after a change
in ``aecourse``. This extension adds the rest of what a chapter depends on by
keeping one notebook cache per **dependency key** (:func:`dependency_key`):

- every file of the ``aecourse`` package: the code of its Python modules
  (:func:`aecourse.fingerprints.code_text`: not their docstrings and
  comments), the bytes of the others (reference figures, scripts);
- the locked versions (``requirements.lock``) and the installed ones;
- the checksums of the data files (which the loader verifies before use);
- the training profile (``$AECOURSE_PROFILE``).

The notebook cache lives in ``<cache>/notebooks/<key>/``: a new key means an
empty cache and a changed Sphinx configuration, so every chapter is read and
executed again; with the same key, a chapter whose code cells did not change
reuses its executed notebook, and one whose prose alone changed is re-rendered
with the cached outputs. The models that a re-executed chapter trains are
looked up in ``<cache>/training/`` (:mod:`aecourse.training_cache`), so that a
change to a plotting helper re-executes without retraining.

``<cache>`` is ``_build/.cache`` beside the HTML output (``make clean`` keeps
it, ``make clean-all`` removes it), or ``$AECOURSE_CACHE_DIR``.

The build also writes ``build-report.json`` beside the HTML pages: per chapter,
whether it was executed, reused from the cache, or unchanged (not read again),
the seconds it spent executing, and its training runs; and prints a line per
chapter as it goes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from importlib import metadata
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

import aecourse
from aecourse import build_events
from aecourse.config import get_profile
from aecourse.fashion_mnist import CHECKSUMS
from aecourse.report import BOOK_BUILD_ENV_VAR
from aecourse.computation_cache import CACHE_DIR_ENV_VAR as COMPUTATION_CACHE_ENV_VAR
from aecourse.fingerprints import code_text
from aecourse.training_cache import CACHE_DIR_ENV_VAR as TRAINING_CACHE_ENV_VAR

logger = logging.getLogger(__name__)

CACHE_DIR_ENV_VAR = "AECOURSE_CACHE_DIR"
#: How many notebook caches (dependency keys) to keep: the current one and the
#: most recently used others (e.g. the other profile's).
KEPT_NOTEBOOK_CACHES = 4
# The installed versions that the key covers, besides the lock file.
KEYED_PACKAGES = ("tensorflow-cpu", "tensorflow", "keras", "numpy", "matplotlib", "plotly", "ipykernel")
REPORT_FILE = "build-report.json"


def cache_root(app: Sphinx) -> Path:
    """The folder of the build's caches: ``$AECOURSE_CACHE_DIR`` or ``_build/.cache``."""
    override = os.environ.get(CACHE_DIR_ENV_VAR, "").strip()
    return Path(override).resolve() if override else Path(app.outdir).parent / ".cache"


def _installed_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def dependency_parts(srcdir: Path) -> dict[str, str]:
    """What a chapter's execution depends on besides its code cells, each part hashed."""
    package = Path(aecourse.__file__).parent
    sources = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        # Python files by their code (a docstring or comment changes no output), data files by their bytes.
        content = code_text(path.read_text(encoding="utf-8")).encode() if path.suffix == ".py" else path.read_bytes()
        sources.update(str(path.relative_to(package)).encode() + b"\0" + content + b"\0")
    lock = Path(srcdir) / "requirements.lock"
    return {
        "aecourse": sources.hexdigest(),
        "lock": hashlib.sha256(lock.read_bytes()).hexdigest() if lock.is_file() else "no lock file",
        "installed": ",".join(f"{name}={_installed_version(name)}" for name in KEYED_PACKAGES),
        "data": ",".join(f"{name}:{checksum.sha256}" for name, checksum in sorted(CHECKSUMS.items())),
        "profile": get_profile().name,
    }


def dependency_key(srcdir: Path) -> str:
    """A 20-character digest of :func:`dependency_parts`."""
    return hashlib.sha256(json.dumps(dependency_parts(srcdir), sort_keys=True).encode()).hexdigest()[:20]


def _drop_damaged_notebooks(folder: Path) -> None:
    """Remove the cached notebooks that cannot be read whole or no longer match their hash."""
    if not folder.is_dir():
        return
    from jupyter_cache import get_cache

    try:
        cache = get_cache(str(folder))
        records = cache.list_cache_records()
    except Exception as error:  # the database itself is unreadable: start again
        logger.info(f"aecourse: the notebook cache in {folder} is unreadable ({error}); rebuilding it")
        shutil.rmtree(folder, ignore_errors=True)
        return
    for record in records:
        try:
            bundle = cache.get_cache_bundle(record.pk)
            _, hashkey = cache.create_hashed_notebook(bundle.nb)
            if hashkey != record.hashkey:
                raise ValueError("its content does not match its hash")
        except Exception as error:
            logger.info(f"aecourse: dropping a damaged cached notebook ({record.uri}: {error})")
            try:
                cache.remove_cache(record.pk)
            except Exception:  # cannot even remove it: start the whole cache again
                shutil.rmtree(folder, ignore_errors=True)
                return


def _keep_recent(folder: Path, current: Path) -> None:
    current.mkdir(parents=True, exist_ok=True)
    os.utime(current)
    caches = sorted((p for p in folder.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in caches[KEPT_NOTEBOOK_CACHES:]:
        shutil.rmtree(old, ignore_errors=True)


def _configure(app: Sphinx, config) -> None:
    root = cache_root(app)
    key = dependency_key(Path(app.srcdir))
    notebooks = root / "notebooks" / key
    _drop_damaged_notebooks(notebooks)
    _keep_recent(root / "notebooks", notebooks)
    config.nb_execution_mode = "cache"
    # A new key changes the configuration, so Sphinx reads every chapter again.
    config.nb_execution_cache_path = str(notebooks)
    app.aecourse_build_start = time.time()
    app.aecourse_dependency_key = key
    events = Path(app.doctreedir) / "aecourse-events"
    shutil.rmtree(events, ignore_errors=True)
    # Kernels started later in this build inherit these.
    os.environ[BOOK_BUILD_ENV_VAR] = "1"
    os.environ[TRAINING_CACHE_ENV_VAR] = str(root / "training")
    os.environ[COMPUTATION_CACHE_ENV_VAR] = str(root / "computations")
    os.environ[build_events.EVENTS_DIR_ENV_VAR] = str(events)
    logger.info(f"aecourse: dependency key {key} (profile {get_profile().name}); caches in {root}")


def _before_reading(app: Sphinx, docname: str, source: list[str]) -> None:
    os.environ[build_events.CHAPTER_ENV_VAR] = docname
    if docname not in getattr(app, "aecourse_pre_executed", set()):  # its events are this build's (parallel_execution)
        build_events.clear(Path(os.environ[build_events.EVENTS_DIR_ENV_VAR]), docname)


def _after_reading(app: Sphinx, doctree) -> None:
    from myst_nb.sphinx_ import NbMetadataCollector

    docname = app.env.docname
    execution = NbMetadataCollector.get_exec_data(app.env, docname)
    os.environ.pop(build_events.CHAPTER_ENV_VAR, None)
    if not execution:
        return  # not a notebook
    _write_outputs_of_cached_execution(app, docname)
    executed = docname in getattr(app, "aecourse_pre_executed", set()) or execution["mtime"] >= app.aecourse_build_start
    runs = build_events.read(Path(os.environ[build_events.EVENTS_DIR_ENV_VAR]), docname)
    entry = {
        "status": "executed" if executed else "reused",
        "seconds_executing": round(float(execution["runtime"] or 0.0), 2) if executed else 0.0,
        "seconds_of_the_execution_shown": round(float(execution["runtime"] or 0.0), 2),
        "training_runs": runs,
    }
    if not hasattr(app.env, "aecourse_chapters"):
        app.env.aecourse_chapters = {}
    app.env.aecourse_chapters[docname] = entry
    app.aecourse_read = getattr(app, "aecourse_read", set()) | {docname}
    logger.info(f"aecourse: {_summary(docname, entry)}")


def _write_outputs_of_cached_execution(app: Sphinx, docname: str) -> None:
    """Put the cached outputs into the notebook that MyST-NB wrote for ``docname``.

    MyST-NB renders a chapter taken from the execution cache with the cached
    outputs, but writes ``jupyter_execute/<chapter>.ipynb`` (the notebook that
    readers download) from the notebook it read, without them.
    """
    import nbformat
    from jupyter_cache import get_cache

    path = Path(app.outdir).parent / "jupyter_execute" / f"{docname}.ipynb"
    if not path.is_file():
        return
    notebook = nbformat.read(path, as_version=4)
    if any(cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"):
        return
    try:
        _, merged = get_cache(app.config.nb_execution_cache_path).merge_match_into_notebook(notebook)
    except KeyError:
        return  # executed in this reading (force mode), or nothing to merge
    nbformat.write(merged, path)


def _summary(docname: str, entry: dict) -> str:
    runs = entry["training_runs"]
    if entry["status"] == "reused":
        return f"{docname}: reused the cached execution ({entry['seconds_of_the_execution_shown']:.1f} s when it ran)"
    trained = [r for r in runs if r["cache"] != "hit"]
    hits = len(runs) - len(trained)
    training = ""
    if runs:
        training = f"; {len(runs)} training run{'s' if len(runs) > 1 else ''}: {hits} from the cache"
        if trained:
            training += f", {len(trained)} trained ({sum(r['seconds'] for r in trained):.1f} s)"
    return f"{docname}: executed in {entry['seconds_executing']:.1f} s{training}"


def _forget(app: Sphinx, env, docname: str) -> None:
    getattr(env, "aecourse_chapters", {}).pop(docname, None)


def _write_report(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    chapters = {}
    read = getattr(app, "aecourse_read", set())
    for docname, entry in sorted(getattr(app.env, "aecourse_chapters", {}).items()):
        if docname not in read:
            entry = {**entry, "status": "unchanged", "seconds_executing": 0.0, "training_runs": []}
        chapters[docname] = entry
    report = {
        "profile": get_profile().name,
        "dependency_key": app.aecourse_dependency_key,
        "chapters": chapters,
        "seconds_executing": round(sum(c["seconds_executing"] for c in chapters.values()), 2),
        "total_seconds": round(time.time() - app.aecourse_build_start, 2),
    }
    (Path(app.outdir) / REPORT_FILE).write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
    counts = {status: sum(c["status"] == status for c in chapters.values())
              for status in ("executed", "reused", "unchanged")}
    logger.info(
        f"aecourse: {counts['executed']} chapter(s) executed, {counts['reused']} reused from the cache, "
        f"{counts['unchanged']} unchanged; build {report['total_seconds']:.1f} s "
        f"(report: {Path(app.outdir) / REPORT_FILE})"
    )


def setup(app: Sphinx) -> dict:
    # After Jupyter Book's own configuration, before MyST-NB reads it (builder-inited).
    app.connect("config-inited", _configure, priority=900)
    app.connect("source-read", _before_reading)
    app.connect("doctree-read", _after_reading)
    app.connect("env-purge-doc", _forget)
    app.connect("build-finished", _write_report)
    return {"version": "0.1", "parallel_read_safe": False, "parallel_write_safe": True,
            "env_version": 1}


__all__ = ["cache_root", "dependency_key", "dependency_parts"]
