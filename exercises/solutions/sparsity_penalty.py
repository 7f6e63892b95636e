"""Exercise (sparse autoencoders chapter): the KL-divergence sparsity penalty."""

from __future__ import annotations

import numpy as np


def kl_sparsity_penalty(codes: np.ndarray, target: float) -> float:
    """The sparsity penalty ``Σ_j KL(ρ ‖ ρ̂_j)`` of a batch of codes, as a Python float (nats).

    ``ρ̂_j`` is the mean of column ``j`` of ``codes`` (unit ``j``'s mean
    activation over the batch), clipped to ``[1e-7, 1 - 1e-7]`` so that the
    logarithms stay finite, and ``ρ`` is ``target``:
    ``KL(ρ ‖ ρ̂) = ρ log(ρ / ρ̂) + (1 − ρ) log((1 − ρ) / (1 − ρ̂))``
    (natural logarithms).

    Args:
        codes: array-like ``(batch, units)`` of activations in ``[0, 1]``.
        target: ``ρ``, strictly between 0 and 1.

    Raises:
        ValueError: if ``target`` is not strictly between 0 and 1, or ``codes``
            is not 2-D with at least one row.
    """
    # BEGIN SOLUTION hint="Check the inputs; take the mean of each column, clip it, and sum the Bernoulli KL divergences of the target from the means."
    if not 0.0 < target < 1.0:
        raise ValueError(f"target must lie strictly between 0 and 1, got {target!r}")
    codes = np.asarray(codes, dtype=np.float64)
    if codes.ndim != 2 or len(codes) == 0:
        raise ValueError(f"codes must have shape (batch, units), got {codes.shape}")
    means = np.clip(codes.mean(axis=0), 1e-7, 1.0 - 1e-7)
    kl = target * np.log(target / means) + (1.0 - target) * np.log((1.0 - target) / (1.0 - means))
    return float(np.sum(kl))
    # END SOLUTION
