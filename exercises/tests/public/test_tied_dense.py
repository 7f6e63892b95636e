"""Public tests of the exercise tied_dense (tied weights chapter)."""

import numpy as np
import pytest

EXERCISE = "tied_dense"


@pytest.mark.points(2)
def test_small_example(student):
    kernel = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])  # an encoder layer 3 -> 2
    codes = np.array([[1.0, 1.0], [2.0, 0.0]])
    bias = np.array([0.5, 0.0, -1.0])
    result = student.tied_dense(codes, kernel, bias)
    assert isinstance(result, np.ndarray)
    np.testing.assert_allclose(result, [[1.5, 2.0, 1.0], [2.5, 0.0, 1.0]], rtol=1e-12)


@pytest.mark.points(1)
def test_sigmoid(student):
    result = student.tied_dense(np.zeros((1, 2)), np.ones((3, 2)), np.zeros(3), activation="sigmoid")
    np.testing.assert_allclose(result, [[0.5, 0.5, 0.5]], rtol=1e-12)


@pytest.mark.points(1)
def test_mismatched_shapes_are_refused(student):
    with pytest.raises(ValueError):
        student.tied_dense(np.zeros((1, 3)), np.zeros((3, 2)), np.zeros(3))
