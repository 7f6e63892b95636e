"""The grader's side of a student's process: call student functions, get data back.

:class:`StudentProcess` asks the worker server of :mod:`~aecourse.grading.sandbox`
for a process of its own that imports only the student's exercise file, and
``process.module.f(*args)`` calls ``f`` there. Arguments and results cross as
plain data (:mod:`~aecourse.grading.wire`). The import and each call have a
time limit; one that runs past it kills the process; a process that dies or
exits is restarted for the next call, so one bad call costs one test.

The server is the grading session's (its control socket's descriptor in
``$AECOURSE_GRADING_WORKERS_FD``, inherited from the grader), or else one started
for this process alone.
"""

from __future__ import annotations

import atexit
import builtins
import json
import os
import select
import socket
import tempfile
import threading
import time
from pathlib import Path

from aecourse.grading import sandbox, wire

CALL_TIMEOUT_ENV_VAR = "AECOURSE_GRADING_CALL_TIMEOUT"
WORKERS_FD_ENV_VAR = "AECOURSE_GRADING_WORKERS_FD"
DEFAULT_CALL_TIMEOUT = 60.0
STATUS_TIMEOUT = 10.0
OUTPUT_TAIL_BYTES = 2000
_PASSED_EXCEPTIONS = {
    name: getattr(builtins, name)
    for name in (
        "ValueError", "TypeError", "KeyError", "IndexError", "LookupError", "ZeroDivisionError",
        "ArithmeticError", "OverflowError", "FloatingPointError", "AttributeError",
        "NotImplementedError", "RuntimeError", "RecursionError", "AssertionError",
        "ImportError", "ModuleNotFoundError", "MemoryError", "NameError", "UnboundLocalError",
    )
}
_control: socket.socket | None = None


def _control_socket() -> socket.socket:
    """The socket that asks the session's worker server for a process (started here if there is none)."""
    global _control
    if _control is None:
        inherited = os.environ.get(WORKERS_FD_ENV_VAR)
        if inherited:
            _control = socket.socket(fileno=os.dup(int(inherited)))
        else:
            grader_dir = tempfile.TemporaryDirectory(prefix="aecourse-grader-")
            server = sandbox.WorkerServer(sandbox.detect_isolation(), sandbox.Limits(), Path(grader_dir.name))
            atexit.register(grader_dir.cleanup)
            atexit.register(server.close)  # (run first)
            _control = socket.socket(fileno=os.dup(server.control_fd))
    return _control


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
        self.call_timeout = call_timeout or float(os.environ.get(CALL_TIMEOUT_ENV_VAR) or DEFAULT_CALL_TIMEOUT)
        self._source = Path(submission_dir) / f"{exercise}.py"
        self._requests = self._responses = self._lifeline = self._status = None
        self._output: _OutputTail | None = None
        self.module = _ModuleProxy(self)

    # -- process life -------------------------------------------------------------
    def _start(self) -> None:
        if not self._source.is_file():
            raise StudentCodeError(f"the submission has no file {self.exercise}.py")
        source = os.open(self._source, os.O_RDONLY)
        request_read, request_write = os.pipe()
        response_read, response_write = os.pipe()
        lifeline_read, lifeline_write = os.pipe()
        output_read, output_write = os.pipe()
        status_read, status_write = os.pipe()
        theirs = (source, request_read, response_write, lifeline_read, output_write, status_write)
        try:
            socket.send_fds(_control_socket(), [json.dumps({"exercise": self.exercise}).encode()], list(theirs))
        finally:
            for fd in theirs:
                os.close(fd)
        self._requests = os.fdopen(request_write, "wb")
        self._responses, self._lifeline, self._status = response_read, lifeline_write, status_read
        self._output = _OutputTail(os.fdopen(output_read, "rb"))
        self._output.start()
        hello = self._receive(self.call_timeout, f"importing {self.exercise}.py")
        if "sandbox_error" in hello:
            self.close()
            raise StudentCodeError(f"the sandbox failed (not the student's fault): {hello['sandbox_error']}")
        if "import_error" in hello:
            error = hello["import_error"]
            self.close()
            raise StudentCodeError(f"{self.exercise}.py does not import: {error['type']}: {error['message']}")

    def running(self) -> bool:
        return self._lifeline is not None

    def close(self) -> None:
        """Stop the student's process (if running): closing the lifeline kills it and all it started."""
        if self._lifeline is None:
            return
        os.close(self._lifeline)
        try:
            self._requests.close()
        except OSError:
            pass
        os.close(self._responses)
        os.close(self._status)
        self._requests = self._responses = self._lifeline = self._status = None

    def __del__(self) -> None:
        self.close()

    # -- calls --------------------------------------------------------------------
    def call(self, function: str, args: tuple, kwargs: dict):
        """Run ``function(*args, **kwargs)`` in the student's process and return its value."""
        if not self.running():
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
            return wire.parse(self._read(length, deadline, what))
        except wire.WireError as error:
            self.close()
            raise StudentCodeError(f"{what} sent a malformed answer: {error}") from None

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
        how = "unknown status"
        if _readable(self._status, STATUS_TIMEOUT):
            how = os.read(self._status, 100).decode(errors="replace") or how
        if self._output is not None:
            self._output.join(timeout=2)
        tail = self._output.text() if self._output is not None else ""
        self.close()
        message = f"the student's process ended {when} ({how})"
        if tail:
            message += f"; its last output: {tail[-500:]}"
        return StudentCodeError(message)


def _readable(fd: int, seconds: float) -> bool:
    """Whether ``fd`` has data (or its end) within ``seconds``."""
    ready, _, _ = select.select([fd], [], [], seconds)
    return bool(ready)


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
