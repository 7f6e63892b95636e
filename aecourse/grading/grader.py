"""Grade a student's submission against the instructor's public and hidden tests.

For each exercise the grader runs the instructor's tests (never the
submission's) in a pytest process of its own, forked from a pre-started test
runner (:mod:`~aecourse.grading.runner`); the tests reach the student's code
only through :class:`~aecourse.grading.proxy.StudentProcess`, which runs it in a
sandboxed process of its own, forked from the session's worker server
(:mod:`~aecourse.grading.sandbox`), and returns plain data. So nothing the
submission contains runs in the grader's process or in the process that decides
pass or fail, and a crash, hang or trick in one exercise costs only that
exercise. Exercises are independent, so several are graded at a time (one per
core by default). A :class:`GradingSession` starts the runner and the server
once (each imports TensorFlow once) for every submission it grades.
"""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import aecourse
from aecourse.grading.proxy import CALL_TIMEOUT_ENV_VAR, WORKERS_FD_ENV_VAR
from aecourse.grading.runner import RunnerError, PytestRunner
from aecourse.grading.sandbox import Isolation, Limits, SandboxError, WorkerServer, detect_isolation

GRADING_ENV_VAR = "AECOURSE_GRADING_SUBMISSION"
REPORT_ENV_VAR = "AECOURSE_GRADING_REPORT"
COLLECT_ENV_VAR = "AECOURSE_GRADING_COLLECT"
DEFAULT_EXERCISE_TIMEOUT = 300.0
VISIBILITY = {"public": "visible", "hidden": "after_published"}
# pytest's exit statuses that say it failed itself, not the tests.
PYTEST_FAILED_ITSELF = {2: "interrupted", 3: "internal error", 4: "usage error"}


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


def _pytest_args(root: Path, test_files: list[Path]) -> list[str]:
    # --tb=line: the grader keeps only each failure's one-line reason, and
    # formatting whole tracebacks doubled the CPU time of a failing exercise.
    return ["-c", str(root / "pytest.ini"), "--rootdir", str(root), "-o", "addopts=", "-p", "no:cacheprovider", "-q",
            "--tb=line", *map(str, test_files)]


def _pytest_command(root: Path, test_files: list[Path]) -> list[str]:
    return [sys.executable, "-m", "pytest", *_pytest_args(root, test_files)]


def _test_files(root: Path, exercise: str | None = None) -> list[Path]:
    pattern = f"test_{exercise}.py" if exercise else "test_*.py"
    return sorted((root / "tests" / "public").glob(pattern)) + sorted((root / "tests" / "hidden").glob(pattern))


