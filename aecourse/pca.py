"""The linear optimum that a linear autoencoder can at best reach: PCA."""

from __future__ import annotations

import numpy as np

from aecourse.computation_cache import cached_call


def _check_data(x: np.ndarray, k: int) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2 or x.shape[0] < 2:
        raise ValueError(f"x must have shape (n, d) with n >= 2, got {x.shape}.")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= x.shape[1]:
        raise ValueError(f"k must be an int between 1 and d={x.shape[1]}, got {k!r}.")
    return x


def principal_components(x: np.ndarray, k: int) -> np.ndarray:
    """The ``k`` leading principal directions of ``x`` (shape ``(n, d)``), as columns ``(d, k)``.

    A book build keeps them in its computation cache: for the 55,000 training
    images the singular value decomposition takes seconds.
    """
    x = _check_data(x, k)
    return cached_call(_principal_components, x, int(k))


def _principal_components(x: np.ndarray, k: int) -> np.ndarray:
    centred = x - x.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    return vt[:k].T


def pca_reconstruction_error(x: np.ndarray, k: int) -> float:
    """Mean squared error of the best affine ``k``-dimensional code of ``x``.

    This is what PCA achieves: project the centred data on its ``k`` leading
    principal directions and back. The error is averaged over the ``n`` points
    and the ``d`` coordinates, like Keras's ``"mse"`` loss, so the two compare
    directly. No linear autoencoder with a ``k``-unit code can do better
    (Baldi & Hornik, 1989).

    Args:
        x: data of shape ``(n, d)``.
        k: code size, ``1 <= k <= d``.
    """
    x = _check_data(x, k)
    centred = x - x.mean(axis=0)
    basis = principal_components(x, k)
    residual = centred - centred @ basis @ basis.T
    return float(np.mean(residual**2))


def principal_angles(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Principal angles between the column spaces of ``a`` (``(d, p)``) and ``b`` (``(d, q)``).

    Returns:
        ``min(p, q)`` angles in degrees, ascending. All zeros means one space
        contains the other.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.ndim != 2 or b.ndim != 2 or a.shape[0] != b.shape[0]:
        raise ValueError(f"a and b must be (d, p) and (d, q) matrices, got {a.shape} and {b.shape}.")
    qa, _ = np.linalg.qr(a)
    qb, _ = np.linalg.qr(b)
    cosines = np.linalg.svd(qa.T @ qb, compute_uv=False)
    return np.sort(np.degrees(np.arccos(np.clip(cosines, -1.0, 1.0))))


def fit_pca(x: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean ``(d,)`` and ``k`` leading principal directions ``(d, k)`` of ``x`` ``(n, d)``."""
    x = _check_data(x, k)
    return x.mean(axis=0), principal_components(x, k)


def pca_reconstruct(x: np.ndarray, mean: np.ndarray, components: np.ndarray) -> np.ndarray:
    """Project ``x`` ``(n, d)`` on the affine subspace ``mean + span(components)`` and back.

    Returns:
        Array ``(n, d)``: the best reconstruction of each row within that subspace.
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] != components.shape[0]:
        raise ValueError(f"x must have shape (n, {components.shape[0]}), got {x.shape}.")
    centred = x - mean
    return mean + centred @ components @ components.T


def pca_codes(x: np.ndarray, mean: np.ndarray, components: np.ndarray) -> np.ndarray:
    """Coordinates ``(n, k)`` of ``x`` ``(n, d)`` on ``components`` ``(d, k)`` about ``mean``: PCA's codes."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] != components.shape[0]:
        raise ValueError(f"x must have shape (n, {components.shape[0]}), got {x.shape}.")
    return (x - mean) @ components


def pca_project(x: np.ndarray, k: int) -> np.ndarray:
    """Coordinates ``(n, k)`` of ``x`` ``(n, d)`` on its own ``k`` leading principal directions, centred."""
    mean, components = fit_pca(x, k)
    return pca_codes(x, mean, components)
