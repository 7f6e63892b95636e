"""Exercise (stacked autoencoders chapter): rounded accuracy of reconstructions."""

from __future__ import annotations

import numpy as np


def rounded_accuracy(images: np.ndarray, reconstructions: np.ndarray) -> float:
    """Share of pixels that agree once both images are rounded to 0 or 1.

    Args:
        images: array of any shape ``(n, ...)`` with values in ``[0, 1]``.
        reconstructions: array of the same shape, values in ``[0, 1]``.

    Returns:
        A Python float in ``[0, 1]``: the fraction of positions where
        ``round(images) == round(reconstructions)``. Values of exactly 0.5
        round to 0 (NumPy rounds half to even).

    Raises:
        ValueError: if the two arrays differ in shape, or are empty.
    """
    raise NotImplementedError('Check the shapes, then compare np.round of both arrays and take the mean.')
