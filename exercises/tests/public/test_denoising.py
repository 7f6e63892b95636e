"""Public tests of the exercise denoising (stacked autoencoders chapter)."""

import numpy as np
import pytest

EXERCISE = "denoising"


@pytest.mark.points(2)
def test_matches_the_specified_generator(student):
    images = np.full((2, 3, 3), 0.5)
    result = student.add_gaussian_noise(images, 0.1, 7)
    expected = np.clip(images + np.random.default_rng(7).normal(0.0, 0.1, images.shape), 0.0, 1.0)
    assert isinstance(result, np.ndarray)
    assert result.shape == (2, 3, 3)
    np.testing.assert_allclose(result, expected, rtol=1e-12)


@pytest.mark.points(1)
def test_clips_and_validates(student):
    images = np.array([[0.0, 1.0, 0.5, 0.9]])
    result = student.add_gaussian_noise(images, 3.0, 0)
    assert np.all((result >= 0.0) & (result <= 1.0))
    with pytest.raises(ValueError):
        student.add_gaussian_noise(images, -0.1, 0)
