"""Runs students' exercise modules, each in a process of its own, and answers calls from the grader.

Started once per grading session by :mod:`aecourse.grading.sandbox`, normally
inside a bubblewrap sandbox, as a plain script: ``python worker.py CONTROL_FD
CONFIG_JSON``. It imports nothing from aecourse (only ``wire``, copied beside
it), so the sandbox needs to show it no more than Python.

The server imports NumPy and Keras once (``CONFIG["preload"]``), then for each
request on the control socket (a JSON object ``{"exercise": name}`` and six file
descriptors: the student's source file, the request pipe's read end, the
response pipe's write end, the lifeline's read end, the output's write end and
the status pipe's write end) it forks a *keeper*, which:

* puts the exercise in namespaces of its own: a PID namespace (the exercise's
  process is its PID 1, so when it ends every process it started ends too), a
  mount namespace (a private, size-capped ``/tmp``), and as root no network;
* forks the exercise's process, which drops to an unprivileged user when
  running as root, sets its resource limits (address space, processes, file
  size), writes the source into its private ``/tmp/submission`` and imports it;
* kills that process when the lifeline closes (the grader is done with the
  exercise, or gone), and writes its exit status to the status pipe.

Protocol of the exercise's process, over two pipes: it first sends
``{"ready": true}`` or ``{"import_error": {...}}`` (or ``{"sandbox_error": "..."}``
when it could not be isolated); then, for each request ``{"function", "args",
"kwargs"}``, it answers ``{"value": ...}`` or ``{"error": {"type", "message"}}``.
"""

from __future__ import annotations

import ctypes
import gc
import importlib
import json
import os
import random
import resource
import select
import shutil
import signal
import socket
import sys
import tempfile
import traceback

import wire

CALL_SEED = 0
FDS_PER_REQUEST = 6
CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID = 0x00020000, 0x10000000, 0x20000000
CLONE_NEWNET, CLONE_NEWIPC = 0x40000000, 0x08000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 32, 4096, 1 << 14, 1 << 18
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_CHILD_SUBREAPER = 1, 4, 36
PRIVATE_DIRS = ("/tmp", "/var/tmp", "/dev/shm")

_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def _write(path: str, text: str) -> None:
    with open(path, "w") as stream:
        stream.write(text)


def _private_accounting() -> None:
    """A user namespace of the process's own, mapping only its own ids.

    Resource limits on processes (RLIMIT_NPROC) are then counted in it, so
    that exercises running as the same user at the same time do not share one
    count. The process must be dumpable to write its own maps.
    """
    uid, gid = os.getuid(), os.getgid()
    _check(_libc.unshare(CLONE_NEWUSER), "unshare(CLONE_NEWUSER)")
    _write("/proc/self/setgroups", "deny")
    _write("/proc/self/uid_map", f"{uid} {uid} 1")
    _write("/proc/self/gid_map", f"{gid} {gid} 1")


# --- one exercise ------------------------------------------------------------------

def _describe(error: BaseException) -> dict:
    if isinstance(error, SystemExit):
        return {"type": "SystemExit", "message": f"the code called sys.exit({error.code!r})"}
    frames = traceback.extract_tb(error.__traceback__)
    where = ""
    for frame in reversed(frames):
        if frame.filename.endswith(".py") and os.path.basename(os.path.dirname(frame.filename)) == "submission":
            where = f" (line {frame.lineno} of {os.path.basename(frame.filename)})"
            break
    if isinstance(error, SyntaxError):
        where = ""  # its message already names the file and line
    return {"type": type(error).__name__, "message": f"{error}{where}"[:2000]}


def _seed_everything() -> None:
    random.seed(CALL_SEED)
    import numpy as np

    np.random.seed(CALL_SEED)
    if "keras" in sys.modules:
        sys.modules["keras"].utils.set_random_seed(CALL_SEED)


def _mount_private(place: str, options: bytes, keep_visible: list[str]) -> None:
    """A fresh tmpfs on ``place``, with the folders of ``keep_visible`` below it bound again, read-only.

    A Python environment under ``/tmp`` (a clone on a CI machine) would
    otherwise vanish under the exercise's private ``/tmp``, and with it every
    module that the exercise imports later.
    """
    below = [path for path in keep_visible if os.path.commonpath([place, path]) == place and path != place]
    held = [(path, os.open(path, os.O_PATH | os.O_DIRECTORY)) for path in below if os.path.isdir(path)]
    _check(_libc.mount(b"tmpfs", place.encode(), b"tmpfs", MS_NOSUID | MS_NODEV, options), f"mounting a private {place}")
    for path, fd in held:
        os.makedirs(path, mode=0o755, exist_ok=True)
        _check(_libc.mount(f"/proc/self/fd/{fd}".encode(), path.encode(), None, MS_BIND | MS_REC, None),
               f"binding {path} again below the private {place}")
        _check(_libc.mount(None, path.encode(), None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, None),
               f"making {path} read-only")
        os.close(fd)


