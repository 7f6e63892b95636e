"""Published figures that the course's models are set beside.

The figures are data, in ``reference_figures.csv`` beside this module: one row
per model and metric, with the epochs of the run and the source that printed
it. A chapter quotes a figure with :func:`reference_figure` and publishes its
own result next to it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

FIGURES_FILE = "reference_figures.csv"


@dataclass(frozen=True)
class ReferenceFigure:
    """One published figure: ``value`` of ``metric`` for ``model`` after ``epochs``, printed by ``source``."""

    model: str
    metric: str
    value: float
    epochs: int
    source: str


@cache
def reference_figures() -> tuple[ReferenceFigure, ...]:
    """Every figure of ``reference_figures.csv``, in file order."""
    text = resources.files("aecourse").joinpath(FIGURES_FILE).read_text(encoding="utf-8")
    return tuple(
        ReferenceFigure(row["model"], row["metric"], float(row["value"]), int(row["epochs"]), row["source"])
        for row in csv.DictReader(text.splitlines())
    )


def reference_figure(model: str, metric: str) -> ReferenceFigure:
    """The published figure of ``metric`` for ``model``.

    Raises:
        KeyError: naming the figures that exist for ``model`` (or the models), if there is none.
    """
    for figure in reference_figures():
        if (figure.model, figure.metric) == (model, metric):
            return figure
    metrics = sorted(f.metric for f in reference_figures() if f.model == model)
    if metrics:
        raise KeyError(f"No reference figure of {metric!r} for {model!r}; it has: {', '.join(metrics)}.")
    models = sorted({f.model for f in reference_figures()})
    raise KeyError(f"No reference figures for {model!r}; models: {', '.join(models)}.")
