"""Learning from few labels: a classifier that starts from an autoencoder's encoder.

An autoencoder learns from images without labels. When only a few images are
labelled, its trained encoder can be the first layers of a classifier:

- ``"scratch"``: the encoder's architecture with new, random weights, and a
  softmax layer on top, all trained on the labelled images;
- ``"frozen"``: the encoder **with its trained weights**, which stay fixed,
  and a softmax layer on top, the only part trained;
- ``"finetuned"``: the frozen classifier, then every weight trained further
  with a ten times smaller learning rate.

Every way trains for the same number of epochs in all (the fine-tuned one
half frozen, half not) with Adam, in batches of 32, and is scored by its
accuracy on held-out images.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

import numpy as np

import aecourse  # noqa: F401  (sets the TensorFlow environment first)

import keras

from aecourse.computation_cache import cached_call

Start = Literal["scratch", "frozen", "finetuned"]
STARTS: tuple[Start, ...] = ("scratch", "frozen", "finetuned")
LEARNING_RATE = 1e-3
BATCH_SIZE = 32


def copy_encoder(encoder: keras.Model, *, trained_weights: bool) -> keras.Model:
    """A new encoder with ``encoder``'s architecture, and its weights or new random ones.

    The copy shares no variable with ``encoder``: training it leaves the
    autoencoder as it was. ``keras.models.clone_model`` alone gives new random
    weights; ``trained_weights=True`` then copies the trained ones.
    """
    copy = keras.models.clone_model(encoder)
    if trained_weights:
        copy.set_weights(encoder.get_weights())
    return copy


def build_classifier(encoder: keras.Model, n_classes: int = 10) -> keras.Model:
    """``encoder`` followed by a softmax layer of ``n_classes`` units: images ``(batch, ...)`` → probabilities ``(batch, n_classes)``."""
    if isinstance(n_classes, bool) or not isinstance(n_classes, int) or n_classes < 2:
        raise ValueError(f"n_classes must be an int ≥ 2, got {n_classes!r}.")
    return keras.Sequential(
        [keras.Input(shape=encoder.input_shape[1:]), encoder, keras.layers.Dense(n_classes, activation="softmax")],
        name="classifier",
    )


def _compile(model: keras.Model, learning_rate: float) -> None:
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])


@dataclass(frozen=True)
class FewLabelScore:
    """One classifier trained on a few labelled images.

    Attributes:
        accuracy: share of the held-out images classified right.
        seconds: wall-clock training time, in seconds.
    """

    accuracy: float
    seconds: float


def train_classifier(
    encoder: keras.Model,
    start: Start,
    x_labelled: np.ndarray,
    y_labelled: np.ndarray,
    x_test: np.ndarray,
    y_test: np.ndarray,
    *,
    epochs: int,
    seed: int,
) -> FewLabelScore:
    """Train a classifier from ``encoder`` in the way ``start`` names (see the module docstring), and score it.

    Args:
        encoder: the autoencoder's trained encoder, left unchanged.
        start: ``"scratch"``, ``"frozen"`` or ``"finetuned"``.
        x_labelled, y_labelled: the labelled training images ``(n, 28, 28)`` and labels ``(n,)``.
        x_test, y_test: the held-out images and labels the accuracy is measured on.
        epochs: passes over the labelled images in all.
        seed: seeds the new weights and the batch order.

    A book build keeps the score in its computation cache, keyed by the
    encoder's architecture and weights, the data and the settings.
    """
    if start not in STARTS:
        raise ValueError(f"start must be one of {', '.join(STARTS)}, got {start!r}.")
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 2:
        raise ValueError(f"epochs must be an int ≥ 2, got {epochs!r}.")
    y_labelled, y_test = np.asarray(y_labelled), np.asarray(y_test)
    if y_labelled.shape != (len(x_labelled),) or y_test.shape != (len(x_test),):
        raise ValueError("give one label per labelled image and one per test image.")
    return cached_call(_train_classifier, encoder.to_json(), encoder.get_weights(), start,
                       np.asarray(x_labelled), y_labelled, np.asarray(x_test), y_test,
                       epochs=epochs, seed=seed, returns=FewLabelScore)


def _train_classifier(encoder_json: str, encoder_weights: list[np.ndarray], start: Start,
                      x_labelled: np.ndarray, y_labelled: np.ndarray, x_test: np.ndarray, y_test: np.ndarray,
                      *, epochs: int, seed: int) -> FewLabelScore:
    keras.utils.set_random_seed(seed)
    encoder = keras.models.model_from_json(encoder_json)
    if start != "scratch":
        encoder.set_weights(encoder_weights)
    encoder.trainable = start == "scratch"
    classifier = build_classifier(encoder, n_classes=int(max(y_labelled.max(), y_test.max())) + 1)
    fit = dict(batch_size=BATCH_SIZE, verbose=0)
    began = time.perf_counter()
    _compile(classifier, LEARNING_RATE)
    if start == "finetuned":
        classifier.fit(x_labelled, y_labelled, epochs=epochs // 2, **fit)
        encoder.trainable = True
        _compile(classifier, LEARNING_RATE / 10)  # recompiling makes the change of trainable weights count
        classifier.fit(x_labelled, y_labelled, epochs=epochs - epochs // 2, **fit)
    else:
        classifier.fit(x_labelled, y_labelled, epochs=epochs, **fit)
    seconds = time.perf_counter() - began
    accuracy = classifier.evaluate(x_test, y_test, batch_size=1024, verbose=0, return_dict=True)["accuracy"]
    return FewLabelScore(accuracy=float(accuracy), seconds=seconds)


def labelled_subset(y: np.ndarray, n: int, seed: int) -> np.ndarray:
    """Indices of ``n`` images drawn at random without replacement from labels ``y`` ``(N,)``, sorted.

    Raises:
        ValueError: if ``n`` is not between 1 and ``len(y)``.
    """
    y = np.asarray(y)
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= len(y):
        raise ValueError(f"n must be an int between 1 and the {len(y)} images, got {n!r}.")
    return np.sort(np.random.default_rng(seed).choice(len(y), size=n, replace=False))
