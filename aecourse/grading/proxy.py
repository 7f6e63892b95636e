"""The grader's side of a student's process: call student functions, get data back.

:class:`StudentProcess` starts :mod:`~aecourse.grading.worker` in the sandbox
of :mod:`~aecourse.grading.sandbox` with only the student's exercise file, and
``process.module.f(*args)`` calls ``f`` there. Arguments and results cross as
plain data (:mod:`~aecourse.grading.wire`). A call that runs past its time limit
kills the process; a process that dies or exits is restarted for the next call,
so one bad call costs one test.
"""

from __future__ import annotations

import builtins
import json
import os
import select
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from aecourse.grading import sandbox, wire

CALL_TIMEOUT_ENV_VAR = "AECOURSE_GRADING_CALL_TIMEOUT"
DEFAULT_CALL_TIMEOUT = 60.0
START_TIMEOUT = 90.0
OUTPUT_TAIL_BYTES = 2000
_GRADER_FILES = ("worker.py", "wire.py")
_PASSED_EXCEPTIONS = {
    name: getattr(builtins, name)
    for name in (
        "ValueError", "TypeError", "KeyError", "IndexError", "LookupError", "ZeroDivisionError",
        "ArithmeticError", "OverflowError", "FloatingPointError", "AttributeError",
        "NotImplementedError", "RuntimeError", "RecursionError", "AssertionError",
        "ImportError", "ModuleNotFoundError", "MemoryError", "NameError", "UnboundLocalError",
    )
}


class StudentCodeError(RuntimeError):
    """The student's process could not answer: it did not import, hung, or died."""


class _OutputTail(threading.Thread):
    """Drain the student's stdout and stderr, keeping only the last bytes."""

    def __init__(self, stream) -> None:
        super().__init__(daemon=True)
        self.stream = stream
        self.tail = b""

    def run(self) -> None:
        for chunk in iter(lambda: self.stream.read(65536), b""):
            self.tail = (self.tail + chunk)[-OUTPUT_TAIL_BYTES:]

    def text(self) -> str:
        return self.tail.decode("utf-8", errors="replace").strip()


