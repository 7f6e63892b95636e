"""Grade a student's submission against the instructor's public and hidden tests.

For each exercise the grader starts a pytest process that runs the
instructor's tests (never the submission's); the tests reach the student's code
only through :class:`~aecourse.grading.proxy.StudentProcess`, which runs it in a
sandbox and returns plain data. So nothing the submission contains runs in the
grader's process or in the process that decides pass or fail, and a crash,
hang or trick in one exercise costs only that exercise. Exercises are
independent, so several are graded at a time (one per core by default).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import aecourse
from aecourse.grading.sandbox import Isolation, detect_isolation

GRADING_ENV_VAR = "AECOURSE_GRADING_SUBMISSION"
REPORT_ENV_VAR = "AECOURSE_GRADING_REPORT"
COLLECT_ENV_VAR = "AECOURSE_GRADING_COLLECT"
DEFAULT_EXERCISE_TIMEOUT = 300.0
VISIBILITY = {"public": "visible", "hidden": "after_published"}


class GradingError(RuntimeError):
    """Grading could not run (as opposed to a submission that fails its tests)."""


def default_exercises_root() -> Path:
    """The ``exercises/`` folder of the course repository this package belongs to."""
    return Path(aecourse.__file__).resolve().parents[1] / "exercises"


@dataclass(frozen=True)
class TestResult:
    """One graded test's outcome, in Gradescope's terms."""

    exercise: str
    name: str
    score: int
    max_score: int
    output: str
    visibility: str


@dataclass
class GradeReport:
    """All test results of one submission."""

    submission: str
    isolation: Isolation
    tests: list[TestResult] = field(default_factory=list)

    @property
    def score(self) -> int:
        return sum(t.score for t in self.tests)

    @property
    def max_score(self) -> int:
        return sum(t.max_score for t in self.tests)

    def by_exercise(self) -> dict[str, tuple[int, int, str]]:
        """Exercise → (score, maximum, first failure's reason or "")."""
        summary: dict[str, tuple[int, int, str]] = {}
        for test in self.tests:
            score, maximum, reason = summary.get(test.exercise, (0, 0, ""))
            if not reason and test.score < test.max_score:
                reason = f"{test.name}: {test.output}"
            summary[test.exercise] = (score + test.score, maximum + test.max_score, reason)
        return summary

    def gradescope(self) -> dict:
        """The report in Gradescope's ``results.json`` format."""
        return {
            "score": self.score,
            "output": f"Isolation: {self.isolation.description}",
            "tests": [
                {"name": f"{t.exercise}: {t.name}", "score": t.score, "max_score": t.max_score,
                 "output": t.output, "visibility": t.visibility}
                for t in self.tests
            ],
        }

    def table(self) -> str:
        """A per-exercise table for the terminal."""
        rows = [f"{'exercise':<24} {'points':>9}  reason", "-" * 72]
        for exercise, (score, maximum, reason) in self.by_exercise().items():
            rows.append(f"{exercise:<24} {score:>4} / {maximum:<3}  {reason[:160]}")
        rows.append("-" * 72)
        rows.append(f"{'total':<24} {self.score:>4} / {self.max_score:<3}")
        return "\n".join(rows)


def _pytest_command(root: Path, test_files: list[Path]) -> list[str]:
    return [
        sys.executable, "-m", "pytest", "-c", str(root / "pytest.ini"), "--rootdir", str(root),
        "-o", "addopts=", "-p", "no:cacheprovider", "-q", *map(str, test_files),
    ]


def _test_files(root: Path, exercise: str | None = None) -> list[Path]:
    pattern = f"test_{exercise}.py" if exercise else "test_*.py"
    return sorted((root / "tests" / "public").glob(pattern)) + sorted((root / "tests" / "hidden").glob(pattern))


def check_sandbox() -> None:
    """Run a trivial module through the same sandbox as student code.

    Raises:
        GradingError: if that fails, since every submission would then score
            zero for a reason that is the grader's, not the student's.
    """
    from aecourse.grading.proxy import StudentProcess

    with tempfile.TemporaryDirectory() as scratch:
        (Path(scratch) / "sandbox_check.py").write_text("def ping():\n    return 'pong'\n")
        process = StudentProcess(Path(scratch), "sandbox_check", call_timeout=60)
        try:
            answer = process.module.ping()
        except Exception as error:  # noqa: BLE001
            raise GradingError(f"the sandbox that runs student code does not work here: {error}") from None
        finally:
            process.close()
    if answer != "pong":
        raise GradingError(f"the sandbox check answered {answer!r} instead of 'pong'.")


def collect_catalogue(root: Path) -> list[dict]:
    """Every graded test: exercise, test name, points and visibility (from the instructor's tests)."""
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "catalogue.json"
        result = subprocess.run(
            [*_pytest_command(root, _test_files(root)), "--collect-only"],
            env={**os.environ, COLLECT_ENV_VAR: str(target)},
            cwd=scratch, capture_output=True, text=True, timeout=300,
        )
        if result.returncode != 0 or not target.is_file():
            raise GradingError(f"could not collect the instructor's tests in {root}:\n{result.stdout[-3000:]}{result.stderr[-2000:]}")
        return json.loads(target.read_text())


def _grade_exercise(root: Path, submission: Path, exercise: str, expected: list[dict], timeout: float) -> list[TestResult]:
    outcomes: dict[str, tuple[int, str]] = {}
    failure = ""
    with tempfile.TemporaryDirectory() as scratch:
        report_path = Path(scratch) / "report.json"
        env = {**os.environ, GRADING_ENV_VAR: str(submission), REPORT_ENV_VAR: str(report_path)}
        try:
            result = subprocess.run(
                _pytest_command(root, _test_files(root, exercise)),
                env=env, cwd=scratch, capture_output=True, text=True, timeout=timeout,
            )
            # The report counts only when pytest ran to its end and wrote it
            # (exit status 0 or 1: tests passed or failed), not when pytest was
            # killed, which leaves whatever file is there unchecked.
            if result.returncode in (0, 1) and report_path.is_file():
                for row in json.loads(report_path.read_text())["tests"]:
                    outcomes[row["test"]] = (int(row["score"]), row["reason"] or "passed")
            else:
                failure = f"the tests of this exercise did not run (pytest exit status {result.returncode})"
        except subprocess.TimeoutExpired:
            failure = f"grading this exercise took longer than {timeout:.0f} s and was stopped"
    results = []
    for test in expected:
        score, output = outcomes.get(test["test"], (0, failure or "the test did not run"))
        results.append(TestResult(exercise, test["test"], min(score, test["points"]), test["points"], output,
                                  VISIBILITY[test["visibility"]]))
    return results


def grade(
    submission: Path,
    root: Path | None = None,
    exercise_timeout: float = DEFAULT_EXERCISE_TIMEOUT,
    catalogue: list[dict] | None = None,
    only: set[str] | None = None,
    jobs: int | None = None,
) -> GradeReport:
    """Grade the folder ``submission`` (the student's exercise modules) against ``root``'s tests.

    ``catalogue`` (from :func:`collect_catalogue`) saves collecting the tests
    again; ``only`` restricts grading to some exercises; ``jobs`` exercises are
    graded at a time (default: the number of cores). The report lists the
    tests in the same order whatever ``jobs`` is.

    Raises:
        GradingError: if the submission is not a folder or the tests cannot be collected.
    """
    submission = Path(submission).resolve()
    root = Path(root or default_exercises_root()).resolve()
    if not submission.is_dir():
        raise GradingError(f"the submission {submission} is not a folder.")
    if catalogue is None:
        catalogue = collect_catalogue(root)
    check_sandbox()
    report = GradeReport(str(submission), detect_isolation())
    exercises = sorted({row["exercise"] for row in catalogue})
    if only is not None:
        unknown = set(only) - set(exercises)
        if unknown:
            raise GradingError(f"no such exercise: {', '.join(sorted(unknown))}; known: {', '.join(exercises)}.")
        exercises = [e for e in exercises if e in only]
    if jobs is None:
        jobs = os.cpu_count() or 1
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise GradingError(f"jobs must be a positive number of exercises at a time, got {jobs!r}.")

    def grade_one(exercise: str) -> list[TestResult]:
        expected = [row for row in catalogue if row["exercise"] == exercise]
        return _grade_exercise(root, submission, exercise, expected, exercise_timeout)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for results in pool.map(grade_one, exercises):  # in the order of `exercises`
            report.tests += results
    return report


def write_gradescope(report: GradeReport, path: Path) -> None:
    """Write ``report`` to ``path`` in Gradescope's format, atomically."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(report.gradescope(), indent=2) + "\n")
    os.replace(partial, path)


def report_as_dict(report: GradeReport) -> dict:
    """Everything in ``report`` as plain data."""
    return {"submission": report.submission, "isolation": asdict(report.isolation),
            "score": report.score, "max_score": report.max_score, "tests": [asdict(t) for t in report.tests]}
