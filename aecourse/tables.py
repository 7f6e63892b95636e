"""Small tables that a notebook shows as HTML and a console as text."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a table of numbers needs no TensorFlow, and does not start it
    import keras


class Table:
    """Rows of cells under a header row; Jupyter shows it as an HTML table.

    Args:
        header: column titles.
        rows: one sequence of cells per row, as many as ``header``; cells are
            shown with ``str`` (format numbers before).
        caption: optional caption above the table.
    """

    def __init__(self, header: Sequence[str], rows: Sequence[Sequence[object]], caption: str | None = None) -> None:
        self.header = [str(cell) for cell in header]
        self.rows = [[str(cell) for cell in row] for row in rows]
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.header):
                raise ValueError(f"row {number} has {len(row)} cells, the header {len(self.header)}.")
        self.caption = caption

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(cell)}</th>" for cell in self.header)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in self.rows)
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return f'<table class="aecourse-table">{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'

    def __repr__(self) -> str:
        widths = [max(len(row[i]) for row in [self.header, *self.rows]) for i in range(len(self.header))]
        lines = [" | ".join(cell.ljust(width) for cell, width in zip(row, widths)) for row in [self.header, *self.rows]]
        lines.insert(1, "-+-".join("-" * width for width in widths))
        return "\n".join(([self.caption] if self.caption else []) + lines)


def layer_table(model: keras.Model, caption: str | None = None) -> Table:
    """Each layer of ``model``, nested models unfolded: its part, type, output shape and parameters.

    The output shape leaves out the batch dimension: ``28 × 28 × 16``.
    """
    import keras

    rows = []

    def visit(layer: keras.layers.Layer, part: str) -> None:
        if isinstance(layer, keras.Model):
            for inner in layer.layers:
                visit(inner, layer.name if part == "" else part)
            return
        shape = " × ".join(str(d) for d in layer.output.shape[1:])
        rows.append([part, type(layer).__name__, shape, f"{layer.count_params():,}"])

    for layer in model.layers:
        visit(layer, "")
    return Table(["part", "layer", "output shape", "parameters"], rows, caption)
