"""Public tests of the exercise attribute_vector (exploring the latent space)."""

import numpy as np
import pytest

EXERCISE = "attribute_vector"
CODES = np.array([[0.0, 1.0], [2.0, 2.0], [2.0, 3.0], [-1.0, 0.0], [4.0, 0.0]])
LABELS = np.array([0, 1, 0, 2, 1])


@pytest.mark.points(1)
def test_from_class_0_to_class_1(student):
    # class 1: mean (3, 1); class 0: mean (1, 2)
    vector = student.attribute_vector(CODES, LABELS, source=0, target=1)
    assert isinstance(vector, np.ndarray)
    assert vector.shape == (2,) and vector.dtype == np.float32
    np.testing.assert_allclose(vector, [2.0, -1.0], atol=1e-6)


@pytest.mark.points(1)
def test_applying_a_vector(student):
    moved = student.apply_attribute(CODES[:2], np.array([2.0, -1.0]), 0.5)
    assert moved.shape == (2, 2) and moved.dtype == np.float32
    np.testing.assert_allclose(moved, [[1.0, 0.5], [3.0, 1.5]], atol=1e-6)


@pytest.mark.points(1)
def test_a_class_without_codes_is_refused(student):
    with pytest.raises(ValueError):
        student.attribute_vector(CODES, LABELS, source=0, target=3)
