"""What runs in Gradescope's container for each submission: grade it, write ``results.json``.

Gradescope unpacks the autograder zip (:mod:`aecourse.grading.gradescope`) into
``/autograder/source``, puts the student's files in ``/autograder/submission``
and reads ``/autograder/results/results.json``. ``run_autograder`` calls
``python -m aecourse.grading.autograder``, which grades with the same
:func:`~aecourse.grading.grader.grade` as ``aecourse grade`` and writes the same
results. Whatever goes wrong on the grader's side, a valid results file with
0 points says so: a student never gets points, or silence, from a broken
autograder. ``$AECOURSE_AUTOGRADER_ROOT`` moves ``/autograder`` (for tests).

``python -m aecourse.grading.autograder --check`` (the last step of
``setup.sh``) starts a grading session as a submission's grading would, collects
the tests, prints the isolation in force and fails if any of it fails, so that
an image that cannot grade fails when it is built.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from aecourse.grading.grader import GradingError, GradingSession, collect_catalogue, grade

ROOT_ENV_VAR = "AECOURSE_AUTOGRADER_ROOT"
DEFAULT_ROOT = Path("/autograder")
INTERNAL_ERROR = (
    "INTERNAL ERROR of the autograder: your work was not graded, and the 0 points here are not a grade. "
    "Tell your instructor, who can regrade the submission once the autograder is fixed."
)


def gather_submission(submission: Path, exercises: list[str], dest: Path) -> list[str]:
    """Copy each ``<exercise>.py`` of ``submission`` into ``dest``; return notes for the student.

    Students may upload the files or a folder holding them, so a file is
    looked for at any depth, the shallowest copy winning. Two copies at the
    same depth are ambiguous: neither is taken, and the note says so.
    """
    notes: list[str] = []
    found = []
    for exercise in exercises:
        copies = sorted(submission.rglob(f"{exercise}.py"), key=lambda p: (len(p.relative_to(submission).parts), p))
        # A link could point at the instructor's files; only plain files count.
        copies = [p for p in copies if p.is_file() and not p.is_symlink()
                  and p.resolve().is_relative_to(submission.resolve())]
        if not copies:
            continue
        depth = len(copies[0].relative_to(submission).parts)
        if len(copies) > 1 and len(copies[1].relative_to(submission).parts) == depth:
            places = ", ".join(str(p.relative_to(submission)) for p in copies[:3])
            notes.append(f"{exercise}.py appears more than once ({places}): not graded. Upload one copy.")
            continue
        shutil.copyfile(copies[0], dest / f"{exercise}.py")
        found.append(exercise)
    if not found:
        notes.append(f"No exercise file found in your submission: upload the files themselves, named as in "
                     f"the handout ({', '.join(f'{e}.py' for e in exercises[:3])}, ...).")
    elif len(found) < len(exercises):
        missing = [f"{e}.py" for e in exercises if e not in found]
        notes.append(f"Graded {len(found)} of {len(exercises)} exercise files; not found: {', '.join(missing)}.")
    return notes


def internal_error_results(message: str) -> dict:
    """A valid Gradescope results file that gives no points and says what failed."""
    return {"score": 0, "output": f"{INTERNAL_ERROR}\n\n{message}", "tests": []}


def grade_submission(root: Path) -> dict:
    """Grade ``root/submission`` against ``root/source/exercises``: Gradescope's results, as a dict."""
    exercises_root = root / "source" / "exercises"
    submission = root / "submission"
    try:
        if not submission.is_dir():
            raise FileNotFoundError(f"no submission folder at {submission}")
        catalogue = collect_catalogue(exercises_root)
        exercises = sorted({row["exercise"] for row in catalogue})
        if not exercises:
            raise ValueError(f"the instructor's tests in {exercises_root} hold no graded exercise")
        with tempfile.TemporaryDirectory(prefix="aecourse-submission-") as scratch:
            notes = gather_submission(submission, exercises, Path(scratch))
            report = grade(Path(scratch), exercises_root, catalogue=catalogue)
    except Exception as error:  # noqa: BLE001 - any failure of the grader's side is reported, not raised
        # The whole message (pytest's output may quote the hidden tests) goes to
        # the autograder's stdout, which Gradescope shows the instructor only.
        detail = f"{type(error).__name__}: {error}"
        print(detail, flush=True)
        return internal_error_results(detail.splitlines()[0][:300] + " (details in the autograder's stdout)")
    results = report.gradescope()
    results["output"] = "\n".join([*notes, results["output"]])
    return results


def write_results(results: dict, path: Path) -> None:
    """Write ``results`` to ``path`` atomically, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(results, indent=2) + "\n")
    os.replace(partial, path)


def check_image(root: Path) -> int:
    """Start a grading session for ``root/source/exercises`` and collect its tests; 0 if both work, else 1.

    Prints the isolation in force, or what failed.
    """
    exercises_root = root / "source" / "exercises"
    try:
        with GradingSession(exercises_root) as session:
            catalogue = collect_catalogue(exercises_root, session)
            if not catalogue:
                raise GradingError(f"the instructor's tests in {exercises_root} hold no graded test")
            print(f"Isolation: {session.isolation.description}")
    except GradingError as error:
        print(f"This image cannot grade: {error}", file=sys.stderr)
        return 1
    print(f"The grader works: {len(catalogue)} graded tests in "
          f"{len({row['exercise'] for row in catalogue})} exercises.")
    return 0


def main(argv: list[str] | None = None) -> int:
    root = Path(os.environ.get(ROOT_ENV_VAR) or DEFAULT_ROOT)
    if (sys.argv[1:] if argv is None else argv) == ["--check"]:
        return check_image(root)
    results = grade_submission(root)
    write_results(results, root / "results" / "results.json")
    print(results["output"])
    print(f"score: {results['score']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
