"""Honesty invariants of the graded exercises, and the release and grade commands.

- the committed stubs are what the generator makes of the solutions;
- every graded test passes on the reference solutions, and runs and fails on
  the stubs (because the stub raised, not because the test did not run);
- the grader gives the solutions full marks and the stubs zero;
- the student release holds no solution and no hidden test, runs with pytest,
  and gives a reference solution copied into it full marks.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aecourse.grading import grader
from aecourse.grading.grader import GradingError, collect_catalogue, default_exercises_root, grade
from aecourse.grading.release import ReleaseError, release
from aecourse.grading.stubs import BEGIN, END, make_stub, stale_stubs

ROOT = default_exercises_root()
AECOURSE = [sys.executable, "-m", "aecourse.cli"]


def _solution_lines(path: Path) -> list[str]:
    """The non-trivial lines inside a solution file's marked blocks that are nowhere else in it."""
    source = path.read_text()
    outside = make_stub(source)
    lines, inside = [], False
    for line in source.splitlines():
        if BEGIN.match(line):
            inside = True
        elif END.match(line):
            inside = False
        elif inside and len(line.strip()) > 12 and line.strip() not in outside:
            lines.append(line.strip())
    return lines


@pytest.fixture(scope="module")
def catalogue():
    return collect_catalogue(ROOT)


def test_committed_stubs_are_generated_from_the_solutions():
    assert stale_stubs(ROOT / "solutions", ROOT / "student") == [], "run: aecourse stubs"


def test_enough_exercises_with_points_spread_over_the_chapters(catalogue):
    exercises = {row["exercise"] for row in catalogue}
    assert len(exercises) >= 8
    assert all(row["points"] > 0 for row in catalogue)
    for exercise in exercises:
        kinds = {row["visibility"] for row in catalogue if row["exercise"] == exercise}
        assert kinds == {"public", "hidden"}, exercise
    assert exercises == {p.stem for p in (ROOT / "solutions").glob("*.py")}


@pytest.fixture(scope="module")
def solutions_report(catalogue):
    return grade(ROOT / "solutions", ROOT, catalogue=catalogue)


@pytest.fixture(scope="module")
def stubs_report(catalogue):
    return grade(ROOT / "student", ROOT, catalogue=catalogue)


def test_every_graded_test_passes_on_the_solutions(solutions_report):
    failed = [f"{t.exercise}: {t.name}: {t.output}" for t in solutions_report.tests if t.score != t.max_score]
    assert not failed, "\n".join(failed)
    assert solutions_report.score == solutions_report.max_score > 0


def failed_in_the_stub(test: grader.TestResult) -> bool:
    """Whether a graded test ran, called the stub, and failed because the stub raised.

    A score of zero alone does not say so: a test that never ran (its module
    did not import, pytest stopped, the exercise ran out of time) scores zero too.
    """
    return test.score == 0 and test.output.startswith("NotImplementedError")


def test_a_test_that_did_not_run_is_not_a_failure_in_the_stub():
    def result(output: str, score: int = 0) -> grader.TestResult:
        return grader.TestResult("psnr", "test_x", score, 2, output, "visible")

    assert failed_in_the_stub(result("NotImplementedError: Compute the mean squared error first."))
    assert not failed_in_the_stub(result("the test did not run"))
    assert not failed_in_the_stub(result("the tests of this exercise did not run (pytest exit status 2)"))
    assert not failed_in_the_stub(result("grading this exercise took longer than 300 s and was stopped"))
    assert not failed_in_the_stub(result("assert 0.5 == 1.0"))
    assert not failed_in_the_stub(result("passed", score=2))


def test_every_graded_test_runs_and_fails_on_the_stubs(stubs_report, catalogue):
    assert [(t.exercise, t.name) for t in stubs_report.tests] == \
        sorted(((row["exercise"], row["test"]) for row in catalogue), key=lambda pair: pair[0])
    wrong = [f"{t.exercise}: {t.name}: {t.score} points: {t.output}" for t in stubs_report.tests
             if not failed_in_the_stub(t)]
    assert not wrong, "\n".join(wrong)
    assert stubs_report.score == 0 and stubs_report.max_score > 0


