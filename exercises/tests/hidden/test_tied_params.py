"""Hidden tests of the exercise tied_params (tied weights chapter)."""

import pytest

from . import load_expected

EXERCISE = "tied_params"
EXPECTED = load_expected(EXERCISE)


@pytest.mark.points(1)
def test_other_architectures(student):
    for case in EXPECTED["cases"]:
        assert student.parameter_counts(case["n_inputs"], case["hidden_sizes"]) == case["expected"]


@pytest.mark.points(1)
def test_refusals(student):
    for n_inputs, hidden in ((784, []), (0, [10]), (784, [10, -3])):
        with pytest.raises(ValueError):
            student.parameter_counts(n_inputs, hidden)
