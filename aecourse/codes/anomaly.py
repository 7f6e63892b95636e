"""Anomaly detection by reconstruction error, measured the way the papers measure it.

The one-class protocol: an autoencoder is trained on images of one class only
(the *normal* class); it reconstructs images like them well and other images
worse. Each test image gets an anomaly score, its reconstruction error, and
the area under the ROC curve (AUROC) measures how well the scores rank the
anomalies above the normal images: 1 when every anomaly scores higher than
every normal image, 0.5 for scores that know nothing.

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


def anomaly_auroc(scores: np.ndarray, is_anomaly: np.ndarray) -> float:
    """AUROC of ``scores`` ``(n,)`` (higher: more anomalous) for the bool labels ``is_anomaly`` ``(n,)``, from 0 to 1.

    Raises:
        ValueError: if the labels hold only one kind, which leaves the AUROC undefined.
    """
    scores = _check_scores("scores", scores)
    is_anomaly = np.asarray(is_anomaly)
    if is_anomaly.dtype != bool or is_anomaly.shape != scores.shape:
        raise ValueError(f"is_anomaly must be a bool array of the scores' shape {scores.shape}.")
    if is_anomaly.all() or not is_anomaly.any():
        raise ValueError("the AUROC needs both normal and anomalous images.")
    return float(roc_auc_score(is_anomaly, scores))


def roc_points(scores: np.ndarray, is_anomaly: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The ROC curve: false-positive rates and true-positive rates ``(m,)``, from (0, 0) to (1, 1)."""
    anomaly_auroc(scores, is_anomaly)  # the same checks
    false_positive_rate, true_positive_rate, _ = roc_curve(np.asarray(is_anomaly), np.asarray(scores, dtype=np.float64))
    return false_positive_rate, true_positive_rate


def threshold_for_false_positive_rate(normal_scores: np.ndarray, false_positive_rate: float) -> float:
    """The score above which a share ``false_positive_rate`` of ``normal_scores`` ``(n,)`` lie.

    ``normal_scores`` are the scores of normal images that the model did not
    train on and that are not test images. Flagging every score above the
    threshold then flags about that share of new normal images.
    """
    normal_scores = _check_scores("normal_scores", normal_scores)
    if not 0 < false_positive_rate < 1:
        raise ValueError(f"false_positive_rate must be strictly between 0 and 1, got {false_positive_rate!r}.")
    return float(np.quantile(normal_scores, 1 - false_positive_rate))
