"""Public tests of the exercise pareto_front (all the autoencoders side by side)."""

import pytest

EXERCISE = "pareto_front"


@pytest.mark.points(2)
def test_a_dominated_model_is_left_out(student):
    # model 1 costs more than model 0 and scores less
    assert student.pareto_front([10, 20, 30], [0.90, 0.85, 0.95]) == [0, 2]


@pytest.mark.points(1)
def test_lengths_must_match(student):
    with pytest.raises(ValueError):
        student.pareto_front([1, 2], [0.5])
