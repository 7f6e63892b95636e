"""Hidden tests of the exercise frechet (judging generated images)."""

import numpy as np
import pytest

from . import load_expected

EXERCISE = "frechet"
EXPECTED = load_expected(EXERCISE)


def _gaussians(case: dict) -> tuple:
    return tuple(np.array(case[key]) for key in ("mean_1", "cov_1", "mean_2", "cov_2"))


@pytest.mark.points(2)
def test_random_full_rank_covariances(student):
    # The expected values come from eigendecompositions (numpy.linalg.eigh), not from a matrix square root:
    # tr(C1) + tr(C2) - 2 * sum(sqrt(eigenvalues of sqrt(C1) @ C2 @ sqrt(C1))), plus the squared mean gap.
    for case in EXPECTED["cases"]:
        result = student.frechet_distance(*_gaussians(case))
        assert isinstance(result, float)
        assert result == pytest.approx(case["expected"], rel=1e-7, abs=1e-9)


@pytest.mark.points(1)
def test_symmetric_in_the_two_gaussians(student):
    for case in EXPECTED["cases"]:
        mean_1, cov_1, mean_2, cov_2 = _gaussians(case)
        assert student.frechet_distance(mean_2, cov_2, mean_1, cov_1) == pytest.approx(case["expected"], rel=1e-7,
                                                                                       abs=1e-9)


@pytest.mark.points(1)
def test_shapes_must_agree(student):
    with pytest.raises(ValueError):
        student.frechet_distance(np.zeros(2), np.eye(2), np.zeros(3), np.eye(3))
    with pytest.raises(ValueError):
        student.frechet_distance(np.zeros(2), np.eye(3), np.zeros(2), np.eye(2))
    with pytest.raises(ValueError):
        student.frechet_distance(np.zeros((2, 1)), np.eye(2), np.zeros(2), np.eye(2))
