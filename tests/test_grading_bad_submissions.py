"""Bad submissions get a correct score and a clear reason, and never crash or fool the grader.

Each case is a submission whose ``rounded_accuracy.py`` misbehaves in one way.
The reference solution of another exercise sits beside it, to show that one
exercise's failure costs only that exercise. The tricks (monkeypatching, fake
result files) come with a wrong answer and would earn full marks if the
grader's guarantee failed; where that is cheap to show, a test shows it.
"""

from __future__ import annotations

import functools
import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import pytest

from aecourse import cli
from aecourse.grading import grader
from aecourse.grading.grader import collect_catalogue, default_exercises_root, grade, write_gradescope
from aecourse.grading.sandbox import Limits, detect_isolation

ROOT = default_exercises_root()
TARGET = "rounded_accuracy"
NEIGHBOUR = "reparameterize"

CORRECT = (ROOT / "solutions" / f"{TARGET}.py").read_text()
WRONG_ANSWER = "def rounded_accuracy(images, reconstructions):\n    return 0.123\n"
# How the instructor's tests fail on that answer: the grader's report quotes it.
WRONG_ANSWER_REASON = "assert 0.123 == 0.5 ±"

# Seconds a call may take in these gradings: short, because the hanging cases
# wait for it once per test. Measured on two cores under a full book build
# (load 4, the test process at nice 19): a call of the neighbour takes at most
# 0.02 s, a call that prints 5 MB 0.04 s (first call; 0.003 s after), so 4 s
# leaves a margin of 100 times the slowest call.
CALL_LIMIT = "4"

# The graded tests of TARGET and their points, as the grader's catalogue has
# them (test_the_fake_reports_claim_full_marks_in_the_graders_terms checks it):
# the fake reports below claim exactly these, so a grader that believed them
# would give full marks.
TARGET_POINTS = {"test_small_example": 2, "test_shapes_must_match": 1,
                 "test_random_images": 2, "test_half_rounds_to_zero_and_empty_raises": 1}
FAKE_REPORT = {"tests": [{"exercise": TARGET, "test": name, "score": points, "max_score": points, "reason": ""}
                         for name, points in TARGET_POINTS.items()]}
FAKE_RESULTS = {"score": sum(TARGET_POINTS.values()), "output": "",
                "tests": [{"name": f"{TARGET}: {name}", "score": points, "max_score": points, "output": "passed",
                           "visibility": "visible"} for name, points in TARGET_POINTS.items()]}

# A wrong answer, with patches that would make every test of TARGET pass if the
# module were imported in the process that runs the tests (a student's own
# pytest does that: test_the_monkeypatches_would_pass_the_tests_in_their_process).
MONKEYPATCHES = textwrap.dedent(
    """
    import contextlib
    import numpy, numpy.testing, pytest

    class _EqualToAnything:
        def __eq__(self, other):
            return True

    pytest.approx = lambda expected, *args, **kwargs: _EqualToAnything()
    pytest.raises = lambda *args, **kwargs: contextlib.suppress(BaseException)
    numpy.testing.assert_allclose = lambda *args, **kwargs: None
    numpy.allclose = lambda *args, **kwargs: True

    def rounded_accuracy(images, reconstructions):
        return 0.123
    """
)

# A wrong answer that, when called, writes a report claiming full marks where the
# grader's report goes, with Gradescope results beside it, then kills the pytest
# process that would overwrite them. It finds the place in the environment of
# its parent processes: outside a sandbox, the pytest process is one of them, and
# a grader that read whatever report it found gave full marks (it now reads the
# report only from a pytest that ran to its end). In the bubblewrap sandbox it
# sees no other process, and writes only into its own empty /tmp.
FAKE_RESULTS_FILE = (
    f"REPORT = {FAKE_REPORT!r}\nRESULTS = {FAKE_RESULTS!r}\n"
    + textwrap.dedent(
        r"""
        import json, os, signal

        def _write(path, data):
            try:
                with open(path, "w") as stream:
                    json.dump(data, stream)
            except OSError:
                pass

        def _environment(pid):
            try:
                with open(f"/proc/{pid}/environ", "rb") as stream:
                    pairs = stream.read().split(b"\0")
            except OSError:
                return {}
            return dict(pair.split(b"=", 1) for pair in pairs if b"=" in pair)

        def _parent(pid):
            try:
                with open(f"/proc/{pid}/stat") as stream:
                    return int(stream.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                return 0

        def _fake():
            pid = os.getppid()
            while pid > 1:
                report = _environment(pid).get(b"AECOURSE_GRADING_REPORT", b"").decode()
                if report:
                    _write(report, REPORT)
                    _write(os.path.join(os.path.dirname(report), "results.json"), RESULTS)
                    os.kill(pid, signal.SIGKILL)
                    return
                pid = _parent(pid)
            for place in ("report.json", "results.json", "/autograder/results/results.json"):
                _write(place, REPORT if place == "report.json" else RESULTS)

        def rounded_accuracy(images, reconstructions):
            _fake()
            return 0.123
        """
    )
)

