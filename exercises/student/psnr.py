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
    raise NotImplementedError("Check the shapes; compute each image's mean squared error, floor it at 1e-10, take 10 * log10(1 / mse) and average.")
