"""Exercise (denoising autoencoders chapter): the peak signal-to-noise ratio."""

from __future__ import annotations

import numpy as np


def psnr(clean: np.ndarray, estimate: np.ndarray) -> float:
    """Peak signal-to-noise ratio in decibels, averaged over the images, for pixels in ``[0, 1]``.

    For each image ``i``: ``mse_i`` is the mean of the squared differences of
    its pixels, and its PSNR is ``10 * log10(1 / mse_i)``. Return the mean of
    the per-image values, as a Python float. Floor each ``mse_i`` at
    ``1e-10`` (so an exact copy scores 100 dB, not infinity).

    Args:
        clean: array-like ``(n, ...)`` of true images.
        estimate: array-like of the same shape: noisy or denoised images.

    Raises:
        ValueError: if the shapes differ, or the arrays hold no image
            (fewer than 2 dimensions, or ``n == 0``).
    """
    # BEGIN SOLUTION hint="Check the shapes; compute each image's mean squared error, floor it at 1e-10, take 10 * log10(1 / mse) and average."
    clean = np.asarray(clean, dtype=np.float64)
    estimate = np.asarray(estimate, dtype=np.float64)
    if clean.shape != estimate.shape:
        raise ValueError(f"shapes differ: {clean.shape} and {estimate.shape}")
    if clean.ndim < 2 or len(clean) == 0:
        raise ValueError(f"give a batch of images, got shape {clean.shape}")
    mse = np.mean((clean - estimate).reshape(len(clean), -1) ** 2, axis=1)
    return float(np.mean(10.0 * np.log10(1.0 / np.maximum(mse, 1e-10))))
    # END SOLUTION
