"""Hidden tests of the exercise denoising (stacked autoencoders chapter)."""

import numpy as np
import pytest

from . import load_expected

EXERCISE = "denoising"
EXPECTED = load_expected(EXERCISE)


@pytest.mark.points(2)
def test_stored_noisy_images(student):
    images = np.array(EXPECTED["images"])
    result = student.add_gaussian_noise(images, EXPECTED["stddev"], EXPECTED["seed"])
    assert result.shape == (2, 4, 4)
    np.testing.assert_allclose(result, EXPECTED["expected"], rtol=1e-12)


@pytest.mark.points(1)
def test_zero_noise_and_seeds(student):
    images = np.linspace(0.0, 1.0, 12, dtype=np.float32).reshape(3, 4)
    clean = student.add_gaussian_noise(images, 0.0, 1)
    assert clean.dtype == np.float64
    np.testing.assert_allclose(clean, images.astype(np.float64))
    a = student.add_gaussian_noise(images, 0.2, 5)
    b = student.add_gaussian_noise(images, 0.2, 5)
    c = student.add_gaussian_noise(images, 0.2, 6)
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)
