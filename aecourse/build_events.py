"""What the chapters' kernels tell the book build: one JSON line per training run.

The build sets ``$AECOURSE_BUILD_EVENTS`` (a folder) and, before each chapter
is executed, ``$AECOURSE_CHAPTER`` (its document name); the kernel inherits
both. :func:`record` appends an event to that chapter's file, and the build
reads them back with :func:`read` for its report. Outside a build, nothing is
written.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

EVENTS_DIR_ENV_VAR = "AECOURSE_BUILD_EVENTS"
CHAPTER_ENV_VAR = "AECOURSE_CHAPTER"


def _events_file(folder: Path, chapter: str) -> Path:
    return folder / (chapter.replace("/", "__") + ".jsonl")


def record(event: dict) -> None:
    """Append ``event`` (JSON-ready) to the current chapter's events, if a build is listening."""
    folder = os.environ.get(EVENTS_DIR_ENV_VAR, "").strip()
    chapter = os.environ.get(CHAPTER_ENV_VAR, "").strip()
    if not folder or not chapter:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    with _events_file(Path(folder), chapter).open("a", encoding="utf-8") as stream:
        stream.write(json.dumps(event, sort_keys=True) + "\n")


def read(folder: Path, chapter: str) -> list[dict]:
    """The events that ``chapter``'s kernel recorded in ``folder``, in order (none: ``[]``)."""
    path = _events_file(Path(folder), chapter)
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def clear(folder: Path, chapter: str) -> None:
    """Forget ``chapter``'s events, before it executes again."""
    _events_file(Path(folder), chapter).unlink(missing_ok=True)
