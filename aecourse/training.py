"""Training helpers: fit an autoencoder to reproduce its inputs, quietly, fast, and time it.

:func:`fit_autoencoder` keeps the recipe it is given (optimizer, loss, batch
size, epochs) and changes only how training runs: 64 steps per call into
TensorFlow, and XLA compilation for small batches through dense layers (see
``benchmarks/training_speed.py``). When the
book is built, it looks each run up in the training cache
(:mod:`aecourse.training_cache`) first.
"""

from __future__ import annotations

import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

import aecourse  # noqa: F401  (sets the TensorFlow environment first)

import keras

from aecourse import build_events
from aecourse.inference import many_models
from aecourse.seeding import check_seed, current_seed
from aecourse.training_cache import CachedRun, TrainingCache, training_key
from aecourse.validation import positive_int

#: Batches per call into TensorFlow: fewer round trips through Python.
STEPS_PER_EXECUTION = 64
#: XLA compilation pays for small batches through deterministic dense layers,
#: whose steps are dominated by overheads. Elsewhere TensorFlow's own kernels
#: are faster on this CPU. Measured, seconds an epoch with and without XLA:
#: the stacked autoencoder (dense, batch 32) 1.5 and 1.8; the VAE (dense,
#: batch 128) 3.5 and 2.6; the convolutional autoencoder (batch 32) 59 and 23;
#: the stacked autoencoder behind a GaussianNoise or Dropout layer (random
#: numbers in every step) about 7 and 1.
XLA_MAX_BATCH_SIZE = 64
XLA_LAYER_TYPES = ("InputLayer", "Dense", "DenseTranspose", "Flatten", "Reshape", "Activation")
#: Batch size of the validation pass (it does not change the validation figures).
VALIDATION_BATCH_SIZE = 1024


@dataclass(frozen=True)
class TrainingRun:
    """What one call to :func:`fit_autoencoder` produced.

    Attributes:
        history: metric name → one value per epoch (``"loss"``, ``"val_loss"``, …).
        seconds: wall-clock training time in seconds, of the run that trained
            the weights (a run taken from the cache reports the original time).
        cache: ``"trained"`` (not in the cache: trained now and stored),
            ``"hit"`` (weights and history taken from the cache) or
            ``"off"`` (no cache in use: trained now).
        key: the cache key of the run, or ``None`` when no cache is in use.
    """

    history: dict[str, list[float]] = field(default_factory=dict)
    seconds: float = 0.0
    cache: Literal["trained", "hit", "off"] = "off"
    key: str | None = None

    @property
    def from_cache(self) -> bool:
        """Whether the weights and the history came from the training cache."""
        return self.cache == "hit"

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


def _benefits_from_xla(model: keras.Model, batch_size: int) -> bool:
    leaves = [layer for layer in model._flatten_layers(include_self=False) if not isinstance(layer, keras.Model)]
    return batch_size <= XLA_MAX_BATCH_SIZE and all(type(layer).__name__ in XLA_LAYER_TYPES for layer in leaves)


def use_fast_execution(model: keras.Model, batch_size: int) -> None:
    """Make ``model`` run :data:`STEPS_PER_EXECUTION` batches per call, with XLA where it pays.

    Neither changes the recipe, only how it runs: the result stays within
    float rounding of plain Keras (``benchmarks/training_speed.py`` measures
    both). XLA is used for batches of at most :data:`XLA_MAX_BATCH_SIZE` through
    models made only of :data:`XLA_LAYER_TYPES`.
    """
    jit = _benefits_from_xla(model, batch_size)
    if model.steps_per_execution != STEPS_PER_EXECUTION or bool(model.jit_compile) != jit:
        model.steps_per_execution = STEPS_PER_EXECUTION
        model.jit_compile = jit
        model.train_function = model.test_function = model.predict_function = None


def fit_autoencoder(
    model: keras.Model,
    x_train: np.ndarray,
    x_val: np.ndarray | None = None,
    *,
    epochs: int,
    batch_size: int = 32,
    seed: int | None = None,
) -> TrainingRun:
    """Train a compiled ``model`` to reconstruct ``x_train`` (inputs are the targets).

    Args:
        model: a compiled Keras model whose outputs have the shape of its inputs.
        x_train: array of shape ``(n, *input_shape)``.
        x_val: optional validation array of the same trailing shape; its losses
            appear in the history as ``val_*``.
        epochs: number of passes over ``x_train`` (positive).
        batch_size: examples per gradient step.
        seed: the random seed set just before training and again just after,
            so that the run (batch order, sampled noise) and what follows it
            do not depend on what ran before. Defaults to the seed of the last
            :func:`~aecourse.seeding.seed_everything` call; with neither, the
            run is not reseeded and never cached.

    Returns:
        A :class:`TrainingRun` with the per-epoch history and the wall time.
        Training prints nothing (no progress bars in the book). Where
        ``$AECOURSE_TRAINING_CACHE`` names a folder (the book build sets it),
        a run whose key (:func:`~aecourse.training_cache.training_key`) is
        there is not trained again: the model gets the stored weights, and the
        run the stored history and time.
    """
    return _fit(model, x_train, None, x_val, None, epochs=epochs, batch_size=batch_size, seed=seed)


