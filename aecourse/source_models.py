"""The source chapter's stacked autoencoder, trained as its chapter trains it, for chapters that compare with it.

Several chapters set their model beside the stacked autoencoder of the
stacked-autoencoders chapter. They train it with this one function, so that
the recipe is written once and every chapter's run has the same training-cache
key as the others (the book trains it once).
"""

from __future__ import annotations

import numpy as np

import aecourse  # noqa: F401  (sets the TensorFlow environment first)

import keras

from aecourse.config import Profile, Recipe
from aecourse.metrics import rounded_accuracy
from aecourse.models import Autoencoder, build_stacked_autoencoder
from aecourse.training import fit_autoencoder

#: The source's recipe: 20 epochs of SGD (learning rate 1.5) in batches of 32.
STACKED_RECIPE = Recipe(epochs=20)


def train_source_stacked_autoencoder(x_train: np.ndarray, x_val: np.ndarray, profile: Profile) -> Autoencoder:
    """The 784-100-30-100-784 SELU autoencoder, trained on ``x_train`` ``(n, 28, 28)`` with the source's recipe.

    Binary cross-entropy, SGD with a learning rate of 1.5, batches of 32,
    the epochs of :data:`STACKED_RECIPE` as ``profile`` runs it; validated on
    ``x_val``. Returns the trained autoencoder.
    """
    stacked = build_stacked_autoencoder(hidden_sizes=(100, 30))
    stacked.model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=1.5), loss="binary_crossentropy", metrics=[rounded_accuracy]
    )
    fit_autoencoder(stacked.model, x_train, x_val, epochs=profile.apply(STACKED_RECIPE).epochs, batch_size=32)
    return stacked
