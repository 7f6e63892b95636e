"""A pre-started interpreter that runs the instructor's tests of one exercise per forked process.

Starting pytest, NumPy and Keras costs seconds of CPU per process; the grader
runs each exercise's tests in a process of its own, so that one exercise's
state or crash cannot touch another's. :class:`PytestRunner` starts this module
once per grading session (``python -m aecourse.grading.runner``); it imports
those packages, says ``ready``, then forks a fresh process for each request.
No student code runs here: the tests reach it through the worker server.

Protocol, as JSON lines: the grader writes ``{"id", "args", "env", "cwd", "log"}``
on the runner's stdin (pytest's arguments, variables to set, working folder,
file for pytest's output); the runner answers ``{"id", "pid"}`` when the
process started and ``{"id", "code"}`` (its exit code) when it ended.
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

PRELOAD = ("numpy", "pytest", "keras", "aecourse.grading.proxy")
START_TIMEOUT = 300.0


class RunnerError(RuntimeError):
    """The test runner could not start or stopped answering."""


def _run_tests(request: dict) -> int:
    """In the forked process: run pytest as asked and return its exit code."""
    os.setsid()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(log)
    sys.stdout = open(1, "w", closefd=False)
    sys.stderr = open(2, "w", closefd=False)
    os.environ.update(request["env"])
    os.chdir(request["cwd"])
    import pytest

    code = int(pytest.main(request["args"]))
    sys.stdout.flush()
    sys.stderr.flush()
    return code


def serve() -> int:
    """The runner's loop (``python -m aecourse.grading.runner``)."""
    for name in PRELOAD:
        importlib.import_module(name)
    # What is loaded now is shared by every fork: freezing it spares each
    # process garbage-collecting (and so copying) the whole of TensorFlow,
    # which pytest does at its end.
    gc.freeze()
    wakeup_read, wakeup_write = os.pipe()
    os.set_blocking(wakeup_write, False)
    signal.set_wakeup_fd(wakeup_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    requests = sys.stdin.buffer
    answers = sys.stdout
    running: dict[int, object] = {}

    def answer(message: dict) -> None:
        answers.write(json.dumps(message) + "\n")
        answers.flush()

    answer({"ready": True})
    pending = b""
    while True:
        ready, _, _ = select.select([requests.fileno(), wakeup_read], [], [])
        if wakeup_read in ready:
            os.read(wakeup_read, 4096)
            while running:
                pid, status = os.waitpid(-1, os.WNOHANG)
                if pid == 0:
                    break
                if pid in running:
                    answer({"id": running.pop(pid), "code": os.waitstatus_to_exitcode(status)})
        if requests.fileno() in ready:
            chunk = os.read(requests.fileno(), 65536)
            if not chunk:
                _stop(running)
                return 0
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                request = json.loads(line)
                pid = os.fork()
                if pid == 0:
                    code = 70
                    try:
                        signal.set_wakeup_fd(-1)
                        code = _run_tests(request)
                    finally:
                        os._exit(code)
                running[pid] = request["id"]
                answer({"id": request["id"], "pid": pid})


def _kill_group(pid: int) -> None:
    """Kill the process ``pid`` forked for a run, and its process group (a session of its own, once it made it)."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:  # not yet its own group: nor has it started anything
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _stop(running: dict[int, object]) -> None:
    """Kill each process still running, with its process group, and reap it."""
    for pid in running:
        _kill_group(pid)
    for pid in running:
        os.waitpid(pid, 0)


class PytestRunner:
    """The grader's handle on a runner process; :meth:`run` may be called from several threads.

    Args:
        pass_fds: descriptors the tests' processes inherit (the worker server's control socket).
        env: the runner's environment.
    """

    def __init__(self, pass_fds: tuple[int, ...], env: dict[str, str]) -> None:
        self._errors = tempfile.TemporaryFile()  # a file: what the runner writes can never block it
        self._process = subprocess.Popen([sys.executable, "-m", "aecourse.grading.runner"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=self._errors, pass_fds=pass_fds, env=env,
                                         start_new_session=True)
        self._lock = threading.Lock()
        self._next_id = 0
        self._waiting: dict[int, dict] = {}
        self._events: dict[int, threading.Event] = {}
        self._started: dict[int, threading.Event] = {}
        ready, _, _ = select.select([self._process.stdout], [], [], START_TIMEOUT)
        line = self._process.stdout.readline() if ready else b""
        if not line.startswith(b'{"ready"'):
            self._errors.seek(0)
            error = self._errors.read().decode(errors="replace")[-3000:]
            self.close()
            raise RunnerError(f"the test runner did not start: {error}")
        self._reader = threading.Thread(target=self._read_answers, daemon=True)
        self._reader.start()

    def _read_answers(self) -> None:
        for line in self._process.stdout:
            message = json.loads(line)
            with self._lock:
                self._waiting.setdefault(message["id"], {}).update(message)
                if "pid" in message:
                    self._started[message["id"]].set()
                if "code" in message:
                    self._events[message["id"]].set()
        with self._lock:  # the runner ended: nothing more will come
            for event in (*self._events.values(), *self._started.values()):
                event.set()

    def run(self, args: list[str], env: dict[str, str], cwd: Path, timeout: float) -> int | None:
        """Run pytest with ``args`` in a fresh process; its exit code, or None if stopped after ``timeout`` s.

        Its output goes to ``cwd/pytest.log``.
        """
        with self._lock:
            request_id, self._next_id = self._next_id, self._next_id + 1
            event = self._events[request_id] = threading.Event()
            started = self._started[request_id] = threading.Event()
            message = {"id": request_id, "args": args, "env": env, "cwd": str(cwd), "log": str(Path(cwd) / "pytest.log")}
            self._process.stdin.write((json.dumps(message) + "\n").encode())
            self._process.stdin.flush()
        finished = event.wait(timeout)
        if not finished:
            started.wait(30)  # its pid may not have come yet: it comes as soon as the process is forked
            with self._lock:
                answer = self._waiting.get(request_id, {})
                pid = answer.get("pid") if "code" not in answer else None
            if pid is not None:
                _kill_group(pid)
            event.wait(30)
        with self._lock:
            answer = self._waiting.pop(request_id, {})
            del self._events[request_id]
            del self._started[request_id]
        if "code" not in answer:
            if self._process.poll() is not None:
                raise RunnerError(f"the test runner ended (exit status {self._process.returncode})")
            return None
        return None if not finished else answer["code"]

    def alive(self) -> bool:
        return self._process.poll() is None

    def close(self) -> None:
        """Stop the runner, which kills every pytest process still running, with what each started."""
        try:
            self._process.stdin.close()
        except OSError:
            pass
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait()
            # Its pytest processes are sessions of their own: killing the runner left them running.
            with self._lock:
                orphans = [a["pid"] for a in self._waiting.values() if "pid" in a and "code" not in a]
            for pid in orphans:
                _kill_group(pid)
        self._process.stdout.close()
        self._errors.close()


if __name__ == "__main__":
    sys.exit(serve())
