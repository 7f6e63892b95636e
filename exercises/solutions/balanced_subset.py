"""Exercise (learning from few labels): draw the same number of labelled images from each class."""

from __future__ import annotations

import numpy as np


def balanced_subset(labels: np.ndarray, per_class: int, seed: int) -> np.ndarray:
    """Indices of ``per_class`` images of each class, drawn at random without replacement.

    Args:
        labels: 1-D integer array of the images' classes ``0 .. n_classes - 1``
            (every class in that range occurs at least once).
        per_class: images to draw from each class, at least 1.
        seed: seed of ``np.random.default_rng``: the same seed gives the same
            subset, another seed (almost always) another one.

    Returns:
        A sorted 1-D integer array of ``per_class * n_classes`` distinct
        indices into ``labels``.

    Raises:
        ValueError: if ``per_class`` is less than 1 or more than the images of
            some class.
    """
    # BEGIN SOLUTION hint="For each class, np.flatnonzero(labels == c) gives its indices; rng.choice(..., size=per_class, replace=False) draws some; concatenate and sort."
    labels = np.asarray(labels)
    if per_class < 1:
        raise ValueError(f"per_class must be at least 1, got {per_class}")
    generator = np.random.default_rng(seed)
    chosen = []
    for label in range(int(labels.max()) + 1):
        members = np.flatnonzero(labels == label)
        if len(members) < per_class:
            raise ValueError(f"class {label} has {len(members)} images, fewer than {per_class}")
        chosen.append(generator.choice(members, size=per_class, replace=False))
    return np.sort(np.concatenate(chosen))
    # END SOLUTION