# Resource limits. Each of these misbehaves at every call, then computes the
# correct answer (the reference solution's): without the limit it would earn
# full marks.
def _correct_after(misbehaviour: str) -> str:
    """The reference solution of TARGET, running ``misbehaviour`` (body lines) first at every call."""
    body = textwrap.indent(textwrap.dedent(misbehaviour).strip() + "\n", "    ")
    source = CORRECT.replace('    """\n    # BEGIN SOLUTION', f'    """\n{body}    # BEGIN SOLUTION', 1)
    assert source != CORRECT
    return source


ABOVE_THE_DEFAULT_MEMORY = _correct_after("""
    hog = np.empty(5 * 1024**3, dtype=np.uint8)  # 5 GiB, over the default limit of 4
""")
TWO_GIB = _correct_after("""
    hog = np.empty(2 * 1024**3, dtype=np.uint8)
""")
# The forks come from a small interpreter: forking the worker itself (which has
# TensorFlow loaded) 256 times takes seconds, more than the call limit here.
FORK_BOMB = _correct_after("""
    import subprocess, sys
    bomb = (
        "import os, time\\n"
        "for _ in range(1000):  # more than the default limit of 256 processes and threads\\n"
        "    if os.fork() == 0:\\n"
        "        time.sleep(600)\\n"
        "        os._exit(0)\\n"
    )
    with open("/tmp/bomb.log", "w+") as log:  # a file, not a pipe that every fork would hold open
        if subprocess.run([sys.executable, "-c", bomb], stdin=subprocess.DEVNULL, stdout=log, stderr=log).returncode:
            log.seek(0)
            raise RuntimeError(log.read().strip().splitlines()[-1])
""")
HUGE_FILE = _correct_after("""
    with open("/tmp/huge", "wb") as stream:  # 100 MB, over the limit of 64 MB a file
        for _ in range(100):
            stream.write(b"x" * 1_000_000)
""")
MANY_FILES = _correct_after("""
    for index in range(5000):  # more files than a private /tmp takes (2,000)
        open(f"/tmp/file_{index}", "w").close()
""")
# Starts a process that leaves the exercise's process group and session and
# names itself ORPHAN_NAME: test_no_process_outlives_its_exercise looks for it
# among this machine's processes once grading is over.
ORPHAN_NAME = "aecourse-orphan"
LEAVES_AN_ORPHAN = textwrap.dedent(
    f"""
    import ctypes, os, time

    def rounded_accuracy(images, reconstructions):
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                ctypes.CDLL(None).prctl(15, {ORPHAN_NAME.encode()!r}, 0, 0, 0)  # PR_SET_NAME
                time.sleep(600)
            os._exit(0)
        return 0.123
    """
)

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
    "infinite_loop_at_import": ("while True:\n    pass\n", "importing rounded_accuracy.py did not finish within the time limit"),
    "native_hang_at_import": ("import ctypes\nctypes.CDLL(None).sleep(100000)\n",
                              "importing rounded_accuracy.py did not finish within the time limit"),
    "memory_above_the_default_limit": (ABOVE_THE_DEFAULT_MEMORY, "MemoryError"),
    "fork_bomb": (FORK_BOMB, "BlockingIOError"),
    "huge_file": (HUGE_FILE, "File too large"),
    "many_files": (MANY_FILES, "No space left on device"),
    "sys_exit_in_call": ("import sys\n\ndef rounded_accuracy(images, reconstructions):\n    sys.exit(3)\n", "sys.exit(3)"),
    "os_exit": ("import os\n\ndef rounded_accuracy(images, reconstructions):\n    os._exit(0)\n", "process ended"),
    "kills_itself": (
        "import os, signal\n\ndef rounded_accuracy(images, reconstructions):\n    os.kill(os.getpid(), signal.SIGKILL)\n",
        "process ended",
    ),
    "missing_package": ("import package_that_is_not_installed\n", "ModuleNotFoundError"),
    "monkeypatches_at_import": (MONKEYPATCHES, WRONG_ANSWER_REASON),
    "fake_results_file": (FAKE_RESULTS_FILE, WRONG_ANSWER_REASON),
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


