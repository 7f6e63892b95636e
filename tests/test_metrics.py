import numpy as np
import pytest
from keras import ops

from aecourse.metrics import rounded_accuracy, rounded_accuracy_score


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
