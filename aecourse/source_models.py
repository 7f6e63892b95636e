"""The book's reference models, trained as their chapters train them, for the chapters that reuse them.

Several chapters set their model beside the stacked autoencoder of the
stacked-autoencoders chapter, or use its codes or the convolutional
autoencoder's. They train them with these functions, so that each recipe is
written once and every chapter's run has the same training-cache key (the
book trains each model once). A model built right after ``seed_everything``
or after another training run starts from the same weights in every chapter:
``fit_autoencoder`` reseeds after each run.
"""

from __future__ import annotations

import numpy as np

import aecourse  # noqa: F401  (sets the TensorFlow environment first)

import keras

from aecourse.config import Profile, Recipe
from aecourse.metrics import rounded_accuracy
from aecourse.models import (
    Autoencoder,
    build_convolutional_autoencoder,
    build_stacked_autoencoder,
    build_variational_autoencoder,
)
from aecourse.training import TrainingRun, fit_autoencoder

#: The source's recipe: 20 epochs of SGD (learning rate 1.5) in batches of 32.
STACKED_RECIPE = Recipe(epochs=20)
#: The reference run of the convolutional autoencoder: 5 epochs of SGD (learning rate 1.0) in batches of 32.
CONVOLUTIONAL_RECIPE = Recipe(epochs=5)
#: The source's recipe for the variational autoencoder: 25 epochs of RMSprop in batches of 128.
VARIATIONAL_RECIPE = Recipe(epochs=25)


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


def train_source_convolutional_autoencoder(
    x_train: np.ndarray, x_val: np.ndarray, profile: Profile, autoencoder: Autoencoder | None = None
) -> tuple[Autoencoder, TrainingRun]:
    """The convolutional autoencoder (16-32-64 filters, a 3×3×64 code), trained on ``x_train`` ``(n, 28, 28)``.

    Binary cross-entropy, SGD with a learning rate of 1.0, batches of 32, the
    epochs of :data:`CONVOLUTIONAL_RECIPE` as ``profile`` runs it; validated on
    ``x_val``. ``autoencoder`` is the untrained model to train (a chapter that
    shows it first builds it itself), by default a new
    ``build_convolutional_autoencoder()``. Returns the model and its run.
    """
    conv = autoencoder if autoencoder is not None else build_convolutional_autoencoder(filters=(16, 32, 64))
    conv.model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=1.0), loss="binary_crossentropy", metrics=[rounded_accuracy]
    )
    run = fit_autoencoder(conv.model, x_train, x_val, epochs=profile.apply(CONVOLUTIONAL_RECIPE).epochs, batch_size=32)
    return conv, run


def train_source_variational_autoencoder(
    x_train: np.ndarray,
    x_val: np.ndarray,
    profile: Profile,
    autoencoder: Autoencoder | None = None,
    recipe: Recipe = VARIATIONAL_RECIPE,
) -> tuple[Autoencoder, TrainingRun]:
    """A variational autoencoder trained on ``x_train`` ``(n, 28, 28)`` with the source's recipe.

    Binary cross-entropy (plus the KL term the model adds), RMSprop with its
    default learning rate (1e-3), batches of 128, the epochs of ``recipe`` as
    ``profile`` runs it; validated on ``x_val``. ``autoencoder`` is the
    untrained VAE to train, by default a new
    ``build_variational_autoencoder(latent_dim=10, hidden_sizes=(150, 100))``.
    Returns the model and its run.
    """
    vae = autoencoder if autoencoder is not None else build_variational_autoencoder(latent_dim=10,
                                                                                    hidden_sizes=(150, 100))
    vae.model.compile(optimizer=keras.optimizers.RMSprop(), loss="binary_crossentropy", metrics=[rounded_accuracy])
    run = fit_autoencoder(vae.model, x_train, x_val, epochs=profile.apply(recipe).epochs, batch_size=128)
    return vae, run
