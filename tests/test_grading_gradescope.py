"""The Gradescope autograder zip: its layout, no solutions, and run_autograder in a root laid out like /autograder.

The runs use the test session's Python (``AECOURSE_AUTOGRADER_PYTHON``) instead of
the environment that ``setup.sh`` installs from the network on Gradescope, and
the zip's own copy of ``aecourse`` (``run_autograder`` puts it first on the path).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from aecourse.grading.gradescope import AutograderError, write_autograder
from aecourse.grading.grader import default_exercises_root
from test_exercises import _solution_lines

EXERCISES = default_exercises_root()
SHELLCHECK = Path(sys.executable).with_name("shellcheck")
SUBSET = ("psnr", "tied_params")  # two exercises keep a whole run short


@pytest.fixture(scope="module")
def full_zip(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gradescope") / "autograder.zip"
    write_autograder(path, EXERCISES)
    return path


def _leaks(zip_path: Path) -> list[str]:
    """Solution files, or solution code, found in the zip."""
    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
        text = "\n".join(archive.read(name).decode("utf-8", errors="replace") for name in names)
    found = [name for name in names if name.split("/")[-2:-1] in (["solutions"], ["student"])]
    for solution in sorted((EXERCISES / "solutions").glob("*.py")):
        found += [f"{solution.name}: {line}" for line in _solution_lines(solution) if line in text]
    return found


def test_zip_has_gradescope_layout(full_zip):
    with zipfile.ZipFile(full_zip) as archive:
        infos = {info.filename: info for info in archive.infolist()}
    for script in ("setup.sh", "run_autograder"):
        assert script in infos, script  # at the root, not in a folder
        assert stat.S_IMODE(infos[script].external_attr >> 16) & 0o111, f"{script} is not executable"
    tests = {f"exercises/{p.relative_to(EXERCISES).as_posix()}" for p in (EXERCISES / "tests").rglob("*")
             if p.is_file() and "__pycache__" not in p.parts}
    assert tests <= set(infos)  # public and hidden tests, expected values, conftest.py
    assert any("/hidden/expected/" in name for name in tests)
    assert {"exercises/pytest.ini", "requirements.txt", "aecourse/__init__.py",
            "aecourse/grading/autograder.py", "aecourse/grading/grader.py", "aecourse/grading/worker.py"} <= set(infos)
    # Only what grading imports of the package, not the book's modules.
    assert "aecourse/training.py" not in infos and "aecourse/plots.py" not in infos


def test_zip_holds_no_solution(full_zip, tmp_path):
    assert _leaks(full_zip) == []
    # The check finds a solution that slipped in.
    leaky = tmp_path / "leaky.zip"
    shutil.copy(full_zip, leaky)
    with zipfile.ZipFile(leaky, "a") as archive:
        archive.write(EXERCISES / "solutions" / "psnr.py", "exercises/tests/helpers.py")
    assert _leaks(leaky)


def test_zip_requirements_pin_what_grading_needs(full_zip):
    with zipfile.ZipFile(full_zip) as archive:
        text = archive.read("requirements.txt").decode()
    pins = {line.split("==")[0].lower().replace("_", "-") for line in text.splitlines() if "==" in line}
    assert {"numpy", "scipy", "keras", "tensorflow-cpu", "pytest"} <= pins
    assert not pins & {"matplotlib", "jupyter-book", "playwright", "scikit-learn"}, pins


def test_shell_scripts_pass_shellcheck(full_zip, tmp_path):
    with zipfile.ZipFile(full_zip) as archive:
        archive.extractall(tmp_path)
    result = subprocess.run([SHELLCHECK, "--shell=bash", tmp_path / "setup.sh", tmp_path / "run_autograder"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_exercises_folder_without_tests_is_refused(tmp_path):
    (tmp_path / "tests").mkdir()
    with pytest.raises(AutograderError, match="holds no test"):
        write_autograder(tmp_path / "a.zip", tmp_path)
    assert not (tmp_path / "a.zip").exists()


# --- run_autograder, on a zip of two exercises ------------------------------------
def _subset_exercises(folder: Path) -> Path:
    """A copy of the instructor's exercises with only ``SUBSET``, and the lock beside it."""
    exercises = folder / "exercises"
    for relative in ("pytest.ini", "tests/conftest.py", "tests/public/__init__.py", "tests/hidden/__init__.py",
                     *(f"tests/{kind}/test_{e}.py" for e in SUBSET for kind in ("public", "hidden")),
                     *(f"tests/hidden/expected/{e}.json" for e in SUBSET), *(f"solutions/{e}.py" for e in SUBSET)):
        (exercises / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(EXERCISES / relative, exercises / relative)
    shutil.copy(EXERCISES.parent / "requirements.lock", folder / "requirements.lock")
    return exercises


@pytest.fixture(scope="module")
def subset_zip(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("subset")
    write_autograder(folder / "autograder.zip", _subset_exercises(folder))
    return folder / "autograder.zip"


def _autograder_root(zip_path: Path, root: Path, files: dict[str, Path | str]) -> Path:
    """``root`` laid out as Gradescope's /autograder: the zip in source/, ``files`` in submission/."""
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(root / "source")
    (root / "submission").mkdir()
    for name, content in files.items():
        target = root / "submission" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copy(content, target)
        else:
            target.write_text(content)
    return root


def _run_autograder(root: Path, python: str = sys.executable) -> tuple[dict, subprocess.CompletedProcess]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(AECOURSE_AUTOGRADER_ROOT=str(root), AECOURSE_AUTOGRADER_PYTHON=python)
    run = subprocess.run(["bash", root / "source" / "run_autograder"], cwd=root, env=env, capture_output=True,
                         text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads((root / "results" / "results.json").read_text()), run


def test_run_autograder_uses_the_zips_own_package(subset_zip, tmp_path):
    root = _autograder_root(subset_zip, tmp_path, {})
    shown = subprocess.run([sys.executable, "-c", "import aecourse.grading.autograder as m; print(m.__file__)"],
                           env={**os.environ, "PYTHONPATH": str(root / "source")}, cwd=root, capture_output=True,
                           text=True)
    assert shown.stdout.strip() == str(root / "source" / "aecourse" / "grading" / "autograder.py")


def test_run_autograder_gives_full_marks_to_the_solutions(subset_zip, tmp_path):
    root = _autograder_root(subset_zip, tmp_path, {f"{e}.py": EXERCISES / "solutions" / f"{e}.py" for e in SUBSET})
    results, _ = _run_autograder(root)
    maximum = sum(test["max_score"] for test in results["tests"])
    assert results["score"] == maximum > 0, results
    assert {test["name"].split(":")[0] for test in results["tests"]} == set(SUBSET)
    assert {test["visibility"] for test in results["tests"]} == {"visible", "after_published"}
    assert "Isolation:" in results["output"]


def test_run_autograder_gives_no_points_to_a_bad_submission(subset_zip, tmp_path):
    # Uploaded as a folder: a stub and a file that does not parse.
    root = _autograder_root(subset_zip, tmp_path, {
        "handout/psnr.py": EXERCISES / "student" / "psnr.py",
        "handout/tied_params.py": "def tied_params(:\n",
    })
    results, _ = _run_autograder(root)
    assert results["score"] == 0 and len(results["tests"]) > 0
    assert all(test["score"] == 0 for test in results["tests"])
    outputs = {test["name"].split(":")[0]: test["output"] for test in results["tests"]}
    assert "NotImplementedError" in outputs["psnr"], outputs
    assert "does not import" in outputs["tied_params"], outputs


def test_internal_error_gives_a_valid_results_file_with_no_points(subset_zip, tmp_path):
    root = _autograder_root(subset_zip, tmp_path, {f"{e}.py": EXERCISES / "solutions" / f"{e}.py" for e in SUBSET})
    shutil.rmtree(root / "source" / "exercises" / "tests")
    results, run = _run_autograder(root)
    assert results["score"] == 0 and results["tests"] == []
    assert "INTERNAL ERROR" in results["output"] and "could not collect" in results["output"], results["output"]
    # One line for the student; pytest's whole output for the instructor only.
    assert len(results["output"].split("\n\n")[1].splitlines()) == 1, results["output"]
    assert "could not collect" in run.stdout


def test_a_grader_that_cannot_start_still_writes_a_valid_results_file(subset_zip, tmp_path):
    root = _autograder_root(subset_zip, tmp_path, {f"{e}.py": EXERCISES / "solutions" / f"{e}.py" for e in SUBSET})
    results, run = _run_autograder(root, python=str(tmp_path / "no-such-python"))
    assert results["score"] == 0 and results["tests"] == []
    assert "INTERNAL ERROR" in results["output"] and "did not start" in results["output"]


def _setup_check(root: Path) -> subprocess.CompletedProcess:
    """setup.sh's last step (after the line that says so), run against ``root`` with the test's Python."""
    setup = (root / "source" / "setup.sh").read_text()
    check = setup[setup.index("# Fail the image build now"):]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(AECOURSE_AUTOGRADER_ROOT=str(root), SOURCE=str(root / "source"),
               VENV=str(Path(sys.executable).parent.parent))
    return subprocess.run(["bash", "-c", f"set -euo pipefail\n{check}"], env=env, capture_output=True, text=True,
                          timeout=600)


def test_setup_starts_a_grading_session_and_prints_the_isolation(subset_zip, tmp_path):
    root = _autograder_root(subset_zip, tmp_path, {})
    run = _setup_check(root)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Isolation: " in run.stdout and "The grader works" in run.stdout, run.stdout


def test_setup_fails_when_the_image_cannot_grade(subset_zip, tmp_path):
    """A session that cannot start fails the image's build (an import alone would pass)."""
    root = _autograder_root(subset_zip, tmp_path, {})
    shutil.rmtree(root / "source" / "exercises" / "tests")
    run = _setup_check(root)
    assert run.returncode != 0 and "This image cannot grade" in run.stderr, (run.stdout, run.stderr[-3000:])
