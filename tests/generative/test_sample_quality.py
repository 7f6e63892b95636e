"""The Fréchet distance and the classifier's verdict on sets of images."""

import keras
import numpy as np
import pytest

from aecourse.generative.feature_classifier import FEATURE_LAYER
from aecourse.generative.sample_quality import GaussianFit, SampleScorer, fit_gaussian, frechet_distance


def _gaussian(mean, covariance) -> GaussianFit:
    return GaussianFit(np.asarray(mean, dtype=float), np.asarray(covariance, dtype=float))


def test_frechet_distance_of_known_gaussians():
    a = _gaussian([0.0, 0.0], np.eye(2))
    assert frechet_distance(a, a) == pytest.approx(0.0, abs=1e-9)
    # Same covariance: the squared distance of the means.
    assert frechet_distance(a, _gaussian([3.0, 4.0], np.eye(2))) == pytest.approx(25.0)
    # Diagonal covariances: Σ (√a − √b)².
    b = _gaussian([0.0, 0.0], np.diag([4.0, 9.0]))
    assert frechet_distance(a, b) == pytest.approx((2 - 1) ** 2 + (3 - 1) ** 2)


def test_frechet_distance_of_full_covariances_matches_scipys_matrix_square_root():
    import scipy.linalg

    rng = np.random.default_rng(0)
    m1, m2 = rng.normal(size=(2, 5))
    r1, r2 = rng.normal(size=(5, 5)), rng.normal(size=(5, 8))
    c1, c2 = r1 @ r1.T + 0.1 * np.eye(5), r2 @ r2.T
    expected = np.sum((m1 - m2) ** 2) + np.trace(c1 + c2 - 2 * np.real(scipy.linalg.sqrtm(c1 @ c2)))
    assert frechet_distance(_gaussian(m1, c1), _gaussian(m2, c2)) == pytest.approx(expected, rel=1e-6)
    assert frechet_distance(_gaussian(m2, c2), _gaussian(m1, c1)) == pytest.approx(expected, rel=1e-6)


def test_frechet_distance_of_singular_covariances_is_exact_and_silent(recwarn):
    # A feature that never varies (a dead ReLU unit) makes both covariances singular.
    a = _gaussian([0.0, 1.0], np.diag([4.0, 0.0]))
    b = _gaussian([0.0, 1.0], np.diag([1.0, 0.0]))
    assert frechet_distance(a, b) == pytest.approx(1.0)  # (√4 − √1)²
    assert not recwarn.list


def test_fit_gaussian_and_its_errors():
    features = np.random.default_rng(1).normal(size=(500, 3))
    fit = fit_gaussian(features)
    np.testing.assert_allclose(fit.mean, features.mean(axis=0))
    np.testing.assert_allclose(fit.covariance, np.cov(features.T))
    with pytest.raises(ValueError, match="n ≥ 2"):
        fit_gaussian(features[:1])
    with pytest.raises(ValueError, match="dimensions"):
        frechet_distance(fit, _gaussian([0.0], [[1.0]]))


def _toy_classifier() -> keras.Model:
    """Features = the mean brightness of the top and bottom halves; class 1 when the top is brighter."""
    model = keras.Sequential([
        keras.Input((4, 4)), keras.layers.Reshape((16,)),
        keras.layers.Dense(2, activation="relu", name=FEATURE_LAYER),
        keras.layers.Dense(2, activation="softmax"),
    ])
    top, bottom = np.r_[np.full(8, 1 / 8), np.zeros(8)], np.r_[np.zeros(8), np.full(8, 1 / 8)]
    model.layers[1].set_weights([np.stack([top, bottom], axis=1).astype("float32"), np.zeros(2, "float32")])
    model.layers[2].set_weights([np.array([[-20.0, 20.0], [20.0, -20.0]], "float32"), np.zeros(2, "float32")])
    return model


def test_scorer_finds_the_reference_close_to_itself_and_far_from_other_images():
    rng = np.random.default_rng(2)
    bright_top = rng.random((400, 4, 4)).astype("float32") * np.r_[np.ones(2), np.full(2, 0.2)][:, None]
    scorer = SampleScorer(_toy_classifier(), bright_top[:200])
    same = scorer.score(bright_top[200:])
    flipped = scorer.score(bright_top[200:, ::-1])
    assert same.fid < 0.01 < flipped.fid
    np.testing.assert_allclose(same.class_shares, [0.0, 1.0])
    np.testing.assert_allclose(flipped.class_shares, [1.0, 0.0])
    assert 0.5 < same.confidence <= 1.0
    blank = scorer.score(np.zeros((10, 4, 4), "float32"))
    assert blank.confidence == pytest.approx(0.5)  # both features 0: the classifier cannot choose


def test_the_reference_is_scored_once_and_against_itself(monkeypatch):
    rng = np.random.default_rng(5)
    images = rng.random((300, 4, 4)).astype("float32") * np.r_[np.ones(2), np.full(2, 0.2)][:, None]
    images[::3] = images[::3, ::-1]  # a third of them in the other class
    passes = []
    real = SampleScorer.features_and_probabilities
    monkeypatch.setattr(SampleScorer, "features_and_probabilities",
                        lambda self, x: passes.append(len(x)) or real(self, x))
    scorer = SampleScorer(_toy_classifier(), images)
    assert passes == [300]  # the classifier ran once on the reference images
    again = scorer.score(images)
    quality = scorer.reference_quality
    assert quality.fid == pytest.approx(0.0, abs=1e-6)
    np.testing.assert_allclose(quality.class_shares, again.class_shares)
    np.testing.assert_allclose(quality.class_shares, [1 / 3, 2 / 3], atol=0.01)
    assert quality.confidence == pytest.approx(again.confidence)
