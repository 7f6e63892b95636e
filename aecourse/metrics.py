"""Metrics for image reconstructions."""

from __future__ import annotations

import aecourse  # noqa: F401  (sets the TensorFlow environment first)

import keras
import numpy as np
from keras import ops


def rounded_accuracy(y_true, y_pred):
    """Share of pixels on the right side of 0.5 after rounding both images.

    Images are in ``[0, 1]``. Both tensors are rounded to 0 or 1 and compared
    pixel by pixel, so the metric reads as "the fraction of pixels that the
    reconstruction gets right in black and white".

    Args:
        y_true: tensor of shape ``(batch, ...)`` with values in ``[0, 1]``.
        y_pred: tensor of the same shape.

    Returns:
        Tensor of the inputs' shape: 1.0 where the rounded pixels agree, 0.0
        where they differ (Keras averages it over pixels and batches).
    """
    return keras.metrics.binary_accuracy(ops.round(y_true), ops.round(y_pred))


def rounded_accuracy_score(images: np.ndarray, reconstructions: np.ndarray) -> float:
    """:func:`rounded_accuracy` over a whole set, as a Python float.

    Args:
        images, reconstructions: arrays of equal shape ``(n, ...)`` in ``[0, 1]``.
    """
    images = np.asarray(images)
    reconstructions = np.asarray(reconstructions)
    if images.shape != reconstructions.shape:
        raise ValueError(f"images {images.shape} and reconstructions {reconstructions.shape} differ in shape.")
    return float(np.mean(np.round(images) == np.round(reconstructions)))
