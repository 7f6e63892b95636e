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
    raise NotImplementedError('Check shapes, then -0.5 * sum over axis 1 of (1 + log_var - exp(log_var) - mean ** 2).')
