"""Exercise (judging generated images): what a classifier says of a set of images.

Besides the Fréchet distance of its features, the classifier that judges
generated images gives two more views: its confidence, the mean of its
highest class probability, and the class histogram, the share of the images
that it puts in each class.
"""

from __future__ import annotations

import numpy as np


def classifier_verdict(probabilities: np.ndarray, n_classes: int | None = None) -> tuple[float, np.ndarray]:
    """The classifier's confidence and the share of the images put in each class.

    Row ``i`` of ``probabilities`` holds the classifier's class probabilities
    for image ``i``. The class of an image is its most probable class; when
    several classes share the highest probability, the image goes to the one
    of lowest index (as ``numpy.argmax`` does). A class that no image goes to
    gets the share 0.

    Args:
        probabilities: real array-like of shape ``(n, k)``, ``n >= 1`` images
            and ``k >= 1`` classes, with every value in ``[0, 1]`` (each row
            sums to 1, which is not checked).
        n_classes: ``None``, or the number of classes ``k``, checked against
            the number of columns of ``probabilities``.

    Returns:
        A tuple ``(confidence, class_shares)``, both computed in float64:
        ``confidence``, a Python ``float``, is the mean over the images of
        their highest class probability; ``class_shares``, a float64 NumPy
        array of shape ``(k,)``, holds in entry ``c`` the number of images of
        class ``c`` divided by ``n`` (the entries sum to 1).

    Raises:
        ValueError: if ``probabilities`` is not 2-D with at least one row and
            one column, if one of its values is not in ``[0, 1]`` (NaN
            included), or if ``n_classes`` is given and is not ``k``.
    """
    # BEGIN SOLUTION hint="Check the shape, the range (NaN fails every comparison) and n_classes; then the mean of .max(axis=1), and np.bincount of .argmax(axis=1), with minlength=k, divided by n."
    probabilities = np.asarray(probabilities, dtype=np.float64)
    if probabilities.ndim != 2 or probabilities.shape[0] < 1 or probabilities.shape[1] < 1:
        raise ValueError(f"probabilities must have shape (n, k) with n >= 1 and k >= 1, got {probabilities.shape}")
    if not np.all((probabilities >= 0.0) & (probabilities <= 1.0)):
        raise ValueError("every probability must be in [0, 1] (and not NaN)")
    n_images, n_columns = probabilities.shape
    if n_classes is not None and n_classes != n_columns:
        raise ValueError(f"n_classes is {n_classes!r} but probabilities has {n_columns} columns")
    confidence = float(probabilities.max(axis=1).mean())
    counts = np.bincount(probabilities.argmax(axis=1), minlength=n_columns)
    return confidence, counts / n_images
    # END SOLUTION