class GradingSession:
    """The test runner and the worker server that grade submissions, started once for many.

    Use it as a context manager, or call :meth:`close`. ``limits`` are each
    exercise's resource limits; ``run_as`` the unprivileged user student code
    runs as when the grader is root (see :func:`~aecourse.grading.sandbox.detect_isolation`).

    Raises:
        GradingError: if the runner or the server cannot start, or the sandbox
            does not work (every submission would then score zero for a reason
            that is the grader's, not the student's).
    """

    def __init__(self, root: Path | None = None, limits: Limits | None = None, run_as: str | None = None) -> None:
        self.root = Path(root or default_exercises_root()).resolve()
        self.limits = limits or Limits()
        self._scratch = tempfile.TemporaryDirectory(prefix="aecourse-grading-")
        self.workers: WorkerServer | None = None
        self.runner: PytestRunner | None = None
        try:
            self.isolation = detect_isolation(run_as)
            if self.isolation.kind == "unprivileged-user":
                self._check_unreadable()
            grader_dir = Path(self._scratch.name) / "grader"
            grader_dir.mkdir()
            self.workers = WorkerServer(self.isolation, self.limits, grader_dir)
            runner_env = {**os.environ, WORKERS_FD_ENV_VAR: str(self.workers.control_fd)}
            self.runner = PytestRunner((self.workers.control_fd,), runner_env)
            self.check_sandbox()
        except (SandboxError, RunnerError, GradingError) as error:
            self.close()
            raise GradingError(str(error)) from None
        except BaseException:
            self.close()
            raise

    def _check_unreadable(self) -> None:
        """As the unprivileged user, try to read the tests and the solutions; refuse if it can."""
        from aecourse.grading.sandbox import _user_ids

        uid, gid = _user_ids(self.isolation.run_as)
        readable = _readable_by(uid, gid, [self.root / "tests", self.root / "solutions"])
        if readable:
            more = f" and {len(readable) - 5} more" if len(readable) > 5 else ""
            raise GradingError(
                f"the user {self.isolation.run_as}, who runs student code, can read "
                f"{', '.join(map(str, readable[:5]))}{more}: "
                f"make the instructor's files unreadable to it first (chmod -R go-rwx {self.root}).")

    def check_sandbox(self) -> None:
        """Run a trivial module through the same sandbox as student code.

        Raises:
            GradingError: if that fails.
        """
        with tempfile.TemporaryDirectory() as scratch:
            (Path(scratch) / "sandbox_check.py").write_text("def ping():\n    return 'pong'\n")
            test = Path(scratch) / "test_sandbox_check.py"
            test.write_text(
                "import os, socket\nfrom aecourse.grading.proxy import StudentProcess\n\n"
                f"def test_ping():\n    process = StudentProcess({scratch!r}, 'sandbox_check', call_timeout=60)\n"
                "    try:\n        assert process.module.ping() == 'pong'\n    finally:\n        process.close()\n"
            )
            code = self.runner.run(["-p", "no:cacheprovider", "-q", "-o", "addopts=", "--rootdir", scratch, str(test)],
                                   {}, Path(scratch), 120)
            if code != 0:
                log = (Path(scratch) / "pytest.log").read_text(errors="replace")[-3000:]
                raise GradingError(f"the sandbox that runs student code does not work here:\n{log}")

    def alive(self) -> bool:
        return self.workers is not None and self.runner is not None and self.workers.alive() and self.runner.alive()

    def close(self) -> None:
        """Stop the runner and the server."""
        if self.runner is not None:
            self.runner.close()
            self.runner = None
        if self.workers is not None:
            self.workers.close()
            self.workers = None
        self._scratch.cleanup()

    def __enter__(self) -> GradingSession:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _readable_by(uid: int, gid: int, paths: list[Path]) -> list[Path]:
    """Every file and folder under ``paths`` (themselves included) that user ``uid`` (group ``gid``) can read.

    Each is tried as that user (in a child process): a folder by listing it, a
    file by opening it, so that a file stays found when only its folder is
    closed to listing (a folder of mode 0711 lets anyone open a name they guess).
    """
    candidates: list[Path] = []
    for path in paths:
        if path.exists():
            candidates.append(path)
        if path.is_dir():
            candidates += sorted(path.rglob("*"))
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read)
            os.setgroups([])
            os.setresgid(gid, gid, gid)
            os.setresuid(uid, uid, uid)
            found = []
            for index, path in enumerate(candidates):
                try:
                    if path.is_dir():
                        os.listdir(path)
                    else:
                        os.close(os.open(path, os.O_RDONLY | os.O_NONBLOCK))
                    found.append(index)
                except OSError:
                    pass
            with os.fdopen(write, "w") as stream:
                stream.write(json.dumps(found))
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as stream:
        found = json.loads(stream.read() or "[]")
    os.waitpid(pid, 0)
    return [candidates[i] for i in found]


_shared: dict[tuple, GradingSession] = {}


def shared_session(root: Path, limits: Limits | None = None, run_as: str | None = None) -> GradingSession:
    """A session kept for this process's later gradings with the same settings (closed at exit)."""
    key = (Path(root).resolve(), limits or Limits(), run_as)
    session = _shared.get(key)
    if session is None or not session.alive():
        if session is not None:
            session.close()
        session = _shared[key] = GradingSession(root, limits, run_as)
    return session


