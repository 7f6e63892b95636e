"""Generate student stubs from reference solutions (one source for both).

In a solution module, the code of each exercise function sits between two
marker lines, indented like the function body::

    # BEGIN SOLUTION hint="Centre the data, then use np.linalg.svd."
    ...
    # END SOLUTION

The stub keeps everything else (docstrings, signatures, imports) and replaces
each marked block, markers included, by ``raise NotImplementedError(hint)``.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from aecourse.generated_files import stale_generated, write_generated

BEGIN = re.compile(r'^(?P<indent>[ \t]*)# BEGIN SOLUTION(?: hint="(?P<hint>[^"]*)")?[ \t]*$')
END = re.compile(r"^[ \t]*# END SOLUTION[ \t]*$")
DEFAULT_HINT = "Write your solution here."


class MarkerError(ValueError):
    """A solution file's markers are unbalanced or malformed."""


def make_stub(source: str, filename: str = "<solution>") -> str:
    """Return ``source`` with every solution block replaced by ``raise NotImplementedError``.

    Raises:
        MarkerError: on a BEGIN without END, an END without BEGIN, nested
            blocks, or a file without any block.
    """
    out: list[str] = []
    inside_since: int | None = None
    blocks = 0
    for number, line in enumerate(source.splitlines(keepends=True), start=1):
        begin = BEGIN.match(line.rstrip("\n"))
        if begin:
            if inside_since is not None:
                raise MarkerError(f"{filename}:{number}: BEGIN SOLUTION inside the block opened at line {inside_since}.")
            inside_since = number
            hint = begin.group("hint") or DEFAULT_HINT
            out.append(f"{begin.group('indent')}raise NotImplementedError({hint!r})\n")
            continue
        if END.match(line.rstrip("\n")):
            if inside_since is None:
                raise MarkerError(f"{filename}:{number}: END SOLUTION without BEGIN SOLUTION.")
            inside_since = None
            blocks += 1
            continue
        if inside_since is None:
            out.append(line)
    if inside_since is not None:
        raise MarkerError(f"{filename}:{inside_since}: BEGIN SOLUTION is never closed by END SOLUTION.")
    if blocks == 0:
        raise MarkerError(f"{filename}: no BEGIN SOLUTION / END SOLUTION block.")
    return "".join(out)


def expected_stubs(solutions_dir: Path) -> dict[str, str]:
    """File name → stub text, for every solution module in ``solutions_dir``."""
    return {
        path.name: make_stub(path.read_text(encoding="utf-8"), str(path))
        for path in sorted(Path(solutions_dir).glob("*.py"))
        if not path.name.startswith("_")
    }


def write_stubs(solutions_dir: Path, student_dir: Path) -> list[Path]:
    """Write the stub of every solution into ``student_dir``; returns the paths written."""
    return write_generated(expected_stubs(solutions_dir), student_dir)


def stale_stubs(solutions_dir: Path, student_dir: Path) -> list[str]:
    """Names of stubs in ``student_dir`` that are missing, differ from the generated ones, or are extra."""
    return stale_generated(expected_stubs(solutions_dir), student_dir, "*.py", "solution")


def solution_code(source: str, function: str, filename: str = "<solution>") -> str:
    """The code between the markers inside ``function`` of a solution module, dedented.

    Raises:
        MarkerError: if ``function`` is not defined, or holds no marked block.
    """
    lines = source.splitlines(keepends=True)
    definition = re.compile(rf"^\s*def {re.escape(function)}\(")
    start = next((i for i, line in enumerate(lines) if definition.match(line)), None)
    if start is None:
        raise MarkerError(f"{filename}: no function {function!r}.")
    begin = next((i for i in range(start + 1, len(lines)) if BEGIN.match(lines[i].rstrip("\n"))), None)
    if begin is None:
        raise MarkerError(f"{filename}: {function!r} has no BEGIN SOLUTION block.")
    end = next((i for i in range(begin + 1, len(lines)) if END.match(lines[i].rstrip("\n"))), None)
    if end is None:
        raise MarkerError(f"{filename}:{begin + 1}: BEGIN SOLUTION is never closed by END SOLUTION.")
    return textwrap.dedent("".join(lines[begin + 1 : end]))