def _grade(submission: Path, catalogue, monkeypatch, session=None) -> dict[str, tuple[int, int, str]]:
    monkeypatch.setenv("AECOURSE_GRADING_CALL_TIMEOUT", CALL_LIMIT)
    report = grade(submission, ROOT, exercise_timeout=120, catalogue=catalogue, only={TARGET, NEIGHBOUR},
                   session=session)
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


def test_the_call_limit_is_the_one_set_when_grading_not_when_the_session_started(tmp_path, catalogue, monkeypatch):
    monkeypatch.delenv("AECOURSE_GRADING_CALL_TIMEOUT", raising=False)
    with grader.GradingSession(ROOT) as session:  # its runner starts with the default limit of 60 s a call
        summary = _grade(_submission(tmp_path, CASES["infinite_loop"][0]), catalogue, monkeypatch, session)
    # Stopped by the 4-s call limit set before grading, not by the 120-s exercise limit.
    assert summary[TARGET][0] == 0 and "time limit" in summary[TARGET][2], summary[TARGET]
    assert summary[NEIGHBOUR][0] == summary[NEIGHBOUR][1] > 0


def test_printing_megabytes_does_not_matter(tmp_path, catalogue, monkeypatch):
    noisy = CORRECT.replace(
        "import numpy as np\n", "import numpy as np\nimport sys\nsys.stdout.write('x' * 20_000_000)\n", 1
    )
    noisy = noisy.replace('    """\n    # BEGIN SOLUTION', '    """\n    print("y" * 5_000_000)\n    # BEGIN SOLUTION', 1)
    assert noisy != CORRECT
    summary = _grade(_submission(tmp_path, noisy), catalogue, monkeypatch)
    assert summary[NEIGHBOUR][0] == summary[NEIGHBOUR][1] > 0, summary
    assert summary[TARGET][0] == summary[TARGET][1] > 0, summary


def test_a_wrong_answer_scores_zero(tmp_path, catalogue, monkeypatch):
    summary = _grade(_submission(tmp_path, WRONG_ANSWER), catalogue, monkeypatch)
    assert summary[TARGET][0] == 0
    assert WRONG_ANSWER_REASON in summary[TARGET][2], summary[TARGET][2]


def test_the_submissions_own_tests_conftest_and_result_files_change_nothing(tmp_path, catalogue, monkeypatch):
    submission = _submission(tmp_path, WRONG_ANSWER)
    (submission / "tests").mkdir()
    (submission / "tests" / f"test_{TARGET}.py").write_text("def test_free_points():\n    pass\n")
    (submission / "conftest.py").write_text(
        "import pytest\n@pytest.hookimpl(tryfirst=True)\ndef pytest_runtest_call(item):\n    return True\n"
    )
    (submission / "tests" / "conftest.py").write_text((submission / "conftest.py").read_text())
    (submission / "pytest.ini").write_text("[pytest]\naddopts = -p no:terminal\n")
    # Result files that claim full marks, in the grader's format and in Gradescope's.
    (submission / "report.json").write_text(json.dumps(FAKE_REPORT))
    (submission / "results.json").write_text(json.dumps(FAKE_RESULTS))
    (submission / "results").mkdir()
    (submission / "results" / "results.json").write_text(json.dumps(FAKE_RESULTS))
    summary = _grade(submission, catalogue, monkeypatch)
    assert summary[TARGET][0] == 0
    assert WRONG_ANSWER_REASON in summary[TARGET][2], summary[TARGET][2]


def test_the_fake_reports_claim_full_marks_in_the_graders_terms(catalogue):
    """The fake reports name every graded test of TARGET with its points: believed, they would give full marks."""
    assert TARGET_POINTS == {row["test"]: row["points"] for row in catalogue if row["exercise"] == TARGET}


