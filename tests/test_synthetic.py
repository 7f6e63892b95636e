import numpy as np
import pytest

from aecourse.synthetic import generate_3d_data


def test_shape_dtype_and_centred():
    x = generate_3d_data(60)
    assert x.shape == (60, 3) and x.dtype == np.float32
    np.testing.assert_allclose(x.mean(axis=0), 0.0, atol=1e-6)


def test_same_seed_same_points_other_seed_other_points():
    np.testing.assert_array_equal(generate_3d_data(20, seed=1), generate_3d_data(20, seed=1))
    assert not np.allclose(generate_3d_data(20, seed=1), generate_3d_data(20, seed=2))


def test_points_lie_near_a_plane():
    # The third coordinate is nearly a linear function of the first two.
    x = generate_3d_data(500, noise=0.0).astype(np.float64)
    singular_values = np.linalg.svd(x, compute_uv=False)
    assert singular_values[2] < 1e-5 * singular_values[0]


@pytest.mark.parametrize("n", [0, -3, 2.5, True])
def test_bad_sizes_are_refused(n):
    with pytest.raises(ValueError, match="n_points"):
        generate_3d_data(n)
