"""Public tests of the exercise classifier_verdict (judging generated images)."""

import numpy as np
import pytest

EXERCISE = "classifier_verdict"


@pytest.mark.points(2)
def test_four_images_of_three_classes(student):
    probabilities = np.array([[0.7, 0.2, 0.1],   # class 0
                              [0.1, 0.1, 0.8],   # class 2
                              [0.6, 0.3, 0.1],   # class 0
                              [0.3, 0.1, 0.6]])  # class 2: no image goes to class 1
    confidence, shares = student.classifier_verdict(probabilities)
    assert isinstance(confidence, float)
    assert confidence == pytest.approx((0.7 + 0.8 + 0.6 + 0.6) / 4, rel=1e-12)
    assert isinstance(shares, np.ndarray)
    assert shares.shape == (3,) and shares.dtype == np.float64
    np.testing.assert_allclose(shares, [0.5, 0.0, 0.5], atol=1e-12)
    assert shares.sum() == pytest.approx(1.0, abs=1e-12)
    same_confidence, same_shares = student.classifier_verdict(probabilities.tolist(), n_classes=3)
    assert same_confidence == pytest.approx(confidence, rel=1e-12)
    np.testing.assert_allclose(same_shares, shares, atol=1e-12)


@pytest.mark.points(1)
def test_ties_go_to_the_lowest_class(student):
    third = 1 / 3
    probabilities = np.array([[0.4, 0.4, 0.2],        # class 0
                              [0.3, 0.35, 0.35],      # class 1
                              [third, third, third]])  # class 0
    confidence, shares = student.classifier_verdict(probabilities)
    assert confidence == pytest.approx((0.4 + 0.35 + third) / 3, rel=1e-12)
    np.testing.assert_allclose(shares, [2 / 3, 1 / 3, 0.0], atol=1e-12)
