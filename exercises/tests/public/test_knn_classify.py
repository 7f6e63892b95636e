"""Public tests of the exercise knn_classify (seeing and searching with codes)."""

import numpy as np
import pytest

EXERCISE = "knn_classify"


@pytest.mark.points(2)
def test_points_on_a_line(student):
    index = np.array([[0.0], [1.0], [2.0], [10.0], [11.0]])
    labels = np.array([0, 0, 1, 2, 2])
    queries = np.array([[0.4], [10.6], [1.9]])
    assert student.knn_classify(index, labels, queries, k=1).tolist() == [0, 2, 1]
    assert student.knn_classify(index, labels, queries, k=3).tolist() == [0, 2, 0]


@pytest.mark.points(1)
def test_k_out_of_range_is_refused(student):
    with pytest.raises(ValueError):
        student.knn_classify(np.zeros((2, 2)), np.zeros(2, dtype=int), np.zeros((1, 2)), k=3)
