"""Hidden tests of the exercise pca_error (linear autoencoders chapter)."""

import numpy as np
import pytest

from . import load_expected

EXERCISE = "pca_error"
EXPECTED = load_expected(EXERCISE)


@pytest.mark.points(2)
def test_random_data_every_k(student):
    x = np.array(EXPECTED["x"])
    for k, expected in EXPECTED["expected"].items():
        result = student.pca_reconstruction_error(x, int(k))
        assert isinstance(result, float)
        assert result == pytest.approx(expected, rel=1e-9, abs=1e-12)


@pytest.mark.points(1)
def test_offset_plane_and_validation(student):
    rng = np.random.default_rng(11)
    plane = rng.normal(size=(40, 2)) @ rng.normal(size=(2, 5)) + 10.0  # affine 2-D subspace of R^5
    assert student.pca_reconstruction_error(plane, 2) == pytest.approx(0.0, abs=1e-9)
    assert student.pca_reconstruction_error(plane.astype(np.float32), 2) == pytest.approx(0.0, abs=1e-4)
    with pytest.raises(ValueError):
        student.pca_reconstruction_error(np.ones((1, 3)), 1)
    with pytest.raises(ValueError):
        student.pca_reconstruction_error(np.ones((4, 3, 2)), 1)
