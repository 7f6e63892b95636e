"""A small convolutional classifier of Fashion-MNIST, whose features judge generated images.

FID scores generated images with the features of an Inception network trained
on ImageNet. For 28×28 clothes, the course trains its own judge:
:func:`build_feature_classifier` makes a two-block convolutional network whose
last hidden layer, named :data:`FEATURE_LAYER`, gives the features that
:mod:`~aecourse.generative.sample_quality` compares.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

import aecourse  # noqa: F401  (sets the TensorFlow environment first)

import keras
from keras import layers

from aecourse.config import Profile, Recipe
from aecourse.inference import run_in_batches
from aecourse.models import IMAGE_SHAPE
from aecourse.training import TrainingRun, fit_classifier
from aecourse.validation import positive_int

#: The name of the penultimate layer, whose outputs are the features.
FEATURE_LAYER = "features"
#: 8 epochs of Adam in batches of 128 on the 55,000 training images.
CLASSIFIER_RECIPE = Recipe(epochs=8)
BATCH_SIZE = 128


def build_feature_classifier(
    n_classes: int = 10,
    filters: Sequence[int] = (16, 32),
    feature_size: int = 128,
    image_shape: Sequence[int] = IMAGE_SHAPE,
) -> keras.Model:
    """Images ``(batch, 28, 28)`` → class probabilities ``(batch, n_classes)``.

    For each entry of ``filters``: a 3×3 convolution (``same`` padding, ReLU)
    and a 2×2 max-pooling (28 → 14 → 7); then the dense :data:`FEATURE_LAYER`
    of ``feature_size`` ReLU units, dropout (0.5) and a softmax layer. With the defaults it has 206,922 parameters.
    """
    n_classes, feature_size = positive_int("n_classes", n_classes), positive_int("feature_size", feature_size)
    image_shape = tuple(image_shape)
    model = keras.Sequential([keras.Input(shape=image_shape), layers.Reshape((*image_shape, 1))],
                             name="feature_classifier")
    for n in filters:
        model.add(layers.Conv2D(n, 3, padding="same", activation="relu"))
        model.add(layers.MaxPool2D(2))
    model.add(layers.Flatten())
    model.add(layers.Dense(feature_size, activation="relu", name=FEATURE_LAYER))
    model.add(layers.Dropout(0.5))
    model.add(layers.Dense(n_classes, activation="softmax"))
    return model


def train_feature_classifier(
    x_train: np.ndarray, y_train: np.ndarray, profile: Profile, classifier: keras.Model | None = None
) -> tuple[keras.Model, TrainingRun]:
    """Train ``classifier`` (by default a new :func:`build_feature_classifier`) on labelled images.

    Sparse categorical cross-entropy, Adam (learning rate 1e-3), batches of
    :data:`BATCH_SIZE`, the epochs of :data:`CLASSIFIER_RECIPE` as ``profile``
    runs it. ``x_train`` is ``(n, 28, 28)`` in [0, 1], ``y_train`` ``(n,)`` class indices.
    """
    classifier = classifier if classifier is not None else build_feature_classifier()
    classifier.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
                       loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    run = fit_classifier(classifier, x_train, np.asarray(y_train), epochs=profile.apply(CLASSIFIER_RECIPE).epochs,
                         batch_size=BATCH_SIZE)
    return classifier, run


def accuracy(classifier: keras.Model, x: np.ndarray, y: np.ndarray) -> float:
    """Share of the images ``x`` ``(n, 28, 28)`` whose most probable class is their label ``y`` ``(n,)``."""
    return float(np.mean(run_in_batches(classifier, x).argmax(axis=1) == np.asarray(y)))


def feature_model(classifier: keras.Model) -> keras.Model:
    """Images ``(batch, 28, 28)`` → (features ``(batch, feature_size)``, class probabilities ``(batch, n_classes)``)."""
    return keras.Model(classifier.inputs[0], [classifier.get_layer(FEATURE_LAYER).output, classifier.outputs[0]])
