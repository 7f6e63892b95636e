"""Exercise (stacked autoencoders chapter): build a symmetric dense autoencoder."""

from __future__ import annotations

import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np


def build_stacked_autoencoder(n_inputs: int, hidden_sizes, activation: str = "selu") -> keras.Model:
    """A symmetric stacked (dense) autoencoder for flat inputs, e.g. 784-100-30-100-784.

    The model takes inputs of shape ``(batch, n_inputs)`` and returns outputs
    of the same shape. It is a single, flat model (a ``keras.Sequential``,
    or a functional model) with no nested models: besides its input, its
    ``layers`` are only ``keras.layers.Dense`` layers, in this order:

    * the encoder: one ``Dense(size, activation=activation)`` per entry of
      ``hidden_sizes``, in order; the last entry is the coding size;
    * the decoder, which mirrors the encoder: one
      ``Dense(size, activation=activation)`` per entry of ``hidden_sizes``
      except the last, in reverse order, then ``Dense(n_inputs,
      activation="sigmoid")``, so outputs are in ``(0, 1)``.

    So there are ``2 * len(hidden_sizes)`` dense layers, all with biases, and
    their widths (``units``) are ``[*hidden_sizes, *reversed(hidden_sizes[:-1]),
    n_inputs]``. For example ``build_stacked_autoencoder(784, [100, 30])`` has
    layers of widths 100, 30, 100, 784 and 81,530 + 82,284 = 163,814
    parameters. The model need not be compiled.

    Args:
        n_inputs: number of input features, a positive int.
        hidden_sizes: non-empty list or tuple of positive ints (bools are
            rejected), the encoder's layer widths.
        activation: name of the activation of every layer except the output
            one, e.g. ``"selu"`` (default) or ``"relu"``.

    Returns:
        A ``keras.Model`` mapping ``(batch, n_inputs)`` to ``(batch, n_inputs)``.

    Raises:
        ValueError: if ``n_inputs`` is not a positive int, or if
            ``hidden_sizes`` is empty or holds anything but positive ints.
    """
    raise NotImplementedError('Validate, then stack Dense layers with the widths hidden_sizes, then the reversed hidden_sizes without the last one, then Dense(n_inputs, sigmoid).')