def test_the_monkeypatches_would_pass_the_tests_in_their_process(tmp_path):
    """What the grader's separate process prevents: imported where the tests run, the patches pass them all.

    This is the student's own pytest (local mode: the tests import the module),
    on the instructor's public and hidden tests.
    """
    submission = _submission(tmp_path, MONKEYPATCHES)
    env = {key: value for key, value in os.environ.items() if not key.startswith("AECOURSE_GRADING")}
    env["AECOURSE_EXERCISES_DIR"] = str(submission)
    run = subprocess.run(grader._pytest_command(ROOT, grader._test_files(ROOT, TARGET)), cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    points = re.search(rf"^{TARGET}\s+(\d+) / (\d+)", run.stdout, re.MULTILINE)
    assert points and points.group(1) == points.group(2) == str(sum(TARGET_POINTS.values())), run.stdout[-3000:]


def test_a_report_left_by_a_pytest_that_did_not_finish_counts_for_nothing(tmp_path):
    """The grader reads its report only from a pytest that ran to its end, not from one that was killed.

    An instructor's folder whose conftest writes a report with full marks, then
    kills its own pytest process: what student code outside a sandbox could do.
    """
    root = tmp_path / "exercises"
    (root / "tests" / "public").mkdir(parents=True)
    (root / "pytest.ini").write_text("[pytest]\n")
    (root / "tests" / "public" / "test_ex.py").write_text(
        "import pytest\nEXERCISE = 'ex'\n\n@pytest.mark.points(3)\ndef test_one():\n    assert False\n"
    )
    (root / "tests" / "conftest.py").write_text(textwrap.dedent(
        """
        import json, os, signal

        def pytest_configure(config):
            config.addinivalue_line("markers", "points(n): points")

        def pytest_sessionfinish(session, exitstatus):
            report = {"tests": [{"exercise": "ex", "test": "test_one", "score": 3, "max_score": 3, "reason": ""}]}
            with open(os.environ["AECOURSE_GRADING_REPORT"], "w") as stream:
                json.dump(report, stream)
            os.kill(os.getpid(), signal.SIGKILL)
        """
    ))
    (tmp_path / "submission").mkdir()
    catalogue = [{"exercise": "ex", "test": "test_one", "points": 3, "visibility": "public"}]
    report = grade(tmp_path / "submission", root, catalogue=catalogue)
    assert report.score == 0 and report.max_score == 3
    assert "did not run (pytest exit status -9)" in report.tests[0].output, report.tests[0].output


def test_a_public_and_a_hidden_test_with_the_same_name_are_refused(tmp_path):
    """Results are matched by exercise and test name: two tests of one name would share one result."""
    root = tmp_path / "exercises"
    (root / "tests").mkdir(parents=True)
    (root / "pytest.ini").write_text("[pytest]\n")
    shutil.copy(ROOT / "tests" / "conftest.py", root / "tests" / "conftest.py")
    for kind, body in (("public", "assert True"), ("hidden", "assert False")):
        (root / "tests" / kind).mkdir()
        (root / "tests" / kind / "__init__.py").write_text("")
        (root / "tests" / kind / "test_ex.py").write_text(
            f"import pytest\nEXERCISE = 'ex'\n\n@pytest.mark.points(1)\ndef test_one():\n    {body}\n")
    with pytest.raises(grader.GradingError, match=r"same name: ex: test_one \(public and hidden\)"):
        collect_catalogue(root)
    (tmp_path / "submission").mkdir()
    twice = [{"exercise": "ex", "test": "test_one", "points": 1, "visibility": kind} for kind in ("public", "hidden")]
    with pytest.raises(grader.GradingError, match="same name"):
        grade(tmp_path / "submission", root, catalogue=twice)


PYTEST_FAILS_ITSELF = {
    2: ("def test_one(:\n", ""),  # the instructor's tests do not parse
    3: ("def test_one():\n    pass\n", "def pytest_collection_modifyitems(items):\n    raise RuntimeError('bug')\n"),
    4: ("def test_one():\n    pass\n",
        "import pytest\n\ndef pytest_configure(config):\n    raise pytest.UsageError('bad option')\n"),
}


@pytest.mark.parametrize("status", sorted(PYTEST_FAILS_ITSELF))
def test_a_pytest_that_fails_itself_is_an_internal_error_not_zero_points(status, tmp_path):
    """pytest interrupted (2), its internal error (3) or a usage error (4) are the grader's failure.

    Student code cannot cause these: it never runs in pytest's process
    (test_bad_submission_scores_zero_on_its_exercise_only: a syntax error in a
    submission scores zero).
    """
    tests, conftest = PYTEST_FAILS_ITSELF[status]
    root = tmp_path / "exercises"
    (root / "tests" / "public").mkdir(parents=True)
    (root / "pytest.ini").write_text("[pytest]\n")
    (root / "tests" / "conftest.py").write_text(conftest)
    (root / "tests" / "public" / "test_ex.py").write_text(f"EXERCISE = 'ex'\n\n{tests}")
    (tmp_path / "submission").mkdir()
    catalogue = [{"exercise": "ex", "test": "test_one", "points": 3, "visibility": "public"}]
    with pytest.raises(grader.GradingError, match=rf"pytest could not run the tests of ex \(.*exit status {status}\)"):
        grade(tmp_path / "submission", root, catalogue=catalogue)


def test_the_exercise_time_limit_stops_an_exercise_whose_calls_each_keep_the_call_limit(
        tmp_path, catalogue, monkeypatch, capsys):
    """``aecourse grade --timeout``: an exercise that runs too long in all is stopped and scores zero.

    Each call sleeps 2 s, far within the call limit (60 s): only the exercise's
    limit, 6 s, can stop it before its six calls take 12 s.
    """
    slow = CORRECT.replace('    """\n    # BEGIN SOLUTION', '    """\n    import time\n    time.sleep(2)\n    # BEGIN SOLUTION', 1)
    assert slow != CORRECT
    submission = tmp_path / "submission"
    submission.mkdir()
    (submission / f"{TARGET}.py").write_text(slow)
    monkeypatch.setenv("AECOURSE_GRADING_CALL_TIMEOUT", "60")
    monkeypatch.setattr(grader, "collect_catalogue", lambda *args: catalogue)  # collected once for the module
    results = tmp_path / "results.json"
    status = cli.main(["grade", str(submission), "--only", TARGET, "--timeout", "6", "--json", str(results)])
    assert status == 0, capsys.readouterr().err
    data = json.loads(results.read_text())
    assert data["score"] == 0 and len(data["tests"]) == len(TARGET_POINTS)
    # Stopped by the exercise's limit (this reason), not by a call's (which names the call), nor after its
    # calls ended (which would pass them: the answer is correct).
    for test in data["tests"]:
        assert test["output"] == "grading this exercise took longer than 6 s and was stopped", test


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
    from aecourse.grading import sandbox

    def broken(isolation, grader_dir, control_fd, config):
        return ["/nonexistent/python"], {}, "/"

    monkeypatch.setattr(sandbox, "server_command", broken)
    with pytest.raises(grader.GradingError, match="sandbox"):
        grader.GradingSession(ROOT)


def test_an_exercise_that_cannot_be_isolated_stops_grading():
    """The worker isolates each exercise; when it cannot (here: a private /tmp of a size that does not
    exist), the session's own check fails and it refuses to grade rather than fail every student."""
    with pytest.raises(grader.GradingError, match="sandbox"):
        grader.GradingSession(ROOT, Limits(tmp_bytes=-1))


def _orphans() -> list[str]:
    """Processes named ORPHAN_NAME (started by LEAVES_AN_ORPHAN)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "comm").read_text().strip() == ORPHAN_NAME:
                found.append(entry.name)
        except OSError:
            pass
    return found


def _wait_for_no_orphans() -> None:
    # The orphans were started (the reason quotes the answer given after starting
    # them); they are killed with the exercise, which may take a moment.
    deadline = time.monotonic() + 30
    while _orphans() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _orphans()


def test_no_process_outlives_its_exercise(tmp_path, catalogue, monkeypatch):
    """A process that leaves the exercise's process group and session still ends with its exercise."""
    assert not _orphans()
    summary = _grade(_submission(tmp_path, LEAVES_AN_ORPHAN), catalogue, monkeypatch)
    assert summary[TARGET][0] == 0 and WRONG_ANSWER_REASON in summary[TARGET][2], summary
    assert summary[NEIGHBOUR][0] == summary[NEIGHBOUR][1] > 0
    _wait_for_no_orphans()


def test_the_memory_limit_is_configurable(tmp_path, catalogue, monkeypatch):
    """2 GiB fit in the default limit (4 GiB) and earn full marks; with a limit of 1 GiB they score zero."""
    submission = _submission(tmp_path, TWO_GIB)
    summary = _grade(submission, catalogue, monkeypatch)
    assert summary[TARGET][0] == summary[TARGET][1] > 0, summary
    with grader.GradingSession(ROOT, Limits(memory_bytes=1024**3)) as session:
        summary = _grade(submission, catalogue, monkeypatch, session)
    assert summary[TARGET][0] == 0 and "MemoryError" in summary[TARGET][2], summary
    assert summary[NEIGHBOUR][0] == summary[NEIGHBOUR][1] > 0


# --- without bubblewrap ---------------------------------------------------------------

def _without_bubblewrap(monkeypatch) -> None:
    from aecourse.grading import sandbox

    real_which = shutil.which
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None if name == "bwrap" else real_which(name))
    sandbox.detect_isolation.cache_clear()
    monkeypatch.setattr(sandbox, "detect_isolation", functools.cache(sandbox.detect_isolation.__wrapped__))
    monkeypatch.setattr(grader, "detect_isolation", sandbox.detect_isolation)


