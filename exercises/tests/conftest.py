"""pytest set-up of the graded exercises: points, and access to the student's code.

This file is shipped to students (in the folder that ``aecourse release``
writes) and used by the instructor's grader, so it works in two modes:

* **local** (a student running ``pytest``): the ``student`` fixture imports the
  exercise module from the exercises folder, as a normal import;
* **grading** (``aecourse grade``): the ``student`` fixture returns a proxy that
  runs the student's module in a separate, sandboxed process and brings back
  only data. The student's code never runs in this process.

Every test module names its exercise in a module-level ``EXERCISE`` string and
every graded test declares ``@pytest.mark.points(n)``.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

import pytest

GRADING_ENV_VAR = "AECOURSE_GRADING_SUBMISSION"
REPORT_ENV_VAR = "AECOURSE_GRADING_REPORT"
EXERCISES_DIR_ENV_VAR = "AECOURSE_EXERCISES_DIR"
COLLECT_ENV_VAR = "AECOURSE_GRADING_COLLECT"


def _exercises_dir() -> Path:
    """Where the exercise modules live in local mode.

    ``$AECOURSE_EXERCISES_DIR`` if set (the instructor points it at the
    reference solutions); else ``exercises/student/`` in the course repository;
    else the folder above ``tests/`` (a released student folder).
    """
    override = os.environ.get(EXERCISES_DIR_ENV_VAR)
    if override:
        return Path(override).resolve()
    here = Path(__file__).resolve().parent
    in_repository = here.parent / "student"
    return in_repository if in_repository.is_dir() else here.parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "points(n): points that the test is worth")


def _exercise_of(request: pytest.FixtureRequest) -> str:
    exercise = getattr(request.module, "EXERCISE", None)
    if not isinstance(exercise, str):
        raise pytest.UsageError(f"{request.module.__name__} must define EXERCISE = '<module name>'.")
    return exercise


@pytest.fixture(scope="module")
def student(request: pytest.FixtureRequest):
    """The student's module for this test module's exercise (or a proxy of it when grading)."""
    exercise = _exercise_of(request)
    submission = os.environ.get(GRADING_ENV_VAR)
    if submission:
        from aecourse.grading.proxy import StudentProcess

        process = StudentProcess(Path(submission), exercise)
        request.addfinalizer(process.close)
        return process.module
    directory = str(_exercises_dir())
    if directory not in sys.path:
        sys.path.insert(0, directory)
    try:
        return importlib.import_module(exercise)
    except Exception as error:  # the student's module does not import: fail, don't crash
        pytest.fail(f"could not import {exercise}.py: {type(error).__name__}: {error}", pytrace=False)


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """With ``$AECOURSE_GRADING_COLLECT`` set, write every test's exercise, points and visibility there."""
    target = os.environ.get(COLLECT_ENV_VAR)
    if not target:
        return
    catalogue = [
        {
            "exercise": getattr(item.module, "EXERCISE", item.module.__name__),
            "test": item.name,
            "points": _points(item),
            "visibility": "hidden" if "hidden" in Path(str(item.fspath)).parts else "public",
        }
        for item in items
    ]
    Path(target).write_text(json.dumps(catalogue, indent=1))


# --- points ---------------------------------------------------------------------

_results: dict[str, list[tuple[str, int, int, str]]] = defaultdict(list)


def _points(item: pytest.Item) -> int:
    marker = item.get_closest_marker("points")
    return int(marker.args[0]) if marker and marker.args else 0


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.when == "call" or (report.when == "setup" and not report.passed):
        exercise = getattr(item.module, "EXERCISE", item.module.__name__)
        maximum = _points(item)
        earned = maximum if report.passed else 0
        reason = "" if report.passed else _short_reason(report)
        _results[exercise].append((item.name, earned, maximum, reason))
    return report


def _short_reason(report: pytest.TestReport) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    text = crash.message if crash is not None else str(report.longrepr)
    lines = [line for line in text.splitlines() if line.strip()]
    reason = lines[0] if lines else "failed"
    # The proxy's own error class says nothing to a student; its message does.
    return reason.removeprefix("aecourse.grading.proxy.StudentCodeError: ")[:300]


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if not _results:
        return
    write = terminalreporter.write_line
    terminalreporter.section("points")
    total = maximum = 0
    for exercise in sorted(_results):
        earned = sum(r[1] for r in _results[exercise])
        possible = sum(r[2] for r in _results[exercise])
        total, maximum = total + earned, maximum + possible
        failed = [r for r in _results[exercise] if r[1] < r[2]]
        note = "" if not failed else f"  first failure: {failed[0][0]}: {failed[0][3]}"
        write(f"{exercise:<28} {earned:>3} / {possible:<3}{note}")
    write(f"{'total':<28} {total:>3} / {maximum}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    report_path = os.environ.get(REPORT_ENV_VAR)
    if report_path:
        tests = [
            {"exercise": ex, "test": name, "score": earned, "max_score": maximum, "reason": reason}
            for ex, rows in sorted(_results.items())
            for name, earned, maximum, reason in rows
        ]
        Path(report_path).write_text(json.dumps({"tests": tests}, indent=1))
