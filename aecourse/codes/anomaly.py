"""Anomaly detection by reconstruction error, measured the way the papers measure it.

The one-class protocol: an autoencoder is trained on images of one class only
(the *normal* class); it reconstructs images like them well and other images
worse. Each test image gets an anomaly score, its reconstruction error, and
the area under the ROC curve (AUROC) measures how well the scores rank the
anomalies above the normal images: 1 when every anomaly scores higher than
every normal image, 0.5 for scores that know nothing.

The reconstruction error alone misses anomalies that are *simpler* than the
normal images (a plain bag reconstructs well in a sandal's autoencoder). A
second score sees them: how unusual an image's code is, its Mahalanobis
distance from the Gaussian fitted to the normal images' codes. The combined
score adds the two, each as a logarithm standardised on the normal training
images, so that neither dominates by its units.

To *use* the detector, a threshold turns scores into flags. It is set from
normal images held out of training (never from the test set), as the score
that a chosen share of them exceed: the false-positive rate one accepts.
"""

from __future__ import annotations

import numpy as np
from sklearn.metrics import roc_auc_score, roc_curve


def _check_scores(name: str, scores: np.ndarray) -> np.ndarray:
    scores = np.asarray(scores, dtype=np.float64)
    if scores.ndim != 1 or len(scores) == 0 or not np.all(np.isfinite(scores)):
        raise ValueError(f"{name} must be a non-empty 1-D array of finite numbers, got shape {scores.shape}.")
    return scores


def reconstruction_errors(images: np.ndarray, reconstructions: np.ndarray) -> np.ndarray:
    """Each image's mean squared error over its pixels: ``(n, ...)`` and ``(n, ...)`` → ``(n,)``."""
    images, reconstructions = np.asarray(images), np.asarray(reconstructions)
    if images.shape != reconstructions.shape or images.ndim < 2:
        raise ValueError(f"images and reconstructions must have one shape (n, ...), got {images.shape} and {reconstructions.shape}.")
    difference = (images.astype(np.float64) - reconstructions).reshape(len(images), -1)
    return np.mean(difference**2, axis=1)


def _check_labelled_scores(scores: np.ndarray, is_anomaly: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scores = _check_scores("scores", scores)
    is_anomaly = np.asarray(is_anomaly)
    if is_anomaly.dtype != bool or is_anomaly.shape != scores.shape:
        raise ValueError(f"is_anomaly must be a bool array of the scores' shape {scores.shape}.")
    if is_anomaly.all() or not is_anomaly.any():
        raise ValueError("the AUROC needs both normal and anomalous images.")
    return scores, is_anomaly


def anomaly_auroc(scores: np.ndarray, is_anomaly: np.ndarray) -> float:
    """AUROC of ``scores`` ``(n,)`` (higher: more anomalous) for the bool labels ``is_anomaly`` ``(n,)``, from 0 to 1.

    Raises:
        ValueError: if the labels hold only one kind, which leaves the AUROC undefined.
    """
    scores, is_anomaly = _check_labelled_scores(scores, is_anomaly)
    return float(roc_auc_score(is_anomaly, scores))


def roc_points(scores: np.ndarray, is_anomaly: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The ROC curve: false-positive rates and true-positive rates ``(m,)``, from (0, 0) to (1, 1)."""
    scores, is_anomaly = _check_labelled_scores(scores, is_anomaly)
    false_positive_rate, true_positive_rate, _ = roc_curve(is_anomaly, scores)
    return false_positive_rate, true_positive_rate


def mahalanobis_distances(codes_fit: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Squared Mahalanobis distance of each code ``(n, d)`` from the Gaussian fitted to ``codes_fit`` ``(m, d)``.

    The Gaussian has the mean and covariance of ``codes_fit`` (the normal
    training images' codes); a ridge of 1e-6 times the mean variance keeps the
    covariance invertible. Returns ``(n,)`` non-negative floats: about ``d``
    for a code like the fitted ones, more the more unusual it is.
    """
    codes_fit = np.asarray(codes_fit, dtype=np.float64)
    codes = np.asarray(codes, dtype=np.float64)
    if codes_fit.ndim != 2 or codes.ndim != 2 or codes_fit.shape[1] != codes.shape[1]:
        raise ValueError(f"codes must be (m, d) and (n, d) arrays, got {codes_fit.shape} and {codes.shape}.")
    if len(codes_fit) <= codes_fit.shape[1]:
        raise ValueError(f"fitting a Gaussian in {codes_fit.shape[1]} dimensions needs more than "
                         f"{codes_fit.shape[1]} codes, got {len(codes_fit)}.")
    mean = codes_fit.mean(axis=0)
    covariance = np.cov(codes_fit, rowvar=False)
    covariance += 1e-6 * np.trace(covariance) / len(covariance) * np.eye(len(covariance))
    centred = codes - mean
    return np.einsum("ij,ij->i", centred @ np.linalg.inv(covariance), centred)


def standardized_log(scores: np.ndarray, scores_fit: np.ndarray) -> np.ndarray:
    """``log(scores)`` ``(n,)`` centred and scaled by the mean and standard deviation of ``log(scores_fit)``."""
    scores = _check_scores("scores", scores)
    scores_fit = _check_scores("scores_fit", scores_fit)
    if np.any(scores <= 0) or np.any(scores_fit <= 0) or len(scores_fit) < 2:
        raise ValueError("scores must be positive, with at least two to fit.")
    reference = np.log(scores_fit)
    return (np.log(scores) - reference.mean()) / reference.std()


def combined_scores(errors: np.ndarray, distances: np.ndarray, errors_fit: np.ndarray,
                    distances_fit: np.ndarray) -> np.ndarray:
    """Reconstruction errors and code distances ``(n,)`` added, each as a :func:`standardized_log` on the normal training images' ``(m,)``."""
    return standardized_log(errors, errors_fit) + standardized_log(distances, distances_fit)


def threshold_at_false_positive_rate(normal_scores: np.ndarray, rate: float) -> float:
    """The smallest of ``normal_scores`` ``(n,)`` that at most a share ``rate`` of them exceed.

    ``normal_scores`` are the scores of normal images that are not test
    images (held out of training, or the training images themselves).
    Flagging every score strictly above the threshold then flags about that
    share of new normal images.
    """
    normal_scores = _check_scores("normal_scores", normal_scores)
    if not 0 <= rate <= 1:
        raise ValueError(f"rate must be between 0 and 1, got {rate!r}.")
    ordered = np.sort(normal_scores)
    above = len(ordered) - np.searchsorted(ordered, ordered, side="right")
    return float(ordered[np.argmax(above / len(ordered) <= rate)])


def flagged_share(scores: np.ndarray, threshold: float) -> float:
    """The share of ``scores`` ``(n,)`` strictly above ``threshold``."""
    return float(np.mean(_check_scores("scores", scores) > threshold))
