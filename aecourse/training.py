"""Training helpers: fit an autoencoder to reproduce its inputs, quietly, and time it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

import aecourse  # noqa: F401  (sets the TensorFlow environment first)

import keras


@dataclass(frozen=True)
class TrainingRun:
    """What one call to :func:`fit_autoencoder` produced.

    Attributes:
        history: metric name → one value per epoch (``"loss"``, ``"val_loss"``, …).
        seconds: wall-clock training time in seconds.
    """

    history: dict[str, list[float]] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def epochs(self) -> int:
        """Number of epochs trained."""
        return len(self.history.get("loss", []))

    def final(self, metric: str) -> float:
        """Last epoch's value of ``metric``, as a Python float."""
        if metric not in self.history:
            known = ", ".join(sorted(self.history)) or "none"
            raise KeyError(f"No metric {metric!r} was recorded; recorded metrics: {known}.")
        return float(self.history[metric][-1])


def _check_images(name: str, x: np.ndarray, input_shape: tuple) -> None:
    if not isinstance(x, np.ndarray):
        raise TypeError(f"{name} must be a NumPy array, got {type(x).__name__}.")
    expected = tuple(d for d in input_shape[1:])
    if x.ndim != len(input_shape) or tuple(x.shape[1:]) != expected:
        raise ValueError(
            f"{name} has shape {x.shape}, but the model expects (n, {', '.join(map(str, expected))})."
        )
    if len(x) == 0:
        raise ValueError(f"{name} is empty.")


def fit_autoencoder(
    model: keras.Model,
    x_train: np.ndarray,
    x_val: np.ndarray | None = None,
    *,
    epochs: int,
    batch_size: int = 32,
) -> TrainingRun:
    """Train a compiled ``model`` to reconstruct ``x_train`` (inputs are the targets).

    Args:
        model: a compiled Keras model whose outputs have the shape of its inputs.
        x_train: array of shape ``(n, *input_shape)``.
        x_val: optional validation array of the same trailing shape; its losses
            appear in the history as ``val_*``.
        epochs: number of passes over ``x_train`` (positive).
        batch_size: examples per gradient step.

    Returns:
        A :class:`TrainingRun` with the per-epoch history and the wall time.
        Training prints nothing (no progress bars in the book).
    """
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be a positive int, got {epochs!r}.")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive int, got {batch_size!r}.")
    if not getattr(model, "compiled", False):
        raise ValueError("The model is not compiled: call model.compile(optimizer=..., loss=...) first.")
    _check_images("x_train", x_train, model.input_shape)
    validation_data = None
    if x_val is not None:
        _check_images("x_val", x_val, model.input_shape)
        validation_data = (x_val, x_val)
    start = time.perf_counter()
    history = model.fit(
        x_train,
        x_train,
        epochs=epochs,
        batch_size=batch_size,
        validation_data=validation_data,
        verbose=0,
    )
    seconds = time.perf_counter() - start
    return TrainingRun({k: [float(v) for v in vs] for k, vs in history.history.items()}, seconds)


def evaluate_autoencoder(model: keras.Model, x: np.ndarray, batch_size: int = 256) -> dict[str, float]:
    """Loss and metrics of a compiled ``model`` reconstructing ``x`` (shape ``(n, *input_shape)``).

    Returns:
        Metric name → value as a Python float, e.g. ``{"loss": …, "rounded_accuracy": …}``.
    """
    _check_images("x", x, model.input_shape)
    scores = model.evaluate(x, x, batch_size=batch_size, verbose=0, return_dict=True)
    return {name: float(value) for name, value in scores.items()}


def reconstruct(model: keras.Model, x: np.ndarray, batch_size: int = 256) -> np.ndarray:
    """Run ``model`` on ``x`` without printing; returns an array of ``x``'s shape."""
    _check_images("x", x, model.input_shape)
    return np.asarray(model.predict(x, batch_size=batch_size, verbose=0))
