"""Write the student version of the exercises: stubs, public tests, and what they need."""

from __future__ import annotations

import shutil
from pathlib import Path

from aecourse.grading.requirements import LOCK_NAME, requirements_text
from aecourse.grading.stubs import write_stubs

STUDENT_README = """\
# Autoencoder course: exercises

Each `*.py` file here is one exercise. Replace every
`raise NotImplementedError(...)` with your code; the docstrings say exactly what
each function must do.

## Set up (once)

You need Python 3.11 or newer. In this folder, make a virtual environment and
install the exact versions of NumPy, SciPy, Keras, TensorFlow and pytest that
the course is graded with (a few minutes; about 1.7 GB once installed):

    python3 -m venv .venv
    .venv/bin/pip install -r requirements.txt
    .venv/bin/pytest

On Windows the last two are `.venv\\Scripts\\pip install -r requirements.txt`
and `.venv\\Scripts\\pytest`.

## Check your work

    .venv/bin/pytest

runs the public tests and prints your points per exercise and in total; it
fails until every test passes. Your instructor grades with these tests and with
hidden ones, which check the same behaviour on other inputs: code that follows
the docstrings passes both.

## Hand in

Hand in the exercise files themselves, {count} files named as here
(`{first}`, ..., `{last}`), with your code in them: on Gradescope, upload these
files (not the folder, not `tests/`). Only these files are graded; your own
tests and any other file are ignored. Don't rename files or functions.
"""


class ReleaseError(ValueError):
    """The student version cannot be written where asked."""


def release(dest: Path, root: Path) -> list[Path]:
    """Write the student version of ``root`` (the exercises folder) into ``dest``.

    ``dest`` must not exist or be an empty folder, so no student work is ever
    overwritten. Writes the stubs, ``tests/`` (public tests and their
    ``conftest.py``), ``pytest.ini``, a ``requirements.txt`` (the pinned
    packages they need, from the course's ``requirements.lock`` next to
    ``root``) and a README; no solution and no hidden test.

    Returns:
        The files written.
    """
    dest, root = Path(dest), Path(root)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ReleaseError(f"{dest} already exists and is not an empty folder; choose a new folder.")
    solutions = sorted(p for p in (root / "solutions").glob("*.py") if not p.name.startswith("_"))
    if not solutions:
        raise ReleaseError(f"{root / 'solutions'} holds no exercise: is {root} the instructor's exercises folder?")
    tests = [root / "tests" / "conftest.py", *sorted((root / "tests" / "public").glob("test_*.py"))]
    # The solutions' imports, not the stubs': a module imported inside a solution block is needed too.
    requirements = requirements_text(
        [*solutions, *tests], root.parent / LOCK_NAME, {p.stem for p in [*solutions, *tests]} | {"public", "aecourse"},
        "What the exercises and their tests need: pip install -r requirements.txt",
    )
    dest.mkdir(parents=True, exist_ok=True)
    written = write_stubs(root / "solutions", dest)
    (dest / "tests").mkdir()
    for source in tests:
        target = dest / "tests" / source.name
        shutil.copyfile(source, target)
        written.append(target)
    shutil.copyfile(root / "pytest.ini", dest / "pytest.ini")
    (dest / "requirements.txt").write_text(requirements)
    (dest / "README.md").write_text(
        STUDENT_README.format(count=len(solutions), first=solutions[0].name, last=solutions[-1].name))
    return [*written, dest / "pytest.ini", dest / "requirements.txt", dest / "README.md"]
