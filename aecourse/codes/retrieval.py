"""Searching by codes: nearest neighbours, k-NN classification and precision@k.

An index holds the codes of labelled images (``(n, d)``); a query is the code
of a new image. The neighbours are found by scikit-learn (Euclidean distance,
exact search; for codes of bits see :mod:`aecourse.codes.hashing`); the figures computed from them are those of the published
benchmarks: the accuracy of the 1-NN and 5-NN classifiers (the query gets the
most common label among its k nearest images, a tie going to the smallest
label, as in scikit-learn's ``KNeighborsClassifier``), and precision@k, the
share of the k nearest images that are in the query's class.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from sklearn.neighbors import NearestNeighbors

from aecourse.computation_cache import cached_call


def as_vectors(codes: np.ndarray) -> np.ndarray:
    """Codes of any shape ``(n, ...)`` as rows of a float32 matrix ``(n, d)`` (a 3×3×64 code: 576 numbers)."""
    codes = np.asarray(codes)
    if codes.ndim < 2 or len(codes) == 0:
        raise ValueError(f"codes must have shape (n, ...) with n ≥ 1, got {codes.shape}.")
    return codes.reshape(len(codes), -1).astype(np.float32, copy=False)


def nearest_neighbours(index_codes: np.ndarray, query_codes: np.ndarray, k: int) -> tuple[np.ndarray, float]:
    """The ``k`` nearest index codes of every query, nearest first, and the search time.

    Args:
        index_codes: ``(n_index, ...)`` codes to search in.
        query_codes: ``(n_query, ...)`` codes of the same size.
        k: neighbours per query, 1 ≤ k ≤ n_index.

    Returns:
        ``(indices, seconds)``: ``indices`` ``(n_query, k)`` into ``index_codes``;
        ``seconds``, the wall-clock time of the search alone (not the indexing).
    """
    index = as_vectors(index_codes)
    queries = as_vectors(query_codes)
    if index.shape[1] != queries.shape[1]:
        raise ValueError(f"index codes have {index.shape[1]} numbers, queries {queries.shape[1]}.")
    if not 1 <= k <= len(index):
        raise ValueError(f"k must be between 1 and the {len(index)} indexed codes, got {k}.")
    searcher = NearestNeighbors(n_neighbors=k, algorithm="brute").fit(index)
    start = time.perf_counter()
    indices = searcher.kneighbors(queries, return_distance=False)
    return indices, time.perf_counter() - start


def majority_vote(neighbour_labels: np.ndarray) -> np.ndarray:
    """The most common label of each row ``(n, k)`` of integer labels; a tie goes to the smallest label."""
    neighbour_labels = np.asarray(neighbour_labels)
    if neighbour_labels.ndim != 2 or neighbour_labels.shape[1] == 0:
        raise ValueError(f"neighbour_labels must have shape (n, k) with k ≥ 1, got {neighbour_labels.shape}.")
    n_classes = int(neighbour_labels.max()) + 1
    counts = np.zeros((len(neighbour_labels), n_classes), dtype=np.int64)
    np.add.at(counts, (np.arange(len(neighbour_labels))[:, None], neighbour_labels), 1)
    return counts.argmax(axis=1)  # argmax takes the first, i.e. smallest, of equal counts


def precision_at_k(neighbour_labels: np.ndarray, query_labels: np.ndarray) -> float:
    """The share of neighbours ``(n, k)`` whose label is their query's ``(n,)``, over all queries."""
    neighbour_labels = np.asarray(neighbour_labels)
    query_labels = np.asarray(query_labels)
    if neighbour_labels.ndim != 2 or query_labels.shape != (len(neighbour_labels),):
        raise ValueError(
            f"give neighbour labels (n, k) and query labels (n,), got {neighbour_labels.shape} and {query_labels.shape}."
        )
    return float(np.mean(neighbour_labels == query_labels[:, None]))


@dataclass(frozen=True)
class SearchScores:
    """How well one representation retrieves images of the query's class.

    Attributes:
        knn1_accuracy, knn5_accuracy: accuracy of the 1-NN and 5-NN classifiers.
        precision_at_10: share of the 10 nearest images in the query's class.
        seconds_per_query: search time per query image, in seconds.
    """

    knn1_accuracy: float
    knn5_accuracy: float
    precision_at_10: float
    seconds_per_query: float


def search_scores(
    index_codes: np.ndarray, index_labels: np.ndarray, query_codes: np.ndarray, query_labels: np.ndarray
) -> SearchScores:
    """Search the 10 nearest index codes of every query and score them (:class:`SearchScores`).

    A book build keeps the scores, search time included, in its computation
    cache (:mod:`aecourse.computation_cache`).
    """
    index_labels = np.asarray(index_labels)
    query_labels = np.asarray(query_labels)
    if index_labels.shape != (len(index_codes),) or query_labels.shape != (len(query_codes),):
        raise ValueError("give one label per index code and one per query code.")
    return cached_call(_search_scores, as_vectors(index_codes), index_labels, as_vectors(query_codes), query_labels,
                       returns=SearchScores)


def _search_scores(index_codes: np.ndarray, index_labels: np.ndarray, query_codes: np.ndarray,
                   query_labels: np.ndarray) -> SearchScores:
    indices, seconds = nearest_neighbours(index_codes, query_codes, k=10)
    labels = index_labels[indices]
    return SearchScores(
        knn1_accuracy=float(np.mean(labels[:, 0] == query_labels)),
        knn5_accuracy=float(np.mean(majority_vote(labels[:, :5]) == query_labels)),
        precision_at_10=precision_at_k(labels, query_labels),
        seconds_per_query=seconds / len(query_labels),
    )
