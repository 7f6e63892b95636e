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
    raise NotImplementedError('Compute all squared distances, take the k smallest with a stable argsort, and count the votes of each query with np.bincount.')
