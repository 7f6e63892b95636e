"""Exercise (denoising autoencoders chapter): noisy inputs."""

from __future__ import annotations

import numpy as np


def add_gaussian_noise(images: np.ndarray, stddev: float, seed: int) -> np.ndarray:
    """Add Gaussian noise to images and clip the result to ``[0, 1]``.

    Exactly: ``noise = np.random.default_rng(seed).normal(0.0, stddev,
    images.shape)`` (one call, drawn in that order), then
    ``np.clip(images + noise, 0.0, 1.0)`` computed in float64. The input is
    not modified.

    Args:
        images: array-like of any shape ``(n, ...)``, values in ``[0, 1]``.
        stddev: standard deviation of the noise, a real number ``>= 0``
            (``0`` returns the images unchanged, as float64).
        seed: seed of the NumPy generator, a non-negative int; the same seed
            gives the same noise.

    Returns:
        A float64 NumPy array of the shape of ``images``, values in ``[0, 1]``.

    Raises:
        ValueError: if ``stddev`` is negative (or NaN).
    """
    # BEGIN SOLUTION hint="Draw np.random.default_rng(seed).normal(0.0, stddev, images.shape), add it in float64 and np.clip to [0, 1]."
    if not stddev >= 0:
        raise ValueError(f"stddev must be non-negative, got {stddev!r}")
    images = np.asarray(images, dtype=np.float64)
    noise = np.random.default_rng(seed).normal(0.0, stddev, images.shape)
    return np.clip(images + noise, 0.0, 1.0)
    # END SOLUTION
