"""Exercise (variational autoencoders chapter): the reparameterisation trick."""

from __future__ import annotations

import numpy as np


def reparameterize(mean: np.ndarray, log_var: np.ndarray, epsilon: np.ndarray) -> np.ndarray:
    """Codings ``z = mean + sigma * epsilon`` with ``sigma = exp(log_var / 2)``.

    ``log_var`` is ``gamma = log(sigma ** 2)``, so the standard deviation is
    ``exp(gamma / 2)``. The noise ``epsilon`` (normally drawn from ``N(0, I)``)
    is given, which makes the result deterministic.

    Args:
        mean: array-like of any shape, e.g. ``(batch, K)``.
        log_var: array-like of the same shape.
        epsilon: array-like of the same shape.

    Returns:
        A float64 NumPy array of that shape, computed elementwise in float64.

    Raises:
        ValueError: if the three shapes are not all equal (no broadcasting).
    """
    raise NotImplementedError('Check that the three shapes are equal, then return mean + exp(log_var / 2) * epsilon in float64.')