@atexit.register
def _close_shared_sessions() -> None:
    for session in _shared.values():
        session.close()
    _shared.clear()


def collect_catalogue(root: Path, session: GradingSession | None = None) -> list[dict]:
    """Every graded test: exercise, test name, points and visibility (from the instructor's tests).

    With a ``session``, its test runner collects them (no new interpreter to start).
    """
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "catalogue.json"
        if session is not None:
            code = session.runner.run([*_pytest_args(root, _test_files(root)), "--collect-only"],
                                      {COLLECT_ENV_VAR: str(target)}, Path(scratch), 300)
            output = (Path(scratch) / "pytest.log").read_text(errors="replace") if code != 0 else ""
        else:
            result = subprocess.run(
                [*_pytest_command(root, _test_files(root)), "--collect-only"],
                env={**os.environ, COLLECT_ENV_VAR: str(target)},
                cwd=scratch, capture_output=True, text=True, timeout=300,
            )
            code, output = result.returncode, result.stdout + result.stderr
        if code != 0 or not target.is_file():
            raise GradingError(f"could not collect the instructor's tests in {root}:\n{output[-5000:]}")
        catalogue = json.loads(target.read_text())
    _check_unique_names(catalogue)
    return catalogue


def _check_unique_names(catalogue: list[dict]) -> None:
    """Refuse two graded tests of one exercise with the same name (say, one public and one hidden).

    Results are matched to the catalogue by exercise and test name, so two
    such tests would share one result.

    Raises:
        GradingError: naming the duplicates.
    """
    seen: dict[tuple[str, str], list[str]] = {}
    for row in catalogue:
        seen.setdefault((row["exercise"], row["test"]), []).append(row["visibility"])
    duplicates = [f"{exercise}: {name} ({' and '.join(kinds)})" for (exercise, name), kinds in seen.items()
                  if len(kinds) > 1]
    if duplicates:
        raise GradingError(f"two graded tests of one exercise have the same name: {'; '.join(duplicates)}. "
                           "Rename one of each pair (a test's name identifies its result).")


def _grade_exercise(session: GradingSession, submission: Path, exercise: str, expected: list[dict],
                    timeout: float) -> list[TestResult]:
    outcomes: dict[str, tuple[int, str]] = {}
    failure = ""
    with tempfile.TemporaryDirectory() as scratch:
        report_path = Path(scratch) / "report.json"
        # The call limit as it is now, not as it was when the session's runner started.
        env = {GRADING_ENV_VAR: str(submission), REPORT_ENV_VAR: str(report_path),
               CALL_TIMEOUT_ENV_VAR: os.environ.get(CALL_TIMEOUT_ENV_VAR, "")}
        code = session.runner.run(_pytest_args(session.root, _test_files(session.root, exercise)), env,
                                  Path(scratch), timeout)
        # The report counts only when pytest ran to its end and wrote it (exit
        # status 0 or 1: tests passed or failed), not when pytest was killed,
        # which leaves whatever file is there unchecked.
        if code is None:
            failure = f"grading this exercise took longer than {timeout:.0f} s and was stopped"
        elif code in PYTEST_FAILED_ITSELF:
            # Student code never runs in pytest's process, and nothing it sends
            # back can stop pytest (the proxy passes no KeyboardInterrupt or
            # SystemExit): the grader's side failed, not the student.
            log = (Path(scratch) / "pytest.log").read_text(errors="replace")[-3000:]
            raise GradingError(f"pytest could not run the tests of {exercise} "
                               f"({PYTEST_FAILED_ITSELF[code]}, exit status {code}):\n{log}")
        elif code in (0, 1) and report_path.is_file():
            for row in json.loads(report_path.read_text())["tests"]:
                outcomes[row["test"]] = (int(row["score"]), row["reason"] or "passed")
        else:
            failure = f"the tests of this exercise did not run (pytest exit status {code})"
    results = []
    for test in expected:
        score, output = outcomes.get(test["test"], (0, failure or "the test did not run"))
        results.append(TestResult(exercise, test["test"], min(score, test["points"]), test["points"], output,
                                  VISIBILITY[test["visibility"]]))
    return results


