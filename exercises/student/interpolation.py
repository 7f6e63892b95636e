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
    raise NotImplementedError('Validate, then np.linspace(z_start, z_end, n_steps) gives the rows (or build t with shape (n_steps, 1) and mix).')
