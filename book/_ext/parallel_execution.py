"""Sphinx extension: the chapters that must run again are executed side by side, before Sphinx reads them.

Sphinx reads the chapters one after the other, and MyST-NB executes each one
as it is read, so a build executes one chapter at a time. A chapter's kernel
runs TensorFlow on one core (``aecourse`` sets ``TF_NUM_INTRAOP_THREADS=1``),
which leaves the other cores idle. Before Sphinx reads anything, this
extension finds the chapters whose executed notebook is not in the execution
cache (:mod:`execution_cache`), executes them in a pool of
``$AECOURSE_EXECUTION_WORKERS`` kernels (default: one per core), and stores each
executed notebook in the cache exactly as MyST-NB would; the longest chapters
start first (by the last build's report, or in a first build by the chapter
times that ``benchmarks/rebuild.sh`` recorded in a cold build). When Sphinx then reads
a chapter, MyST-NB finds its outputs in the cache.

It only ever saves time. A chapter whose execution fails here is not cached:
MyST-NB executes it again when it reads it and reports the error as usual. The
chapters that read the other chapters' results (:mod:`executed_results`) are
left to MyST-NB, which runs them last. Two chapters that train the same model
do not train it twice: the training cache lets one train while the other waits
(:meth:`aecourse.training_cache.TrainingCache.claim`).
"""

from __future__ import annotations

import json
import math
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from aecourse import build_events

logger = logging.getLogger(__name__)

WORKERS_ENV_VAR = "AECOURSE_EXECUTION_WORKERS"
#: Where ``benchmarks/rebuild.sh`` records each chapter's seconds in a cold build, by profile.
RECORDED_TIMES = Path("benchmarks") / "results.json"


def execution_workers() -> int:
    """How many chapters execute at once: ``$AECOURSE_EXECUTION_WORKERS``, or the number of cores."""
    value = os.environ.get(WORKERS_ENV_VAR, "").strip()
    if not value:
        return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{WORKERS_ENV_VAR} must be a positive whole number, got {value!r}.")
    return int(value)


def expected_seconds(report: dict) -> dict[str, float]:
    """Chapter → the seconds its execution would take with an empty training cache, from a build report.

    A chapter whose models came from the training cache executed faster than
    it will when they must train: the training times stored with its runs
    are added back.
    """
    expected = {}
    for docname, entry in report.get("chapters", {}).items():
        retrained = sum(run.get("seconds", 0.0) for run in entry.get("training_runs", []) if run.get("cache") == "hit")
        expected[docname] = float(entry.get("seconds_executing", 0.0)) + float(retrained)
    return expected


