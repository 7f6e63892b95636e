"""Exercise (variational autoencoders chapter): the latent (KL divergence) loss."""

from __future__ import annotations

import numpy as np


def kl_divergence(mean: np.ndarray, log_var: np.ndarray) -> np.ndarray:
    """KL divergence from ``N(mean, diag(exp(log_var)))`` to ``N(0, I)``, per sample.

    For each sample ``i``, with ``gamma = log_var[i]`` and ``mu = mean[i]``:
    ``-1/2 * sum_k (1 + gamma_k - exp(gamma_k) - mu_k ** 2)``, summed over the
    ``K`` code dimensions. It is ``>= 0``, and ``0`` exactly when
    ``mean == 0`` and ``log_var == 0``.

    Args:
        mean: array-like of shape ``(n, K)``, the codings' means.
        log_var: array-like of shape ``(n, K)``, the codings' log-variances
            ``log(sigma ** 2)``.

    Returns:
        A float64 NumPy array of shape ``(n,)``, in nats, computed in float64.

    Raises:
        ValueError: if the shapes differ, or if they are not 2-D.
    """
    # BEGIN SOLUTION hint="Check shapes, then -0.5 * sum over axis 1 of (1 + log_var - exp(log_var) - mean ** 2)."
    mean = np.asarray(mean, dtype=np.float64)
    log_var = np.asarray(log_var, dtype=np.float64)
    if mean.shape != log_var.shape:
        raise ValueError(f"shapes differ: {mean.shape} and {log_var.shape}")
    if mean.ndim != 2:
        raise ValueError(f"mean and log_var must have shape (n, K), got {mean.shape}")
    return -0.5 * np.sum(1.0 + log_var - np.exp(log_var) - mean**2, axis=1)
    # END SOLUTION
