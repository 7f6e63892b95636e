"""Hidden tests of the exercise principal_angles (linear autoencoders chapter)."""

import numpy as np
import pytest

from . import load_expected

EXERCISE = "principal_angles"
EXPECTED = load_expected(EXERCISE)


@pytest.mark.points(2)
def test_random_subspaces(student):
    a, b = np.array(EXPECTED["a"]), np.array(EXPECTED["b"])
    result = student.principal_angles(a, b)
    assert result.shape == (3,)
    np.testing.assert_allclose(result, EXPECTED["expected"], atol=1e-6)


@pytest.mark.points(1)
def test_symmetric_and_basis_free(student):
    a, b = np.array(EXPECTED["a"]), np.array(EXPECTED["b"])
    mix = np.array([[2.0, 1.0, 0.0], [0.0, 1.0, 0.0], [1.0, 0.0, -3.0]])  # invertible
    np.testing.assert_allclose(student.principal_angles(b, a), EXPECTED["expected"], atol=1e-6)
    np.testing.assert_allclose(student.principal_angles(a @ mix, b[:, ::-1]), EXPECTED["expected"], atol=1e-6)


@pytest.mark.points(1)
def test_rows_must_match(student):
    with pytest.raises(ValueError):
        student.principal_angles(np.ones((4, 2)), np.ones((5, 2)))
    with pytest.raises(ValueError):
        student.principal_angles(np.ones(4), np.ones((4, 1)))
