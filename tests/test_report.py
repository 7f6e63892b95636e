import numpy as np
import pytest

from aecourse.report import (
    BOOK_BUILD_ENV_VAR,
    BUILD_RESULTS_ENV_VAR,
    build_results,
    glued_values,
    merge_results,
    publish,
    reads_build_results,
    to_plain,
)


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


def test_build_results_outside_a_build_say_where_the_figures_are(monkeypatch):
    monkeypatch.delenv(BUILD_RESULTS_ENV_VAR, raising=False)
    with pytest.raises(RuntimeError, match="make book.*results.json"):
        build_results()


def test_build_results_read_the_file_the_build_gives(tmp_path, monkeypatch):
    path = tmp_path / "results.json"
    path.write_text('{"stacked_params": 163814, "vae_val_loss": 0.31}')
    monkeypatch.setenv(BUILD_RESULTS_ENV_VAR, str(path))
    assert build_results() == {"stacked_params": 163814, "vae_val_loss": 0.31}


@pytest.mark.parametrize(("source", "expected"), [
    ("---\naecourse:\n  reads_build_results: true\n---\n# T\n", True),
    ("---\nkernelspec:\n  name: python3\naecourse: {reads_build_results: true}\n---\n", True),
    ("---\naecourse:\n  reads_build_results: false\n---\n", False),
    ("---\nkernelspec:\n  name: python3\n---\naecourse:\n  reads_build_results: true\n", False),  # not front matter
    ("# No front matter\n", False),
    ("---\n: not yaml [\n---\n", False),
])
def test_reads_build_results_only_from_the_front_matter(source, expected):
    assert reads_build_results(source) is expected