def exercises_to_grade(catalogue: list[dict], only: set[str] | None) -> list[str]:
    """The exercises of ``catalogue`` (all, or those in ``only``), sorted.

    Raises:
        GradingError: if ``only`` names an exercise that has no tests, or two
            tests of one exercise have the same name.
    """
    _check_unique_names(catalogue)
    exercises = sorted({row["exercise"] for row in catalogue})
    if only is not None:
        unknown = set(only) - set(exercises)
        if unknown:
            raise GradingError(f"no such exercise: {', '.join(sorted(unknown))}; known: {', '.join(exercises)}.")
        exercises = [e for e in exercises if e in only]
    return exercises


def _check_jobs(jobs: int | None) -> int:
    if jobs is None:
        jobs = os.cpu_count() or 1
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise GradingError(f"jobs must be a positive number of exercises at a time, got {jobs!r}.")
    return jobs


def grade_many(
    submissions: list[Path],
    session: GradingSession,
    exercise_timeout: float = DEFAULT_EXERCISE_TIMEOUT,
    catalogue: list[dict] | None = None,
    only: set[str] | None = None,
    jobs: int | None = None,
    done: Callable[[GradeReport], None] | None = None,
) -> list[GradeReport]:
    """Grade ``submissions`` in ``session``, ``jobs`` exercises at a time over all of them.

    The next submission's exercises start while the last ones of the previous
    still run, so that no core waits. ``done`` is called with each report as
    soon as its submission is graded, in the order of ``submissions``; the
    reports list the tests in the same order whatever ``jobs`` is.

    Raises:
        GradingError: if a submission is not a folder or the tests cannot be collected.
    """
    submissions = [Path(s).resolve() for s in submissions]
    for submission in submissions:
        if not submission.is_dir():
            raise GradingError(f"the submission {submission} is not a folder.")
    if catalogue is None:
        catalogue = collect_catalogue(session.root, session)
    exercises = exercises_to_grade(catalogue, only)
    jobs = _check_jobs(jobs)
    expected = {e: [row for row in catalogue if row["exercise"] == e] for e in exercises}
    reports = []
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [[pool.submit(_grade_exercise, session, submission, e, expected[e], exercise_timeout)
                    for e in exercises] for submission in submissions]
        for submission, pending in zip(submissions, futures):
            report = GradeReport(str(submission), session.isolation)
            for future in pending:  # in the order of `exercises`
                report.tests += future.result()
            reports.append(report)
            if done is not None:
                done(report)
    return reports


def grade(
    submission: Path,
    root: Path | None = None,
    exercise_timeout: float = DEFAULT_EXERCISE_TIMEOUT,
    catalogue: list[dict] | None = None,
    only: set[str] | None = None,
    jobs: int | None = None,
    session: GradingSession | None = None,
) -> GradeReport:
    """Grade the folder ``submission`` (the student's exercise modules) against ``root``'s tests.

    ``catalogue`` (from :func:`collect_catalogue`) saves collecting the tests
    again; ``only`` restricts grading to some exercises; ``jobs`` exercises are
    graded at a time (default: the number of cores). ``session`` defaults to
    one kept for this process's gradings (:func:`shared_session`).

    Raises:
        GradingError: if the submission is not a folder or the tests cannot be collected.
    """
    submission = Path(submission).resolve()
    if not submission.is_dir():
        raise GradingError(f"the submission {submission} is not a folder.")
    if catalogue is not None:
        exercises_to_grade(catalogue, only)
    _check_jobs(jobs)
    session = session or shared_session(Path(root or default_exercises_root()))
    return grade_many([submission], session, exercise_timeout, catalogue, only, jobs)[0]


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
