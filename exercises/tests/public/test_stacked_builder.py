"""Public tests of the exercise stacked_builder (stacked autoencoders chapter)."""

import numpy as np
import pytest

EXERCISE = "stacked_builder"


def dense_layers(model):
    return [layer for layer in model.layers if type(layer).__name__ == "Dense"]


@pytest.mark.points(2)
def test_fashion_mnist_sizes(student):
    model = student.build_stacked_autoencoder(784, [100, 30])
    assert model.count_params() == 81_530 + 82_284
    assert [layer.units for layer in dense_layers(model)] == [100, 30, 100, 784]
    assert tuple(model.output_shape) == (None, 784)


@pytest.mark.points(2)
def test_outputs_and_activations(student):
    model = student.build_stacked_autoencoder(12, [8, 4])
    activations = [layer.get_config()["activation"] for layer in dense_layers(model)]
    assert activations == ["selu", "selu", "selu", "sigmoid"]
    x = np.random.default_rng(0).random((5, 12)).astype(np.float32)
    y = np.asarray(model.predict(x, verbose=0))
    assert y.shape == (5, 12)
    assert np.all((y > 0) & (y < 1))
