"""The test runner forks a fresh pytest per request, reports its exit code, and stops it at its time limit."""

from __future__ import annotations

import os
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


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stream:
            return stream.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
