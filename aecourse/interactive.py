"""Interactive plotly figures, emitted so that the HTML book shows them offline.

plotly ≥ 6.1 shows figures in notebooks as ``application/vnd.plotly.v1+json``
only, which MyST-NB does not render. :func:`as_html` instead emits plain
``text/html``: a ``<div>`` and a script that calls ``Plotly.newPlot``. plotly.js
itself is not embedded: the book loads it once from its own static files (the
copy shipped in the plotly package), so a page works without a network. Where
the page has no plotly.js (a notebook run in Jupyter or Colab), the script
fetches the same version from plotly's CDN first.

Each figure is described for readers who cannot see it: it sits in a
``<figure>`` whose ``aria-label`` is the caller's description, with a
``<figcaption>`` that summarises the data in words (how many points, their
ranges, per class), computed from the figure itself.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
import plotly.colors
import plotly.io
from plotly.offline import get_plotlyjs_version

from aecourse.descriptions import check_description, join, number


PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}

# Draws the figure with the page's plotly.js; loads plotly.js from the CDN only
# when the page has none (the book always has it, so it never fetches anything).
_DRAW_SCRIPT = """(function () {
  var spec = %(spec)s;
  var draw = function () { Plotly.newPlot(%(div_id)s, spec.data, spec.layout, %(config)s); };
  if (window.Plotly) { draw(); return; }
  var script = document.getElementById("aecourse-plotly-js");
  if (!script) {
    script = document.createElement("script");
    script.id = "aecourse-plotly-js";
    script.src = %(cdn)s;
    document.head.appendChild(script);
  }
  script.addEventListener("load", draw);
})();"""


def plotly_cdn_url() -> str:
    """The CDN address of the plotly.js version that the installed plotly package ships."""
    return f"https://cdn.plot.ly/plotly-{get_plotlyjs_version()}.min.js"


def _in_script(json_text: str) -> str:
    # "</" inside a <script> element would end it early.
    return json_text.replace("</", "<\\/")


class PlotlyHTML:
    """A plotly figure whose notebook representation is ``text/html`` only.

    The ``<div>`` id is derived from the figure's content, so the same figure
    gives the same HTML on every build.

    Attributes:
        figure: the plotly figure.
        description: what it shows (the ``<figure>``'s ``aria-label``).
        summary: its data in words (the ``<figcaption>``).
    """

    def __init__(self, figure: go.Figure, description: str, summary: str = "") -> None:
        self.figure = figure
        self.description = check_description(description)
        self.summary = summary

    def _repr_html_(self) -> str:
        spec = plotly.io.to_json(self.figure, validate=False)
        div_id = "plotly-" + hashlib.sha256(spec.encode()).hexdigest()[:16]
        height = self.figure.layout.height or 450
        script = _DRAW_SCRIPT % {
            "div_id": json.dumps(div_id),
            "spec": _in_script(spec),
            "config": json.dumps(PLOTLY_CONFIG),
            "cdn": json.dumps(plotly_cdn_url()),
        }
        caption = (f'<figcaption class="aecourse-figure-summary">{html.escape(self.summary)}</figcaption>\n'
                   if self.summary else "")
        return (
            f'<figure class="aecourse-interactive-figure" aria-label="{html.escape(self.description)}">\n'
            f'<div id="{div_id}" class="plotly-graph-div" style="height:{height}px; width:100%;"></div>\n'
            f'{caption}</figure>\n'
            f'<script type="text/javascript">\n{script}\n</script>'
        )


def as_html(figure: go.Figure, *, description: str, summary: str = "") -> PlotlyHTML:
    """Wrap ``figure`` for display in the book (see the module docstring).

    Args:
        figure: the plotly figure.
        description: what it shows, for a reader who cannot see it.
        summary: its data in words, shown under it.
    """
    if not isinstance(figure, go.Figure):
        raise TypeError(f"expected a plotly.graph_objects.Figure, got {type(figure).__name__}.")
    return PlotlyHTML(figure, description, summary)


def _ranges(points: np.ndarray, names: Sequence[str]) -> str:
    return ", ".join(f"{name} from {number(column.min(), 3)} to {number(column.max(), 3)}"
                     for name, column in zip(names, points.T, strict=True))


def scatter_3d(
    points: np.ndarray,
    axis_titles: Sequence[str] = ("x₁", "x₂", "x₃"),
    title: str | None = None,
    color: np.ndarray | None = None,
    *,
    description: str,
) -> PlotlyHTML:
    """An interactive 3-D scatter plot of ``points`` ``(n, 3)``, ready to display.

    Args:
        points: coordinates, shape ``(n, 3)``.
        axis_titles: labels of the three axes.
        title: figure title.
        color: optional value per point ``(n,)`` mapped to a colour scale.
        description: what the points are, for a reader who cannot see them;
            the summary under the figure gives their number and ranges.
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
    summary = join(f"A 3-D scatter plot of {len(points):,} points: {_ranges(points, axis_titles)}",
                   f"colour from {number(np.min(color), 3)} to {number(np.max(color), 3)}" if color is not None else "",
                   "Drag to turn it")
    return as_html(figure, description=description, summary=summary)


def scatter_2d_panels(
    panels: dict[str, np.ndarray],
    labels: np.ndarray,
    class_names: Sequence[str],
    title: str | None = None,
    axis_titles: tuple[str, str] | None = None,
    *,
    description: str,
) -> PlotlyHTML:
    """Interactive 2-D maps ``title → points (n, 2)`` of the same ``n`` labelled points, side by side.

    Each point is coloured by its integer label ``(n,)`` and shows its class
    name on hover; clicking a class in the legend hides it in every panel.
    The axes have no ticks (a t-SNE map's coordinates mean nothing), unless
    ``axis_titles`` names them: then they have ticks, titles, and equal scales.
    ``description`` says what the maps show; the summary under the figure gives
    the panels, the number of points per class and, with ``axis_titles``, the ranges.
    """
    from plotly.subplots import make_subplots

    labels = np.asarray(labels)
    if not panels:
        raise ValueError("give at least one panel.")
    for name, points in panels.items():
        if np.shape(points) != (len(labels), 2):
            raise ValueError(f"panel {name!r} must have shape ({len(labels)}, 2), got {np.shape(points)}.")
    if labels.size and (labels.min() < 0 or labels.max() >= len(class_names)):
        raise ValueError(f"labels must index the {len(class_names)} class names.")
    colours = plotly.colors.qualitative.T10
    figure = make_subplots(rows=1, cols=len(panels), subplot_titles=list(panels))
    for column, points in enumerate(panels.values(), start=1):
        points = np.asarray(points, dtype=float)
        for label, name in enumerate(class_names):
            chosen = labels == label
            figure.add_trace(
                go.Scattergl(
                    x=np.round(points[chosen, 0], 2), y=np.round(points[chosen, 1], 2), mode="markers",
                    name=name, legendgroup=name, showlegend=column == 1, hovertemplate=f"{name}<extra></extra>",
                    marker={"size": 3, "color": colours[label % len(colours)]},
                ),
                row=1, col=column,
            )
        if axis_titles is None:
            figure.update_xaxes(showticklabels=False, row=1, col=column)
            figure.update_yaxes(showticklabels=False, row=1, col=column)
        else:
            figure.update_xaxes(title_text=axis_titles[0], row=1, col=column)
            figure.update_yaxes(title_text=axis_titles[1], scaleanchor=f"x{'' if column == 1 else column}",
                                row=1, col=column)
    figure.update_layout(title=title, height=430, margin={"l": 10, "r": 10, "t": 60 if title else 40, "b": 10},
                         legend={"itemsizing": "constant"})
    counts = ", ".join(f"{np.sum(labels == label):,} {name}" for label, name in enumerate(class_names))
    panels_text = "; ".join(
        name + (f" ({_ranges(np.asarray(points, dtype=float), axis_titles)})" if axis_titles is not None else "")
        for name, points in panels.items())
    summary = join(f"{len(panels)} map{'s' if len(panels) > 1 else ''} of {len(labels):,} points, one colour per "
                   f"class: {panels_text}", f"Points per class: {counts}",
                   "Clicking a class in the legend hides it in every map")
    return as_html(figure, description=description, summary=summary)
