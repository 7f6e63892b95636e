"""Public tests of the exercise anomaly (finding anomalies)."""

import numpy as np
import pytest

EXERCISE = "anomaly"


@pytest.mark.points(2)
def test_reconstruction_errors_of_vectors(student):
    x = np.array([[0.0, 0.0], [1.0, 1.0], [0.5, 0.0]])
    reconstructions = np.array([[0.0, 0.0], [0.0, 1.0], [0.5, 0.2]])
    result = student.reconstruction_errors(x, reconstructions)
    assert isinstance(result, np.ndarray)
    assert result.shape == (3,)
    np.testing.assert_allclose(result, [0.0, 0.5, 0.02], atol=1e-12)
    with pytest.raises(ValueError):
        student.reconstruction_errors(x, reconstructions[:2])


@pytest.mark.points(2)
def test_threshold_docstring_examples(student):
    scores = np.array([3.0, 1.0, 4.0, 2.0])
    for rate, expected in [(0.0, 4.0), (0.25, 3.0), (0.3, 3.0), (0.5, 2.0), (1.0, 1.0)]:
        result = student.threshold_at_false_positive_rate(scores, rate)
        assert isinstance(result, float)
        assert result == expected
    with pytest.raises(ValueError):
        student.threshold_at_false_positive_rate(scores, 1.5)
