import pytest

from aecourse.reference import reference_figure, reference_figures


def test_figures_are_read_with_their_source_and_epochs():
    figure = reference_figure("tied", "val_rounded_accuracy")
    assert (figure.value, figure.epochs) == (0.9338, 10)
    assert "Géron" in figure.source


def test_every_figure_is_a_plausible_number():
    for figure in reference_figures():
        assert 0 < figure.value < 1 and figure.epochs > 0 and figure.source, figure


def test_a_missing_figure_names_what_exists():
    with pytest.raises(KeyError, match="it has: .*val_rounded_accuracy"):
        reference_figure("tied", "psnr")
    with pytest.raises(KeyError, match="models: .*stacked"):
        reference_figure("nonexistent", "loss")
