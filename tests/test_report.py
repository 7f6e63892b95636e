import numpy as np
import pytest

from aecourse.report import BOOK_BUILD_ENV_VAR, glued_values, merge_results, publish, to_plain


@pytest.mark.parametrize(
    ("value", "expected", "kind"),
    [
        (np.float32(0.25), 0.25, float),
        (np.float64(-0.0), 0.0, float),
        (np.int64(7), 7, int),
        (np.array(1.5), 1.5, float),
        (3, 3, int),
        ("above", "above", str),
    ],
)
def test_to_plain(value, expected, kind):
    plain = to_plain(value)
    assert plain == expected and type(plain) is kind


@pytest.mark.parametrize("value", [np.nan, float("inf"), True, [1.0], None])
def test_to_plain_refuses(value):
    with pytest.raises((TypeError, ValueError)):
        to_plain(value)


def _glue_data(**values) -> dict:
    """Glue data as MyST-NB stores it beside an executed notebook: each value's text/plain repr."""
    return {name: {"data": {"text/plain": repr(value)}, "metadata": {}} for name, value in values.items()}


def test_publish_in_the_book_glues_the_plain_value(monkeypatch):
    monkeypatch.setenv(BOOK_BUILD_ENV_VAR, "1")
    glued = []
    import myst_nb

    monkeypatch.setattr(myst_nb, "glue", lambda name, value, display: glued.append((name, value, display)))
    assert publish("some_loss", np.float32(0.5)) is None
    assert glued == [("some_loss", 0.5, False)] and type(glued[0][1]) is float


def test_glued_values_read_back_what_publish_glued():
    values = glued_values(_glue_data(some_loss=0.28261234567, some_count=3, verdict="below"))
    assert values == {"some_loss": 0.28261234567, "some_count": 3, "verdict": "below"}


def test_glued_values_refuse_what_is_not_a_number_or_a_string():
    with pytest.raises(ValueError, match="some_figure"):
        glued_values({"some_figure": {"data": {"text/plain": "<Figure size 640x480 with 1 Axes>"}}})


def test_merge_results_refuses_one_name_with_two_values():
    with pytest.raises(ValueError, match="book/a and book/b publish 'x'"):
        merge_results({"book/a": {"x": 1.0}, "book/b": {"x": 2.0}})
    assert merge_results({"book/a": {"x": 1.0}, "book/b": {"x": 1.0, "y": 2}}) == {"x": 1.0, "y": 2}


def test_publish_outside_the_book_prints_the_value(monkeypatch, capsys):
    # A notebook run in Jupyter or Colab: no glue, the number is shown.
    monkeypatch.delenv(BOOK_BUILD_ENV_VAR, raising=False)
    assert publish("some_loss", np.float32(0.25)) is None
    assert capsys.readouterr().out == "some_loss = 0.25\n"
