"""Exercise (variational autoencoders chapter): interpolating between codings.

Decoding the codings along a straight line between two codings morphs one
generated image into another.
"""

from __future__ import annotations

import numpy as np


def interpolate_codes(z_start: np.ndarray, z_end: np.ndarray, n_steps: int) -> np.ndarray:
    """Evenly spaced codings on the segment from ``z_start`` to ``z_end``, both included.

    Row ``i`` (``0 <= i < n_steps``) is ``(1 - t_i) * z_start + t_i * z_end``
    with ``t_i = i / (n_steps - 1)``, so the first row equals ``z_start`` and
    the last row equals ``z_end``.

    Args:
        z_start: 1-D array-like of shape ``(K,)``, ``K >= 1``.
        z_end: 1-D array-like of the same shape.
        n_steps: number of codings, an int ``>= 2`` (bools are rejected).

    Returns:
        A float64 NumPy array of shape ``(n_steps, K)``.

    Raises:
        ValueError: if ``n_steps`` is not an int ``>= 2``, if ``z_start`` or
            ``z_end`` is not 1-D, or if their shapes differ.
    """
    # BEGIN SOLUTION hint="Validate, then np.linspace(z_start, z_end, n_steps) gives the rows (or build t with shape (n_steps, 1) and mix)."
    if isinstance(n_steps, bool) or not isinstance(n_steps, (int, np.integer)) or n_steps < 2:
        raise ValueError(f"n_steps must be an int >= 2, got {n_steps!r}")
    z_start = np.asarray(z_start, dtype=np.float64)
    z_end = np.asarray(z_end, dtype=np.float64)
    if z_start.ndim != 1 or z_start.shape != z_end.shape:
        raise ValueError(f"z_start and z_end must be 1-D of equal shape, got {z_start.shape} and {z_end.shape}")
    return np.linspace(z_start, z_end, int(n_steps))
    # END SOLUTION
