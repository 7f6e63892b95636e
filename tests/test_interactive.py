import re

import numpy as np
import plotly.graph_objects as go
import pytest

from aecourse.interactive import as_html, scatter_3d

POINTS = np.random.default_rng(0).random((10, 3))

D = "Points drawn by a test of aecourse.interactive"


def test_html_draws_with_the_page_plotly_and_embeds_no_library():
    html = scatter_3d(POINTS, description=D)._repr_html_()
    assert "Plotly.newPlot" in html
    assert "<script src" not in html  # plotly.js comes from the book's static files
    assert len(html) < 50_000


def test_html_is_the_only_notebook_representation():
    shown = scatter_3d(POINTS, description=D)
    assert not hasattr(shown, "_repr_mimebundle_")
    assert not hasattr(shown, "_ipython_display_")


def test_same_figure_same_html():
    assert scatter_3d(POINTS, description=D)._repr_html_() == scatter_3d(POINTS, description=D)._repr_html_()
    assert scatter_3d(POINTS, description=D)._repr_html_() != scatter_3d(POINTS * 2, description=D)._repr_html_()


def test_wrong_inputs():
    with pytest.raises(ValueError, match=r"\(n, 3\)"):
        scatter_3d(np.zeros((4, 2)), description=D)
    with pytest.raises(TypeError, match="Figure"):
        as_html({"data": []}, description=D)


def test_wraps_any_figure():
    assert "Plotly.newPlot" in as_html(go.Figure(go.Scatter(x=[1, 2], y=[3, 4])), description=D)._repr_html_()


def test_2d_panels_one_trace_per_class_and_panel_with_class_names_on_hover():
    from aecourse.interactive import scatter_2d_panels

    points = np.random.default_rng(0).random((6, 2))
    labels = np.array([0, 1, 1, 2, 0, 2])
    html = scatter_2d_panels({"a": points, "b": points * 2}, labels, ["zero", "one", "two"], description=D)
    figure = html.figure
    assert len(figure.data) == 6  # 3 classes × 2 panels
    assert [t.name for t in figure.data if t.showlegend] == ["zero", "one", "two"]
    assert figure.data[1].hovertemplate.startswith("one") and len(figure.data[1].x) == 2
    with pytest.raises(ValueError, match="shape"):
        scatter_2d_panels({"a": points[:3]}, labels, ["zero", "one", "two"], description=D)
    with pytest.raises(ValueError, match="class names"):
        scatter_2d_panels({"a": points}, labels, ["zero", "one"], description=D)


def test_2d_panels_show_their_axes_only_when_named():
    from aecourse.interactive import scatter_2d_panels

    points = np.random.default_rng(0).random((4, 2))
    labels = np.array([0, 1, 1, 0])
    hidden = scatter_2d_panels({"a": points}, labels, ["zero", "one"], description=D).figure.layout
    assert hidden.xaxis.showticklabels is False and hidden.xaxis.title.text is None
    shown = scatter_2d_panels({"a": points}, labels, ["zero", "one"], axis_titles=("z₁", "z₂"), description=D).figure.layout
    assert shown.xaxis.showticklabels is not False and (shown.xaxis.title.text, shown.yaxis.title.text) == ("z₁", "z₂")
    assert shown.yaxis.scaleanchor == "x"


def test_a_figure_is_labelled_and_summarised_in_words():
    import html as html_module

    from aecourse.interactive import scatter_2d_panels

    points = np.array([[0.0, 1.0], [2.0, 3.0], [4.0, -1.0]])
    shown = scatter_2d_panels({"map": points}, np.array([0, 1, 1]), ["zero", "one"], axis_titles=("z₁", "z₂"),
                              description="Three codes of a test on the plane")
    text = shown._repr_html_()
    assert '<figure class="aecourse-interactive-figure" aria-label="Three codes of a test on the plane">' in text
    caption = re.search(r"<figcaption[^>]*>(.*?)</figcaption>", text).group(1)
    assert "3 points" in caption and "1 zero, 2 one" in caption
    assert "z₁ from 0 to 4" in html_module.unescape(caption)


def test_a_figure_refuses_a_missing_or_generic_description():
    with pytest.raises(TypeError, match="description"):
        scatter_3d(POINTS)
    with pytest.raises(ValueError, match="does not say what the figure shows"):
        scatter_3d(POINTS, description="plot")
