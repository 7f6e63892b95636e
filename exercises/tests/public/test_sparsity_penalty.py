"""Public tests of the exercise sparsity_penalty (sparse autoencoders chapter)."""

import math

import numpy as np
import pytest

EXERCISE = "sparsity_penalty"


@pytest.mark.points(2)
def test_one_unit_on_target_and_one_off(student):
    # unit 0 has mean 0.1 (no penalty); unit 1 has mean 0.5
    codes = np.array([[0.0, 0.25], [0.2, 0.75]])
    expected = 0.1 * math.log(0.1 / 0.5) + 0.9 * math.log(0.9 / 0.5)
    assert student.kl_sparsity_penalty(codes, 0.1) == pytest.approx(expected, rel=1e-9)


@pytest.mark.points(1)
def test_a_target_outside_zero_one_is_refused(student):
    with pytest.raises(ValueError):
        student.kl_sparsity_penalty(np.full((2, 3), 0.1), 1.0)