def _isolate(config: dict, source: int, exercise: str, scratch: str | None) -> str:
    """Private temporary folders, the unprivileged user, the limits; returns the module's folder."""
    namespaces = config["namespaces"]
    if namespaces == "none":
        os.setsid()  # so that the keeper can kill the process group
        module_dir = os.path.join(scratch, "submission")
        os.environ["TMPDIR"] = scratch  # no private /tmp: its own folder for temporary files
    else:
        _check(_libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "making mounts private")
        options = f"size={config['tmp_bytes']},nr_inodes={config['tmp_files']},mode=1777".encode()
        for place in PRIVATE_DIRS:
            if os.path.isdir(place):
                _mount_private(place, options, config["python_dirs"])
        module_dir = "/tmp/submission"
    os.makedirs(module_dir)
    path = os.path.join(module_dir, f"{exercise}.py")
    with os.fdopen(source, "rb") as stream, open(path, "wb") as copy:
        copy.write(stream.read(config["file_bytes"]))
    os.chmod(module_dir, 0o755)
    os.chmod(path, 0o644)
    if config["run_as"] is not None:
        uid, gid = config["run_as"]
        os.setgroups([])
        os.setresgid(gid, gid, gid)
        os.setresuid(uid, uid, uid)
    _libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)
    counted_apart = namespaces == "user"  # the keeper's user namespace already counts this exercise alone
    try:
        _private_accounting()
        counted_apart = True
    except OSError:
        pass
    _libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)  # others of this user can read neither its memory nor environment
    limits = [(resource.RLIMIT_AS, config["memory_bytes"]), (resource.RLIMIT_FSIZE, config["file_bytes"]),
              (resource.RLIMIT_CORE, 0)]
    # Counted for the whole user, the limit on processes would also count the
    # grader's user's other processes (a desktop has hundreds of threads):
    # it applies only to this exercise's own count, or to a user of its own.
    if counted_apart or config["run_as"] is not None:
        limits.append((resource.RLIMIT_NPROC, config["processes"]))
    for limit, value in limits:
        resource.setrlimit(limit, (value, value))
    return module_dir


def _serve(config: dict, exercise: str, source: int, requests_fd: int, responses_fd: int,
           scratch: str | None = None) -> int:
    requests = os.fdopen(requests_fd, "rb")
    responses = os.fdopen(responses_fd, "wb")
    try:
        module_dir = _isolate(config, source, exercise, scratch)
    except OSError as error:
        wire.send(responses, {"sandbox_error": f"{error}"})
        return 0
    sys.stdin = open(os.devnull)
    sys.path.insert(0, module_dir)
    os.chdir(os.path.dirname(module_dir))
    try:
        module = importlib.import_module(exercise)
    except BaseException as error:  # noqa: BLE001  (a student's module may raise anything)
        wire.send(responses, {"import_error": _describe(error)})
        return 0
    wire.send(responses, {"ready": True})
    while True:
        try:
            request = wire.receive(requests)
        except EOFError:
            return 0
        name = request.get("function", "")
        function = getattr(module, name, None)
        if not callable(function):
            known = sorted(n for n in dir(module) if not n.startswith("_") and callable(getattr(module, n)))
            wire.send(responses, {"error": {"type": "AttributeError",
                                            "message": f"{exercise}.py has no function {name!r} (it has: {', '.join(known) or 'none'})"}})
            continue
        try:
            args = wire.decode(request.get("args", []))
            kwargs = wire.decode(request.get("kwargs", {"__dict__": {}}))
            _seed_everything()
            value = function(*args, **kwargs)
            answer = {"value": wire.encode(value)}
        except BaseException as error:  # noqa: BLE001
            answer = {"error": _describe(error)}
        wire.send(responses, answer)


def _init(run) -> int:
    """As PID 1 of a namespace: run ``run`` in a child, reap orphans, return the child's exit code."""
    child = os.fork()
    if child == 0:
        code = 70
        try:
            _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
            code = run()
        except BaseException:  # noqa: BLE001
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    while True:
        pid, status = os.wait()
        if pid == child:
            code = os.waitstatus_to_exitcode(status)
            return 128 - code if code < 0 else code  # a signal N as the shell reports it, 128 + N