def test_without_bubblewrap_a_non_root_grader_says_there_is_no_isolation(monkeypatch):
    from aecourse.grading import sandbox

    _without_bubblewrap(monkeypatch)
    monkeypatch.setattr(sandbox.os, "geteuid", lambda: 1000)
    isolation = sandbox.detect_isolation()
    assert isolation.kind == "none" and isolation.description.startswith("NO ISOLATION")


def test_without_any_isolation_grading_still_works_and_says_so(tmp_path, catalogue, monkeypatch):
    """Neither bubblewrap nor root: the worker runs each exercise as the grader's user, and the report says so."""
    from aecourse.grading import sandbox

    _without_bubblewrap(monkeypatch)
    monkeypatch.setattr(sandbox.os, "geteuid", lambda: 1000)
    with grader.GradingSession(ROOT) as session:
        monkeypatch.undo()  # the session is started; the rest of the test runs as it really is
        assert session.isolation.kind == "none"
        report = grade(_submission(tmp_path, WRONG_ANSWER), ROOT, catalogue=catalogue, only={TARGET, NEIGHBOUR},
                       session=session)
    summary = report.by_exercise()
    assert summary[TARGET][0] == 0 and WRONG_ANSWER_REASON in summary[TARGET][2], summary
    assert summary[NEIGHBOUR][0] == summary[NEIGHBOUR][1] > 0, summary
    assert report.gradescope()["output"].startswith("Isolation: NO ISOLATION")


