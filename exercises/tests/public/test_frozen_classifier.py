"""Public tests of the exercise frozen_classifier (learning from few labels)."""

import keras
import numpy as np
import pytest

EXERCISE = "frozen_classifier"


def trained_encoder(seed=0):
    """A small encoder 12-8-4 with weights that are not Keras's initial ones."""
    encoder = keras.Sequential([keras.Input(shape=(12,)), keras.layers.Dense(8, activation="selu"),
                                keras.layers.Dense(4, activation="selu")])
    rng = np.random.default_rng(seed)
    encoder.set_weights([rng.normal(size=w.shape).astype("float32") for w in encoder.get_weights()])
    return encoder


@pytest.mark.points(2)
def test_the_encoder_weights_are_copied_and_frozen(student):
    encoder = trained_encoder()
    model = student.frozen_classifier(encoder, 3)
    dense = [layer for layer in model.layers if type(layer).__name__ == "Dense"]
    assert len(dense) == 3
    for copy, layer in zip(dense[:2], encoder.layers):
        assert not copy.trainable
        for got, expected in zip(copy.get_weights(), layer.get_weights()):
            np.testing.assert_array_equal(got, expected)
    assert dense[2].trainable and dense[2].units == 3


@pytest.mark.points(1)
def test_outputs_are_class_probabilities(student):
    model = student.frozen_classifier(trained_encoder(), 5)
    y = np.asarray(model.predict(np.random.default_rng(1).random((6, 12)).astype("float32"), verbose=0))
    assert y.shape == (6, 5)
    np.testing.assert_allclose(y.sum(axis=1), 1.0, rtol=1e-5)
