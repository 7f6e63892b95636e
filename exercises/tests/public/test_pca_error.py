"""Public tests of the exercise pca_error (linear autoencoders chapter)."""

import numpy as np
import pytest

EXERCISE = "pca_error"


@pytest.mark.points(2)
def test_hand_made_examples(student):
    # Four points on the axes: isotropic spread, total squared norm 4 over 8
    # entries; one component keeps half of it, so the error is 2 / 8.
    cross = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, -1.0]])
    result = student.pca_reconstruction_error(cross, 1)
    assert isinstance(result, float)
    assert result == pytest.approx(0.25)
    # Points on a line (not through the origin): one component is exact.
    line = np.array([[1.0, 2.0, 3.0]]) + np.arange(5.0)[:, None] * np.array([[1.0, -1.0, 2.0]])
    assert student.pca_reconstruction_error(line, 1) == pytest.approx(0.0, abs=1e-12)
    # k == d is always exact.
    assert student.pca_reconstruction_error(cross, 2) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.points(1)
def test_invalid_arguments(student):
    x = np.ones((5, 3))
    with pytest.raises(ValueError):
        student.pca_reconstruction_error(x, 0)
    with pytest.raises(ValueError):
        student.pca_reconstruction_error(x, 4)
    with pytest.raises(ValueError):
        student.pca_reconstruction_error(np.ones(6), 1)
