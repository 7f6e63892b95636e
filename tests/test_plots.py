import numpy as np
import pytest
from matplotlib.figure import Figure

from aecourse.plots import plot_codings_2d, plot_image_grid, plot_loss_curves, plot_reconstructions

IMAGES = np.random.default_rng(0).random((6, 28, 28))


def test_loss_curves_draw_training_and_validation():
    fig = plot_loss_curves({"loss": [0.5, 0.4, 0.3], "val_loss": [0.6, 0.5, 0.45]})
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    assert len(ax.lines) == 2
    assert "0.3000" in ax.get_title() and "0.4500" in ax.get_title()


def test_loss_curves_without_validation():
    (ax,) = plot_loss_curves({"loss": [1.0, 0.5]}).axes
    assert len(ax.lines) == 1


def test_loss_curves_unknown_metric():
    with pytest.raises(KeyError, match="rounded_accuracy"):
        plot_loss_curves({"loss": [1.0]}, metric="rounded_accuracy")


def test_image_grid_layout_and_titles():
    fig = plot_image_grid(IMAGES, n_cols=4, titles=list("abcdef"))
    assert len(fig.axes) == 8  # 2 rows of 4, the last two empty
    assert [ax.get_title() for ax in fig.axes[:6]] == list("abcdef")


def test_image_grid_refuses_wrong_shapes():
    with pytest.raises(ValueError, match=r"\(n, height, width\)"):
        plot_image_grid(np.zeros((28, 28)))
    with pytest.raises(ValueError, match="titles"):
        plot_image_grid(IMAGES, titles=["one"])


def test_reconstructions_two_rows():
    fig = plot_reconstructions(IMAGES[:3], IMAGES[:3])
    assert len(fig.axes) == 6
    with pytest.raises(ValueError, match="differ in shape"):
        plot_reconstructions(IMAGES[:3], IMAGES[:2])


def test_codings_scatter_with_labels():
    codings = np.random.default_rng(1).random((50, 2))
    fig = plot_codings_2d(codings, labels=np.arange(50) % 3, class_names=["a", "b", "c"])
    assert fig.axes[0].get_legend() is not None
    with pytest.raises(ValueError, match=r"\(n, 2\)"):
        plot_codings_2d(np.zeros((5, 3)))


def test_figures_render_themselves_as_png():
    png = plot_loss_curves({"loss": [1.0, 0.5]})._repr_png_()
    assert png.startswith(b"\x89PNG")
