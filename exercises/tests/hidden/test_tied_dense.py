"""Hidden tests of the exercise tied_dense (tied weights chapter)."""

import numpy as np
import pytest

from . import load_expected

EXERCISE = "tied_dense"
EXPECTED = load_expected(EXERCISE)


@pytest.mark.points(1)
def test_random_layer(student):
    args = [np.array(EXPECTED[key]) for key in ("codes", "kernel", "bias")]
    for activation in ("linear", "sigmoid"):
        result = student.tied_dense(*args, activation=activation)
        assert result.shape == (4, 5)
        np.testing.assert_allclose(result, EXPECTED[activation], rtol=1e-10)


@pytest.mark.points(1)
def test_refusals(student):
    with pytest.raises(ValueError):
        student.tied_dense(np.zeros((2, 2)), np.zeros((3, 2)), np.zeros(2))  # bias of the wrong size
    with pytest.raises(ValueError):
        student.tied_dense(np.zeros((2, 2)), np.zeros((3, 2)), np.zeros(3), activation="relu")
    with pytest.raises(ValueError):
        student.tied_dense(np.zeros(2), np.zeros((3, 2)), np.zeros(3))  # codes not 2-D
