"""Scoring generated images with a classifier: a Fréchet distance of features, confidence, classes.

The Fréchet distance of two Gaussians is

    d² = ‖m₁ − m₂‖² + tr(C₁ + C₂ − 2 (C₁ C₂)^½),

and FID applies it to Gaussians fitted to the features of real and of
generated images. Here the features are the penultimate layer of the
course's Fashion-MNIST classifier (:mod:`~aecourse.generative.feature_classifier`),
not of Inception: the figures are comparable with each other, not with
published FIDs. Lower is better; 0 means the two fitted Gaussians are equal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import aecourse  # noqa: F401  (sets the TensorFlow environment first)

import keras

from aecourse.generative.feature_classifier import feature_model
from aecourse.inference import run_in_batches


@dataclass(frozen=True)
class GaussianFit:
    """A Gaussian fitted to feature vectors: ``mean`` ``(d,)`` and ``covariance`` ``(d, d)`` (float64)."""

    mean: np.ndarray
    covariance: np.ndarray


def fit_gaussian(features: np.ndarray) -> GaussianFit:
    """The mean and the (unbiased) covariance of ``features`` ``(n, d)``, ``n ≥ 2``."""
    features = np.asarray(features, dtype=np.float64)
    if features.ndim != 2 or len(features) < 2:
        raise ValueError(f"features must have shape (n, d) with n ≥ 2, got {features.shape}.")
    return GaussianFit(features.mean(axis=0), np.cov(features, rowvar=False))


def frechet_distance(first: GaussianFit, second: GaussianFit) -> float:
    """The Fréchet distance ``d²`` between two Gaussians (see the module docstring), ``≥ 0``.

    ``tr (C₁ C₂)^½`` is the sum of the square roots of the eigenvalues of the
    symmetric matrix ``C₁^½ C₂ C₁^½``, which has the same eigenvalues as
    ``C₁ C₂``: two NumPy eigendecompositions of symmetric matrices, exact
    also when a covariance is singular (a feature that never varies), where
    a general matrix square root such as SciPy's ``sqrtm`` warns and loses
    accuracy.
    """
    if first.mean.shape != second.mean.shape:
        raise ValueError(f"the Gaussians have dimensions {first.mean.shape} and {second.mean.shape}.")
    values, vectors = np.linalg.eigh(first.covariance)
    root = (vectors * np.sqrt(np.clip(values, 0.0, None))) @ vectors.T
    product = root @ second.covariance @ root
    trace_root = np.sum(np.sqrt(np.clip(np.linalg.eigvalsh((product + product.T) / 2), 0.0, None)))
    trace = np.trace(first.covariance) + np.trace(second.covariance) - 2.0 * trace_root
    return max(0.0, float(np.sum((first.mean - second.mean) ** 2) + trace))


@dataclass(frozen=True)
class SampleQuality:
    """What the classifier says of a set of images.

    Attributes:
        fid: Fréchet distance between the images' features and the reference images'.
        confidence: mean over the images of the classifier's highest class probability (0 to 1).
        class_shares: ``(n_classes,)`` share of the images put in each class (sums to 1).
    """

    fid: float
    confidence: float
    class_shares: np.ndarray


class SampleScorer:
    """Scores sets of images against reference images ``(n, 28, 28)`` (e.g. the test set) with a trained classifier."""

    def __init__(self, classifier: keras.Model, reference_images: np.ndarray) -> None:
        self._features = feature_model(classifier)
        features, probabilities = self.features_and_probabilities(reference_images)
        self.reference = fit_gaussian(features)
        #: The reference images scored against themselves (a Fréchet distance of 0): their
        #: confidence and class shares, without running the classifier on them again.
        self.reference_quality = self._quality(features, probabilities)

    def features_and_probabilities(self, images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The classifier's features ``(n, d)`` and class probabilities ``(n, n_classes)`` of ``images`` ``(n, 28, 28)``."""
        images = np.asarray(images, dtype="float32")
        if len(images) < 2:
            raise ValueError(f"score at least 2 images, got {len(images)}.")
        features, probabilities = run_in_batches(self._features, images)
        return features, probabilities

    def score(self, images: np.ndarray) -> SampleQuality:
        """The :class:`SampleQuality` of ``images`` ``(n, 28, 28)`` in [0, 1]."""
        return self._quality(*self.features_and_probabilities(images))

    def _quality(self, features: np.ndarray, probabilities: np.ndarray) -> SampleQuality:
        n_classes = probabilities.shape[1]
        shares = np.bincount(probabilities.argmax(axis=1), minlength=n_classes) / len(probabilities)
        return SampleQuality(fid=frechet_distance(fit_gaussian(features), self.reference),
                             confidence=float(probabilities.max(axis=1).mean()), class_shares=shares)
