"""Generated data: the curved 3-D point cloud of the linear-autoencoder chapter."""

from __future__ import annotations

import numpy as np

from aecourse.validation import positive_int


def generate_3d_data(
    n_points: int,
    w1: float = 0.1,
    w2: float = 0.3,
    noise: float = 0.1,
    seed: int = 4,
) -> np.ndarray:
    """Sample points near a tilted plane in 3-D, centred on the origin.

    The first two coordinates follow a noisy arc (an angle drawn uniformly in
    ``[-0.5, 3π/2 - 0.5)``); the third is ``w1 * x1 + w2 * x2`` plus noise, so
    the cloud is almost flat and a 2-D linear code captures most of it.

    Args:
        n_points: number of points ``m`` (positive).
        w1, w2: slopes of the plane along the first two axes.
        noise: scale of the Gaussian noise.
        seed: seed of the generator; the same seed gives the same points.

    Returns:
        Array of shape ``(m, 3)``, float32, with column means zero.
    """
    positive_int("n_points", n_points)
    if noise < 0:
        raise ValueError(f"noise must be non-negative, got {noise!r}.")
    rng = np.random.default_rng(seed)
    angles = rng.random(n_points) * 3 * np.pi / 2 - 0.5
    data = np.empty((n_points, 3))
    data[:, 0] = np.cos(angles) + np.sin(angles) / 2 + noise * rng.standard_normal(n_points) / 2
    data[:, 1] = np.sin(angles) * 0.7 + noise * rng.standard_normal(n_points) / 2
    data[:, 2] = data[:, 0] * w1 + data[:, 1] * w2 + noise * rng.standard_normal(n_points)
    data -= data.mean(axis=0, keepdims=True)
    return data.astype(np.float32)
