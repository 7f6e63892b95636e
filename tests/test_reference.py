import pytest

from aecourse.reference import compare_with_reference, reference_figure, reference_figures


def test_figures_are_read_with_their_source_and_epochs():
    figure = reference_figure("tied", "val_rounded_accuracy")
    assert (figure.value, figure.epochs) == (0.9338, 10)
    assert "Géron" in figure.source


def test_every_figure_is_a_plausible_number():
    for figure in reference_figures():
        assert 0 < figure.value < 1 and (figure.epochs is None or figure.epochs > 0) and figure.source, figure


def test_a_missing_figure_names_what_exists():
    with pytest.raises(KeyError, match="it has: .*val_rounded_accuracy"):
        reference_figure("tied", "psnr")
    with pytest.raises(KeyError, match="models: .*stacked"):
        reference_figure("nonexistent", "loss")


def test_comparison_uses_the_rounded_accuracy_with_its_tolerance():
    just_within = compare_with_reference("tied", 0.9338 - 0.0029, val_loss=9.9)
    assert just_within.figure.metric == "val_rounded_accuracy" and just_within.meets
    assert just_within.difference == pytest.approx(-0.0029)
    assert not compare_with_reference("tied", 0.9338 - 0.0031, val_loss=0.0).meets


def test_comparison_falls_back_to_the_loss_where_no_accuracy_was_published():
    conv = compare_with_reference("conv", 0.5, val_loss=0.2671)
    assert conv.figure.metric == "val_loss" and conv.meets
    assert compare_with_reference("conv", 1.0, val_loss=0.2671 + 0.0029).meets  # within the loss's tolerance
    assert not compare_with_reference("conv", 1.0, val_loss=0.2671 + 0.0031).meets
    assert compare_with_reference("conv", 1.0, val_loss=0.2671 + 0.0031).difference == pytest.approx(0.0031)
    assert compare_with_reference("sparse_l1", 0.9, val_loss=0.3) is None
