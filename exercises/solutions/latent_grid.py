"""Exercise (exploring the latent space): a grid of codes for drawing a 2-D latent space.

Decoding the codes of a grid that covers the latent plane and showing the
images in a square draws a map of what the decoder has learned. Placing the
grid at quantiles of the standard normal distribution, the prior of a VAE,
puts as many grid lines where the prior has much mass as where it has little.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import norm


def normal_quantile_grid(n: int, latent_range: float = 0.95) -> np.ndarray:
    """The codes of an ``n`` x ``n`` grid over the 2-D latent plane, row by row from the top.

    The grid's levels are ``q_k = norm.ppf(p_k)`` for ``k = 0, ..., n - 1``
    (``scipy.stats.norm.ppf``, the quantile function of the standard normal
    distribution), where ``p_0, ..., p_{n-1}`` are ``n`` evenly spaced
    probabilities from ``(1 - latent_range) / 2`` to ``(1 + latent_range) / 2``,
    both included (so ``q_0 < ... < q_{n-1}``, ``q_k == -q_{n-1-k}``, and the
    middle level of an odd ``n`` is 0).

    Row ``i * n + j`` of the result (``0 <= i, j < n``) is the code of the
    picture's row ``i`` (counted from the top) and column ``j`` (counted from
    the left): ``(q_j, q_{n-1-i})``. The first coordinate grows from left to
    right along a row; the second is largest in the top row and decreases
    downwards. Decoding the codes in order and showing the images ``n`` per
    row draws the latent space with the first coordinate on the horizontal
    axis and the second on the vertical axis, upwards.

    Args:
        n: images per row and per column, an int ``>= 2`` (bools are rejected).
        latent_range: the probability mass of each axis's standard normal
            distribution that lies between the first and the last level, a
            real number with ``0 < latent_range < 1``.

    Returns:
        A float32 NumPy array of shape ``(n * n, 2)``.

    Raises:
        ValueError: if ``n`` is not an int ``>= 2``, or if ``latent_range`` is
            not strictly between 0 and 1 (NaN included).
    """
    # BEGIN SOLUTION hint="Validate; the levels are norm.ppf of np.linspace(...); then np.meshgrid of the levels and the reversed levels gives the two coordinates, picture row by picture row."
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        raise ValueError(f"n must be an int >= 2, got {n!r}")
    if not 0.0 < latent_range < 1.0:
        raise ValueError(f"latent_range must be strictly between 0 and 1, got {latent_range!r}")
    tail = (1.0 - latent_range) / 2.0
    levels = norm.ppf(np.linspace(tail, 1.0 - tail, int(n)))
    across, down = np.meshgrid(levels, levels[::-1])  # both (n, n): [picture row, picture column]
    return np.stack([across.ravel(), down.ravel()], axis=1).astype(np.float32)
    # END SOLUTION
