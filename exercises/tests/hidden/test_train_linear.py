"""Hidden tests of the exercise train_linear (linear autoencoders chapter)."""

import pytest

from public.test_train_linear import make_data, pca_error  # shared data helpers

EXERCISE = "train_linear"


@pytest.mark.points(2)
def test_five_dimensions_three_codings(student):
    x = make_data(3, n=80, scales=(1.5, 1.0, 0.7, 0.3, 0.2))
    result = student.train_linear_autoencoder(x, 3, 300, 3)
    optimum = pca_error(x, 3)
    assert optimum * 0.99 <= result <= optimum * 1.03


@pytest.mark.points(1)
def test_reproducible_and_validated(student):
    x = make_data(5, n=40)
    first = student.train_linear_autoencoder(x, 1, 20, 7)
    second = student.train_linear_autoencoder(x, 1, 20, 7)
    assert first == pytest.approx(second, rel=1e-6)
    with pytest.raises(ValueError):
        student.train_linear_autoencoder(x, 4, 10, 0)
    with pytest.raises(ValueError):
        student.train_linear_autoencoder(x, 2, 0, 0)