def fit_classifier(
    model: keras.Model,
    x_train: np.ndarray,
    y_train: np.ndarray,
    x_val: np.ndarray | None = None,
    y_val: np.ndarray | None = None,
    *,
    epochs: int,
    batch_size: int = 32,
    seed: int | None = None,
) -> TrainingRun:
    """Train a compiled ``model`` to predict the labels ``y_train`` ``(n,)`` of ``x_train`` ``(n, *input_shape)``.

    The same as :func:`fit_autoencoder` (seeding, caching, the returned run)
    with targets of their own: ``y_val`` goes with ``x_val``.
    """
    for name, x, y in (("y_train", x_train, y_train), ("y_val", x_val, y_val)):
        if (x is None) != (y is None):
            raise ValueError(f"give {name} together with its images, or neither.")
        if y is not None and (not isinstance(y, np.ndarray) or y.shape[:1] != x.shape[:1]):
            raise ValueError(f"{name} must be a NumPy array with one target per image ({len(x)}), "
                             f"got {getattr(y, 'shape', type(y).__name__)}.")
    return _fit(model, x_train, y_train, x_val, y_val, epochs=epochs, batch_size=batch_size, seed=seed)


def _fit(model: keras.Model, x_train: np.ndarray, y_train: np.ndarray | None, x_val: np.ndarray | None,
         y_val: np.ndarray | None, *, epochs: int, batch_size: int, seed: int | None) -> TrainingRun:
    """Train ``model`` on ``(x, y)`` pairs, ``y`` being ``x`` where it is ``None``, through the training cache."""
    epochs, batch_size = positive_int("epochs", epochs), positive_int("batch_size", batch_size)
    if seed is not None:
        check_seed(seed)
    if not getattr(model, "compiled", False):
        raise ValueError("The model is not compiled: call model.compile(optimizer=..., loss=...) first.")
    _check_images("x_train", x_train, model.input_shape)
    if x_val is not None:
        _check_images("x_val", x_val, model.input_shape)
    if seed is None:
        seed = current_seed()
    use_fast_execution(model, batch_size)
    cache = TrainingCache.from_environment() if seed is not None else None
    if seed is not None:
        keras.utils.set_random_seed(seed)

    key = None
    cached = None
    status: Literal["trained", "hit", "off"] = "off"
    if cache is not None:
        key, _ = training_key(
            model, x_train, x_val, y_train=y_train, y_val=y_val, epochs=epochs, batch_size=batch_size, seed=seed,
            training_code=[_fit, TrainingCache],
        )
    with cache.claim(key) if cache is not None else nullcontext():
        if cache is not None:
            cached = cache.load(key, model)
            status = "trained" if cached is None else "hit"
        if cached is None:
            cached = _train(model, x_train, y_train, x_val, y_val, epochs=epochs, batch_size=batch_size)
            if cache is not None:
                cache.store(key, model, cached)
    if seed is not None:
        # What follows draws the same numbers whether the run was trained or read.
        keras.utils.set_random_seed(seed)
    run = TrainingRun(cached.history, cached.seconds, status, key)
    build_events.record({"model": model.name, "epochs": run.epochs, "seconds": run.seconds, "cache": run.cache})
    return run


def _train(model: keras.Model, x_train: np.ndarray, y_train: np.ndarray | None, x_val: np.ndarray | None,
           y_val: np.ndarray | None, *, epochs: int, batch_size: int) -> CachedRun:
    start = time.perf_counter()
    with many_models():  # a chapter that trains several models would see spurious re-tracing warnings
        history = model.fit(
            x_train,
            x_train if y_train is None else y_train,
            epochs=epochs,
            batch_size=batch_size,
            validation_data=None if x_val is None else (x_val, x_val if y_val is None else y_val),
            validation_batch_size=VALIDATION_BATCH_SIZE,
            verbose=0,
        )
    seconds = time.perf_counter() - start
    return CachedRun({k: [float(v) for v in vs] for k, vs in history.history.items()}, seconds)


def evaluate_autoencoder(model: keras.Model, x: np.ndarray, batch_size: int = 256) -> dict[str, float]:
    """Loss and metrics of a compiled ``model`` reconstructing ``x`` (shape ``(n, *input_shape)``).

    Returns:
        Metric name → value as a Python float, e.g. ``{"loss": …, "rounded_accuracy": …}``.
    """
    _check_images("x", x, model.input_shape)
    with many_models():
        scores = model.evaluate(x, x, batch_size=batch_size, verbose=0, return_dict=True)
    return {name: float(value) for name, value in scores.items()}


def reconstruct(model: keras.Model, x: np.ndarray, batch_size: int = 256) -> np.ndarray:
    """Run ``model`` on ``x`` without printing; returns an array of ``x``'s shape."""
    _check_images("x", x, model.input_shape)
    with many_models():
        return np.asarray(model.predict(x, batch_size=batch_size, verbose=0))
