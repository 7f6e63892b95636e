"""Exercise (linear autoencoders chapter): the reconstruction error of PCA.

A linear autoencoder with a ``k``-unit code can at best reach the error of
PCA with ``k`` components. This exercise computes that optimum with NumPy.
"""

from __future__ import annotations

import numpy as np


def pca_reconstruction_error(x: np.ndarray, k: int) -> float:
    """Mean squared error of the best affine ``k``-dimensional code of ``x``.

    Centre the data (subtract the column means), project the centred points
    on the ``k`` leading principal directions (the top-``k`` right singular
    vectors of the centred data), map them back, and compare with the centred
    points. The squared differences are averaged over all ``n * d`` entries
    (the ``n`` points and the ``d`` coordinates), like Keras's ``"mse"`` loss.
    Equivalently: the sum of the ``d - k`` smallest eigenvalues of the
    covariance matrix ``centred.T @ centred / n``, divided by ``d``.

    Args:
        x: array-like of shape ``(n, d)``, real numbers (any numeric dtype;
            compute in float64). Requires ``n >= 2``.
        k: number of components, a Python or NumPy int with ``1 <= k <= d``
            (``bool`` is not accepted).

    Returns:
        A Python ``float`` (``>= 0``). It is ``0.0`` (up to rounding) when
        ``k == d`` or when the points lie in an affine subspace of
        dimension ``<= k``.

    Raises:
        ValueError: if ``x`` is not 2-D, if ``n < 2``, or if ``k`` is not an
            int in ``[1, d]``.
    """
    raise NotImplementedError('Centre x, take the SVD, keep the k leading right singular vectors, project and back, then average the squared residuals.')
