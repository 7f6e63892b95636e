"""Learning from few labels: a classifier that starts from an autoencoder's encoder.

An autoencoder learns from images without labels. When only a few images are
labelled, its trained encoder can be the first layers of a classifier:

- ``"scratch"``: the encoder's architecture with new, random weights, and a
  head on top (batch normalisation of the code, then a softmax layer), all
  trained on the labelled images;
- ``"frozen"``: the encoder **with its trained weights**, which stay fixed,
  and the head on top, the only part trained;
- ``"finetuned"``: the frozen classifier, then every weight trained further
  with a small learning rate.

Every way trains for the same number of passes over the labelled images (the
fine-tuned one half frozen, half not) with Adam in batches of 32: a learning
rate of 1e-3 for a whole network, 1e-2 for a head alone, 1e-4 for fine-tuning.
Each is scored by its accuracy on held-out images.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

import numpy as np

import aecourse  # noqa: F401  (sets the TensorFlow environment first)

import keras

from aecourse.computation_cache import cached_call
from aecourse.inference import many_models, run_in_batches
from aecourse.validation import positive_int

Start = Literal["scratch", "frozen", "finetuned"]
STARTS: tuple[Start, ...] = ("scratch", "frozen", "finetuned")
#: Adam's learning rate for a network trained whole (from scratch).
LEARNING_RATE = 1e-3
#: Adam's learning rate for the head alone, on a frozen encoder: a small, shallow
#: problem that a ten times larger rate solves in the same steps.
HEAD_LEARNING_RATE = 1e-2
#: Adam's learning rate for fine-tuning every weight, after the head.
FINE_TUNING_LEARNING_RATE = 1e-4
BATCH_SIZE = 32
STEPS_PER_EXECUTION = 32
#: A few labelled images are repeated up to this many images per Keras epoch:
#: the same passes, far fewer of Keras's per-epoch overheads.
IMAGES_PER_EPOCH = 4096
#: Gradient steps that every classifier gets, about (see :func:`passes_for`).
TARGET_STEPS = 1600


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
    """``encoder`` followed by a head: images ``(batch, ...)`` → class probabilities ``(batch, n_classes)``.

    The head normalises each code unit over the batch (``BatchNormalization``:
    the codes of an autoencoder have no set scale, and a softmax layer on
    unscaled codes learns slowly), then applies a softmax layer of
    ``n_classes`` units.
    """
    if isinstance(n_classes, bool) or not isinstance(n_classes, int) or n_classes < 2:
        raise ValueError(f"n_classes must be an int ≥ 2, got {n_classes!r}.")
    return keras.Sequential(
        [keras.Input(shape=encoder.input_shape[1:]), encoder, keras.layers.BatchNormalization(),
         keras.layers.Dense(n_classes, activation="softmax")],
        name="classifier",
    )


def _compile(model: keras.Model, learning_rate: float) -> None:
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  loss="sparse_categorical_crossentropy", steps_per_execution=STEPS_PER_EXECUTION)


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
        epochs: passes over the labelled images in all (at least 2: the
            fine-tuned classifier spends half of them frozen).
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


def starting_classifier(encoder: keras.Model, start: Start, n_classes: int = 10) -> keras.Model:
    """The classifier before training, for the way ``start`` names: a copy of ``encoder`` and a head.

    ``"scratch"``: the copy has new random weights and is trainable;
    ``"frozen"`` and ``"finetuned"``: the copy has ``encoder``'s trained
    weights and is frozen (the fine-tuned classifier unfreezes it later).
    ``encoder`` itself is never changed.
    """
    if start not in STARTS:
        raise ValueError(f"start must be one of {', '.join(STARTS)}, got {start!r}.")
    copy = copy_encoder(encoder, trained_weights=start != "scratch")
    copy.trainable = start == "scratch"
    return build_classifier(copy, n_classes)


def _train_classifier(encoder_json: str, encoder_weights: list[np.ndarray], start: Start,
                      x_labelled: np.ndarray, y_labelled: np.ndarray, x_test: np.ndarray, y_test: np.ndarray,
                      *, epochs: int, seed: int) -> FewLabelScore:
    keras.utils.set_random_seed(seed)
    trained = keras.models.model_from_json(encoder_json)
    trained.set_weights(encoder_weights)
    classifier = starting_classifier(trained, start, n_classes=int(max(y_labelled.max(), y_test.max())) + 1)
    encoder = classifier.layers[0]
    began = time.perf_counter()
    with many_models():  # a chapter trains dozens of classifiers
        _compile(classifier, LEARNING_RATE if start == "scratch" else HEAD_LEARNING_RATE)
        if start == "finetuned":
            _fit(classifier, x_labelled, y_labelled, epochs // 2)
            encoder.trainable = True
            _compile(classifier, FINE_TUNING_LEARNING_RATE)  # recompiling makes the change of trainable weights count
            _fit(classifier, x_labelled, y_labelled, epochs - epochs // 2)
        else:
            _fit(classifier, x_labelled, y_labelled, epochs)
    seconds = time.perf_counter() - began
    predicted = run_in_batches(classifier, x_test).argmax(axis=1)
    return FewLabelScore(accuracy=float(np.mean(predicted == y_test)), seconds=seconds)


def _fit(classifier: keras.Model, x: np.ndarray, y: np.ndarray, passes: int) -> None:
    """``passes`` passes over ``(x, y)``, the images repeated ``r`` times per Keras epoch, ``r`` dividing ``passes``."""
    repeats = max(r for r in range(1, passes + 1) if passes % r == 0 and (r == 1 or r * len(x) <= IMAGES_PER_EPOCH))
    classifier.fit(np.concatenate([x] * repeats), np.concatenate([y] * repeats), epochs=passes // repeats,
                   batch_size=BATCH_SIZE, verbose=0)


def passes_for(n_labelled: int) -> int:
    """Passes over ``n_labelled`` images that make about :data:`TARGET_STEPS` steps of :data:`BATCH_SIZE` (2 to 1,000).

    Every classifier then gets about the same number of gradient steps,
    however few its labelled images: 100 images, 512 passes; 55,000, 2.
    """
    n_labelled = positive_int("n_labelled", n_labelled)
    return max(2, min(1000, round(TARGET_STEPS * BATCH_SIZE / n_labelled)))


def balanced_subset(labels: np.ndarray, per_class: int, seed: int) -> np.ndarray:
    """Sorted indices ``(per_class * n_classes,)`` of ``per_class`` images of each class of ``labels`` ``(N,)``, drawn at random.

    Raises:
        ValueError: if ``per_class`` is below 1 or above the images of some class.
    """
    labels = np.asarray(labels)
    per_class = positive_int("per_class", per_class)
    rng = np.random.default_rng(seed)
    chosen = []
    for label in range(int(labels.max()) + 1):
        members = np.flatnonzero(labels == label)
        if len(members) < per_class:
            raise ValueError(f"class {label} has {len(members)} images, fewer than the {per_class} asked for.")
        chosen.append(rng.choice(members, size=per_class, replace=False))
    return np.sort(np.concatenate(chosen))