def test_release_holds_stubs_and_public_tests_only(tmp_path):
    dest = tmp_path / "student-release"
    result = subprocess.run([*AECOURSE, "release", str(dest)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    released = {p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()}
    public = {f"tests/{p.name}" for p in (ROOT / "tests" / "public").glob("test_*.py")}
    stub_files = {p.name for p in (ROOT / "solutions").glob("*.py")}
    assert released == public | stub_files | {"tests/conftest.py", "pytest.ini", "requirements.txt", "README.md"}
    text = "\n".join((dest / name).read_text() for name in released)
    for solution in (ROOT / "solutions").glob("*.py"):
        for line in _solution_lines(solution):
            assert line not in text, f"solution line of {solution.name} leaked: {line}"
    assert "expected" not in {p.name for p in dest.rglob("*")}


def test_release_refuses_a_folder_with_work_in_it(tmp_path):
    (tmp_path / "work.py").write_text("my work")
    with pytest.raises(ReleaseError, match="not an empty folder"):
        release(tmp_path, ROOT)
    assert (tmp_path / "work.py").read_text() == "my work"


PYTEST = (sys.executable, "-m", "pytest")


def _student_pytest(folder: Path, command=PYTEST, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], cwd=folder, capture_output=True, text=True, timeout=600,
                          env=env)


def _total(run: subprocess.CompletedProcess) -> tuple[str, str]:
    """Points earned and possible, from the last line of the students' points table."""
    total_line = next(line for line in run.stdout.splitlines() if line.startswith("total"))
    earned, _, possible = total_line.split()[1:4]
    return earned, possible


def _check_stubs_then_solutions(dest: Path, command=PYTEST, env: dict | None = None) -> None:
    """pytest in a released folder fails with 0 points, then passes with full marks once solved."""
    untouched = _student_pytest(dest, command, env)
    assert untouched.returncode == 1, untouched.stdout[-3000:] + untouched.stderr[-3000:]
    assert "points" in untouched.stdout
    assert _total(untouched)[0] == "0", untouched.stdout[-3000:]
    for solution in (ROOT / "solutions").glob("*.py"):
        shutil.copy(solution, dest / solution.name)
    solved = _student_pytest(dest, command, env)
    assert solved.returncode == 0, solved.stdout[-3000:]
    earned, possible = _total(solved)
    assert earned == possible != "0", solved.stdout[-3000:]


def test_students_see_points_per_exercise_and_full_marks_for_the_reference(tmp_path):
    dest = tmp_path / "release"
    release(dest, ROOT)
    _check_stubs_then_solutions(dest)


def test_release_requirements_pin_the_exercises_packages_only(tmp_path):
    release(tmp_path / "release", ROOT)
    pins = [line for line in (tmp_path / "release" / "requirements.txt").read_text().splitlines()
            if line and not line.startswith("#")]
    names = {re.split(r"[=;]", line)[0].lower().replace("_", "-") for line in pins}
    assert {"numpy", "scipy", "keras", "tensorflow-cpu", "pytest"} <= names
    assert not names & {"matplotlib", "plotly", "jupyter-book", "scikit-learn", "pyyaml", "playwright"}, names
    locked = set((ROOT.parent / "requirements.lock").read_text().splitlines())
    for line in pins:
        pin = line.split(";")[0].strip()
        # tensorflow (macOS) is the lock's tensorflow-cpu version under its other name.
        assert pin in locked or pin.replace("tensorflow==", "tensorflow_cpu==") in locked, line


@pytest.mark.fresh_venv
def test_release_sets_up_from_its_own_files_in_a_fresh_environment(tmp_path):
    """The README's three commands, on the release alone: a new venv, its requirements, pytest."""
    dest = tmp_path / "release"
    release(dest, ROOT)
    # Nothing of the course's environment: no PYTHONPATH, no active venv.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    venv_python = dest / ".venv" / "bin" / "python"
    subprocess.run([sys.executable, "-m", "venv", dest / ".venv"], check=True, env=env)
    install = subprocess.run([venv_python, "-m", "pip", "install", "--quiet", "-r", "requirements.txt"],
                             cwd=dest, env=env, capture_output=True, text=True, timeout=1800)
    assert install.returncode == 0, install.stderr[-3000:]
    # The course is not there: only what requirements.txt installed is.
    assert subprocess.run([venv_python, "-c", "import aecourse"], cwd=tmp_path, env=env,
                          capture_output=True).returncode != 0
    _check_stubs_then_solutions(dest, [dest / ".venv" / "bin" / "pytest"], env)  # the README's command


def test_grade_command_prints_a_table_and_writes_gradescope_json(tmp_path):
    results = tmp_path / "results.json"
    # Two exercises: grading every one is what the stubs_report fixture does.
    run = subprocess.run([*AECOURSE, "grade", str(ROOT / "student"), "--json", str(results),
                          "--only", "psnr", "--only", "tied_params"], capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr  # grading ran; the student failing is not an error
    assert "Isolation:" in run.stdout and "total" in run.stdout
    data = json.loads(results.read_text())
    assert data["score"] == 0 and data["tests"]
    assert {test["name"].split(":")[0] for test in data["tests"]} == {"psnr", "tied_params"}


def test_grade_command_refuses_an_unknown_exercise(tmp_path):
    run = subprocess.run([*AECOURSE, "grade", str(ROOT / "student"), "--only", "nope"],
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 2 and "no such exercise: nope" in run.stderr


def test_grade_command_reports_a_missing_submission(tmp_path):
    run = subprocess.run([*AECOURSE, "grade", str(tmp_path / "nowhere")], capture_output=True, text=True)
    assert run.returncode == 2 and "is not a folder" in run.stderr


def test_batch_grading_writes_one_gradebook(tmp_path):
    batch = tmp_path / "submissions"
    shutil.copytree(ROOT / "solutions", batch / "ada")
    (batch / "bob").mkdir()  # handed in nothing
    gradebook = tmp_path / "gradebook.csv"
    run = subprocess.run([*AECOURSE, "grade", "--batch", str(batch), "--csv", str(gradebook),
                          "--only", "psnr", "--only", "tied_params"], capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr
    assert "[1/2] ada" in run.stdout and "[2/2] bob" in run.stdout
    assert "submissions" not in run.stderr  # stderr is no terminal here: no progress bar unless asked
    rows = list(csv.DictReader(gradebook.open()))
    assert [r["submission"] for r in rows] == ["ada", "bob"]
    assert list(rows[0]) == ["submission", "psnr", "tied_params", "total", "max"]
    assert rows[0]["total"] == rows[0]["max"] != "0"
    assert rows[1]["total"] == "0"


def test_batch_grading_draws_a_progress_bar_when_asked(tmp_path):
    batch = tmp_path / "submissions"
    for name in ("ada", "bob"):
        (batch / name).mkdir(parents=True)
    run = subprocess.run([*AECOURSE, "grade", "--batch", str(batch), "--csv", str(tmp_path / "gradebook.csv"),
                          "--only", "psnr", "--progress"], capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr
    assert "] 0/2 submissions" in run.stderr and "] 2/2 submissions" in run.stderr and "s left" in run.stderr


def test_batch_grading_grades_the_next_submission_while_the_last_exercises_run(catalogue):
    """grade_many over two submissions gives each the report that grade gives it alone."""
    session = grader.shared_session(ROOT)
    three = {"psnr", "tied_params", "auroc"}
    both = grader.grade_many([ROOT / "solutions", ROOT / "student"], session, catalogue=catalogue, only=three)
    alone = [grade(ROOT / which, ROOT, catalogue=catalogue, only=three) for which in ("solutions", "student")]
    assert [[(t.name, t.score) for t in r.tests] for r in both] == [[(t.name, t.score) for t in r.tests] for r in alone]
    assert both[0].score == both[0].max_score > 0 and both[1].score == 0


def test_grading_several_exercises_at_a_time_gives_the_same_report(catalogue):
    three = {"psnr", "tied_params", "auroc"}
    one_at_a_time = grade(ROOT / "solutions", ROOT, catalogue=catalogue, only=three, jobs=1)
    three_at_a_time = grade(ROOT / "solutions", ROOT, catalogue=catalogue, only=three, jobs=3)
    assert [(t.exercise, t.name, t.score) for t in one_at_a_time.tests] == \
        [(t.exercise, t.name, t.score) for t in three_at_a_time.tests]
    assert [t.exercise for t in one_at_a_time.tests] == sorted(t.exercise for t in one_at_a_time.tests)
    assert one_at_a_time.score == one_at_a_time.max_score > 0
    with pytest.raises(GradingError, match="jobs"):
        grade(ROOT / "solutions", ROOT, catalogue=catalogue, only=three, jobs=0)
