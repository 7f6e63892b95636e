"""Interactive plotly figures, emitted so that the HTML book shows them offline.

plotly ≥ 6.1 shows figures in notebooks as ``application/vnd.plotly.v1+json``
only, which MyST-NB does not render. :func:`as_html` instead emits plain
``text/html``: a ``<div>`` and a call to ``Plotly.newPlot``. plotly.js itself is
not embedded; the book loads it once from its own static files (the copy shipped
in the plotly package), so a page works without a network.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go


class PlotlyHTML:
    """A plotly figure whose notebook representation is ``text/html`` only.

    The ``<div>`` id is derived from the figure's content, so the same figure
    gives the same HTML on every build.
    """

    def __init__(self, figure: go.Figure) -> None:
        self.figure = figure

    def _repr_html_(self) -> str:
        spec = self.figure.to_json()
        div_id = "plotly-" + hashlib.sha256(spec.encode()).hexdigest()[:16]
        return self.figure.to_html(
            full_html=False,
            include_plotlyjs=False,
            div_id=div_id,
            config={"displaylogo": False, "responsive": True},
        )


def as_html(figure: go.Figure) -> PlotlyHTML:
    """Wrap ``figure`` for display in the book (see the module docstring)."""
    if not isinstance(figure, go.Figure):
        raise TypeError(f"expected a plotly.graph_objects.Figure, got {type(figure).__name__}.")
    return PlotlyHTML(figure)


def scatter_3d(
    points: np.ndarray,
    axis_titles: Sequence[str] = ("x₁", "x₂", "x₃"),
    title: str | None = None,
    color: np.ndarray | None = None,
) -> PlotlyHTML:
    """An interactive 3-D scatter plot of ``points`` ``(n, 3)``, ready to display.

    Args:
        points: coordinates, shape ``(n, 3)``.
        axis_titles: labels of the three axes.
        title: figure title.
        color: optional value per point ``(n,)`` mapped to a colour scale.
    """
    points = np.asarray(points, dtype=float)
    if points.ndim != 2 or points.shape[1] != 3:
        raise ValueError(f"points must have shape (n, 3), got {points.shape}.")
    marker: dict = {"size": 4}
    if color is not None:
        marker.update(color=np.asarray(color, dtype=float), colorscale="Viridis", showscale=True)
    figure = go.Figure(
        go.Scatter3d(x=points[:, 0], y=points[:, 1], z=points[:, 2], mode="markers", marker=marker)
    )
    figure.update_layout(
        title=title,
        height=500,
        margin={"l": 0, "r": 0, "t": 40 if title else 10, "b": 0},
        scene={"xaxis_title": axis_titles[0], "yaxis_title": axis_titles[1], "zaxis_title": axis_titles[2],
               "aspectmode": "data"},
    )
    return as_html(figure)
