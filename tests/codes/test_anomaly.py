import numpy as np
import pytest

from aecourse.codes.anomaly import (anomaly_auroc, combined_scores, flagged_share, mahalanobis_distances,
                                    reconstruction_errors, roc_points, standardized_log,
                                    threshold_at_false_positive_rate)


def test_reconstruction_error_is_the_mean_square_per_image():
    images = np.zeros((2, 2, 2))
    reconstructions = np.array([[[1.0, 0.0], [0.0, 0.0]], [[0.5, 0.5], [0.5, 0.5]]])
    assert reconstruction_errors(images, reconstructions).tolist() == [0.25, 0.25]
    with pytest.raises(ValueError, match="shape"):
        reconstruction_errors(images, reconstructions[:1])


def test_auroc_hand_computed_and_checked():
    # Anomalies 0.35 and 0.8 against normal 0.1 and 0.4: 3 of the 4 pairs are ordered right.
    assert anomaly_auroc(np.array([0.1, 0.4, 0.35, 0.8]), np.array([False, False, True, True])) == 0.75
    with pytest.raises(ValueError, match="both"):
        anomaly_auroc(np.array([0.1, 0.2]), np.array([True, True]))
    with pytest.raises(ValueError, match="bool"):
        anomaly_auroc(np.array([0.1, 0.2]), np.array([1, 0]))


def test_roc_curve_runs_from_the_origin_to_the_corner():
    fpr, tpr = roc_points(np.array([0.1, 0.4, 0.35, 0.8]), np.array([False, False, True, True]))
    assert (fpr[0], tpr[0], fpr[-1], tpr[-1]) == (0, 0, 1, 1)
    assert np.trapezoid(tpr, fpr) == pytest.approx(0.75)


def test_mahalanobis_distance_of_a_fitted_gaussian():
    rng = np.random.default_rng(0)
    fit = rng.normal(size=(20_000, 3)) * [1.0, 2.0, 4.0] + [5.0, 0.0, 0.0]
    distances = mahalanobis_distances(fit, np.array([[5.0, 0.0, 0.0], [6.0, 0.0, 0.0], [5.0, 0.0, 4.0]]))
    assert distances == pytest.approx([0.0, 1.0, 1.0], abs=0.05)  # one standard deviation away on either axis
    assert mahalanobis_distances(fit, fit).mean() == pytest.approx(3.0, rel=0.01)  # about d for fitted codes
    with pytest.raises(ValueError, match="more than 3 codes"):
        mahalanobis_distances(fit[:3], fit)


def test_combined_score_adds_standardised_logs():
    fit = np.array([1.0, np.e**2])  # logs 0 and 2: mean 1, std 1
    assert standardized_log(np.array([np.e]), fit).tolist() == pytest.approx([0.0])
    assert combined_scores(np.array([np.e**3]), np.array([np.e]), fit, fit).tolist() == pytest.approx([2.0])
    with pytest.raises(ValueError, match="positive"):
        standardized_log(np.array([0.0]), fit)


def test_threshold_flags_at_most_the_asked_share_of_normal_scores():
    scores = np.array([1.0, 2.0, 3.0, 4.0])
    assert [threshold_at_false_positive_rate(scores, r) for r in (0, 0.25, 0.3, 0.5, 1)] == [4, 3, 3, 2, 1]
    assert threshold_at_false_positive_rate(np.array([1.0, 2.0, 2.0, 2.0]), 0.25) == 2.0
    rng = np.random.default_rng(1)
    held_out, new = rng.normal(size=5_000), rng.normal(size=100_000)
    threshold = threshold_at_false_positive_rate(held_out, 0.05)
    assert flagged_share(held_out, threshold) <= 0.05
    assert flagged_share(new, threshold) == pytest.approx(0.05, abs=0.01)
    with pytest.raises(ValueError, match="between 0 and 1"):
        threshold_at_false_positive_rate(held_out, 1.5)


def test_auroc_is_the_share_of_ordered_pairs_ties_counting_half():
    rng = np.random.default_rng(2)
    scores, labels = rng.integers(0, 4, 300).astype(float), rng.random(300) < 0.3
    anomalous, normal = scores[labels], scores[~labels]
    pairs = [(a > n) + 0.5 * (a == n) for a in anomalous for n in normal]
    assert anomaly_auroc(scores, labels) == pytest.approx(np.mean(pairs))
