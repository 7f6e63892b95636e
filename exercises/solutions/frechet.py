"""Exercise (judging generated images): the Fréchet distance between two Gaussians.

The Fréchet inception distance (FID) of a generative model fits one Gaussian
to features of real images and one to features of generated images, and
reports the Fréchet distance between the two.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg


def frechet_distance(mean_1: np.ndarray, cov_1: np.ndarray, mean_2: np.ndarray, cov_2: np.ndarray) -> float:
    """The Fréchet distance between ``N(mean_1, cov_1)`` and ``N(mean_2, cov_2)``.

    With ``m1, C1, m2, C2`` the two means and covariance matrices, it is
    ``||m1 - m2|| ** 2 + tr(C1 + C2 - 2 * (C1 @ C2) ** (1/2))``, where
    ``(C1 @ C2) ** (1/2)`` is the matrix square root of the product (a matrix
    ``S`` with ``S @ S == C1 @ C2``), not an element-wise square root. Compute
    it with ``scipy.linalg.sqrtm(cov_1 @ cov_2)`` and keep its real part
    (rounding can leave tiny imaginary parts). Work in float64. Rounding can
    also make the distance of two (nearly) equal Gaussians a tiny negative
    number: return ``0.0`` then. The distance is symmetric in the two
    Gaussians. For 1-D Gaussians with standard deviations ``s1`` and ``s2``,
    it is ``(m1 - m2) ** 2 + (s1 - s2) ** 2``.

    Args:
        mean_1: array-like of shape ``(d,)``, ``d >= 1``, the first mean.
        cov_1: array-like of shape ``(d, d)``, the first covariance matrix
            (symmetric, positive definite).
        mean_2: array-like of shape ``(d,)``, the second mean.
        cov_2: array-like of shape ``(d, d)``, the second covariance matrix.

    Returns:
        The distance, a non-negative Python ``float``.

    Raises:
        ValueError: if a mean is not of shape ``(d,)`` or a covariance matrix
            not of shape ``(d, d)``, with one ``d`` for all four.
    """
    # BEGIN SOLUTION hint="Check the four shapes; then the squared norm of the mean difference, plus the traces, minus twice the trace of np.real(scipy.linalg.sqrtm(cov_1 @ cov_2)); clip below at 0."
    mean_1, mean_2 = np.asarray(mean_1, dtype=np.float64), np.asarray(mean_2, dtype=np.float64)
    cov_1, cov_2 = np.asarray(cov_1, dtype=np.float64), np.asarray(cov_2, dtype=np.float64)
    d = mean_1.shape[0] if mean_1.ndim == 1 else -1
    if d < 1 or mean_2.shape != (d,) or cov_1.shape != (d, d) or cov_2.shape != (d, d):
        raise ValueError(f"give means of shape (d,) and covariances of shape (d, d), got {mean_1.shape}, "
                         f"{cov_1.shape}, {mean_2.shape} and {cov_2.shape}")
    root_of_product = np.real(scipy.linalg.sqrtm(cov_1 @ cov_2))
    squared_mean_gap = float(np.sum((mean_1 - mean_2) ** 2))
    spread_gap = float(np.trace(cov_1) + np.trace(cov_2) - 2.0 * np.trace(root_of_product))
    return max(squared_mean_gap + spread_gap, 0.0)
    # END SOLUTION
