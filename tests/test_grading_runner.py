"""The test runner forks a fresh pytest per request, reports its exit code, and stops it at its time limit."""

from __future__ import annotations

import os
import threading
import time

import pytest

from aecourse.grading.runner import PytestRunner


@pytest.fixture(scope="module")
def runner():
    runner = PytestRunner((), dict(os.environ))
    yield runner
    runner.close()


def _write_tests(folder, body: str) -> list[str]:
    (folder / "test_it.py").write_text(body)
    return ["-p", "no:cacheprovider", "-q", "-o", "addopts=", "--rootdir", str(folder), str(folder / "test_it.py")]


def test_exit_codes_and_output(runner, tmp_path):
    args = _write_tests(tmp_path, "def test_pass():\n    print('hello from the test')\n\ndef test_fail():\n    assert 1 == 2\n")
    assert runner.run(args, {}, tmp_path, 120) == 1
    assert "1 failed, 1 passed" in (tmp_path / "pytest.log").read_text()


def test_each_run_is_a_fresh_process_with_its_own_environment(runner, tmp_path):
    body = ("import os, sys\n\ndef test_state():\n    assert 'marker_module' not in sys.modules\n"
            "    sys.modules['marker_module'] = sys\n    assert os.environ['AECOURSE_TEST_VALUE'] == os.path.basename(os.getcwd())\n")
    for name in ("first", "second"):
        folder = tmp_path / name
        folder.mkdir()
        assert runner.run(_write_tests(folder, body), {"AECOURSE_TEST_VALUE": name}, folder, 120) == 0
    assert "AECOURSE_TEST_VALUE" not in os.environ


def test_a_run_past_its_time_limit_is_stopped_with_what_it_started(runner, tmp_path):
    marker = tmp_path / "child.pid"
    body = (f"import os, subprocess, time\n\ndef test_hang():\n"
            f"    child = subprocess.Popen(['sleep', '600'])\n    open({str(marker)!r}, 'w').write(str(child.pid))\n"
            f"    time.sleep(600)\n")
    assert runner.run(_write_tests(tmp_path, body), {}, tmp_path, 5) is None
    child = int(marker.read_text())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _running(child):
        time.sleep(0.1)
    assert not _running(child)
    assert runner.run(_write_tests(tmp_path, "def test_ok():\n    pass\n"), {}, tmp_path, 120) == 0  # still serving


def _hang_writing_pids(marker) -> str:
    """A test that writes its pid and a child's to ``marker``, then hangs."""
    return (f"import os, subprocess, time\n\ndef test_hang():\n"
            f"    child = subprocess.Popen(['sleep', '600'])\n"
            f"    open({str(marker)!r}, 'w').write(f'{{os.getpid()}} {{child.pid}}')\n    time.sleep(600)\n")


def test_a_run_stopped_before_its_pid_came_is_still_stopped(runner, tmp_path):
    """A time limit of 0 s runs out before the runner says which process it started: it is killed all the same."""
    marker = tmp_path / "pids"
    assert runner.run(_write_tests(tmp_path, _hang_writing_pids(marker)), {}, tmp_path, 0) is None
    # Killed before or after it wrote its pids; if after, neither may still run.
    pids = [int(pid) for pid in marker.read_text().split()] if marker.exists() else []
    deadline = time.monotonic() + 10  # killed with its process group; ending may take a moment
    while time.monotonic() < deadline and any(_running(pid) for pid in pids):
        time.sleep(0.1)
    assert not [pid for pid in pids if _running(pid)], pids


def test_closing_the_runner_stops_the_runs_still_going(tmp_path):
    own = PytestRunner((), dict(os.environ))
    marker = tmp_path / "pids"
    results = []
    thread = threading.Thread(target=lambda: results.append(
        _safe_run(own, _write_tests(tmp_path, _hang_writing_pids(marker)), tmp_path)))
    thread.start()
    deadline = time.monotonic() + 120
    while not (marker.exists() and len(marker.read_text().split()) == 2) and time.monotonic() < deadline:
        time.sleep(0.1)
    pids = [int(pid) for pid in marker.read_text().split()]
    assert all(_running(pid) for pid in pids)
    own.close()
    thread.join(60)
    assert not thread.is_alive() and results
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_running(pid) for pid in pids):
        time.sleep(0.1)
    assert not [pid for pid in pids if _running(pid)], pids


def _safe_run(runner: PytestRunner, args: list[str], cwd) -> object:
    try:
        return runner.run(args, {}, cwd, 600)
    except Exception as error:  # noqa: BLE001  (the runner ended: RunnerError)
        return error


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stream:
            return stream.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
