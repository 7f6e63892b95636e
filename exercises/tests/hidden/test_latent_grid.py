"""Hidden tests of the exercise latent_grid (exploring the latent space)."""

import math

import numpy as np
import pytest

from . import load_expected

EXERCISE = "latent_grid"
EXPECTED = load_expected(EXERCISE)


@pytest.mark.points(2)
def test_grids_of_several_sizes_and_ranges(student):
    # The expected codes were built with statistics.NormalDist().inv_cdf and two loops (rows, then columns).
    for case in EXPECTED["cases"]:
        n = case["n"]
        grid = student.normal_quantile_grid(n, latent_range=case["latent_range"])
        assert grid.shape == (n * n, 2) and grid.dtype == np.float32
        np.testing.assert_allclose(grid, case["expected"], rtol=1e-6, atol=1e-6)
        if n % 2 == 1:
            np.testing.assert_allclose(grid[n * n // 2], [0.0, 0.0], atol=1e-6)  # the median at the centre


@pytest.mark.points(1)
def test_invalid_arguments(student):
    for n, latent_range in [(1, 0.95), (0, 0.95), (True, 0.95), (5, 0.0), (5, 1.0), (5, 1.5), (5, math.nan)]:
        with pytest.raises(ValueError):
            student.normal_quantile_grid(n, latent_range=latent_range)
