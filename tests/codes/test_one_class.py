import numpy as np

from aecourse.codes.anomaly import anomaly_auroc
from aecourse.codes.one_class import OneClassDetector, encode_and_reconstruct
from aecourse.config import PROFILES
from aecourse.seeding import seed_everything


def blobs(n: int, seed: int, bright: bool) -> np.ndarray:
    """Images of a bright square in the top-left corner (normal), or in the bottom-right (anomalies)."""
    rng = np.random.default_rng(seed)
    images = rng.random((n, 28, 28)).astype("float32") * 0.1
    if bright:
        images[:, 2:12, 2:12] += 0.8
    else:
        images[:, 16:26, 16:26] += 0.8
    return images


def test_a_detector_trained_on_one_kind_of_image_ranks_the_other_kind_higher():
    seed_everything(0)
    normal = blobs(300, seed=1, bright=True)
    detector = OneClassDetector.train(normal, PROFILES["quick"])
    assert detector.run.epochs == 2
    test = np.concatenate([blobs(50, seed=2, bright=True), blobs(50, seed=3, bright=False)])
    is_anomaly = np.r_[np.zeros(50, bool), np.ones(50, bool)]
    errors, scores = detector.reconstruction_errors_and_scores(test)
    assert anomaly_auroc(errors, is_anomaly) > 0.9
    assert anomaly_auroc(scores, is_anomaly) > 0.9
    assert np.array_equal(detector.scores(test), scores)
    # Standardised on the normal training images: their combined scores centre on 0 per term.
    assert abs(np.median(detector.scores(normal))) < 1.0


def test_codes_and_reconstructions_have_the_model_shapes():
    seed_everything(0)
    detector = OneClassDetector.train(blobs(64, seed=1, bright=True), PROFILES["quick"])
    codes, reconstructions = encode_and_reconstruct(detector.autoencoder, blobs(5, seed=4, bright=False))
    assert codes.shape == (5, 30) and reconstructions.shape == (5, 28, 28)
