"""Numbers quoted in the book: glue them into the prose and record them in ``results.json``.

A chapter calls :func:`publish` for every figure its prose quotes. While the
book is being built (the build sets ``$AECOURSE_BOOK_BUILD``), the value is
glued with MyST-NB, so the text shows the computed number. The glued values
are stored with the executed notebook, so a chapter reused from the execution
cache still has them: the build reads them back (:func:`glued_values`) into
``_build/html/results.json``. Anywhere else (a downloaded notebook in Jupyter,
the chapter's Colab notebook), glued values do not reach the text, so
:func:`publish` prints ``name = value`` under the cell instead.

Timings are published under names ending in ``_seconds``: they are the only
figures that differ between two builds from scratch.
"""

from __future__ import annotations

import ast
import json
import math
import numbers
import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np

BOOK_BUILD_ENV_VAR = "AECOURSE_BOOK_BUILD"
#: Set by the build for a chapter that reads the other chapters' results: the
#: path of a JSON file of every value they published in this build.
BUILD_RESULTS_ENV_VAR = "AECOURSE_BUILD_RESULTS"
#: Front matter of such a chapter: ``aecourse: {reads_build_results: true}``.
READS_BUILD_RESULTS_KEY = "reads_build_results"


def to_plain(value: object) -> int | float | str:
    """Turn a NumPy/Python scalar or a string into a plain ``int``, ``float`` or ``str``.

    MyST-NB formats glued numbers with Python's format spec, which a NumPy 2
    scalar does not honour as expected; JSON needs plain types too.
    """
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        raise TypeError("publish a number or a string, not a bool.")
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        value = float(value) + 0.0  # turns -0.0 into 0.0
        if not math.isfinite(value):
            raise ValueError(f"refusing to publish a non-finite number ({value}).")
        return value
    if isinstance(value, str):
        return value
    raise TypeError(f"publish a number or a string, got {type(value).__name__}.")


def publish(name: str, value: object) -> None:
    """Glue ``value`` under ``name`` for the prose and record it for ``results.json``.

    In the chapter's text, ``{glue:text}`name:.4f``` then shows the number.
    Outside a build of the book, prints ``name = value`` instead.

    Returns nothing, so that a cell ending with ``publish`` shows no output.
    """
    if not name or not name.replace("_", "").isalnum():
        raise ValueError(f"name must be letters, digits and underscores, got {name!r}.")
    plain = to_plain(value)
    if not os.environ.get(BOOK_BUILD_ENV_VAR):
        print(f"{name} = {plain}")
        return
    from myst_nb import glue  # imported here: only the book needs MyST-NB

    glue(name, plain, display=False)


def glued_values(glue_data: Mapping[str, dict]) -> dict[str, int | float | str]:
    """The values that :func:`publish` glued, from MyST-NB's glue data of one notebook.

    Args:
        glue_data: name → glued output (``{"data": {"text/plain": repr}, ...}``),
            as MyST-NB stores it beside the executed notebook (``*.glue.json``).

    Raises:
        ValueError: if a glued output is not a plain number or string.
    """
    values: dict[str, int | float | str] = {}
    for name, output in glue_data.items():
        text = output.get("data", {}).get("text/plain")
        try:
            values[name] = to_plain(ast.literal_eval(text))
        except (ValueError, TypeError, SyntaxError):
            raise ValueError(f"glued value {name!r} is not a number or a string: {text!r}.") from None
    return values


def merge_results(per_chapter: Mapping[str, Mapping[str, int | float | str]]) -> dict[str, int | float | str]:
    """Merge the chapters' published values into one mapping.

    Raises:
        ValueError: if two chapters publish one name with different values.
    """
    merged: dict[str, int | float | str] = {}
    origin: dict[str, str] = {}
    for chapter, values in per_chapter.items():
        for name, value in values.items():
            if name in merged and merged[name] != value:
                raise ValueError(
                    f"{origin[name]} and {chapter} publish {name!r} with different values "
                    f"({merged[name]!r} and {value!r}); give one of them another name."
                )
            merged[name], origin[name] = value, chapter
    return merged


def build_results() -> dict[str, int | float | str]:
    """Every value that the other chapters published in this build of the book, by name.

    Only a chapter whose front matter holds ``aecourse: {reads_build_results: true}``
    can call it, and only while the book is being built: the build then runs
    it after all the others and gives it their values.

    Raises:
        RuntimeError: outside such a build, saying where the figures are instead.
    """
    path = os.environ.get(BUILD_RESULTS_ENV_VAR, "").strip()
    if not path:
        raise RuntimeError(
            "This chapter sets side by side the figures that the other chapters computed in the same "
            "build of the book, so it runs only inside that build (make book). Outside it, read them in "
            "the built book or in _build/html/results.json."
        )
    return json.loads(Path(path).read_text(encoding="utf-8"))


def reads_build_results(chapter_source: str) -> bool:
    """Whether a MyST chapter's front matter asks for the build's results (see :func:`build_results`)."""
    import yaml

    if not chapter_source.startswith("---\n"):
        return False
    end = chapter_source.find("\n---", 4)
    if end < 0:
        return False
    try:
        front_matter = yaml.safe_load(chapter_source[4:end]) or {}
    except yaml.YAMLError:
        return False
    settings = front_matter.get("aecourse") if isinstance(front_matter, dict) else None
    return isinstance(settings, dict) and settings.get(READS_BUILD_RESULTS_KEY) is True
