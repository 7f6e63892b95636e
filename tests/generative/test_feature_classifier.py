"""The judge of generated images: its shape, its features, its training."""

import numpy as np

from aecourse.config import get_profile
from aecourse.generative.feature_classifier import (
    build_feature_classifier,
    feature_model,
    train_feature_classifier,
    accuracy,
)
from aecourse.seeding import seed_everything


def test_classifier_shape_and_features():
    classifier = build_feature_classifier()
    assert classifier.count_params() == 206_922
    x = np.random.default_rng(0).random((3, 28, 28)).astype("float32")
    features, probabilities = feature_model(classifier)(x)
    assert features.shape == (3, 128) and probabilities.shape == (3, 10)
    np.testing.assert_allclose(np.asarray(probabilities).sum(axis=1), 1.0, rtol=1e-5)


def test_training_learns_separable_classes():
    seed_everything(0)
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 600)
    x = rng.random((600, 28, 28)).astype("float32") * 0.2
    x[y == 1, :14] += 0.8  # class 1: a bright top half
    classifier, run = train_feature_classifier(x, y, get_profile("quick"),
                                               build_feature_classifier(n_classes=2, filters=(4,), feature_size=8))
    assert run.epochs == 2
    assert accuracy(classifier, x, y) > 0.95
