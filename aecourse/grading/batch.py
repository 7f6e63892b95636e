"""Grade a folder of submissions (one sub-folder each) into one CSV gradebook."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from pathlib import Path

from aecourse.grading.grader import GradingError, collect_catalogue, default_exercises_root, grade


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
    exercise_timeout: float = 300.0,
    progress: Callable[[str], None] = print,
    only: set[str] | None = None,
    jobs: int | None = None,
) -> Path:
    """Grade every submission in ``folder`` and write the gradebook to ``csv_path``.

    Columns: ``submission``, one per exercise (points), ``total``, ``max``. The
    CSV is written to a temporary name and renamed at the end, so an
    interrupted run leaves no partial gradebook. ``only`` restricts grading
    (and the columns) to some exercises; ``jobs`` is :func:`grade`'s.
    """
    root = Path(root or default_exercises_root())
    submissions = submissions_in(folder)
    catalogue = collect_catalogue(root)
    exercises = sorted({row["exercise"] for row in catalogue})
    if only is not None:
        exercises = [e for e in exercises if e in only]
    rows = []
    for index, submission in enumerate(submissions, start=1):
        report = grade(submission, root, exercise_timeout, catalogue, only, jobs)
        summary = report.by_exercise()
        rows.append([submission.name, *(summary[e][0] for e in exercises), report.score, report.max_score])
        progress(f"[{index}/{len(submissions)}] {submission.name}: {report.score} / {report.max_score}")
    csv_path = Path(csv_path)
    partial = csv_path.with_name(csv_path.name + ".partial")
    with partial.open("w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["submission", *exercises, "total", "max"])
        writer.writerows(rows)
    os.replace(partial, csv_path)
    return csv_path
