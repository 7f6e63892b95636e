"""Hidden tests of the exercise auroc (finding anomalies)."""

import numpy as np
import pytest

from . import load_expected

EXERCISE = "auroc"
EXPECTED = load_expected(EXERCISE)


@pytest.mark.points(2)
def test_random_scores_with_ties(student):
    # The expected values are scikit-learn's roc_auc_score's.
    for case in EXPECTED["cases"]:
        got = student.auroc(np.array(case["scores"]), np.array(case["is_anomaly"]))
        assert got == pytest.approx(case["expected"], abs=1e-12)


@pytest.mark.points(1)
def test_reversed_scores_give_one_minus_the_auroc(student):
    scores = np.array([3.0, 1.0, 2.0, 5.0, 4.0])
    labels = np.array([True, False, False, True, False])
    assert student.auroc(-scores, labels) == pytest.approx(1 - student.auroc(scores, labels))


@pytest.mark.points(1)
def test_shapes_must_match(student):
    with pytest.raises(ValueError):
        student.auroc(np.zeros(3), np.array([True, False]))
