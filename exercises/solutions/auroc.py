"""Exercise (finding anomalies): the AUROC of anomaly scores, by counting pairs."""

from __future__ import annotations

import numpy as np


def auroc(scores: np.ndarray, is_anomaly: np.ndarray) -> float:
    """The area under the ROC curve of ``scores`` for the labels ``is_anomaly``.

    It equals the probability that a randomly drawn anomaly has a higher score
    than a randomly drawn normal sample, a tie counting one half: over every
    pair (anomaly, normal sample), count 1 when the anomaly's score is higher,
    1/2 when the scores are equal, and divide by the number of pairs.

    Args:
        scores: 1-D array-like of real anomaly scores (higher: more anomalous).
        is_anomaly: 1-D array-like of bools of the same length, True for the
            anomalies.

    Returns:
        A Python float between 0 and 1 (0.5: the scores know nothing).

    Raises:
        ValueError: if the two are not 1-D arrays of one length, or if
            ``is_anomaly`` holds only anomalies or only normal samples.
    """
    # BEGIN SOLUTION hint="Split the scores into anomalies and normal samples; compare them all with a broadcast (a column against a row)."
    scores = np.asarray(scores, dtype=np.float64)
    is_anomaly = np.asarray(is_anomaly, dtype=bool)
    if scores.ndim != 1 or is_anomaly.shape != scores.shape:
        raise ValueError(f"give two 1-D arrays of one length, got {scores.shape} and {is_anomaly.shape}")
    anomalous, normal = scores[is_anomaly], scores[~is_anomaly]
    if len(anomalous) == 0 or len(normal) == 0:
        raise ValueError("the AUROC needs both anomalies and normal samples")
    higher = np.sum(anomalous[:, None] > normal[None, :])
    ties = np.sum(anomalous[:, None] == normal[None, :])
    return float((higher + 0.5 * ties) / (len(anomalous) * len(normal)))
    # END SOLUTION
