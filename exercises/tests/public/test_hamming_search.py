"""Public tests of the exercise hamming_search (seeing and searching with codes)."""

import numpy as np
import pytest

EXERCISE = "hamming_search"


@pytest.mark.points(2)
def test_four_codes(student):
    index = np.array([[0, 0, 0], [1, 1, 1], [1, 0, 0], [1, 1, 0]], dtype=bool)
    # Query 110: distances 2, 1, 1, 0 -> 3, then 1 and 2 (a tie: the smaller index first).
    got = student.hamming_search(index, np.array([[1, 1, 0]], dtype=bool), k=3)
    assert np.asarray(got).tolist() == [[3, 1, 2]]


@pytest.mark.points(1)
def test_different_code_sizes_are_refused(student):
    with pytest.raises(ValueError):
        student.hamming_search(np.zeros((3, 4), dtype=bool), np.zeros((1, 5), dtype=bool), k=1)
