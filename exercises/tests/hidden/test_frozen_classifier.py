"""Hidden tests of the exercise frozen_classifier (learning from few labels)."""

import keras
import numpy as np
import pytest

EXERCISE = "frozen_classifier"


def trained_encoder(sizes, seed):
    encoder = keras.Sequential([keras.Input(shape=(sizes[0],))]
                               + [keras.layers.Dense(size, activation="relu") for size in sizes[1:]])
    rng = np.random.default_rng(seed)
    encoder.set_weights([rng.normal(size=w.shape).astype("float32") for w in encoder.get_weights()])
    return encoder


@pytest.mark.points(2)
def test_it_computes_the_encoder_then_a_softmax(student):
    encoder = trained_encoder((20, 10, 6, 3), seed=7)
    model = student.frozen_classifier(encoder, 4)
    x = np.random.default_rng(2).random((9, 20)).astype("float32")
    dense = [layer for layer in model.layers if type(layer).__name__ == "Dense"]
    assert [layer.units for layer in dense] == [10, 6, 3, 4]
    assert [layer.trainable for layer in dense] == [False, False, False, True]
    codes = np.asarray(encoder.predict(x, verbose=0))
    head_kernel, head_bias = dense[-1].get_weights()
    logits = codes @ head_kernel + head_bias
    expected = np.exp(logits - logits.max(axis=1, keepdims=True))
    expected /= expected.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(np.asarray(model.predict(x, verbose=0)), expected, rtol=1e-4, atol=1e-6)


@pytest.mark.points(1)
def test_only_the_head_is_trainable(student):
    model = student.frozen_classifier(trained_encoder((8, 5, 2), seed=3), 6)
    assert len(model.trainable_weights) == 2  # the softmax layer's kernel and bias
    with pytest.raises(ValueError):
        student.frozen_classifier(trained_encoder((8, 5, 2), seed=3), 1)