@pytest.mark.skipif(os.geteuid() != 0, reason="running student code as another user needs root, as on Gradescope")
def test_without_bubblewrap_root_runs_student_code_as_an_unprivileged_user(tmp_path, catalogue, monkeypatch):
    """Gradescope's case: no bubblewrap, but root. The instructor's files must be unreadable to that user."""
    _without_bubblewrap(monkeypatch)
    readable = Path(tempfile.mkdtemp())  # in /tmp, which everyone may enter
    try:
        os.chmod(readable, 0o755)
        shutil.copytree(ROOT / "tests", readable / "exercises" / "tests", ignore=shutil.ignore_patterns("__pycache__"))
        with pytest.raises(grader.GradingError, match=r"nobody, who runs student code, can read .*chmod -R go-rwx"):
            grader.GradingSession(readable / "exercises")
    finally:
        shutil.rmtree(readable)
    root = tmp_path / "exercises"  # pytest's own folder, which nobody else may enter
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns("__pycache__"))
    server = socket.create_server(("127.0.0.1", 0))  # reachable from this machine, online or not
    port = server.getsockname()[1]
    threading.Thread(target=lambda: server.accept(), daemon=True).start()
    probe = textwrap.dedent(
        f"""
        import os, socket

        def rounded_accuracy(images, reconstructions):
            found = [f"uid {{os.getuid()}}"]
            for path in ({str(root / "solutions" / (TARGET + ".py"))!r},
                         {str(root / "tests" / "hidden" / "expected" / (TARGET + ".json"))!r}):
                try:
                    open(path).read()
                    found.append("READ " + os.path.basename(path))
                except OSError:
                    pass
            try:
                socket.create_connection(("127.0.0.1", {port}), timeout=2).close()
                found.append("REACHED-NETWORK")
            except OSError:
                pass
            raise RuntimeError("probe: " + ", ".join(found))
        """
    )
    nobody = pwd.getpwnam("nobody").pw_uid
    with grader.GradingSession(root) as session:
        assert session.isolation.kind == "unprivileged-user" and "nobody" in session.isolation.description
        report = grade(_submission(tmp_path, probe), root, catalogue=catalogue, only={TARGET, NEIGHBOUR},
                       session=session)
    server.close()
    summary = report.by_exercise()
    assert f"probe: uid {nobody} (line" in summary[TARGET][2], summary  # nothing read, no network
    assert summary[NEIGHBOUR][0] == summary[NEIGHBOUR][1] > 0, summary
    assert report.gradescope()["output"].startswith("Isolation: unprivileged user")


