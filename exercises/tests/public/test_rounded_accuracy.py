"""Public tests of the exercise rounded_accuracy (stacked autoencoders chapter)."""

import numpy as np
import pytest

EXERCISE = "rounded_accuracy"


@pytest.mark.points(2)
def test_small_example(student):
    images = np.array([[0.0, 1.0], [1.0, 0.0]])
    reconstructions = np.array([[0.2, 0.7], [0.4, 0.6]])
    # rounded: [[0, 1], [0, 1]] against [[0, 1], [1, 0]]: 2 of 4 agree
    result = student.rounded_accuracy(images, reconstructions)
    assert isinstance(result, float)
    assert result == pytest.approx(0.5)


@pytest.mark.points(1)
def test_shapes_must_match(student):
    with pytest.raises(ValueError):
        student.rounded_accuracy(np.zeros((2, 3)), np.zeros((3, 2)))
