"""Files that are generated from others and committed: write them, or tell which are stale.

The exercise stubs (from the solutions) and the Colab notebooks (from the
chapters) are both generated, committed, and checked in CI to be current.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def write_generated(expected: Mapping[str, str], folder: Path) -> list[Path]:
    """Write each ``name: text`` of ``expected`` into ``folder``; returns the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in expected.items():
        target = folder / name
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def stale_generated(expected: Mapping[str, str], folder: Path, pattern: str, source: str) -> list[str]:
    """What differs between ``expected`` and the files of ``folder`` that match ``pattern``.

    Args:
        expected: the text each file should have, by file name.
        folder: where the committed files are.
        pattern: a glob of the generated files (``"*.py"``), to find extra ones.
        source: what the files are generated from, for the messages (``"solution"``).

    Returns:
        One line per missing, extra or differing file; empty when all are current.
    """
    folder = Path(folder)
    present = {path.name for path in folder.glob(pattern)}
    problems = [f"{name} is missing" for name in sorted(set(expected) - present)]
    problems += [f"{name} has no {source}" for name in sorted(present - set(expected))]
    problems += [
        f"{name} differs from what its {source} generates"
        for name in sorted(set(expected) & present)
        if (folder / name).read_text(encoding="utf-8") != expected[name]
    ]
    return problems
