"""Hidden tests of the exercise pareto_front (all the autoencoders side by side)."""

import pytest

from . import load_expected

EXERCISE = "pareto_front"
EXPECTED = load_expected(EXERCISE)


@pytest.mark.points(2)
def test_random_models(student):
    for case in EXPECTED["cases"]:
        assert student.pareto_front(case["costs"], case["scores"]) == case["front"]


@pytest.mark.points(1)
def test_ties(student):
    # equal models do not dominate each other; equal cost and a better score does
    assert student.pareto_front([5, 5], [0.9, 0.9]) == [0, 1]
    assert student.pareto_front([5, 5], [0.9, 0.8]) == [0]
    assert student.pareto_front([], []) == []
