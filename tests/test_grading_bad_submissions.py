"""Bad submissions get a correct score and a clear reason, and never crash or fool the grader.

Each case is a submission whose ``rounded_accuracy.py`` misbehaves in one way.
The reference solution of another exercise sits beside it, to show that one
exercise's failure costs only that exercise.
"""

from __future__ import annotations

import json
import shutil
import socket
import textwrap
import threading
from pathlib import Path

import pytest

from aecourse.grading.grader import collect_catalogue, default_exercises_root, grade, write_gradescope
from aecourse.grading.sandbox import detect_isolation

ROOT = default_exercises_root()
TARGET = "rounded_accuracy"
NEIGHBOUR = "reparameterize"

CORRECT = (ROOT / "solutions" / f"{TARGET}.py").read_text()
WRONG_ANSWER = "def rounded_accuracy(images, reconstructions):\n    return 0.123\n"

CASES = {
    "syntax_error": ("def rounded_accuracy(images, reconstructions)\n    return 1.0\n", "SyntaxError"),
    "misspelled_function": ("def rounded_acuracy(images, reconstructions):\n    return 1.0\n", "no function 'rounded_accuracy'"),
    "wrong_signature": ("def rounded_accuracy(images):\n    return 1.0\n", "TypeError"),
    "exception": ("def rounded_accuracy(images, reconstructions):\n    return 1 / 0\n", "ZeroDivisionError"),
    "infinite_loop": ("def rounded_accuracy(images, reconstructions):\n    while True:\n        pass\n", "time limit"),
    "native_hang": (
        "import ctypes\n\ndef rounded_accuracy(images, reconstructions):\n    ctypes.CDLL(None).sleep(100000)\n",
        "time limit",
    ),
    "sys_exit_at_import": ("import sys\nsys.exit(0)\n", "does not import"),
    "sys_exit_in_call": ("import sys\n\ndef rounded_accuracy(images, reconstructions):\n    sys.exit(3)\n", "sys.exit(3)"),
    "os_exit": ("import os\n\ndef rounded_accuracy(images, reconstructions):\n    os._exit(0)\n", "process ended"),
    "kills_itself": (
        "import os, signal\n\ndef rounded_accuracy(images, reconstructions):\n    os.kill(os.getpid(), signal.SIGKILL)\n",
        "process ended",
    ),
    "missing_package": ("import package_that_is_not_installed\n", "ModuleNotFoundError"),
    "monkeypatches_at_import": (
        textwrap.dedent(
            """
            import numpy, numpy.testing, pytest
            numpy.testing.assert_allclose = lambda *a, **k: None
            numpy.allclose = lambda *a, **k: True
            pytest.approx = lambda expected, *a, **k: _Anything()
            class _Anything:
                def __eq__(self, other):
                    return True
            try:
                import keras
                keras.ops.round = lambda x: x
            except ImportError:
                pass
            def rounded_accuracy(images, reconstructions):
                return _Anything()
            """
        ),
        "",
    ),
    "fake_results_file": (
        textwrap.dedent(
            """
            import glob, json, os
            FAKE = {"score": 1000, "tests": [{"exercise": "rounded_accuracy", "test": "x", "score": 1000, "max_score": 1000, "reason": ""}]}
            for place in [os.environ.get("AECOURSE_GRADING_REPORT", ""), "results.json", "/tmp/report.json",
                          *glob.glob("/tmp/*/report.json"), *glob.glob("/tmp/*/*/report.json")]:
                try:
                    with open(place, "w") as stream:
                        json.dump(FAKE, stream)
                except OSError:
                    pass
            def rounded_accuracy(images, reconstructions):
                return 0.123
            """
        ),
        "",
    ),
}


@pytest.fixture(scope="module")
def catalogue():
    return collect_catalogue(ROOT)


def _submission(tmp_path: Path, source: str) -> Path:
    submission = tmp_path / "submission"
    submission.mkdir()
    (submission / f"{TARGET}.py").write_text(source)
    shutil.copy(ROOT / "solutions" / f"{NEIGHBOUR}.py", submission)
    return submission


