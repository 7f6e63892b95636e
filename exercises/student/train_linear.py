"""Exercise (linear autoencoders chapter): train a linear autoencoder.

A linear autoencoder trained on the mean squared error reaches (at best) the
error of PCA with as many components as it has codings.
"""

from __future__ import annotations

import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np


def train_linear_autoencoder(x: np.ndarray, n_codings: int, epochs: int, seed: int) -> float:
    """Train a linear autoencoder on ``x`` and return its final mean squared error.

    Exactly:

    1. Call ``keras.utils.set_random_seed(seed)`` first.
    2. Build the model ``d -> n_codings -> d``: an input of shape ``(d,)``,
       a ``Dense(n_codings)`` layer and a ``Dense(d)`` layer, both with no
       activation (linear), with biases and Keras's default initialisers.
    3. Compile it with ``optimizer=keras.optimizers.Adam(learning_rate=0.05)``
       and ``loss="mse"``.
    4. Train it to reproduce its inputs (targets are ``x``) with ``epochs``
       full-batch steps: one step per epoch, each on all ``n`` points, as
       ``model.fit(x, x, batch_size=n, epochs=epochs, shuffle=False, verbose=0)``
       would do. (Tip: fitting ``np.tile(x, (epochs, 1))`` for a single epoch
       with ``batch_size=n`` and ``shuffle=False`` takes the same steps and
       runs much faster.)
    5. Return the mean squared error of the trained model on ``x``: the mean,
       over all ``n * d`` entries, of ``(model(x) - x) ** 2``.

    On centred data with a few hundred epochs the result comes within a few
    percent of the PCA error with ``n_codings`` components, and never below
    it (up to float32 rounding).

    Args:
        x: array of shape ``(n, d)``, float32 (convert other dtypes to
            float32), ``n >= 1``.
        n_codings: code size, an int with ``1 <= n_codings <= d``.
        epochs: number of full-batch gradient steps, an int ``>= 1``.
        seed: the random seed, a non-negative int.

    Returns:
        The final MSE on ``x``, as a Python ``float``. The same arguments
        give the same result.

    Raises:
        ValueError: if ``x`` is not 2-D or is empty, if ``n_codings`` is not
            in ``[1, d]``, or if ``epochs < 1``.
    """
    raise NotImplementedError('Seed, build Sequential([Input, Dense(n_codings), Dense(d)]), compile with Adam(0.05) and mse, take epochs full-batch steps, return the mean of (model(x) - x) ** 2.')
