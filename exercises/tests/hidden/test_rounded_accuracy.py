"""Hidden tests of the exercise rounded_accuracy (stacked autoencoders chapter)."""

import numpy as np
import pytest

from . import load_expected

EXERCISE = "rounded_accuracy"
EXPECTED = load_expected(EXERCISE)


@pytest.mark.points(2)
def test_random_images(student):
    result = student.rounded_accuracy(np.array(EXPECTED["images"]), np.array(EXPECTED["reconstructions"]))
    assert isinstance(result, float)
    assert result == pytest.approx(EXPECTED["expected"], abs=1e-12)


@pytest.mark.points(1)
def test_half_rounds_to_zero_and_empty_raises(student):
    images = np.array([[0.5, 0.5, 0.2]])
    reconstructions = np.array([[0.0, 1.0, 0.5]])
    # rounded: [0, 0, 0] against [0, 1, 0]
    assert student.rounded_accuracy(images, reconstructions) == pytest.approx(2 / 3)
    with pytest.raises(ValueError):
        student.rounded_accuracy(np.zeros((0, 4)), np.zeros((0, 4)))
