"""Hidden tests of the exercise anomaly (finding anomalies)."""

import numpy as np
import pytest

from . import load_expected

EXERCISE = "anomaly"
EXPECTED = load_expected(EXERCISE)


@pytest.mark.points(1)
def test_reconstruction_errors_of_images(student):
    x, r = np.array(EXPECTED["x"]), np.array(EXPECTED["reconstructions"])
    result = student.reconstruction_errors(x, r)
    assert result.shape == (4,)
    np.testing.assert_allclose(result, EXPECTED["errors"], rtol=1e-10)
    with pytest.raises(ValueError):
        student.reconstruction_errors(np.zeros(3), np.zeros(3))


@pytest.mark.points(2)
def test_thresholds_of_random_scores(student):
    scores = np.array(EXPECTED["scores"])
    for rate, expected in zip(EXPECTED["rates"], EXPECTED["thresholds"]):
        assert student.threshold_at_false_positive_rate(scores, rate) == pytest.approx(expected)


@pytest.mark.points(1)
def test_ties_and_validation(student):
    scores = np.array([5.0, 1.0, 5.0, 1.0, 5.0])
    assert student.threshold_at_false_positive_rate(scores, 0.5) == 5.0
    assert student.threshold_at_false_positive_rate(scores, 0.6) == 1.0
    with pytest.raises(ValueError):
        student.threshold_at_false_positive_rate(np.array([]), 0.1)
    with pytest.raises(ValueError):
        student.threshold_at_false_positive_rate(scores, -0.01)
