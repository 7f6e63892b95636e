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
    # BEGIN SOLUTION hint="For each layer of encoder.layers: a Dense(layer.units, activation=layer.activation); build the model, then copy each layer's get_weights() into its copy with set_weights and set trainable to False."
    if n_classes < 2:
        raise ValueError(f"n_classes must be at least 2, got {n_classes}")
    copies = [keras.layers.Dense(layer.units, activation=layer.activation) for layer in encoder.layers]
    model = keras.Sequential([keras.Input(shape=encoder.input_shape[1:]), *copies,
                              keras.layers.Dense(n_classes, activation="softmax")])
    for copy, layer in zip(copies, encoder.layers):
        copy.set_weights(layer.get_weights())
        copy.trainable = False
    return model
    # END SOLUTION
