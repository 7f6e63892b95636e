"""Public tests of the exercise auroc (finding anomalies)."""

import numpy as np
import pytest

EXERCISE = "auroc"


@pytest.mark.points(2)
def test_four_samples(student):
    # Pairs (anomaly, normal): 0.35 beats 0.1 but not 0.4; 0.8 beats both: 3 of 4.
    scores = np.array([0.1, 0.4, 0.35, 0.8])
    assert student.auroc(scores, np.array([False, False, True, True])) == pytest.approx(0.75)


@pytest.mark.points(1)
def test_a_tie_counts_one_half(student):
    assert student.auroc(np.array([1.0, 1.0]), np.array([False, True])) == pytest.approx(0.5)


@pytest.mark.points(1)
def test_one_kind_only_is_refused(student):
    with pytest.raises(ValueError):
        student.auroc(np.array([0.1, 0.2]), np.array([True, True]))
