"""Public tests of the exercise tied_params (tied weights chapter)."""

import pytest

EXERCISE = "tied_params"


@pytest.mark.points(2)
def test_the_chapter_model(student):
    assert student.parameter_counts(784, [100, 30]) == {"untied": 163_814, "tied": 82_414}


@pytest.mark.points(1)
def test_one_hidden_layer(student):
    # 3 -> 2 -> 3: encoder 3*2 + 2 = 8; untied decoder 2*3 + 3 = 9; tied decoder 3 biases
    assert student.parameter_counts(3, [2]) == {"untied": 17, "tied": 11}
