import numpy as np
import pytest
from keras import ops

from aecourse.metrics import (
    binary_cross_entropy,
    binary_cross_entropy_floor,
    nearest_neighbour_distance,
    psnr,
    rounded_accuracy,
    rounded_accuracy_baselines,
    rounded_accuracy_score,
)


def _mean(value) -> float:
    return float(np.mean(ops.convert_to_numpy(value)))


def test_identical_images_score_one():
    x = np.random.default_rng(0).random((4, 28, 28)).astype("float32")
    assert _mean(rounded_accuracy(x, x)) == pytest.approx(1.0)


def test_counts_pixels_on_the_right_side_of_one_half():
    y_true = np.array([[0.1, 0.9, 0.6, 0.4]], dtype="float32")
    y_pred = np.array([[0.2, 0.7, 0.3, 0.45]], dtype="float32")
    # rounded: [0, 1, 1, 0] vs [0, 1, 0, 0] -> 3 of 4 agree
    assert _mean(rounded_accuracy(y_true, y_pred)) == pytest.approx(0.75)


def test_inverted_image_scores_zero():
    y_true = np.array([[0.0, 1.0, 0.0, 1.0]], dtype="float32")
    assert _mean(rounded_accuracy(y_true, 1.0 - y_true)) == pytest.approx(0.0)


def test_result_is_per_pixel():
    x = np.zeros((5, 28, 28), dtype="float32")
    assert tuple(ops.shape(rounded_accuracy(x, x))) == (5, 28, 28)


def test_score_agrees_with_the_keras_metric():
    rng = np.random.default_rng(3)
    x, y = rng.random((6, 5, 5)).astype("float32"), rng.random((6, 5, 5)).astype("float32")
    assert rounded_accuracy_score(x, y) == pytest.approx(_mean(rounded_accuracy(x, y)))


def test_score_refuses_different_shapes():
    with pytest.raises(ValueError, match="differ in shape"):
        rounded_accuracy_score(np.zeros((2, 3)), np.zeros((3, 3)))


def test_binary_cross_entropy_matches_keras():
    import keras

    rng = np.random.default_rng(3)
    x, p = rng.random((5, 7, 7)).astype("float32"), rng.random((5, 7, 7)).astype("float32")
    expected = float(np.mean(ops.convert_to_numpy(keras.losses.binary_crossentropy(x, p))))
    assert binary_cross_entropy(x, p) == pytest.approx(expected, rel=1e-5)


def test_the_floor_is_the_least_cross_entropy_and_zero_for_black_and_white():
    rng = np.random.default_rng(4)
    x = rng.random((3, 5, 5))
    floor = binary_cross_entropy_floor(x)
    for _ in range(5):
        other = np.clip(x + rng.normal(0, 0.05, x.shape), 0, 1)
        assert binary_cross_entropy(x, other) > floor
    assert binary_cross_entropy_floor(np.round(x)) == pytest.approx(0.0, abs=1e-5)
    half = np.full((1, 2, 2), 0.5)
    assert binary_cross_entropy_floor(half) == pytest.approx(np.log(2), rel=1e-6)


def test_rounded_accuracy_baselines():
    x_train = np.zeros((4, 2, 2))
    x_train[:3, 0, 0] = 1.0  # pixel (0, 0) is ink in 3 of 4 training images: the mean image rounds it to ink
    x_eval = np.zeros((2, 2, 2))
    x_eval[0, 0, 0] = 1.0
    x_eval[1, 1, 1] = 1.0
    baselines = rounded_accuracy_baselines(x_train, x_eval)
    assert baselines["all_background"] == pytest.approx(6 / 8)
    assert baselines["mean_image"] == pytest.approx(6 / 8)  # right on image 0's ink, wrong on image 1's (0, 0)
    with pytest.raises(ValueError, match="differ in shape"):
        rounded_accuracy_baselines(x_train, np.zeros((2, 3, 3)))


def test_nearest_neighbour_distance_finds_the_nearest_image():
    rng = np.random.default_rng(5)
    reference = rng.random((50, 4, 4))
    images = reference[[3, 17]] + 0.01
    np.testing.assert_allclose(nearest_neighbour_distance(images, reference, batch_size=1), [0.01, 0.01], rtol=1e-6)
    assert nearest_neighbour_distance(reference[:5], reference) == pytest.approx(np.zeros(5), abs=1e-6)
    with pytest.raises(ValueError, match="values each"):
        nearest_neighbour_distance(images, rng.random((5, 3, 3)))


def test_psnr_of_a_known_error():
    clean = np.zeros((2, 4, 4))
    estimate = clean + 0.1  # mse 0.01 in every image -> 20 dB
    assert psnr(clean, estimate) == pytest.approx(20.0)
    halved = clean + 0.05  # half the error: +6.02 dB
    assert psnr(clean, halved) - psnr(clean, estimate) == pytest.approx(20 * np.log10(2))
    assert psnr(clean, clean) == pytest.approx(100.0)


def test_psnr_averages_over_images():
    clean = np.zeros((2, 2, 2))
    estimate = np.stack([np.full((2, 2), 0.1), np.full((2, 2), 0.01)])  # 20 dB and 40 dB
    assert psnr(clean, estimate) == pytest.approx(30.0)
    with pytest.raises(ValueError, match="differ in shape"):
        psnr(clean, np.zeros((2, 3, 3)))
