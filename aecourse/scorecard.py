"""One scorecard per trained autoencoder: the figures that every chapter publishes alike.

A chapter that trains a Fashion-MNIST autoencoder publishes its scorecard with
:func:`publish_scorecard`, under ``<name>_<field>`` for the fields of
:class:`Scorecard` (``tied_params``, ``tied_val_rounded_accuracy``, …). The
chapter that sets all the autoencoders side by side reads them back from the
build's results with :func:`read_scorecards`. The names are written here
once, for both directions.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

import numpy as np

from aecourse.report import publish

if TYPE_CHECKING:  # reading scorecards back needs no TensorFlow, and does not start it
    from aecourse.models import Autoencoder
    from aecourse.training import TrainingRun


@dataclass(frozen=True)
class Scorecard:
    """The comparable figures of one trained autoencoder.

    Attributes:
        name: the prefix of its published names, e.g. ``"tied"``.
        params: trainable and non-trainable parameters of the whole model.
        code_size: numbers in one image's code.
        epochs: epochs of training (all phases, for a model trained in several).
        training_seconds: wall-clock training time, in seconds.
        val_loss: the last epoch's validation loss (the model's own loss).
        val_rounded_accuracy: the last epoch's validation rounded accuracy.
        test_mse: mean squared error per pixel of its test reconstructions.
    """

    name: str
    params: int
    code_size: int
    epochs: int
    training_seconds: float
    val_loss: float
    val_rounded_accuracy: float
    test_mse: float


FIELDS = tuple(f.name for f in fields(Scorecard) if f.name != "name")
# A published value reads back as its field's type (annotations are strings here).
_FIELD_TYPES = {f.name: int if f.type == "int" else float for f in fields(Scorecard) if f.name != "name"}


def _code_size(encoder) -> int:
    shape = encoder.output_shape
    if isinstance(shape, list):  # several outputs, e.g. a VAE's (μ, log σ², z): the code is the last
        shape = shape[-1]
    return int(math.prod(shape[1:]))


def make_scorecard(
    name: str,
    autoencoder: Autoencoder,
    run: TrainingRun,
    x_test: np.ndarray,
    *,
    epochs: int | None = None,
    training_seconds: float | None = None,
) -> Scorecard:
    """The scorecard of ``autoencoder``, trained by ``run``, scored on ``x_test`` ``(n, 28, 28)``.

    ``epochs`` and ``training_seconds`` default to the run's; give them for a
    model trained in several runs (the last run gives the validation figures).
    """
    from aecourse.training import reconstruct

    if not name.isidentifier():
        raise ValueError(f"A scorecard's name must be a Python identifier (it prefixes names), got {name!r}.")
    reconstructions = reconstruct(autoencoder.model, x_test)
    test_mse = float(np.mean((np.asarray(x_test, dtype=np.float64) - reconstructions) ** 2))
    return Scorecard(
        name=name,
        params=int(autoencoder.model.count_params()),
        code_size=_code_size(autoencoder.encoder),
        epochs=int(run.epochs if epochs is None else epochs),
        training_seconds=float(run.seconds if training_seconds is None else training_seconds),
        val_loss=run.final("val_loss"),
        val_rounded_accuracy=run.final("val_rounded_accuracy"),
        test_mse=test_mse,
    )


def publish_scorecard(
    name: str, autoencoder: Autoencoder, run: TrainingRun, x_test: np.ndarray, **several_runs: float
) -> Scorecard:
    """Make the scorecard and publish each field as ``<name>_<field>``.

    The arguments are :func:`make_scorecard`'s: ``epochs=`` and
    ``training_seconds=`` for a model trained in several runs.
    """
    card = make_scorecard(name, autoencoder, run, x_test, **several_runs)
    for field_name in FIELDS:
        publish(f"{name}_{field_name}", getattr(card, field_name))
    return card


def read_scorecards(results: Mapping[str, object], names: list[str] | tuple[str, ...]) -> list[Scorecard]:
    """The scorecards called ``names`` from a build's results (published name → value).

    Raises:
        KeyError: naming every missing ``<name>_<field>`` value, if any is missing.
    """
    missing = [f"{name}_{f}" for name in names for f in FIELDS if f"{name}_{f}" not in results]
    if missing:
        raise KeyError(f"The build's results lack {', '.join(missing)}: did every chapter run in this build?")
    return [Scorecard(name=name, **{f: _FIELD_TYPES[f](results[f"{name}_{f}"]) for f in FIELDS}) for name in names]
