"""Grade a folder of submissions (one sub-folder each) into one CSV gradebook."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from pathlib import Path

from aecourse.grading.grader import (DEFAULT_EXERCISE_TIMEOUT, GradeReport, GradingError, GradingSession,
                                     collect_catalogue, default_exercises_root, exercises_to_grade, grade_many)
from aecourse.grading.progress import ProgressBar
from aecourse.grading.sandbox import Limits


def submissions_in(folder: Path) -> list[Path]:
    """The sub-folders of ``folder``, sorted by name (hidden ones skipped)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise GradingError(f"{folder} is not a folder of submissions.")
    found = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not found:
        raise GradingError(f"{folder} holds no submission folders.")
    return found


def grade_batch(
    folder: Path,
    csv_path: Path,
    root: Path | None = None,
    exercise_timeout: float = DEFAULT_EXERCISE_TIMEOUT,
    progress: Callable[[str], None] = print,
    only: set[str] | None = None,
    jobs: int | None = None,
    limits: Limits | None = None,
    run_as: str | None = None,
    bar: ProgressBar | None = None,
) -> Path:
    """Grade every submission in ``folder`` and write the gradebook to ``csv_path``.

    Columns: ``submission``, one per exercise (points), ``total``, ``max``. The
    CSV is written to a temporary name and renamed at the end, so an
    interrupted run leaves no partial gradebook. ``only`` restricts grading
    (and the columns) to some exercises; ``jobs``, ``limits`` and ``run_as``
    are :func:`~aecourse.grading.grader.grade_many`'s and
    :class:`~aecourse.grading.grader.GradingSession`'s. ``progress`` gets one
    line per graded submission; ``bar``, if given, is advanced too.
    """
    root = Path(root or default_exercises_root())
    submissions = submissions_in(folder)
    rows = []
    with GradingSession(root, limits, run_as) as session:
        catalogue = collect_catalogue(root, session)
        exercises = exercises_to_grade(catalogue, only)
        if bar is not None:
            bar.start(len(submissions))

        def done(report: GradeReport) -> None:
            summary = report.by_exercise()
            name = Path(report.submission).name
            rows.append([name, *(summary[e][0] for e in exercises), report.score, report.max_score])
            if bar is not None:
                bar.clear()
            progress(f"[{len(rows)}/{len(submissions)}] {name}: {report.score} / {report.max_score}")
            if bar is not None:
                bar.advance()

        grade_many(submissions, session, exercise_timeout, catalogue, only, jobs, done)
        if bar is not None:
            bar.finish()
    csv_path = Path(csv_path)
    partial = csv_path.with_name(csv_path.name + ".partial")
    with partial.open("w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["submission", *exercises, "total", "max"])
        writer.writerows(rows)
    os.replace(partial, csv_path)
    return csv_path
