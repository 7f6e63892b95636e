"""Exercise (learning from few labels): a classifier on a frozen, trained encoder."""

from __future__ import annotations

import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras


def frozen_classifier(encoder: keras.Model, n_classes: int) -> keras.Model:
    """A classifier made of a frozen copy of ``encoder`` and a softmax layer.

    ``encoder`` is a trained ``keras.Sequential`` of ``Dense`` layers (inputs
    ``(batch, n_inputs)``, codes ``(batch, code_size)``). The classifier is
    one flat ``keras.Sequential`` (no nested model): an ``Input`` of the
    encoder's input shape, then one new ``Dense`` layer per layer of the
    encoder, with the same units and activation, **the encoder's trained
    weights** and ``trainable = False``, then a trainable
    ``Dense(n_classes, activation="softmax")``. Training the classifier then
    trains only that last layer, and never changes ``encoder``.

    Args:
        encoder: the trained encoder, left unchanged.
        n_classes: number of classes, at least 2.

    Returns:
        The classifier: inputs ``(batch, n_inputs)``, outputs ``(batch, n_classes)``.

    Raises:
        ValueError: if ``n_classes`` is less than 2.
    """
    raise NotImplementedError("For each layer of encoder.layers: a Dense(layer.units, activation=layer.activation); build the model, then copy each layer's get_weights() into its copy with set_weights and set trainable to False.")
