import numpy as np
import pytest
from matplotlib.figure import Figure

from aecourse.plots import (
    plot_accuracy_against_labels,
    plot_anomaly_scores,
    plot_accuracy_against_cost,
    plot_activation_histograms,
    plot_codings_2d,
    plot_codings_2d_panels,
    plot_image_grid,
    plot_image_rows,
    plot_loss_curves,
    plot_loss_panels,
    plot_reconstructions,
)

IMAGES = np.random.default_rng(0).random((6, 28, 28))

D = "A figure drawn by a test of aecourse.plots"


def test_loss_curves_draw_training_and_validation():
    fig = plot_loss_curves({"loss": [0.5, 0.4, 0.3], "val_loss": [0.6, 0.5, 0.45]}, description=D)
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    assert len(ax.lines) == 2
    assert "0.3000" in ax.get_title() and "0.4500" in ax.get_title()


def test_loss_curves_without_validation():
    (ax,) = plot_loss_curves({"loss": [1.0, 0.5]}, description=D).axes
    assert len(ax.lines) == 1


def test_loss_curves_unknown_metric():
    with pytest.raises(KeyError, match="rounded_accuracy"):
        plot_loss_curves({"loss": [1.0]}, metric="rounded_accuracy", description=D)


def test_image_grid_layout_and_titles():
    fig = plot_image_grid(IMAGES, n_cols=4, titles=list("abcdef"), description=D)
    assert len(fig.axes) == 8  # 2 rows of 4, the last two empty
    assert [ax.get_title() for ax in fig.axes[:6]] == list("abcdef")


def test_image_grid_refuses_wrong_shapes():
    with pytest.raises(ValueError, match=r"\(n, height, width\)"):
        plot_image_grid(np.zeros((28, 28)), description=D)
    with pytest.raises(ValueError, match="titles"):
        plot_image_grid(IMAGES, titles=["one"], description=D)


def test_reconstructions_two_rows():
    fig = plot_reconstructions(IMAGES[:3], IMAGES[:3], description=D)
    assert len(fig.axes) == 6
    with pytest.raises(ValueError, match="differ in shape"):
        plot_reconstructions(IMAGES[:3], IMAGES[:2], description=D)


def test_codings_scatter_with_labels():
    codings = np.random.default_rng(1).random((50, 2))
    fig = plot_codings_2d(codings, labels=np.arange(50) % 3, class_names=["a", "b", "c"], description=D)
    assert fig.axes[0].get_legend() is not None
    with pytest.raises(ValueError, match=r"\(n, 2\)"):
        plot_codings_2d(np.zeros((5, 3)), description=D)


def test_figures_render_themselves_as_png():
    png = plot_loss_curves({"loss": [1.0, 0.5]}, description=D)._repr_png_()
    assert png.startswith(b"\x89PNG")


def test_loss_panels_one_per_metric():
    history = {"reconstruction_loss": [0.3, 0.2], "kl_loss": [0.01, 0.02], "val_kl_loss": [0.01, 0.03]}
    fig = plot_loss_panels(history, ["reconstruction_loss", "kl_loss"], description=D)
    assert [len(ax.lines) for ax in fig.axes] == [1, 2]
    assert "0.0300" in fig.axes[1].get_title()
    with pytest.raises(ValueError, match="as many titles"):
        plot_loss_panels(history, ["kl_loss"], titles=["a", "b"], description=D)


def test_codings_panels_share_labels_and_put_the_legend_last():
    rng = np.random.default_rng(1)
    labels = rng.integers(0, 3, 40)
    fig = plot_codings_2d_panels({"a": rng.random((40, 2)), "b": rng.random((40, 2))}, labels, list("xyz"), description=D)
    assert [ax.get_title() for ax in fig.axes] == ["a", "b"]
    assert fig.axes[0].get_legend() is None and fig.axes[1].get_legend() is not None


def test_image_grid_title():
    assert plot_image_grid(IMAGES[:2], title="Samples", description=D).get_suptitle() == "Samples"


