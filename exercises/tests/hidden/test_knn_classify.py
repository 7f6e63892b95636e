"""Hidden tests of the exercise knn_classify (seeing and searching with codes)."""

import numpy as np
import pytest

from . import load_expected

EXERCISE = "knn_classify"
EXPECTED = load_expected(EXERCISE)


@pytest.mark.points(2)
def test_random_codes(student):
    # The expected labels are scikit-learn's KNeighborsClassifier's.
    for case in EXPECTED["cases"]:
        got = student.knn_classify(np.array(case["index"]), np.array(case["labels"]), np.array(case["queries"]),
                                   case["k"])
        assert np.asarray(got).tolist() == case["expected"]


@pytest.mark.points(1)
def test_a_tie_goes_to_the_smallest_label(student):
    index = np.array([[-1.0], [1.0], [5.0]])
    labels = np.array([3, 1, 0])
    assert student.knn_classify(index, labels, np.array([[0.0]]), k=2).tolist() == [1]
