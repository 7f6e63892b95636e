"""Public tests of the exercise frechet (judging generated images)."""

import numpy as np
import pytest

EXERCISE = "frechet"


@pytest.mark.points(1)
def test_same_mean_and_equal_or_scaled_covariances(student):
    mean = np.array([0.5, -1.0, 2.0])
    cov = np.array([[2.0, 0.5, 0.0], [0.5, 1.0, 0.2], [0.0, 0.2, 3.0]])
    result = student.frechet_distance(mean, cov, mean.copy(), cov.copy())
    assert isinstance(result, float)
    assert result >= 0.0
    assert result == pytest.approx(0.0, abs=1e-9)
    # Four times the covariance: the square root of C @ (4 C) is 2 C, so the distance is tr(C + 4 C - 4 C) = tr(C).
    assert student.frechet_distance(mean, cov, mean, 4 * cov) == pytest.approx(6.0, rel=1e-9)


@pytest.mark.points(1)
def test_two_one_dimensional_gaussians(student):
    # (m1 - m2) ** 2 + (s1 - s2) ** 2 with means 1 and -0.5, standard deviations 2 and 0.5
    result = student.frechet_distance(np.array([1.0]), np.array([[4.0]]), np.array([-0.5]), np.array([[0.25]]))
    assert result == pytest.approx(1.5 ** 2 + 1.5 ** 2, rel=1e-9)


@pytest.mark.points(1)
def test_diagonal_covariances(student):
    # squared mean gap 1 + 0 + 4; variances 1, 4, 9 against 4, 1, 1: (1 - 2)² + (2 - 1)² + (3 - 1)² = 6
    result = student.frechet_distance(np.array([0.0, 1.0, 2.0]), np.diag([1.0, 4.0, 9.0]),
                                      np.array([1.0, 1.0, 0.0]), np.diag([4.0, 1.0, 1.0]))
    assert result == pytest.approx(11.0, rel=1e-9)
