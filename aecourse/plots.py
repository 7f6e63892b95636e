"""Matplotlib figures of the course: loss curves, image grids, reconstructions, codings.

Every function returns a :class:`NotebookFigure`: a matplotlib figure that is
not managed by pyplot and that renders itself as a PNG, so a notebook shows it
exactly once (as the cell's value), whatever the backend, and no figure is left
open.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

PNG_DPI = 120


class NotebookFigure(Figure):
    """A figure that Jupyter displays as a PNG through ``_repr_png_``."""

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=PNG_DPI)
        return buffer.getvalue()


def plot_loss_curves(
    history: Mapping[str, Sequence[float]],
    metric: str = "loss",
    title: str | None = None,
) -> Figure:
    """Training (and validation, if recorded) values of ``metric`` per epoch.

    Args:
        history: metric name → per-epoch values, e.g. ``TrainingRun.history``;
            ``"val_" + metric`` is drawn too when present.
        metric: which metric to draw.
        title: figure title; by default the final values.
    """
    if metric not in history:
        raise KeyError(f"history has no {metric!r}; it has {sorted(history)}.")
    train = np.asarray(history[metric], dtype=float)
    epochs = np.arange(1, len(train) + 1)
    fig = NotebookFigure(figsize=(7, 4), layout="constrained")
    ax = fig.subplots()
    ax.plot(epochs, train, ".--", label=f"training {metric}")
    default_title = f"final training {metric}: {train[-1]:.4f}"
    val = history.get(f"val_{metric}")
    if val is not None:
        val = np.asarray(val, dtype=float)
        ax.plot(epochs, val, "o-", label=f"validation {metric}")
        default_title += f", validation: {val[-1]:.4f}"
    ax.set_xlabel("epoch")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(metric)
    ax.set_title(title if title is not None else default_title)
    ax.grid(True, alpha=0.3)
    ax.legend()
    return fig


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
) -> Figure:
    """Grey-level images in a grid, ``n_cols`` per row (all in one row by default).

    Args:
        images: array ``(n, height, width)`` (or ``(n, h, w, 1)``), values in ``[0, 1]``.
        n_cols: images per row.
        titles: optional caption per image.
        size: side of one image in inches.
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
    return fig


def plot_reconstructions(originals: np.ndarray, reconstructions: np.ndarray, size: float = 1.5) -> Figure:
    """Originals (top row) above their reconstructions (bottom row).

    Args:
        originals, reconstructions: arrays ``(n, height, width)`` of equal shape.
    """
    originals = _check_images(originals)
    reconstructions = _check_images(reconstructions)
    if originals.shape != reconstructions.shape:
        raise ValueError(
            f"originals {originals.shape} and reconstructions {reconstructions.shape} differ in shape."
        )
    n = len(originals)
    fig = NotebookFigure(figsize=(n * size, 2 * size + 0.4), layout="constrained")
    axes = fig.subplots(2, n, squeeze=False)
    for row, (label, images) in enumerate((("original", originals), ("reconstruction", reconstructions))):
        for col in range(n):
            ax = axes[row, col]
            ax.imshow(images[col], cmap="binary", vmin=0.0, vmax=1.0)
            ax.set_xticks([])
            ax.set_yticks([])
        axes[row, 0].set_ylabel(label, fontsize=9)
    return fig


def plot_codings_2d(
    codings: np.ndarray,
    labels: np.ndarray | None = None,
    class_names: Sequence[str] | None = None,
) -> Figure:
    """Scatter plot of 2-D codings ``(n, 2)``, coloured by integer ``labels`` ``(n,)`` if given."""
    codings = np.asarray(codings)
    if codings.ndim != 2 or codings.shape[1] != 2:
        raise ValueError(f"codings must have shape (n, 2), got {codings.shape}.")
    fig = NotebookFigure(figsize=(6, 5), layout="constrained")
    ax = fig.subplots()
    if labels is None:
        ax.plot(codings[:, 0], codings[:, 1], ".", color="tab:blue")
    else:
        labels = np.asarray(labels)
        if labels.shape != (len(codings),):
            raise ValueError(f"labels must have shape ({len(codings)},), got {labels.shape}.")
        scatter = ax.scatter(codings[:, 0], codings[:, 1], c=labels, cmap="tab10", s=4)
        if class_names is not None:
            handles, _ = scatter.legend_elements()
            present = np.unique(labels)
            ax.legend(handles, [class_names[i] for i in present], fontsize=8, markerscale=1.5)
    ax.set_xlabel("$z_1$")
    ax.set_ylabel("$z_2$")
    ax.set_aspect("equal", adjustable="datalim")
    ax.grid(True, alpha=0.3)
    return fig
