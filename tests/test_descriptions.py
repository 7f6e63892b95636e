import pytest

from aecourse.descriptions import check_description, is_generic, join, number


@pytest.mark.parametrize("text", [
    None, "", "   ", "figure", "Figure 3", "png", "image.png", "output_12_0.png",
    "_images/1f2e3d4c5b6a79808172635445362718.png", "1f2e3d4c5b6a798081726354", "Image: plot 2", "a short one",
])
def test_generic_descriptions(text):
    assert is_generic(text)


@pytest.mark.parametrize("text", [
    "Validation images above their reconstructions",
    "Loss per epoch, training and validation",
])
def test_descriptions_that_say_what_a_figure_shows(text):
    assert not is_generic(text)
    assert check_description(text) == text


def test_check_description_collapses_white_space_and_explains_a_refusal():
    assert check_description("Loss  per\n epoch of the model") == "Loss per epoch of the model"
    with pytest.raises(ValueError, match="at least 20 characters"):
        check_description("figure 1")
    with pytest.raises(TypeError, match="string"):
        check_description(None)


def test_numbers_and_sentences():
    assert number(55000) == "55,000" and number(0.123456) == "0.1235" and number(0.5) == "0.5"
    assert number(2.0) == "2" and number(1234.5678, 3) == "1.23e+03"
    assert join("first part", "", "second.") == "First part. Second."
    assert join("β 0.1, 1", "z1 from 0 to 1") == "β 0.1, 1. Z1 from 0 to 1."


def test_an_icon_may_have_a_short_name_but_not_a_generic_one():
    assert is_generic("Colab logo") and not is_generic("Colab logo", min_length=1)
    assert is_generic("image", min_length=1) and is_generic("", min_length=1) and is_generic("x.png", min_length=1)
