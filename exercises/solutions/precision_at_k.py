"""Exercise (seeing and searching with codes): precision at k."""

from __future__ import annotations

import numpy as np


def precision_at_k(neighbour_labels: np.ndarray, query_labels: np.ndarray, k: int) -> float:
    """The share of the first ``k`` neighbours of each query that have the query's label, over all queries.

    Args:
        neighbour_labels: integer array ``(n_queries, m)``: the labels of each
            query's neighbours, nearest first (``m >= k``).
        query_labels: integer array ``(n_queries,)``.
        k: how many neighbours count, ``1 <= k <= m``.

    Returns:
        A Python float between 0 and 1.

    Raises:
        ValueError: if the shapes do not match or ``k`` is out of range.
    """
    # BEGIN SOLUTION hint="Keep the first k columns, compare them with the query labels as a column, and take the mean."
    neighbour_labels = np.asarray(neighbour_labels)
    query_labels = np.asarray(query_labels)
    if neighbour_labels.ndim != 2 or query_labels.shape != (len(neighbour_labels),):
        raise ValueError(f"shapes {neighbour_labels.shape} and {query_labels.shape} do not match")
    if not 1 <= k <= neighbour_labels.shape[1]:
        raise ValueError(f"k must be between 1 and {neighbour_labels.shape[1]}, got {k}")
    return float(np.mean(neighbour_labels[:, :k] == query_labels[:, None]))
    # END SOLUTION
