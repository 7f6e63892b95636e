import pytest

from aecourse.models import build_convolutional_autoencoder
from aecourse.tables import Table, layer_table


def test_table_renders_escaped_html_and_text():
    table = Table(["a", "b"], [[1, "<x>"], [2.5, "y"]], caption="c")
    html = table._repr_html_()
    assert "<th>a</th>" in html and "<td>&lt;x&gt;</td>" in html and "<caption>c</caption>" in html
    assert repr(table).splitlines()[1].startswith("a ")


def test_table_refuses_ragged_rows():
    with pytest.raises(ValueError, match="row 2 has 1 cells"):
        Table(["a", "b"], [[1, 2], [3]])


def test_layer_table_unfolds_the_encoder_and_decoder():
    table = layer_table(build_convolutional_autoencoder().model)
    parts = [row[0] for row in table.rows]
    assert parts.count("encoder") == 7 and parts.count("decoder") == 4
    assert ["encoder", "MaxPooling2D", "3 × 3 × 64", "0"] in table.rows
    assert ["decoder", "Conv2DTranspose", "7 × 7 × 32", "18,464"] in table.rows
