"""Hidden tests of the exercise precision_at_k (seeing and searching with codes)."""

import numpy as np
import pytest

from . import load_expected

EXERCISE = "precision_at_k"
EXPECTED = load_expected(EXERCISE)


@pytest.mark.points(2)
def test_random_neighbours(student):
    for case in EXPECTED["cases"]:
        got = student.precision_at_k(np.array(case["neighbours"]), np.array(case["queries"]), case["k"])
        assert got == pytest.approx(case["expected"], abs=1e-12)


@pytest.mark.points(1)
def test_shapes_must_match(student):
    with pytest.raises(ValueError):
        student.precision_at_k(np.zeros((3, 5), dtype=int), np.zeros(2, dtype=int), k=2)
    with pytest.raises(ValueError):
        student.precision_at_k(np.zeros((3, 5), dtype=int), np.zeros(3, dtype=int), k=0)
