"""Write the Gradescope autograder: a zip that Gradescope builds an image from.

Gradescope's format: ``setup.sh`` and ``run_autograder`` at the zip's root;
the zip is unpacked into ``/autograder/source`` of an Ubuntu 22.04 image, where
``setup.sh`` runs once, as root, with network; ``run_autograder`` runs for each
submission (in ``/autograder/submission``) and writes
``/autograder/results/results.json``. The zip holds:

- ``setup.sh``, ``run_autograder``;
- ``requirements.txt``: the pinned packages that grading needs
  (:mod:`aecourse.grading.requirements`);
- ``aecourse/``: the package's ``__init__`` and its grading modules, with the
  course modules they import (nothing else of the package);
- ``exercises/``: ``pytest.ini`` and ``tests/`` (public and hidden tests, the
  hidden tests' stored expected values, ``conftest.py``).

Never the reference solutions nor the stubs.
"""

from __future__ import annotations

import ast
import os
import zipfile
from pathlib import Path

import aecourse
from aecourse.grading.requirements import LOCK_NAME, requirements_text

VENV = "/opt/aecourse/venv"
# Gradescope's base image is Ubuntu 22.04, whose python3 (3.10) is older than
# NumPy 2.4 accepts; its universe component packages Python 3.11. Gradescope's
# own harness runs with the system's python3, which stays as it is.
SETUP_SH = f"""\
#!/usr/bin/env bash
# Gradescope runs this once, as root and with network, when it builds the
# autograder's image (Ubuntu 22.04). Written by 'aecourse gradescope'.
set -euo pipefail
SOURCE=/autograder/source
VENV={VENV}
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# bubblewrap, the sandbox of student code; Python 3.11 beside the system's
# python3, which Gradescope's harness uses: Ubuntu's own (universe), else the
# deadsnakes PPA's build for Ubuntu LTS releases.
apt-get install -y -qq --no-install-recommends bubblewrap
if ! apt-get install -y -qq --no-install-recommends python3.11 python3.11-venv; then
    apt-get install -y -qq --no-install-recommends software-properties-common
    add-apt-repository -y ppa:deadsnakes/ppa
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends python3.11 python3.11-venv
fi
python3.11 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet --no-cache-dir -r "$SOURCE/requirements.txt"
chmod 755 "$SOURCE/run_autograder"
# The instructor's tests and expected values: readable by root only.
chmod -R go-rwx "$SOURCE"
# Fail the image build now, not at the first submission, if grading cannot
# start: a grading session as for a submission; it prints the isolation in force.
# (python -m puts the working directory first on the path: make it the source.)
cd "$SOURCE"
PYTHONPATH="$SOURCE" "$VENV/bin/python" -m aecourse.grading.autograder --check
"""

RUN_AUTOGRADER = f"""\
#!/usr/bin/env bash
# Gradescope runs this for each submission: grade /autograder/submission, write
# /autograder/results/results.json. Written by 'aecourse gradescope'.
# AECOURSE_AUTOGRADER_ROOT moves /autograder and AECOURSE_AUTOGRADER_PYTHON
# names another Python with the packages of requirements.txt (for tests).
set -u
ROOT="${{AECOURSE_AUTOGRADER_ROOT:-/autograder}}"
PYTHON="${{AECOURSE_AUTOGRADER_PYTHON:-{VENV}/bin/python}}"
RESULTS="$ROOT/results/results.json"
mkdir -p "$ROOT/results"
rm -f "$RESULTS"
export AECOURSE_AUTOGRADER_ROOT="$ROOT"
status=1
# python -m puts the working directory first on the path: make it the root.
if cd "$ROOT"; then
    PYTHONPATH="$ROOT/source" "$PYTHON" -m aecourse.grading.autograder
    status=$?
fi
if [ ! -s "$RESULTS" ]; then
    # The grader did not even start: still a valid results file, with no points.
    printf '{{"score": 0, "tests": [], "output": "%s"}}\\n' \\
        "INTERNAL ERROR of the autograder: the grader did not start (exit status $status; see the autograder's stdout). Your work was not graded, and the 0 points here are not a grade. Tell your instructor." \\
        > "$RESULTS"
fi
exit 0
"""


class AutograderError(ValueError):
    """The autograder zip cannot be written."""


def package_files(package: Path) -> list[Path]:
    """``package/__init__.py``, the grading modules, and every course module they import, transitively."""
    todo = [package / "__init__.py", *sorted((package / "grading").glob("*.py"))]
    found: set[Path] = set()
    while todo:
        path = todo.pop()
        if path in found:
            continue
        found.add(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            for name in names:
                parts = name.split(".")
                if parts[0] != package.name:
                    continue
                module = package.joinpath(*parts[1:])
                for candidate in (module.with_suffix(".py"), module / "__init__.py"):
                    if candidate.is_file():
                        todo.append(candidate)
                # A sub-package's own __init__ runs first.
                for depth in range(1, len(parts) - 1):
                    init = package.joinpath(*parts[1:depth + 1], "__init__.py")
                    if init.is_file():
                        todo.append(init)
    return sorted(found)


def exercise_files(exercises: Path) -> list[Path]:
    """``pytest.ini`` and every file of ``tests/`` (public and hidden tests, expected values)."""
    tests = [p for p in sorted((exercises / "tests").rglob("*"))
             if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"]
    if not any(p.name.startswith("test_") for p in tests):
        raise AutograderError(f"{exercises / 'tests'} holds no test: is {exercises} the instructor's exercises folder?")
    return [exercises / "pytest.ini", *tests]


def _add(archive: zipfile.ZipFile, name: str, data: bytes, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))  # fixed: the same inputs give the same zip
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (0o100755 if executable else 0o100644) << 16
    archive.writestr(info, data)


def write_autograder(zip_path: Path, exercises: Path) -> list[str]:
    """Write the autograder for the exercises folder ``exercises`` to ``zip_path``; return its names.

    The versions come from ``requirements.lock`` beside ``exercises``. The zip
    is written under a temporary name and renamed, so a failure leaves none.
    """
    exercises, zip_path = Path(exercises).resolve(), Path(zip_path)
    package = Path(aecourse.__file__).resolve().parent
    course_files = package_files(package)
    test_files = exercise_files(exercises)
    # The solutions are read for their imports only: students' code needs the same packages.
    solutions = sorted((exercises / "solutions").glob("*.py"))
    python_files = [*course_files, *(p for p in test_files if p.suffix == ".py"), *solutions]
    requirements = requirements_text(
        python_files, exercises.parent / LOCK_NAME,
        # worker.py imports wire.py beside it; hidden tests import public ones.
        {package.name, "public", "hidden", *(p.stem for p in python_files)},
        "What Gradescope's autograder needs to grade: setup.sh installs these.",
    )
    contents = {
        "setup.sh": (SETUP_SH.encode(), True),
        "run_autograder": (RUN_AUTOGRADER.encode(), True),
        "requirements.txt": (requirements.encode(), False),
    }
    for path in course_files:
        contents[f"{package.name}/{path.relative_to(package).as_posix()}"] = (path.read_bytes(), False)
    for path in test_files:
        contents[f"exercises/{path.relative_to(exercises).as_posix()}"] = (path.read_bytes(), False)
    partial = zip_path.with_name(zip_path.name + ".partial")
    with zipfile.ZipFile(partial, "w") as archive:
        for name, (data, executable) in contents.items():
            _add(archive, name, data, executable)
    os.replace(partial, zip_path)
    return list(contents)

