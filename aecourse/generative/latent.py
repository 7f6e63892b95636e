"""Points of a latent space to decode: samples of the prior, a grid of the plane, attribute vectors."""

from __future__ import annotations

import numpy as np
from scipy.stats import norm

import aecourse  # noqa: F401  (sets the TensorFlow environment first)

import keras

from aecourse.generative.feature_classifier import accuracy
from aecourse.inference import run_in_batches
from aecourse.validation import positive_int


def generate(decoder: keras.Model, n: int, seed: int) -> np.ndarray:
    """``n`` images ``(n, *image_shape)`` decoded from codes drawn from the prior N(0, I) with NumPy's ``seed``."""
    n = positive_int("n", n)
    latent_dim = decoder.input_shape[-1]
    codes = np.random.default_rng(seed).standard_normal((n, latent_dim)).astype("float32")
    return run_in_batches(decoder, codes)


def normal_quantile_grid(n: int, coverage: float = 0.9) -> np.ndarray:
    """The codes ``(n * n, 2)`` of an n×n grid over a 2-D latent plane, at quantiles of N(0, 1).

    Along each axis the grid takes the quantiles of the standard normal
    distribution at ``n`` probabilities evenly spaced from ``(1 − coverage)/2``
    to ``(1 + coverage)/2``: equal steps of probability, so the grid is
    denser where the prior puts more codes. The codes go row by row, the
    first row at the top (the largest second coordinate), the first
    coordinate growing along a row: decoded and shown ``n`` per row, they draw
    the plane as a plot does.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"n must be an int ≥ 2, got {n!r}.")
    if not 0 < coverage < 1:
        raise ValueError(f"coverage must be in (0, 1), got {coverage!r}.")
    values = norm.ppf(np.linspace((1 - coverage) / 2, (1 + coverage) / 2, n))
    first, second = np.meshgrid(values, values[::-1])
    return np.stack([first.ravel(), second.ravel()], axis=1).astype("float32")


def attribute_vector(codes: np.ndarray, labels: np.ndarray, source: int, target: int) -> np.ndarray:
    """The mean code of class ``target`` minus that of class ``source``: ``(d,)`` from codes ``(n, d)``, labels ``(n,)``."""
    codes, labels = np.asarray(codes, dtype=np.float64), np.asarray(labels)
    if codes.ndim != 2 or labels.shape != (len(codes),):
        raise ValueError(f"give codes (n, d) and one label per code, got {codes.shape} and {labels.shape}.")
    means = []
    for name, label in (("target", target), ("source", source)):
        members = codes[labels == label]
        if len(members) == 0:
            raise ValueError(f"no code has the {name} class {label!r}.")
        means.append(members.mean(axis=0))
    return (means[0] - means[1]).astype("float32")


def target_share(classifier: keras.Model, images: np.ndarray, target: int) -> float:
    """Share of ``images`` ``(n, 28, 28)`` whose most probable class, for ``classifier``, is ``target``."""
    return accuracy(classifier, images, np.full(len(images), target))
