"""Hidden tests of the exercise activity_penalty (sparse autoencoders chapter)."""

import numpy as np
import pytest

from . import load_expected

EXERCISE = "activity_penalty"
EXPECTED = load_expected(EXERCISE)


@pytest.mark.points(2)
def test_what_keras_adds(student):
    # The expected values are what Keras itself added to a layer's losses.
    for case in EXPECTED["cases"]:
        got = student.l1_activity_loss(np.array(case["codes"]), case["weight"])
        assert got == pytest.approx(case["expected"], rel=1e-5)


@pytest.mark.points(1)
def test_other_shapes_are_refused(student):
    with pytest.raises(ValueError):
        student.l1_activity_loss(np.ones(4), 0.1)
    with pytest.raises(ValueError):
        student.l1_activity_loss(np.ones((0, 3)), 0.1)
