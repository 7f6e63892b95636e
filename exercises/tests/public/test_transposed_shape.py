"""Public tests of the exercise transposed_shape (convolutional autoencoder chapter)."""

import pytest

EXERCISE = "transposed_shape"


@pytest.mark.points(2)
def test_the_chapter_decoder(student):
    assert student.transposed_conv_output_size(3, 3, 2, "valid") == 7
    assert student.transposed_conv_output_size(7, 3, 2, "same") == 14
    assert student.transposed_conv_output_size(14, 3, 2, "same") == 28


@pytest.mark.points(1)
def test_a_kernel_smaller_than_the_stride_is_refused(student):
    with pytest.raises(ValueError):
        student.transposed_conv_output_size(3, 1, 2, "valid")
