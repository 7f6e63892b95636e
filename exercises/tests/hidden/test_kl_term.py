"""Hidden tests of the exercise kl_term (variational autoencoders chapter)."""

import numpy as np
import pytest

from . import load_expected

EXERCISE = "kl_term"
EXPECTED = load_expected(EXERCISE)


@pytest.mark.points(2)
def test_random_codings(student):
    result = student.kl_divergence(np.array(EXPECTED["mean"]), np.array(EXPECTED["log_var"]))
    assert result.shape == (6,)
    np.testing.assert_allclose(result, EXPECTED["expected"], rtol=1e-10)


@pytest.mark.points(1)
def test_sums_over_codings_and_validates(student):
    mean, log_var = np.array(EXPECTED["mean"]), np.array(EXPECTED["log_var"])
    left = student.kl_divergence(mean[:, :1], log_var[:, :1])
    right = student.kl_divergence(mean[:, 1:], log_var[:, 1:])
    np.testing.assert_allclose(left + right, EXPECTED["expected"], rtol=1e-10)
    assert np.all(left >= 0) and np.all(right >= 0)
    with pytest.raises(ValueError):
        student.kl_divergence(np.zeros(3), np.zeros(3))
