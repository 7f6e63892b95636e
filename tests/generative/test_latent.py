"""Points of the latent space: prior samples, the quantile grid, attribute vectors."""

from statistics import NormalDist

import keras
import numpy as np
import pytest

from aecourse.generative.latent import attribute_vector, generate, normal_quantile_grid, target_share


def test_quantile_grid_is_ordered_like_a_plot():
    grid = normal_quantile_grid(3, coverage=0.9)
    q = NormalDist().inv_cdf(0.95)
    expected = [[-q, q], [0, q], [q, q], [-q, 0], [0, 0], [q, 0], [-q, -q], [0, -q], [q, -q]]
    np.testing.assert_allclose(grid, expected, atol=1e-6)
    assert grid.dtype == np.float32
    wide = normal_quantile_grid(10, coverage=0.99)
    assert wide.shape == (100, 2)
    steps = np.diff(wide[:10, 0])
    assert np.all(steps > 0) and steps[0] > steps[4]  # denser near the centre
    with pytest.raises(ValueError, match="coverage"):
        normal_quantile_grid(3, coverage=1.0)
    with pytest.raises(ValueError, match="n must be"):
        normal_quantile_grid(1)


def test_attribute_vector_is_the_difference_of_class_means():
    codes = np.array([[0.0, 0.0], [2.0, 0.0], [1.0, 5.0], [1.0, 7.0]])
    labels = np.array([3, 3, 8, 8])
    np.testing.assert_allclose(attribute_vector(codes, labels, source=3, target=8), [0.0, 6.0])
    with pytest.raises(ValueError, match="no code has the target class 5"):
        attribute_vector(codes, labels, source=3, target=5)
    with pytest.raises(ValueError, match="one label per code"):
        attribute_vector(codes, labels[:3], source=3, target=8)


def test_generate_decodes_prior_samples_reproducibly_and_target_share_counts():
    decoder = keras.Sequential([keras.Input((2,)), keras.layers.Dense(4, activation="sigmoid"),
                                keras.layers.Reshape((2, 2))])
    images = generate(decoder, 5, seed=3)
    assert images.shape == (5, 2, 2)
    np.testing.assert_array_equal(images, generate(decoder, 5, seed=3))
    assert not np.array_equal(images, generate(decoder, 5, seed=4))
    classifier = keras.Sequential([keras.Input((2, 2)), keras.layers.Flatten(),
                                   keras.layers.Dense(2, activation="softmax")])
    classifier.layers[1].set_weights([np.array([[1, 0]] * 2 + [[0, 1]] * 2, "float32"), np.zeros(2, "float32")])
    top_heavy = np.array([[[1, 1], [0, 0]]] * 3 + [[[0, 0], [1, 1]]], "float32")
    assert target_share(classifier, top_heavy, 0) == pytest.approx(0.75)


@pytest.mark.parametrize("n", [0, -1, 2.0, True])
def test_generate_refuses_a_count_that_is_not_a_positive_int(n):
    decoder = keras.Sequential([keras.Input((2,)), keras.layers.Dense(4), keras.layers.Reshape((2, 2))])
    with pytest.raises(ValueError, match="n must be a positive int"):
        generate(decoder, n, seed=0)
