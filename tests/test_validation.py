import numpy as np
import pytest

from aecourse.validation import positive_int


@pytest.mark.parametrize("value", [1, 7, np.int64(3), np.uint8(2)])
def test_a_whole_number_of_at_least_one_is_returned_as_an_int(value):
    result = positive_int("n", value)
    assert result == value and type(result) is int


@pytest.mark.parametrize("value", [0, -2, True, False, 1.0, 2.5, "3", None, np.float64(2)])
def test_anything_else_is_refused_with_the_arguments_name(value):
    with pytest.raises(ValueError, match=r"^epochs must be a positive int, got "):
        positive_int("epochs", value)
