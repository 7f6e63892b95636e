"""Hidden tests of the exercise meets_reference (all the autoencoders side by side)."""

import pytest

from . import load_expected

EXERCISE = "meets_reference"
EXPECTED = load_expected(EXERCISE)


@pytest.mark.points(2)
def test_many_cases(student):
    for case in EXPECTED["cases"]:
        got = student.meets_reference(case["value"], case["reference"], case["tolerance"], case["higher_is_better"])
        assert got == case["meets"], case


@pytest.mark.points(1)
def test_bounds_count_and_negative_tolerances_are_refused(student):
    assert student.meets_reference(0.5, 0.75, 0.25, True) is True
    assert student.meets_reference(1.0, 0.75, 0.25, False) is True
    with pytest.raises(ValueError):
        student.meets_reference(0.9, 0.9, -0.1, True)