def recorded_seconds(srcdir: Path, profile: str) -> dict[str, float]:
    """Chapter → its seconds in the last cold build of ``profile`` timed by ``benchmarks/rebuild.sh``.

    A first build has no report of its own; without these times it could only
    guess that the end of the book takes longest, and two chapters that need
    the same models would start together, one waiting for the other's training.
    """
    try:
        results = json.loads((Path(srcdir) / RECORDED_TIMES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    times = results.get(f"chapter_seconds_{profile}", {}) if isinstance(results, dict) else {}
    return {docname: float(seconds) for docname, seconds in times.items() if isinstance(seconds, int | float)}


def longest_first(docnames: list[str], expected: dict[str, float], book_order: list[str] = ()) -> list[str]:
    """``docnames`` by expected execution time, longest first, chapters never timed before all.

    With two workers, a long chapter started last would run alone at the end
    of the build while the other worker idles. Chapters never timed (a first
    build without recorded times) go from the end of the book to its start
    (``book_order``): the later chapters reuse the earlier ones' models and add
    their own, so they are the longer ones.
    """
    position = {docname: index for index, docname in enumerate(book_order)}
    return sorted(docnames, key=lambda docname: (-expected.get(docname, math.inf), -position.get(docname, -1)))


def book_order(srcdir: Path) -> list[str]:
    """The chapters' docnames in the order of the table of contents (``_toc.yml``), or none without one."""
    try:
        text = (Path(srcdir) / "_toc.yml").read_text(encoding="utf-8")
    except OSError:
        return []
    return re.findall(r"^\s*-?\s*(?:file|root):\s*(\S+)\s*$", text, flags=re.MULTILINE)


def _previous_report(outdir: Path) -> dict:
    try:
        return json.loads((Path(outdir) / "build-report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _expected(app: Sphinx) -> dict[str, float]:
    """Each chapter's expected seconds: the last build's report of this profile, else the recorded cold times."""
    from aecourse.config import get_profile

    profile = get_profile().name
    report = _previous_report(app.outdir)
    from_report = expected_seconds(report) if report.get("profile") == profile else {}
    return {**recorded_seconds(Path(app.srcdir), profile), **from_report}


def _execute(notebook, cwd: str, timeout: int, env: dict[str, str]) -> tuple[object, float, Exception | None]:
    """Execute ``notebook`` in a kernel of its own; return it, the seconds taken and the error if any."""
    from nbclient import NotebookClient

    start = time.perf_counter()
    # As MyST-NB executes (jupyter_cache.executors.utils.single_nb_execution): timings
    # in the cells' metadata would change the notebook's hash in the cache.
    client = NotebookClient(notebook, timeout=timeout, allow_errors=False, record_timing=False,
                            resources={"metadata": {"path": cwd}})
    error = None
    try:
        client.execute(env=env)
    except Exception as failure:  # reported by MyST-NB when it executes the chapter again
        error = failure
    return notebook, time.perf_counter() - start, error


def _pre_execute(app: Sphinx, env, docnames: list[str]) -> None:
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn
    from myst_nb.core.read import create_nb_reader

    nb_config = env.mystnb_config
    if nb_config.execution_mode != "cache":
        return
    workers = execution_workers()
    readers = getattr(app, "aecourse_results_readers", set())
    cache = get_cache(nb_config.execution_cache_path)
    pending = []
    for docname in docnames:
        path = Path(env.doc2path(docname))
        if docname in readers or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        reader = create_nb_reader(str(path), env.myst_config, nb_config, text)
        if reader is None:
            continue  # plain Markdown
        notebook = reader.read(text)
        overrides = notebook.metadata.get(nb_config.metadata_key, {})
        if overrides.get("execution_mode", "cache") != "cache" or not any(
            cell.cell_type == "code" for cell in notebook.cells
        ):
            continue
        try:
            cache.match_cache_notebook(notebook)
            continue  # already executed
        except KeyError:
            pending.append((docname, path, notebook))
    app.aecourse_pre_executed = set()
    if workers < 2 or len(pending) < 2:
        return  # nothing to gain: MyST-NB executes it as it reads it
    order = longest_first([docname for docname, _, _ in pending], _expected(app), book_order(app.srcdir))
    pending.sort(key=lambda item: order.index(item[0]))
    events = Path(os.environ[build_events.EVENTS_DIR_ENV_VAR])
    logger.info(f"aecourse: executing {len(pending)} chapters, {workers} at a time")
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {}
        for docname, path, notebook in pending:
            build_events.clear(events, docname)
            kernel_env = {**os.environ, build_events.CHAPTER_ENV_VAR: docname}
            futures[pool.submit(_execute, notebook, str(path.parent), nb_config.execution_timeout, kernel_env)] = (
                docname, path)
        for future in as_completed(futures):
            docname, path = futures[future]
            executed, seconds, error = future.result()
            if error is not None:
                logger.info(f"aecourse: {docname} failed ({type(error).__name__}); it runs again as it is read")
                continue
            cache.cache_notebook_bundle(
                CacheBundleIn(executed, str(path), data={"execution_seconds": seconds}),
                check_validity=False,
                overwrite=True,
            )
            app.aecourse_pre_executed.add(docname)
            logger.info(f"aecourse: {docname} executed in {seconds:.1f} s")


def setup(app: Sphinx) -> dict:
    # After the chapters that read the build's results are known (executed_results, priority 500).
    app.connect("env-before-read-docs", _pre_execute, priority=900)
    return {"version": "0.1", "parallel_read_safe": False, "parallel_write_safe": True}
