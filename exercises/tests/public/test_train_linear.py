"""Public tests of the exercise train_linear (linear autoencoders chapter)."""

import numpy as np
import pytest

EXERCISE = "train_linear"


def make_data(seed, n=100, scales=(1.5, 1.0, 0.3)):
    """Centred points with the given standard deviations along random orthogonal axes."""
    rng = np.random.default_rng(seed)
    d = len(scales)
    axes, _ = np.linalg.qr(rng.normal(size=(d, d)))
    x = rng.normal(size=(n, d)) * np.array(scales) @ axes.T
    return (x - x.mean(axis=0)).astype(np.float32)


def pca_error(x, k):
    """Sum of the d - k smallest covariance eigenvalues, over d."""
    x = x.astype(np.float64)
    eigenvalues = np.linalg.eigvalsh(x.T @ x / len(x))
    return float(eigenvalues[: x.shape[1] - k].sum() / x.shape[1])


@pytest.mark.points(2)
def test_reaches_pca_error(student):
    x = make_data(0)
    result = student.train_linear_autoencoder(x, 2, 300, 42)
    assert isinstance(result, float)
    optimum = pca_error(x, 2)
    assert optimum * 0.99 <= result <= optimum * 1.02


@pytest.mark.points(1)
def test_more_epochs_help(student):
    x = make_data(1)
    short = student.train_linear_autoencoder(x, 2, 5, 0)
    long = student.train_linear_autoencoder(x, 2, 100, 0)
    assert long < short