def test_image_rows_one_labelled_row_per_entry():
    fig = plot_image_rows({"noisy": IMAGES[:3], "denoised": IMAGES[:3], "clean": IMAGES[:3]}, description=D)
    assert len(fig.axes) == 9
    assert [fig.axes[i].get_ylabel() for i in (0, 3, 6)] == ["noisy", "denoised", "clean"]
    with pytest.raises(ValueError, match="differ in shape"):
        plot_image_rows({"a": IMAGES[:3], "b": IMAGES[:2]}, description=D)


def test_activation_histograms_one_row_per_model_with_the_target():
    codes = {"L1": np.zeros((4, 3)), "KL": np.full((4, 3), 0.1)}
    fig = plot_activation_histograms(codes, target=0.1, description=D)
    axes = fig.get_axes()
    assert len(axes) == 4
    means_of_kl = axes[2]
    # three units, all with mean 0.1: one bar of height 3
    assert max(patch.get_height() for patch in means_of_kl.patches) == 3
    assert any(line.get_xdata()[0] == 0.1 for line in means_of_kl.get_lines())
    # all 12 activations of one model in one bin: 100 %
    assert max(patch.get_height() for patch in axes[1].patches) == pytest.approx(100.0)


def test_activation_histograms_refuse_other_shapes():
    with pytest.raises(ValueError, match="units"):
        plot_activation_histograms({"bad": np.zeros(5)}, description=D)
    with pytest.raises(ValueError, match="at least one"):
        plot_activation_histograms({}, description=D)


def test_accuracy_against_cost_one_point_per_model_and_its_reference():
    fig = plot_accuracy_against_cost(["a", "b"], [0.9, 0.93], [100, 1000], [1.0, 10.0], references={"b": 0.94}, description=D)
    left, right = fig.get_axes()
    assert left.get_xscale() == "log" and right.get_xscale() == "log"
    points = [(line.get_xdata()[0], line.get_ydata()[0]) for line in left.get_lines() if line.get_marker() == "o"]
    assert (100, 0.9) in points and (1000, 0.93) in points and (1000, 0.94) in points
    assert [t.get_text() for t in right.texts] == ["a", "b"]


def test_accuracy_against_cost_refuses_mismatched_lists():
    with pytest.raises(ValueError, match="per model"):
        plot_accuracy_against_cost(["a"], [0.9, 0.8], [1], [1.0], description=D)
    with pytest.raises(ValueError, match="positive"):
        plot_accuracy_against_cost(["a"], [0.9], [0], [1.0], description=D)


def test_anomaly_scores_histograms_threshold_and_roc():
    fig = plot_anomaly_scores(np.array([0.0, 0.5, 1.0]), np.array([2.0, 3.0]), 1.5,
                              np.array([0.0, 0.0, 1.0]), np.array([0.0, 1.0, 1.0]), title="t", description=D)
    histogram, roc = fig.get_axes()
    assert [line.get_xdata()[0] for line in histogram.get_lines()] == [1.5]  # the threshold
    assert "normal test images (3)" in [t.get_text() for t in histogram.get_legend().get_texts()]
    assert roc.get_lines()[0].get_ydata().tolist() == [0.0, 1.0, 1.0]
    with pytest.raises(ValueError, match="non-empty"):
        plot_anomaly_scores(np.array([]), np.array([1.0]), 0.0, np.zeros(2), np.zeros(2), description=D)
    with pytest.raises(ValueError, match="ROC"):
        plot_anomaly_scores(np.array([0.0]), np.array([1.0]), 0.0, np.zeros(2), np.zeros(3), description=D)


def test_accuracy_against_labels_one_line_per_way_with_error_bars():
    fig = plot_accuracy_against_labels([100, 500], {"a": ([0.6, 0.7], [0.01, 0.02]), "b": ([0.5, 0.8], [0.0, 0.0])}, description=D)
    (ax,) = fig.get_axes()
    assert ax.get_xscale() == "log" and [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]
    assert [tick.get_text() for tick in ax.get_xticklabels()] == ["100", "500"]
    with pytest.raises(ValueError, match="one mean"):
        plot_accuracy_against_labels([100, 500], {"a": ([0.6], [0.01])}, description=D)


