"""Public tests of the exercise kl_term (variational autoencoders chapter)."""

import numpy as np
import pytest

EXERCISE = "kl_term"


@pytest.mark.points(2)
def test_small_example(student):
    mean = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 0.0]])
    log_var = np.array([[0.0, 0.0], [0.0, 0.0], [np.log(2.0), 0.0]])
    # row 0: the prior itself; row 1: 1/2 * mu^2; row 2: 1/2 * (2 - 1 - log 2)
    result = student.kl_divergence(mean, log_var)
    assert isinstance(result, np.ndarray)
    assert result.shape == (3,)
    np.testing.assert_allclose(result, [0.0, 0.5, 0.5 * (1 - np.log(2.0))], atol=1e-12)


@pytest.mark.points(1)
def test_shapes_must_match(student):
    with pytest.raises(ValueError):
        student.kl_divergence(np.zeros((4, 2)), np.zeros((4, 3)))
