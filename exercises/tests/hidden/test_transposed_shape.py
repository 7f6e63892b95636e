"""Hidden tests of the exercise transposed_shape (convolutional autoencoder chapter)."""

import pytest

from . import load_expected

EXERCISE = "transposed_shape"
EXPECTED = load_expected(EXERCISE)


@pytest.mark.points(2)
def test_against_keras(student):
    # The expected sizes were measured on Keras layers.
    for case in EXPECTED["cases"]:
        got = student.transposed_conv_output_size(case["n"], case["kernel"], case["stride"], case["padding"])
        assert got == case["expected"], case


@pytest.mark.points(1)
def test_refusals(student):
    for args in ((0, 3, 2, "same"), (4, 3, 0, "valid"), (4, 3, 2, "full")):
        with pytest.raises(ValueError):
            student.transposed_conv_output_size(*args)
