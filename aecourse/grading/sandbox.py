"""Where a student's code runs: a bubblewrap sandbox when available.

Inside the sandbox the file system shows only the system's libraries, the
Python environment (read-only), the grader's worker script and the student's
one exercise file (read-only), and an empty ``/tmp``. There is no network, and
the process sees no other process. Without bubblewrap the code runs as a plain
subprocess, and :func:`detect_isolation` says so.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

SANDBOX_GRADER_DIR = "/grader"
SANDBOX_SUBMISSION_DIR = "/submission"
MAX_FILE_BYTES = 64 * 1024 * 1024
PASSED_ENVIRONMENT = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "LANG")
FIXED_ENVIRONMENT = {
    "HOME": "/tmp",
    "PATH": "/usr/bin:/bin",
    "KERAS_BACKEND": "tensorflow",
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONHASHSEED": "0",
    "MPLBACKEND": "Agg",
    "OMP_NUM_THREADS": "1",
}


@dataclass(frozen=True)
class Isolation:
    """How student code is isolated: ``kind`` is ``"bubblewrap"`` or ``"none"``.

    ``executable`` is the path of the bwrap program that the probe ran, if any.
    """

    kind: str
    description: str
    executable: str | None = None


@functools.cache
def detect_isolation() -> Isolation:
    """Whether bubblewrap is installed and can create a sandbox here."""
    bwrap = shutil.which("bwrap")
    if bwrap is not None:
        probe = subprocess.run(
            [bwrap, "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "true"],
            capture_output=True,
            timeout=30,
        )
        if probe.returncode == 0:
            return Isolation(
                "bubblewrap",
                "bubblewrap sandbox: no network; the file system shows only the Python "
                "environment, the system libraries and the student's exercise file.",
                bwrap,
            )
        reason = f"bubblewrap is installed but cannot create a sandbox here ({probe.stderr.decode(errors='replace').strip()})"
    else:
        reason = "bubblewrap is not installed (Debian package 'bubblewrap')"
    return Isolation(
        "none",
        f"NO ISOLATION: {reason}. Student code runs as this user, can read every file this user "
        "can read, including the reference solutions, and can use the network. Install bubblewrap "
        "(apt-get install bubblewrap) before grading real submissions.",
    )


def _environment() -> dict[str, str]:
    env = dict(FIXED_ENVIRONMENT)
    env.update({k: os.environ[k] for k in PASSED_ENVIRONMENT if k in os.environ})
    return env


def worker_command(grader_dir: Path, submission_dir: Path, exercise: str, fds: tuple[int, int]) -> tuple[list[str], dict[str, str], str]:
    """The command, environment and working directory that run the worker on ``exercise``.

    Args:
        grader_dir: folder holding ``worker.py`` and ``wire.py``.
        submission_dir: folder holding only the student's ``<exercise>.py``.
        fds: the request and response file descriptors the worker inherits.
    """
    python = sys.executable
    args = [exercise, str(fds[0]), str(fds[1])]
    isolation = detect_isolation()
    if isolation.kind != "bubblewrap":
        return [python, str(grader_dir / "worker.py"), str(submission_dir), *args], _environment(), str(submission_dir)
    # The probed path: the worker is started with an empty environment, so
    # "bwrap" alone would only be looked up in the default PATH.
    command = [isolation.executable, "--unshare-all", "--die-with-parent", "--new-session", "--clearenv"]
    # First the empty /tmp: a later mount on it would hide binds below it, such
    # as a Python environment that lives under /tmp.
    command += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    for system_dir in ("/usr", "/lib", "/lib64", "/bin", "/sbin"):
        command += ["--ro-bind-try", system_dir, system_dir]
    command += ["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    for prefix in sorted({sys.prefix, sys.base_prefix, os.path.dirname(os.path.realpath(python))}):
        command += ["--ro-bind", prefix, prefix]
    command += [
        "--ro-bind", str(grader_dir), SANDBOX_GRADER_DIR,
        "--ro-bind", str(submission_dir), SANDBOX_SUBMISSION_DIR,
        "--chdir", "/tmp",
    ]
    for key, value in _environment().items():
        command += ["--setenv", key, value]
    command += ["--", python, f"{SANDBOX_GRADER_DIR}/worker.py", SANDBOX_SUBMISSION_DIR, *args]
    return command, {}, "/"


def limit_resources() -> None:
    """Run in the child before exec: cap the size of files it may write, no core dumps."""
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_FILE_BYTES, MAX_FILE_BYTES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
