"""Public tests of the exercise psnr (denoising autoencoders chapter)."""

import numpy as np
import pytest

EXERCISE = "psnr"


@pytest.mark.points(2)
def test_a_known_error(student):
    clean = np.zeros((2, 4, 4))
    # every pixel off by 0.1: mse 0.01, 20 dB
    assert student.psnr(clean, clean + 0.1) == pytest.approx(20.0)


@pytest.mark.points(1)
def test_shapes_must_match(student):
    with pytest.raises(ValueError):
        student.psnr(np.zeros((2, 4, 4)), np.zeros((2, 3, 3)))