class StudentProcess:
    """A student's exercise module running in its own sandboxed process.

    Args:
        submission_dir: folder that holds the student's ``<exercise>.py``
            (only that file is shown to the process).
        exercise: the module name.
        call_timeout: seconds one call may take (default 60, or
            ``$AECOURSE_GRADING_CALL_TIMEOUT``).
    """

    def __init__(self, submission_dir: Path, exercise: str, call_timeout: float | None = None) -> None:
        self.exercise = exercise
        self.call_timeout = call_timeout or float(os.environ.get(CALL_TIMEOUT_ENV_VAR, DEFAULT_CALL_TIMEOUT))
        self._workdir = Path(tempfile.mkdtemp(prefix=f"aecourse-{exercise}-"))
        self._grader_dir = self._workdir / "grader"
        self._grader_dir.mkdir()
        for name in _GRADER_FILES:
            shutil.copy(Path(__file__).with_name(name), self._grader_dir / name)
        self._submission_dir = self._workdir / "submission"
        self._submission_dir.mkdir()
        source = Path(submission_dir) / f"{exercise}.py"
        if source.is_file():
            shutil.copy(source, self._submission_dir / source.name)
        self._process: subprocess.Popen | None = None
        self._output: _OutputTail | None = None
        self._requests = self._responses = None
        self.module = _ModuleProxy(self)

    # -- process life -------------------------------------------------------------
    def _start(self) -> None:
        if not (self._submission_dir / f"{self.exercise}.py").is_file():
            raise StudentCodeError(f"the submission has no file {self.exercise}.py")
        request_read, request_write = os.pipe()
        response_read, response_write = os.pipe()
        command, env, cwd = sandbox.worker_command(
            self._grader_dir, self._submission_dir, self.exercise, (request_read, response_write)
        )
        self._process = subprocess.Popen(
            command,
            env=env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            pass_fds=(request_read, response_write),
            start_new_session=True,
            preexec_fn=sandbox.limit_resources,
        )
        os.close(request_read)
        os.close(response_write)
        self._requests = os.fdopen(request_write, "wb")
        self._responses = response_read
        self._output = _OutputTail(self._process.stdout)
        self._output.start()
        hello = self._receive(START_TIMEOUT, "starting")
        if "import_error" in hello:
            error = hello["import_error"]
            self.close()
            raise StudentCodeError(f"{self.exercise}.py does not import: {error['type']}: {error['message']}")

    def close(self) -> None:
        """Stop the student's process (if running) and clean up."""
        if self._process is not None:
            try:
                os.killpg(self._process.pid, 9)
            except (ProcessLookupError, PermissionError):
                pass
            self._process.wait()
            self._process = None
        if self._requests is not None:
            try:
                self._requests.close()
            except OSError:
                pass
            os.close(self._responses)
            self._requests = self._responses = None

    def __del__(self) -> None:
        self.close()
        shutil.rmtree(getattr(self, "_workdir", ""), ignore_errors=True)

    # -- calls --------------------------------------------------------------------
    def call(self, function: str, args: tuple, kwargs: dict):
        """Run ``function(*args, **kwargs)`` in the student's process and return its value."""
        if self._process is None or self._process.poll() is not None:
            self.close()
            self._start()
        try:
            wire.send(self._requests, {"function": function, "args": wire.encode(list(args)), "kwargs": wire.encode(kwargs)})
        except BrokenPipeError:
            raise self._died(f"before {function}() could be called") from None
        answer = self._receive(self.call_timeout, f"{function}()")
        if "error" in answer:
            error = answer["error"]
            kind = _PASSED_EXCEPTIONS.get(str(error.get("type")), None)
            message = str(error.get("message", ""))
            if kind is None:
                raise StudentCodeError(f"{function}() raised {error.get('type')}: {message}")
            raise kind(message)
        return wire.decode(answer.get("value"))

    def _receive(self, timeout: float, what: str) -> dict:
        deadline = time.monotonic() + timeout
        header = self._read(wire.HEADER.size, deadline, what)
        (length,) = wire.HEADER.unpack(header)
        if length > wire.MAX_MESSAGE_BYTES:
            self.close()
            raise StudentCodeError(f"{what} sent an answer over {wire.MAX_MESSAGE_BYTES} bytes")
        try:
            message = json.loads(self._read(length, deadline, what).decode("utf-8"))
        except ValueError as error:
            self.close()
            raise StudentCodeError(f"{what} sent a malformed answer ({error})") from None
        if not isinstance(message, dict):
            self.close()
            raise StudentCodeError(f"{what} sent a malformed answer")
        return message

    def _read(self, n: int, deadline: float, what: str) -> bytes:
        chunks, remaining = [], n
        while remaining:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._responses], [], [], max(left, 0))
            if not ready:
                self.close()
                raise TimeoutError(f"{what} did not finish within the time limit; the process was stopped")
            chunk = os.read(self._responses, min(remaining, 1 << 20))
            if not chunk:
                raise self._died(f"while running {what}")
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    def _died(self, when: str) -> StudentCodeError:
        process = self._process
        status = process.wait(timeout=10) if process is not None else None
        if self._output is not None:
            self._output.join(timeout=2)
        tail = self._output.text() if self._output is not None else ""
        self.close()
        how = f"exit status {status}" if status is not None and status >= 0 else f"killed by signal {-status}" if status else "unknown status"
        message = f"the student's process ended {when} ({how})"
        if tail:
            message += f"; its last output: {tail[-500:]}"
        return StudentCodeError(message)


class _ModuleProxy:
    """``proxy.name(*args)`` calls ``name`` in the student's process."""

    def __init__(self, process: StudentProcess) -> None:
        self._process = process

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)

        def call(*args, **kwargs):
            return self._process.call(name, args, kwargs)

        call.__name__ = name
        return call