@pytest.mark.skipif(os.geteuid() != 0, reason="running student code as another user needs root, as on Gradescope")
def test_without_bubblewrap_or_namespaces_root_still_grades_as_an_unprivileged_user(tmp_path, catalogue, monkeypatch):
    """Docker without CAP_SYS_ADMIN: neither bubblewrap nor namespaces (the probe is made to say so here).

    Student code runs as nobody, without namespaces (it sees the grader's PID
    namespace), a good submission earns full marks, a bad one zero, the
    process it leaves outside its session is killed, and the report says which
    isolation was in force.
    """
    from aecourse.grading import sandbox

    _without_bubblewrap(monkeypatch)
    monkeypatch.setattr(sandbox, "namespaces_probe", lambda: "unshare: Operation not permitted")
    monkeypatch.setenv("AECOURSE_GRADING_CALL_TIMEOUT", CALL_LIMIT)
    root = tmp_path / "exercises"  # pytest's own folder, which nobody else may enter
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns("__pycache__"))
    probe = LEAVES_AN_ORPHAN.replace(
        "return 0.123",
        "raise RuntimeError(f'probe: uid {os.getuid()} pid namespace {os.readlink(\"/proc/self/ns/pid\")}')")
    assert probe != LEAVES_AN_ORPHAN
    nobody = pwd.getpwnam("nobody").pw_uid
    (tmp_path / "good").mkdir()
    good = _submission(tmp_path / "good", CORRECT)
    assert not _orphans()
    with grader.GradingSession(root) as session:
        assert session.isolation.kind == "unprivileged-user" and session.isolation.namespaces == "none"
        reports = grader.grade_many([_submission(tmp_path, probe), good], session, exercise_timeout=120,
                                    catalogue=catalogue, only={TARGET, NEIGHBOUR})
    bad_summary, good_summary = (report.by_exercise() for report in reports)
    ours = os.readlink("/proc/self/ns/pid")
    assert f"probe: uid {nobody} pid namespace {ours}" in bad_summary[TARGET][2], bad_summary
    assert bad_summary[TARGET][0] == 0 and bad_summary[NEIGHBOUR][0] == bad_summary[NEIGHBOUR][1] > 0, bad_summary
    assert all(score == maximum > 0 for score, maximum, _ in good_summary.values()), good_summary
    assert reports[0].gradescope()["output"].startswith("Isolation: unprivileged user without namespaces")
    _wait_for_no_orphans()


@pytest.mark.skipif(os.geteuid() != 0, reason="running student code as another user needs root, as on Gradescope")
def test_files_that_nobody_can_open_by_name_are_refused_even_in_folders_it_cannot_list(monkeypatch):
    """Folders of mode 0711 hide their names, not their files of mode 0644: a guessed path opens."""
    _without_bubblewrap(monkeypatch)
    readable = Path(tempfile.mkdtemp())  # in /tmp, which everyone may enter
    try:
        os.chmod(readable, 0o755)
        root = readable / "exercises"
        shutil.copytree(ROOT / "tests", root / "tests", ignore=shutil.ignore_patterns("__pycache__"))
        for folder, folders, files in os.walk(root):
            os.chmod(folder, 0o711)
            for name in files:
                os.chmod(os.path.join(folder, name), 0o600)
        guessed = root / "tests" / "hidden" / "expected" / f"{TARGET}.json"
        os.chmod(guessed, 0o644)
        with pytest.raises(grader.GradingError, match=rf"nobody, who runs student code, can read {guessed}:"):
            grader.GradingSession(root)
    finally:
        shutil.rmtree(readable)
