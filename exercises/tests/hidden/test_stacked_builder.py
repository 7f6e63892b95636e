"""Hidden tests of the exercise stacked_builder (stacked autoencoders chapter)."""

import numpy as np
import pytest

EXERCISE = "stacked_builder"


def dense_layers(model):
    return [layer for layer in model.layers if type(layer).__name__ == "Dense"]


def n_params(widths):
    return sum(a * b + b for a, b in zip(widths[:-1], widths[1:]))


@pytest.mark.points(2)
def test_three_hidden_layers_relu(student):
    model = student.build_stacked_autoencoder(20, (16, 8, 4), activation="relu")
    layers = dense_layers(model)
    assert [layer.units for layer in layers] == [16, 8, 4, 8, 16, 20]
    assert [layer.get_config()["activation"] for layer in layers] == ["relu"] * 5 + ["sigmoid"]
    assert model.count_params() == n_params([20, 16, 8, 4, 8, 16, 20])
    x = np.random.default_rng(3).normal(size=(7, 20)).astype(np.float32)
    y = np.asarray(model.predict(x, verbose=0))
    assert y.shape == (7, 20)
    assert np.all((y >= 0) & (y <= 1))


@pytest.mark.points(1)
def test_single_hidden_layer(student):
    model = student.build_stacked_autoencoder(10, [3])
    assert [layer.units for layer in dense_layers(model)] == [3, 10]
    assert model.count_params() == n_params([10, 3, 10])
    assert tuple(model.output_shape) == (None, 10)


@pytest.mark.points(1)
def test_invalid_sizes(student):
    with pytest.raises(ValueError):
        student.build_stacked_autoencoder(10, [])
    with pytest.raises(ValueError):
        student.build_stacked_autoencoder(10, [8, 0])
    with pytest.raises(ValueError):
        student.build_stacked_autoencoder(0, [4])
