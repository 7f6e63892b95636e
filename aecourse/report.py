"""Numbers quoted in the book: glue them into the prose and record them in ``results.json``.

A chapter calls :func:`publish` for every figure its prose quotes. While the
book is being built (the build sets ``$AECOURSE_RESULTS_DIR``), the value is
glued with MyST-NB, so the text shows the computed number, and appended to a
JSON-lines file in that folder; the build gathers those files into
``_build/html/results.json``. Anywhere else (a downloaded notebook in Jupyter,
the chapter's Colab notebook), glued values do not reach the text, so
:func:`publish` prints ``name = value`` under the cell instead.
"""

from __future__ import annotations

import json
import math
import numbers
import os
from pathlib import Path

import numpy as np

from aecourse.config import get_profile

RESULTS_DIR_ENV_VAR = "AECOURSE_RESULTS_DIR"


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
    results_dir = os.environ.get(RESULTS_DIR_ENV_VAR)
    if not results_dir:
        print(f"{name} = {plain}")
        return
    from myst_nb import glue  # imported here: only the book needs MyST-NB

    glue(name, plain, display=False)
    record = {"name": name, "value": plain, "profile": get_profile().name}
    path = Path(results_dir) / f"kernel-{os.getpid()}.jsonl"
    with path.open("a", encoding="utf-8") as stream:
        stream.write(json.dumps(record) + "\n")


def gather_results(results_dir: Path) -> dict[str, int | float | str]:
    """Merge the JSON-lines files written by :func:`publish` into one mapping.

    Raises:
        ValueError: if two records give one name different values, or if the
            records come from different profiles.
    """
    merged: dict[str, int | float | str] = {}
    profiles: set[str] = set()
    for path in sorted(Path(results_dir).glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            name, value = record["name"], record["value"]
            profiles.add(record["profile"])
            if name in merged and merged[name] != value:
                raise ValueError(
                    f"Two chapters publish {name!r} with different values "
                    f"({merged[name]!r} and {value!r}); give one of them another name."
                )
            merged[name] = value
    if len(profiles) > 1:
        raise ValueError(f"Results come from several profiles: {sorted(profiles)}.")
    return merged
