"""Public tests of the exercise reparameterize (variational autoencoders chapter)."""

import numpy as np
import pytest

EXERCISE = "reparameterize"


@pytest.mark.points(2)
def test_small_example(student):
    mean = np.array([[0.0, 1.0], [2.0, -1.0]])
    log_var = np.array([[0.0, np.log(4.0)], [np.log(0.25), 0.0]])
    epsilon = np.array([[1.0, 1.0], [2.0, -3.0]])
    # sigma = [[1, 2], [0.5, 1]]
    result = student.reparameterize(mean, log_var, epsilon)
    assert isinstance(result, np.ndarray)
    np.testing.assert_allclose(result, [[1.0, 3.0], [3.0, -4.0]], rtol=1e-12)


@pytest.mark.points(1)
def test_shapes_must_match(student):
    with pytest.raises(ValueError):
        student.reparameterize(np.zeros((2, 3)), np.zeros((2, 3)), np.zeros((3,)))
