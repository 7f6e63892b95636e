"""Where a student's code runs: the strongest isolation this machine allows.

:func:`detect_isolation` picks one of three:

* ``bubblewrap``: the worker server (:mod:`aecourse.grading.worker`) runs in a
  bubblewrap sandbox whose file system shows only the system's libraries, the
  Python environment (read-only) and the grader's worker script, with an empty
  ``/tmp``, no network, and no other process in sight. Each exercise then runs in
  PID and mount namespaces of its own inside it, with a private ``/tmp``. When
  the grader runs as root, student code also drops to an unprivileged user
  (``nobody`` unless ``run_as`` says otherwise).
* ``unprivileged-user``: bubblewrap is missing or cannot create a sandbox, but
  the grader runs as root (as on Gradescope): each exercise runs as the
  unprivileged user ``run_as``, in PID, mount and network namespaces of its
  own (no network, a private ``/tmp``); the instructor's tests and expected
  values must be unreadable to that user (the grader checks). Where even
  namespaces are refused (a container without CAP_SYS_ADMIN, :func:`namespaces_probe`),
  each exercise runs as that user in a session of its own, with a folder of
  its own as ``TMPDIR`` and working folder, but with the network and the
  shared ``/tmp``; the keeper is its processes' subreaper and kills every one
  of them when the exercise ends.
* ``none``: neither: student code runs as the grader's user, and the report
  says so in capitals.

In every mode each exercise's process has the resource limits of
:class:`Limits`, and no process it starts outlives its exercise.
"""

from __future__ import annotations

import functools
import json
import os
import pwd
import select
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

SANDBOX_GRADER_DIR = "/grader"
DEFAULT_RUN_AS = "nobody"
START_TIMEOUT = 300.0
PRELOAD = ("numpy", "keras")
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
ROOT_CAPABILITIES = ("CAP_SYS_ADMIN", "CAP_SETUID", "CAP_SETGID")
_GRADER_FILES = ("worker.py", "wire.py")


class SandboxError(RuntimeError):
    """The worker server could not start, or the isolation asked for is not possible here."""


@dataclass(frozen=True)
class Limits:
    """Resource limits of each exercise's process (all its processes for ``processes``).

    Attributes:
        memory_bytes: address space of the process (RLIMIT_AS), 4 GiB by default.
        processes: processes and threads its user may have at once (RLIMIT_NPROC),
            counted per exercise where a user namespace of its own is possible.
        file_bytes: largest file it may write (RLIMIT_FSIZE).
        tmp_bytes: size of its private ``/tmp`` (and ``/var/tmp``, ``/dev/shm``).
        tmp_files: files and folders it may create in each of them.
    """

    memory_bytes: int = 4 * 1024**3
    processes: int = 256
    file_bytes: int = 64 * 1024**2
    tmp_bytes: int = 256 * 1024**2
    tmp_files: int = 2000


@dataclass(frozen=True)
class Isolation:
    """How student code is isolated.

    ``kind`` is ``"bubblewrap"``, ``"unprivileged-user"`` or ``"none"``;
    ``namespaces`` is how the worker isolates each exercise (``"user"``: in a
    user namespace of its own; ``"root"``: as root, then as ``run_as``;
    ``"none"``); ``executable`` is the bwrap program the probe ran, if any.
    """

    kind: str
    description: str
    executable: str | None = None
    namespaces: str = "none"
    run_as: str | None = None


