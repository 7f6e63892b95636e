"""Public tests of the exercise interpolation (variational autoencoders chapter)."""

import numpy as np
import pytest

EXERCISE = "interpolation"


@pytest.mark.points(2)
def test_five_steps(student):
    result = student.interpolate_codes(np.array([0.0, 2.0]), np.array([4.0, -2.0]), 5)
    assert isinstance(result, np.ndarray)
    expected = [[0.0, 2.0], [1.0, 1.0], [2.0, 0.0], [3.0, -1.0], [4.0, -2.0]]
    np.testing.assert_allclose(result, expected, atol=1e-12)


@pytest.mark.points(1)
def test_needs_two_steps(student):
    with pytest.raises(ValueError):
        student.interpolate_codes(np.zeros(3), np.ones(3), 1)
