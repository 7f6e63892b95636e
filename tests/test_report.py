import json

import numpy as np
import pytest

from aecourse.report import RESULTS_DIR_ENV_VAR, gather_results, publish, to_plain


@pytest.mark.parametrize(
    ("value", "expected", "kind"),
    [
        (np.float32(0.25), 0.25, float),
        (np.float64(-0.0), 0.0, float),
        (np.int64(7), 7, int),
        (np.array(1.5), 1.5, float),
        (3, 3, int),
        ("above", "above", str),
    ],
)
def test_to_plain(value, expected, kind):
    plain = to_plain(value)
    assert plain == expected and type(plain) is kind


@pytest.mark.parametrize("value", [np.nan, float("inf"), True, [1.0], None])
def test_to_plain_refuses(value):
    with pytest.raises((TypeError, ValueError)):
        to_plain(value)


def test_publish_records_for_results_json(tmp_path, monkeypatch):
    monkeypatch.setenv(RESULTS_DIR_ENV_VAR, str(tmp_path))
    monkeypatch.setenv("AECOURSE_PROFILE", "quick")
    assert publish("some_loss", np.float32(0.5)) is None
    publish("some_count", np.int64(3))
    assert gather_results(tmp_path) == {"some_loss": 0.5, "some_count": 3}
    records = [json.loads(line) for f in tmp_path.glob("*.jsonl") for line in f.read_text().splitlines()]
    assert {r["profile"] for r in records} == {"quick"}


def test_publish_outside_the_book_prints_the_value(monkeypatch, capsys):
    # A notebook run in Jupyter or Colab: no glue, no record, the number is shown.
    monkeypatch.delenv(RESULTS_DIR_ENV_VAR, raising=False)
    assert publish("some_loss", np.float32(0.25)) is None
    assert capsys.readouterr().out == "some_loss = 0.25\n"


def test_publish_refuses_bad_names():
    with pytest.raises(ValueError, match="letters, digits"):
        publish("has space", 1.0)


def test_conflicting_values_are_an_error(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({"name": "x", "value": 1, "profile": "full"}) + "\n")
    (tmp_path / "b.jsonl").write_text(json.dumps({"name": "x", "value": 2, "profile": "full"}) + "\n")
    with pytest.raises(ValueError, match="'x'"):
        gather_results(tmp_path)


def test_mixed_profiles_are_an_error(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({"name": "x", "value": 1, "profile": "full"}) + "\n")
    (tmp_path / "b.jsonl").write_text(json.dumps({"name": "y", "value": 2, "profile": "quick"}) + "\n")
    with pytest.raises(ValueError, match="several profiles"):
        gather_results(tmp_path)
