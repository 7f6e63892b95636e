"""Exercise (exploring the latent space): attribute vectors in the latent space.

The difference between the mean code of one class and the mean code of
another is a direction in the latent space; adding it to a code, more or
less of it, moves the decoded image from the first class towards the second.
"""

from __future__ import annotations

import numpy as np


def attribute_vector(codes: np.ndarray, labels: np.ndarray, source: int, target: int) -> np.ndarray:
    """The mean code of class ``target`` minus the mean code of class ``source``.

    Args:
        codes: real array-like of shape ``(n, d)``, one code per row.
        labels: integer array-like of shape ``(n,)``, the class of each code.
        source: the class the vector points away from.
        target: the class the vector points towards (``source == target``
            gives a vector of zeros).

    Returns:
        A float32 NumPy array of shape ``(d,)``, computed in float64: the mean
        of the rows of ``codes`` whose label is ``target`` minus the mean of
        the rows whose label is ``source``.

    Raises:
        ValueError: if ``codes`` is not 2-D, if ``labels`` is not of shape
            ``(n,)``, or if no code has the label ``source`` or ``target``.
    """
    # BEGIN SOLUTION hint="Check the shapes; select the rows of each class with a boolean mask (labels == c), refuse an empty selection, and subtract the two means over axis 0."
    codes = np.asarray(codes, dtype=np.float64)
    labels = np.asarray(labels)
    if codes.ndim != 2 or labels.shape != (codes.shape[0],):
        raise ValueError(f"give codes of shape (n, d) and labels of shape (n,), got {codes.shape} and {labels.shape}")
    class_means = []
    for wanted in (source, target):
        members = codes[labels == wanted]
        if len(members) == 0:
            raise ValueError(f"no code has the label {wanted!r}")
        class_means.append(members.mean(axis=0))
    return (class_means[1] - class_means[0]).astype(np.float32)
    # END SOLUTION


def apply_attribute(codes: np.ndarray, vector: np.ndarray, scale: float) -> np.ndarray:
    """``codes + scale * vector``: every code moved by ``scale`` times the attribute vector.

    Args:
        codes: real array-like of shape ``(d,)`` (one code) or ``(n, d)``
            (one code per row).
        vector: real array-like of shape ``(d,)``, e.g. from
            :func:`attribute_vector`.
        scale: a real number; 0 leaves the codes as they are, a negative
            scale moves them the other way.

    Returns:
        A float32 NumPy array of the shape of ``codes``, computed in float64.

    Raises:
        ValueError: if ``vector`` is not 1-D, if ``codes`` is neither 1-D nor
            2-D, or if the last axis of ``codes`` is not as long as ``vector``.
    """
    # BEGIN SOLUTION hint="Check that vector is 1-D and codes' last axis has its length; broadcasting adds scale * vector to every row."
    codes = np.asarray(codes, dtype=np.float64)
    vector = np.asarray(vector, dtype=np.float64)
    if vector.ndim != 1 or codes.ndim not in (1, 2) or codes.shape[-1] != vector.shape[0]:
        raise ValueError(f"give codes of shape (d,) or (n, d) and a vector of shape (d,), "
                         f"got {codes.shape} and {vector.shape}")
    return (codes + float(scale) * vector).astype(np.float32)
    # END SOLUTION