def _grade(submission: Path, catalogue, monkeypatch) -> dict[str, tuple[int, int, str]]:
    monkeypatch.setenv("AECOURSE_GRADING_CALL_TIMEOUT", "4")
    report = grade(submission, ROOT, exercise_timeout=120, catalogue=catalogue, only={TARGET, NEIGHBOUR})
    return report.by_exercise()


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_submission_scores_zero_on_its_exercise_only(case, tmp_path, catalogue, monkeypatch):
    source, reason = CASES[case]
    summary = _grade(_submission(tmp_path, source), catalogue, monkeypatch)
    score, maximum, first_failure = summary[TARGET]
    assert maximum > 0 and score == 0, summary
    assert reason in first_failure, first_failure
    neighbour_score, neighbour_max, _ = summary[NEIGHBOUR]
    assert neighbour_score == neighbour_max > 0


def test_printing_megabytes_does_not_matter(tmp_path, catalogue, monkeypatch):
    noisy = CORRECT.replace(
        "import numpy as np\n", "import numpy as np\nimport sys\nsys.stdout.write('x' * 20_000_000)\n", 1
    )
    noisy = noisy.replace('    """\n    # BEGIN SOLUTION', '    """\n    print("y" * 5_000_000)\n    # BEGIN SOLUTION', 1)
    assert noisy != CORRECT
    summary = _grade(_submission(tmp_path, noisy), catalogue, monkeypatch)
    assert summary[TARGET][0] == summary[TARGET][1] > 0


def test_a_wrong_answer_scores_zero(tmp_path, catalogue, monkeypatch):
    summary = _grade(_submission(tmp_path, WRONG_ANSWER), catalogue, monkeypatch)
    assert summary[TARGET][0] == 0


def test_editing_the_tests_and_conftest_in_the_submission_changes_nothing(tmp_path, catalogue, monkeypatch):
    submission = _submission(tmp_path, WRONG_ANSWER)
    (submission / "tests").mkdir()
    (submission / "tests" / f"test_{TARGET}.py").write_text("def test_free_points():\n    pass\n")
    (submission / "conftest.py").write_text(
        "import pytest\n@pytest.hookimpl(tryfirst=True)\ndef pytest_runtest_call(item):\n    return True\n"
    )
    (submission / "tests" / "conftest.py").write_text((submission / "conftest.py").read_text())
    (submission / "pytest.ini").write_text("[pytest]\naddopts = -p no:terminal\n")
    summary = _grade(submission, catalogue, monkeypatch)
    assert summary[TARGET][0] == 0


def test_student_code_can_read_neither_solutions_nor_network(tmp_path, catalogue, monkeypatch):
    isolation = detect_isolation()
    assert isolation.kind == "bubblewrap", isolation.description  # make test installs bubblewrap
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    threading.Thread(target=lambda: server.accept(), daemon=True).start()
    probe = textwrap.dedent(
        f"""
        import socket

        def rounded_accuracy(images, reconstructions):
            found = []
            try:
                open({str(ROOT / "solutions" / (TARGET + ".py"))!r}).read()
                found.append("READ-SOLUTIONS")
            except OSError:
                pass
            try:
                socket.create_connection(("127.0.0.1", {port}), timeout=2).close()
                found.append("REACHED-NETWORK")
            except OSError:
                pass
            raise RuntimeError("probe: " + (", ".join(found) or "isolated"))
        """
    )
    summary = _grade(_submission(tmp_path, probe), catalogue, monkeypatch)
    server.close()
    assert "probe: isolated" in summary[TARGET][2], summary[TARGET][2]


def test_gradescope_results_file(tmp_path, catalogue, monkeypatch):
    submission = _submission(tmp_path, CORRECT)
    report = grade(submission, ROOT, catalogue=catalogue, only={TARGET, NEIGHBOUR})
    path = tmp_path / "results.json"
    write_gradescope(report, path)
    results = json.loads(path.read_text())
    assert results["score"] == report.max_score > 0
    assert {t["visibility"] for t in results["tests"]} == {"visible", "after_published"}
    for test in results["tests"]:
        assert set(test) == {"name", "score", "max_score", "output", "visibility"}
        assert test["score"] == test["max_score"]


def test_a_broken_sandbox_stops_grading_instead_of_failing_students(tmp_path, monkeypatch):
    from aecourse.grading import grader, sandbox

    def broken(grader_dir, submission_dir, exercise, fds):
        return ["/nonexistent/python"], {}, "/"

    monkeypatch.setattr(sandbox, "worker_command", broken)
    with pytest.raises(grader.GradingError, match="sandbox"):
        grader.check_sandbox()
