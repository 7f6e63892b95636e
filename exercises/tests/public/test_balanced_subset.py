"""Public tests of the exercise balanced_subset (learning from few labels)."""

import numpy as np
import pytest

EXERCISE = "balanced_subset"


@pytest.mark.points(2)
def test_two_of_each_class(student):
    labels = np.array([0, 1, 2, 0, 1, 2, 0, 1, 2, 2])
    chosen = np.asarray(student.balanced_subset(labels, 2, seed=0))
    assert len(chosen) == 6 and len(set(chosen.tolist())) == 6
    assert chosen.tolist() == sorted(chosen.tolist())
    assert np.bincount(labels[chosen], minlength=3).tolist() == [2, 2, 2]


@pytest.mark.points(1)
def test_too_many_per_class_is_refused(student):
    with pytest.raises(ValueError):
        student.balanced_subset(np.array([0, 0, 1]), 2, seed=0)
