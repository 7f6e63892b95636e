"""Metrics for image reconstructions."""

from __future__ import annotations

import aecourse  # noqa: F401  (sets the TensorFlow environment first)

import keras
import numpy as np
from keras import ops


@keras.saving.register_keras_serializable(package="aecourse")
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


def _check_pair(images: np.ndarray, other: np.ndarray, what: str) -> tuple[np.ndarray, np.ndarray]:
    images, other = np.asarray(images, dtype="float64"), np.asarray(other, dtype="float64")
    if images.shape != other.shape:
        raise ValueError(f"images {images.shape} and {what} {other.shape} differ in shape.")
    return images, other


def binary_cross_entropy(images: np.ndarray, probabilities: np.ndarray, epsilon: float = 1e-7) -> float:
    """Mean binary cross-entropy per pixel, in nats, as Keras computes it.

    Args:
        images: targets in ``[0, 1]``, shape ``(n, ...)``.
        probabilities: predicted pixel probabilities, same shape; clipped to
            ``[epsilon, 1 - epsilon]`` like Keras does.
    """
    images, probabilities = _check_pair(images, probabilities, "probabilities")
    p = np.clip(probabilities, epsilon, 1 - epsilon)
    return float(np.mean(-(images * np.log(p) + (1 - images) * np.log(1 - p))))


def binary_cross_entropy_floor(images: np.ndarray, epsilon: float = 1e-7) -> float:
    """The least mean binary cross-entropy that any model can reach on ``images``, in nats per pixel.

    Cross-entropy is smallest when each predicted probability equals its
    target, and then it equals the target's binary entropy
    ``-(x log x + (1 - x) log(1 - x))``, which is 0 only for black or white
    pixels. Grey pixels keep every reconstruction's loss above this floor.
    """
    images = np.asarray(images, dtype="float64")
    return binary_cross_entropy(images, images, epsilon)


def rounded_accuracy_baselines(x_train: np.ndarray, x_eval: np.ndarray) -> dict[str, float]:
    """The rounded accuracy on ``x_eval`` of two reconstructions that ignore their input.

    Returns:
        ``{"all_background": …, "mean_image": …}``: the rounded accuracy of an
        all-zero image (every pixel background), and of the mean training image,
        for every evaluation image. A model must beat both to have learned
        anything about the individual image.
    """
    x_train, x_eval = np.asarray(x_train), np.asarray(x_eval)
    if x_train.shape[1:] != x_eval.shape[1:]:
        raise ValueError(f"x_train images {x_train.shape[1:]} and x_eval images {x_eval.shape[1:]} differ in shape.")
    mean_image = np.broadcast_to(x_train.mean(axis=0), x_eval.shape)
    return {
        "all_background": rounded_accuracy_score(x_eval, np.zeros_like(x_eval)),
        "mean_image": rounded_accuracy_score(x_eval, mean_image),
    }


def nearest_neighbour_distance(images: np.ndarray, reference: np.ndarray, batch_size: int = 256) -> np.ndarray:
    """Root-mean-square pixel distance from each image to its nearest image in ``reference``.

    Args:
        images: array ``(n, ...)`` in ``[0, 1]``.
        reference: array ``(m, ...)`` with the same trailing shape.
        batch_size: images compared at a time (memory: ``batch_size × m`` floats).

    Returns:
        Array ``(n,)``: for each image, ``min_j sqrt(mean((image - reference_j)²))``.
    """
    images = np.asarray(images, dtype="float32").reshape(len(images), -1)
    reference = np.asarray(reference, dtype="float32").reshape(len(reference), -1)
    if images.shape[1] != reference.shape[1]:
        raise ValueError(f"images have {images.shape[1]} values each, reference images {reference.shape[1]}.")
    reference = reference.astype("float64")
    squared_norms = np.sum(reference**2, axis=1)
    distances = np.empty(len(images))
    for start in range(0, len(images), batch_size):
        chunk = images[start:start + batch_size].astype("float64")
        squared = np.sum(chunk**2, axis=1)[:, None] - 2.0 * chunk @ reference.T + squared_norms
        distances[start:start + len(chunk)] = np.sqrt(np.maximum(squared.min(axis=1), 0.0) / images.shape[1])
    return distances


def psnr(clean: np.ndarray, estimate: np.ndarray, max_value: float = 1.0) -> float:
    """Peak signal-to-noise ratio in decibels, averaged over the images.

    For each image, ``10 log10(max_value² / mse)`` with ``mse`` the mean squared
    difference of its pixels; higher is better, +6 dB halves the root-mean-square
    error. An image reproduced exactly would have an infinite PSNR: its error is
    floored at ``1e-10`` (100 dB).

    Args:
        clean: the true images ``(n, ...)``.
        estimate: noisy or denoised images of the same shape.
        max_value: the largest possible pixel value (1 for pixels in ``[0, 1]``).
    """
    clean, estimate = _check_pair(clean, estimate, "estimate")
    if clean.ndim < 2 or len(clean) == 0:
        raise ValueError(f"give a batch of images (n, ...), got shape {clean.shape}.")
    mse = np.mean((clean - estimate).reshape(len(clean), -1) ** 2, axis=1)
    return float(np.mean(10.0 * np.log10(max_value**2 / np.maximum(mse, 1e-10))))
