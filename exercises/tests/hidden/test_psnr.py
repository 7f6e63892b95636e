"""Hidden tests of the exercise psnr (denoising autoencoders chapter)."""

import numpy as np
import pytest

from . import load_expected

EXERCISE = "psnr"
EXPECTED = load_expected(EXERCISE)


@pytest.mark.points(2)
def test_random_images(student):
    clean, estimate = np.array(EXPECTED["clean"]), np.array(EXPECTED["estimate"])
    assert student.psnr(clean, estimate) == pytest.approx(EXPECTED["expected"], rel=1e-9)


@pytest.mark.points(1)
def test_mean_over_images_and_exact_copies(student):
    clean = np.zeros((2, 2, 2))
    estimate = np.stack([np.full((2, 2), 0.1), np.full((2, 2), 0.01)])  # 20 dB and 40 dB
    assert student.psnr(clean, estimate) == pytest.approx(30.0)
    assert student.psnr(clean, clean) == pytest.approx(100.0)
    with pytest.raises(ValueError):
        student.psnr(np.zeros(3), np.zeros(3))
