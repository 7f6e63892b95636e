"""Hidden tests of the exercise attribute_vector (exploring the latent space)."""

import numpy as np
import pytest

from . import load_expected

EXERCISE = "attribute_vector"
EXPECTED = load_expected(EXERCISE)
CODES, LABELS = np.array(EXPECTED["codes"]), np.array(EXPECTED["labels"])


@pytest.mark.points(2)
def test_random_codes_of_ten_classes(student):
    # The expected class means were computed with np.bincount (sums of each coordinate / counts per class).
    for case in EXPECTED["vectors"]:
        vector = student.attribute_vector(CODES, LABELS, case["source"], case["target"])
        assert vector.shape == (CODES.shape[1],) and vector.dtype == np.float32
        np.testing.assert_allclose(vector, case["expected"], rtol=1e-6, atol=1e-6)


@pytest.mark.points(1)
def test_applying_to_many_codes_and_to_one(student):
    # The expected codes were moved one coordinate at a time, in loops.
    vector = np.array(EXPECTED["vectors"][0]["expected"])
    expected = np.array(EXPECTED["moved_first_10"])
    moved = student.apply_attribute(CODES[:10], vector, EXPECTED["scale"])
    assert moved.shape == (10, CODES.shape[1]) and moved.dtype == np.float32
    np.testing.assert_allclose(moved, expected, rtol=1e-6, atol=1e-6)
    one = student.apply_attribute(CODES[3], vector, EXPECTED["scale"])
    assert one.shape == (CODES.shape[1],)
    np.testing.assert_allclose(one, expected[3], rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(student.apply_attribute(CODES[:4], vector, 0.0), CODES[:4], rtol=1e-6, atol=1e-6)


@pytest.mark.points(1)
def test_shapes_must_agree(student):
    with pytest.raises(ValueError):
        student.attribute_vector(CODES[:, 0], LABELS, 0, 1)  # codes not 2-D
    with pytest.raises(ValueError):
        student.attribute_vector(CODES, LABELS[:-1], 0, 1)  # one label too few
    with pytest.raises(ValueError):
        student.apply_attribute(CODES, np.zeros(CODES.shape[1] + 1), 1.0)  # vector of the wrong length
    with pytest.raises(ValueError):
        student.apply_attribute(CODES, np.zeros((1, CODES.shape[1])), 1.0)  # vector not 1-D
