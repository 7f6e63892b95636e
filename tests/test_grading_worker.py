"""The worker's private temporary folders (aecourse/grading/worker.py), in a mount namespace of their own."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

GRADING = Path(__file__).resolve().parents[1] / "aecourse" / "grading"

# Run in a child: unshare a mount namespace, lay out a Python environment under
# /tmp, then give the exercise its private /tmp as the worker does.
CHILD = textwrap.dedent("""
    import ctypes, os, sys
    sys.path.insert(0, sys.argv[1])
    import worker
    libc = ctypes.CDLL(None, use_errno=True)
    assert libc.unshare(0x00020000) == 0, "unshare(CLONE_NEWNS)"
    assert libc.mount(b"none", b"/", None, (1 << 14) | (1 << 18), None) == 0, "private mounts"
    env = os.path.join(sys.argv[2], "venv")
    os.makedirs(os.path.join(env, "lib"))
    with open(os.path.join(env, "lib", "module.py"), "w") as stream:
        stream.write("VALUE = 42\\n")
    outside = os.path.join(sys.argv[2], "outside-file")
    with open(outside, "w") as stream:
        stream.write("another exercise's file")
    worker._mount_private("/tmp", b"size=1048576,mode=1777", [env, "/usr"])
    with open(os.path.join(env, "lib", "module.py")) as stream:
        print("kept:", stream.read().strip())
    print("outside file:", os.path.exists(outside))
    try:
        open(os.path.join(env, "lib", "new.py"), "w")
        print("writable: yes")
    except OSError:
        print("writable: no")
""")


@pytest.mark.skipif(os.geteuid() != 0, reason="mount namespaces without bubblewrap need root (CI runs as root)")
def test_a_python_environment_under_tmp_stays_visible_and_read_only_under_the_private_tmp(tmp_path):
    assert str(tmp_path).startswith("/tmp/")  # a clone on CI may hold its .venv there
    result = subprocess.run([sys.executable, "-c", CHILD, str(GRADING), str(tmp_path)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["kept: VALUE = 42", "outside file: False", "writable: no"]
