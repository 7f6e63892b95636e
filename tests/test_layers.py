import keras
import numpy as np
import pytest
from keras import ops

from aecourse.layers import KLDivergenceLoss, Sampling, kl_divergence


def test_kl_of_the_standard_normal_is_zero():
    zeros = np.zeros((3, 4), dtype="float32")
    np.testing.assert_allclose(ops.convert_to_numpy(kl_divergence(zeros, zeros)), 0.0, atol=1e-7)


def test_kl_matches_the_closed_form():
    mean = np.array([[1.0, -2.0]], dtype="float32")
    sigma = np.array([[0.5, 2.0]], dtype="float32")
    expected = 0.5 * np.sum(sigma**2 + mean**2 - 1.0 - np.log(sigma**2))
    got = ops.convert_to_numpy(kl_divergence(mean, np.log(sigma**2)))
    # TensorFlow's exp against NumPy's float32 log and squares: a few ulps of terms up to 4 (~5e-7 each).
    np.testing.assert_allclose(got, [expected], rtol=1e-5)


def test_sampling_has_the_requested_mean_and_spread():
    mean = np.full((20_000, 2), [1.0, -3.0], dtype="float32")
    log_var = np.full((20_000, 2), np.log([0.25, 4.0]), dtype="float32")
    z = ops.convert_to_numpy(Sampling(seed=0)([mean, log_var], training=True))
    assert z.shape == (20_000, 2)
    np.testing.assert_allclose(z.mean(axis=0), [1.0, -3.0], atol=0.05)
    np.testing.assert_allclose(z.std(axis=0), [0.5, 2.0], rtol=0.03)


def test_sampling_returns_the_mean_at_inference():
    mean = np.array([[1.0, 2.0]], dtype="float32")
    log_var = np.zeros((1, 2), dtype="float32")
    for training in (None, False):
        np.testing.assert_array_equal(ops.convert_to_numpy(Sampling()([mean, log_var], training=training)), mean)


def test_sampling_lets_gradients_reach_mean_and_log_var():
    import tensorflow as tf

    mean = tf.Variable(np.zeros((4, 3), dtype="float32"))
    log_var = tf.Variable(np.zeros((4, 3), dtype="float32"))
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(Sampling(seed=1)([mean, log_var], training=True) ** 2)
    grad_mean, grad_log_var = tape.gradient(loss, [mean, log_var])
    assert np.any(grad_mean.numpy() != 0) and np.any(grad_log_var.numpy() != 0)


def test_kl_layer_adds_weighted_mean_loss_and_passes_mean_through():
    mean = np.array([[1.0, 0.0], [0.0, 0.0]], dtype="float32")
    log_var = np.zeros((2, 2), dtype="float32")
    layer = KLDivergenceLoss(weight=0.5)
    out = layer([mean, log_var])
    np.testing.assert_array_equal(ops.convert_to_numpy(out), mean)
    # KL per row: 0.5 and 0 -> batch mean 0.25 -> times weight 0.5
    assert float(ops.convert_to_numpy(layer.losses[0])) == pytest.approx(0.125)


def test_kl_layer_refuses_negative_weight():
    with pytest.raises(ValueError, match="weight"):
        KLDivergenceLoss(weight=-1.0)


def test_kl_layer_config_round_trip():
    layer = KLDivergenceLoss(weight=0.25, name="kl")
    assert KLDivergenceLoss.from_config(layer.get_config()).weight == 0.25


def test_sampling_at_inference_when_asked():
    mean = np.zeros((2_000, 2), dtype="float32")
    log_var = np.zeros((2_000, 2), dtype="float32")
    layer = Sampling(seed=3, sample_at_inference=True)
    for training in (None, False):
        z = ops.convert_to_numpy(layer([mean, log_var], training=training))
        assert z.std() == pytest.approx(1.0, rel=0.1)


def test_sampling_config_round_trip():
    layer = Sampling(seed=5, sample_at_inference=True, name="codings")
    again = Sampling.from_config(layer.get_config())
    assert (again.seed, again.sample_at_inference) == (5, True)


