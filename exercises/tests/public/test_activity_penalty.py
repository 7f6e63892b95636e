"""Public tests of the exercise activity_penalty (sparse autoencoders chapter)."""

import numpy as np
import pytest

EXERCISE = "activity_penalty"


@pytest.mark.points(2)
def test_a_batch_of_two(student):
    # |activations| sum to 4 over a batch of 2: 1e-3 * 4 / 2
    codes = np.array([[0.5, -0.5, 1.0], [1.0, 0.0, 1.0]])
    assert student.l1_activity_loss(codes, 1e-3) == pytest.approx(2e-3, rel=1e-9)


@pytest.mark.points(1)
def test_a_negative_weight_is_refused(student):
    with pytest.raises(ValueError):
        student.l1_activity_loss(np.ones((2, 2)), -1.0)
