"""Hidden tests of the exercise reparameterize (variational autoencoders chapter)."""

import numpy as np
import pytest

from . import load_expected

EXERCISE = "reparameterize"
EXPECTED = load_expected(EXERCISE)


@pytest.mark.points(1)
def test_random_three_dimensional(student):
    args = [np.array(EXPECTED[key]) for key in ("mean", "log_var", "epsilon")]
    result = student.reparameterize(*args)
    assert result.shape == (2, 3, 4)
    np.testing.assert_allclose(result, EXPECTED["expected"], rtol=1e-10)


@pytest.mark.points(1)
def test_limits(student):
    mean = np.array([[1.5, -2.0, 0.25]])
    # zero noise, or (almost) zero variance, gives the mean
    np.testing.assert_allclose(student.reparameterize(mean, np.ones((1, 3)), np.zeros((1, 3))), mean)
    np.testing.assert_allclose(
        student.reparameterize(mean, np.full((1, 3), -80.0), np.ones((1, 3))), mean, atol=1e-15
    )
    with pytest.raises(ValueError):
        student.reparameterize(mean, np.zeros((3, 1)), np.zeros((1, 3)))
