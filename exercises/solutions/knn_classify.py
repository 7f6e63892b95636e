"""Exercise (seeing and searching with codes): a k-nearest-neighbour classifier."""

from __future__ import annotations

import numpy as np


def knn_classify(index_codes: np.ndarray, index_labels: np.ndarray, query_codes: np.ndarray, k: int) -> np.ndarray:
    """The label of each query: the most common label among its ``k`` nearest index codes.

    Distances are Euclidean. Among index codes at equal distance, the one that
    comes first in ``index_codes`` is nearer. Among labels with equal votes,
    the smallest label wins.

    Args:
        index_codes: ``(n_index, d)`` codes of labelled images.
        index_labels: ``(n_index,)`` non-negative integer labels.
        query_codes: ``(n_queries, d)`` codes to classify.
        k: neighbours that vote, ``1 <= k <= n_index``.

    Returns:
        Integer array ``(n_queries,)``.

    Raises:
        ValueError: if the shapes do not match or ``k`` is out of range.
    """
    # BEGIN SOLUTION hint="Compute all squared distances, take the k smallest with a stable argsort, and count the votes of each query with np.bincount."
    index_codes = np.asarray(index_codes, dtype=np.float64)
    query_codes = np.asarray(query_codes, dtype=np.float64)
    index_labels = np.asarray(index_labels)
    if index_codes.ndim != 2 or query_codes.ndim != 2 or index_codes.shape[1] != query_codes.shape[1]:
        raise ValueError(f"codes must be (n, d) with the same d, got {index_codes.shape} and {query_codes.shape}")
    if index_labels.shape != (len(index_codes),):
        raise ValueError(f"give one label per index code, got {index_labels.shape}")
    if not 1 <= k <= len(index_codes):
        raise ValueError(f"k must be between 1 and {len(index_codes)}, got {k}")
    distances = ((query_codes[:, None, :] - index_codes[None, :, :]) ** 2).sum(axis=-1)
    nearest = np.argsort(distances, axis=1, kind="stable")[:, :k]
    n_labels = int(index_labels.max()) + 1
    return np.array([np.bincount(index_labels[row], minlength=n_labels).argmax() for row in nearest])
    # END SOLUTION
