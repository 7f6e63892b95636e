"""Public tests of the exercise latent_grid (exploring the latent space)."""

import numpy as np
import pytest

EXERCISE = "latent_grid"
Q975 = 1.959963984540054  # the 97.5% quantile of the standard normal distribution


@pytest.mark.points(2)
def test_three_by_three(student):
    grid = student.normal_quantile_grid(3)
    assert isinstance(grid, np.ndarray)
    assert grid.shape == (9, 2) and grid.dtype == np.float32
    expected = [[-Q975, Q975], [0.0, Q975], [Q975, Q975],  # the top row of the picture
                [-Q975, 0.0], [0.0, 0.0], [Q975, 0.0],
                [-Q975, -Q975], [0.0, -Q975], [Q975, -Q975]]
    np.testing.assert_allclose(grid, expected, atol=1e-6)


@pytest.mark.points(1)
def test_rows_go_right_and_down(student):
    grid = student.normal_quantile_grid(4, latent_range=0.8)
    assert grid.shape == (16, 2) and grid.dtype == np.float32
    picture = grid.reshape(4, 4, 2)  # [row from the top, column from the left, coordinate]
    assert np.all(np.diff(picture[:, :, 0], axis=1) > 0) and np.all(picture[:, :, 0] == picture[:1, :, 0])
    assert np.all(np.diff(picture[:, :, 1], axis=0) < 0) and np.all(picture[:, :, 1] == picture[:, :1, 1])
    np.testing.assert_allclose(grid[::-1], -grid, atol=1e-6)  # symmetric about the origin
    np.testing.assert_allclose(picture[0, 0], [-1.2815516, 1.2815516], atol=1e-6)  # 10% and 90% quantiles
