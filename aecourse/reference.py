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
    """One published figure: ``value`` of ``metric`` for ``model`` after ``epochs``, printed by ``source``.

    ``epochs`` is ``None`` for a figure that is not the end of a training run
    (a k-NN accuracy, say).
    """

    model: str
    metric: str
    value: float
    epochs: int | None
    source: str


@cache
def reference_figures() -> tuple[ReferenceFigure, ...]:
    """Every figure of ``reference_figures.csv``, in file order."""
    text = resources.files("aecourse").joinpath(FIGURES_FILE).read_text(encoding="utf-8")
    return tuple(
        ReferenceFigure(row["model"], row["metric"], float(row["value"]),
                        int(row["epochs"]) if row["epochs"] else None, row["source"])
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


#: How far below a published validation rounded accuracy a result may land and still meet it.
ROUNDED_ACCURACY_TOLERANCE = 0.003
#: How far above a published validation loss (binary cross-entropy per pixel) a result may land and
#: still meet it. Like the accuracies' tolerance, a convention and not a measured seed-to-seed spread:
#: the book trains each model once, and the source printed one run. Where the source printed both, the
#: book's differences in loss and in rounded accuracy are of the same size.
LOSS_TOLERANCE = 0.003


@dataclass(frozen=True)
class Comparison:
    """A result set beside its published figure.

    Attributes:
        figure: the published figure.
        value: this build's value of the same metric.
        difference: ``value − figure.value``.
        meets: for a rounded accuracy, ``value`` is at most
            :data:`ROUNDED_ACCURACY_TOLERANCE` below the figure (or above it);
            for a loss, ``value`` is at most :data:`LOSS_TOLERANCE` above the
            figure (or below it).
    """

    figure: ReferenceFigure
    value: float
    difference: float
    meets: bool


def compare_with_reference(model: str, val_rounded_accuracy: float, val_loss: float) -> Comparison | None:
    """``model``'s result beside its published figure, or ``None`` if nothing was published for it.

    The validation rounded accuracy is compared when the reference printed
    one, else the validation loss (lower is better).
    """
    metrics = {f.metric for f in reference_figures() if f.model == model}
    if "val_rounded_accuracy" in metrics:
        figure = reference_figure(model, "val_rounded_accuracy")
        value = float(val_rounded_accuracy)
        return Comparison(figure, value, value - figure.value, value >= figure.value - ROUNDED_ACCURACY_TOLERANCE)
    if "val_loss" in metrics:
        figure = reference_figure(model, "val_loss")
        value = float(val_loss)
        return Comparison(figure, value, value - figure.value, value <= figure.value + LOSS_TOLERANCE)
    return None
