"""Exercise (seeing and searching with codes): search binary codes by Hamming distance."""

from __future__ import annotations

import numpy as np


def hamming_search(index_bits: np.ndarray, query_bits: np.ndarray, k: int) -> np.ndarray:
    """The ``k`` index codes nearest to each query in Hamming distance, nearest first.

    The Hamming distance of two codes is the number of positions where their
    bits differ. Among codes at the same distance, the one with the smaller
    index comes first.

    Args:
        index_bits: bool array ``(n_index, n_bits)``, the codes searched in.
        query_bits: bool array ``(n_queries, n_bits)``.
        k: neighbours per query, ``1 <= k <= n_index``.

    Returns:
        An integer array ``(n_queries, k)`` of row numbers into ``index_bits``.

    Raises:
        ValueError: if the codes have different numbers of bits or ``k`` is out of range.
    """
    # BEGIN SOLUTION hint="Compare every query with every index code by broadcasting, count the differing bits, then sort each row with a stable sort (np.argsort(..., kind='stable')) and keep k columns."
    index_bits = np.asarray(index_bits, dtype=bool)
    query_bits = np.asarray(query_bits, dtype=bool)
    if index_bits.ndim != 2 or query_bits.ndim != 2 or index_bits.shape[1] != query_bits.shape[1]:
        raise ValueError(f"codes of different sizes: {index_bits.shape} and {query_bits.shape}")
    if not 1 <= k <= len(index_bits):
        raise ValueError(f"k must be between 1 and {len(index_bits)}, got {k}")
    distances = np.sum(query_bits[:, None, :] != index_bits[None, :, :], axis=2)
    return np.argsort(distances, axis=1, kind="stable")[:, :k]
    # END SOLUTION
