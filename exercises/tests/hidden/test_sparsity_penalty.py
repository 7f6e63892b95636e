"""Hidden tests of the exercise sparsity_penalty (sparse autoencoders chapter)."""

import numpy as np
import pytest

from . import load_expected

EXERCISE = "sparsity_penalty"
EXPECTED = load_expected(EXERCISE)


@pytest.mark.points(2)
def test_random_codes_and_targets(student):
    for case in EXPECTED["cases"]:
        got = student.kl_sparsity_penalty(np.array(case["codes"]), case["target"])
        assert got == pytest.approx(case["expected"], rel=1e-6)


@pytest.mark.points(1)
def test_dead_and_saturated_units_stay_finite(student):
    for case in EXPECTED["extremes"]:
        got = student.kl_sparsity_penalty(np.array(case["codes"]), case["target"])
        assert np.isfinite(got) and got == pytest.approx(case["expected"], rel=1e-6)
    with pytest.raises(ValueError):
        student.kl_sparsity_penalty(np.zeros(4), 0.1)