def test_dense_transpose_computes_x_times_the_transposed_kernel_plus_its_bias():
    import keras

    from aecourse.layers import DenseTranspose

    dense = keras.layers.Dense(2)
    dense(np.zeros((1, 3), dtype="float32"))
    dense.kernel.assign(np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]], dtype="float32"))  # (3, 2)
    tied = DenseTranspose(dense)
    x = np.array([[1.0, 1.0]], dtype="float32")
    out = ops.convert_to_numpy(tied(x))
    np.testing.assert_allclose(out, [[1.0, 2.0, 2.0]])  # x Wᵀ, zero bias
    tied.bias.assign(np.array([0.5, 0.0, -1.0], dtype="float32"))
    np.testing.assert_allclose(ops.convert_to_numpy(tied(x)), [[1.5, 2.0, 1.0]])
    own = [w for w in tied.trainable_weights if all(w is not v for v in dense.weights)]
    assert [tuple(w.shape) for w in own] == [(3,)]  # only its bias is its own


def test_dense_transpose_shares_the_kernel_with_its_dense_layer():
    import keras

    from aecourse.layers import DenseTranspose

    dense = keras.layers.Dense(4)
    dense(np.zeros((1, 5), dtype="float32"))
    tied = DenseTranspose(dense, activation="sigmoid")
    before = ops.convert_to_numpy(tied(np.ones((1, 4), dtype="float32")))
    dense.kernel.assign(dense.kernel * 2.0)
    after = ops.convert_to_numpy(tied(np.ones((1, 4), dtype="float32")))
    assert not np.allclose(before, after)


def test_dense_transpose_refuses_what_it_cannot_tie_to():
    import keras

    from aecourse.layers import DenseTranspose

    with pytest.raises(TypeError, match="keras.layers.Dense"):
        DenseTranspose(keras.layers.Flatten())
    with pytest.raises(ValueError, match="not built"):
        DenseTranspose(keras.layers.Dense(3))(np.zeros((1, 3), dtype="float32"))
    dense = keras.layers.Dense(3)
    dense(np.zeros((1, 5), dtype="float32"))
    with pytest.raises(ValueError, match="expects inputs with 3 features"):
        DenseTranspose(dense)(np.zeros((1, 4), dtype="float32"))


def test_clipped_gaussian_noise_adds_noise_in_training_only_and_stays_in_range():
    from aecourse.layers import ClippedGaussianNoise

    layer = ClippedGaussianNoise(0.2, seed=1)
    x = np.full((200, 50), 0.5, dtype="float32")
    assert np.array_equal(np.asarray(layer(x)), x)  # inference: unchanged
    noisy = np.asarray(layer(x, training=True))
    assert abs(noisy.std() - 0.2) < 0.01 and abs(noisy.mean() - 0.5) < 0.01
    edges = np.asarray(layer(np.zeros((200, 50), dtype="float32"), training=True))
    assert edges.min() == 0.0 and edges.max() <= 1.0
    # half the noise on a black pixel is negative, clipped to 0
    assert abs(np.mean(edges == 0.0) - 0.5) < 0.02


def test_clipped_gaussian_noise_config_and_refusals():
    from aecourse.layers import ClippedGaussianNoise

    layer = ClippedGaussianNoise(0.3, seed=4)
    again = ClippedGaussianNoise.from_config(layer.get_config())
    assert (again.stddev, again.seed) == (0.3, 4)
    with pytest.raises(ValueError, match="non-negative"):
        ClippedGaussianNoise(-0.1)


def test_wide_gaussian_noise_has_any_spread_while_training_only():
    from aecourse.layers import WideGaussianNoise

    layer = WideGaussianNoise(5.0, seed=1)
    x = np.zeros((20_000, 2), dtype="float32")
    noisy = keras.ops.convert_to_numpy(layer(x, training=True))
    assert np.std(noisy) == pytest.approx(5.0, rel=0.03)
    assert np.array_equal(keras.ops.convert_to_numpy(layer(x, training=False)), x)
    assert WideGaussianNoise.from_config(layer.get_config()).stddev == 5.0
    with pytest.raises(ValueError, match="non-negative"):
        WideGaussianNoise(-1.0)
