"""Public tests of the exercise meets_reference (all the autoencoders side by side)."""

import pytest

EXERCISE = "meets_reference"


@pytest.mark.points(2)
def test_an_accuracy_just_within_and_just_outside(student):
    assert student.meets_reference(0.9310, 0.9338, 0.003, True) is True
    assert student.meets_reference(0.9300, 0.9338, 0.003, True) is False


@pytest.mark.points(1)
def test_a_loss(student):
    assert student.meets_reference(0.2667, 0.2671, 0.0, False) is True
    assert student.meets_reference(0.2680, 0.2671, 0.0, False) is False
