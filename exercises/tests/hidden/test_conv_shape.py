"""Hidden tests of the exercise conv_shape (convolutional autoencoder chapter)."""

import pytest

from . import load_expected

EXERCISE = "conv_shape"
EXPECTED = load_expected(EXERCISE)


@pytest.mark.points(2)
def test_against_keras(student):
    # The expected sizes were measured on Keras layers.
    for case in EXPECTED["cases"]:
        assert student.conv_output_size(case["n"], case["kernel"], case["stride"], case["padding"]) == case["expected"], case


@pytest.mark.points(1)
def test_refusals(student):
    for args in ((0, 3, 1, "same"), (5, 0, 1, "valid"), (5, 3, -1, "valid"), (5, 3, 1, "causal"), (2, 3, 1, "valid")):
        with pytest.raises(ValueError):
            student.conv_output_size(*args)
