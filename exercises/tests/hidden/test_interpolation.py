"""Hidden tests of the exercise interpolation (variational autoencoders chapter)."""

import numpy as np
import pytest

from . import load_expected

EXERCISE = "interpolation"
EXPECTED = load_expected(EXERCISE)


@pytest.mark.points(2)
def test_random_codings(student):
    z_start, z_end = np.array(EXPECTED["z_start"]), np.array(EXPECTED["z_end"])
    result = student.interpolate_codes(z_start, z_end, 11)
    assert result.shape == (11, 7)
    np.testing.assert_allclose(result, EXPECTED["expected"], rtol=1e-12, atol=1e-14)
    ends = student.interpolate_codes(z_start, z_end, 2)
    np.testing.assert_allclose(ends, np.stack([z_start, z_end]), rtol=1e-14, atol=1e-15)


@pytest.mark.points(1)
def test_invalid_arguments(student):
    with pytest.raises(ValueError):
        student.interpolate_codes(np.zeros(3), np.ones(4), 5)
    with pytest.raises(ValueError):
        student.interpolate_codes(np.zeros(3), np.ones(3), 0)
    with pytest.raises(ValueError):
        student.interpolate_codes(np.zeros((2, 3)), np.ones((2, 3)), 4)
