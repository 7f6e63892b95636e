"""Exercise (linear autoencoders chapter): principal angles between subspaces.

Used to check that a trained linear autoencoder spans the same subspace as
PCA: the angles between the two subspaces are then all close to zero.
"""

from __future__ import annotations

import numpy as np


def principal_angles(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Principal angles between the column spaces of ``a`` and ``b``, in degrees.

    Orthonormalise the columns of each matrix (e.g. with a QR
    decomposition), take the singular values of ``Qa.T @ Qb`` -- the cosines
    of the principal angles -- clip them to ``[-1, 1]`` and convert them to
    angles in degrees.

    Args:
        a: array-like of shape ``(d, p)``, ``p >= 1`` linearly independent columns.
        b: array-like of shape ``(d, q)``, ``q >= 1`` linearly independent
            columns, with the same number of rows ``d`` as ``a``.

    Returns:
        A float64 NumPy array of shape ``(min(p, q),)``, angles in degrees in
        ``[0, 90]``, sorted in ascending order. The result depends only on the
        column spaces (not on the scale or order of the columns), and is
        symmetric in ``a`` and ``b``. All zeros means that one space contains
        the other; 90 means orthogonal directions.

    Raises:
        ValueError: if ``a`` or ``b`` is not 2-D, or if they have different
            numbers of rows.
    """
    raise NotImplementedError('QR-orthonormalise both, take the singular values of Qa.T @ Qb, clip to [-1, 1], arccos, degrees, sort.')
