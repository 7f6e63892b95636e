"""Public tests of the exercise conv_shape (convolutional autoencoder chapter)."""

import pytest

EXERCISE = "conv_shape"


@pytest.mark.points(2)
def test_the_chapter_encoder(student):
    # 3×3 convolutions with 'same' padding keep the size; 2×2 poolings halve it, rounding down.
    assert student.conv_output_size(28, 3, 1, "same") == 28
    assert [student.conv_output_size(n, 2, 2, "valid") for n in (28, 14, 7)] == [14, 7, 3]


@pytest.mark.points(1)
def test_bad_padding_is_refused(student):
    with pytest.raises(ValueError):
        student.conv_output_size(28, 3, 1, "full")
