"""Matplotlib figures of the course: loss curves, image grids, reconstructions, codings.

Every function returns a :class:`NotebookFigure`: a matplotlib figure that is
not managed by pyplot and that renders itself as a PNG, so a notebook shows it
exactly once (as the cell's value), whatever the backend, and no figure is left
open.

Every function takes a ``description``: what the figure shows, in words, for a
reader who cannot see it. The figure adds what it can compute itself (how many
images, the last epoch's values, ...) and stores the whole text in the PNG's
``Description`` text chunk, where the book's ``figure_descriptions`` extension
reads it into the image's ``alt`` text.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from aecourse.descriptions import check_description, join, number

PNG_DPI = 120
#: The PNG text chunk that holds a figure's description.
DESCRIPTION_KEY = "Description"


class NotebookFigure(Figure):
    """A figure that Jupyter displays as a PNG through ``_repr_png_``.

    Attributes:
        description: what the figure shows, in words (see :func:`described`);
            written into the PNG's ``Description`` text chunk.
    """

    description: str = ""

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        metadata = {DESCRIPTION_KEY: self.description} if self.description else None
        self.savefig(buffer, format="png", dpi=PNG_DPI, metadata=metadata)
        return buffer.getvalue()


def described(fig: NotebookFigure, description: str, *facts: str) -> NotebookFigure:
    """Give ``fig`` the caller's ``description`` followed by the ``facts`` the helper computed; return it.

    Raises ``ValueError`` when ``description`` says nothing (see
    :func:`aecourse.descriptions.check_description`).
    """
    fig.description = join(check_description(description), *facts)
    return fig


def _values(values: Sequence[float]) -> str:
    return ", ".join(number(v) for v in values)


def _draw_curves(ax, history: Mapping[str, Sequence[float]], metric: str, title: str | None) -> None:
    if metric not in history:
        raise KeyError(f"history has no {metric!r}; it has {sorted(history)}.")
    train = np.asarray(history[metric], dtype=float)
    epochs = np.arange(1, len(train) + 1)
    ax.plot(epochs, train, ".--", label=f"training {metric}")
    default_title = f"last epoch's mean, training: {train[-1]:.4f}"
    val = history.get(f"val_{metric}")
    if val is not None:
        val = np.asarray(val, dtype=float)
        ax.plot(epochs, val, "o-", label=f"validation {metric}")
        default_title += f", validation: {val[-1]:.4f}"
    ax.set_xlabel("epoch")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(metric)
    ax.set_title(title if title is not None else default_title, fontsize=10)
    ax.grid(True, alpha=0.3)
    ax.legend()


def plot_loss_curves(
    history: Mapping[str, Sequence[float]],
    metric: str = "loss",
    title: str | None = None,
    *,
    description: str,
) -> Figure:
    """Training (and validation, if recorded) values of ``metric`` per epoch.

    Keras records the training value of an epoch as the mean over its batches,
    while the weights change, and the validation value after the epoch; the
    default title gives the last epoch's values.

    Args:
        history: metric name → per-epoch values, e.g. ``TrainingRun.history``;
            ``"val_" + metric`` is drawn too when present.
        metric: which metric to draw.
        title: figure title; by default the last epoch's values.
        description: what the figure shows, for a reader who cannot see it;
            the number of epochs and the last epoch's values are added.
    """
    return plot_loss_panels(history, [metric], [title], description=description)


def plot_loss_panels(
    history: Mapping[str, Sequence[float]],
    metrics: Sequence[str],
    titles: Sequence[str | None] | None = None,
    *,
    description: str,
) -> Figure:
    """One panel per metric side by side, each as :func:`plot_loss_curves` draws it.

    Args:
        history: metric name → per-epoch values.
        metrics: the metrics to draw, e.g. ``("reconstruction_loss", "kl_loss")``.
        titles: one title per panel (``None``: the last epoch's values).
        description: what the figure shows; the number of epochs and each
            metric's first and last values are added.
    """
    metrics = list(metrics)
    titles = list(titles) if titles is not None else [None] * len(metrics)
    if not metrics or len(titles) != len(metrics):
        raise ValueError(f"give one or more metrics and as many titles, got {metrics} and {titles}.")
    fig = NotebookFigure(figsize=(7 * len(metrics) if len(metrics) == 1 else 5.5 * len(metrics), 4),
                         layout="constrained")
    for ax, metric, title in zip(np.atleast_1d(fig.subplots(1, len(metrics))), metrics, titles, strict=True):
        _draw_curves(ax, history, metric, title)
    return described(fig, description, *(_curve_facts(history, metric) for metric in metrics))


def _curve_facts(history: Mapping[str, Sequence[float]], metric: str) -> str:
    train = history[metric]
    facts = f"{metric} over {len(train)} epochs: training from {number(train[0])} to {number(train[-1])}"
    val = history.get(f"val_{metric}")
    if val is not None:
        facts += f", validation from {number(val[0])} to {number(val[-1])}"
    return facts


def _check_images(images: np.ndarray) -> np.ndarray:
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim != 3 or len(images) == 0:
        raise ValueError(f"images must have shape (n, height, width), got {images.shape}.")
    return images


def plot_image_grid(
    images: np.ndarray,
    n_cols: int | None = None,
    titles: Sequence[str] | None = None,
    size: float = 1.5,
    title: str | None = None,
    *,
    description: str,
) -> Figure:
    """Grey-level images in a grid, ``n_cols`` per row (all in one row by default).

    Pixels are drawn with matplotlib's ``binary`` map: 0 (background) white,
    1 (ink) black.

    Args:
        images: array ``(n, height, width)`` (or ``(n, h, w, 1)``), values in ``[0, 1]``.
        n_cols: images per row.
        titles: optional caption per image.
        size: side of one image in inches.
        title: optional title above the grid.
        description: what the images are; their number and layout are added.
    """
    images = _check_images(images)
    n = len(images)
    n_cols = n if n_cols is None else max(1, min(int(n_cols), n))
    n_rows = -(-n // n_cols)
    if titles is not None and len(titles) != n:
        raise ValueError(f"got {len(titles)} titles for {n} images.")
    fig = NotebookFigure(figsize=(n_cols * size, n_rows * size * (1.15 if titles else 1.0)), layout="constrained")
    axes = np.atleast_1d(fig.subplots(n_rows, n_cols)).ravel()
    for index, ax in enumerate(axes):
        ax.axis("off")
        if index < n:
            ax.imshow(images[index], cmap="binary", vmin=0.0, vmax=1.0)
            if titles is not None:
                ax.set_title(titles[index], fontsize=9)
    if title is not None:
        fig.suptitle(title, fontsize=10)
    layout = f"{n} grey-level images" + (f" in {n_rows} rows of {n_cols}" if n_rows > 1 else " in one row")
    return described(fig, description, layout, f"captions: {', '.join(titles)}" if titles else "")


def plot_reconstructions(
    originals: np.ndarray, reconstructions: np.ndarray, size: float = 1.5, *, description: str
) -> Figure:
    """Originals (top row) above their reconstructions (bottom row).

    Args:
        originals, reconstructions: arrays ``(n, height, width)`` of equal shape.
        description: whose images and reconstructions they are; the rows are named.
    """
    return plot_image_rows({"original": originals, "reconstruction": reconstructions}, size, description=description)


def plot_image_rows(rows: Mapping[str, np.ndarray], size: float = 1.5, *, description: str) -> Figure:
    """One labelled row of images per entry ``label → images (n, height, width)``, all of equal shape.

    For example noisy inputs, their denoised versions and the clean images,
    column by column. ``description`` says what the images are; the rows and
    their number of images are added.
    """
    if not rows:
        raise ValueError("give at least one row of images.")
    arrays = {label: _check_images(images) for label, images in rows.items()}
    shapes = {images.shape for images in arrays.values()}
    if len(shapes) != 1:
        shapes_text = ", ".join(f"{label} {images.shape}" for label, images in arrays.items())
        raise ValueError(f"the rows differ in shape: {shapes_text}.")
    n = len(next(iter(arrays.values())))
    fig = NotebookFigure(figsize=(n * size, len(arrays) * size + 0.4), layout="constrained")
    axes = fig.subplots(len(arrays), n, squeeze=False)
    for row, (label, images) in enumerate(arrays.items()):
        for col in range(n):
            ax = axes[row, col]
            ax.imshow(images[col], cmap="binary", vmin=0.0, vmax=1.0)
            ax.set_xticks([])
            ax.set_yticks([])
        axes[row, 0].set_ylabel(label, fontsize=9)
    return described(fig, description, f"{len(arrays)} rows of {n} grey-level images, column by column the same "
                     f"image, from top to bottom: {', '.join(arrays)}")


def _scatter_codings(ax, codings: np.ndarray, labels: np.ndarray | None, class_names: Sequence[str] | None) -> None:
    codings = np.asarray(codings)
    if codings.ndim != 2 or codings.shape[1] != 2:
        raise ValueError(f"codings must have shape (n, 2), got {codings.shape}.")
    if labels is None:
        ax.plot(codings[:, 0], codings[:, 1], ".", color="tab:blue")
    else:
        labels = np.asarray(labels)
        if labels.shape != (len(codings),):
            raise ValueError(f"labels must have shape ({len(codings)},), got {labels.shape}.")
        scatter = ax.scatter(codings[:, 0], codings[:, 1], c=labels, cmap="tab10", vmin=0, vmax=9, s=4)
        if class_names is not None:
            handles, _ = scatter.legend_elements()
            present = np.unique(labels)
            ax.legend(handles, [class_names[i] for i in present], fontsize=8, markerscale=1.5)
    ax.set_xlabel("$z_1$")
    ax.set_ylabel("$z_2$")
    ax.set_aspect("equal", adjustable="datalim")
    ax.grid(True, alpha=0.3)


def plot_codings_2d(
    codings: np.ndarray,
    labels: np.ndarray | None = None,
    class_names: Sequence[str] | None = None,
    *,
    description: str,
) -> Figure:
    """Scatter plot of 2-D codings ``(n, 2)``, coloured by integer ``labels`` ``(n,)`` if given.

    ``description`` says whose codings they are; the number of points and their ranges are added.
    """
    fig = NotebookFigure(figsize=(6, 5), layout="constrained")
    _scatter_codings(fig.subplots(), codings, labels, class_names)
    return described(fig, description, _codings_facts(codings, labels, class_names))


def _codings_facts(codings: np.ndarray, labels: np.ndarray | None, class_names: Sequence[str] | None) -> str:
    codings = np.asarray(codings, dtype=float)
    facts = (f"{len(codings):,} points, z1 from {number(codings[:, 0].min(), 3)} to {number(codings[:, 0].max(), 3)}, "
             f"z2 from {number(codings[:, 1].min(), 3)} to {number(codings[:, 1].max(), 3)}")
    if labels is not None:
        facts += ", coloured by class" + (f" ({', '.join(class_names)})" if class_names is not None else "")
    return facts


def plot_codings_2d_panels(
    panels: Mapping[str, np.ndarray],
    labels: np.ndarray | None = None,
    class_names: Sequence[str] | None = None,
    *,
    description: str,
) -> Figure:
    """Several 2-D views ``title → codings (n, 2)`` of the same ``n`` points, side by side.

    The points share their ``labels`` ``(n,)`` and colours; the legend is on the last panel.
    ``description`` says what the views are; each panel's title, points and ranges are added.
    """
    if not panels:
        raise ValueError("give at least one panel.")
    fig = NotebookFigure(figsize=(5 * len(panels), 4.6), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(panels)))
    for index, (ax, (title, codings)) in enumerate(zip(axes, panels.items(), strict=True)):
        _scatter_codings(ax, codings, labels, class_names if index == len(panels) - 1 else None)
        ax.set_title(title, fontsize=10)
    facts = [f"panel {index} of {len(panels)}, {title}: {_codings_facts(codings, None, None)}"
             for index, (title, codings) in enumerate(panels.items(), start=1)]
    if labels is not None:
        facts.append("points coloured by class" + (f" ({', '.join(class_names)})" if class_names is not None else ""))
    return described(fig, description, *facts)


def plot_activation_histograms(
    codes: Mapping[str, np.ndarray], target: float | None = None, *, description: str
) -> Figure:
    """How active the coding units are: one row per model ``name → codes (n, units)`` in ``[0, 1]``.

    The left panel is the histogram of each unit's mean activation over the
    ``n`` images (with a dashed line at ``target`` if given); the right one,
    the histogram of all ``n × units`` activations, as a share of them.
    ``description`` says whose codes they are; each model's mean activation,
    and the share of activations below 0.1 and above 0.9, are added.
    """
    if not codes:
        raise ValueError("give the codes of at least one model.")
    arrays = {}
    for name, values in codes.items():
        values = np.asarray(values, dtype=np.float64)
        if values.ndim != 2 or values.size == 0:
            raise ValueError(f"the codes of {name!r} must have shape (n, units), got {values.shape}.")
        arrays[name] = values
    bins = np.linspace(0.0, 1.0, 41)
    fig = NotebookFigure(figsize=(10, 2.8 * len(arrays) + 0.3), layout="constrained")
    axes = fig.subplots(len(arrays), 2, squeeze=False)
    for row, (name, values) in enumerate(arrays.items()):
        means_ax, all_ax = axes[row]
        means_ax.hist(values.mean(axis=0), bins=bins, color="tab:blue")
        if target is not None:
            means_ax.axvline(target, color="black", linestyle="--", linewidth=1, label=f"target {target:g}")
            means_ax.legend(fontsize=8)
        means_ax.set_ylabel(f"{name}\nunits", fontsize=9)
        all_ax.hist(values.ravel(), bins=bins, color="tab:orange",
                    weights=np.full(values.size, 100.0 / values.size))
        all_ax.set_ylabel("% of activations", fontsize=9)
        for ax in (means_ax, all_ax):
            ax.set_xlim(0.0, 1.0)
            ax.grid(True, alpha=0.3)
    axes[0, 0].set_title("mean activation of each unit", fontsize=10)
    axes[0, 1].set_title("all activations", fontsize=10)
    axes[-1, 0].set_xlabel("activation")
    axes[-1, 1].set_xlabel("activation")
    facts = [f"{name}: {values.shape[1]:,} units, mean activation {number(values.mean(), 3)}, "
             f"{number(100 * np.mean(values < 0.1), 3)}% of activations below 0.1 and "
             f"{number(100 * np.mean(values > 0.9), 3)}% above 0.9" for name, values in arrays.items()]
    return described(fig, description, "left: histogram of each unit's mean activation; right: of all activations",
                     *facts, f"target mean activation {number(target)}" if target is not None else "")


def plot_accuracy_against_cost(
    labels: Sequence[str],
    accuracies: Sequence[float],
    params: Sequence[int],
    seconds: Sequence[float],
    references: Mapping[str, float] | None = None,
    *,
    description: str,
) -> Figure:
    """Validation rounded accuracy against parameters (left) and training time (right), one point per model.

    Args:
        labels: the models' names, written beside their points.
        accuracies, params, seconds: per model, its accuracy (0 to 1), its
            parameters and its training time in seconds; both axes of cost are
            logarithmic.
        references: model name → a published accuracy, drawn as an open
            circle at the model's cost, joined to its point.
        description: what the models are; each model's figures are added.
    """
    n = len(labels)
    if n == 0 or not (len(accuracies) == len(params) == len(seconds) == n):
        raise ValueError(
            f"give one accuracy, parameter count and time per model: {n} labels, {len(accuracies)} accuracies, "
            f"{len(params)} parameter counts, {len(seconds)} times."
        )
    if min(params) <= 0 or min(seconds) <= 0:
        raise ValueError("parameters and training times must be positive (the axes are logarithmic).")
    references = dict(references or {})
    fig = NotebookFigure(figsize=(11, 4.6), layout="constrained")
    for ax, costs, xlabel in zip(fig.subplots(1, 2), (params, seconds),
                                 ("parameters", "training time (s, this machine)"), strict=True):
        for label, accuracy, cost in zip(labels, accuracies, costs, strict=True):
            ax.plot(cost, accuracy, "o", color="tab:blue")
            ax.annotate(label, (cost, accuracy), textcoords="offset points", xytext=(5, 4), fontsize=8)
            if label in references:
                ax.plot(cost, references[label], "o", markerfacecolor="none", color="tab:gray")
                ax.plot([cost, cost], [accuracy, references[label]], color="tab:gray", linewidth=0.8)
        ax.set_xscale("log")
        ax.set_xlabel(xlabel)
        ax.set_ylabel("validation rounded accuracy")
        ax.grid(True, alpha=0.3, which="both")
    if references:
        fig.legend(
            handles=[
                Line2D([], [], marker="o", linestyle="none", color="tab:blue"),
                Line2D([], [], marker="o", linestyle="none", markerfacecolor="none", color="tab:gray"),
            ],
            labels=["this build", "published figure"],
            loc="outside lower center",
            ncols=2,
            fontsize=8,
        )
    facts = [f"{label}: accuracy {number(accuracy)}, {number(param)} parameters, {number(second, 3)} s"
             + (f", published {number(references[label])}" if label in references else "")
             for label, accuracy, param, second in zip(labels, accuracies, params, seconds, strict=True)]
    return described(fig, description, "left: validation rounded accuracy against parameters; right: against "
                     "training time, both on logarithmic axes", "; ".join(facts))


def plot_anomaly_scores(
    normal_scores: np.ndarray,
    anomaly_scores: np.ndarray,
    threshold: float,
    false_positive_rates: np.ndarray,
    true_positive_rates: np.ndarray,
    title: str = "",
    *,
    description: str,
) -> Figure:
    """Histograms of normal and anomalous images' scores with a threshold (left), and the ROC curve (right).

    Args:
        normal_scores, anomaly_scores: ``(n,)`` and ``(m,)`` anomaly scores of
            the normal and of the anomalous test images (higher: more anomalous).
        threshold: the score above which an image is flagged, a dashed line.
        false_positive_rates, true_positive_rates: the ROC curve's points
            ``(k,)``, e.g. from :func:`aecourse.codes.anomaly.roc_points`.
        title: the figure's title.
        description: which detector and images; the counts, medians and threshold are added.
    """
    normal_scores, anomaly_scores = np.asarray(normal_scores), np.asarray(anomaly_scores)
    if normal_scores.ndim != 1 or anomaly_scores.ndim != 1 or not len(normal_scores) or not len(anomaly_scores):
        raise ValueError("give non-empty 1-D arrays of normal and of anomalous scores.")
    if np.shape(false_positive_rates) != np.shape(true_positive_rates):
        raise ValueError("the ROC curve needs one true-positive rate per false-positive rate.")
    fig = NotebookFigure(figsize=(11, 4), layout="constrained")
    histogram, roc = fig.subplots(1, 2, width_ratios=(3, 2))
    bins = np.linspace(min(normal_scores.min(), anomaly_scores.min()), max(normal_scores.max(), anomaly_scores.max()), 60)
    for scores, label, color in ((normal_scores, "normal", "tab:blue"), (anomaly_scores, "anomalous", "tab:orange")):
        histogram.hist(scores, bins=bins, density=True, alpha=0.6, color=color,
                       label=f"{label} test images ({len(scores):,})")
    histogram.axvline(threshold, color="black", linestyle="--", linewidth=1, label="threshold")
    histogram.set_xlabel("anomaly score")
    histogram.set_ylabel("density")
    histogram.legend(fontsize=8)
    roc.plot(false_positive_rates, true_positive_rates, color="tab:green")
    roc.plot([0, 1], [0, 1], color="tab:gray", linestyle=":", linewidth=1, label="chance")
    roc.set_xlabel("false-positive rate (normal images flagged)")
    roc.set_ylabel("true-positive rate (anomalies flagged)")
    roc.set_aspect("equal")
    roc.legend(fontsize=8, loc="lower right")
    for ax in (histogram, roc):
        ax.grid(True, alpha=0.3)
    if title:
        fig.suptitle(title)
    return described(
        fig, description,
        f"left: histograms of the anomaly scores of {len(normal_scores):,} normal test images (median "
        f"{number(np.median(normal_scores))}) and {len(anomaly_scores):,} anomalous ones (median "
        f"{number(np.median(anomaly_scores))}), with the threshold at {number(threshold)}, above which "
        f"{number(100 * np.mean(normal_scores > threshold), 3)}% of the normal and "
        f"{number(100 * np.mean(anomaly_scores > threshold), 3)}% of the anomalous images lie",
        "right: the ROC curve, true-positive rate against false-positive rate, above the diagonal of chance",
    )


def plot_accuracy_against_labels(
    n_labels: Sequence[int],
    accuracies: Mapping[str, tuple[Sequence[float], Sequence[float]]],
    *,
    description: str,
) -> Figure:
    """Test accuracy against the number of labelled images, one line per way of training, with ± 1 std bars.

    Args:
        n_labels: the numbers of labelled images ``(k,)``, on a logarithmic axis.
        accuracies: way of training → (means ``(k,)``, standard deviations ``(k,)``), over seeds.
        description: what is compared; each line's means are added.
    """
    n_labels = list(n_labels)
    if not n_labels or min(n_labels) <= 0:
        raise ValueError("give positive numbers of labelled images.")
    fig = NotebookFigure(figsize=(7, 4.2), layout="constrained")
    ax = fig.subplots()
    for label, (means, stds) in accuracies.items():
        if not len(means) == len(stds) == len(n_labels):
            raise ValueError(f"{label}: give one mean and one standard deviation per number of labels.")
        ax.errorbar(n_labels, means, yerr=stds, marker="o", capsize=3, label=label)
    ax.set_xscale("log")
    ax.set_xticks(n_labels, [f"{n:,}" for n in n_labels])
    ax.minorticks_off()
    ax.set_xlabel("labelled training images")
    ax.set_ylabel("test accuracy")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    facts = [f"{label}: {_values(means)}" for label, (means, _) in accuracies.items()]
    return described(fig, description, f"test accuracy with {_values(n_labels)} labelled images", *facts)


def plot_class_shares(
    shares: Mapping[str, Sequence[float]], class_names: Sequence[str], *, description: str
) -> Figure:
    """The share of a set of images put in each class, as grouped bars: set name → shares ``(n_classes,)``.

    A set of real test images is near 1/n_classes in every class; a generator
    that neglects a class shows it as a short bar. ``description`` says what
    the sets are; each set's shares are added.
    """
    if not shares:
        raise ValueError("give at least one set of shares.")
    for name, values in shares.items():
        if len(values) != len(class_names):
            raise ValueError(f"{name!r} has {len(values)} shares for {len(class_names)} classes.")
    fig = NotebookFigure(figsize=(10, 3.8), layout="constrained")
    ax = fig.subplots()
    width = 0.8 / len(shares)
    positions = np.arange(len(class_names))
    for index, (name, values) in enumerate(shares.items()):
        ax.bar(positions + (index - (len(shares) - 1) / 2) * width, 100 * np.asarray(values, dtype=float),
               width=width, label=name)
    ax.axhline(100 / len(class_names), color="tab:gray", linestyle=":", linewidth=1)
    ax.set_xticks(positions, class_names, rotation=20)
    ax.set_ylabel("share of the images (%)")
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend(fontsize=8)
    facts = [f"{name}: " + ", ".join(f"{cls} {number(100 * share, 3)}%" for cls, share in zip(class_names, values))
             for name, values in shares.items()]
    return described(fig, description, "share of the images put in each class", *facts)


def plot_against_parameter(
    values: Sequence[float], panels: Mapping[str, Sequence[float]], xlabel: str, log_x: bool = False,
    *, description: str,
) -> Figure:
    """One panel per measurement, each against the same parameter ``values`` ``(k,)``: panel title → ``(k,)``.

    ``description`` says what is measured; each panel's values are added.
    """
    values = list(values)
    if not panels or not values:
        raise ValueError("give parameter values and at least one panel.")
    fig = NotebookFigure(figsize=(3.7 * len(panels), 3.4), layout="constrained")
    for ax, (title, measured) in zip(np.atleast_1d(fig.subplots(1, len(panels))), panels.items(), strict=True):
        if len(measured) != len(values):
            raise ValueError(f"{title!r} has {len(measured)} values for {len(values)} parameter values.")
        ax.plot(values, measured, marker="o")
        if log_x:
            ax.set_xscale("log")
            ax.set_xticks(values, [f"{v:g}" for v in values])
            ax.minorticks_off()
        ax.set_title(title, fontsize=10)
        ax.set_xlabel(xlabel)
        ax.grid(True, alpha=0.3)
    facts = [f"{title}: {_values(measured)}" for title, measured in panels.items()]
    return described(fig, description, f"{xlabel} {_values(values)}", *facts)


def plot_image_mosaic(
    images: np.ndarray, n_cols: int, size: float = 7.0, title: str | None = None, *, description: str
) -> Figure:
    """Images ``(n, height, width)`` tiled edge to edge, ``n_cols`` per row, drawn as one picture ``size`` inches wide.

    For many small images (a decoded latent grid of 20 × 20), one picture is
    faster to draw and lighter to store than one plot per image. Drawn like
    :func:`plot_image_grid`: 0 white, 1 black. ``description`` says what the
    images are; their number and layout are added.
    """
    images = _check_images(images)
    if isinstance(n_cols, bool) or not isinstance(n_cols, int) or n_cols < 1 or len(images) % n_cols:
        raise ValueError(f"n_cols must be a positive int that divides the {len(images)} images, got {n_cols!r}.")
    n_rows, (height, width) = len(images) // n_cols, images.shape[1:3]
    mosaic = images.reshape(n_rows, n_cols, height, width).transpose(0, 2, 1, 3).reshape(n_rows * height, n_cols * width)
    fig = NotebookFigure(figsize=(size, size * n_rows * height / (n_cols * width)), layout="constrained")
    ax = fig.subplots()
    ax.imshow(mosaic, cmap="binary", vmin=0.0, vmax=1.0, interpolation="nearest")
    ax.axis("off")
    if title is not None:
        ax.set_title(title, fontsize=10)
    return described(fig, description, f"{len(images)} grey-level images in {n_rows} rows of {n_cols}")