def _keeper(config: dict, exercise: str, fds: list[int]) -> None:
    """Start the exercise's process in namespaces of its own; kill it when the lifeline closes."""
    source, requests, responses, lifeline, output, status = fds
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    namespaces = config["namespaces"]
    scratch = None
    try:
        if namespaces == "user":
            uid, gid = os.getuid(), os.getgid()
            _check(_libc.unshare(CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS), "unshare")
            _write("/proc/self/setgroups", "deny")
            _write("/proc/self/uid_map", f"{uid} {uid} 1")
            _write("/proc/self/gid_map", f"{gid} {gid} 1")
        elif namespaces == "root":
            _check(_libc.unshare(CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC), "unshare")
        else:
            # Without a PID namespace, what the exercise's processes leave
            # behind (even in a session of their own) becomes the keeper's
            # child, to be killed at the end.
            _check(_libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), "becoming a subreaper")
            # Nor a private /tmp: a folder of the exercise's own, removed at its end.
            scratch = tempfile.mkdtemp(prefix="aecourse-exercise-")
            if config["run_as"] is not None:
                os.chown(scratch, *config["run_as"])
    except OSError as error:
        with os.fdopen(responses, "wb") as stream:
            wire.send(stream, {"sandbox_error": f"{error}"})
        os._exit(0)
    child = os.fork()
    if child == 0:
        code = 70
        try:
            _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
            os.close(lifeline)
            os.close(status)
            os.dup2(output, 1)
            os.dup2(output, 2)
            os.close(output)
            if namespaces != "none":
                # This process is PID 1 of the new namespace, which its own
                # processes cannot signal: the student's code runs in a child.
                code = _init(lambda: _serve(config, exercise, source, requests, responses))
            else:
                code = _serve(config, exercise, source, requests, responses, scratch)
        except BaseException:  # noqa: BLE001
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    for fd in (source, requests, responses, output):
        os.close(fd)
    ended = os.pidfd_open(child)
    select.select([lifeline, ended], [], [])
    try:
        if namespaces == "none":
            os.killpg(child, signal.SIGKILL)
        os.kill(child, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _, code = os.waitpid(child, 0)
    if namespaces == "none":
        try:
            os.killpg(child, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _end_descendants()  # what left the process group
    if scratch is not None:
        shutil.rmtree(scratch, ignore_errors=True)
    code = os.waitstatus_to_exitcode(code)
    if namespaces != "none" and code > 128:
        code = 128 - code  # _init's way of passing on a signal
    os.write(status, (f"killed by signal {-code}" if code < 0 else f"exit status {code}").encode())
    os._exit(0)


def _children() -> list[int]:
    """The keeper's child processes (its orphaned descendants included: it is their subreaper)."""
    me, found = os.getpid(), []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stream:
                    stat = stream.read()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == me:  # field 4, after the command's name
                found.append(int(entry))
    return found


def _end_descendants() -> None:
    """Kill and reap every descendant; a child stays a zombie until reaped, so its pid cannot be reused."""
    while True:
        for pid in _children():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            os.waitpid(-1, 0)  # a killed child ends; its own children are ours before it can be reaped
        except ChildProcessError:
            return


def main() -> int:
    control_fd, config = int(sys.argv[1]), json.loads(sys.argv[2])
    _libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)  # student processes of this user cannot read the server's memory
    sys.stdin = open(os.devnull)
    for name in config["preload"]:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001  (a missing package is the student's import error later)
            pass
    gc.freeze()  # shared by every fork: no process garbage-collects (and so copies) it
    control = socket.socket(fileno=control_fd)
    os.write(1, b"ready\n")
    while True:
        _reap(block=False)  # keepers that ended (waited for, so that their CPU time is counted)
        message, fds, _, _ = socket.recv_fds(control, 65536, FDS_PER_REQUEST)
        if not message:
            _reap(block=True)
            return 0
        if len(fds) != FDS_PER_REQUEST:
            for fd in fds:
                os.close(fd)
            continue
        exercise = str(json.loads(message)["exercise"])
        if os.fork() == 0:
            try:
                control.close()
                _keeper(config, exercise, fds)
            finally:
                os._exit(70)
        for fd in fds:
            os.close(fd)


def _reap(block: bool) -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, 0 if block else os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return

if __name__ == "__main__":
    sys.exit(main())
