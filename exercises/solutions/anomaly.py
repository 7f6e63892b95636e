"""Exercise (finding anomalies): anomaly detection by reconstruction error.

An autoencoder trained on normal data reconstructs anomalies badly. The
reconstruction error of a sample is its anomaly score; a threshold on the
score, chosen on normal data for a given false-positive rate, flags anomalies.
"""

from __future__ import annotations

import numpy as np


def reconstruction_errors(x: np.ndarray, reconstructions: np.ndarray) -> np.ndarray:
    """Per-sample mean squared reconstruction error.

    Args:
        x: array of shape ``(n, ...)`` with at least 2 dimensions (a batch of
            ``n`` samples, each a vector or an image), any real dtype.
        reconstructions: array of exactly the same shape.

    Returns:
        A float64 NumPy array of shape ``(n,)``: entry ``i`` is the mean of
        ``(x[i] - reconstructions[i]) ** 2`` over all the non-batch axes
        (e.g. over the 28 x 28 pixels of an image), computed in float64.

    Raises:
        ValueError: if the shapes differ, or if ``x`` has fewer than 2 dimensions.
    """
    # BEGIN SOLUTION hint="Check the shapes, then square the float64 difference and average it over every axis but the first."
    x = np.asarray(x, dtype=np.float64)
    reconstructions = np.asarray(reconstructions, dtype=np.float64)
    if x.shape != reconstructions.shape:
        raise ValueError(f"shapes differ: {x.shape} and {reconstructions.shape}")
    if x.ndim < 2:
        raise ValueError(f"x must have shape (n, ...) with at least 2 dimensions, got {x.shape}")
    return np.mean((x - reconstructions) ** 2, axis=tuple(range(1, x.ndim)))
    # END SOLUTION


def threshold_at_false_positive_rate(normal_scores: np.ndarray, rate: float) -> float:
    """Smallest threshold that flags at most a share ``rate`` of normal samples.

    A sample is flagged as an anomaly when its score is strictly greater than
    the threshold ``t``. The returned ``t`` is the smallest value *among the
    normal scores* such that ``count(normal_scores > t) / n <= rate``, where
    ``n`` is the number of scores and the division and comparison are done
    in floating point. Such a score always exists (the maximum qualifies).

    Examples: with scores ``[1, 2, 3, 4]``, ``rate=0`` gives ``4.0``,
    ``rate=0.25`` gives ``3.0``, ``rate=0.3`` gives ``3.0``, ``rate=0.5``
    gives ``2.0`` and ``rate=1`` gives ``1.0``. With ties, e.g. scores
    ``[1, 2, 2, 2]`` and ``rate=0.25``: ``t=2`` flags no sample, ``t=1``
    flags three, so the answer is ``2.0``.

    Args:
        normal_scores: 1-D array-like of real anomaly scores of normal
            samples, non-empty, in any order.
        rate: the tolerated false-positive rate, a real number in ``[0, 1]``.

    Returns:
        The threshold, a Python ``float`` (one of the scores).

    Raises:
        ValueError: if ``normal_scores`` is not 1-D or is empty, or if
            ``rate`` is not in ``[0, 1]`` (NaN included).
    """
    # BEGIN SOLUTION hint="Sort the scores; for each candidate count the scores strictly above it; return the first candidate whose count divided by n is at most rate."
    scores = np.asarray(normal_scores, dtype=np.float64)
    if scores.ndim != 1 or scores.size == 0:
        raise ValueError(f"normal_scores must be a non-empty 1-D array, got shape {scores.shape}")
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"rate must be in [0, 1], got {rate!r}")
    ordered = np.sort(scores)
    n = ordered.size
    above = n - np.searchsorted(ordered, ordered, side="right")
    acceptable = above / n <= rate
    return float(ordered[np.argmax(acceptable)])
    # END SOLUTION