def test_class_shares_one_bar_per_class_and_set_in_percent():
    from aecourse.plots import plot_class_shares

    fig = plot_class_shares({"real": [0.5, 0.5], "generated": [0.9, 0.1]}, ["a", "b"], description=D)
    (ax,) = fig.get_axes()
    heights = sorted(round(patch.get_height(), 6) for patch in ax.patches)
    assert heights == [10.0, 50.0, 50.0, 90.0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b"]
    with pytest.raises(ValueError, match="2 classes"):
        plot_class_shares({"real": [1.0]}, ["a", "b"], description=D)


def test_against_parameter_one_panel_per_measurement():
    from aecourse.plots import plot_against_parameter

    fig = plot_against_parameter([0.1, 1, 4], {"FID": [3, 2, 5], "KL": [9, 4, 1]}, "β", log_x=True, description=D)
    first, second = fig.get_axes()
    assert first.get_title() == "FID" and second.get_lines()[0].get_ydata().tolist() == [9, 4, 1]
    assert first.get_xscale() == "log" and [t.get_text() for t in first.get_xticklabels()] == ["0.1", "1", "4"]
    with pytest.raises(ValueError, match="3 parameter values"):
        plot_against_parameter([0.1, 1, 4], {"FID": [1, 2]}, "β", description=D)


def test_image_mosaic_tiles_the_images_in_reading_order():
    from aecourse.plots import plot_image_mosaic

    images = np.stack([np.full((2, 3), value) for value in (0.0, 0.25, 0.5, 0.75, 1.0, 0.1)])
    (ax,) = plot_image_mosaic(images, n_cols=3, description=D).get_axes()
    mosaic = ax.get_images()[0].get_array()
    assert mosaic.shape == (4, 9)
    assert mosaic[0, 0] == 0.0 and mosaic[0, 3] == 0.25 and mosaic[2, 0] == 0.75 and mosaic[3, 8] == 0.1
    with pytest.raises(ValueError, match="divides"):
        plot_image_mosaic(images, n_cols=4, description=D)


# --- descriptions --------------------------------------------------------------
def _png_text(fig) -> dict:
    import io

    from PIL import Image

    with Image.open(io.BytesIO(fig._repr_png_())) as image:
        return dict(image.text)


def test_the_description_and_the_computed_facts_travel_in_the_png():
    from aecourse.plots import DESCRIPTION_KEY

    fig = plot_loss_curves({"loss": [0.5, 0.3], "val_loss": [0.6, 0.45]}, description="Loss of a small model per epoch")
    text = _png_text(fig)[DESCRIPTION_KEY]
    assert text == fig.description
    assert text.startswith("Loss of a small model per epoch.")
    assert "2 epochs" in text and "0.3" in text and "0.45" in text  # computed, not typed by the caller


def test_every_helper_refuses_a_missing_or_generic_description():
    with pytest.raises(TypeError, match="description"):
        plot_image_grid(IMAGES)
    for generic in ("", "figure", "Figure 3", "plot.png", "image of a plot"):
        with pytest.raises(ValueError, match="does not say what the figure shows"):
            plot_image_grid(IMAGES, description=generic)


def test_image_figures_say_how_many_images_and_how_they_are_laid_out():
    grid = plot_image_grid(IMAGES, n_cols=4, titles=list("abcdef"), description=D)
    assert "6 grey-level images in 2 rows of 4" in grid.description and "a, b, c" in grid.description
    rows = plot_reconstructions(IMAGES[:3], IMAGES[:3], description=D)
    assert "2 rows of 3" in rows.description and "original, reconstruction" in rows.description


def test_a_figure_without_a_description_writes_no_description_chunk():
    from aecourse.plots import DESCRIPTION_KEY, NotebookFigure

    fig = NotebookFigure()
    fig.subplots().plot([0, 1])
    assert DESCRIPTION_KEY not in _png_text(fig)
