"""Hidden tests of the exercise hamming_search (seeing and searching with codes)."""

import numpy as np
import pytest

from . import load_expected

EXERCISE = "hamming_search"
EXPECTED = load_expected(EXERCISE)


@pytest.mark.points(2)
def test_random_16_bit_codes_with_many_ties(student):
    for case in EXPECTED["cases"]:
        got = student.hamming_search(np.array(case["index"], dtype=bool), np.array(case["queries"], dtype=bool),
                                     case["k"])
        assert np.asarray(got).tolist() == case["expected"]


@pytest.mark.points(1)
def test_k_out_of_range_is_refused(student):
    with pytest.raises(ValueError):
        student.hamming_search(np.zeros((3, 4), dtype=bool), np.zeros((1, 4), dtype=bool), k=4)
    with pytest.raises(ValueError):
        student.hamming_search(np.zeros((3, 4), dtype=bool), np.zeros((1, 4), dtype=bool), k=0)
