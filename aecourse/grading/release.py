"""Write the student version of the exercises: stubs, public tests, and what they need."""

from __future__ import annotations

import shutil
from pathlib import Path

from aecourse.grading.stubs import write_stubs

STUDENT_README = """\
# Autoencoder course: exercises

Each `*.py` file here is one exercise. Replace every
`raise NotImplementedError(...)` with your code; the docstrings say exactly what
each function must do.

Check your work with

    pytest

which runs the public tests and prints your points per exercise and in total.
Your instructor grades with these tests and with hidden ones, which check the
same behaviour on other inputs: code that follows the docstrings passes both.
Don't rename files or functions.
"""


class ReleaseError(ValueError):
    """The student version cannot be written where asked."""


def release(dest: Path, root: Path) -> list[Path]:
    """Write the student version of ``root`` (the exercises folder) into ``dest``.

    ``dest`` must not exist or be an empty folder, so no student work is ever
    overwritten. Writes the stubs, ``tests/`` (public tests and their
    ``conftest.py``), ``pytest.ini`` and a README; no solution and no hidden test.

    Returns:
        The files written.
    """
    dest, root = Path(dest), Path(root)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ReleaseError(f"{dest} already exists and is not an empty folder; choose a new folder.")
    dest.mkdir(parents=True, exist_ok=True)
    written = write_stubs(root / "solutions", dest)
    (dest / "tests").mkdir()
    for source in [root / "tests" / "conftest.py", *sorted((root / "tests" / "public").glob("test_*.py"))]:
        target = dest / "tests" / source.name
        shutil.copyfile(source, target)
        written.append(target)
    shutil.copyfile(root / "pytest.ini", dest / "pytest.ini")
    (dest / "README.md").write_text(STUDENT_README)
    return [*written, dest / "pytest.ini", dest / "README.md"]
