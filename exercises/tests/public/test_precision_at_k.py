"""Public tests of the exercise precision_at_k (seeing and searching with codes)."""

import numpy as np
import pytest

EXERCISE = "precision_at_k"


@pytest.mark.points(2)
def test_two_queries(student):
    neighbours = np.array([[1, 1, 2, 1], [0, 3, 3, 3]])
    # first 2 neighbours: query 1 gets 2 of 2, query 3 gets 1 of 2
    assert student.precision_at_k(neighbours, np.array([1, 3]), k=2) == pytest.approx(0.75)


@pytest.mark.points(1)
def test_k_beyond_the_neighbours_is_refused(student):
    with pytest.raises(ValueError):
        student.precision_at_k(np.zeros((2, 3), dtype=int), np.zeros(2, dtype=int), k=4)