def _bwrap_probe(bwrap: str, as_root: bool) -> subprocess.CompletedProcess:
    if as_root:
        command = [bwrap, "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--die-with-parent",
                   *[arg for cap in ROOT_CAPABILITIES for arg in ("--cap-add", cap)], "--ro-bind", "/", "/", "true"]
    else:
        command = [bwrap, "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "true"]
    return subprocess.run(command, capture_output=True, timeout=30)


# Run in a child interpreter: what the worker does to isolate an exercise as
# root, in a mount namespace that ends with it.
_NAMESPACES_PROBE = """
import ctypes, sys
libc = ctypes.CDLL(None, use_errno=True)
def check(result, what):
    if result != 0:
        import os
        sys.exit(f"{what}: {os.strerror(ctypes.get_errno())}")
check(libc.unshare(0x20000000 | 0x00020000 | 0x40000000 | 0x08000000), "unshare(PID, mount, network, IPC)")
check(libc.mount(b"none", b"/", None, (1 << 14) | (1 << 18), None), "making mounts private")
check(libc.mount(b"tmpfs", b"/tmp", b"tmpfs", 6, b"size=1048576"), "mounting a tmpfs")
"""


def namespaces_probe() -> str | None:
    """None if root can give each exercise namespaces of its own here, else why not.

    Docker without CAP_SYS_ADMIN, for one, refuses them (and bubblewrap).
    """
    try:
        probe = subprocess.run([sys.executable, "-c", _NAMESPACES_PROBE], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"the namespaces probe did not run: {error}"
    if probe.returncode != 0:
        return probe.stderr.decode(errors="replace").strip()[-500:] or f"exit status {probe.returncode}"
    return None


def _user_ids(name: str) -> tuple[int, int]:
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        raise SandboxError(f"there is no user {name!r} to run student code as; create one "
                           f"(useradd --no-create-home {name}) or pass another with --run-as.") from None
    if entry.pw_uid == 0:
        raise SandboxError(f"--run-as {name}: student code cannot run as root.")
    return entry.pw_uid, entry.pw_gid


@functools.cache
def detect_isolation(run_as: str | None = None) -> Isolation:
    """The strongest isolation available here (see the module docstring).

    Args:
        run_as: the unprivileged user student code runs as when the grader is
            root (default ``nobody``); ignored otherwise.
    """
    root = os.geteuid() == 0
    user = (run_as or DEFAULT_RUN_AS) if root else None
    if user is not None:
        _user_ids(user)
    bwrap = shutil.which("bwrap")
    if bwrap is not None:
        probe = _bwrap_probe(bwrap, root)
        if probe.returncode == 0:
            as_user = f"; student code runs as the unprivileged user {user}" if user else ""
            return Isolation(
                "bubblewrap",
                "bubblewrap sandbox: no network; the file system shows only the Python environment and the "
                f"system libraries; each exercise in process and mount namespaces of its own{as_user}.",
                bwrap, "root" if root else "user", user,
            )
        reason = f"bubblewrap is installed but cannot create a sandbox here ({probe.stderr.decode(errors='replace').strip()})"
    else:
        reason = "bubblewrap is not installed (Debian package 'bubblewrap')"
    if root:
        refused = namespaces_probe()
        if refused is not None:
            return Isolation(
                "unprivileged-user",
                f"unprivileged user without namespaces: {reason}, and this machine refuses namespaces ({refused}); "
                f"student code runs as the user {user}, in a session and folder of its own, every process it starts "
                "is killed when its exercise ends, and it cannot read the instructor's tests. It CAN use the network, "
                "see other processes, and read what that user can read elsewhere on this machine, including the "
                "shared /tmp.",
                None, "none", user,
            )
        return Isolation(
            "unprivileged-user",
            f"unprivileged user: {reason}; student code runs as the user {user}, without network, in process and "
            "mount namespaces of its own, and cannot read the instructor's tests. It can read what that user "
            "can read elsewhere on this machine.",
            None, "root", user,
        )
    return Isolation(
        "none",
        f"NO ISOLATION: {reason}, and the grader is not root, so it cannot run student code as another user. "
        "Student code runs as this user, can read every file this user can read, including the reference "
        "solutions, and can use the network. Install bubblewrap (apt-get install bubblewrap) before grading "
        "real submissions.",
    )


def _environment() -> dict[str, str]:
    env = dict(FIXED_ENVIRONMENT)
    env.update({k: os.environ[k] for k in PASSED_ENVIRONMENT if k in os.environ})
    return env


def python_dirs() -> list[str]:
    """The folders of the running Python: its environment, its base installation, its executable's folder.

    The sandbox binds them read-only, and an exercise's private ``/tmp`` keeps
    those that live below it visible (a virtual environment in a clone under
    ``/tmp``, as on CI machines).
    """
    return sorted({sys.prefix, sys.base_prefix, os.path.dirname(os.path.realpath(sys.executable))})


def server_command(isolation: Isolation, grader_dir: Path, control_fd: int, config: dict) -> tuple[list[str], dict[str, str], str]:
    """The command, environment and working directory that start the worker server.

    Args:
        grader_dir: folder holding ``worker.py`` and ``wire.py``.
        control_fd: the control socket's descriptor, inherited by the server.
        config: the worker's configuration (limits, user, namespaces, preloads).
    """
    python = sys.executable
    args = [str(control_fd), json.dumps(config)]
    if isolation.kind != "bubblewrap":
        return [python, str(grader_dir / "worker.py"), *args], _environment(), str(grader_dir)
    # The probed path: the server is started with an empty environment, so
    # "bwrap" alone would only be looked up in the default PATH.
    command = [isolation.executable, "--die-with-parent", "--new-session", "--clearenv"]
    if isolation.namespaces == "root":
        # Real root in the sandbox, with what it needs to isolate each exercise
        # and drop to the unprivileged user; student code runs without any.
        command += ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"]
        command += [arg for cap in ROOT_CAPABILITIES for arg in ("--cap-add", cap)]
    else:
        command += ["--unshare-all"]
    # First the empty /tmp: a later mount on it would hide binds below it, such
    # as a Python environment that lives under /tmp.
    command += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--dir", "/var/tmp"]
    for system_dir in ("/usr", "/lib", "/lib64", "/bin", "/sbin"):
        command += ["--ro-bind-try", system_dir, system_dir]
    command += ["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    prefixes = python_dirs()
    # bwrap makes the folders above a bind readable by root alone: make them
    # traversable first, for student code that runs as another user.
    parents = sorted({str(parent) for prefix in prefixes for parent in Path(prefix).parents if str(parent) != "/"},
                     key=lambda path: path.count("/"))
    for parent in parents:
        command += ["--perms", "0755", "--dir", parent]
    for prefix in prefixes:
        command += ["--ro-bind", prefix, prefix]
    command += ["--ro-bind", str(grader_dir), SANDBOX_GRADER_DIR, "--chdir", "/"]
    for key, value in _environment().items():
        command += ["--setenv", key, value]
    command += ["--", python, f"{SANDBOX_GRADER_DIR}/worker.py", *args]
    return command, {}, "/"


class WorkerServer:
    """The worker server of one grading session: forks one isolated process per exercise.

    ``control_fd`` is the descriptor of the socket that asks it for a process
    (see :mod:`aecourse.grading.proxy`); pass it to the processes that run the
    instructor's tests. The server imports NumPy and Keras once, before it says
    it is ready, so that no exercise pays for them.
    """

    def __init__(self, isolation: Isolation, limits: Limits, grader_dir: Path) -> None:
        self.isolation = isolation
        self.limits = limits
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._control = ours
        self.control_fd = ours.fileno()
        for name in _GRADER_FILES:
            shutil.copy(Path(__file__).with_name(name), Path(grader_dir) / name)
        config = {**asdict(limits), "namespaces": isolation.namespaces, "preload": list(PRELOAD),
                  "python_dirs": python_dirs(),
                  "run_as": list(_user_ids(isolation.run_as)) if isolation.run_as else None}
        command, env, cwd = server_command(isolation, Path(grader_dir), theirs.fileno(), config)
        self._errors = tempfile.TemporaryFile()  # a file: what the server writes can never block it
        try:
            self._process = subprocess.Popen(command, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                                             stdout=subprocess.PIPE, stderr=self._errors,
                                             pass_fds=(theirs.fileno(),), start_new_session=True)
        except OSError as error:
            ours.close()
            raise SandboxError(f"the sandbox's worker server could not start: {error}") from None
        finally:
            theirs.close()
        ready, _, _ = select.select([self._process.stdout], [], [], START_TIMEOUT)
        line = self._process.stdout.readline() if ready else b""
        if line != b"ready\n":
            self._errors.seek(0)
            error = self._errors.read().decode(errors="replace")[-2000:]
            self.close()
            raise SandboxError(f"the sandbox's worker server did not start ({'no answer in time' if not ready else 'it ended'}): {error}")

    def alive(self) -> bool:
        return self._process.poll() is None

    def close(self) -> None:
        """Stop the server; exercises' processes still running end with their lifelines."""
        self._control.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self._process.pid, 9)
            except ProcessLookupError:
                pass
            self._process.wait()
        self._process.stdout.close()
        self._errors.close()

