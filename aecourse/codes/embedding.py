"""Maps of codes in two dimensions: t-SNE, and how much neighbourhood a map keeps.

Both come from scikit-learn. t-SNE places points so that near neighbours in
the codes stay near on the map; it says little about distances between
clusters. Trustworthiness (Venna and Kaski) measures, from 0 to 1, how far a
map avoids bringing together points that were far apart: 1 means that every
point's nearest neighbours on the map were among its nearest neighbours in the
codes.
"""

from __future__ import annotations

import numpy as np
from sklearn.manifold import TSNE, trustworthiness

from aecourse.computation_cache import cached_call
from aecourse.codes.retrieval import as_vectors

#: Neighbours that trustworthiness looks at.
TRUSTWORTHINESS_NEIGHBOURS = 5


def tsne_map(codes: np.ndarray, seed: int, perplexity: float = 30.0) -> np.ndarray:
    """A 2-D t-SNE map ``(n, 2)`` of ``codes`` ``(n, ...)``, the same for the same seed.

    Initialised with PCA (scikit-learn's default), learning rate ``"auto"``.
    A book build keeps the map in its computation cache
    (:mod:`aecourse.computation_cache`).
    """
    vectors = as_vectors(codes)
    if len(vectors) <= 3 * perplexity:
        raise ValueError(f"t-SNE with perplexity {perplexity} needs more than {3 * perplexity:.0f} points, got {len(vectors)}.")
    return cached_call(_tsne, vectors, int(seed), float(perplexity))


def _tsne(vectors: np.ndarray, seed: int, perplexity: float) -> np.ndarray:
    return TSNE(n_components=2, perplexity=perplexity, init="pca", learning_rate="auto",
                random_state=seed).fit_transform(vectors)


def map_trustworthiness(codes: np.ndarray, points_2d: np.ndarray) -> float:
    """How well the map ``points_2d`` ``(n, 2)`` keeps the neighbourhoods of ``codes`` ``(n, ...)``: 0 to 1."""
    vectors = as_vectors(codes)
    points_2d = np.asarray(points_2d, dtype=np.float64)
    if points_2d.shape != (len(vectors), 2):
        raise ValueError(f"points_2d must have shape ({len(vectors)}, 2), got {points_2d.shape}.")
    return float(cached_call(_trustworthiness, vectors, points_2d))


def _trustworthiness(vectors: np.ndarray, points_2d: np.ndarray) -> np.ndarray:
    return np.asarray(trustworthiness(vectors, points_2d, n_neighbors=TRUSTWORTHINESS_NEIGHBOURS))
